/* Absolute URLs as OAuth uses them: split into slices, never decoded. */
#include "oc_url.h"
#include <string.h>

#define URL_MAX 8192

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }

static oc_slice sl(const char *p, size_t n) { return (oc_slice){ p, n }; }

int oc_url_parse(oc_url *u, const char *s, size_t n)
{
	size_t i = 0;
	memset(u, 0, sizeof *u);
	if (n == 0 || n > URL_MAX)
		return -1;
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)s[k] <= 0x20 || s[k] == 0x7f)
			return -1;
	if (!is_alpha(s[0]))
		return -1;
	while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i + 3 > n || s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/')
		return -1;
	u->scheme = sl(s, i);
	size_t a = i + 3, e = a;
	while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
		e++;
	u->origin = sl(s, e);
	const char *h = s + a;
	size_t hn = e - a;
	if (memchr(h, '@', hn) != NULL || hn == 0)
		return -1;
	size_t hl; /* host length */
	if (h[0] == '[') {
		const char *close = memchr(h, ']', hn);
		if (close == NULL)
			return -1;
		hl = (size_t)(close - h) + 1;
		if (hl == 2)
			return -1;
		for (size_t k = 1; k + 1 < hl; k++)
			if (!(is_digit(h[k]) || (lower(h[k]) >= 'a' && lower(h[k]) <= 'f') || h[k] == ':' || h[k] == '.'))
				return -1;
	} else {
		const char *colon = memchr(h, ':', hn);
		hl = colon ? (size_t)(colon - h) : hn;
		if (hl == 0 || memchr(h, '[', hl) || memchr(h, ']', hl))
			return -1;
	}
	u->host = sl(h, hl);
	if (hl < hn) {
		if (h[hl] != ':')
			return -1;
		const char *p = h + hl + 1;
		size_t pn = hn - hl - 1;
		unsigned long v = 0;
		if (pn == 0 || pn > 5)
			return -1;
		for (size_t k = 0; k < pn; k++) {
			if (!is_digit(p[k]))
				return -1;
			v = v * 10 + (unsigned long)(p[k] - '0');
		}
		if (v > 65535)
			return -1;
		u->port = sl(p, pn);
	} else {
		u->port = sl(h + hn, 0);
	}
	size_t ps = e;
	while (e < n && s[e] != '?' && s[e] != '#')
		e++;
	u->path = sl(s + ps, e - ps);
	if (e < n && s[e] == '?') {
		size_t qs = ++e;
		while (e < n && s[e] != '#')
			e++;
		u->has_query = 1;
		u->query = sl(s + qs, e - qs);
	}
	if (e < n && s[e] == '#') {
		u->has_fragment = 1;
		u->fragment = sl(s + e + 1, n - e - 1);
	}
	return 0;
}

int oc_slice_ieq(oc_slice a, const char *s)
{
	size_t n = strlen(s);
	if (a.n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)s[i]))
			return 0;
	return 1;
}

int oc_slice_eq(oc_slice a, const char *s)
{
	return a.n == strlen(s) && memcmp(a.p, s, a.n) == 0;
}

static int slice_ieq(oc_slice a, oc_slice b)
{
	if (a.n != b.n)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i]))
			return 0;
	return 1;
}

/* 127.0.0.0/8 written as four decimal octets. */
static int is_ipv4_loopback(oc_slice h)
{
	unsigned octets = 0, v = 0, digits = 0;
	for (size_t i = 0; i <= h.n; i++) {
		if (i == h.n || h.p[i] == '.') {
			if (digits == 0 || v > 255 || (octets == 0 && v != 127))
				return 0;
			octets++;
			v = digits = 0;
		} else if (is_digit(h.p[i]) && digits < 3) {
			v = v * 10 + (unsigned)(h.p[i] - '0');
			digits++;
		} else {
			return 0;
		}
	}
	return octets == 4;
}

int oc_url_is_loopback(const oc_url *u)
{
	return oc_slice_ieq(u->host, "localhost") || oc_slice_eq(u->host, "[::1]")
		|| is_ipv4_loopback(u->host);
}

int oc_url_is_secure(const oc_url *u)
{
	return oc_slice_ieq(u->scheme, "https")
		|| (oc_slice_ieq(u->scheme, "http") && oc_url_is_loopback(u));
}

int oc_url_same_origin(const oc_url *a, const oc_url *b)
{
	return slice_ieq(a->scheme, b->scheme) && slice_ieq(a->host, b->host)
		&& a->port.n == b->port.n && memcmp(a->port.p, b->port.p, a->port.n) == 0;
}
