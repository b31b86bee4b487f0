/* Records read without a cJSON tree (oc_kv_scan.h). */
#include "store/oc_kv_scan.h"
#include "store/oc_kv_json.h"
#include "base/oc_json_check.h"
#include "base/oc_num.h"
#include <stdint.h>
#include <string.h>

/*
 * The text still to read. It passed oc_json_check, so every step below meets
 * what the grammar promises; each still checks its bounds and answers -1
 * rather than read past the end.
 */
typedef struct {
	const char *p, *end;
	oc_arena *a;
} kvs;

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void ws(kvs *s)
{
	while (s->p < s->end && is_ws(*s->p))
		s->p++;
}

/* The byte at p, or 0 at the end (a NUL cannot occur in checked text). */
static char peek(const kvs *s)
{
	return s->p < s->end ? *s->p : 0;
}

/* Past the string at p (at its quote); its raw body in [*from, *to). */
static int skip_string(kvs *s, const char **from, const char **to)
{
	const char *q = s->p + 1;
	while (q < s->end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	if (q >= s->end)
		return -1;
	*from = s->p + 1;
	*to = q;
	s->p = q + 1;
	return 0;
}

static int delimiter(char c)
{
	return c == ',' || c == '}' || c == ']' || is_ws(c);
}

/* Past the value at p, whatever it is (no nesting kept: brackets are counted). */
static int skip_value(kvs *s)
{
	const char *f, *t;
	size_t depth = 0;
	do {
		if (s->p >= s->end)
			return -1;
		char c = *s->p;
		if (c == '"') {
			if (skip_string(s, &f, &t))
				return -1;
			continue;
		}
		s->p++;
		if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth-- == 0)
				return -1;
		} else if (depth == 0) { /* a number or a literal */
			while (s->p < s->end && !delimiter(*s->p))
				s->p++;
		}
	} while (depth > 0);
	return 0;
}

static int hex4(const char *p)
{
	int u = 0;
	for (int k = 0; k < 4; k++) {
		char b = p[k];
		int d = b >= '0' && b <= '9' ? b - '0' : (b | 0x20) >= 'a' && (b | 0x20) <= 'f' ? (b | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		u = u * 16 + d;
	}
	return u;
}

/* The string body [p, end) with its escapes read, NUL-terminated, into out (room: end - p + 1). */
static int unescape(const char *p, const char *end, char *out)
{
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs ? bs : end) - p);
		memcpy(out, p, run);
		out += run;
		p += run;
		if (bs == NULL)
			break;
		if (end - p < 2)
			return -1;
		char e = p[1];
		p += 2;
		switch (e) {
		case '"': case '\\': case '/': *out++ = e; continue;
		case 'b': *out++ = '\b'; continue;
		case 'f': *out++ = '\f'; continue;
		case 'n': *out++ = '\n'; continue;
		case 'r': *out++ = '\r'; continue;
		case 't': *out++ = '\t'; continue;
		case 'u': break;
		default: return -1;
		}
		long u = end - p >= 4 ? hex4(p) : -1;
		p += 4;
		if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
			return -1;
		if (u >= 0xD800 && u <= 0xDBFF) { /* a pair, as oc_json_check requires */
			long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2) : -1;
			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			p += 6;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		}
		if (u < 0x80) {
			*out++ = (char)u;
		} else if (u < 0x800) {
			*out++ = (char)(0xC0 | (u >> 6));
			*out++ = (char)(0x80 | (u & 0x3F));
		} else if (u < 0x10000) {
			*out++ = (char)(0xE0 | (u >> 12));
			*out++ = (char)(0x80 | ((u >> 6) & 0x3F));
			*out++ = (char)(0x80 | (u & 0x3F));
		} else {
			*out++ = (char)(0xF0 | (u >> 18));
			*out++ = (char)(0x80 | ((u >> 12) & 0x3F));
			*out++ = (char)(0x80 | ((u >> 6) & 0x3F));
			*out++ = (char)(0x80 | (u & 0x3F));
		}
	}
	*out = 0;
	return 0;
}

/* The string at p, copied into the arena. */
static int read_str(kvs *s, char **out)
{
	const char *f, *t;
	if (peek(s) != '"' || skip_string(s, &f, &t))
		return -1;
	char *buf = oc_arena_alloc(s->a, (size_t)(t - f) + 1);
	if (buf == NULL || unescape(f, t, buf))
		return -1;
	*out = buf;
	return 0;
}

static int read_int(kvs *s, int64_t *out)
{
	char buf[OC_JSON_NUMBER_MAX + 1], *e;
	const char *from = s->p;
	while (s->p < s->end && !delimiter(*s->p))
		s->p++;
	size_t n = (size_t)(s->p - from);
	if (n == 0 || n > OC_JSON_NUMBER_MAX || !(*from == '-' || (*from >= '0' && *from <= '9')))
		return -1;
	memcpy(buf, from, n);
	buf[n] = 0;
	double d = oc_num_parse(buf, &e);
	return e == buf + n && kvj_int_of(d, out) ? 0 : -1;
}

/* The array of strings at p. */
static int read_strs(kvs *s, oc_strs *out)
{
	const char *start = s->p, *f, *t;
	size_t n = 0;
	if (peek(s) != '[')
		return -1;
	s->p++;
	ws(s);
	if (peek(s) == ']') {
		s->p++;
		return 0;
	}
	for (;;) { /* count the strings; any other element is refused */
		if (peek(s) != '"' || skip_string(s, &f, &t))
			return -1;
		n++;
		ws(s);
		char c = peek(s);
		s->p++;
		if (c == ']')
			break;
		if (c != ',')
			return -1;
		ws(s);
	}
	const char *after = s->p;
	if ((out->v = oc_arena_alloc(s->a, n * sizeof *out->v)) == NULL)
		return -1;
	s->p = start + 1;
	for (size_t i = 0; i < n; i++) {
		ws(s);
		if (read_str(s, &out->v[i]))
			return -1;
		ws(s);
		s->p++; /* ',' or ']' */
	}
	out->n = n;
	s->p = after;
	return 0;
}

static int object(kvs *s, const kvs_table *t, char *out);

/* The member's value at p into out: 1 when read, 0 for a JSON null (absent), -1 refused. */
static int member(kvs *s, const kvs_member *m, char *out)
{
	void *v = out + m->off;
	char c = peek(s);
	int r = -1;
	if (c == 'n' && m->kind != KVS_JSON)
		return skip_value(s) ? -1 : 0;
	switch (m->kind) {
	case KVS_STR:
		r = read_str(s, (char **)v);
		break;
	case KVS_INT:
		r = read_int(s, (int64_t *)v);
		break;
	case KVS_STRS:
		r = read_strs(s, (oc_strs *)v);
		break;
	case KVS_MULTI: {
		oc_kv_strs *l = v;
		if (c == '[') {
			r = read_strs(s, &l->list);
			l->form = OC_KV_ARRAY;
		} else if ((l->list.v = oc_arena_alloc(s->a, sizeof *l->list.v)) != NULL) {
			r = read_str(s, &l->list.v[0]);
			l->list.n = 1;
			l->form = OC_KV_STRING;
		}
		break;
	}
	case KVS_OBJ:
		r = object(s, m->sub, v);
		break;
	case KVS_JSON: {
		const char *from = s->p;
		if (skip_value(s) == 0) {
			*(cJSON **)v = cJSON_ParseWithLength(from, (size_t)(s->p - from));
			r = *(cJSON **)v != NULL ? 0 : -1;
		}
		break;
	}
	}
	if (r != 0)
		return -1;
	if (m->has >= 0)
		*(int *)(out + m->has) = 1;
	return 1;
}

/* The index in t of the member named by the key at p (-1: none), and p past its ':'. */
static int key(kvs *s, const kvs_table *t, int *idx)
{
	const char *f, *to;
	if (peek(s) != '"' || skip_string(s, &f, &to))
		return -1;
	size_t n = (size_t)(to - f);
	if (memchr(f, '\\', n) != NULL) { /* a name written with escapes: compare it read */
		char *k = oc_arena_alloc(s->a, n + 1);
		if (k == NULL || unescape(f, to, k))
			return -1;
		f = k;
		n = strlen(k);
	}
	*idx = -1;
	for (unsigned i = 0; i < t->n; i++)
		if (t->m[i].len == n && memcmp(t->m[i].name, f, n) == 0) {
			*idx = (int)i;
			break;
		}
	ws(s);
	if (peek(s) != ':')
		return -1;
	s->p++;
	ws(s);
	return 0;
}

static int object(kvs *s, const kvs_table *t, char *out)
{
	uint32_t seen = 0, present = 0;
	if (peek(s) != '{')
		return -1;
	s->p++;
	ws(s);
	if (peek(s) == '}') {
		s->p++;
	} else {
		for (;;) {
			int i, r;
			if (key(s, t, &i))
				return -1;
			if (i >= 0 && !(seen & (UINT32_C(1) << i))) { /* the first of duplicates counts */
				seen |= UINT32_C(1) << i;
				if ((r = member(s, &t->m[i], out)) < 0)
					return -1;
				if (r)
					present |= UINT32_C(1) << i;
			} else if (skip_value(s)) {
				return -1;
			}
			ws(s);
			char c = peek(s);
			s->p++;
			if (c == '}')
				break;
			if (c != ',')
				return -1;
			ws(s);
		}
	}
	for (unsigned i = 0; i < t->n; i++)
		if (t->m[i].required && !(present & (UINT32_C(1) << i)))
			return -1;
	return 0;
}

oc_err kvs_decode(oc_arena *a, const char *json, size_t n, const kvs_table *t, void *out,
	size_t size, const char *desc)
{
	size_t start;
	memset(out, 0, size);
	oc_arena_bind_json(a);
	if (oc_json_check(json, n, CJSON_NESTING_LIMIT, SIZE_MAX, &start) != OC_JSON_OK)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	kvs s = { json + start, json + n, a };
	ws(&s);
	if (object(&s, t, out) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	return OC_ERR_NONE;
}
