/* Lists of strings and their JSON array form. */
#include "base/oc_strs.h"
#include <string.h>

int oc_strs_has(const oc_strs *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

int oc_strs_json_has(const cJSON *j, const char *s)
{
	const cJSON *e;
	if (!cJSON_IsArray(j))
		return 0;
	cJSON_ArrayForEach(e, j)
		if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
			return 1;
	return 0;
}

oc_err oc_strs_from_json(oc_arena *a, const cJSON *j, oc_strs *out, const char *desc)
{
	size_t n = 0;
	const cJSON *e;

	out->v = NULL;
	out->n = 0;
	if (!cJSON_IsArray(j))
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	cJSON_ArrayForEach(e, j) {
		if (!cJSON_IsString(e) || e->valuestring == NULL)
			return OC_ERR(OC_ERR_SERVER_ERROR, desc);
		n++;
	}
	if (n == 0)
		return OC_ERR_NONE;
	out->v = oc_arena_alloc(a, n * sizeof *out->v);
	if (out->v == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	cJSON_ArrayForEach(e, j)
		out->v[out->n++] = e->valuestring;
	return OC_ERR_NONE;
}

cJSON *oc_strs_to_json(const oc_strs *l)
{
	cJSON *arr = cJSON_CreateArray();
	if (arr == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		cJSON *s = cJSON_CreateString(l->v[i]);
		if (s == NULL || !cJSON_AddItemToArray(arr, s))
			return NULL; /* the arena reclaims the partial array */
	}
	return arr;
}
