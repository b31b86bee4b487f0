/* Absolute URL parsing into borrowed slices, and the comparisons OAuth needs. */
#include "base/oc_url.h"
#include <string.h>

#define URL_MAX 8192

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * strict: a URL from a parameter or an option (at most URL_MAX bytes, host
 * characters checked); otherwise the URL of the request being served.
 */
static int parse(oc_url *u, const char *s, size_t n, int strict)
{
	size_t i = 0, a, e;

	memset(u, 0, sizeof *u);
	if (n == 0 || (strict && n > URL_MAX))
		return -1;
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)s[k] <= 0x20 || s[k] == 0x7f)
			return -1;
	if (!is_alpha(s[0]))
		return -1;
	while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i >= n || s[i] != ':')
		return -1;
	u->scheme = (oc_slice){ s, i };
	if (n - i < 3 || s[i + 1] != '/' || s[i + 2] != '/')
		return -1;
	a = i + 3;
	e = a;
	while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
		e++;
	/* authority = host [":" port]; no userinfo */
	if (memchr(s + a, '@', e - a) != NULL || e == a)
		return -1;
	size_t h = a, hend;
	if (s[a] == '[') {
		const char *rb = memchr(s + a, ']', e - a);
		if (rb == NULL)
			return -1;
		hend = (size_t)(rb - s) + 1;
		for (size_t k = a + 1; k < hend - 1; k++)
			if (!(is_digit(s[k]) || (lower(s[k]) >= 'a' && lower(s[k]) <= 'f') || s[k] == ':' || s[k] == '.'))
				return -1;
	} else {
		hend = h;
		while (hend < e && s[hend] != ':')
			hend++;
		for (size_t k = h; k < hend && strict; k++) {
			int c = s[k];
			if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '%'))
				return -1;
		}
	}
	if (hend == h)
		return -1;
	u->host = (oc_slice){ s + h, hend - h };
	if (hend < e) {
		if (s[hend] != ':')
			return -1;
		size_t p = hend + 1;
		unsigned long port = 0;
		if (p == e || e - p > 5)
			return -1;
		for (size_t k = p; k < e; k++) {
			if (!is_digit(s[k]))
				return -1;
			port = port * 10 + (unsigned long)(s[k] - '0');
		}
		if (port > 65535)
			return -1;
		u->port = (oc_slice){ s + p, e - p };
	} else {
		u->port = (oc_slice){ s + e, 0 };
	}
	u->origin = (oc_slice){ s, e };
	i = e;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	u->path = (oc_slice){ s + e, i - e };
	if (i < n && s[i] == '?') {
		size_t q = ++i;
		while (i < n && s[i] != '#')
			i++;
		u->query = (oc_slice){ s + q, i - q };
		u->has_query = 1;
	}
	if (i < n && s[i] == '#') {
		u->fragment = (oc_slice){ s + i + 1, n - i - 1 };
		u->has_fragment = 1;
	}
	return 0;
}

int oc_url_parse(oc_url *u, const char *s, size_t n)
{
	return parse(u, s, n, 1);
}

int oc_url_parse_request(oc_url *u, const char *s, size_t n)
{
	return parse(u, s, n, 0);
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
	size_t n = strlen(s);
	return a.n == n && (n == 0 || memcmp(a.p, s, n) == 0);
}

/* n bytes of s lower-cased at out; the position after them. */
static char *put_lower(char *out, oc_slice s)
{
	for (size_t i = 0; i < s.n; i++)
		*out++ = (char)lower((unsigned char)s.p[i]);
	return out;
}

size_t oc_url_origin_write(char *out, oc_slice scheme, oc_slice host, oc_slice port)
{
	int drop = (oc_slice_ieq(scheme, "https") && oc_slice_eq(port, "443"))
		|| (oc_slice_ieq(scheme, "http") && oc_slice_eq(port, "80"));
	if (drop)
		port.n = 0;
	size_t n = scheme.n + 3 + host.n + (port.n ? 1 + port.n : 0);
	if (out == NULL)
		return n;
	char *p = put_lower(out, scheme);
	memcpy(p, "://", 3);
	p = put_lower(p + 3, host);
	if (port.n) {
		*p++ = ':';
		memcpy(p, port.p, port.n);
		p += port.n;
	}
	*p = 0;
	return n;
}

static int slices_ieq(oc_slice a, oc_slice b)
{
	if (a.n != b.n)
		return 0;
	for (size_t i = 0; i < a.n; i++)
		if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i]))
			return 0;
	return 1;
}

int oc_url_is_loopback(const oc_url *u)
{
	oc_slice h = u->host;
	if (oc_slice_ieq(h, "localhost") || oc_slice_eq(h, "[::1]"))
		return 1;
	/* 127.0.0.0/8, dotted quad */
	if (h.n < 7 || memcmp(h.p, "127.", 4) != 0)
		return 0;
	int dots = 0, digits = 0;
	for (size_t i = 0; i < h.n; i++) {
		if (h.p[i] == '.') {
			if (digits == 0)
				return 0;
			dots++;
			digits = 0;
		} else if (is_digit(h.p[i]) && digits < 3) {
			digits++;
		} else {
			return 0;
		}
	}
	return dots == 3 && digits > 0;
}

int oc_url_is_secure(const oc_url *u)
{
	return oc_slice_ieq(u->scheme, "https") ||
	       (oc_slice_ieq(u->scheme, "http") && oc_url_is_loopback(u));
}

/*
 * The port a URL names or implies, as a number (leading zeros mean nothing,
 * as in WHATWG URLs): its own, else 443 for https and 80 for http, else -1.
 */
static long effective_port(const oc_url *u)
{
	long p = 0;
	if (u->port.n == 0)
		return oc_slice_ieq(u->scheme, "https") ? 443 : oc_slice_ieq(u->scheme, "http") ? 80 : -1;
	for (size_t i = 0; i < u->port.n; i++)
		p = p * 10 + (u->port.p[i] - '0');
	return p;
}

int oc_url_same_origin(const oc_url *a, const oc_url *b)
{
	return slices_ieq(a->scheme, b->scheme) && slices_ieq(a->host, b->host) &&
	       effective_port(a) == effective_port(b);
}

int oc_url_path_under(oc_slice path, oc_slice base)
{
	if (path.n == 0)
		path = (oc_slice){ "/", 1 };
	if (base.n == 0)
		base = (oc_slice){ "/", 1 };
	if (path.n < base.n || memcmp(path.p, base.p, base.n) != 0)
		return 0;
	return path.n == base.n || base.p[base.n - 1] == '/' || path.p[base.n] == '/';
}

/* 1 for a "." segment, 2 for "..", with "%2e" (any case) standing for a dot; else 0. */
static int dot_segment(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; k++) {
		if (s[i] == '.')
			i++;
		else if (n - i >= 3 && s[i] == '%' && s[i + 1] == '2' && (s[i + 2] | 0x20) == 'e')
			i += 3;
		else
			return 0;
	}
	return k <= 2 ? k : 0;
}

void oc_url_path_normalize(char *p, size_t *n)
{
	size_t r = 0, w = 0, len = *n;
	for (size_t i = 0; i < len; i++)
		if (p[i] == '\\')
			p[i] = '/';
	if (len == 0 || p[0] != '/')
		return;
	/* Each round reads the segment after the '/' at p[r]; output never passes input (w <= r). */
	while (r < len) {
		size_t s = r + 1, e = s;
		while (e < len && p[e] != '/')
			e++;
		int k = dot_segment(p + s, e - s);
		if (k == 2 && w > 0) {
			while (p[w - 1] != '/')
				w--;
			w--;
		}
		if (k == 0) {
			p[w++] = '/';
			memmove(p + w, p + s, e - s);
			w += e - s;
		} else if (e == len) {
			p[w++] = '/'; /* a trailing dot segment leaves the directory: "/a/.." is "/" */
		}
		r = e;
	}
	*n = w;
}
