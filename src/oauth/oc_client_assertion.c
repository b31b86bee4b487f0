/* private_key_jwt: the client assertion's type, header, claims and signature (RFC 7523 §3). */
#include "oauth/oc_client_assertion.h"
#include "base/oc_jsonw.h"
#include "base/oc_jsonw_js.h"
#include "crypto/oc_crypto.h"
#include "jose/oc_jwk.h"
#include "jose/oc_jws_verify.h"
#include <string.h>

#define FAILED "Client authentication failed"
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
#define KV_MIN_TTL 60

int oc_client_assertion_failed(oc_err e)
{
	return e.code == OC_ERR_INVALID_CLIENT && e.why != NULL && strcmp(e.why, "client-authentication") == 0
		&& strcmp(e.why + strlen(e.why) + 1, "client_assertion_invalid") == 0;
}

/* A refusal's detail begun: reason client_assertion_invalid, {clientId, reason; its members follow. */
static void detail_open(oc_jsonw *w, oc_arena *a, const oc_client *c, const char *reason)
{
	oc_jsonw_init(w, a, 160);
	oc_jsonw_why(w, OC_WHY("client-authentication", "client_assertion_invalid"));
	oc_jsonw_lit(w, "{\"clientId\":");
	oc_jsonw_cstr(w, c->client_id);
	oc_jsonw_lit(w, ",\"reason\":");
	oc_jsonw_cstr(w, reason);
}

static oc_err detail_close(oc_jsonw *w)
{
	oc_jsonw_lit(w, "}");
	const char *why = oc_jsonw_finish(w, NULL);
	return why != NULL ? OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED, why) : NOMEM;
}

/* A refusal with detail {clientId, reason[, name: value]}. */
static oc_err refuse(oc_arena *a, const oc_client *c, const char *reason, const char *name, const char *value)
{
	oc_jsonw w;
	detail_open(&w, a, c, reason);
	if (name != NULL) {
		oc_jsonw_name(&w, name);
		oc_jsonw_cstr(&w, value);
	}
	return detail_close(&w);
}

/* A refusal with {clientId, reason, got: v as the header holds it} (undefined when v is absent). */
static oc_err refuse_got(oc_arena *a, const oc_client *c, const char *reason, const cJSON *v)
{
	oc_jsonw w;
	detail_open(&w, a, c, reason);
	oc_jsonw_lit(&w, ",");
	oc_jsonw_js_member(&w, "got", v);
	return detail_close(&w);
}

/*
 * {clientId, reason, expected, got}: got the claim as text (String(v)); with
 * each_of_array, an array as an array of its elements' texts (aud).
 */
static oc_err refuse_mismatch(oc_arena *a, const oc_client *c, const char *reason, const char *expected,
	const cJSON *got, int each_of_array)
{
	const cJSON *it;
	oc_jsonw w;
	detail_open(&w, a, c, reason);
	oc_jsonw_name(&w, "expected");
	oc_jsonw_cstr(&w, expected);
	oc_jsonw_name(&w, "got");
	if (each_of_array && cJSON_IsArray(got)) {
		oc_jsonw_lit(&w, "[");
		cJSON_ArrayForEach(it, got) {
			if (it != got->child)
				oc_jsonw_lit(&w, ",");
			oc_jsonw_js_string(&w, it);
		}
		oc_jsonw_lit(&w, "]");
	} else {
		oc_jsonw_js_string(&w, got);
	}
	return detail_close(&w);
}

/* {clientId, reason, name: v, name2: v2[, skew]}: a date check's numbers. */
static oc_err refuse_dates(oc_arena *a, const oc_client *c, const char *reason, const char *name, int64_t v,
	const char *name2, int64_t v2, int with_skew)
{
	oc_jsonw w;
	detail_open(&w, a, c, reason);
	oc_jsonw_name(&w, name);
	oc_jsonw_int(&w, v);
	oc_jsonw_name(&w, name2);
	oc_jsonw_int(&w, v2);
	if (with_skew) {
		oc_jsonw_name(&w, "skew");
		oc_jsonw_int(&w, OC_ASSERTION_SKEW);
	}
	return detail_close(&w);
}

static oc_err refuse_jose(oc_arena *a, const oc_client *c, oc_jose_status st)
{
	return st == OC_JOSE_NOMEM ? NOMEM : refuse(a, c, oc_jose_status_name(st), NULL, NULL);
}

oc_err oc_client_assertion_refuse(oc_arena *a, const oc_client *c, const char *reason, const char *name,
	const char *value)
{
	return refuse(a, c, reason, name, value);
}

oc_err oc_client_assertion_refuse_status(oc_arena *a, const oc_client *c, int status)
{
	oc_jsonw w;
	detail_open(&w, a, c, "jwks_fetch_failed");
	oc_jsonw_name(&w, "status");
	oc_jsonw_int(&w, status);
	return detail_close(&w);
}

/* 1 if the first n bytes of a equal b's (b lowercase), ASCII case ignored; a may end before. */
static int prefix_lower(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] == 0 || (a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]) != b[i])
			return 0;
	return 1;
}

/* 1 if a equals b (lowercase), ASCII case ignored. */
static int same_lower(const char *a, const char *b)
{
	size_t n = strlen(b);
	return prefix_lower(a, b, n) && a[n] == 0;
}

/* typ: absent or JWT (0), client-authentication+jwt (1), else -1; any case, "application/" allowed. */
static int typ_kind(const char *typ)
{
	static const char app[] = "application/", ca[] = "client-authentication+jwt";
	if (typ == NULL || same_lower(typ, "jwt"))
		return 0;
	if (same_lower(typ, ca) || (prefix_lower(typ, app, sizeof app - 1) && same_lower(typ + sizeof app - 1, ca)))
		return 1;
	return -1;
}

static int str_is(const cJSON *j, const char *s)
{
	return cJSON_IsString(j) && strcmp(j->valuestring, s) == 0;
}

static int aud_ok(const cJSON *aud, const oc_assertion_ctx *ctx, int typed)
{
	const cJSON *it;
	int found = 0;
	if (typed)
		return str_is(aud, ctx->issuer);
	if (str_is(aud, ctx->issuer) || str_is(aud, ctx->token_endpoint))
		return 1;
	if (!cJSON_IsArray(aud))
		return 0;
	cJSON_ArrayForEach(it, aud) {
		if (!cJSON_IsString(it))
			return 0;
		found |= str_is(it, ctx->issuer) || str_is(it, ctx->token_endpoint);
	}
	return found;
}

/* A NumericDate member that must be an integer (JSON number without fraction); 0 absent, -1 malformed. */
static int int_claim(const cJSON *claims, const char *name, int64_t *out)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(claims, name);
	if (j == NULL)
		return 0;
	if (!cJSON_IsNumber(j) || j->valuedouble != (double)(int64_t)j->valuedouble ||
	    j->valuedouble > 9007199254740991.0 || j->valuedouble < -9007199254740991.0)
		return -1;
	*out = (int64_t)j->valuedouble;
	return 1;
}

static oc_err check_claims(oc_arena *a, const oc_client *c, const oc_assertion_ctx *ctx, const cJSON *claims,
	int typed, oc_assertion *out)
{
	const cJSON *iss = cJSON_GetObjectItemCaseSensitive(claims, "iss");
	const cJSON *sub = cJSON_GetObjectItemCaseSensitive(claims, "sub");
	const cJSON *jti = cJSON_GetObjectItemCaseSensitive(claims, "jti");
	const cJSON *aud = cJSON_GetObjectItemCaseSensitive(claims, "aud");
	int64_t exp, nbf, iat, now = ctx->now;
	int r;

	if (!str_is(iss, c->client_id))
		return refuse_mismatch(a, c, "client_id_mismatch", c->client_id, iss, 0);
	if (!str_is(sub, c->client_id))
		return refuse_mismatch(a, c, "client_id_mismatch", c->client_id, sub, 0);
	if (!aud_ok(aud, ctx, typed))
		return refuse_mismatch(a, c, "aud_mismatch", ctx->issuer, aud, 1);
	if (int_claim(claims, "exp", &exp) != 1)
		return refuse(a, c, "invalid_claim", "claim", "exp");
	if (exp + OC_ASSERTION_SKEW <= now)
		return refuse_dates(a, c, "expired", "exp", exp, "now", now, 0);
	if (exp - now > OC_ASSERTION_MAX_LIFETIME)
		return refuse_dates(a, c, "lifetime_too_long", "lifetime", exp - now, "max", OC_ASSERTION_MAX_LIFETIME, 0);
	if ((r = int_claim(claims, "nbf", &nbf)) < 0)
		return refuse(a, c, "invalid_claim", "claim", "nbf");
	if (r > 0 && nbf > now + OC_ASSERTION_SKEW)
		return refuse_dates(a, c, "nbf_in_future", "nbf", nbf, "now", now, 1);
	if ((r = int_claim(claims, "iat", &iat)) < 0)
		return refuse(a, c, "invalid_claim", "claim", "iat");
	if (r > 0 && iat > now + OC_ASSERTION_SKEW)
		return refuse_dates(a, c, "iat_in_future", "iat", iat, "now", now, 1);
	if (!cJSON_IsString(jti) || jti->valuestring[0] == 0)
		return refuse(a, c, "invalid_claim", "claim", "jti");

	/* The replay marker: 1.2.3's key, living until the assertion can no longer pass. */
	size_t idn = strlen(c->client_id), jn = strlen(jti->valuestring);
	char *both = oc_arena_alloc(a, idn + 1 + jn);
	out->marker_key = oc_arena_alloc(a, sizeof OC_ASSERTION_JTI_PREFIX + 64);
	if (both == NULL || out->marker_key == NULL)
		return NOMEM;
	memcpy(both, c->client_id, idn);
	both[idn] = '\n';
	memcpy(both + idn + 1, jti->valuestring, jn);
	memcpy(out->marker_key, OC_ASSERTION_JTI_PREFIX, sizeof OC_ASSERTION_JTI_PREFIX - 1);
	oc_sha256_hex(out->marker_key + sizeof OC_ASSERTION_JTI_PREFIX - 1, both, idn + 1 + jn);
	out->marker_ttl = exp + OC_ASSERTION_SKEW - ctx->now;
	if (out->marker_ttl < KV_MIN_TTL)
		out->marker_ttl = KV_MIN_TTL;
	return OC_ERR_NONE;
}

/* 1 if the client's algorithms list names alg (an absent list: both RS256 and ES256). */
static int alg_allowed(const cJSON *keys, oc_jose_alg alg)
{
	const cJSON *algs = cJSON_GetObjectItemCaseSensitive(keys, "algorithms"), *it;
	if (algs == NULL)
		return 1;
	cJSON_ArrayForEach(it, algs)
		if (str_is(it, oc_jose_alg_name(alg)))
			return 1;
	return 0;
}

static oc_err verify_with(oc_arena *a, const oc_client *c, const oc_assertion *as, oc_jose_status st,
	const oc_jwks *set, int *no_key)
{
	const oc_jwk *key;
	*no_key = 0;
	if (st != OC_JOSE_OK)
		return refuse_jose(a, c, st);
	if ((st = oc_jwks_select(set, as->header.alg, as->header.kid, &key)) != OC_JOSE_OK) {
		*no_key = st == OC_JOSE_NO_KEY;
		if (*no_key && as->header.kid != NULL)
			return refuse(a, c, oc_jose_status_name(st), "kid", as->header.kid);
		return refuse_jose(a, c, st);
	}
	if ((st = oc_jws_verify(&as->jws, as->header.alg, key)) != OC_JOSE_OK)
		return refuse_jose(a, c, st);
	return OC_ERR_NONE;
}

/*
 * The header in 1.2.3's order: crit or b64 (malformed), alg (a string the
 * client's list names), typ (absent, JWT or the explicit type); *typed 1 for
 * the explicit type. A refused alg or typ is reported as the header holds it.
 */
static oc_err check_header(oc_arena *a, const oc_client *c, const cJSON *keys, const cJSON *h, int *typed)
{
	const cJSON *alg = cJSON_GetObjectItemCaseSensitive(h, "alg");
	const cJSON *typ = cJSON_GetObjectItemCaseSensitive(h, "typ");
	oc_jose_alg id;

	if (cJSON_GetObjectItemCaseSensitive(h, "crit") != NULL || cJSON_GetObjectItemCaseSensitive(h, "b64") != NULL)
		return refuse_jose(a, c, OC_JOSE_MALFORMED);
	if (!cJSON_IsString(alg) || oc_jose_alg_parse(alg->valuestring, &id) != OC_JOSE_OK || !alg_allowed(keys, id))
		return refuse_got(a, c, "invalid_alg", alg);
	*typed = 0;
	if (typ != NULL && (!cJSON_IsString(typ) || (*typed = typ_kind(typ->valuestring)) < 0))
		return refuse_got(a, c, "invalid_typ", typ);
	return OC_ERR_NONE;
}

oc_err oc_client_assertion_check(oc_arena *a, const oc_client *c, const oc_client_creds *cr,
	const oc_assertion_ctx *ctx, oc_assertion *out)
{
	const cJSON *keys = c->extra ? cJSON_GetObjectItemCaseSensitive(c->extra, "clientAssertionKeys") : NULL;
	const cJSON *jwks = cJSON_GetObjectItemCaseSensitive(keys, "jwks");
	const cJSON *uri = cJSON_GetObjectItemCaseSensitive(keys, "jwksUri");
	oc_jose_status st;
	oc_jwks set;
	int typed;
	oc_err e;

	memset(out, 0, sizeof *out);
	if (cr->assertion_type_len != strlen(OC_ASSERTION_TYPE_JWT) ||
	    memcmp(cr->assertion_type, OC_ASSERTION_TYPE_JWT, cr->assertion_type_len) != 0)
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED,
			OC_WHY("client-authentication", "client_assertion_type_unsupported"));
	if (!cJSON_IsObject(keys) || (jwks == NULL && !cJSON_IsString(uri)))
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED,
			OC_WHY("client-authentication", "client_assertion_unsupported"));
	if ((st = oc_jws_split(a, cr->assertion, cr->assertion_len, &out->jws)) != OC_JOSE_OK)
		return refuse_jose(a, c, st);
	if ((e = check_header(a, c, keys, out->jws.header, &typed)).code != OC_OK)
		return e;
	if ((st = oc_jws_header_read(&out->jws, &out->header)) != OC_JOSE_OK)
		return refuse_jose(a, c, st);
	if ((e = check_claims(a, c, ctx, out->jws.claims, typed, out)).code != OC_OK)
		return e;
	if (jwks == NULL) {
		out->jwks_uri = uri->valuestring;
		return OC_ERR_NONE;
	}
	int no_key;
	st = oc_jwks_read(a, jwks, &set);
	return verify_with(a, c, out, st, &set, &no_key);
}

oc_err oc_client_assertion_verify(oc_arena *a, const oc_client *c, const oc_assertion *as,
	const char *jwks_json, size_t n, int *no_key)
{
	oc_jwks set;
	oc_jose_status st = oc_jwks_parse(a, jwks_json, n, &set);
	return verify_with(a, c, as, st, &set, no_key);
}
