/* Client and grant records read inside an op (see oc_store_read.h). */
#include "store/oc_store_read.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_cimd_client.h"
#include <string.h>

/* {"name":"Error"}: the shim throws an Error (not an OAuthError); NULL out of memory. */
static cJSON *named_error(void)
{
	cJSON *o = cJSON_CreateObject();
	if (o != NULL && cJSON_AddStringToObject(o, "name", "Error") == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

oc_op_status oc_store_cimd_error(oc_op *op, const char *url, const char *detail)
{
	char *msg = oc_cimd_fetch_message(op->arena, url, detail);
	cJSON *extra = cJSON_CreateObject();
	if (msg == NULL || extra == NULL || cJSON_AddStringToObject(extra, "name", "CimdFetchError") == NULL
	    || cJSON_AddStringToObject(extra, "metadataUrl", url) == NULL
	    || cJSON_AddStringToObject(extra, "detail", detail) == NULL
	    || cJSON_AddStringToObject(extra, "warn", msg) == NULL)
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_CLIENT, msg), extra);
}

int oc_store_ask_client(oc_op *op, const char *client_id, int next, oc_op_status *st)
{
	const char *refused;
	int r;
	switch (oc_cimd_route_of(op->cfg, client_id)) {
	case OC_CIMD_NO_FLAG_SET: {
		cJSON *named = named_error();
		*st = named != NULL ? oc_op_error_ex(op, OC_ERR(OC_ERR_SERVER_ERROR, OC_CIMD_NO_FLAG), named) : OC_OP_FAILED;
		return -2;
	}
	case OC_CIMD_FETCH:
		if ((r = oc_cimd_ask(op, client_id, &refused)) == 0) {
			*st = oc_store_cimd_error(op, client_id, refused);
			return -2;
		}
		if (r > 0)
			op->state = next;
		return r;
	default:
		break;
	}
	char *key = oc_kv_client_key(op->arena, client_id);
	if (key == NULL)
		return -1;
	if (!oc_kv_key_fits(key))
		return 0;
	if (oc_op_emit_get(op, key) != 0)
		return -1;
	op->state = next;
	return 1;
}

int oc_store_got_client(oc_op *op, const char *client_id, oc_client *out, oc_op_status *st)
{
	return oc_store_got_client_at(op, 0, client_id, out, st);
}

int oc_store_got_client_at(oc_op *op, uint32_t i, const char *client_id, oc_client *out, oc_op_status *st)
{
	const oc_fx_result *r = &op->res[i];
	if (oc_cimd_route_of(op->cfg, client_id) == OC_CIMD_FETCH) {
		oc_err e = oc_cimd_got(op, client_id, out);
		if (e.code == OC_OK)
			return 1;
		*st = e.code == OC_ERR_INVALID_CLIENT_METADATA ? oc_store_cimd_error(op, client_id, e.desc) : OC_OP_FAILED;
		return -1;
	}
	if (r->status == OC_FXR_MISSING)
		return 0;
	if (r->status != OC_FXR_OK) {
		*st = oc_op_fx_error(op, r);
		return -1;
	}
	return oc_client_decode(op->arena, r->data, r->len, out).code == OC_OK;
}

int oc_store_read_found(oc_op *op, oc_store_found_fn each, void *ctx, oc_op_status *st)
{
	for (uint32_t i = 0; i < op->nres; i++) {
		const oc_fx_result *r = &op->res[i];
		if (r->status == OC_FXR_MISSING)
			continue;
		if (r->status != OC_FXR_OK) {
			*st = oc_op_fx_error(op, r);
			return 0;
		}
		if (each(op, ctx, i, r->data, r->len) != 0) {
			*st = OC_OP_FAILED;
			return 0;
		}
	}
	return 1;
}

int oc_store_list_result(const oc_fx_result *r, const cJSON **keys, const char **cursor)
{
	if (r->status != OC_FXR_OK)
		return -1;
	cJSON *j = cJSON_ParseWithLength(r->data, r->len);
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "cursor");
	*keys = cJSON_GetObjectItemCaseSensitive(j, "keys");
	*cursor = NULL;
	if (!cJSON_IsArray(*keys))
		return -1;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "list_complete")) && cJSON_IsString(cur)
	    && cur->valuestring[0])
		*cursor = cur->valuestring;
	return 0;
}
