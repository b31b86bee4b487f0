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
	if (nscopes == 0 && cfg->has_required_scopes) {
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
		int seen = strcmp(scopes[i], "offline_access") == 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(scopes[j], scopes[i]) == 0;
		if (seen)
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
oc_op_status oc_bearer_unauthorized(oc_op *op, const oc_http_req *q, const char *error)
{
	oc_http_resp r;
	char *ch = oc_bearer_challenge(op, q, error, 0, NULL, 0);
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

/* What the check and ctx.auth read from the access record (pointing into the record or the cache). */
typedef struct {
	int64_t expires_at;
	oc_kv_strs audience;
	oc_strs scope;     /* the token's scope, else its grant's */
	char *user_id;
	char *client_id;   /* NULL: absent */
} api_facts;

static void facts_of(const oc_access_rec *rec, api_facts *f)
{
	f->expires_at = rec->expires_at;
	f->audience = rec->audience;
	f->scope = rec->has_scope ? rec->scope : rec->grant.scope;
	f->user_id = rec->user_id;
	f->client_id = rec->grant.client_id;
}

/* Room for the strings of l, NUL-terminated, after a u32 count. */
static size_t strs_room(const oc_strs *l)
{
	size_t n = 4;
	for (size_t i = 0; i < l->n; i++)
		n += strlen(l->v[i]) + 1;
	return n;
}

static char *put_strs(char *p, const oc_strs *l)
{
	uint32_t c = (uint32_t)l->n;
	memcpy(p, &c, 4);
	p += 4;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]) + 1;
		memcpy(p, l->v[i], k);
		p += k;
	}
	return p;
}

static const char *get_strs(oc_arena *a, const char *p, oc_strs *l)
{
	uint32_t c;
	memcpy(&c, p, 4);
	p += 4;
	l->n = c;
	l->v = c ? oc_arena_alloc(a, c * sizeof *l->v) : NULL;
	if (c && l->v == NULL)
		return NULL;
	for (uint32_t i = 0; i < c; i++) {
		l->v[i] = (char *)p;
		p += strlen(p) + 1;
	}
	return p;
}

/*
 * The cache's value for facts and props: expiresAt, the audience's form,
 * whether a clientId is there, the audience and scope lists, userId and
 * clientId (NUL-terminated), then the props. NULL when out of memory.
 */
static char *memo_pack(oc_arena *a, const api_facts *f, const char *props, size_t props_len, size_t *n)
{
	*n = 10 + strs_room(&f->audience.list) + strs_room(&f->scope) + strlen(f->user_id) + 1
		+ (f->client_id ? strlen(f->client_id) + 1 : 0) + props_len;
	char *buf = oc_arena_alloc(a, *n), *p = buf;
	if (buf == NULL)
		return NULL;
	memcpy(p, &f->expires_at, 8);
	p[8] = (char)f->audience.form;
	p[9] = f->client_id != NULL;
	p = put_strs(p + 10, &f->audience.list);
	p = put_strs(p, &f->scope);
	size_t k = strlen(f->user_id) + 1;
	memcpy(p, f->user_id, k);
	p += k;
	if (f->client_id) {
		k = strlen(f->client_id) + 1;
		memcpy(p, f->client_id, k);
		p += k;
	}
	memcpy(p, props, props_len);
	return buf;
}

/* The facts and props of a cache value memo_pack made; -1 when out of memory. */
static int memo_unpack(oc_arena *a, const char *v, size_t n, api_facts *f, const char **props, size_t *props_len)
{
	const char *p = v;
	memcpy(&f->expires_at, p, 8);
	f->audience.form = (oc_kv_form)p[8];
	int has_client = p[9];
	if ((p = get_strs(a, p + 10, &f->audience.list)) == NULL || (p = get_strs(a, p, &f->scope)) == NULL)
		return -1;
	f->user_id = (char *)p;
	p += strlen(p) + 1;
	f->client_id = NULL;
	if (has_client) {
		f->client_id = (char *)p;
		p += strlen(p) + 1;
	}
	*props = p;
	*props_len = n - (size_t)(p - v);
	return 0;
}

static oc_op_status got_record(oc_op *op, const oc_http_req *q, api_state *s)
{
	const oc_config *cfg = op->cfg;
	const oc_fx_result *res = &op->res[0];
	oc_access_rec rec;
	api_facts f;
	const char *props;
	size_t props_len;

	if (res->status == OC_FXR_RATE_LIMITED || res->status == OC_FXR_FAILED) {
		oc_http_resp r;
		oc_err e = oc_store_fx_err(res, OC_STORE_ERR_HTTP);
		oc_http_resp_oauth_error(op, &r, oc_code_status(e.code), e);
		oc_http_resp_cors(op, &r, q);
		return oc_http_respond(op, &r);
	}
	if (res->status != OC_FXR_OK)
		return no_record(op, q, s);
	/*
	 * The facts and props: remembered for this token id and these exact
	 * record bytes, or decoded now (and, once unwrapped and decrypted below,
	 * remembered).
	 */
	size_t memo_len;
	const char *memo = oc_pcache_get(s->id, res->data, res->len, &memo_len);
	if (memo != NULL) {
		if (memo_unpack(op->arena, memo, memo_len, &f, &props, &props_len) != 0)
			return OC_OP_FAILED;
	} else {
		if (oc_access_rec_decode(op->arena, res->data, res->len, &rec).code != OC_OK)
			return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
		facts_of(&rec, &f);
	}
	/* The binding first, then the expiry (expiresAt == now is still valid). */
	int configured = cfg->profile->audience == OC_PROFILE_AUDIENCE_CONFIGURED;
	if (configured ? !oc_resource_audience_bound(&f.audience, cfg->resource)
	               : oc_resource_pinned(cfg) && !oc_resource_exactly(&f.audience, cfg->resource))
		return oc_bearer_invalid_token(op, q, "Access token is not bound to the configured resource", 0,
			OC_WHY("protected-resource", "token_audience_unbound"));
	if (f.expires_at < oc_op_now(op))
		return oc_bearer_invalid_token(op, q, "Access token expired", 0, OC_WHY("protected-resource", "token_expired"));
	if (configured) {
		/* The request must fall under the token's resource, which is the configured one. */
		int covered = oc_resource_covers(op->arena, cfg, &q->url);
		if (covered < 0)
			return OC_OP_FAILED;
		if (!covered)
			return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1, WHY_AUDIENCE);
	} else if (f.audience.form != OC_KV_ABSENT) {
		/* 0.10.x: an audience, when stored, must serve the request (origin, query, path prefix). */
		int ok = 0;
		for (size_t i = 0; i < f.audience.list.n && ok == 0; i++) {
			const char *t = f.audience.list.v[i];
			ok = oc_resource_audience_serves(op->arena, q->url_text.p, q->url_text.n, t, strlen(t));
		}
		if (ok < 0)
			return OC_OP_FAILED;
		if (!ok)
			return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1, WHY_AUDIENCE);
	}

	if (memo == NULL) {
		uint8_t key[32];
		char *plain;
		if (oc_token_unwrap(key, s->tok, s->tok_len, rec.wrapped_encryption_key,
		        strlen(rec.wrapped_encryption_key)).code != OC_OK) {
			oc_wipe(key, sizeof key);
			return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
		}
		oc_err e = oc_token_props_decrypt(op->arena, key, rec.grant.encrypted_props,
			strlen(rec.grant.encrypted_props), &plain, &props_len);
		oc_wipe(key, sizeof key);
		if (e.code != OC_OK)
			return oc_bearer_invalid_token(op, q, "Invalid access token", 0, WHY_RECORD);
		props = plain;
		size_t n;
		char *v = memo_pack(op->arena, &f, props, props_len, &n);
		if (v == NULL)
			return OC_OP_FAILED;
		oc_pcache_put(s->id, res->data, res->len, v, n);
	}

	/* ctx.auth: the verified token's facts (field order as the reference's). */
	oc_jsonw w;
	oc_jsonw_init(&w, op->arena, 256 + s->tok_len);
	oc_jsonw_lit(&w, "{\"token\":");
	oc_jsonw_str(&w, s->tok, s->tok_len);
	if (configured) { /* the resource the token was checked against */
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_cstr(&w, cfg->resource);
	} else if (f.audience.form == OC_KV_STRING) {
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_cstr(&w, f.audience.list.v[0]);
	} else if (f.audience.form == OC_KV_ARRAY) {
		oc_jsonw_lit(&w, ",\"audience\":");
		oc_jsonw_strs(&w, &f.audience.list);
	}
	oc_jsonw_lit(&w, ",\"expiresAt\":");
	oc_jsonw_int(&w, f.expires_at);
	oc_jsonw_lit(&w, ",\"scope\":");
	oc_jsonw_strs(&w, &f.scope);
	oc_jsonw_lit(&w, ",\"userId\":");
	oc_jsonw_cstr(&w, f.user_id);
	if (f.client_id != NULL) {
		oc_jsonw_lit(&w, ",\"clientId\":");
		oc_jsonw_cstr(&w, f.client_id);
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
			return oc_bearer_unauthorized(op, q, NULL);
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
