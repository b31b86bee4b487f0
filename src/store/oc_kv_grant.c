/* The grant record, grant:{userId}:{grantId}, and its KV key metadata. */
#include "store/oc_kv_json.h"
#include "store/oc_kv_scan.h"
#include <string.h>

static const char BAD[] = "malformed grant record";
static const char NOENC[] = "cannot encode grant record";

static const kvs_member MEMBERS[] = {
	KVS_M("id", KVS_STR, 1, oc_grant, id),
	KVS_M("clientId", KVS_STR, 1, oc_grant, client_id),
	KVS_M("userId", KVS_STR, 1, oc_grant, user_id),
	KVS_M("scope", KVS_STRS, 1, oc_grant, scope),
	KVS_M("metadata", KVS_JSON, 0, oc_grant, metadata),
	KVS_M("encryptedProps", KVS_STR, 1, oc_grant, encrypted_props),
	KVS_M("createdAt", KVS_INT, 1, oc_grant, created_at),
	KVS_H("expiresAt", KVS_INT, 0, oc_grant, expires_at, has_expires_at),
	KVS_M("resource", KVS_MULTI, 0, oc_grant, resource),
	KVS_M("redirectUri", KVS_STR, 0, oc_grant, redirect_uri),
	KVS_M("authCodeId", KVS_STR, 0, oc_grant, auth_code_id),
	KVS_M("authCodeWrappedKey", KVS_STR, 0, oc_grant, auth_code_wrapped_key),
	KVS_M("codeChallenge", KVS_STR, 0, oc_grant, code_challenge),
	KVS_M("codeChallengeMethod", KVS_STR, 0, oc_grant, code_challenge_method),
	KVS_M("refreshTokenId", KVS_STR, 0, oc_grant, refresh_token_id),
	KVS_M("refreshTokenWrappedKey", KVS_STR, 0, oc_grant, refresh_token_wrapped_key),
	KVS_M("previousRefreshTokenId", KVS_STR, 0, oc_grant, previous_refresh_token_id),
	KVS_M("previousRefreshTokenWrappedKey", KVS_STR, 0, oc_grant, previous_refresh_token_wrapped_key),
};
static const kvs_table TABLE = { MEMBERS, sizeof MEMBERS / sizeof MEMBERS[0], 0, 0 };

oc_err oc_grant_decode(oc_arena *a, const char *json, size_t n, oc_grant *g)
{
	return kvs_decode(a, json, n, &TABLE, g, sizeof *g, BAD);
}

/* Member order is the reference's: the code fields, then resource and
 * redirectUri, then the refresh token, expiresAt and the previous token. */
oc_err oc_grant_encode(oc_arena *a, const oc_grant *g, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (g->id == NULL || g->client_id == NULL || g->user_id == NULL
	    || g->encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	cJSON *meta = NULL;
	if (j == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (g->metadata != NULL && (meta = cJSON_Duplicate(g->metadata, 1)) == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (kvj_put_str(j, "id", g->id)
	    || kvj_put_str(j, "clientId", g->client_id)
	    || kvj_put_str(j, "userId", g->user_id)
	    || kvj_put_strs(j, "scope", &g->scope)
	    || (meta != NULL && !cJSON_AddItemToObject(j, "metadata", meta))
	    || kvj_put_str(j, "encryptedProps", g->encrypted_props)
	    || kvj_put_int(j, "createdAt", g->created_at)
	    || kvj_put_str(j, "authCodeId", g->auth_code_id)
	    || kvj_put_str(j, "authCodeWrappedKey", g->auth_code_wrapped_key)
	    || kvj_put_str(j, "codeChallenge", g->code_challenge)
	    || kvj_put_str(j, "codeChallengeMethod", g->code_challenge_method)
	    || kvj_put_multi(j, "resource", &g->resource)
	    || kvj_put_str(j, "redirectUri", g->redirect_uri)
	    || kvj_put_str(j, "refreshTokenId", g->refresh_token_id)
	    || kvj_put_str(j, "refreshTokenWrappedKey", g->refresh_token_wrapped_key)
	    || (g->has_expires_at && kvj_put_int(j, "expiresAt", g->expires_at))
	    || kvj_put_str(j, "previousRefreshTokenId", g->previous_refresh_token_id)
	    || kvj_put_str(j, "previousRefreshTokenWrappedKey",
		g->previous_refresh_token_wrapped_key))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	return kvj_print(j, out);
}

oc_err oc_grant_kv_metadata(oc_arena *a, const oc_grant *g, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (g->client_id == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	if (j == NULL
	    || kvj_put_str(j, "clientId", g->client_id)
	    || kvj_put_multi(j, "resource", &g->resource)
	    || kvj_put_str(j, "redirectUri", g->redirect_uri))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	char *s;
	KVJ_TRY(kvj_print(j, &s));
	if (strlen(s) <= OC_KV_METADATA_MAX)
		*out = s;
	return OC_ERR_NONE;
}

const char *oc_grant_kv_metadata_client(const cJSON *meta)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(meta, "clientId");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(meta, "resource");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(meta, "redirectUri");
	if (!cJSON_IsObject(meta) || !cJSON_IsString(c) || !(r == NULL || cJSON_IsString(r) || cJSON_IsArray(r))
	    || !(u == NULL || cJSON_IsString(u)))
		return NULL;
	return c->valuestring;
}
