/*
 * The client_credentials grant (RFC 6749 §4.4), this project's addition
 * behind allowClientCredentialsGrant: a confidential client registered for
 * it obtains an access token for itself, scoped within its allowedScopes,
 * with no refresh token. The token lives in the same KV layout as a user's:
 * a grant whose subject is "client:<clientId>" and an access token record,
 * so listUserGrants, revokeGrant, deleteClient, purgeExpiredData and the
 * bearer check treat it as any other; RFC 7009 revokes it at the token
 * endpoint (rules: oc_flow_token.h).
 */
#include "flow/oc_flow_token.h"
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_client_scopes.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include "crypto/oc_crypto.h"
#include <string.h>

#define USER_PREFIX "client:"
#define WHY(reason) OC_WHY("client-credentials-grant", reason)
#define UNAUTHORIZED(d, reason) OC_ERR_WHY(OC_ERR_UNAUTHORIZED_CLIENT, d, WHY(reason))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

oc_err oc_flow_cc_check(oc_op *op, oc_tep *t)
{
	const oc_client *c = &t->client;
	oc_strs allowed;
	oc_err e;

	/* Confidential: authenticated by a stored secret, or by a verified private_key_jwt assertion. */
	if (strcmp(c->token_endpoint_auth_method, "none") == 0 ||
	    (c->client_secret == NULL && t->creds.method != OC_CLIENT_AUTH_JWT))
		return UNAUTHORIZED("Public clients cannot use the client_credentials grant", "public_client");
	if (!c->has_grant_types || !oc_strs_has(&c->grant_types, "client_credentials"))
		return UNAUTHORIZED("The client is not registered for this grant type", "grant_type_not_registered");
	if ((e = oc_tep_resource_check(op, &t->form)).code != OC_OK
	    || (oc_resource_several(op->cfg) && (e = oc_tep_resource_new(op, t)).code != OC_OK)
	    || (e = oc_client_scopes_allowed(op->arena, c, &allowed)).code != OC_OK
	    || (e = oc_client_scopes_select(op->arena, &allowed, oc_form_get(&t->form, "scope"),
	        &t->scope)).code != OC_OK)
		return e;

	size_t n = strlen(c->client_id);
	if ((t->user_id = oc_arena_alloc(op->arena, sizeof USER_PREFIX + n)) == NULL
	    || (t->grant_id = oc_arena_alloc(op->arena, OC_TOKEN_GRANT_ID_LEN + 1)) == NULL)
		return NOMEM;
	memcpy(t->user_id, USER_PREFIX, sizeof USER_PREFIX - 1);
	memcpy(t->user_id + sizeof USER_PREFIX - 1, c->client_id, n + 1);
	if (!oc_kv_user_id_fits(t->user_id))
		return UNAUTHORIZED("The client id is too long for the client_credentials grant", "client_id_too_long");
	if ((e = oc_token_random(t->grant_id, OC_TOKEN_GRANT_ID_LEN)).code != OC_OK)
		return e;
	if ((t->grant_key = oc_kv_grant_key(op->arena, t->user_id, t->grant_id)) == NULL)
		return NOMEM;
	return OC_ERR_NONE;
}

int oc_flow_cc_call(oc_op *op, oc_tep *t)
{
	static const char name[] = "clientCredentialsCallback";
	oc_jsonw w;
	size_t len;
	oc_fx *fx;

	oc_jsonw_init(&w, op->arena, 128);
	oc_jsonw_lit(&w, "{\"clientId\":");
	oc_jsonw_cstr(&w, t->client.client_id);
	oc_jsonw_lit(&w, ",\"scope\":");
	oc_jsonw_strs(&w, &t->scope);
	oc_jsonw_lit(&w, "}");
	char *arg = oc_jsonw_finish(&w, &len);
	if (arg == NULL || (fx = oc_op_emit(op, OC_FX_CALLBACK, name, sizeof name - 1)) == NULL)
		return -1;
	fx->val = arg;
	fx->val_len = (uint32_t)len;
	return 0;
}

oc_err oc_flow_cc_props(oc_op *op, const oc_fx_result *r, const char **props)
{
	static const oc_err failed = { OC_ERR_SERVER_ERROR, "clientCredentialsCallback failed",
		OC_WHY_ERROR("client-credentials-grant", "callback_failed") };
	*props = "{}";
	if (r->status == OC_FXR_MISSING)
		return OC_ERR_NONE;
	if (r->status != OC_FXR_OK)
		return failed;
	oc_arena_bind_json(op->arena);
	cJSON *o = cJSON_ParseWithLength(r->data, r->len);
	if (!cJSON_IsObject(o))
		return failed;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "props");
	if (p != NULL && (*props = oc_json_print(p)) == NULL)
		return NOMEM;
	return OC_ERR_NONE;
}

oc_err oc_flow_cc_grant(oc_op *op, oc_tep *t, const char *props)
{
	const oc_config *cfg = op->cfg;
	int64_t now = oc_op_now(op);
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1];
	oc_grant *g = &t->grant;
	oc_err e;

	memset(g, 0, sizeof *g);
	oc_arena_bind_json(op->arena);
	if ((e = oc_token_props_encrypt(op->arena, props, strlen(props), t->key, &g->encrypted_props)).code != OC_OK)
		return e;
	if ((g->metadata = cJSON_CreateObject()) == NULL
	    || cJSON_AddStringToObject(g->metadata, "grantType", "client_credentials") == NULL)
		return NOMEM;
	g->id = t->grant_id;
	g->client_id = t->client.client_id;
	g->user_id = t->user_id;
	g->scope = t->scope;
	g->created_at = now;
	g->has_expires_at = 1;
	g->expires_at = now + cfg->access_token_ttl;
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED) {
		char **v = oc_arena_alloc(op->arena, sizeof *v);
		if (v == NULL)
			return NOMEM;
		v[0] = (char *)oc_tep_resource(op, t);
		g->resource.form = OC_KV_STRING;
		g->resource.list.v = v;
		g->resource.list.n = 1;
	}
	t->expires_in = cfg->access_token_ttl;
	e = oc_tep_mint(op, t, 0, rid, rwrapped);
	oc_wipe(t->key, sizeof t->key);
	return e;
}

int oc_flow_cc_revoke_split(oc_op *op, oc_tep *t, int *lookup)
{
	const size_t pre = sizeof USER_PREFIX - 1;
	oc_token_parts parts;

	if (t->kind != OC_TEP_REVOKE || !op->cfg->allow_client_credentials ||
	    oc_token_parse(op->arena, t->tok, t->tok_len, &parts).code != OC_OK)
		return -1;
	if (strncmp(parts.user_id, USER_PREFIX, pre) != 0 || strlen(parts.user_id) != pre + t->creds.client_id_len ||
	    memcmp(parts.user_id + pre, t->creds.client_id, t->creds.client_id_len) != 0)
		return -1;
	t->user_id = parts.user_id;
	t->grant_id = parts.grant_id;
	*lookup = 1;
	return 0;
}
