/*
 * tokenExchangeCallback at the token endpoint (authorization_code,
 * refresh_token and token exchange grants), as the reference 1.2.3 runs it:
 * once a code, a refresh token or a subject token passed every check, before
 * anything is minted or written.
 *
 * Asked with {grantType, clientId, subjectClientId, userId, grantId, scope
 * (the grant's), requestedScope (the token's scope so far), resource (the
 * configured resource), props (the grant's, decrypted)}; the shim adds env.
 * The profile's exchange_full_options off (0.10.x): without subjectClientId,
 * resource and env.
 *
 * Its result, as the shim serialises it: three texts joined by NUL bytes,
 *   [ {accessTokenTTL, refreshTokenTTL, refreshTokenIdleTTL,
 *      accessTokenScope, allowCrossClientExchange (true or absent)},
 *     same, now_ms ]
 *   JSON.stringify(newProps)           (empty: undefined)
 *   JSON.stringify(accessTokenProps)   (empty: undefined)
 * where same has bit 1 when accessTokenProps is newProps (the same object),
 * bit 2 when it is the props the callback was given and bit 4 when
 * refreshTokenTTL is a member (0.10.x only; even undefined), bit 8 when
 * newProps is the props the callback was given, and now_ms is the
 * host's clock once the callback returned. Rules, in the reference's order:
 *   - newProps (truthy) become the grant's props, and the access token's
 *     unless accessTokenProps (truthy) is given;
 *   - accessTokenTTL (any value but undefined) replaces the lifetime; it is
 *     checked when the token is minted (an integer >= 60, else
 *     invalid_request "Requested token lifetime must be at least 60
 *     seconds");
 *   - refreshTokenTTL and refreshTokenIdleTTL as the profile's exchange_ttl
 *     says (oc_profile.h; 1.x: code: refreshTokenTTL must be 0 (no refresh
 *     token) or an integer >= 60, else invalid_request; refresh:
 *     refreshTokenIdleTTL an integer >= 60, else invalid_request; each is
 *     ignored by the other grant);
 *   - accessTokenScope (truthy): the token's scope becomes its tokens (a
 *     string: split at spaces) that the grant holds, in its order, repeats
 *     kept: it may widen the request's narrowing up to the grant's scope;
 *     a truthy value that is neither string nor array throws (TypeError);
 *   - code: the grant's props are sealed again under a new key, changed or
 *     not; refresh: only when newProps were given, and the presented refresh
 *     token's wrapped key is then wrapped again;
 *   - access token props that are not the grant's object are sealed under a
 *     key of their own, which only the access token wraps.
 * Token exchange (oc_flow_exchange.c): scope and props are the subject
 * token's (its record's copy of the grant's scope, its props); an exchange
 * across clients is refused first unless allowCrossClientExchange is true;
 * the refresh token's lifetimes are ignored; accessTokenTTL is capped at
 * what the subject token has left; accessTokenScope narrows the subject
 * token's scope; the grant is not written, and the new token's props are
 * accessTokenProps, else newProps, else the subject token's, sealed under a
 * key of their own unless they are the object the callback was given.
 * Undefined (MISSING) changes nothing but the code's re-sealing. A thrown
 * OAuthError answers with its code, description, statusCode (default 400)
 * and headers; invalid_grant first revokes the grant and its tokens when the
 * profile's exchange_invalid_grant_revokes says so (a failed revocation does
 * not change the answer). Anything else thrown
 * escapes fetch() as it was.
 */
#include "flow/oc_flow_token.h"
#include "op/oc_callback.h"
#include "base/oc_jsonw.h"
#include <string.h>

#define INVALID_REQUEST(d) OC_ERR(OC_ERR_INVALID_REQUEST, d)

/* The bits of the result's "same" member. */
#define SAME_AS_NEW_PROPS 1
#define SAME_AS_GIVEN_PROPS 2
#define SAME_HAS_REFRESH_TTL 4
#define SAME_NEW_AS_GIVEN 8

int oc_tep_ttl_valid(double v)
{
	return v >= 60 && v <= OC_TEP_TTL_MAX && v == (double)(int64_t)v;
}

oc_err oc_tep_cb_ask(oc_op *op, oc_tep *t)
{
	static const char name[] = "tokenExchangeCallback";
	oc_err e = oc_token_props_decrypt(op->arena, t->key, t->grant.encrypted_props,
		strlen(t->grant.encrypted_props), &t->props_plain, &t->props_plain_len);
	if (e.code != OC_OK)
		return e;
	oc_jsonw w;
	size_t len;
	oc_jsonw_init(&w, op->arena, 256 + t->props_plain_len);
	oc_jsonw_lit(&w, "{\"grantType\":");
	oc_jsonw_cstr(&w, t->kind == OC_TEP_CODE ? "authorization_code" : t->kind == OC_TEP_REFRESH ? "refresh_token"
		: OC_TEP_EXCHANGE_GRANT);
	oc_jsonw_lit(&w, ",\"clientId\":");
	oc_jsonw_cstr(&w, t->client.client_id);
	if (op->cfg->profile->exchange_full_options) {
		oc_jsonw_lit(&w, ",\"subjectClientId\":");
		oc_jsonw_cstr(&w, t->grant.client_id);
	}
	oc_jsonw_lit(&w, ",\"userId\":");
	oc_jsonw_cstr(&w, t->user_id);
	oc_jsonw_lit(&w, ",\"grantId\":");
	oc_jsonw_cstr(&w, t->grant_id);
	oc_jsonw_lit(&w, ",\"scope\":");
	/* token exchange: the subject token's record's copy of the grant's scope */
	oc_jsonw_strs(&w, t->kind == OC_TEP_EXCHANGE ? &t->rec.grant.scope : &t->grant.scope);
	oc_jsonw_lit(&w, ",\"requestedScope\":");
	oc_jsonw_strs(&w, &t->scope);
	if (op->cfg->profile->exchange_full_options) {
		oc_jsonw_lit(&w, ",\"resource\":");
		oc_jsonw_cstr(&w, oc_tep_resource(op, t));
	}
	oc_jsonw_lit(&w, ",\"props\":");
	oc_jsonw_raw(&w, t->props_plain, t->props_plain_len);
	oc_jsonw_lit(&w, "}");
	char *arg = oc_jsonw_finish(&w, &len);
	oc_fx *fx = arg != NULL ? oc_op_emit(op, OC_FX_CALLBACK, name, sizeof name - 1) : NULL;
	if (fx == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	fx->val = arg;
	fx->val_len = (uint32_t)len;
	return OC_ERR_NONE;
}

/* Seals plaintext under a fresh key into *b64, the key into key. */
static int seal(oc_op *op, const char *json, size_t n, uint8_t key[OC_TOKEN_KEY_LEN], char **b64)
{
	return oc_token_props_encrypt(op->arena, json, n, key, b64).code == OC_OK ? 0 : -1;
}

/* The three texts of an OK result; -1 when they are not as the shim writes them. */
static int split3(const oc_fx_result *r, const char *part[3], size_t len[3])
{
	const char *p = r->data, *end = r->data + r->len;
	for (int i = 0; i < 3; i++) {
		const char *z = i < 2 ? memchr(p, 0, (size_t)(end - p)) : end;
		if (z == NULL)
			return -1;
		part[i] = p;
		len[i] = (size_t)(z - p);
		p = z + (i < 2);
	}
	return 0;
}

/* A JSON text's truthiness as JavaScript reads the value it holds (empty: undefined). */
static int text_truthy(const char *s, size_t n)
{
	static const char *const falsy[] = { "null", "false", "0", "\"\"" };
	if (n == 0)
		return 0;
	for (size_t i = 0; i < sizeof falsy / sizeof *falsy; i++)
		if (strlen(falsy[i]) == n && memcmp(falsy[i], s, n) == 0)
			return 0;
	return 1;
}

/*
 * Token exchange: the grant is not written; the new access token's props are
 * accessTokenProps, else newProps, else the subject token's, sealed under a
 * key of their own unless they are the very object the callback was given.
 */
static oc_tep_cb_verdict exchange_props(oc_op *op, oc_tep *t, const char *part[3], const size_t len[3],
	int new_props, int access_props, int same)
{
	int i = access_props ? 2 : new_props ? 1 : 0;
	if (i == 0 || (same & (i == 2 ? SAME_AS_GIVEN_PROPS : SAME_NEW_AS_GIVEN)))
		return OC_TEP_CB_APPLIED;
	return seal(op, part[i], len[i], t->access_key, &t->access_props) == 0 ? OC_TEP_CB_APPLIED : OC_TEP_CB_FAILED;
}

/* A thrown value: an OAuthError's answer (held for after a revocation), or it escapes. */
static oc_tep_cb_verdict thrown(oc_op *op, oc_tep *t, const oc_fx_result *r)
{
	oc_cb_thrown x;
	oc_cb_thrown_read(r, &x);
	if (x.kind != OC_CB_THROWN_OAUTH)
		return OC_TEP_CB_THROW;
	int rc = oc_cb_error_response(op, &t->cb_answer, x.code, x.description, x.status_code, x.headers,
		OC_WHY_ERROR("token-exchange-callback", "callback_error"));
	if (rc < 0)
		return OC_TEP_CB_FAILED;
	if (rc > 0)
		return OC_TEP_CB_THROW_STATUS;
	t->has_cb_answer = 1;
	const char *code = cJSON_GetStringValue(x.code);
	return code != NULL && strcmp(code, "invalid_grant") == 0 && op->cfg->profile->exchange_invalid_grant_revokes
		? OC_TEP_CB_REVOKE : OC_TEP_CB_ANSWER;
}

/* The result's refreshTokenTTL under OC_PROFILE_EXCHANGE_TTL_CODE_ONLY (oc_profile.h); has: it is a member, even undefined. */
static int refresh_ttl_code_only(oc_tep *t, const cJSON *v, int has, oc_err *err)
{
	if (!has)
		return 0;
	if (t->kind == OC_TEP_REFRESH) {
		*err = INVALID_REQUEST("refreshTokenTTL cannot be changed during refresh token exchange");
		return -1;
	}
	if (v != NULL && !(cJSON_IsNumber(v) && v->valuedouble == (double)(int64_t)v->valuedouble
	        && v->valuedouble >= -OC_TEP_TTL_MAX && v->valuedouble <= OC_TEP_TTL_MAX)) {
		*err = INVALID_REQUEST("refreshTokenTTL must be undefined or an integer number of seconds");
		return -1;
	}
	t->has_refresh_ttl = 1;
	t->refresh_unbounded = v == NULL;
	t->refresh_ttl = v != NULL ? (int64_t)v->valuedouble : 0;
	if (t->refresh_unbounded)
		t->refresh_ttl = 1; /* a refresh token is issued */
	return 0;
}

oc_tep_cb_verdict oc_tep_cb_judge(oc_op *op, oc_tep *t, oc_err *err)
{
	const oc_fx_result *r = &op->res[0];
	const char *part[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 };
	const cJSON *meta = NULL, *fields = NULL, *v;
	int same = 0;

	*err = OC_ERR_NONE;
	if (r->status == OC_FXR_FAILED)
		return thrown(op, t, r);
	if (r->status == OC_FXR_OK) {
		if (split3(r, part, len) != 0 || (meta = cJSON_ParseWithLength(part[0], len[0])) == NULL
		    || !cJSON_IsArray(meta))
			return OC_TEP_CB_FAILED;
		fields = cJSON_GetArrayItem(meta, 0);
		v = cJSON_GetArrayItem(meta, 1);
		same = cJSON_IsNumber(v) ? (int)v->valuedouble : 0;
		v = cJSON_GetArrayItem(meta, 2);
		if (cJSON_IsNumber(v) && v->valuedouble >= op->now_ms)
			op->now_ms = v->valuedouble;
	} else if (r->status != OC_FXR_MISSING) {
		return OC_TEP_CB_FAILED;
	}

	if (t->kind == OC_TEP_EXCHANGE && t->x_cross
	    && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fields, "allowCrossClientExchange"))) {
		*err = OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "The subject token was issued to a different client",
			OC_WHY("token-exchange-grant", "cross_client_subject_token"));
		return OC_TEP_CB_ERROR;
	}
	int new_props = text_truthy(part[1], len[1]), access_props = text_truthy(part[2], len[2]);
	if ((v = cJSON_GetObjectItemCaseSensitive(fields, "accessTokenTTL")) != NULL)
		t->access_ttl = cJSON_IsNumber(v) ? v->valuedouble : -1;
	if (t->kind == OC_TEP_EXCHANGE) {
		/* the refresh token's lifetimes are not the exchange's */
	} else if (op->cfg->profile->exchange_ttl == OC_PROFILE_EXCHANGE_TTL_CODE_ONLY) {
		if (refresh_ttl_code_only(t, cJSON_GetObjectItemCaseSensitive(fields, "refreshTokenTTL"),
		        (same & SAME_HAS_REFRESH_TTL) != 0, err) != 0)
			return OC_TEP_CB_ERROR;
	} else if (t->kind == OC_TEP_CODE && (v = cJSON_GetObjectItemCaseSensitive(fields, "refreshTokenTTL")) != NULL) {
		double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
		if (d != 0 && !oc_tep_ttl_valid(d)) {
			*err = INVALID_REQUEST("refreshTokenTTL must be 0 (no refresh token) or an integer of at least 60 seconds");
			return OC_TEP_CB_ERROR;
		}
		t->has_refresh_ttl = 1;
		t->refresh_ttl = (int64_t)d;
	}
	if (t->kind == OC_TEP_REFRESH && op->cfg->profile->exchange_ttl == OC_PROFILE_EXCHANGE_TTL_CHECKED
	    && (v = cJSON_GetObjectItemCaseSensitive(fields, "refreshTokenIdleTTL")) != NULL) {
		if (!cJSON_IsNumber(v) || !oc_tep_ttl_valid(v->valuedouble)) {
			*err = INVALID_REQUEST("refreshTokenIdleTTL must be an integer of at least 60 seconds");
			return OC_TEP_CB_ERROR;
		}
		t->idle_ttl = (int64_t)v->valuedouble;
	}
	if (oc_cb_truthy(v = cJSON_GetObjectItemCaseSensitive(fields, "accessTokenScope"))) {
		int n = oc_tep_downscope(op, v, t->kind == OC_TEP_EXCHANGE ? &t->x_ceiling : &t->grant.scope,
			&t->scope, NULL);
		if (n == -1)
			return OC_TEP_CB_THROW_SCOPE;
		if (n < 0)
			return OC_TEP_CB_FAILED;
	}

	if (t->kind == OC_TEP_EXCHANGE)
		return exchange_props(op, t, part, len, new_props, access_props, same);
	/* The grant's props: code, always sealed again; refresh, when replaced. */
	if (t->kind == OC_TEP_CODE || new_props) {
		const char *g = new_props ? part[1] : t->props_plain;
		size_t gn = new_props ? len[1] : t->props_plain_len;
		if (seal(op, g, gn, t->key, &t->grant.encrypted_props) != 0)
			return OC_TEP_CB_FAILED;
		if (t->kind == OC_TEP_REFRESH) {
			char *w = oc_arena_alloc(op->arena, OC_TOKEN_WRAPPED_LEN + 1);
			if (w == NULL)
				return OC_TEP_CB_FAILED;
			oc_token_wrap(w, t->tok, t->tok_len, t->key);
			t->presented_wrapped = w;
		}
	}
	/* The access token's: its own unless they are the grant's object. */
	if (access_props && !(same & (new_props ? SAME_AS_NEW_PROPS : SAME_AS_GIVEN_PROPS))) {
		if (seal(op, part[2], len[2], t->access_key, &t->access_props) != 0)
			return OC_TEP_CB_FAILED;
	}
	return OC_TEP_CB_APPLIED;
}
