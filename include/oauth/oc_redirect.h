/*
 * oc_redirect: the redirect URI policy (OAuth 2.1 §2.3.1, RFC 8252, MCP).
 *
 * A usable redirect URI is https, or http on a loopback host (localhost,
 * 127.0.0.0/8, [::1]), without userinfo or fragment; RFC 8252 private-use
 * schemes ("com.example.app:/cb") only when the provider allows them. A
 * registration may list other URIs beside a usable one (they are stored, and
 * refused when a request uses them), but never a dangerous one (javascript:,
 * data:, vbscript:, file:, a fragment, userinfo, no scheme, a space or a
 * control character (C0, DEL, C1) anywhere).
 *
 * Leading and trailing spaces and controls are refused like any other: the
 * reference trims them before its checks, so on a loopback host, where it
 * compares parsed URLs, " http://127.0.0.1:8080/cb" passes for a registered
 * "http://127.0.0.1/cb". A deliberate difference (RFC 3986 §2: a URI holds
 * neither; RFC 6749 §3.1.2 wants an absolute URI).
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
 * be empty", "Invalid redirect URI" (a dangerous one), "Redirect URI must use
 * https, or http on a loopback host" (none usable).
 */
oc_err oc_redirect_check_registration(const oc_config *cfg, const oc_strs *uris);

/*
 * 1 if uri may be used by an authorization request of a client registered
 * with registered: it is usable (above) and equals a registered URI exactly,
 * or, on http loopback hosts, equals one but for the port (RFC 8252 §7.3).
 */
int oc_redirect_match(const oc_config *cfg, const oc_strs *registered, const char *uri);

/*
 * The code exchange's redirect_uri rule (RFC 6749 §4.1.3), in the reference's
 * order: given[0..n) is the token request's redirect_uri (NULL or empty when
 * not given; it may hold any byte), granted the one the grant kept from the
 * authorization request (NULL when none), registered the client's, pkce 1
 * when the grant has a challenge. Not given: accepted with PKCE (OAuth 2.1
 * §4.1.3), else OC_ERR_INVALID_REQUEST "redirect_uri is required when not
 * using PKCE". Given: it must equal one of registered exactly (no loopback
 * port rule here), else OC_ERR_INVALID_GRANT "Invalid redirect URI"; then,
 * when match_granted and the grant kept one, equal granted byte for byte,
 * else OC_ERR_INVALID_GRANT "redirect_uri does not match the authorization
 * request".
 */
oc_err oc_redirect_exchange_check(const char *granted, const oc_strs *registered,
	const char *given, size_t n, int pkce, int match_granted);

/*
 * uri with the query parameters pairs (name, value, name, value, …, NULL)
 * appended ('?' or '&'), each encoded as application/x-www-form-urlencoded
 * (space as '+'; A-Z a-z 0-9 * - . _ kept; every other byte as %XX). A pair
 * whose value is NULL or empty is left out. NULL when out of memory.
 */
char *oc_redirect_with(oc_arena *a, const char *uri, const char *const *pairs);

/*
 * uri (any fragment dropped) with the fragment built from pairs the same way
 * (implicit grant, RFC 6749 4.2.2): a pair whose value is NULL is left out, an
 * empty value is kept ("scope="). NULL when out of memory.
 */
char *oc_redirect_fragment(oc_arena *a, const char *uri, const char *const *pairs);

#endif
