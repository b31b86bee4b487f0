/* Records read without a cJSON tree (oc_kv_scan.h). */
#include "store/oc_kv_scan.h"
#include "store/oc_kv_json.h"
#include "base/oc_json_check.h"
#include "base/oc_num.h"
#include "base/oc_utf8.h"
#include <stdint.h>
#include <string.h>

/* The text still to read, and how many objects p is in. */
typedef struct {
	const char *p, *end;
	oc_arena *a;
	unsigned depth;
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

/* The byte at p, or 0 at the end (0 is refused wherever it stands). */
static char peek(const kvs *s)
{
	return s->p < s->end ? *s->p : 0;
}

static int delimiter(char c)
{
	return c == ',' || c == '}' || c == ']' || is_ws(c);
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

/*
 * The code point of the \u escape (or surrogate pair) at p, its length in
 * *len; -1 for what oc_json_check refuses: malformed, U+0000, a surrogate
 * not paired.
 */
static long escaped(const char *p, const char *end, int *len)
{
	long u = end - p >= 6 ? hex4(p + 2) : -1;
	*len = 6;
	if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF))
		return -1;
	if (u < 0xD800 || u > 0xDBFF)
		return u;
	long lo = end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
	if (lo < 0xDC00 || lo > 0xDFFF)
		return -1;
	*len = 12;
	return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
}

/* The closing quote of the string whose body starts at q (escapes stepped over, not checked), or NULL. */
static const char *string_end(const char *q, const char *end)
{
	while (q < end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	return q < end ? q : NULL;
}

/*
 * Past the string at p (at its quote), checked as oc_json_check does (no
 * control character, known escapes, UTF-8); its raw body in [*from, *to).
 */
static int skip_string(kvs *s, const char **from, const char **to)
{
	const char *q = s->p + 1;
	int high = 0, len;
	for (;;) {
		if (q >= s->end)
			return -1;
		unsigned char c = (unsigned char)*q;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		high |= c >= 0x80;
		if (c != '\\') {
			q++;
			continue;
		}
		if (s->end - q < 2)
			return -1;
		switch (q[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			q += 2;
			continue;
		case 'u':
			if (escaped(q, s->end, &len) < 0)
				return -1;
			q += len;
			continue;
		default:
			return -1;
		}
	}
	*from = s->p + 1;
	*to = q;
	if (high && !oc_utf8_valid(*from, (size_t)(q - *from)))
		return -1;
	s->p = q + 1;
	return 0;
}

/* 1 if [p, p + n) is a JSON number (RFC 8259 §6) of at most OC_JSON_NUMBER_MAX characters. */
static int number_ok(const char *p, size_t n)
{
	const char *e = p + n;
#define DIGIT(q) ((q) < e && *(q) >= '0' && *(q) <= '9')
	if (n > OC_JSON_NUMBER_MAX)
		return 0;
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (!DIGIT(p))
		return 0;
	else
		while (DIGIT(p))
			p++;
	if (p < e && *p == '.') {
		if (!DIGIT(p + 1))
			return 0;
		for (p++; DIGIT(p); p++)
			;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (!DIGIT(p))
			return 0;
		while (DIGIT(p))
			p++;
	}
#undef DIGIT
	return p == e;
}

/* A number or a literal at p: its text, up to the next delimiter. */
static size_t scalar(kvs *s, const char **from)
{
	*from = s->p;
	while (s->p < s->end && !delimiter(*s->p))
		s->p++;
	return (size_t)(s->p - *from);
}

/*
 * Past the value at p, checked. An array or object is found by counting its
 * brackets, then checked whole by oc_json_check within cJSON's nesting limit
 * (counting the objects it is in).
 */
static int skip_value(kvs *s)
{
	const char *f, *t;
	char c = peek(s);
	if (c == '"')
		return skip_string(s, &f, &t);
	if (c != '{' && c != '[') {
		size_t n = scalar(s, &f);
		return (n == 4 && (memcmp(f, "null", 4) == 0 || memcmp(f, "true", 4) == 0))
			|| (n == 5 && memcmp(f, "false", 5) == 0) || number_ok(f, n) ? 0 : -1;
	}
	const char *from = s->p;
	size_t depth = 0;
	do {
		if (s->p >= s->end)
			return -1;
		c = *s->p++;
		if (c == '"') {
			if ((s->p = string_end(s->p, s->end)) == NULL)
				return -1;
			s->p++;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	} while (depth > 0);
	if (s->depth >= CJSON_NESTING_LIMIT)
		return -1;
	return oc_json_check(from, (size_t)(s->p - from), CJSON_NESTING_LIMIT - s->depth, SIZE_MAX, NULL) == OC_JSON_OK
		? 0 : -1;
}

/* The string body [p, end), checked, with its escapes read, NUL-terminated, into out (room: end - p + 1). */
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
		switch (e) {
		case '"': case '\\': case '/': *out++ = e; p += 2; continue;
		case 'b': *out++ = '\b'; p += 2; continue;
		case 'f': *out++ = '\f'; p += 2; continue;
		case 'n': *out++ = '\n'; p += 2; continue;
		case 'r': *out++ = '\r'; p += 2; continue;
		case 't': *out++ = '\t'; p += 2; continue;
		case 'u': break;
		default: return -1;
		}
		int len;
		long u = escaped(p, end, &len);
		if (u < 0)
			return -1;
		p += len;
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

/* The checked string body [f, t) copied into the arena. */
static int copy_str(kvs *s, const char *f, const char *t, char **out)
{
	char *buf = oc_arena_alloc(s->a, (size_t)(t - f) + 1);
	if (buf == NULL || unescape(f, t, buf))
		return -1;
	*out = buf;
	return 0;
}

static int read_str(kvs *s, char **out)
{
	const char *f, *t;
	if (peek(s) != '"' || skip_string(s, &f, &t))
		return -1;
	return copy_str(s, f, t, out);
}

static int read_int(kvs *s, int64_t *out)
{
	char buf[OC_JSON_NUMBER_MAX + 1], *e;
	const char *from;
	size_t n = scalar(s, &from);
	if (!number_ok(from, n))
		return -1;
	memcpy(buf, from, n);
	buf[n] = 0;
	double d = oc_num_parse(buf, &e);
	return e == buf + n && kvj_int_of(d, out) ? 0 : -1;
}

/* The array of strings at p: checked and counted, then copied. */
static int read_strs(kvs *s, oc_strs *out)
{
	const char *start, *f, *t;
	size_t n = 0;
	if (peek(s) != '[')
		return -1;
	s->p++;
	ws(s);
	start = s->p;
	if (peek(s) == ']') {
		s->p++;
		return 0;
	}
	for (;;) { /* any element but a string is refused */
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
	if ((out->v = oc_arena_alloc(s->a, n * sizeof *out->v)) == NULL)
		return -1;
	for (const char *q = start; out->n < n; ) {
		while (*q != '"')
			q++;
		t = string_end(q + 1, s->p);
		if (t == NULL || copy_str(s, q + 1, t, &out->v[out->n]))
			return -1;
		out->n++;
		q = t + 1;
	}
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
		return skip_value(s) ? -1 : 0; /* a null, checked */
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

/*
 * The index in t of the member named by the key at p (-1: none), its name
 * read in [*name, *name + *len), and p past its ':'.
 */
static int key(kvs *s, const kvs_table *t, int *idx, const char **name, size_t *len)
{
	const char *f, *to;
	if (peek(s) != '"' || skip_string(s, &f, &to))
		return -1;
	size_t n = (size_t)(to - f);
	if (memchr(f, '\\', n) != NULL) { /* a name written with escapes: compare it read */
		char *k;
		if (copy_str(s, f, to, &k))
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
	*name = f;
	*len = n;
	ws(s);
	if (peek(s) != ':')
		return -1;
	s->p++;
	ws(s);
	return 0;
}

/* The value at p, as a tree, added to the object at *rest (created if NULL) under name. */
static int keep(kvs *s, cJSON **rest, const char *name, size_t len)
{
	const char *from = s->p;
	char *k;
	cJSON *v;
	if (skip_value(s) || (k = oc_arena_strndup(s->a, name, len)) == NULL
	    || (v = cJSON_ParseWithLength(from, (size_t)(s->p - from))) == NULL)
		return -1;
	if (*rest == NULL && (*rest = cJSON_CreateObject()) == NULL)
		return -1;
	return cJSON_AddItemToObject(*rest, k, v) ? 0 : -1;
}

static int object(kvs *s, const kvs_table *t, char *out)
{
	uint32_t seen = 0, present = 0;
	if (peek(s) != '{')
		return -1;
	s->p++;
	s->depth++;
	ws(s);
	if (peek(s) == '}') {
		s->p++;
	} else {
		for (;;) {
			int i, r;
			const char *name;
			size_t len;
			if (key(s, t, &i, &name, &len))
				return -1;
			if (i >= 0 && !(seen & (UINT32_C(1) << i))) { /* the first of duplicates counts */
				seen |= UINT32_C(1) << i;
				if ((r = member(s, &t->m[i], out)) < 0)
					return -1;
				if (r)
					present |= UINT32_C(1) << i;
			} else if (i < 0 && t->keep_rest) {
				if (keep(s, (cJSON **)(out + t->rest), name, len))
					return -1;
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
	s->depth--;
	for (unsigned i = 0; i < t->n; i++)
		if (t->m[i].required && !(present & (UINT32_C(1) << i)))
			return -1;
	return 0;
}

oc_err kvs_decode(oc_arena *a, const char *json, size_t n, const kvs_table *t, void *out,
	size_t size, const char *desc)
{
	kvs s = { json, json + n, a, 0 };
	memset(out, 0, size);
	oc_arena_bind_json(a);
	if (n >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) /* a byte order mark: cJSON and oc_json_check skip it */
		s.p += 3;
	ws(&s);
	if (object(&s, t, out) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	ws(&s);
	return s.p == s.end ? OC_ERR_NONE : OC_ERR(OC_ERR_SERVER_ERROR, desc);
}
