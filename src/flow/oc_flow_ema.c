/*
 * Enterprise-managed authorization at the token endpoint: an ID-JAG
 * presented with the JWT bearer grant (oc_ema.h has the rules), for an
 * authenticated client. Before any effect, under the profile's
 * OC_PROFILE_EMA_RESOURCE_CHOSEN (1.x), the resource the token binds to
 * (oc_tep_resource_new: the request's resource, else the default one;
 * R-EMA-02), in t->audience: the assertion's resource claim must name it, the
 * mapper is told it, the grant and the token are bound to it. Under
 * OC_PROFILE_EMA_RESOURCE_CLAIMED (0.10.x) no resource parameter is read:
 * the claim is matched with the configured resource, and its own resource
 * is bound. The effects, in order:
 *   ISSUER     the trustedIssuers callback ("emaTrustedIssuers": {iss, clientInfo})
 *   CACHE      the issuer's cached key set (one KV get, store/oc_kv_ema.h):
 *              used while younger than jwksCacheTtlSeconds; else, or when
 *              a kid is not in it and it is at least OC_EMA_REFRESH_COOLDOWN
 *              seconds old, fetched again
 *   FETCH      the key set (OC_FX_FETCH: OC_EMA_JWKS_MAX_BYTES, OC_EMA_JWKS_TIMEOUT_MS);
 *              one that does not verify the assertion is cached alone, then
 *              the refusal given (so unknown kids fetch at most once per
 *              cool-down)
 *   MARKER_GET the jti's replay marker read (with the fetched set's cache
 *              write in the same batch)
 *   MARKER_PUT the marker written
 *   MAPPED     the mapClaims callback ("emaMapClaims": {claims, clientInfo,
 *              resource, requestedScope}); its answer's "now" (ms) moves the
 *              op's clock
 * then the grant and its access token are built (the token endpoint writes
 * the token, then the grant, and answers). The profile's ema_alg_untrusted
 * decides how an algorithm the issuer does not list is refused.
 */
#include "flow/oc_flow_token.h"
#include "flow/oc_flow_discovery.h"
#include "oauth/oc_ema.h"
#include "store/oc_kv_ema.h"
#include "store/oc_kv_jwks.h"
#include "op/oc_fetch.h"
#include "jose/oc_jws_verify.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include "crypto/oc_crypto.h"
#include <math.h>
#include <string.h>

#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

enum { ISSUER = 1, CACHE, FETCH, CACHE_PUT_THEN_REFUSE, MARKER_GET, MARKER_PUT, MAPPED };

struct oc_tep_ema {
	int stage;
	oc_ema_assertion as;
	oc_ema_issuer issuer;
	char *client_json;     /* the client as its record holds it (clientInfo) */
	char *cache_key;
	int64_t cached_at;     /* the cached set's fetch time; -1: none cached */
	char *marker_key;
	oc_err refusal;        /* the verdict once a fetched set that did not verify is cached */
	oc_strs requested;     /* the scopes asked for, given to the mapper */
	const char *bound;     /* the resource the grant binds (once the claims are checked) */
};

/* What a refusal or a failure returns: -1 with *e, -2 out of memory. */
static int stop(oc_err got, oc_err *e)
{
	*e = got;
	return got.code == OC_ERR_SERVER_ERROR ? -2 : -1;
}

static int ask(oc_tep_ema *m, int stage)
{
	m->stage = stage;
	return 1;
}

/* Emits the callback name with its argument text. */
static int call(oc_op *op, const char *name, const char *arg, size_t len)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_CALLBACK, name, strlen(name));
	if (fx == NULL)
		return -1;
	fx->val = arg;
	fx->val_len = (uint32_t)len;
	return 0;
}

int oc_flow_ema_begin(oc_op *op, oc_tep *t, oc_err *e)
{
	const oc_form_pair *p = oc_form_get(&t->form, "assertion");
	oc_tep_ema *m;
	oc_jsonw w;
	size_t len;

	if (t->creds.method == OC_CLIENT_AUTH_NONE && !op->cfg->ema_allow_public)
		return stop(OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Enterprise-managed authorization requires client authentication",
			OC_WHY("enterprise-managed-authorization", "client_authentication_required")), e);
	/* 0.10.x reads no resource parameter: the claim's resource is bound (ema_resource) */
	if (op->cfg->profile->ema_resource == OC_PROFILE_EMA_RESOURCE_CHOSEN && (*e = oc_tep_resource_new(op, t)).code != OC_OK)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if ((m = t->ema = oc_arena_calloc(op->arena, sizeof *m)) == NULL)
		return -2;
	m->cached_at = -1;
	if (oc_ema_parse(op->arena, p ? p->value : NULL, p ? p->value_len : 0, &m->as, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if ((*e = oc_client_encode(op->arena, &t->client, &m->client_json)).code != OC_OK)
		return -2;
	oc_jsonw_init(&w, op->arena, 256);
	oc_jsonw_lit(&w, "{\"iss\":");
	oc_jsonw_cstr(&w, m->as.iss);
	oc_jsonw_lit(&w, ",\"clientInfo\":");
	oc_jsonw_lit(&w, m->client_json);
	oc_jsonw_lit(&w, "}");
	char *arg = oc_jsonw_finish(&w, &len);
	if (arg == NULL || call(op, "emaTrustedIssuers", arg, len) != 0)
		return -2;
	return ask(m, ISSUER);
}

static int ask_fetch(oc_op *op, oc_tep_ema *m)
{
	if (oc_fetch_emit(op, m->issuer.jwks_uri, OC_EMA_JWKS_MAX_BYTES, OC_EMA_JWKS_TIMEOUT_MS) == NULL)
		return -2;
	return ask(m, FETCH);
}

/* ISSUER: the resolver's answer checked; then the cached set asked for. */
static int on_issuer(oc_op *op, oc_tep_ema *m, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	const char *json = r->status == OC_FXR_OK ? r->data : NULL;

	if (r->status == OC_FXR_FAILED)
		return stop(oc_ema_refuse(op->arena, OC_EMA_ISSUER_NOT_TRUSTED, oc_ema_member(op->arena, "iss", m->as.iss)), e);
	if (oc_ema_issuer_read(op->arena, json, json ? r->len : 0, m->as.iss, m->as.header.alg,
	        op->cfg->profile->ema_alg_untrusted, &m->issuer, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if ((m->cache_key = oc_kv_ema_jwks_key(op->arena, m->issuer.issuer, m->issuer.jwks_uri)) == NULL
	    || oc_op_emit_get(op, m->cache_key) != 0)
		return -2;
	return ask(m, CACHE);
}

/* The verdict of set on the assertion: 0 verified, 1 no key (a refetch may help), -1 refused (*e). */
static int verify(oc_op *op, oc_tep_ema *m, const oc_jwks *set, oc_err *e)
{
	const oc_jwk *key;
	if (oc_jwks_select(set, m->as.header.alg, m->as.header.kid, &key) != OC_JOSE_OK) {
		const char *kid = m->as.header.kid;
		*e = oc_ema_refuse(op->arena, OC_EMA_NO_MATCHING_KEY, kid ? oc_ema_member(op->arena, "kid", kid) : NULL);
		return 1;
	}
	if (oc_jws_verify(&m->as.jws, m->as.header.alg, key) != OC_JOSE_OK) {
		*e = oc_ema_refuse(op->arena, OC_EMA_SIGNATURE_FAILED, NULL);
		return -1;
	}
	return 0;
}

static int verified(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e);

/* CACHE: a fresh set verifies (a kid it lacks refetched once the cool-down passed); else fetched. */
static int on_cached(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	const char *body;
	size_t n;
	int64_t at;
	oc_jwks set;

	if (r->status != OC_FXR_OK && r->status != OC_FXR_MISSING)
		return stop(oc_store_fx_err(r, OC_STORE_ERR_HTTP), e);
	if (r->status == OC_FXR_MISSING || oc_kv_jwks_decode(r->data, r->len, &at, &body, &n) != 0
	    || !((double)(oc_op_now(op) - at) < op->cfg->ema_jwks_ttl)
	    || oc_jwks_parse(op->arena, body, n, &set) != OC_JOSE_OK)
		return ask_fetch(op, m);
	int v = verify(op, m, &set, e);
	if (v == 0)
		return verified(op, t, m, e);
	if (v > 0 && m->as.header.kid != NULL && oc_op_now(op) - at >= OC_EMA_REFRESH_COOLDOWN)
		return ask_fetch(op, m);
	return -1;
}

/* FETCH: the set judged; cached (written with the marker's read) when it verifies, or alone when it does not. */
static int on_fetched(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e)
{
	const char *body;
	size_t n, rec_len;
	oc_jwks set;
	oc_fx *put;

	if (oc_ema_jwks_read(op->arena, &op->res[0], &body, &n, &set, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	int v = verify(op, m, &set, e);
	char *rec = oc_kv_jwks_encode(op->arena, oc_op_now(op), body, n, &rec_len);
	double ttl = ceil(op->cfg->ema_jwks_ttl);
	if (rec == NULL)
		return -2;
	if (v == 0) {
		int r = verified(op, t, m, e);
		if (r != 1)
			return r;
	} else {
		m->refusal = *e;
		m->stage = CACHE_PUT_THEN_REFUSE;
	}
	if ((put = oc_op_emit(op, OC_FX_KV_PUT, m->cache_key, strlen(m->cache_key))) == NULL)
		return -2;
	put->val = rec;
	put->val_len = (uint32_t)rec_len;
	put->ttl = !(ttl >= OC_EMA_MIN_TTL) ? OC_EMA_MIN_TTL : ttl > 2147483647.0 ? 2147483647u : (uint32_t)ttl;
	return 1;
}

/* The signature verified: the claims, then the replay marker read. */
static int verified(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	const char *own = oc_flow_discovery_issuer(op, req);
	oc_ema_expect x = { &m->issuer, m->issuer.audience ? m->issuer.audience : own, t->client.client_id,
		oc_tep_resource(op, t), oc_op_now(op), op->cfg->ema_skew, op->cfg->ema_max_lifetime,
		op->cfg->profile->ema_resource, op->cfg->resource_match_origin_only };

	if (own == NULL)
		return -2;
	if (oc_ema_claims(op->arena, &m->as, &x, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	/* the resource the grant binds (config/oc_profile.h, ema_resource) */
	m->bound = op->cfg->profile->ema_resource == OC_PROFILE_EMA_RESOURCE_CLAIMED ? m->as.resource : oc_tep_resource(op, t);
	if ((m->marker_key = oc_kv_ema_jti_key(op->arena, m->as.iss, m->as.jti)) == NULL
	    || oc_op_emit_get(op, m->marker_key) != 0)
		return -2;
	return ask(m, MARKER_GET);
}

/* MARKER_GET: a marker found is a replay; else it is written for as long as the assertion lives. */
static int on_marker(oc_op *op, oc_tep_ema *m, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	double left = m->as.exp - (double)oc_op_now(op);
	oc_fx *fx;

	if (r->status == OC_FXR_OK)
		return stop(oc_ema_refuse(op->arena, OC_EMA_REPLAYED, oc_ema_member(op->arena, "jti", m->as.jti)), e);
	if (r->status != OC_FXR_MISSING)
		return stop(oc_store_fx_err(r, OC_STORE_ERR_HTTP), e);
	if ((fx = oc_op_emit(op, OC_FX_KV_PUT, m->marker_key, strlen(m->marker_key))) == NULL)
		return -2;
	fx->val = "1";
	fx->val_len = 1;
	fx->ttl = left > OC_EMA_MIN_TTL ? (uint32_t)left : OC_EMA_MIN_TTL;
	return ask(m, MARKER_PUT);
}

/* MARKER_PUT: the scopes asked for, then the mapper asked. */
static int on_marker_put(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	const oc_form_pair *scope = oc_form_get(&t->form, "scope");
	cJSON *claims = m->as.jws.claims;
	oc_jsonw w;
	size_t len;

	if (r->status != OC_FXR_OK)
		return stop(oc_store_fx_err(r, OC_STORE_ERR_HTTP), e);
	if (oc_ema_requested_scope(op->arena, scope ? scope->value : NULL, scope ? scope->value_len : 0, scope != NULL,
	        &m->as.scopes, &m->requested, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	/* the claims as validated: the effective resource in place of an absent one */
	oc_arena_bind_json(op->arena);
	if (cJSON_GetObjectItemCaseSensitive(claims, "resource") == NULL
	    && cJSON_AddStringToObject(claims, "resource", m->as.resource) == NULL)
		return -2;
	char *cj = oc_json_print(claims);
	if (cj == NULL)
		return -2;
	oc_jsonw_init(&w, op->arena, 512);
	oc_jsonw_lit(&w, "{\"claims\":");
	oc_jsonw_lit(&w, cj);
	oc_jsonw_lit(&w, ",\"clientInfo\":");
	oc_jsonw_lit(&w, m->client_json);
	oc_jsonw_lit(&w, ",\"resource\":");
	oc_jsonw_cstr(&w, m->bound);
	oc_jsonw_lit(&w, ",\"requestedScope\":");
	oc_jsonw_strs(&w, &m->requested);
	oc_jsonw_lit(&w, "}");
	char *arg = oc_jsonw_finish(&w, &len);
	if (arg == NULL || call(op, "emaMapClaims", arg, len) != 0)
		return -2;
	return ask(m, MAPPED);
}

/* The token's scope: the mapper's, narrowed to the assertion's scopes when it has some (repeats kept). */
static int token_scope(oc_op *op, const oc_strs *mapped, const oc_strs *assertion, oc_strs *out)
{
	if (assertion->n == 0) {
		*out = *mapped;
		return 0;
	}
	memset(out, 0, sizeof *out);
	if (mapped->n > 0 && (out->v = oc_arena_alloc(op->arena, mapped->n * sizeof *out->v)) == NULL)
		return -1;
	for (size_t i = 0; i < mapped->n; i++)
		if (oc_strs_has(assertion, mapped->v[i]))
			out->v[out->n++] = mapped->v[i];
	return 0;
}

/* MAPPED: the mapper's answer, the lifetime, then the grant and its access token. */
static int on_mapped(oc_op *op, oc_tep *t, oc_tep_ema *m, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1];
	oc_ema_mapped mp;
	oc_grant *g = &t->grant;
	int64_t ttl;

	if (r->status == OC_FXR_FAILED)
		return stop(oc_ema_refuse(op->arena, OC_EMA_MAPPER_THREW, NULL), e);
	if (oc_ema_mapped_read(op->arena, r->status == OC_FXR_OK ? r->data : NULL, r->status == OC_FXR_OK ? r->len : 0,
	        &mp, e) != 0)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if (r->status == OC_FXR_OK) {
		oc_arena_bind_json(op->arena);
		const cJSON *now = cJSON_GetObjectItemCaseSensitive(cJSON_ParseWithLength(r->data, r->len), "now");
		if (cJSON_IsNumber(now) && now->valuedouble >= op->now_ms)
			op->now_ms = now->valuedouble;
	}
	if (oc_ema_token_ttl(op->arena, &mp, op->cfg->access_token_ttl, m->as.exp, oc_op_now(op), &ttl, e) != 0)
		return -1;
	memset(g, 0, sizeof *g);
	t->user_id = (char *)mp.user_id;
	if (!oc_kv_user_id_fits(t->user_id))
		return stop(oc_ema_refuse(op->arena, OC_EMA_INVALID_MAPPED_USER, NULL), e);
	if ((t->grant_id = oc_arena_alloc(op->arena, OC_TOKEN_GRANT_ID_LEN + 1)) == NULL
	    || (*e = oc_token_random(t->grant_id, OC_TOKEN_GRANT_ID_LEN)).code != OC_OK
	    || (t->grant_key = oc_kv_grant_key(op->arena, t->user_id, t->grant_id)) == NULL
	    || token_scope(op, &mp.scope, &m->as.scopes, &t->scope) != 0)
		return -2;
	if ((*e = oc_token_props_encrypt(op->arena, mp.props, strlen(mp.props), t->key, &g->encrypted_props)).code != OC_OK)
		return -2;
	oc_arena_bind_json(op->arena);
	if ((g->metadata = cJSON_ParseWithLength(mp.metadata, strlen(mp.metadata))) == NULL)
		return -2;
	g->id = t->grant_id;
	g->client_id = t->client.client_id;
	g->user_id = t->user_id;
	g->scope = t->scope;
	g->created_at = oc_op_now(op);
	g->has_expires_at = 1;
	g->expires_at = g->created_at + ttl;
	g->resource = (oc_kv_strs){ OC_KV_STRING, { (char **)&m->bound, 1 } };
	t->audience = g->resource; /* the access token's audience, and the answer's "resource" */
	t->expires_in = ttl;
	*e = oc_tep_mint(op, t, 0, rid, rwrapped);
	oc_wipe(t->key, sizeof t->key);
	return e->code == OC_OK ? 0 : e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
}

int oc_flow_ema_step(oc_op *op, oc_tep *t, oc_err *e)
{
	oc_tep_ema *m = t->ema;
	switch (m->stage) {
	case ISSUER: return on_issuer(op, m, e);
	case CACHE: return on_cached(op, t, m, e);
	case FETCH: return on_fetched(op, t, m, e);
	case CACHE_PUT_THEN_REFUSE: /* the write's own outcome does not change the verdict */
		*e = m->refusal;
		return -1;
	case MARKER_GET: return on_marker(op, m, e);
	case MARKER_PUT: return on_marker_put(op, t, m, e);
	case MAPPED: return on_mapped(op, t, m, e);
	default: return -2;
	}
}
