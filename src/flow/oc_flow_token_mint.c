/*
 * Minting at the token endpoint (and for the implicit grant at
 * completeAuthorization): a new access token and its KV record, a new
 * refresh token, the grant write that goes with them, and the success answer.
 * The access token carries the grant's props key re-wrapped under its own
 * token string, so the props ciphertext is shared, never re-encrypted;
 * unless a tokenExchangeCallback gave the access token props of its own,
 * sealed under their own key, which only the access token wraps.
 */
#include "flow/oc_flow_token.h"
#include "base/oc_jsonw.h"
#include "oauth/oc_scope.h"
#include "crypto/oc_crypto.h"
#include <string.h>

#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
/* A token that cannot be made for these ids (oc_token_build refused them). */
#define UNMINTABLE OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Invalid grant", OC_WHY("token-issuance", "token_unmintable"))

int oc_tep_refresh_enabled(const oc_config *cfg)
{
	return !(cfg->has_refresh_token_ttl && cfg->refresh_token_ttl == 0);
}

/* oc_tep_mint with the tokens' secrets (each NUL-terminated) drawn. */
static oc_err mint(oc_op *op, oc_tep *t, int issue_refresh, const char *access_secret, const char *refresh_secret,
	char refresh_id[OC_TOKEN_ID_LEN + 1], char refresh_wrapped[OC_TOKEN_WRAPPED_LEN + 1])
{
	const oc_config *cfg = op->cfg;
	int64_t now = oc_op_now(op);
	char id[OC_TOKEN_ID_LEN + 1], wrapped[OC_TOKEN_WRAPPED_LEN + 1];
	oc_access_rec rec;
	oc_err e;

	e = oc_token_build(op->arena, t->user_id, t->grant_id, access_secret, &t->access_token, &t->access_token_len);
	if (e.code != OC_OK)
		return e.code == OC_ERR_SERVER_ERROR ? e : UNMINTABLE;
	oc_token_id(id, t->access_token, t->access_token_len);
	oc_token_wrap(wrapped, t->access_token, t->access_token_len, t->access_props ? t->access_key : t->key);

	memset(&rec, 0, sizeof rec);
	rec.id = oc_arena_strndup(op->arena, id, OC_TOKEN_ID_LEN);
	rec.grant_id = t->grant_id;
	rec.user_id = t->user_id;
	rec.created_at = now;
	rec.expires_at = now + t->expires_in;
	if (t->audience.form != OC_KV_ABSENT) {
		rec.audience = t->audience;
	} else if (cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED) {
		char **v = oc_arena_alloc(op->arena, sizeof *v);
		if (v == NULL)
			return NOMEM;
		v[0] = cfg->resource;
		rec.audience.form = OC_KV_STRING;
		rec.audience.list.v = v;
		rec.audience.list.n = 1;
	}
	rec.has_scope = 1;
	rec.scope = t->scope;
	rec.wrapped_encryption_key = oc_arena_strndup(op->arena, wrapped, OC_TOKEN_WRAPPED_LEN);
	rec.grant.client_id = t->grant.client_id;
	/* the reference's record: a refresh copies the grant's scope, a code exchange the token's */
	rec.grant.scope = t->kind == OC_TEP_REFRESH ? t->grant.scope : t->scope;
	rec.grant.encrypted_props = t->access_props ? t->access_props : t->grant.encrypted_props;
	if (rec.id == NULL || rec.wrapped_encryption_key == NULL)
		return NOMEM;
	if ((e = oc_access_rec_encode(op->arena, &rec, &t->token_json)).code != OC_OK)
		return e;
	if ((t->token_key = oc_kv_token_key(op->arena, t->user_id, t->grant_id, id)) == NULL)
		return NOMEM;

	if (!issue_refresh)
		return OC_ERR_NONE;
	e = oc_token_build(op->arena, t->user_id, t->grant_id, refresh_secret, &t->refresh_token, &t->refresh_token_len);
	if (e.code != OC_OK)
		return e.code == OC_ERR_SERVER_ERROR ? e : UNMINTABLE;
	oc_token_id(refresh_id, t->refresh_token, t->refresh_token_len);
	oc_token_wrap(refresh_wrapped, t->refresh_token, t->refresh_token_len, t->key);
	return OC_ERR_NONE;
}

/* Both secrets of a mint drawn with one call for randomness (one crossing to the host), wiped after. */
oc_err oc_tep_mint(oc_op *op, oc_tep *t, int issue_refresh,
	char refresh_id[OC_TOKEN_ID_LEN + 1], char refresh_wrapped[OC_TOKEN_WRAPPED_LEN + 1])
{
	enum { L = OC_TOKEN_SECRET_LEN };
	char sec[2 * (L + 1)];
	oc_err e = oc_token_random(sec, issue_refresh ? 2 * L : L);
	if (e.code == OC_OK) {
		if (issue_refresh) { /* the second secret after the first one's NUL */
			memmove(sec + L + 1, sec + L, L);
			sec[2 * L + 1] = 0;
		}
		sec[L] = 0;
		e = mint(op, t, issue_refresh, sec, sec + L + 1, refresh_id, refresh_wrapped);
	}
	oc_wipe(sec, sizeof sec);
	return e;
}

oc_fx *oc_tep_put_access(oc_op *op, oc_tep *t)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_KV_PUT, t->token_key, strlen(t->token_key));
	if (fx == NULL)
		return NULL;
	fx->val = t->token_json;
	fx->val_len = (uint32_t)strlen(t->token_json);
	fx->expiration = (uint32_t)(oc_op_now(op) + t->expires_in);
	return fx;
}

oc_fx *oc_tep_put_grant(oc_op *op, oc_tep *t, oc_err *e)
{
	int64_t now = oc_op_now(op), exp = 0;
	char *json, *meta = NULL;
	oc_fx *fx;

	if ((*e = oc_grant_encode(op->arena, &t->grant, &json)).code != OC_OK ||
	    (op->cfg->profile->grant_kv_metadata &&
	     (*e = oc_grant_kv_metadata(op->arena, &t->grant, &meta)).code != OC_OK))
		return NULL;
	if (t->grant.has_expires_at)
		exp = t->grant.expires_at;
	else if (t->grant.refresh_token_id == NULL
	         && (t->kind != OC_TEP_CODE || op->cfg->profile->code_grant_without_refresh_expires))
		exp = now + t->expires_in; /* no refresh token: the grant ends with its access token */
	if (exp != 0 && exp < now + OC_TEP_KV_MIN_AHEAD)
		exp = now + OC_TEP_KV_MIN_AHEAD;
	fx = oc_op_emit(op, OC_FX_KV_PUT, t->grant_key, strlen(t->grant_key));
	if (fx == NULL) {
		*e = NOMEM;
		return NULL;
	}
	fx->val = json;
	fx->val_len = (uint32_t)strlen(json);
	if (meta != NULL) {
		fx->meta = meta;
		fx->meta_len = (uint32_t)strlen(meta);
	}
	fx->expiration = (uint32_t)exp;
	return fx;
}

oc_op_status oc_tep_respond(oc_op *op, oc_tep *t, oc_op_status (*send)(oc_op *, oc_http_resp *))
{
	const char *scope = oc_scope_join(op->arena, &t->scope);
	/* "resource": 1.x the configured resource; 0.10.x the access token's audience, if any */
	const char *resource = op->cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED
		? oc_tep_resource(op, t) : NULL;
	const oc_kv_strs *aud = t->audience.form != OC_KV_ABSENT && resource == NULL ? &t->audience : NULL;
	oc_http_resp r;
	oc_jsonw w;
	size_t len;

	if (scope == NULL)
		return OC_OP_FAILED;
	/* Members in the reference's order; printed as cJSON would print them. */
	oc_jsonw_init(&w, op->arena, 512);
	oc_jsonw_lit(&w, "{\"access_token\":");
	oc_jsonw_cstr(&w, t->access_token);
	oc_jsonw_lit(&w, ",\"token_type\":\"bearer\",\"expires_in\":");
	oc_jsonw_int(&w, t->expires_in);
	if (t->kind == OC_TEP_REFRESH && t->refresh_token) {
		oc_jsonw_lit(&w, ",\"refresh_token\":");
		oc_jsonw_cstr(&w, t->refresh_token);
	}
	oc_jsonw_lit(&w, ",\"scope\":");
	oc_jsonw_cstr(&w, scope);
	if (resource) {
		oc_jsonw_lit(&w, ",\"resource\":");
		oc_jsonw_cstr(&w, resource);
	}
	if (t->kind == OC_TEP_CODE && t->refresh_token) {
		oc_jsonw_lit(&w, ",\"refresh_token\":");
		oc_jsonw_cstr(&w, t->refresh_token);
	}
	if (aud != NULL) { /* 0.10.x: what the token is bound to, last */
		oc_jsonw_lit(&w, ",\"resource\":");
		if (aud->form == OC_KV_STRING)
			oc_jsonw_cstr(&w, aud->list.v[0]);
		else
			oc_jsonw_strs(&w, &aud->list);
	}
	oc_jsonw_lit(&w, "}");
	char *body = oc_jsonw_finish(&w, &len);
	if (body == NULL)
		return OC_OP_FAILED;
	oc_http_resp_json_no_store(&r, 200, body, len);
	return send(op, &r);
}
