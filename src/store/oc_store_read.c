/* Client and grant records read inside an op (see oc_store_read.h). */
#include "store/oc_store_read.h"
#include <string.h>

int oc_store_get_client(oc_op *op, const char *client_id)
{
	char *key = oc_kv_client_key(op->arena, client_id);
	if (key == NULL)
		return -1;
	if (!oc_kv_key_fits(key))
		return 1;
	return oc_op_emit(op, OC_FX_KV_GET, key, strlen(key)) != NULL ? 0 : -1;
}

int oc_store_client_result(oc_op *op, const oc_fx_result *r, oc_client *out)
{
	if (r->status == OC_FXR_MISSING)
		return 0;
	if (r->status != OC_FXR_OK)
		return -1;
	return oc_client_decode(op->arena, r->data, r->len, out).code == OC_OK;
}

int oc_store_grant_result(oc_op *op, const oc_fx_result *r, oc_grant *out)
{
	if (r->status == OC_FXR_MISSING)
		return 0;
	if (r->status != OC_FXR_OK)
		return -1;
	return oc_grant_decode(op->arena, r->data, r->len, out).code == OC_OK;
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
