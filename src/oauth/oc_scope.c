/* Scope strings and lists (RFC 6749 §3.3). */
#include "oauth/oc_scope.h"
#include <string.h>

#define OOM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

static int scope_char(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
}

int oc_scope_token_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!scope_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Appends s to out unless already there; out->v has room. */
static void add_unique(oc_strs *out, char *s)
{
	if (!oc_strs_has(out, s))
		out->v[out->n++] = s;
}

oc_err oc_scope_parse(oc_arena *a, const char *s, size_t n, oc_strs *out)
{
	size_t count = 0;
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && !scope_char((unsigned char)s[i]))
			return OC_ERR(OC_ERR_INVALID_SCOPE, "malformed scope");
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			count++;
	}
	if (count == 0)
		return OC_ERR_NONE;
	if ((out->v = oc_arena_alloc(a, count * sizeof *out->v)) == NULL)
		return OOM;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			char *t = oc_arena_strndup(a, s + i, j - i);
			if (t == NULL)
				return OOM;
			add_unique(out, t);
		}
		i = j + 1;
	}
	return OC_ERR_NONE;
}

int oc_scope_subset(const oc_strs *sub, const oc_strs *super)
{
	for (size_t i = 0; i < sub->n; i++)
		if (!oc_strs_has(super, sub->v[i]))
			return 0;
	return 1;
}

oc_err oc_scope_intersect(oc_arena *a, const oc_strs *x, const oc_strs *y, oc_strs *out)
{
	out->v = NULL;
	out->n = 0;
	if (x->n == 0)
		return OC_ERR_NONE;
	if ((out->v = oc_arena_alloc(a, x->n * sizeof *out->v)) == NULL)
		return OOM;
	for (size_t i = 0; i < x->n; i++)
		if (oc_strs_has(y, x->v[i]))
			add_unique(out, x->v[i]);
	return OC_ERR_NONE;
}

char *oc_scope_join(oc_arena *a, const oc_strs *l)
{
	size_t len = 0, at = 0;
	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + 1;
	char *s = oc_arena_alloc(a, len + 1);
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]);
		if (i)
			s[at++] = ' ';
		memcpy(s + at, l->v[i], k);
		at += k;
	}
	s[at] = 0;
	return s;
}

oc_err oc_scope_from_json(oc_arena *a, const cJSON *j, oc_strs *out)
{
	const oc_err bad = OC_ERR(OC_ERR_INVALID_SCOPE, "malformed scope");
	const cJSON *e;
	oc_strs raw;

	out->v = NULL;
	out->n = 0;
	if (!cJSON_IsArray(j))
		return bad;
	cJSON_ArrayForEach(e, j)
		if (!cJSON_IsString(e) || e->valuestring == NULL
		    || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)))
			return bad;
	oc_err err = oc_strs_from_json(a, j, &raw, "malformed scope");
	if (err.code != OC_OK)
		return err; /* out of memory: the elements were checked above */
	out->v = raw.v;
	for (size_t i = 0; i < raw.n; i++)
		add_unique(out, raw.v[i]); /* compacts in place */
	return OC_ERR_NONE;
}

cJSON *oc_scope_to_json(const oc_strs *l)
{
	return oc_strs_to_json(l);
}
