/* The WHATWG URL parser, as far as the reference's URL rules need it (see oc_url_whatwg.h). */
#include "base/oc_url_whatwg.h"
#include "base/oc_num.h"
#include <stdint.h>
#include <string.h>

/* An output buffer; a write past its end sets bad. */
typedef struct {
	char *p;
	size_t n, cap;
	int bad;
} out;

__attribute__((noinline)) static void put(out *o, char c)
{
	if (o->n < o->cap)
		o->p[o->n++] = c;
	else
		o->bad = 1;
}

static void puts_(out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

static void put_pct(out *o, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	put(o, '%');
	put(o, hex[c >> 4]);
	put(o, hex[c & 15]);
}

static void put_dec(out *o, uint32_t v)
{
	char d[OC_NUM_INT_MAX];
	for (size_t i = 0, n = oc_num_int(v, d); i < n; i++)
		put(o, d[i]);
}

static int is_alpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}
static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int slice_is(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* The default port of a special scheme (file: none), or -1. */
static long default_port(const char *s, size_t n)
{
	if (slice_is(s, n, "http") || slice_is(s, n, "ws"))
		return 80;
	if (slice_is(s, n, "https") || slice_is(s, n, "wss"))
		return 443;
	if (slice_is(s, n, "ftp"))
		return 21;
	return -1;
}

/* Percent-encode sets, for one byte: C0 controls, non-ASCII and the set's own code points. */
static int c0(unsigned char c) { return c < 0x20 || c > 0x7e; }
static int in_set(unsigned char c, const char *own) { return c0(c) || strchr(own, c) != NULL; }
static int in_path_set(unsigned char c) { return in_set(c, " \"#<>?`{}^"); }
static int in_query_set(unsigned char c) { return in_set(c, " \"#<>"); }
static int in_special_query_set(unsigned char c) { return in_set(c, " \"#<>'"); }
static int in_fragment_set(unsigned char c) { return in_set(c, " \"<>`"); }
static int in_userinfo_set(unsigned char c) { return in_set(c, " \"#<>?`{}^/:;=@[\\]|"); }

static int forbidden_host(unsigned char c)
{
	return c == 0 || strchr("\t\n\r #/:<>?@[\\]^|", c) != NULL;
}

static int forbidden_domain(unsigned char c)
{
	return forbidden_host(c) || c < 0x20 || c == '%' || c == 0x7f;
}

/* 1 if s[0..n) is well-formed UTF-8. */
static int utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* ---------- IPv4 ---------- */

/* One IPv4 number (decimal, 0x hex, 0 octal); -1 if it is not one. Values over 2^32 saturate. */
static int64_t ipv4_number(const char *s, size_t n)
{
	int radix = 10;
	int64_t v = 0;
	if (n == 0)
		return -1;
	if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		radix = 16;
		s += 2, n -= 2;
	} else if (n >= 2 && s[0] == '0') {
		radix = 8;
		s++, n--;
	}
	for (size_t i = 0; i < n; i++) {
		int d = hexval((unsigned char)s[i]);
		if (d < 0 || d >= radix)
			return -1;
		v = v * radix + d;
		if (v > 0x100000000LL)
			v = 0x100000000LL + 1;
	}
	return v;
}

/* The last label (a trailing empty one skipped) is a number: the host is an IPv4 address. */
static int ends_in_number(const char *s, size_t n)
{
	if (n && s[n - 1] == '.') {
		if (memchr(s, '.', n - 1) == NULL)
			return 0;
		n--;
	}
	size_t b = n;
	while (b && s[b - 1] != '.')
		b--;
	const char *l = s + b;
	size_t ln = n - b;
	if (ln == 0)
		return 0;
	size_t i = 0;
	while (i < ln && is_digit(l[i]))
		i++;
	if (i == ln)
		return 1;
	if (ln >= 2 && l[0] == '0' && (l[1] | 0x20) == 'x') {
		for (i = 2; i < ln; i++)
			if (hexval((unsigned char)l[i]) < 0)
				return 0;
		return 1;
	}
	return 0;
}

static int ipv4(out *o, const char *s, size_t n)
{
	int64_t part[4];
	size_t np = 0, a = 0;
	if (n && s[n - 1] == '.' && memchr(s, '.', n - 1) != NULL)
		n--;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (np == 4)
			return -1;
		if ((part[np++] = ipv4_number(s + a, i - a)) < 0)
			return -1;
		a = i + 1;
	}
	for (size_t i = 0; i + 1 < np; i++)
		if (part[i] > 255)
			return -1;
	if (part[np - 1] >= ((int64_t)1 << (8 * (5 - np))))
		return -1;
	uint32_t addr = (uint32_t)part[np - 1];
	for (size_t i = 0; i + 1 < np; i++)
		addr += (uint32_t)part[i] << (8 * (3 - i));
	for (int i = 3; i >= 0; i--) {
		put_dec(o, (addr >> (8 * i)) & 255);
		if (i)
			put(o, '.');
	}
	return 0;
}

/* ---------- IPv6 ---------- */

static int ipv6(out *o, const char *s, size_t n)
{
	uint16_t a[8] = { 0 };
	int piece = 0, compress = -1;
	size_t p = 0;
#define C (p < n ? (unsigned char)s[p] : 0)
#define END (p >= n)
	if (!END && C == ':') {
		if (p + 1 >= n || s[p + 1] != ':')
			return -1;
		p += 2;
		compress = ++piece;
	}
	while (!END) {
		if (piece == 8)
			return -1;
		if (C == ':') {
			if (compress >= 0)
				return -1;
			p++;
			compress = ++piece;
			continue;
		}
		unsigned value = 0, len = 0;
		while (len < 4 && !END && hexval(C) >= 0) {
			value = value * 16 + (unsigned)hexval(C);
			p++, len++;
		}
		if (!END && C == '.') {
			if (len == 0)
				return -1;
			p -= len;
			if (piece > 6)
				return -1;
			int seen = 0;
			while (!END) {
				int v = -1;
				if (seen > 0) {
					if (C == '.' && seen < 4)
						p++;
					else
						return -1;
				}
				if (END || !is_digit(C))
					return -1;
				while (!END && is_digit(C)) {
					int d = C - '0';
					if (v < 0)
						v = d;
					else if (v == 0)
						return -1;
					else
						v = v * 10 + d;
					if (v > 255)
						return -1;
					p++;
				}
				a[piece] = (uint16_t)(a[piece] * 0x100 + v);
				seen++;
				if (seen == 2 || seen == 4)
					piece++;
			}
			if (seen != 4)
				return -1;
			break;
		} else if (!END && C == ':') {
			p++;
			if (END)
				return -1;
		} else if (!END) {
			return -1;
		}
		a[piece++] = (uint16_t)value;
	}
#undef C
#undef END
	if (compress >= 0) {
		int swaps = piece - compress;
		piece = 7;
		while (piece != 0 && swaps > 0) {
			uint16_t t = a[piece];
			a[piece] = a[compress + swaps - 1];
			a[compress + swaps - 1] = t;
			piece--, swaps--;
		}
	} else if (piece != 8) {
		return -1;
	}
	/* Serialize: the first longest run of two or more zero pieces becomes "::". */
	int best = -1, bestlen = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && a[j] == 0)
			j++;
		if (j - i > bestlen)
			best = i, bestlen = j - i;
		i = j > i ? j : i + 1;
	}
	static const char hex[] = "0123456789abcdef";
	put(o, '[');
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			puts_(o, i == 0 ? "::" : ":", i == 0 ? 2 : 1);
			i += bestlen - 1;
			continue;
		}
		int started = 0;
		for (int sh = 12; sh >= 0; sh -= 4) {
			int d = (a[i] >> sh) & 15;
			if (d || started || sh == 0) {
				put(o, hex[d]);
				started = 1;
			}
		}
		if (i < 7)
			put(o, ':');
	}
	put(o, ']');
	return 0;
}

/* ---------- hosts ---------- */

/* A special scheme's host: IPv6, IPv4 or a domain. */
static int special_host(oc_url_whatwg *u, out *o, const char *s, size_t n)
{
	size_t start = o->n;
	if (n && s[0] == '[') {
		if (s[n - 1] != ']' || ipv6(o, s + 1, n - 2) != 0)
			return -1;
		u->host = (oc_slice){ o->p + start, o->n - start };
		return 0;
	}
	/* percent-decode, then lower-case: the domain's ASCII form */
	int ascii = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			c = (unsigned char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
			i += 2;
		}
		if (c >= 0x80)
			ascii = 0;
		put(o, (char)lower(c));
	}
	if (o->bad)
		return -1;
	char *d = o->p + start;
	size_t dn = o->n - start;
	if (dn == 0)
		return -1;
	if (!ascii) {
		if (!utf8_ok((const unsigned char *)d, dn))
			return -1;
		u->host_idn = 1;
	}
	for (size_t i = 0; i < dn; i++)
		if ((unsigned char)d[i] < 0x80 && forbidden_domain((unsigned char)d[i]))
			return -1;
	if (ascii && ends_in_number(d, dn)) {
		char tmp[256];
		if (dn >= sizeof tmp)
			return -1;
		memcpy(tmp, d, dn);
		o->n = start;
		if (ipv4(o, tmp, dn) != 0)
			return -1;
	}
	u->host = (oc_slice){ o->p + start, o->n - start };
	return 0;
}

/* Another scheme's host: IPv6, or an opaque host (percent-encoded C0 controls). */
static int opaque_host(oc_url_whatwg *u, out *o, const char *s, size_t n)
{
	size_t start = o->n;
	if (n && s[0] == '[') {
		if (s[n - 1] != ']' || ipv6(o, s + 1, n - 2) != 0)
			return -1;
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (forbidden_host(c))
				return -1;
			if (c0(c))
				put_pct(o, c);
			else
				put(o, (char)c);
		}
	}
	u->host = (oc_slice){ o->p + start, o->n - start };
	return 0;
}

/* The port text (digits only); 0 with *port set (-1: none), or -1. */
static int port_of(const char *s, size_t n, long *port)
{
	long v = 0;
	*port = -1;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > 65535)
			return -1;
	}
	*port = v;
	return 0;
}

/* The authority s[0..n): userinfo, host, port. */
static int authority(oc_url_whatwg *u, out *o, const char *s, size_t n)
{
	const char *at = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '@')
			at = s + i;
	if (at != NULL) {
		/* username up to the first ':', password after it */
		const char *colon = memchr(s, ':', (size_t)(at - s));
		u->has_userinfo = colon == NULL ? at > s : colon > s || at > colon + 1;
		if (u->has_userinfo) {
			/* username, then ':' and the password when it is not empty */
			const char *user_end = colon != NULL ? colon : at;
			size_t start = o->n;
			for (const char *c = s; c < at; c++) {
				if (c == user_end && c + 1 == at)
					break;
				if (c == user_end)
					put(o, ':');
				else if (in_userinfo_set((unsigned char)*c))
					put_pct(o, (unsigned char)*c);
				else
					put(o, *c);
			}
			u->userinfo = (oc_slice){ o->p + start, o->n - start };
		}
		n -= (size_t)(at + 1 - s);
		s = at + 1;
		if (n == 0)
			return -1;
	}
	size_t h = 0;
	int bracket = 0;
	while (h < n && !(s[h] == ':' && !bracket)) {
		if (s[h] == '[')
			bracket = 1;
		else if (s[h] == ']')
			bracket = 0;
		h++;
	}
	if (h == 0 && (u->special || h < n || at != NULL))
		return -1;
	u->has_host = 1;
	if (h > 0 && (u->special ? special_host(u, o, s, h) : opaque_host(u, o, s, h)) != 0)
		return -1;
	long port, dflt = u->special ? default_port(u->scheme.p, u->scheme.n) : -1;
	if (h < n && port_of(s + h + 1, n - h - 1, &port) != 0)
		return -1;
	if (h < n && port >= 0 && port != dflt) {
		size_t start = o->n;
		put_dec(o, (uint32_t)port);
		u->port = (oc_slice){ o->p + start, o->n - start };
	}
	return 0;
}

/* ---------- path ---------- */

static int dot_count(const char *s, size_t n)
{
	if (slice_is(s, n, "."))
		return 1;
	if (n == 3 && s[0] == '%' && s[1] == '2' && (s[2] | 0x20) == 'e')
		return 1;
	if (slice_is(s, n, ".."))
		return 2;
	if (n == 4 && ((s[0] == '.' && s[1] == '%' && s[2] == '2' && (s[3] | 0x20) == 'e') ||
	               (s[0] == '%' && s[1] == '2' && (s[2] | 0x20) == 'e' && s[3] == '.')))
		return 2;
	if (n == 6 && s[0] == '%' && s[1] == '2' && (s[2] | 0x20) == 'e' && s[3] == '%' && s[4] == '2' &&
	    (s[5] | 0x20) == 'e')
		return 2;
	return 0;
}

/* '/', and for a special scheme '\\': what ends a path segment. */
static int path_sep(const oc_url_whatwg *u, char c)
{
	return c == '/' || (u->special && c == '\\');
}

/*
 * The path from s[0..n) (up to '?' or '#'), written to o. Another scheme's
 * empty path stays empty; a special scheme's is "/".
 */
static void host_path(oc_url_whatwg *u, out *o, const char *s, size_t n)
{
	size_t start = o->n, i = 0;
	if (n == 0 && !u->special) {
		u->path = (oc_slice){ o->p + start, 0 };
		return;
	}
	if (i < n && path_sep(u, s[i]))
		i++;
	for (;;) {
		size_t e = i;
		while (e < n && !path_sep(u, s[e]))
			e++;
		int last = e >= n;
		int k = dot_count(s + i, e - i);
		if (k == 2) {
			while (o->n > start && o->p[o->n - 1] != '/')
				o->n--;
			if (o->n > start)
				o->n--;
			if (last)
				put(o, '/');
		} else if (k == 1) {
			if (last)
				put(o, '/');
		} else {
			put(o, '/');
			for (size_t j = i; j < e; j++) {
				unsigned char c = (unsigned char)s[j];
				if (in_path_set(c))
					put_pct(o, c);
				else
					put(o, (char)c);
			}
		}
		if (last)
			break;
		i = e + 1;
	}
	u->path = (oc_slice){ o->p + start, o->n - start };
}

/* Another scheme's path that does not start with '/': C0 controls and non-ASCII percent-encoded. */
static oc_slice opaque_path(out *o, const char *s, size_t n)
{
	size_t start = o->n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c0(c))
			put_pct(o, c);
		else
			put(o, (char)c);
	}
	return (oc_slice){ o->p + start, o->n - start };
}

/* The query ('?' included) or fragment ('#' included) s[0..n), encoded with set. */
static oc_slice encoded(out *o, const char *s, size_t n, int (*set)(unsigned char))
{
	size_t start = o->n;
	put(o, s[0]);
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (set(c))
			put_pct(o, c);
		else
			put(o, (char)c);
	}
	return (oc_slice){ o->p + start, o->n - start };
}

/* ---------- the parser ---------- */

int oc_url_whatwg_parse(oc_url_whatwg *u, const char *in, size_t n, char *buf, size_t cap)
{
	out o = { buf, 0, cap, 0 };
	size_t a = 0, b = n, i;

	memset(u, 0, sizeof *u);
	if (cap < OC_URL_WHATWG_BUF(n))
		return -1;
	/* strip C0 controls and spaces at both ends, drop tabs and newlines */
	while (a < b && (unsigned char)in[a] <= 0x20)
		a++;
	while (b > a && (unsigned char)in[b - 1] <= 0x20)
		b--;
	char *s = buf + cap - n;  /* the cleaned input at the end of buf, past anything written */
	size_t len = 0;
	for (i = a; i < b; i++)
		if (in[i] != '\t' && in[i] != '\n' && in[i] != '\r')
			s[len++] = in[i];
	o.cap = cap - n;

	if (len == 0 || !is_alpha((unsigned char)s[0]))
		return -1;
	for (i = 1; i < len && s[i] != ':'; i++)
		if (!is_alpha((unsigned char)s[i]) && !is_digit((unsigned char)s[i]) && s[i] != '+' &&
		    s[i] != '-' && s[i] != '.')
			return -1;
	if (i == len)
		return -1;
	for (size_t k = 0; k < i; k++)
		put(&o, (char)lower((unsigned char)s[k]));
	u->scheme = (oc_slice){ o.p, i };
	u->special = default_port(o.p, i) >= 0 || slice_is(o.p, i, "file");
	i++;
	if (slice_is(o.p, u->scheme.n, "file"))
		return o.bad ? -1 : 0;

	size_t e = i;
	int auth = 1;
	if (u->special) {
		while (i < len && (s[i] == '/' || s[i] == '\\'))
			i++;
		for (e = i; e < len && s[e] != '/' && s[e] != '\\' && s[e] != '?' && s[e] != '#'; e++)
			;
	} else if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		for (e = i; e < len && s[e] != '/' && s[e] != '?' && s[e] != '#'; e++)
			;
	} else {
		auth = 0;  /* a path without authority, or an opaque path */
	}
	if (auth) {
		if (authority(u, &o, s + i, e - i) != 0)
			return -1;
		i = e;
	}
	for (e = i; e < len && s[e] != '?' && s[e] != '#'; e++)
		;
	if (auth || (i < len && s[i] == '/'))
		host_path(u, &o, s + i, e - i);
	else
		u->path = opaque_path(&o, s + i, e - i);
	i = e;
	if (i < len && s[i] == '?') {
		for (e = i; e < len && s[e] != '#'; e++)
			;
		u->query = encoded(&o, s + i, e - i, u->special ? in_special_query_set : in_query_set);
		i = e;
	}
	if (i < len && s[i] == '#')
		u->fragment = encoded(&o, s + i, len - i, in_fragment_set);
	return o.bad ? -1 : 0;
}

/* Matches the next parts of s against a and advances. */
static int eat(const char **s, size_t *n, const char *a, size_t an)
{
	if (*n < an || (an && memcmp(*s, a, an) != 0))
		return 0;
	*s += an;
	*n -= an;
	return 1;
}

static int origin_prefix(const oc_url_whatwg *u, const char **s, size_t *n)
{
	return u->special && u->has_host && !u->has_userinfo && !u->host_idn &&
	       eat(s, n, u->scheme.p, u->scheme.n) && eat(s, n, "://", 3) &&
	       eat(s, n, u->host.p, u->host.n) &&
	       (u->port.n == 0 || (eat(s, n, ":", 1) && eat(s, n, u->port.p, u->port.n)));
}

int oc_url_whatwg_is_href(const oc_url_whatwg *u, const char *s, size_t n)
{
	return origin_prefix(u, &s, &n) && eat(&s, &n, u->path.p, u->path.n) &&
	       eat(&s, &n, u->query.p, u->query.n) && eat(&s, &n, u->fragment.p, u->fragment.n) && n == 0;
}

int oc_url_whatwg_is_origin(const oc_url_whatwg *u, const char *s, size_t n)
{
	return origin_prefix(u, &s, &n) && n == 0;
}

int oc_url_whatwg_is_loopback(const oc_url_whatwg *u)
{
	oc_slice h = u->host;
	if (u->host_idn || !u->has_host)
		return 0;
	if (oc_slice_ieq(h, "localhost") || oc_slice_eq(h, "[::1]"))
		return 1;
	/*
	 * 127.x.x.x, each x one to three digits up to 255: a special scheme's
	 * IPv4 address is serialized so; another scheme's host is as written.
	 */
	if (h.n < 7 || memcmp(h.p, "127.", 4) != 0)
		return 0;
	int dots = 0, digits = 0, v = 0;
	for (size_t i = 4; i <= h.n; i++) {
		if (i == h.n || h.p[i] == '.') {
			if (digits == 0 || v > 255)
				return 0;
			dots++, digits = 0, v = 0;
		} else if (is_digit((unsigned char)h.p[i]) && digits < 3) {
			digits++, v = v * 10 + (h.p[i] - '0');
		} else {
			return 0;
		}
	}
	return dots == 3;
}
