/* The access token record, token:{userId}:{grantId}:{tokenId}. */
#include "store/oc_kv_json.h"
#include <string.h>

static const char BAD[] = "malformed token record";
static const char NOENC[] = "cannot encode token record";

oc_err oc_access_rec_decode(oc_arena *a, const char *json, size_t n, oc_access_rec *t)
{
	cJSON *j;
	memset(t, 0, sizeof *t);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "id", 1, BAD, &t->id));
	KVJ_TRY(kvj_str(j, "grantId", 1, BAD, &t->grant_id));
	KVJ_TRY(kvj_str(j, "userId", 1, BAD, &t->user_id));
	KVJ_TRY(kvj_int(j, "createdAt", 1, BAD, NULL, &t->created_at));
	KVJ_TRY(kvj_int(j, "expiresAt", 1, BAD, NULL, &t->expires_at));
	KVJ_TRY(kvj_multi(a, j, "audience", BAD, &t->audience));
	KVJ_TRY(kvj_strs(a, j, "scope", 0, BAD, &t->has_scope, &t->scope));
	KVJ_TRY(kvj_str(j, "wrappedEncryptionKey", 1, BAD, &t->wrapped_encryption_key));
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(j, "grant");
	if (!cJSON_IsObject(g))
		return OC_ERR(OC_ERR_SERVER_ERROR, BAD);
	KVJ_TRY(kvj_str(g, "clientId", 0, BAD, &t->grant.client_id));
	KVJ_TRY(kvj_strs(a, g, "scope", 1, BAD, NULL, &t->grant.scope));
	KVJ_TRY(kvj_str(g, "encryptedProps", 1, BAD, &t->grant.encrypted_props));
	return OC_ERR_NONE;
}

oc_err oc_access_rec_encode(oc_arena *a, const oc_access_rec *t, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (t->id == NULL || t->grant_id == NULL || t->user_id == NULL
	    || t->wrapped_encryption_key == NULL || t->grant.encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject(), *g = cJSON_CreateObject();
	if (j == NULL || g == NULL
	    || kvj_put_str(j, "id", t->id)
	    || kvj_put_str(j, "grantId", t->grant_id)
	    || kvj_put_str(j, "userId", t->user_id)
	    || kvj_put_int(j, "createdAt", t->created_at)
	    || kvj_put_int(j, "expiresAt", t->expires_at)
	    || kvj_put_multi(j, "audience", &t->audience)
	    || (t->has_scope && kvj_put_strs(j, "scope", &t->scope))
	    || kvj_put_str(j, "wrappedEncryptionKey", t->wrapped_encryption_key)
	    || kvj_put_str(g, "clientId", t->grant.client_id)
	    || kvj_put_strs(g, "scope", &t->grant.scope)
	    || kvj_put_str(g, "encryptedProps", t->grant.encrypted_props)
	    || !cJSON_AddItemToObject(j, "grant", g))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	return kvj_print(j, out);
}
