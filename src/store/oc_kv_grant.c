/* The grant record, grant:{userId}:{grantId}, and its KV key metadata. */
#include "store/oc_kv_json.h"
#include "store/oc_kv_scan.h"
#include "base/oc_json_print.h"
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

/*
 * Member order is the reference's: the code fields, then resource and
 * redirectUri, then the refresh token, expiresAt and the previous token.
 * Written without a tree (oc_jsonw's member writers; the metadata printed by oc_json_print), as
 * the cJSON tree printed it (tests/c/test_kv_write.c).
 */
oc_err oc_grant_encode(oc_arena *a, const oc_grant *g, char **out)
{
	char *meta = NULL;
	oc_jsonw w;
	*out = NULL;
	if (g->id == NULL || g->client_id == NULL || g->user_id == NULL
	    || g->encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (g->metadata != NULL) {
		oc_arena_bind_json(a);
		if ((meta = oc_json_print(g->metadata)) == NULL)
			return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	}
	oc_jsonw_init(&w, a, 1024 + strlen(g->encrypted_props) + (meta ? strlen(meta) : 0));
	oc_jsonw_raw(&w, "{", 1);
	oc_jsonw_str_member(&w, "id", g->id);
	oc_jsonw_str_member(&w, "clientId", g->client_id);
	oc_jsonw_str_member(&w, "userId", g->user_id);
	(void)oc_jsonw_strs_member(&w, "scope", &g->scope);
	if (meta != NULL) {
		oc_jsonw_name(&w, "metadata");
		oc_jsonw_lit(&w, meta);
	}
	oc_jsonw_str_member(&w, "encryptedProps", g->encrypted_props);
	oc_jsonw_int_member(&w, "createdAt", g->created_at);
	oc_jsonw_str_member(&w, "authCodeId", g->auth_code_id);
	oc_jsonw_str_member(&w, "authCodeWrappedKey", g->auth_code_wrapped_key);
	oc_jsonw_str_member(&w, "codeChallenge", g->code_challenge);
	oc_jsonw_str_member(&w, "codeChallengeMethod", g->code_challenge_method);
	kvw_multi(&w, "resource", &g->resource);
	oc_jsonw_str_member(&w, "redirectUri", g->redirect_uri);
	oc_jsonw_str_member(&w, "refreshTokenId", g->refresh_token_id);
	oc_jsonw_str_member(&w, "refreshTokenWrappedKey", g->refresh_token_wrapped_key);
	if (g->has_expires_at)
		oc_jsonw_int_member(&w, "expiresAt", g->expires_at);
	oc_jsonw_str_member(&w, "previousRefreshTokenId", g->previous_refresh_token_id);
	oc_jsonw_str_member(&w, "previousRefreshTokenWrappedKey", g->previous_refresh_token_wrapped_key);
	oc_jsonw_raw(&w, "}", 1);
	return kvw_finish(&w, NOENC, out);
}

oc_err oc_grant_kv_metadata(oc_arena *a, const oc_grant *g, char **out)
{
	oc_jsonw w;
	char *s;
	*out = NULL;
	if (g->client_id == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	oc_jsonw_init(&w, a, 128 + (g->redirect_uri ? strlen(g->redirect_uri) : 0));
	oc_jsonw_raw(&w, "{", 1);
	oc_jsonw_str_member(&w, "clientId", g->client_id);
	kvw_multi(&w, "resource", &g->resource);
	oc_jsonw_str_member(&w, "redirectUri", g->redirect_uri);
	oc_jsonw_raw(&w, "}", 1);
	KVJ_TRY(kvw_finish(&w, NOENC, &s));
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
