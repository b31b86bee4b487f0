/* A small JSON text writer (see oc_jsonw.h). */
#include "base/oc_jsonw.h"
#include "base/oc_num.h"
#include <string.h>

void oc_jsonw_init(oc_jsonw *w, oc_arena *a, size_t cap)
{
	w->a = a;
	w->n = 0;
	w->err = 0;
	w->cap = cap < 64 ? 64 : cap;
	w->p = oc_arena_alloc(a, w->cap);
	if (w->p == NULL)
		w->err = 1;
}

/* Room for n more bytes plus a NUL; 0 on success. */
static int reserve(oc_jsonw *w, size_t n)
{
	if (w->err)
		return -1;
	if (w->cap - w->n > n)
		return 0;
	size_t cap = w->cap;
	while (cap - w->n <= n) {
		if (cap > (SIZE_MAX >> 2)) {
			w->err = 1;
			return -1;
		}
		cap *= 2;
	}
	char *p = oc_arena_alloc(w->a, cap);
	if (p == NULL) {
		w->err = 1;
		return -1;
	}
	memcpy(p, w->p, w->n);
	w->p = p;
	w->cap = cap;
	return 0;
}

void oc_jsonw_raw(oc_jsonw *w, const char *s, size_t n)
{
	if (reserve(w, n) == 0) {
		memcpy(w->p + w->n, s, n);
		w->n += n;
	}
}

void oc_jsonw_lit(oc_jsonw *w, const char *s)
{
	oc_jsonw_raw(w, s, strlen(s));
}

void oc_jsonw_why(oc_jsonw *w, const char *why)
{
	size_t category = strlen(why) + 1;
	oc_jsonw_raw(w, why, category + strlen(why + category) + 1);
}

/* Bytes that need an escape: controls, '"' and '\\'. */
static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

void oc_jsonw_str(oc_jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (w->err)
		return;
	/*
	 * One pass when the worst case (every byte as \u00xx) already fits;
	 * otherwise the exact room, counted first, not the worst case: a 1 MiB
	 * string takes 1 MiB.
	 */
	if (n > (SIZE_MAX - 2) / 6 || 6 * n + 2 >= w->cap - w->n) {
		size_t room = 2;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			room += !needs_escape(c) ? 1 : c == '"' || c == '\\' || (c >= '\b' && c <= '\r' && c != 0x0b) ? 2 : 6;
		}
		if (room < n || reserve(w, room) != 0) {
			w->err = 1;
			return;
		}
	}
	char *o = w->p + w->n;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!needs_escape(c)) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	w->n = (size_t)(o - w->p);
}

void oc_jsonw_cstr(oc_jsonw *w, const char *s)
{
	oc_jsonw_str(w, s, strlen(s));
}

void oc_jsonw_int(oc_jsonw *w, int64_t v)
{
	oc_jsonw_num(w, (double)v);
}

void oc_jsonw_num(oc_jsonw *w, double v)
{
	char buf[OC_NUM_MAX];
	oc_jsonw_raw(w, buf, oc_num_format(v, buf));
}

char *oc_jsonw_finish(oc_jsonw *w, size_t *len)
{
	if (reserve(w, 0) != 0)
		return NULL;
	w->p[w->n] = '\0';
	if (len)
		*len = w->n;
	return w->p;
}

void oc_jsonw_strs(oc_jsonw *w, const oc_strs *l)
{
	oc_jsonw_lit(w, "[");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			oc_jsonw_lit(w, ",");
		oc_jsonw_cstr(w, l->v[i]);
	}
	oc_jsonw_lit(w, "]");
}

void oc_jsonw_name(oc_jsonw *w, const char *name)
{
	if (w->err)
		return;
	if (w->n == 0 || w->p[w->n - 1] != '{')
		oc_jsonw_raw(w, ",", 1);
	oc_jsonw_cstr(w, name);
	oc_jsonw_raw(w, ":", 1);
}

void oc_jsonw_str_member(oc_jsonw *w, const char *name, const char *s)
{
	if (s == NULL)
		return;
	oc_jsonw_name(w, name);
	oc_jsonw_cstr(w, s);
}

void oc_jsonw_int_member(oc_jsonw *w, const char *name, int64_t v)
{
	oc_jsonw_name(w, name);
	oc_jsonw_int(w, v);
}

int oc_jsonw_strs_member(oc_jsonw *w, const char *name, const oc_strs *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == NULL) {
			w->err = 1;
			return -1;
		}
	oc_jsonw_name(w, name);
	oc_jsonw_strs(w, l);
	return 0;
}
