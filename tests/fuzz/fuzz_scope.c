/* Scope strings and JSON scope arrays: parse, join, reparse, set algebra. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oauth/oc_scope.h"

static int same(const oc_strs *x, const oc_strs *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i], y->v[i]) != 0)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	oc_arena *a = oc_arena_new();
	oc_strs l, l2, i;
	if (a == NULL)
		return 0;
	oc_arena_bind_json(a);
	if (oc_scope_parse(a, s, size, &l).code == OC_OK) {
		char *j = oc_scope_join(a, &l);
		if (j == NULL || oc_scope_parse(a, j, strlen(j), &l2).code != OC_OK || !same(&l, &l2))
			abort();
		if (!oc_scope_subset(&l, &l2) || oc_scope_intersect(a, &l, &l2, &i).code != OC_OK
		    || !same(&l, &i))
			abort();
		cJSON *arr = oc_scope_to_json(&l);
		if (arr == NULL || oc_scope_from_json(a, arr, &l2).code != OC_OK || !same(&l, &l2))
			abort();
	}
	cJSON *j = cJSON_ParseWithLength(s, size);
	if (j != NULL && oc_scope_from_json(a, j, &l).code == OC_OK) {
		char *t = oc_scope_join(a, &l);
		if (t == NULL || oc_scope_parse(a, t, strlen(t), &l2).code != OC_OK || !same(&l, &l2))
			abort();
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
