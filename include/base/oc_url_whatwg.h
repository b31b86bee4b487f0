/*
 * oc_url_whatwg: what the WHATWG URL Standard's parser (`new URL(s)` in
 * workerd, no base URL) makes of a string, for the rules the reference
 * states in terms of it: whether a configured endpoint, route, resource or
 * issuer "parses as a URL", and whether a configured URL is already in its
 * canonical serialization (`href`) or is its own origin.
 *
 * Covered as the Standard does it: leading and trailing C0 controls and
 * spaces are stripped and tabs and newlines removed; the scheme (lower-cased);
 * for the special schemes http, https, ws, wss and ftp: any run of '/' or '\'
 * before the authority, userinfo (up to the last '@'; the userinfo
 * percent-encode set), the host (percent-
 * decoded, lower-cased, forbidden domain code points refused, IPv4 in every
 * number form and IPv6 parsed and serialized), the port (digits only, at most
 * 65535, the scheme's default dropped), the path (dot segments, "%2e" ones
 * too, resolved; '\' as '/'; the path percent-encode set), the query (the
 * special-query percent-encode set) and the fragment; for other schemes with
 * a "//" authority, the host (opaque: as written, forbidden host code points
 * refused), the port, the path (dot segments resolved; '/' alone separates;
 * empty when none), the query (the query percent-encode set) and the
 * fragment; for another scheme without authority, the path (as above when
 * it starts with '/', else opaque: C0 controls and non-ASCII percent-encoded),
 * the query and the fragment.
 *
 * Approximations (no IDNA table here): a host with a non-ASCII code point
 * after percent-decoding parses when it is valid UTF-8 and is then marked
 * host_idn (its serialization, Punycode, is not computed, so it never equals
 * the input); an ASCII label starting "xn--" is taken as it is. "file:" URLs
 * always parse (only "special", "scheme" and the input are filled).
 */
#ifndef OC_URL_WHATWG_H
#define OC_URL_WHATWG_H

#include <stddef.h>
#include "base/oc_url.h"

typedef struct {
	int special;        /* http, https, ws, wss, ftp or file */
	int has_host;       /* an authority was parsed (special: always, but file) */
	int has_userinfo;   /* the username or the password is not empty */
	int host_idn;       /* the host needed IDNA: host is its decoded text, not its serialization */
	oc_slice scheme;    /* lower case, without ':' */
	oc_slice userinfo;  /* serialized "username[:password]" (password when not empty), no '@'; empty when none */
	oc_slice host;      /* serialized: "example.com", "127.0.0.1", "[::1]" */
	oc_slice port;      /* decimal without leading zeros; empty when none or the default */
	oc_slice path;      /* serialized ("/" at least for special schemes) */
	oc_slice query;     /* with its '?'; empty when there is none */
	oc_slice fragment;  /* with its '#'; empty when there is none */
} oc_url_whatwg;

/* Room the serialization of an n-byte input needs in buf. */
#define OC_URL_WHATWG_BUF(n) (4 * (n) + 64)

/*
 * Parses s[0..n) (any bytes) as `new URL(s)` would. The serialized parts are
 * written into buf (cap >= OC_URL_WHATWG_BUF(n)) and point there. Returns 0
 * when it parses, -1 when it does not (or cap is too small).
 */
int oc_url_whatwg_parse(oc_url_whatwg *u, const char *s, size_t n, char *buf, size_t cap);

/* 1 if u has no userinfo and s[0..n) is exactly its href (scheme://host[:port]path?query#fragment). */
int oc_url_whatwg_is_href(const oc_url_whatwg *u, const char *s, size_t n);

/* 1 if s[0..n) is exactly u's origin (scheme://host[:port]) and u has no userinfo. */
int oc_url_whatwg_is_origin(const oc_url_whatwg *u, const char *s, size_t n);

/*
 * 1 if u's hostname is localhost (any case), [::1] or 127.x.x.x with each x
 * one to three digits up to 255 (the reference's loopback rule, read on the
 * serialized host: an opaque host as written, "LocalHost" or "127.000.0.1").
 * 0 for an IDN host.
 */
int oc_url_whatwg_is_loopback(const oc_url_whatwg *u);

#endif
