/*
 * OC_KIND_EXCHANGE_TOKEN: the exchangeToken() helper (RFC 8693 without HTTP),
 * as 1.2.3 runs it (from oc-oauth-provider/0.10, as 0.10.4 does): the
 * subject token is unwrapped, its client looked up, then the token endpoint's exchange rules (flow/oc_flow_exchange.c) run for
 * that client, with the helper's scope, aud and expiresIn in place of the
 * request's parameters (none of R-TX-01…06, no client authentication, no
 * registered grant types, no resource check before the exchange).
 *
 * Argument: {subjectToken, scope?, aud?, expiresIn?} where expiresIn is a
 * number, or the string "NaN", "Infinity" or "-Infinity" (what the shim
 * reads of a value JSON cannot carry), and a member given as undefined is
 * absent (aud given as null is given).
 *
 * Answers: the token response {access_token, issued_token_type, token_type,
 * expires_in, scope, resource?}; an Error "Invalid or expired subject token"
 * (not "{user}:{grant}:{secret}", no record, expired, or its key does not
 * open) or "Client not found"; a TypeError for a subjectToken that is not a
 * string; an OAuthError with the exchange's code and description for its
 * refusals; and, when the tokenExchangeCallback threw, {"t":"throw"}: the
 * shim rethrows what it threw, after the grant is revoked for an OAuthError
 * invalid_grant (a failed revocation does not change that).
 *
 * Effects: the subject token's record and its grant (one batch), its client,
 * the callback, the new token's record. Under the 0.10.x profile the
 * exchange's rules are 0.10.4's (oc_flow_exchange.c): its refusals of the
 * subject token are invalid_grant, the scope may end empty, aud is resolved
 * against the grant and the answer names a resource only when the new token
 * has an audience; a callback's invalid_grant revokes nothing.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "flow/oc_flow_token.h"
#include "crypto/oc_crypto.h"
#include <math.h>
#include <string.h>

enum { START, LOADED, CLIENT, CALLED, TOKEN_PUT, REVOKING };

#define INVALID "Invalid or expired subject token"

/* An Error of the helper (not an OAuthError): the shim throws new Error(desc). */
static oc_op_status plain_error(oc_op *op, const char *desc)
{
	cJSON *extra = cJSON_CreateObject();
	if (extra == NULL || !cJSON_AddStringToObject(extra, "name", "Error"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, desc), extra);
}

/* What the callback threw is rethrown by the shim as it was. */
static oc_op_status rethrow(oc_op *op)
{
	static const char out[] = "{\"t\":\"throw\"}";
	return oc_op_finish(op, out, sizeof out - 1);
}

/* expiresIn as JavaScript's Number reads what the shim sent. */
static int read_expires(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v))
		return *out = v->valuedouble, 1;
	const char *s = cJSON_GetStringValue(v);
	if (s == NULL)
		return 0;
	if (strcmp(s, "NaN") == 0)
		*out = NAN;
	else if (strcmp(s, "Infinity") == 0)
		*out = INFINITY;
	else if (strcmp(s, "-Infinity") == 0)
		*out = -INFINITY;
	else
		return 0;
	return 1;
}

static oc_op_status start(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const cJSON *tok = args ? cJSON_GetObjectItemCaseSensitive(args, "subjectToken") : NULL;
	const cJSON *exp = args ? cJSON_GetObjectItemCaseSensitive(args, "expiresIn") : NULL;
	oc_tep *t;
	int lookup;

	if (!cJSON_IsString(tok))
		return oc_op_type_error(op, "subjectToken must be a string");
	if ((t = op->flow = oc_arena_calloc(op->arena, sizeof *t)) == NULL)
		return OC_OP_FAILED;
	t->kind = OC_TEP_EXCHANGE;
	t->x_helper = 1;
	t->x_scope = cJSON_GetObjectItemCaseSensitive(args, "scope");
	t->x_aud = cJSON_GetObjectItemCaseSensitive(args, "aud");
	if (exp != NULL && !(t->x_has_expires = read_expires(exp, &t->x_expires)))
		return oc_op_type_error(op, "expiresIn must be a number");
	t->tok = tok->valuestring;
	t->tok_len = strlen(tok->valuestring);
	if (oc_op_args_have_nul(op)
	    || oc_tep_split(op->arena, t->tok, t->tok_len, &t->user_id, &t->grant_id, &lookup) != 0
	    || !lookup || !oc_kv_user_id_fits(t->user_id))
		return plain_error(op, INVALID);
	t->tok_lookup = 1;
	oc_token_id(t->tok_id, t->tok, t->tok_len);
	t->grant_key = oc_kv_grant_key(op->arena, t->user_id, t->grant_id);
	if (oc_op_emit_get(op, oc_kv_token_key(op->arena, t->user_id, t->grant_id, t->tok_id)) != 0
	    || oc_op_emit_get(op, t->grant_key) != 0)
		return OC_OP_FAILED;
	op->state = LOADED;
	return OC_OP_EFFECTS;
}

/* LOADED: the subject token as unwrapToken reads it, then its client. */
static oc_op_status loaded(oc_op *op, oc_tep *t)
{
	const oc_fx_result *rec = &op->res[0], *grant = &op->res[1];
	uint8_t key[OC_TOKEN_KEY_LEN];
	for (int i = 0; i < 2; i++)
		if (op->res[i].status != OC_FXR_OK && op->res[i].status != OC_FXR_MISSING)
			return oc_op_fx_error(op, &op->res[i]);
	if (rec->status != OC_FXR_OK || oc_access_rec_decode(op->arena, rec->data, rec->len, &t->rec).code != OC_OK
	    || t->rec.expires_at < oc_op_now(op) || t->rec.grant.client_id == NULL || t->rec.wrapped_encryption_key == NULL
	    || oc_token_unwrap(key, t->tok, t->tok_len, t->rec.wrapped_encryption_key,
	           strlen(t->rec.wrapped_encryption_key)).code != OC_OK)
		return plain_error(op, INVALID);
	oc_wipe(key, sizeof key);
	t->has_rec = 1;
	if (grant->status == OC_FXR_OK) {
		if (oc_grant_decode(op->arena, grant->data, grant->len, &t->grant).code != OC_OK)
			return oc_op_error(op, OC_ERR(OC_ERR_SERVER_ERROR, "Stored grant is corrupt"));
		t->has_grant = 1;
	}
	oc_op_status answered;
	int r = oc_store_ask_client(op, t->rec.grant.client_id, CLIENT, &answered);
	return r > 0 ? OC_OP_EFFECTS : r == 0 ? plain_error(op, "Client not found") : r == -2 ? answered : OC_OP_FAILED;
}

static oc_op_status mint(oc_op *op, oc_tep *t)
{
	oc_err e = oc_flow_exchange_mint(op, t);
	if (e.code != OC_OK)
		return oc_op_error(op, e);
	if (oc_tep_put_access(op, t) == NULL)
		return OC_OP_FAILED;
	op->state = TOKEN_PUT;
	return OC_OP_EFFECTS;
}

/* CLIENT: the exchange's rules for that client; the callback, if any. */
static oc_op_status with_client(oc_op *op, oc_tep *t)
{
	oc_op_status st;
	oc_err e;
	int r = oc_store_got_client(op, t->rec.grant.client_id, &t->client, &st);
	if (r < 0)
		return st;
	if (r == 0)
		return plain_error(op, "Client not found");
	if ((e = oc_flow_exchange_check(op, t)).code != OC_OK)
		return oc_op_error(op, e);
	if (!op->cfg->has_token_exchange_callback)
		return mint(op, t);
	if ((e = oc_tep_cb_ask(op, t)).code != OC_OK)
		return oc_op_error(op, e);
	op->state = CALLED;
	return OC_OP_EFFECTS;
}

static oc_op_status called(oc_op *op, oc_tep *t)
{
	oc_err e;
	char **ids;
	switch (oc_tep_cb_judge(op, t, &e)) {
	case OC_TEP_CB_APPLIED:
		return mint(op, t);
	case OC_TEP_CB_ERROR:
		return oc_op_error(op, e);
	case OC_TEP_CB_ANSWER:
	case OC_TEP_CB_THROW:
	case OC_TEP_CB_THROW_STATUS:
		return rethrow(op);
	case OC_TEP_CB_REVOKE:
		if ((ids = oc_arena_alloc(op->arena, sizeof *ids)) == NULL)
			return OC_OP_FAILED;
		ids[0] = t->grant_id;
		op->state = REVOKING;
		return oc_revoke_begin(op, &t->rv, t->user_id, ids, 1) > 0 ? OC_OP_EFFECTS : rethrow(op);
	case OC_TEP_CB_THROW_SCOPE:
		return oc_op_type_error(op, "accessTokenScope must be a string or an array");
	default:
		return OC_OP_FAILED;
	}
}

static oc_op_status token_put(oc_op *op, oc_tep *t)
{
	size_t len;
	char *body;
	if (op->res[0].status != OC_FXR_OK)
		return oc_op_fx_error(op, &op->res[0]);
	if ((body = oc_flow_exchange_body(op, t, &len)) == NULL)
		return OC_OP_FAILED;
	cJSON *v = cJSON_ParseWithLength(body, len);
	return v != NULL ? oc_op_value(op, v) : OC_OP_FAILED;
}

oc_op_status oc_helper_exchange_token(oc_op *op)
{
	oc_tep *t = op->flow;
	switch (op->state) {
	case START: return start(op);
	case LOADED: return loaded(op, t);
	case CLIENT: return with_client(op, t);
	case CALLED: return called(op, t);
	case TOKEN_PUT: return token_put(op, t);
	case REVOKING: return oc_revoke_resume(op, &t->rv) > 0 ? OC_OP_EFFECTS : rethrow(op);
	default: return OC_OP_FAILED;
	}
}
