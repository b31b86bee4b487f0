/*
 * application/x-www-form-urlencoded parsing (WHATWG URL §5.1, with RFC 6749's
 * stricter rules on repeats, or as URLSearchParams with OC_FORM_WHATWG). Limits are checked before any allocation; each
 * decoded string gets one arena allocation no longer than its encoded form.
 */
#include "base/oc_form.h"
#include "base/oc_ct.h"
#include "base/oc_utf8.h"
#include <stdint.h>
#include <string.h>

const oc_form_limits oc_form_default_limits = { 65536, 64, 0 };

#define BAD(d) OC_ERR(OC_ERR_INVALID_REQUEST, (d))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

/* The value of hex digit c, or a value with bit 8 set; branch-free. */
static uint32_t hex_digit(uint32_t c)
{
	uint32_t dg = oc_ct_in(c, '0', '9'), up = oc_ct_in(c, 'A', 'F');
	uint32_t lo = oc_ct_in(c, 'a', 'f');

	return (dg & (c - '0')) | (up & (c - 'A' + 10)) | (lo & (c - 'a' + 10))
		| (~(dg | up | lo) & 0x100);
}

/*
 * Finds the next non-empty '&'-separated segment at or after *pos; sets *seg
 * and *len to it and moves *pos past it. Returns 0 when none is left.
 */
static int next_segment(const char *s, size_t n, size_t *pos,
	const char **seg, size_t *len)
{
	while (*pos < n) {
		const char *p = s + *pos, *amp = memchr(p, '&', n - *pos);
		size_t k = amp ? (size_t)(amp - p) : n - *pos;

		*pos += k + 1;
		if (k > 0) {
			*seg = p;
			*len = k;
			return 1;
		}
	}
	return 0;
}

/*
 * d[0..n) made UTF-8 into a new arena string (OC_FORM_WHATWG): a byte that
 * does not begin a valid sequence, or a NUL, becomes U+FFFD; NULL when out
 * of memory.
 */
static char *utf8_repair(oc_arena *a, const char *d, size_t n, size_t *outlen)
{
	char *out = n < SIZE_MAX / 3 ? oc_arena_alloc(a, 3 * n + 1) : NULL;
	size_t o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)d[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (c != 0 && i + len <= n && oc_utf8_valid(d + i, len)) {
			memcpy(out + o, d + i, len);
			o += len;
			i += len;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

oc_err oc_form_decode(oc_arena *a, const char *s, size_t n, unsigned flags,
	const char **out, size_t *outlen)
{
	char *d = oc_arena_alloc(a, n + 1);
	size_t i, k = 0;

	if (d == NULL)
		return NOMEM;
	for (i = 0; i < n; i++) {
		uint32_t c = (unsigned char)s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			uint32_t hi = 0x100, lo = 0x100;

			if (n - i >= 3) {
				hi = hex_digit((unsigned char)s[i + 1]);
				lo = hex_digit((unsigned char)s[i + 2]);
			}
			if (!((hi | lo) & 0x100)) {
				c = hi << 4 | lo;
				i += 2;
			} else if (!(flags & OC_FORM_WHATWG)) {
				return BAD("malformed percent-encoding");
			}
		}
		d[k++] = (char)c;
	}
	d[k] = 0;
	if ((flags & OC_FORM_WHATWG) && !(flags & OC_FORM_RAW)) {
		if ((*out = utf8_repair(a, d, k, outlen)) == NULL)
			return NOMEM;
		return OC_ERR_NONE;
	}
	if (!(flags & OC_FORM_RAW) && memchr(d, 0, k) != NULL)
		return BAD("NUL in parameter");
	if (!(flags & OC_FORM_RAW) && !oc_utf8_valid(d, k))
		return BAD("invalid UTF-8");
	*out = d;
	*outlen = k;
	return OC_ERR_NONE;
}

static int named(const oc_form_pair *p, const char *name, size_t len)
{
	return p->name_len == len && memcmp(p->name, name, len) == 0;
}

oc_err oc_form_parse(oc_arena *a, const char *src, size_t n,
	const oc_form_limits *lim, oc_form *out)
{
	oc_form_pair *pairs;
	const char *seg;
	size_t pos = 0, len, count = 0, k = 0;

	out->pairs = NULL;
	out->count = 0;
	if (n > lim->max_bytes)
		return BAD("request body too large");
	while (next_segment(src, n, &pos, &seg, &len))
		if (++count > lim->max_pairs)
			return BAD("too many parameters");
	if (count == 0)
		return OC_ERR_NONE;
	pairs = count <= SIZE_MAX / sizeof *pairs
		? oc_arena_alloc(a, count * sizeof *pairs) : NULL;
	if (pairs == NULL)
		return NOMEM;
	for (pos = 0; next_segment(src, n, &pos, &seg, &len); k++) {
		oc_form_pair *p = &pairs[k];
		const char *eq = memchr(seg, '=', len);
		size_t name_len = eq ? (size_t)(eq - seg) : len;
		oc_err e;

		if (name_len == 0 && !(lim->flags & OC_FORM_WHATWG))
			return BAD("empty parameter name");
		e = oc_form_decode(a, seg, name_len, lim->flags, &p->name, &p->name_len);
		if (e.code != OC_OK)
			return e;
		e = eq ? oc_form_decode(a, eq + 1, len - name_len - 1, lim->flags, &p->value, &p->value_len)
			: oc_form_decode(a, "", 0, lim->flags, &p->value, &p->value_len);
		if (e.code != OC_OK)
			return e;
		for (size_t j = 0; j < k && !(lim->flags & OC_FORM_REPEATS); j++)
			if (named(&pairs[j], p->name, p->name_len))
				return oc_form_repeat_err(a, p->name, p->name_len);
	}
	out->pairs = pairs;
	out->count = k;
	return OC_ERR_NONE;
}

const oc_form_pair *oc_form_get(const oc_form *f, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < f->count; i++)
		if (named(&f->pairs[i], name, len))
			return &f->pairs[i];
	return NULL;
}

size_t oc_form_count(const oc_form *f, const char *name)
{
	size_t len = strlen(name), n = 0;

	for (size_t i = 0; i < f->count; i++)
		n += named(&f->pairs[i], name, len);
	return n;
}

oc_err oc_form_repeat_err(oc_arena *a, const char *name, size_t n)
{
	static const char pre[] = "Request parameter \"", post[] = "\" must not be repeated";
	char *d = n <= SIZE_MAX - sizeof pre - sizeof post ? oc_arena_alloc(a, sizeof pre + n + sizeof post) : NULL;

	if (d == NULL)
		return NOMEM;
	memcpy(d, pre, sizeof pre - 1);
	memcpy(d + sizeof pre - 1, name, n);
	memcpy(d + sizeof pre - 1 + n, post, sizeof post);
	return BAD(d);
}

int oc_form_query_carries(oc_arena *a, const char *have, size_t have_len, const char *need,
	size_t need_len, int named_only)
{
	static const oc_form_limits lim = { SIZE_MAX, SIZE_MAX, OC_FORM_WHATWG | OC_FORM_REPEATS };
	oc_form h, n;
	if (have == NULL)
		have = ""; /* an absent query */
	if (need == NULL)
		need = "";
	if (oc_form_parse(a, need, need_len, &lim, &n).code != OC_OK
	    || oc_form_parse(a, have, have_len, &lim, &h).code != OC_OK)
		return -1;
	for (size_t i = 0; i < n.count; i++) {
		const oc_form_pair *p = &n.pairs[i];
		int given = 0, found = 0;
		for (size_t j = 0; j < h.count && !found; j++) {
			const oc_form_pair *q = &h.pairs[j];
			if (!named(q, p->name, p->name_len))
				continue;
			given = 1;
			found = q->value_len == p->value_len && memcmp(q->value, p->value, p->value_len) == 0;
		}
		if (!found && (given || !named_only))
			return 0;
	}
	return 1;
}
