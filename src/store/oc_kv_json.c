/* Typed JSON member access for the KV record codecs. */
#include "store/oc_kv_json.h"
#include "base/oc_json_print.h"
#include "base/oc_num.h"
#include <math.h>
#include <string.h>

#define OOM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

/* The member, or NULL when missing or null. */
static const cJSON *member(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNull(m) ? NULL : m;
}

int kvj_int_of(double d, int64_t *out)
{
	if (!isfinite(d) || floor(d) != d || fabs(d) > 9007199254740992.0)
		return 0;
	*out = (int64_t)d;
	return 1;
}

oc_err kvj_multi(oc_arena *a, const cJSON *o, const char *name, const char *desc,
	oc_kv_strs *out)
{
	const cJSON *m = member(o, name);
	out->form = OC_KV_ABSENT;
	out->list.v = NULL;
	out->list.n = 0;
	if (m == NULL)
		return OC_ERR_NONE;
	if (cJSON_IsArray(m)) {
		oc_err e = oc_strs_from_json(a, m, &out->list, desc);
		if (e.code == OC_OK)
			out->form = OC_KV_ARRAY;
		return e;
	}
	if (!cJSON_IsString(m) || m->valuestring == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	out->list.v = oc_arena_alloc(a, sizeof *out->list.v);
	if (out->list.v == NULL)
		return OOM;
	out->list.v[0] = m->valuestring;
	out->list.n = 1;
	out->form = OC_KV_STRING;
	return OC_ERR_NONE;
}

int kvj_put_str(cJSON *o, const char *name, const char *s)
{
	if (s == NULL)
		return 0;
	return cJSON_AddStringToObject(o, name, s) ? 0 : -1;
}

int kvj_put_int(cJSON *o, const char *name, int64_t v)
{
	return cJSON_AddNumberToObject(o, name, (double)v) ? 0 : -1;
}

int kvj_put_strs(cJSON *o, const char *name, const oc_strs *l)
{
	cJSON *arr = oc_strs_to_json(l);
	return arr != NULL && cJSON_AddItemToObject(o, name, arr) ? 0 : -1;
}

int kvj_put_multi(cJSON *o, const char *name, const oc_kv_strs *m)
{
	switch (m->form) {
	case OC_KV_STRING:
		return m->list.n == 1 ? kvj_put_str(o, name, m->list.v[0]) : -1;
	case OC_KV_ARRAY:
		return kvj_put_strs(o, name, &m->list);
	default:
		return 0;
	}
}

/*
 * Printed into a buffer of the exact size (oc_json_print), never grown by
 * doubling: a record as large as a 1 MiB registration takes its size once in
 * the op's memory.
 */
oc_err kvj_print(const cJSON *o, char **out)
{
	*out = oc_json_print(o);
	return *out == NULL ? OOM : OC_ERR_NONE;
}

void kvw_multi(oc_jsonw *w, const char *name, const oc_kv_strs *m)
{
	switch (m->form) {
	case OC_KV_STRING:
		if (m->list.n != 1)
			w->err = 1;
		else
			oc_jsonw_str_member(w, name, m->list.v[0]);
		return;
	case OC_KV_ARRAY:
		(void)oc_jsonw_strs_member(w, name, &m->list);
		return;
	default:
		return;
	}
}

oc_err kvw_finish(oc_jsonw *w, const char *desc, char **out)
{
	*out = oc_jsonw_finish(w, NULL);
	return *out == NULL ? OC_ERR(OC_ERR_SERVER_ERROR, desc) : OC_ERR_NONE;
}
