/*
 * POST to the token endpoint: authorization_code and refresh_token grants,
 * the ID-JAG jwt-bearer grant with enterpriseManagedAuthorization (EMA:
 * oc_flow_ema.c's effects, then the token and the grant written as below),
 * RFC 8693 token exchange with allowTokenExchangeGrant (oc_flow_exchange.c;
 * the subject token's record is read in the load batch, only the new access
 * token is written), client_credentials with allowClientCredentialsGrant
 * (ours), and revocation (RFC 7009) for a body with "token" and no
 * grant_type.
 *
 *   START      content type, ask for the body
 *   BODY       parse the form, read client credentials, pick the grant, fetch
 *              the client and the grant (and, to revoke, the token record)
 *              in one batch
 *   LOADED     authenticate the client (whatever the grant type: its errors
 *              come first; private_key_jwt: ASSERTING, the jti's replay
 *              marker read, then written, oc_flow_assertion.c), refuse an unsupported grant type, then one the
 *              client is not registered for (profile), check the grant; with
 *              a tokenExchangeCallback ask it (oc_flow_token_callback.c), else
 *              mint the tokens, write the access token record
 *   CALLED     the callback's result applied (or its error answered, after
 *              revoking the grant for invalid_grant; or what it threw
 *              escapes), then mint and write as above
 *   TOKEN_PUT  then the grant (what spends the code / rotates the refresh
 *              token), so a failure in between leaves the old state valid
 *   GRANT_PUT  answer
 *   CC_CALLED  client_credentials: the clientCredentialsCallback's props,
 *              then mint as LOADED does (the token, then the grant)
 *   REVOKING   grant revocation (oc_revoke): list its access tokens, delete
 *              them, then the grant; then answer final_err (or 200). A
 *              failed round answers the storage error and leaves the grant,
 *              so the same request again finishes the revocation
 *   RENEW_GET  a success answer (tokens, or 200 to a revocation) for a
 *              client whose registration is due for renewal
 *              (oc_client_renewal_due) is held: its record read again, then
 *   RENEW_PUT  written with a fresh registrationExpiresAt and TTL; then the
 *              held answer, whatever the store said (best effort, as the
 *              reference: the answer is already decided), with the
 *              reference's warning for the log when the read or the write
 *              failed ("Failed to renew client registration <id>:")
 */
#include "flow/oc_flow_token.h"
#include "oauth/oc_client_meta.h"
#include "oauth/oc_ema.h"
#include "oauth/oc_cimd_client.h"
#include "oauth/oc_client_assertion.h"
#include <string.h>

/* Reasons (onError's internal, oc_err.h) of the refusals decided here. */
#define WHY_REQUEST(reason) OC_WHY("token-endpoint-request", reason)
#define WHY_NO_CLIENT OC_WHY("client-authentication", "client_not_found")
#define WHY_CORRUPT OC_WHY("storage", "record_corrupt")

enum { START = 0, BODY, LOADED, CALLED, TOKEN_PUT, GRANT_PUT, REVOKE_TOKEN, REVOKING, RENEW_GET, RENEW_PUT, CC_CALLED, ASSERTING,
	EMA };


/*
 * Every answer carries CORS headers when the request had an Origin. A success
 * for an authenticated client due for renewal is held until its record is
 * written again (RENEW_GET).
 */
static oc_op_status send(oc_op *op, oc_http_resp *r)
{
	oc_tep *t = OC_HTTP_SUB(op);
	oc_http_resp_cors(op, r, OC_HTTP_REQ(op));
	if (r->status >= 200 && r->status < 300 && r->err_code == NULL && t != NULL && t->client.client_id != NULL
	    && oc_client_renewal_due(op->cfg, &t->client, oc_op_now(op))) {
		char *key = oc_kv_client_key(op->arena, t->client.client_id);
		if (oc_op_emit_get(op, key) != 0)
			return OC_OP_FAILED;
		t->held = *r;
		op->state = RENEW_GET;
		return OC_OP_EFFECTS;
	}
	return oc_http_respond(op, r);
}

/* The held answer; with a warning when the store failed the renewal's read or write (res). */
static oc_op_status renewed(oc_op *op, oc_tep *t, const oc_fx_result *res)
{
	static const char pre[] = "Failed to renew client registration ";
	if (res->status == OC_FXR_FAILED || res->status == OC_FXR_RATE_LIMITED) {
		size_t n = strlen(t->client.client_id);
		char *w = oc_arena_alloc(op->arena, sizeof pre + n + 1);
		if (w != NULL) {
			memcpy(w, pre, sizeof pre - 1);
			memcpy(w + sizeof pre - 1, t->client.client_id, n);
			memcpy(w + sizeof pre - 1 + n, ":", 2);
		}
		t->held.warn = w;
	}
	return oc_http_respond(op, &t->held);
}

/* RENEW_GET: the client's current record, written again with a fresh expiry; else the held answer. */
static oc_op_status renew(oc_op *op, oc_tep *t)
{
	const oc_fx_result *r = &op->res[0];
	oc_client c;
	char *key, *json;
	oc_fx *fx;
	if (r->status != OC_FXR_OK || oc_client_decode(op->arena, r->data, r->len, &c).code != OC_OK
	    || oc_client_stamp_expiry(op->cfg, &c, oc_op_now(op)) != 0
	    || oc_client_encode(op->arena, &c, &json).code != OC_OK
	    || (key = oc_kv_client_key(op->arena, c.client_id)) == NULL)
		return renewed(op, t, r);
	if ((fx = oc_op_emit(op, OC_FX_KV_PUT, key, strlen(key))) == NULL)
		return OC_OP_FAILED;
	fx->val = json;
	fx->val_len = (uint32_t)strlen(json);
	fx->ttl = op->cfg->client_registration_ttl;
	op->state = RENEW_PUT;
	return OC_OP_EFFECTS;
}

/*
 * RFC 6749 §5.2 error; the Basic challenge only for invalid_client after Basic
 * was tried; warn: a line for the log; with_request: onError is handed the
 * Request too.
 */
static oc_op_status fail_logged(oc_op *op, oc_err e, int basic, const char *warn, int with_request)
{
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, oc_code_status(e.code), e);
	if (basic && e.code == OC_ERR_INVALID_CLIENT)
		oc_http_resp_header(&r, "WWW-Authenticate", "Basic realm=\"OAuth\"");
	r.warn = warn;
	r.err_request = with_request;
	return send(op, &r);
}

static oc_op_status fail(oc_op *op, oc_err e, int basic)
{
	return fail_logged(op, e, basic, NULL, 0);
}

/* A CIMD client id that does not resolve (R-AUTH-16), logged as the reference logs it, onError handed the Request (R-AUTH-27). */
static oc_op_status cimd_fail(oc_op *op, const char *url, const char *detail, int basic)
{
	return fail_logged(op, oc_cimd_not_found(op->arena, url, detail), basic, oc_cimd_fetch_message(op->arena, url, detail), 1);
}

/* The error a failed effect answers with, or OC_OK. */
static oc_err fx_err(const oc_fx_result *r, int missing_ok)
{
	if (r->status == OC_FXR_OK || (missing_ok && r->status == OC_FXR_MISSING))
		return OC_ERR_NONE;
	return oc_store_fx_err(r, OC_STORE_ERR_HTTP);
}

/*
 * A failed write of the access token or the grant: rate limited, the
 * reference's retryable answer (R-TOKEN-10) with Retry-After; else as any
 * failed effect.
 */
static oc_op_status write_failed(oc_op *op, const oc_fx_result *res)
{
	oc_err e = oc_store_fx_err(res, OC_STORE_ERR_ISSUANCE);
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, oc_code_status(e.code), e);
	if (e.code == OC_ERR_TEMPORARILY_UNAVAILABLE)
		oc_http_resp_header(&r, "Retry-After", OC_STORE_RETRY_AFTER);
	return send(op, &r);
}

static int value_is(const oc_form_pair *p, const char *s)
{
	size_t n = strlen(s);
	return p->value_len == n && memcmp(p->value, s, n) == 0;
}

/*
 * What the request asks for, and the code or token it presents; answered
 * once the client is authenticated (OC_TEP_UNSUPPORTED, OC_TEP_MISSING).
 * Revocation (RFC 7009) is a request with no grant_type and a non-empty
 * token; a parameter sent empty counts as absent (RFC 6749 §3.2). A request
 * with neither lacks a required parameter: invalid_request (RFC 6749 §5.2),
 * where the reference answers unsupported_grant_type.
 */
static void pick_grant(oc_tep *t, const oc_config *cfg)
{
	const oc_form_pair *gt = oc_form_get(&t->form, "grant_type");
	const oc_form_pair *token = oc_form_get(&t->form, "token");
	const char *param;

	if (gt != NULL && gt->value_len == 0)
		gt = NULL;
	if (gt == NULL && token != NULL && token->value_len > 0) {
		t->kind = OC_TEP_REVOKE;
		param = "token";
	} else if (gt == NULL) {
		t->kind = OC_TEP_MISSING;
		return;
	} else if (value_is(gt, "authorization_code")) {
		t->kind = OC_TEP_CODE;
		param = "code";
	} else if (value_is(gt, "refresh_token")) {
		t->kind = OC_TEP_REFRESH;
		param = "refresh_token";
	} else if (cfg->allow_client_credentials && value_is(gt, "client_credentials")) {
		t->kind = OC_TEP_CLIENT;
		return;
	} else if (cfg->allow_token_exchange && value_is(gt, OC_TEP_EXCHANGE_GRANT)) {
		t->kind = OC_TEP_EXCHANGE;
		param = "subject_token";
	} else if (cfg->ema && value_is(gt, OC_EMA_GRANT_TYPE)) {
		t->kind = OC_TEP_EMA;
		return;
	} else {
		t->kind = OC_TEP_UNSUPPORTED;
		return;
	}
	const oc_form_pair *p = oc_form_get(&t->form, param);
	if (p != NULL && p->value_len > 0) {
		t->tok = p->value;
		t->tok_len = p->value_len;
	}
}

/* RFC 6749 §5.2 unauthorized_client: the client's record lists the grant type (or lists none). */
static int grant_registered(const oc_client *c, oc_tep_kind kind)
{
	if (!c->has_grant_types)
		return 1;
	if (kind == OC_TEP_EXCHANGE)
		return oc_strs_has(&c->grant_types, OC_TEP_EXCHANGE_GRANT);
	return oc_strs_has(&c->grant_types, kind == OC_TEP_CODE ? "authorization_code" : "refresh_token")
		|| (kind == OC_TEP_REFRESH && oc_strs_has(&c->grant_types, "authorization_code"));
}

static int emit_get(oc_op *op, const char *key)
{
	if (oc_op_emit_get(op, key) != 0)
		return -1;
	return (int)op->nfx - 1;
}

static oc_op_status on_loaded(oc_op *op, oc_tep *t);

/* BODY: everything decidable without storage, then the load batch. */
static oc_op_status on_body(oc_op *op, oc_tep *t)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	oc_form_limits lim = { OC_TEP_BODY_MAX, OC_TEP_MAX_PARAMS, OC_FORM_REPEATS | OC_FORM_RAW };
	oc_err e;

	if ((e = oc_http_body_ready(op, req)).code != OC_OK)
		return fail(op, oc_err_why(e, op->res[0].status == OC_FXR_MISSING ? WHY_REQUEST("payload_too_large")
			: WHY_REQUEST("malformed_request_body")), 0);
	if ((e = oc_form_parse(op->arena, req->body, req->body_len, &lim, &t->form)).code != OC_OK)
		return fail(op, oc_err_why(e, WHY_REQUEST("malformed_request_body")), 0);
	if ((e = oc_tep_check_repeats(op, &t->form)).code != OC_OK ||
	    (e = oc_client_creds_read(op->arena, req->authorization, &t->form, oc_tep_creds_rules(op),
	        &t->creds)).code != OC_OK)
		return fail(op, e, t->creds.basic_sent);
	pick_grant(t, op->cfg);
	t->fx_client = t->fx_grant = t->fx_rec = -1;
	int fits, r;
	char *ckey = oc_tep_client_key(op, &t->creds, &fits, &e);
	if (ckey == NULL)
		return e.code != OC_OK ? fail(op, e, t->creds.basic_sent) : OC_OP_FAILED;
	char *cid = oc_arena_strndup(op->arena, t->creds.client_id, t->creds.client_id_len);
	if (cid == NULL)
		return OC_OP_FAILED;
	switch (oc_cimd_route_of(op->cfg, cid)) {
	case OC_CIMD_NO_FLAG_SET:
		return oc_http_throw_error(op, OC_CIMD_NO_FLAG); /* R-AUTH-17: an Error */
	case OC_CIMD_FETCH: {
		const char *refused;
		if ((r = oc_cimd_ask(op, cid, &refused)) < 0)
			return OC_OP_FAILED;
		if (r == 0)
			return cimd_fail(op, cid, refused, t->creds.basic_sent);
		t->cimd_url = cid;
		t->fx_client = (int)op->nfx - 1;
		break;
	}
	default:
		if (!fits) /* no such client can exist: nothing to read */
			return on_loaded(op, t);
		if ((t->fx_client = emit_get(op, ckey)) < 0)
			return OC_OP_FAILED;
	}
	int lookup = 0;
	/* A well-formed token of a user whose records' keys cannot fit has no grant to read. */
	if (t->tok != NULL &&
	    (oc_tep_split(op->arena, t->tok, t->tok_len, &t->user_id, &t->grant_id, &lookup) == 0 ||
	     oc_flow_cc_revoke_split(op, t, &lookup) == 0) &&
	    lookup && oc_kv_user_id_fits(t->user_id)) {
		oc_token_id(t->tok_id, t->tok, t->tok_len);
		t->grant_key = oc_kv_grant_key(op->arena, t->user_id, t->grant_id);
		if ((t->fx_grant = emit_get(op, t->grant_key)) < 0)
			return OC_OP_FAILED;
		if ((t->kind == OC_TEP_REVOKE || t->kind == OC_TEP_EXCHANGE) &&
		    (t->fx_rec = emit_get(op, oc_kv_token_key(op->arena, t->user_id, t->grant_id, t->tok_id))) < 0)
			return OC_OP_FAILED;
	}
	t->tok_lookup = lookup;
	op->state = LOADED;
	return OC_OP_EFFECTS;
}

/* Starts deleting the grant and its access tokens (oc_revoke); answers final_err when done. */
static oc_op_status revoke_grant(oc_op *op, oc_tep *t, oc_err final)
{
	char **ids = oc_arena_alloc(op->arena, sizeof *ids);
	if (ids == NULL)
		return OC_OP_FAILED;
	ids[0] = (char *)t->grant_id;
	t->final_err = final;
	op->state = REVOKING;
	int r = oc_revoke_begin(op, &t->rv, t->user_id, ids, 1);
	return r > 0 ? OC_OP_EFFECTS : r < 0 ? OC_OP_FAILED : OC_OP_FAILED;
}

static oc_op_status revocation_done(oc_op *op)
{
	oc_http_resp r;
	oc_http_resp_init(&r, 200);
	oc_http_resp_header(&r, "Content-Type", "text/plain;charset=UTF-8");
	r.body = "";
	r.body_len = 0;
	return send(op, &r);
}

static oc_op_status finish_revoking(oc_op *op, oc_tep *t)
{
	if (t->has_cb_answer)
		return send(op, &t->cb_answer);
	if (t->final_err.code != OC_OK)
		return fail(op, t->final_err, 0);
	return revocation_done(op);
}

/* REVOKING: the next round of oc_revoke, then the answer. */
static oc_op_status on_revoking(oc_op *op, oc_tep *t)
{
	int r = oc_revoke_resume(op, &t->rv);
	if (r > 0)
		return OC_OP_EFFECTS;
	if (r < 0 && t->rv.failed != NULL && t->has_cb_answer)
		return send(op, &t->cb_answer); /* the callback's answer stands, revoked or not */
	if (r < 0)
		return t->rv.failed ? fail(op, fx_err(t->rv.failed, 1), 0) : OC_OP_FAILED;
	return finish_revoking(op, t);
}

static oc_op_status put_token(oc_op *op, oc_tep *t)
{
	if (oc_tep_put_access(op, t) == NULL)
		return OC_OP_FAILED;
	op->state = TOKEN_PUT;
	return OC_OP_EFFECTS;
}

/* Asks the tokenExchangeCallback, when one is configured; else mints at once. */
static oc_op_status ask_or_mint(oc_op *op, oc_tep *t, oc_op_status (*mint)(oc_op *, oc_tep *))
{
	if (!op->cfg->has_token_exchange_callback)
		return mint(op, t);
	oc_err e = oc_tep_cb_ask(op, t);
	if (e.code != OC_OK)
		return fail(op, e, 0);
	op->state = CALLED;
	return OC_OP_EFFECTS;
}

/* The access token's lifetime as asked, if it is one a token may have. */
static oc_err access_ttl_ok(double ttl)
{
	if (ttl < 60 || (ttl <= OC_TEP_TTL_MAX && !oc_tep_ttl_valid(ttl)))
		return OC_ERR(OC_ERR_INVALID_REQUEST, "Requested token lifetime must be at least 60 seconds");
	if (ttl > OC_TEP_TTL_MAX)
		return OC_ERR(OC_ERR_SERVER_ERROR, "Requested token lifetime is too long");
	return OC_ERR_NONE;
}

static oc_op_status mint_code(oc_op *op, oc_tep *t)
{
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1];
	int refresh = t->has_refresh_ttl ? t->refresh_ttl != 0 : oc_tep_refresh_enabled(op->cfg);
	oc_err e;

	if ((e = access_ttl_ok(t->access_ttl)).code != OC_OK)
		return fail(op, e, 0);
	oc_flow_code_consume(op, t);
	t->expires_in = (int64_t)t->access_ttl;
	if ((e = oc_tep_mint(op, t, refresh, rid, rwrapped)).code != OC_OK)
		return fail(op, e, 0);
	if (refresh) {
		t->grant.refresh_token_id = oc_arena_strndup(op->arena, rid, OC_TOKEN_ID_LEN);
		t->grant.refresh_token_wrapped_key = oc_arena_strndup(op->arena, rwrapped, OC_TOKEN_WRAPPED_LEN);
		if (t->grant.refresh_token_id == NULL || t->grant.refresh_token_wrapped_key == NULL)
			return OC_OP_FAILED;
		t->grant.has_expires_at = t->has_refresh_ttl ? !t->refresh_unbounded : op->cfg->has_refresh_token_ttl;
		t->grant.expires_at = oc_op_now(op) + (t->has_refresh_ttl ? t->refresh_ttl : op->cfg->refresh_token_ttl);
	} else if (op->cfg->profile->code_grant_without_refresh_expires) {
		/* no refresh token: the grant ends with its access token */
		t->grant.has_expires_at = 1;
		t->grant.expires_at = oc_op_now(op) + t->expires_in;
	}
	return put_token(op, t);
}

static oc_op_status exchange_code(oc_op *op, oc_tep *t)
{
	int replay;
	oc_err e;

	if (t->tok == NULL)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Authorization code is required",
			OC_WHY("authorization-code-grant", "code_missing")), 0);
	if (t->user_id == NULL)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Invalid authorization code format",
			OC_WHY("authorization-code-grant", "code_malformed")), 0);
	if ((e = oc_flow_code_check(op, t, &replay)).code != OC_OK)
		return replay ? revoke_grant(op, t, e) : fail(op, e, 0);
	t->access_ttl = op->cfg->access_token_ttl;
	return ask_or_mint(op, t, mint_code);
}

/* After the callback the grant's expiry is checked again at the host's time then, as the reference does. */
static oc_op_status mint_refresh(oc_op *op, oc_tep *t)
{
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1];
	oc_err e;

	if (oc_flow_refresh_expired(op, t))
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Refresh token has expired",
			OC_WHY("refresh-token-grant", "refresh_token_expired")), 0);
	double ttl = oc_flow_refresh_access_ttl(op, t);
	if ((e = access_ttl_ok(ttl)).code != OC_OK)
		return fail(op, e, 0);
	t->expires_in = (int64_t)ttl;
	if ((e = oc_tep_mint(op, t, 1, rid, rwrapped)).code != OC_OK)
		return fail(op, e, 0);
	char *id = oc_arena_strndup(op->arena, rid, OC_TOKEN_ID_LEN);
	char *wrapped = oc_arena_strndup(op->arena, rwrapped, OC_TOKEN_WRAPPED_LEN);
	if (id == NULL || wrapped == NULL)
		return OC_OP_FAILED;
	oc_flow_refresh_rotate(op, t, t->was_previous, id, wrapped);
	return put_token(op, t);
}

/* client_credentials (oc_flow_client_credentials.c): checked, props from the callback, minted. */
static oc_op_status exchange_client(oc_op *op, oc_tep *t, const char *props)
{
	oc_err e;
	if ((e = oc_flow_cc_grant(op, t, props)).code != OC_OK)
		return fail(op, e, 0);
	return put_token(op, t);
}

static oc_op_status exchange_refresh(oc_op *op, oc_tep *t)
{
	oc_err e;

	if (t->tok == NULL)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Refresh token is required",
			OC_WHY("refresh-token-grant", "refresh_token_missing")), 0);
	if (t->user_id == NULL)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Invalid token format",
			OC_WHY("refresh-token-grant", "refresh_token_malformed")), 0);
	if ((e = oc_flow_refresh_check(op, t, &t->was_previous)).code != OC_OK)
		return fail(op, e, 0);
	t->access_ttl = op->cfg->access_token_ttl;
	return ask_or_mint(op, t, mint_refresh);
}

/* Token exchange (oc_flow_exchange.c): minted once the callback, if any, said its word. */
static oc_op_status mint_exchange(oc_op *op, oc_tep *t)
{
	oc_err e = oc_flow_exchange_mint(op, t);
	if (e.code != OC_OK)
		return fail(op, e, 0);
	return put_token(op, t);
}

static oc_op_status exchange_token(oc_op *op, oc_tep *t)
{
	oc_err e;
	if ((e = oc_flow_exchange_params(op, t)).code != OC_OK || (e = oc_flow_exchange_check(op, t)).code != OC_OK)
		return fail(op, e, 0);
	return ask_or_mint(op, t, mint_exchange);
}

/* The token written: the exchange's answer (nothing else is written). */
static oc_op_status exchanged(oc_op *op, oc_tep *t)
{
	size_t len;
	char *body = oc_flow_exchange_body(op, t, &len);
	oc_http_resp r;
	if (body == NULL)
		return OC_OP_FAILED;
	oc_http_resp_json_no_store(&r, 200, body, len);
	return send(op, &r);
}

/* CALLED: the callback's verdict. */
static oc_op_status called(oc_op *op, oc_tep *t)
{
	oc_err e;
	switch (oc_tep_cb_judge(op, t, &e)) {
	case OC_TEP_CB_APPLIED:
		return t->kind == OC_TEP_CODE ? mint_code(op, t) : t->kind == OC_TEP_REFRESH ? mint_refresh(op, t)
			: mint_exchange(op, t);
	case OC_TEP_CB_ERROR:
		return fail(op, e, 0);
	case OC_TEP_CB_ANSWER:
		return send(op, &t->cb_answer);
	case OC_TEP_CB_REVOKE:
		return revoke_grant(op, t, OC_ERR_NONE);
	case OC_TEP_CB_THROW:
		return oc_http_throw(op, NULL);
	case OC_TEP_CB_THROW_STATUS:
		return oc_http_throw(op, "OAuthError statusCode must be an integer from 200 to 599");
	case OC_TEP_CB_THROW_SCOPE:
		return oc_http_throw(op, "accessTokenScope must be a string or an array");
	default:
		return OC_OP_FAILED;
	}
}

static oc_op_status revoke(oc_op *op, oc_tep *t)
{
	switch (oc_tep_revoke_decide(op, t)) {
	case 1:
		return revoke_grant(op, t, OC_ERR_NONE);
	case 0: {
		char *key = oc_kv_token_key(op->arena, t->user_id, t->grant_id, t->tok_id);
		if (key == NULL || oc_op_emit(op, OC_FX_KV_DELETE, key, strlen(key)) == NULL)
			return OC_OP_FAILED;
		op->state = REVOKE_TOKEN;
		return OC_OP_EFFECTS;
	}
	default:
		return revocation_done(op);
	}
}

static oc_op_status authenticated(oc_op *op, oc_tep *t);

/* The ID-JAG grant's round (oc_flow_ema.c): wait, write the token minted, or refuse. */
static oc_op_status ema(oc_op *op, oc_tep *t, int r, oc_err e)
{
	if (r > 0) {
		op->state = EMA;
		return OC_OP_EFFECTS;
	}
	if (r == 0)
		return put_token(op, t);
	return r == -1 ? fail(op, e, 0) : OC_OP_FAILED;
}

/* The private_key_jwt round (first: begun; else a batch's results), by its verdict (oc_tep_assert_round). */
static oc_op_status asserting(oc_op *op, oc_tep *t, int first)
{
	oc_err e;
	switch (oc_tep_assert_round(op, first, &t->client, &t->creds, &t->assertion, ASSERTING, &e)) {
	case OC_TEP_WAIT:
		return OC_OP_EFFECTS;
	case OC_TEP_GO:
		return authenticated(op, t);
	case OC_TEP_REFUSE: /* a failed verification hands onError the Request (R-AUTH-27); a wrong assertion type does not */
		return fail_logged(op, e, 0, NULL, oc_client_assertion_failed(e));
	default:
		return OC_OP_FAILED;
	}
}

/* LOADED: the client first (its errors win), then the grant's rules. No client read: none can exist. */
static oc_op_status on_loaded(oc_op *op, oc_tep *t)
{
	const oc_fx_result *rc = t->fx_client >= 0 ? &op->res[t->fx_client] : NULL;
	int basic = t->creds.basic_sent, jwt;
	oc_err e;

	for (uint32_t i = 0; i < op->nres; i++)
		if ((t->cimd_url == NULL || (int)i != t->fx_client) && (e = fx_err(&op->res[i], 1)).code != OC_OK)
			return fail(op, e, 0);
	t->loaded = op->res;
	if (t->cimd_url != NULL) {
		if ((e = oc_cimd_got(op, t->cimd_url, &t->client)).code == OC_ERR_INVALID_CLIENT_METADATA)
			return cimd_fail(op, t->cimd_url, e.desc, basic);
		if (e.code != OC_OK)
			return OC_OP_FAILED;
		e = oc_client_authenticate_cimd(op->arena, &t->client, &t->creds, &jwt);
	} else {
		if (rc == NULL || rc->status == OC_FXR_MISSING)
			return fail(op, OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", WHY_NO_CLIENT), basic);
		if ((e = oc_client_decode(op->arena, rc->data, rc->len, &t->client)).code != OC_OK)
			return fail(op, OC_ERR_WHY(OC_ERR_SERVER_ERROR, "Stored client is corrupt", WHY_CORRUPT), 0);
		e = oc_client_authenticate(op->arena, &t->client, &t->creds, &jwt);
	}
	if (e.code != OC_OK)
		return fail(op, e, basic);
	if (jwt)
		return asserting(op, t, 1);
	return authenticated(op, t);
}

/* The client is authenticated: the request's own rules (the load batch's results in t->loaded). */
static oc_op_status authenticated(oc_op *op, oc_tep *t)
{
	oc_err e;
	if (t->kind == OC_TEP_MISSING)
		return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "grant_type is required (or token, for revocation)",
			WHY_REQUEST("grant_type_missing")), 0);
	if (t->kind == OC_TEP_UNSUPPORTED)
		return fail(op, OC_ERR_WHY(OC_ERR_UNSUPPORTED_GRANT_TYPE, "Grant type not supported",
			WHY_REQUEST("grant_type_not_supported")), 0);
	if (t->kind == OC_TEP_CLIENT) {
		if ((e = oc_flow_cc_check(op, t)).code != OC_OK)
			return fail(op, e, 0);
		if (!op->cfg->has_client_credentials_callback)
			return exchange_client(op, t, "{}");
		if (oc_flow_cc_call(op, t) != 0)
			return OC_OP_FAILED;
		op->state = CC_CALLED;
		return OC_OP_EFFECTS;
	}
	if (t->kind != OC_TEP_REVOKE && t->kind != OC_TEP_EMA && op->cfg->profile->grant_type_must_be_registered
	    && !grant_registered(&t->client, t->kind))
		return fail(op, OC_ERR_WHY(OC_ERR_UNAUTHORIZED_CLIENT, "The client is not registered for this grant type",
			WHY_REQUEST("grant_type_not_registered")), 0);
	if (op->cfg->profile->resource_checked_before_grant && t->kind != OC_TEP_REVOKE &&
	    (e = oc_tep_resource_check(op, &t->form)).code != OC_OK)
		return fail(op, e, 0);

	if (t->fx_grant >= 0 && t->loaded[t->fx_grant].status == OC_FXR_OK) {
		const oc_fx_result *r = &t->loaded[t->fx_grant];
		if (oc_grant_decode(op->arena, r->data, r->len, &t->grant).code != OC_OK)
			return fail(op, OC_ERR_WHY(OC_ERR_SERVER_ERROR, "Stored grant is corrupt", WHY_CORRUPT), 0);
		t->has_grant = 1;
	}
	if (t->fx_rec >= 0 && t->loaded[t->fx_rec].status == OC_FXR_OK) {
		const oc_fx_result *r = &t->loaded[t->fx_rec];
		t->has_rec = oc_access_rec_decode(op->arena, r->data, r->len, &t->rec).code == OC_OK;
	}
	if (t->kind == OC_TEP_EMA)
		return ema(op, t, oc_flow_ema_begin(op, t, &e), e);
	switch (t->kind) {
	case OC_TEP_CODE: return exchange_code(op, t);
	case OC_TEP_REFRESH: return exchange_refresh(op, t);
	case OC_TEP_EXCHANGE: return exchange_token(op, t);
	default: return revoke(op, t);
	}
}

oc_op_status oc_flow_token(oc_op *op)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	oc_tep *t = OC_HTTP_SUB(op);
	oc_err e;

	switch (op->state) {
	case START:
		if (!oc_tep_is_form(req->content_type))
			return fail(op, OC_ERR_WHY(OC_ERR_INVALID_REQUEST,
				"Content-Type must be application/x-www-form-urlencoded",
				WHY_REQUEST("unsupported_content_type")), 0);
		if ((t = oc_arena_calloc(op->arena, sizeof *t)) == NULL)
			return OC_OP_FAILED;
		OC_HTTP_SUB(op) = t;
		if (oc_http_body_request(op, OC_TEP_BODY_MAX) != 0)
			return OC_OP_FAILED;
		op->state = BODY;
		return OC_OP_EFFECTS;
	case BODY:
		return on_body(op, t);
	case LOADED:
		return on_loaded(op, t);
	case CALLED:
		return called(op, t);
	case TOKEN_PUT:
		if (op->res[0].status != OC_FXR_OK)
			return write_failed(op, &op->res[0]);
		if (t->kind == OC_TEP_EXCHANGE)
			return exchanged(op, t);
		if (oc_tep_put_grant(op, t, &e) == NULL)
			return e.code != OC_OK ? fail(op, e, 0) : OC_OP_FAILED;
		op->state = GRANT_PUT;
		return OC_OP_EFFECTS;
	case GRANT_PUT:
		if (op->res[0].status != OC_FXR_OK)
			return write_failed(op, &op->res[0]);
		return oc_tep_respond(op, t, send);
	case REVOKE_TOKEN:
		if ((e = fx_err(&op->res[0], 1)).code != OC_OK)
			return fail(op, e, 0);
		return revocation_done(op);
	case REVOKING:
		return on_revoking(op, t);
	case RENEW_GET:
		return renew(op, t);
	case RENEW_PUT:
		return renewed(op, t, &op->res[0]);
	case ASSERTING:
		return asserting(op, t, 0);
	case EMA:
		return ema(op, t, oc_flow_ema_step(op, t, &e), e);
	case CC_CALLED: {
		const char *props;
		if ((e = oc_flow_cc_props(op, &op->res[0], &props)).code != OC_OK)
			return fail(op, e, 0);
		return exchange_client(op, t, props);
	}
	default:
		return OC_OP_FAILED;
	}
}
