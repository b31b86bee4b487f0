/*
 * POST to introspectionEndpoint: OAuth 2.0 token introspection (RFC 7662),
 * this project's addition (the reference has no such endpoint).
 *
 *   START   the content type (application/x-www-form-urlencoded, else 400
 *           invalid_request), then ask for the body
 *   BODY    the form (repeats refused as at the token endpoint), the caller's
 *           client credentials (oc_client_creds_read, as the token endpoint
 *           reads them), then one batch: the caller's client record and,
 *           when "token" is an access token string whose records can exist,
 *           its access token record and its grant
 *   LOADED  the caller authenticated as at the token endpoint
 *           (oc_client_authenticate; a public client, which proves nothing,
 *           is refused too; private_key_jwt: ASSERTING, the jti's replay
 *           marker read, then written, oc_flow_assertion.c): else 401 invalid_client with a Basic challenge
 *           (RFC 7662 §2.3, RFC 6749 §5.2); no "token": 400 invalid_request
 *           "token is required"; then the answer
 *
 * The answer (200, JSON, Cache-Control: no-store) is {"active":true,
 * "scope", "client_id", "sub", "exp", "iat", "aud"?, "token_type":"bearer"}
 * for an access token an API route would accept now: its record exists
 * (the token's id is the SHA-256 of the presented string), it has not
 * expired (exp >= now, as the bearer check), in 1.x it is bound to the
 * configured resource, and its props key unwraps with the presented token.
 * The caller must be the token's client (the record's grant.clientId, else
 * its grant's clientId), or listed in introspectionClients (a resource
 * server). Anything else, unknown, expired, revoked, malformed, another
 * client's, or a refresh token or an authorization code (which no API route
 * accepts), is {"active":false} and nothing more (§2.2). token_type_hint is
 * ignored (§2.1: the server searches every type it supports: access tokens).
 * A failed KV read answers the storage error (oc_store_err.h), never an
 * "active" guess.
 */
#include "op/oc_op_kinds.h"
#include "flow/oc_flow_token.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_scope.h"
#include "base/oc_jsonw.h"
#include "crypto/oc_crypto.h"
#include <string.h>

#define BODY_MAX (64u << 10)
#define MAX_PARAMS 64

enum { START = 0, BODY, LOADED, ASSERTING };

typedef struct {
	oc_form form;
	oc_client_creds creds;
	const oc_form_pair *token;
	char tok_id[OC_TOKEN_ID_LEN + 1];
	int fx_client, fx_rec, fx_grant; /* effect indices into loaded, -1: not asked */
	const oc_fx_result *loaded;      /* the load batch's results (kept over the assertion round) */
	oc_client client;
	oc_tep_assertion assertion;      /* private_key_jwt: the assertion's keys and replay marker */
} intro_state;

static oc_op_status fail(oc_op *op, oc_err e)
{
	return oc_http_token_error(op, e, e.code == OC_ERR_INVALID_CLIENT);
}

static oc_op_status answer(oc_op *op, const char *body)
{
	oc_http_resp r;
	oc_http_resp_json_no_store(&r, 200, body, strlen(body));
	return oc_http_respond(op, &r);
}

static int emit_get(oc_op *op, const char *key)
{
	if (oc_op_emit_get(op, key) != 0)
		return -1;
	return (int)op->nfx - 1;
}

/* BODY: the parameters, then the client and the token's records in one batch. */
static oc_op_status on_body(oc_op *op, intro_state *s)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	oc_form_limits lim = { BODY_MAX, MAX_PARAMS, OC_FORM_REPEATS | OC_FORM_RAW };
	oc_token_parts parts;
	oc_err e;

	if ((e = oc_http_body_ready(op, req)).code != OC_OK ||
	    (e = oc_form_parse(op->arena, req->body, req->body_len, &lim, &s->form)).code != OC_OK ||
	    (e = oc_tep_check_repeats(op, &s->form)).code != OC_OK ||
	    (e = oc_client_creds_read(op->arena, req->authorization, &s->form, oc_tep_creds_rules(op),
	        &s->creds)).code != OC_OK)
		return fail(op, e);
	s->fx_client = s->fx_rec = s->fx_grant = -1;
	int fits;
	char *ckey = oc_tep_client_key(op, &s->creds, &fits, &e);
	if (ckey == NULL)
		return e.code != OC_OK ? fail(op, e) : OC_OP_FAILED;
	if (!fits) /* no such client can exist */
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", OC_WHY("client-authentication", "client_not_found")));
	if ((s->fx_client = emit_get(op, ckey)) < 0)
		return OC_OP_FAILED;
	s->token = oc_form_get(&s->form, "token");
	if (s->token != NULL && s->token->value_len > 0 &&
	    oc_token_parse(op->arena, s->token->value, s->token->value_len, &parts).code == OC_OK &&
	    oc_kv_user_id_fits(parts.user_id)) {
		oc_token_id(s->tok_id, s->token->value, s->token->value_len);
		if ((s->fx_rec = emit_get(op, oc_kv_token_key(op->arena, parts.user_id, parts.grant_id, s->tok_id))) < 0 ||
		    (s->fx_grant = emit_get(op, oc_kv_grant_key(op->arena, parts.user_id, parts.grant_id))) < 0)
			return OC_OP_FAILED;
	}
	op->state = LOADED;
	return OC_OP_EFFECTS;
}

/* 1 if the caller may learn about a token of owner: its own, or a configured resource server's. */
static int may_introspect(const oc_config *cfg, const char *caller, const char *owner)
{
	if (owner != NULL && strcmp(owner, caller) == 0)
		return 1;
	for (size_t i = 0; i < cfg->nintrospection_clients; i++)
		if (strcmp(cfg->introspection_clients[i], caller) == 0)
			return 1;
	return 0;
}

/* 1.x: the record's audience names a configured resource (oc_resource_audience_registered). */
static int bound(const oc_config *cfg, const oc_kv_strs *aud)
{
	return cfg->profile->audience != OC_PROFILE_AUDIENCE_CONFIGURED || oc_resource_audience_registered(cfg, aud);
}

/* The RFC 7662 §2.2 answer for a live token. */
static oc_op_status active(oc_op *op, const oc_access_rec *rec, const char *owner)
{
	const char *scope = oc_scope_join(op->arena, rec->has_scope ? &rec->scope : &rec->grant.scope);
	oc_jsonw w;
	if (scope == NULL)
		return OC_OP_FAILED;
	oc_jsonw_init(&w, op->arena, 512);
	oc_jsonw_lit(&w, "{\"active\":true,\"scope\":");
	oc_jsonw_cstr(&w, scope);
	oc_jsonw_lit(&w, ",\"client_id\":");
	oc_jsonw_cstr(&w, owner);
	oc_jsonw_lit(&w, ",\"sub\":");
	oc_jsonw_cstr(&w, rec->user_id);
	oc_jsonw_lit(&w, ",\"exp\":");
	oc_jsonw_int(&w, rec->expires_at);
	oc_jsonw_lit(&w, ",\"iat\":");
	oc_jsonw_int(&w, rec->created_at);
	if (rec->audience.form == OC_KV_STRING) {
		oc_jsonw_lit(&w, ",\"aud\":");
		oc_jsonw_cstr(&w, rec->audience.list.v[0]);
	} else if (rec->audience.form == OC_KV_ARRAY) {
		oc_jsonw_lit(&w, ",\"aud\":");
		oc_jsonw_strs(&w, &rec->audience.list);
	}
	oc_jsonw_lit(&w, ",\"token_type\":\"bearer\"}");
	char *body = oc_jsonw_finish(&w, NULL);
	return body ? answer(op, body) : OC_OP_FAILED;
}

static oc_op_status authenticated(oc_op *op, intro_state *s);

/* The private_key_jwt round (first: begun; else a batch's results), by its verdict (oc_tep_assert_round). */
static oc_op_status asserting(oc_op *op, intro_state *s, int first)
{
	oc_err e;
	switch (oc_tep_assert_round(op, first, &s->client, &s->creds, &s->assertion, ASSERTING, &e)) {
	case OC_TEP_WAIT:
		return OC_OP_EFFECTS;
	case OC_TEP_GO:
		return authenticated(op, s);
	case OC_TEP_REFUSE:
		return fail(op, e);
	default:
		return OC_OP_FAILED;
	}
}

/* LOADED: the caller first (a public client, which proves nothing, refused too), then the token. */
static oc_op_status on_loaded(oc_op *op, intro_state *s)
{
	const oc_fx_result *rc = &op->res[s->fx_client];
	int jwt;
	oc_err e;

	for (uint32_t i = 0; i < op->nres; i++)
		if (op->res[i].status != OC_FXR_OK && op->res[i].status != OC_FXR_MISSING)
			return fail(op, oc_store_fx_err(&op->res[i], OC_STORE_ERR_HTTP));
	s->loaded = op->res;
	if (rc->status == OC_FXR_MISSING)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", OC_WHY("client-authentication", "client_not_found")));
	if (oc_client_decode(op->arena, rc->data, rc->len, &s->client).code != OC_OK)
		return fail(op, OC_ERR_WHY(OC_ERR_SERVER_ERROR, "Stored client is corrupt", OC_WHY("storage", "record_corrupt")));
	if ((e = oc_client_authenticate(op->arena, &s->client, &s->creds, &jwt)).code != OC_OK)
		return fail(op, e);
	if (jwt)
		return asserting(op, s, 1);
	if (s->client.client_secret == NULL || strcmp(s->client.token_endpoint_auth_method, "none") == 0)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client authentication is required for token introspection",
			OC_WHY("token-introspection", "client_authentication_required")));
	return authenticated(op, s);
}

/* The caller is authenticated: what the token is (the load batch's results in s->loaded). */
static oc_op_status authenticated(oc_op *op, intro_state *s)
{
	static const char inactive[] = "{\"active\":false}";
	const oc_fx_result *res = s->loaded;
	oc_access_rec rec;
	oc_grant grant;
	uint8_t key[OC_TOKEN_KEY_LEN];
	oc_err e;

	if (s->token == NULL || s->token->value_len == 0)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "token is required", OC_WHY("token-introspection", "token_missing")));

	if (s->fx_rec < 0 || res[s->fx_rec].status != OC_FXR_OK ||
	    oc_access_rec_decode(op->arena, res[s->fx_rec].data, res[s->fx_rec].len, &rec).code != OC_OK ||
	    !oc_token_id_eq(rec.id, s->tok_id))
		return answer(op, inactive);
	const char *owner = rec.grant.client_id;
	if (owner == NULL && res[s->fx_grant].status == OC_FXR_OK &&
	    oc_grant_decode(op->arena, res[s->fx_grant].data, res[s->fx_grant].len, &grant).code == OC_OK)
		owner = grant.client_id;
	if (owner == NULL || !may_introspect(op->cfg, s->client.client_id, owner) ||
	    rec.expires_at < oc_op_now(op) || !bound(op->cfg, &rec.audience))
		return answer(op, inactive);
	e = oc_token_unwrap(key, s->token->value, s->token->value_len, rec.wrapped_encryption_key,
		strlen(rec.wrapped_encryption_key));
	oc_wipe(key, sizeof key);
	if (e.code != OC_OK)
		return answer(op, inactive);
	return active(op, &rec, owner);
}

oc_op_status oc_flow_introspect(oc_op *op)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	intro_state *s = OC_HTTP_SUB(op);

	switch (op->state) {
	case START:
		if (!oc_tep_is_form(req->content_type))
			return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST,
				"Content-Type must be application/x-www-form-urlencoded",
				OC_WHY("token-introspection", "unsupported_content_type")));
		if ((s = OC_HTTP_SUB(op) = oc_arena_calloc(op->arena, sizeof *s)) == NULL ||
		    oc_http_body_request(op, BODY_MAX) != 0)
			return OC_OP_FAILED;
		op->state = BODY;
		return OC_OP_EFFECTS;
	case BODY:
		return on_body(op, s);
	case LOADED:
		return on_loaded(op, s);
	case ASSERTING:
		return asserting(op, s, 0);
	default:
		return OC_OP_FAILED;
	}
}
