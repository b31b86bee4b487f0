/*
 * oc_redirect: the redirect URI policy (OAuth 2.1 §2.3.1, RFC 8252, MCP), as
 * the reference 1.2.3 applies it. URIs are read as the WHATWG URL parser
 * (`new URL()`) reads them (base/oc_url_whatwg).
 *
 * Listed: what a registration may hold. Once trimmed of white space (what
 * JavaScript's trim() removes), no control character (C0, DEL, C1), a ':',
 * not a dangerous scheme (javascript:, data:, vbscript:, file:, mailto:,
 * blob:, in any case), parses as a URL, no '#' (not even an empty fragment)
 * and no userinfo. It is stored as given, white space included.
 *
 * Usable: what a request may send a code to. Listed, and https, or http on a
 * loopback host (localhost, 127.0.0.0/8, [::1] in any of the forms the
 * parser reads: 127.1, [0:0:0:0:0:0:0:1], LOCALHOST, ...), or any other
 * scheme when allowPrivateUseRedirectUris is on (RFC 8252 §7.1 only says a
 * reverse domain name SHOULD be used: "cursor://anysphere.cursor-mcp/cb" is
 * one). Remote http never is.
 *
 * Registered: the URI equals a registered one byte for byte, or both are on a
 * loopback host and have the same scheme, host, path and query as parsed, the
 * port aside (RFC 8252 §7.3; the reference applies it to https and to other
 * schemes as well): "http://LOCALHOST:9/cb" for "http://localhost:8080/cb",
 * "http://127.0.0.1:9/" for "http://127.0.0.1:8080", "/a/../cb" for "/cb".
 *
 * Deliberate differences (README, "Deliberate differences from the
 * reference"): a URI a request uses holds no space or control character
 * anywhere (RFC 3986 §2; the reference trims them off the ends first); a host
 * written with non-ASCII characters is never a loopback host (RFC 3986
 * §3.2.2: a URI's host is ASCII; the reference maps it through IDNA, so a
 * fullwidth "http://ｌｏｃａｌｈｏｓｔ/cb" is loopback there).
 */
#ifndef OC_REDIRECT_H
#define OC_REDIRECT_H

#include "config/oc_config.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "base/oc_arena.h"

/*
 * Checks the redirect URIs of a registration. OC_ERR_INVALID_CLIENT_METADATA
 * with the reference's descriptions: "redirect_uris is required and must not
 * be empty", "Invalid redirect URI" (one is not listed, above: the first
 * check), "Redirect URI must use https, or http on a loopback host" (none
 * is usable).
 */
oc_err oc_redirect_check_registration(const oc_config *cfg, const oc_strs *uris);

/*
 * 1 if uri passes the first of the listed checks (above): once trimmed, no
 * control character, a ':', not a dangerous scheme. All a Client ID
 * Metadata Document's redirect URIs are held to (oauth/oc_cimd.h).
 */
int oc_redirect_safe(const char *uri);

/* 1 if a request may send a code to uri: it is usable (above). */
int oc_redirect_usable(const oc_config *cfg, const char *uri);

/* 1 if uri is one of registered (above), whether usable or not. */
int oc_redirect_registered(const oc_strs *registered, const char *uri);

/*
 * 1 if uri may be used by an authorization request of a client registered
 * with registered: usable and registered.
 */
int oc_redirect_match(const oc_config *cfg, const oc_strs *registered, const char *uri);

/*
 * The code exchange's redirect_uri rule (RFC 6749 §4.1.3), in the reference's
 * order: given[0..n) is the token request's redirect_uri (NULL or empty when
 * not given; it may hold any byte), granted the one the grant kept from the
 * authorization request (NULL when none), registered the client's, pkce 1
 * when the grant has a challenge. Not given: accepted with PKCE (OAuth 2.1
 * §4.1.3), else OC_ERR_INVALID_REQUEST "redirect_uri is required when not
 * using PKCE". Given: it must be registered (oc_redirect_registered, the
 * loopback rule included: any port, R-CODE-13), else OC_ERR_INVALID_GRANT
 * "Invalid redirect URI"; then, when match_granted and the grant kept one,
 * equal granted byte for byte, else OC_ERR_INVALID_GRANT "redirect_uri does
 * not match the authorization request". Reasons (oc_err.h), category
 * authorization-code-grant: redirect_uri_missing, redirect_uri_invalid,
 * redirect_uri_mismatch.
 */
oc_err oc_redirect_exchange_check(const char *granted, const oc_strs *registered,
	const char *given, size_t n, int pkce, int match_granted);

/*
 * The success redirect as the reference builds it (new URL(uri), then
 * searchParams.set(name, value) for each pair, then href): uri (usable, so it
 * parses) in its WHATWG serialization (userinfo kept, host in lower case, IPv4 and IPv6 in
 * canonical form, default port dropped, dot segments resolved, ...) with its
 * query decoded as URLSearchParams decodes it, each pair (name, value, …,
 * NULL) whose value is not NULL or empty set (replacing the first pair of
 * that name in place, dropping the others, else appended), and the whole
 * query re-encoded as application/x-www-form-urlencoded (space as '+';
 * A-Z a-z 0-9 * - . _ kept; every other byte as %XX). NULL when uri does not
 * parse or out of memory. A query holding "%00" or a truncated UTF-8
 * sequence re-encodes as oc_form's OC_FORM_WHATWG decodes it, which differs
 * there from URLSearchParams (see oc_form.h).
 */
char *oc_redirect_with(oc_arena *a, const char *uri, const char *const *pairs);

/*
 * The error redirect (RFC 6749 §4.1.2.1) as the reference builds it: as
 * oc_redirect_with, after deleting from uri's query every error, error_description,
 * error_uri, state and iss pair; the first pair (the error code) is set even
 * when its value is empty ("error="). Userinfo in uri is kept, as the parser
 * serializes it.
 */
char *oc_redirect_error(oc_arena *a, const char *uri, const char *const *pairs);

/*
 * uri as given (any fragment dropped) with the fragment built from pairs,
 * each form-encoded as above (implicit grant, RFC 6749 4.2.2, as 0.10.4 builds
 * it): a pair whose value is NULL is left out, an empty value is kept
 * ("scope="). NULL when out of memory.
 */
char *oc_redirect_fragment(oc_arena *a, const char *uri, const char *const *pairs);

#endif
