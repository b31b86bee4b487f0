/*
 * API routes: RFC 6750 bearer check. The token's record is read by its id,
 * checked (expiry, audience), its key unwrapped with the presented token and
 * the props decrypted; the request then goes to the API handler with props
 * and ctx.auth. Every failure is a 401 with a Bearer challenge carrying
 * resource_metadata (RFC 9728) and the required scopes. A token that is not
 * of this provider's issued shape goes to resolveExternalToken when one is
 * configured (oc_flow_bearer_external.c), and so does one without a record
 * when the profile's external_token says so.
 */
#include "op/oc_op_kinds.h"
#include "flow/oc_flow_dispatch.h"
#include "op/oc_http.h"
#include "flow/oc_flow_discovery.h"
#include "token/oc_token.h"
#include "store/oc_kv.h"
#include "store/oc_store_err.h"
#include "crypto/oc_crypto.h"
#include "base/oc_jsonw.h"
#include "token/oc_props_cache.h"
#include "oauth/oc_resource.h"
#include "flow/oc_flow_bearer.h"
#include <string.h>

enum { START, GOT_RECORD, RESOLVED };

typedef struct {
	const char *tok;
	size_t tok_len;
	char id[OC_TOKEN_ID_LEN + 1]; /* the token's KV id: SHA-256 of tok */
} api_state;

char *oc_bearer_challenge(oc_op *op, const oc_http_req *q, const char *error, int audience,
	char **scopes, size_t nscopes)
{
	static const char fixed[] = "Bearer realm=\"OAuth\", resource_metadata=\"\", error=\"\""
		", scope=\"\", error_description=\"Invalid audience\"";
	const oc_config *cfg = op->cfg;
	const char *md = NULL;
	size_t cap = sizeof fixed + (error ? strlen(error) : 0), n = 0;
	if (nscopes == 0 && cfg->profile->challenge_lists_required_scopes && cfg->has_required_scopes) {
		scopes = cfg->required_scopes;
		nscopes = cfg->nrequired_scopes;
	}
	if (!cfg->profile->challenge_metadata_under_resource_only || oc_resource_covers(op->arena, cfg, &q->url) != 0) {
		md = oc_flow_discovery_resource_metadata_url(op, q);
		if (md == NULL)
			return NULL;
		cap += strlen(md);
	}
	for (size_t i = 0; i < nscopes; i++)
		cap += strlen(scopes[i]) + 1;
	char *buf = oc_arena_alloc(op->arena, cap);
	if (buf == NULL)
		return NULL;
#define PUT(s) do { size_t l_ = strlen(s); if (n + l_ >= cap) return NULL; memcpy(buf + n, s, l_); n += l_; } while (0)
	PUT("Bearer realm=\"OAuth\"");
	if (md != NULL) {
		PUT(", resource_metadata=\"");
		PUT(md);
		PUT("\"");
	}
	if (error) {
		PUT(", error=\"");
		PUT(error);
		PUT("\"");
	}
	int first = 1;
	for (size_t i = 0; i < nscopes; i++) {
		if (strcmp(scopes[i], "offline_access") == 0)
			continue;
		PUT(first ? ", scope=\"" : " ");
		PUT(scopes[i]);
		first = 0;
	}
	if (!first)
		PUT("\"");
	if (audience)
		PUT(", error_description=\"Invalid audience\"");
#undef PUT
	buf[n] = 0;
	return buf;
}

/* 401 without credentials: empty body, challenge without an error code. */
static oc_op_status no_credentials(oc_op *op, const oc_http_req *q)
{
	oc_http_resp r;
	char *ch = oc_bearer_challenge(op, q, NULL, 0, NULL, 0);
	if (ch == NULL)
		return OC_OP_FAILED;
	oc_http_resp_init(&r, 401);
	oc_http_resp_header(&r, "Cache-Control", "no-store");
	oc_http_resp_header(&r, "Pragma", "no-cache");
	oc_http_resp_header(&r, "WWW-Authenticate", ch);
	oc_http_resp_cors(op, &r, q);
	return oc_http_respond(op, &r);
}

/* Reasons (onError's internal) of the refusals below. */
#define WHY_NOT_FOUND OC_WHY("protected-resource", "token_not_found")
#define WHY_RECORD OC_WHY("protected-resource", "token_record_invalid")
#define WHY_AUDIENCE OC_WHY("protected-resource", "audience_mismatch")

oc_op_status oc_bearer_invalid_token(oc_op *op, const oc_http_req *q, const char *desc, int audience, const char *why)
{
	oc_http_resp r;
	char *ch = oc_bearer_challenge(op, q, "invalid_token", audience, NULL, 0);
	if (ch == NULL)
		return OC_OP_FAILED;
	oc_http_resp_oauth_error(op, &r, 401, OC_ERR_WHY(OC_ERR_INVALID_TOKEN, desc, why));
	oc_http_resp_header(&r, "WWW-Authenticate", ch);
	oc_http_resp_cors(op, &r, q);
	return oc_http_respond(op, &r);
}

/*
 * The bearer token of an Authorization header, or NULL n == 0 when there is
 * none, as the profile reads it (OC_PROFILE_BEARER_ONE_CREDENTIAL or
 * OC_PROFILE_BEARER_PREFIX).
 */
static void bearer(const oc_config *cfg, oc_slice h, const char **tok, size_t *n)
{
	static const char scheme[] = "bearer";
	int lenient = cfg->profile->bearer == OC_PROFILE_BEARER_ONE_CREDENTIAL;
	size_t i;
	*tok = NULL;
	*n = 0;
	if (h.n <= 7)
		return;
	for (i = 0; i < 6; i++) {
		char c = h.p[i];
		if (lenient ? (char)(c | 0x20) != scheme[i] : c != "Bearer"[i])
			return;
	}
	if (h.p[6] != ' ' && !(lenient && h.p[6] == '\t'))
		return;
	i = 7;
	if (lenient)
		while (i < h.n && (h.p[i] == ' ' || h.p[i] == '\t'))
			i++;
	size_t start = i;
	if (lenient)
		for (; i < h.n; i++)
			if (h.p[i] == ',' || h.p[i] == ' ' || (h.p[i] >= '\t' && h.p[i] <= '\r'))
				return; /* more than one credential */
	*tok = h.p + start;
	*n = h.n - start;
}

/* A token of the issued shape that has no record: resolveExternalToken asked when the profile says so, else 401. */
static oc_op_status no_record(oc_op *op, const oc_http_req *q, api_state *s)
{
	if (!op->cfg->has_external_token_resolver || op->cfg->profile->external_token != OC_PROFILE_EXTERNAL_AUDIENCE)
		return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_NOT_FOUND);
	if (oc_bearer_external_ask(op, s->tok, s->tok_len) != 0)
		return OC_OP_FAILED;
	op->state = RESOLVED;
	return OC_OP_EFFECTS;
}

static oc_op_status got_record(oc_op *op, const oc_http_req *q, api_state *s)
{
	const oc_config *cfg = op->cfg;
	const oc_fx_result *res = &op->res[0];
	oc_access_rec rec;

	if (res->status == OC_FXR_RATE_LIMITED || res->status == OC_FXR_FAILED) {
		oc_http_resp r;
		oc_err e = oc_store_fx_err(res, OC_STORE_ERR_HTTP);
		oc_http_resp_oauth_error(op, &r, oc_code_status(e.code), e);
		oc_http_resp_cors(op, &r, q);
		return oc_http_respond(op, &r);
	}
	if (res->status != OC_FXR_OK)
		return no_record(op, q, s);
	if (oc_access_rec_decode(op->arena, res->data, res->len, &rec).code != OC_OK)
		return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
	/* The binding first, then the expiry (expiresAt == now is still valid). */
	int configured = cfg->profile->audience == OC_PROFILE_AUDIENCE_CONFIGURED;
	if (configured ? !oc_resource_audience_bound(&rec.audience, cfg->resource)
	               : oc_resource_pinned(cfg) && !oc_resource_exactly(&rec.audience, cfg->resource))
		return oc_bearer_invalid_token(op, q, "Access token is not bound to the configured resource", 0,
			OC_WHY("protected-resource", "token_audience_unbound"));
	if (rec.expires_at < oc_op_now(op))
		return oc_bearer_invalid_token(op, q, "Access token expired", 0, OC_WHY("protected-resource", "token_expired"));
	if (configured) {
		/* The request must fall under the token's resource, which is the configured one. */
		int covered = oc_resource_covers(op->arena, cfg, &q->url);
		if (covered < 0)
			return OC_OP_FAILED;
		if (!covered)
			return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1, WHY_AUDIENCE);
	} else if (rec.audience.form != OC_KV_ABSENT) {
		/* 0.10.x: an audience, when stored, must serve the request (origin, query, path prefix). */
		int ok = 0;
		for (size_t i = 0; i < rec.audience.list.n && ok == 0; i++) {
			const char *t = rec.audience.list.v[i];
			ok = oc_resource_audience_serves(op->arena, q->url_text.p, q->url_text.n, t, strlen(t));
		}
		if (ok < 0)
			return OC_OP_FAILED;
		if (!ok)
			return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1, WHY_AUDIENCE);
	}

	/*
	 * The props: remembered for this token id and these exact stored bytes,
	 * or unwrapped and decrypted (and then remembered).
	 */
	const char *props;
	size_t props_len;
	size_t wrapped_len = strlen(rec.wrapped_encryption_key);
	size_t enc_len = strlen(rec.grant.encrypted_props);
	uint8_t ck[32];
	oc_pcache_key(ck, s->id, OC_TOKEN_ID_LEN, rec.wrapped_encryption_key, wrapped_len,
		rec.grant.encrypted_props, enc_len);
	props = oc_pcache_get(ck, &props_len);
	if (props == NULL) {
		uint8_t key[32];
		char *plain;
		if (oc_token_unwrap(key, s->tok, s->tok_len, rec.wrapped_encryption_key,
		        wrapped_len).code != OC_OK) {
			oc_wipe(key, sizeof key);
			return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
		}
		oc_err e = oc_token_props_decrypt(op->arena, key, rec.grant.encrypted_props,
			enc_len, &plain, &props_len);
		oc_wipe(key, sizeof key);
		if (e.code != OC_OK)
			return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
		oc_pcache_put(ck, plain, props_len);
		props = plain;
	}

	/* ctx.auth: the verified token's facts (field order as the reference's). */
	oc_jsonw w;
	const oc_strs *scope = rec.has_scope ? &rec.scope : &rec.grant.scope;
	oc_jsonw_init(&w, op->arena, 256 + s->tok_len);
	oc_jsonw_lit(&w, "{\"token\":");
	oc_jsonw_str(&w, s->tok, s->tok_len);
	if (configured) { /* the resource the token was checked against */
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_cstr(&w, cfg->resource);
	} else if (rec.audience.form == OC_KV_STRING) {
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_cstr(&w, rec.audience.list.v[0]);
	} else if (rec.audience.form == OC_KV_ARRAY) {
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_strs(&w, &rec.audience.list);
	}
	oc_jsonw_lit(&w, ",\"expiresAt\":");
	oc_jsonw_int(&w, rec.expires_at);
	oc_jsonw_lit(&w, ",\"scope\":");
	oc_jsonw_strs(&w, scope);
	oc_jsonw_lit(&w, ",\"userId\":");
	oc_jsonw_cstr(&w, rec.user_id);
	if (rec.grant.client_id != NULL) {
		oc_jsonw_lit(&w, ",\"clientId\":");
		oc_jsonw_cstr(&w, rec.grant.client_id);
	}
	oc_jsonw_lit(&w, "}");
	char *auth_json = oc_jsonw_finish(&w, NULL);
	if (auth_json == NULL)
		return OC_OP_FAILED;

	return oc_bearer_to_api(op, q, props, props_len, auth_json);
}

oc_op_status oc_bearer_to_api(oc_op *op, const oc_http_req *q, const char *props, size_t props_len,
	const char *auth_json)
{
	const oc_config *cfg = op->cfg;
	/* CORS headers for the handler's response, when the request has an Origin. */
	oc_http_resp cors, extra;
	if (q->origin.n) {
		oc_http_resp_init(&cors, 0);
		oc_http_resp_cors(op, &cors, q);
		oc_http_resp_init(&extra, 0);
		for (int i = 0; i < cors.nheaders; i++)
			oc_http_resp_copy_header(&extra, &cors, i);
	}
	int handler = cfg->routes[OC_HTTP_ROUTE(op)].handler;
	return oc_http_to_api(op, handler, props, props_len, cfg->profile->api_context_auth ? auth_json : NULL,
		q->origin.n ? &extra : NULL);
}

oc_op_status oc_flow_bearer(oc_op *op)
{
	oc_http_req *q = OC_HTTP_REQ(op);
	api_state *s = OC_HTTP_SUB(op);

	switch (op->state) {
	case START: {
		oc_token_parts t;
		s = oc_arena_calloc(op->arena, sizeof *s);
		if (s == NULL)
			return OC_OP_FAILED;
		OC_HTTP_SUB(op) = s;
		bearer(op->cfg, q->authorization, &s->tok, &s->tok_len);
		if (s->tok_len == 0)
			return no_credentials(op, q);
		if (oc_token_parse(op->arena, s->tok, s->tok_len, &t).code != OC_OK) {
			if (!op->cfg->has_external_token_resolver)
				return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_NOT_FOUND);
			if (oc_bearer_external_ask(op, s->tok, s->tok_len) != 0)
				return OC_OP_FAILED;
			op->state = RESOLVED;
			return OC_OP_EFFECTS;
		}
		if (!oc_kv_user_id_fits(t.user_id)) /* no record of this user can exist */
			return no_record(op, q, s);
		oc_token_id(s->id, s->tok, s->tok_len);
		char *key = oc_kv_token_key(op->arena, t.user_id, t.grant_id, s->id);
		if (oc_op_emit_get(op, key) != 0)
			return OC_OP_FAILED;
		op->state = GOT_RECORD;
		return OC_OP_EFFECTS;
	}
	case GOT_RECORD:
		return got_record(op, q, s);
	case RESOLVED:
		return oc_bearer_external_judge(op, q, s->tok, s->tok_len);
	default:
		return OC_OP_FAILED;
	}
}
