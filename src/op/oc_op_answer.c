/* The answers of the helper kinds: {"t":"value",…} and {"t":"error",…}. */
#include "op/oc_op_answer.h"
#include "store/oc_store_err.h"
#include "base/oc_json_print.h"
#include <string.h>

cJSON *oc_op_args(oc_op *op)
{
	const char *p;
	size_t n;
	const char *end = NULL;
	if (oc_op_field(op, 0, &p, &n))
		return NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(p, n, &end, 0);
	if (!cJSON_IsObject(j) || end != p + n)
		return NULL;
	return j;
}

static oc_op_status print(oc_op *op, cJSON *o)
{
	char *s = o ? oc_json_print(o) : NULL;
	return oc_op_finish(op, s, s ? strlen(s) : 0);
}

oc_op_status oc_op_value(oc_op *op, cJSON *v)
{
	cJSON *o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddStringToObject(o, "t", "value"))
		return OC_OP_FAILED;
	if (v == NULL && (v = cJSON_CreateNull()) == NULL)
		return OC_OP_FAILED;
	if (!cJSON_AddItemToObject(o, "value", v))
		return OC_OP_FAILED;
	return print(op, o);
}

oc_op_status oc_op_error_ex(oc_op *op, oc_err e, cJSON *extra)
{
	cJSON *o = cJSON_CreateObject();
	if (o == NULL || !cJSON_AddStringToObject(o, "t", "error")
	    || !cJSON_AddStringToObject(o, "code", oc_code_name(e.code))
	    || !cJSON_AddStringToObject(o, "description", e.desc ? e.desc : ""))
		return OC_OP_FAILED;
	if (extra != NULL) {
		cJSON *m = extra->child, *next;
		for (; m != NULL; m = next) {
			next = m->next;
			if (m->string == NULL || cJSON_GetObjectItemCaseSensitive(o, m->string))
				continue;
			if (!cJSON_AddItemToObject(o, m->string, cJSON_DetachItemViaPointer(extra, m)))
				return OC_OP_FAILED;
		}
	}
	return print(op, o);
}

oc_op_status oc_op_error(oc_op *op, oc_err e)
{
	return oc_op_error_ex(op, e, NULL);
}

oc_op_status oc_op_fx_error(oc_op *op, const oc_fx_result *r)
{
	return oc_op_error(op, oc_store_fx_err(r, OC_STORE_ERR_HELPER));
}

int oc_arg_str(const cJSON *o, const char *name, const char **out)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	*out = NULL;
	if (m == NULL || cJSON_IsNull(m))
		return 0;
	if (!cJSON_IsString(m))
		return -1;
	*out = m->valuestring;
	return 0;
}

int oc_arg_strs(oc_arena *a, const cJSON *o, const char *name, int *has, oc_strs *out)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	memset(out, 0, sizeof *out);
	*has = 0;
	if (m == NULL || cJSON_IsNull(m))
		return 0;
	if (!cJSON_IsArray(m) || oc_strs_from_json(a, m, out, "").code != OC_OK)
		return -1;
	*has = 1;
	return 0;
}

uint32_t oc_arg_limit(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(m) || !(m->valuedouble >= 1))
		return 0;
	return m->valuedouble > 1000 ? 1000 : (uint32_t)m->valuedouble;
}

oc_op_status oc_op_type_error(oc_op *op, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", "TypeError"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, desc), x);
}

int oc_op_args_have_nul(const oc_op *op)
{
	const char *p;
	size_t n, slashes = 0;
	if (oc_op_field(op, 0, &p, &n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\') {
			slashes++;
			continue;
		}
		if (slashes % 2 == 1 && n - i >= 5 && memcmp(p + i, "u0000", 5) == 0)
			return 1;
		slashes = 0;
	}
	return 0;
}
