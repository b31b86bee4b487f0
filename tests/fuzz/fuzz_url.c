/*
 * URL parsing: any accepted input splits into slices that lie inside it, in
 * order, and rebuild it exactly; the comparisons never crash and agree with
 * themselves. The input is parsed from an exact-size heap copy so ASan sees
 * any read past its end.
 */
#include "base/oc_url.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

/* An absent part (query, fragment) may be { NULL, 0 }. */
static int inside(oc_slice s, const char *p, size_t n)
{
	if (s.p == NULL)
		return s.n == 0;
	return s.p >= p && s.n <= n && (size_t)(s.p - p) <= n - s.n;
}

static void check(const oc_url *u, const char *s, size_t n)
{
	ENSURE(inside(u->scheme, s, n) && inside(u->host, s, n) && inside(u->port, s, n) &&
	       inside(u->origin, s, n) && inside(u->path, s, n) && inside(u->query, s, n) &&
	       inside(u->fragment, s, n));
	ENSURE(u->scheme.n > 0 && u->host.n > 0);
	ENSURE(u->scheme.p == s && u->origin.p == s);
	ENSURE(u->origin.n >= u->scheme.n + 3 + u->host.n);
	ENSURE(memcmp(s + u->scheme.n, "://", 3) == 0);
	ENSURE(u->host.p == s + u->scheme.n + 3);
	/* origin, path, ?query, #fragment: the whole input, in order */
	ENSURE(u->path.p == s + u->origin.n);
	ENSURE(u->path.n == 0 || u->path.p[0] == '/');
	size_t end = u->origin.n + u->path.n;
	if (u->has_query) {
		ENSURE(end < n && s[end] == '?' && u->query.p == s + end + 1);
		end += 1 + u->query.n;
	} else {
		ENSURE(u->query.n == 0);
	}
	if (u->has_fragment) {
		ENSURE(end < n && s[end] == '#' && u->fragment.p == s + end + 1);
		end += 1 + u->fragment.n;
	} else {
		ENSURE(u->fragment.n == 0);
	}
	ENSURE(end == n);
	for (size_t i = 0; i < n; i++)
		ENSURE((unsigned char)s[i] > 0x20 && s[i] != 0x7f);
	ENSURE(memchr(u->host.p, '@', u->host.n) == NULL && memchr(u->host.p, '/', u->host.n) == NULL);
	unsigned long port = 0;
	ENSURE(u->port.n <= 5);
	for (size_t i = 0; i < u->port.n; i++) {
		ENSURE(u->port.p[i] >= '0' && u->port.p[i] <= '9');
		port = port * 10 + (unsigned long)(u->port.p[i] - '0');
	}
	ENSURE(port <= 65535);
	if (u->port.n)
		ENSURE(u->port.p == u->host.p + u->host.n + 1 && u->port.p[-1] == ':' &&
		       u->port.p + u->port.n == s + u->origin.n);
	else
		ENSURE(u->host.p + u->host.n == s + u->origin.n);
	ENSURE(oc_url_same_origin(u, u) == 1);
	if (oc_url_is_secure(u))
		ENSURE(oc_slice_ieq(u->scheme, "https") || (oc_slice_ieq(u->scheme, "http") && oc_url_is_loopback(u)));
	if (oc_url_is_loopback(u))
		ENSURE(oc_slice_ieq(u->host, "localhost") || oc_slice_eq(u->host, "[::1]") ||
		       memcmp(u->host.p, "127.", 4) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	oc_url u, v;
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	if (oc_url_parse(&u, s, size) == 0) {
		check(&u, s, size);
		/* The origin alone is a URL of the same origin. */
		ENSURE(oc_url_parse(&v, s, u.origin.n) == 0);
		check(&v, s, u.origin.n);
		ENSURE(oc_url_same_origin(&u, &v) && oc_url_same_origin(&v, &u));
		ENSURE(oc_url_is_secure(&u) == oc_url_is_secure(&v));
	}
	/* The request URL parser splits the same way, and accepts whatever the strict one does. */
	if (oc_url_parse_request(&v, s, size) == 0)
		check(&v, s, size);
	else
		ENSURE(oc_url_parse(&u, s, size) != 0);
	/* Two URLs from one input (split at its middle): same_origin is symmetric. */
	size_t h = size / 2;
	int a = oc_url_parse(&u, s, h), b = oc_url_parse(&v, s + h, size - h);
	if (a == 0 && b == 0)
		ENSURE(oc_url_same_origin(&u, &v) == oc_url_same_origin(&v, &u));
	free(s);
	return 0;
}
