/* The access token record, token:{userId}:{grantId}:{tokenId}. */
#include "store/oc_kv_json.h"
#include "store/oc_kv_scan.h"
#include <string.h>

static const char BAD[] = "malformed token record";
static const char NOENC[] = "cannot encode token record";

static const kvs_member GRANT_PART[] = {
	KVS_M("clientId", KVS_STR, 0, oc_access_rec, grant.client_id),
	KVS_M("scope", KVS_STRS, 1, oc_access_rec, grant.scope),
	KVS_M("encryptedProps", KVS_STR, 1, oc_access_rec, grant.encrypted_props),
};
static const kvs_table GRANT_TABLE = { GRANT_PART, 3, 0, 0 };

/* The members read; "grant" is read into the same struct (offsets from its start). */
static const kvs_member MEMBERS[] = {
	KVS_M("id", KVS_STR, 1, oc_access_rec, id),
	KVS_M("grantId", KVS_STR, 1, oc_access_rec, grant_id),
	KVS_M("userId", KVS_STR, 1, oc_access_rec, user_id),
	KVS_M("createdAt", KVS_INT, 1, oc_access_rec, created_at),
	KVS_M("expiresAt", KVS_INT, 1, oc_access_rec, expires_at),
	KVS_M("audience", KVS_MULTI, 0, oc_access_rec, audience),
	KVS_H("scope", KVS_STRS, 0, oc_access_rec, scope, has_scope),
	KVS_M("wrappedEncryptionKey", KVS_STR, 1, oc_access_rec, wrapped_encryption_key),
	{ "grant", 5, KVS_OBJ, 1, 0, -1, &GRANT_TABLE },
};
static const kvs_table TABLE = { MEMBERS, sizeof MEMBERS / sizeof MEMBERS[0], 0, 0 };

oc_err oc_access_rec_decode(oc_arena *a, const char *json, size_t n, oc_access_rec *t)
{
	return kvs_decode(a, json, n, &TABLE, t, sizeof *t, BAD);
}

/* Written without a tree (oc_jsonw's member writers), as the cJSON tree printed it (tests/c/test_kv_write.c). */
oc_err oc_access_rec_encode(oc_arena *a, const oc_access_rec *t, char **out)
{
	oc_jsonw w;
	*out = NULL;
	if (t->id == NULL || t->grant_id == NULL || t->user_id == NULL
	    || t->wrapped_encryption_key == NULL || t->grant.encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	oc_jsonw_init(&w, a, 640 + strlen(t->grant.encrypted_props));
	oc_jsonw_raw(&w, "{", 1);
	oc_jsonw_str_member(&w, "id", t->id);
	oc_jsonw_str_member(&w, "grantId", t->grant_id);
	oc_jsonw_str_member(&w, "userId", t->user_id);
	oc_jsonw_int_member(&w, "createdAt", t->created_at);
	oc_jsonw_int_member(&w, "expiresAt", t->expires_at);
	kvw_multi(&w, "audience", &t->audience);
	if (t->has_scope)
		(void)oc_jsonw_strs_member(&w, "scope", &t->scope);
	oc_jsonw_str_member(&w, "wrappedEncryptionKey", t->wrapped_encryption_key);
	oc_jsonw_name(&w, "grant");
	oc_jsonw_raw(&w, "{", 1);
	oc_jsonw_str_member(&w, "clientId", t->grant.client_id);
	(void)oc_jsonw_strs_member(&w, "scope", &t->grant.scope);
	oc_jsonw_str_member(&w, "encryptedProps", t->grant.encrypted_props);
	oc_jsonw_raw(&w, "}}", 2);
	return kvw_finish(&w, NOENC, out);
}
