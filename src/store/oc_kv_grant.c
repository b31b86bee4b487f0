/* The grant record, grant:{userId}:{grantId}, and its KV key metadata. */
#include "store/oc_kv_json.h"
#include <string.h>

static const char BAD[] = "malformed grant record";
static const char NOENC[] = "cannot encode grant record";

oc_err oc_grant_decode(oc_arena *a, const char *json, size_t n, oc_grant *g)
{
	cJSON *j;
	memset(g, 0, sizeof *g);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "id", 1, BAD, &g->id));
	KVJ_TRY(kvj_str(j, "clientId", 1, BAD, &g->client_id));
	KVJ_TRY(kvj_str(j, "userId", 1, BAD, &g->user_id));
	KVJ_TRY(kvj_strs(a, j, "scope", 1, BAD, NULL, &g->scope));
	cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "metadata");
	if (m != NULL)
		g->metadata = cJSON_DetachItemViaPointer(j, m);
	KVJ_TRY(kvj_str(j, "encryptedProps", 1, BAD, &g->encrypted_props));
	KVJ_TRY(kvj_int(j, "createdAt", 1, BAD, NULL, &g->created_at));
	KVJ_TRY(kvj_int(j, "expiresAt", 0, BAD, &g->has_expires_at, &g->expires_at));
	KVJ_TRY(kvj_multi(a, j, "resource", BAD, &g->resource));
	KVJ_TRY(kvj_str(j, "redirectUri", 0, BAD, &g->redirect_uri));
	KVJ_TRY(kvj_str(j, "authCodeId", 0, BAD, &g->auth_code_id));
	KVJ_TRY(kvj_str(j, "authCodeWrappedKey", 0, BAD, &g->auth_code_wrapped_key));
	KVJ_TRY(kvj_str(j, "codeChallenge", 0, BAD, &g->code_challenge));
	KVJ_TRY(kvj_str(j, "codeChallengeMethod", 0, BAD, &g->code_challenge_method));
	KVJ_TRY(kvj_str(j, "refreshTokenId", 0, BAD, &g->refresh_token_id));
	KVJ_TRY(kvj_str(j, "refreshTokenWrappedKey", 0, BAD, &g->refresh_token_wrapped_key));
	KVJ_TRY(kvj_str(j, "previousRefreshTokenId", 0, BAD, &g->previous_refresh_token_id));
	KVJ_TRY(kvj_str(j, "previousRefreshTokenWrappedKey", 0, BAD,
		&g->previous_refresh_token_wrapped_key));
	return OC_ERR_NONE;
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
