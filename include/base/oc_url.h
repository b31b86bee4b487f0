/*
 * oc_url: absolute URLs as OAuth uses them (RFC 3986 subset).
 *
 * Parses "scheme://authority/path?query#fragment" into borrowed slices of the
 * input. The scheme and host are compared case-insensitively by the helpers;
 * the path is compared exactly. Refused: no scheme, no "//" authority, empty
 * host, userinfo ('@' in the authority), a bad port, control characters or
 * spaces anywhere, input over 8 KiB.
 */
#ifndef OC_URL_H
#define OC_URL_H

#include <stddef.h>

typedef struct {
	const char *p;
	size_t n;
} oc_slice;

typedef struct {
	oc_slice scheme;   /* "https" */
	oc_slice host;     /* "example.com", "[::1]" */
	oc_slice port;     /* "" when absent */
	oc_slice origin;   /* "https://example.com:8443" as written */
	oc_slice path;     /* "/a/b" ("" when absent) */
	oc_slice query;    /* without '?'; has_query says if '?' was there */
	oc_slice fragment; /* without '#' */
	int has_query, has_fragment;
} oc_url;

/* 0 on success, -1 if s[0..n) is not an acceptable absolute URL. */
int oc_url_parse(oc_url *u, const char *s, size_t n);

/*
 * The URL of the request being served, as the runtime serialised it: split
 * the same way, with neither the 8 KiB cap (the runtime bounds a request's
 * URL, and an API route's bearer check must judge a long one too) nor the
 * host character check (the runtime validated the host). Still refused: no
 * scheme or authority, an empty host, userinfo, a bad port, controls or
 * spaces, none of which a runtime request URL has.
 */
int oc_url_parse_request(oc_url *u, const char *s, size_t n);

/* 1 if the scheme is "https", or "http" on a loopback host (localhost, 127.x, [::1]). */
int oc_url_is_secure(const oc_url *u);

/* 1 if the host is localhost, 127.0.0.0/8 or [::1]. */
int oc_url_is_loopback(const oc_url *u);

/*
 * 1 if a and b have the same scheme, host (both case-insensitive) and port
 * (compared as numbers; an absent port is 443 for https, 80 for http).
 */
int oc_url_same_origin(const oc_url *a, const oc_url *b);

/*
 * 1 if path lies at or below base, at a segment boundary: path is base, or
 * starts with base where base ends with '/' or path goes on with '/'. An
 * empty path or base is "/". Bytes compare exactly (no decoding, no case).
 */
int oc_url_path_under(oc_slice path, oc_slice base);

/*
 * Rewrites an http(s) URL's path p[0..*n) in place as the WHATWG URL parser
 * serialises it: '\' is '/', and the dot segments "." and ".." ("%2e" in
 * any case standing for a dot) are removed (RFC 3986 5.2.4); *n shrinks.
 * A path not starting with '/' only has its backslashes turned.
 */
void oc_url_path_normalize(char *p, size_t *n);

/*
 * The origin "scheme://host[:port]" as URL.origin serialises it, from an
 * http(s) URL's parts: scheme and host in lower case, the port as given but
 * for a default one (443 for https, 80 for http), which is dropped. Writes it
 * NUL-terminated into out when out is not NULL (room: the length + 1);
 * returns its length either way.
 */
size_t oc_url_origin_write(char *out, oc_slice scheme, oc_slice host, oc_slice port);

/* 1 if the slice equals the NUL-terminated s, ASCII case-insensitively. */
int oc_slice_ieq(oc_slice a, const char *s);

/* 1 if the slice equals s exactly. */
int oc_slice_eq(oc_slice a, const char *s);

#endif
