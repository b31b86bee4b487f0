/* Enterprise-managed authorization at the token endpoint (src/flow/oc_flow_ema.c, src/oauth/oc_ema*.c):
 * every R-EMA reason, end to end through the fake KV, with assertions signed here. */
#include <stdlib.h>
#include "ema_sign.h"
#include "crypto/oc_crypto.h"
#include "token/oc_token.h"
#include "jose_vectors.h"
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

#define EMA_FNS "\"trustedIssuers\":true,\"mapClaims\":true"
#define GT "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
#define IDP "https://idp.example"
#define ISSUER_OK "{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"algorithms\":[\"RS256\",\"ES256\"]}"
#define MAPPED_OK "{\"object\":true,\"userId\":\"enterprise-alice\",\"scope\":[\"read\",\"write\"],\"props\":\"{\\\"sub\\\":\\\"alice\\\"}\",\"metadata\":\"{\\\"idp\\\":\\\"x\\\"}\"}"
#define RS_HEADER "{\"alg\":\"RS256\",\"typ\":\"oauth-id-jag+jwt\",\"kid\":\"rsa-1\"}"
#define ES_HEADER "{\"alg\":\"ES256\",\"typ\":\"oauth-id-jag+jwt\",\"kid\":\"ec-1\"}"

/* What the two callbacks answer, and what they were asked. */
typedef struct {
	const char *issuer, *mapped;       /* answers (NULL: returned nothing) */
	uint32_t issuer_status, mapped_status;
	unsigned issuer_calls, mapped_calls;
	char mapped_arg[4096];
} ema_cb;

static uint32_t answer(void *ctx, const char *name, const char *arg, const char **data)
{
	ema_cb *cb = ctx;
	if (strcmp(name, "emaTrustedIssuers") == 0) {
		cb->issuer_calls++;
		*data = cb->issuer;
		return cb->issuer ? cb->issuer_status : OC_FXR_MISSING;
	}
	cb->mapped_calls++;
	snprintf(cb->mapped_arg, sizeof cb->mapped_arg, "%s", arg);
	*data = cb->mapped;
	return cb->mapped ? cb->mapped_status : OC_FXR_MISSING;
}

static char *jwks;
static unsigned jti_seq;

/*
 * A provider whose enterpriseManagedAuthorization has the functions and more
 * members (extra: "" or ",…"), with more options (outer: "" or ",…").
 */
static void setup_with(tfx *f, ema_cb *cb, const char *extra, const char *outer)
{
	char opts[512];
	snprintf(opts, sizeof opts, ",\"enterpriseManagedAuthorization\":{" EMA_FNS "%s}%s", extra, outer);
	tfx_setup(f, opts);
	memset(cb, 0, sizeof *cb);
	cb->issuer = ISSUER_OK;
	cb->mapped = MAPPED_OK;
	f->kv.on_callback = answer;
	f->kv.callback_ctx = cb;
	if (jwks == NULL)
		jwks = ema_jwks();
	f->kv.fetch_status = OC_FXR_OK;
	f->kv.fetch_meta = "200\napplication/json";
	f->kv.fetch_body = jwks;
}

static void setup(tfx *f, ema_cb *cb, const char *extra)
{
	setup_with(f, cb, extra, "");
}

/*
 * The claims of a valid ID-JAG for client C at FX_NOW with patch applied: a
 * JSON object whose members replace the default ones, "$drop" removing one
 * (malloc'd). A fresh jti each time unless the patch names one.
 */
static char *claims(const char *patch)
{
	char base[512];
	snprintf(base, sizeof base, "{\"iss\":\"" IDP "\",\"sub\":\"alice\",\"aud\":\"https://example.com\",\"client_id\":\"" C "\","
		"\"jti\":\"jti-%u\",\"exp\":%lld,\"iat\":%lld,\"scope\":\"read write\",\"email\":\"alice@example.com\"}",
		++jti_seq, (long long)FX_NOW + 120, (long long)FX_NOW);
	cJSON *o = cJSON_Parse(base), *p = cJSON_Parse(patch ? patch : "{}"), *it;
	cJSON_ArrayForEach(it, p) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, it->string);
		if (!(cJSON_IsString(it) && strcmp(it->valuestring, "$drop") == 0))
			cJSON_AddItemToObject(o, it->string, cJSON_Duplicate(it, 1));
	}
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	cJSON_Delete(p);
	return s;
}

/* An assertion signed with alg under header, of claims(patch) (malloc'd). */
static char *assertion(const char *alg, const char *header, const char *patch)
{
	char *c = claims(patch), *a = ema_sign(alg, header, c);
	free(c);
	return a;
}

/* POSTs the grant with assertion a (NULL: none) and extra parameters, as auth. */
static tresp post(tfx *f, const char *auth, const char *a, const char *extra)
{
	char *enc = a ? tfx_enc(a) : NULL, *body = malloc((enc ? strlen(enc) : 0) + strlen(extra) + 128);
	sprintf(body, "%s%s%s%s", GT, enc ? "&assertion=" : "", enc ? enc : "", extra);
	tresp r = tfx_post(f, auth, NULL, body, NULL);
	free(body);
	free(enc);
	return r;
}

/* POSTs a and checks "status error: description" and the reason ("category reason" prefix). */
static void expect(tfx *f, const char *auth, const char *a, const char *extra, const char *want, const char *why, int line)
{
	tresp r = post(f, auth, a, extra);
	const char *got = tresp_err(&r), *w = tresp_why(&r);
	int ok = strcmp(got, want) == 0 && strncmp(w, why, strlen(why)) == 0;
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  at %d (a line, or a table's case): got %s [%s]\n", line, got, w);
	tresp_free(&r);
}
#define EXPECT(f, auth, a, extra, want, why) expect(f, auth, a, extra, want, why, __LINE__)

/* expect() for an assertion signed here: alg under header, of claims(patch). */
static void expect_signed(tfx *f, const char *auth, const char *alg, const char *header, const char *patch,
	const char *want, const char *why, int line)
{
	char *a = assertion(alg, header, patch);
	expect(f, auth, a, "", want, why, line);
	free(a);
}
#define EXPECT_SIGNED(f, auth, alg, header, patch, want, why) expect_signed(f, auth, alg, header, patch, want, why, __LINE__)
#define INVALID "400 invalid_grant: Invalid assertion"
#define WHY(reason) "enterprise-managed-authorization " reason

OC_TEST(ema_grant_issues_a_token)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	char *a = assertion("RS256", RS_HEADER, NULL);
	tresp r = post(&f, basic, a, "");
	REQUIRE(r.status == 200);
	const char *tok = tresp_str(&r, "access_token");
	REQUIRE(tok != NULL && strncmp(tok, "enterprise-alice:", 17) == 0);
	char want[512];
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"read write\","
		"\"resource\":\"" FX_RESOURCE "\"}", tok);
	CHECK_STR(r.body, want);
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	/* the grant: the mapper's user, scope, metadata and props, ending with its token, the configured resource */
	char gkey[128];
	snprintf(gkey, sizeof gkey, "grant:enterprise-alice:%.16s", tok + 17);
	cJSON *g = tfx_record(&f, gkey);
	REQUIRE(g != NULL);
	CHECK_STR(tfx_str(g, "clientId"), C);
	CHECK_STR(tfx_str(g, "resource"), FX_RESOURCE);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 3600 && tfx_num(g, "createdAt") == FX_NOW);
	CHECK_STR(tfx_str(cJSON_GetObjectItem(g, "metadata"), "idp"), "x");
	CHECK(cJSON_GetObjectItem(g, "refreshTokenId") == NULL);
	cJSON_Delete(g);
	char *props = tfx_props_of(&f, tok);
	CHECK_STR(props, "{\"sub\":\"alice\"}");
	free(props);
	/* the key set fetched once and cached; the jti's marker as 1.2.3 names it, for exp - now seconds */
	CHECK(f.kv.fetches == 1 && strcmp(f.kv.fetch_url, IDP "/jwks") == 0 && f.kv.fetch_limit == 65536 && f.kv.fetch_timeout_ms == 10000);
	CHECK(fake_kv_count(&f.kv, "oc-ema-jwks:") == 1);
	CHECK(fake_kv_count(&f.kv, "enterprise-jti:") == 1);
	/* "enterprise-jti:" + hex SHA-256 of "<iss>\n<jti>", as 1.2.3 names it */
	cJSON *arg = cJSON_Parse(cb.mapped_arg);
	const char *jti = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(arg, "claims"), "jti"));
	char in[128], mk[128], hex[65];
	snprintf(in, sizeof in, IDP "\n%s", jti ? jti : "");
	oc_sha256_hex(hex, in, strlen(in));
	snprintf(mk, sizeof mk, "enterprise-jti:%s", hex);
	cJSON_Delete(arg);
	const fake_kv_entry *marker = fake_kv_find(&f.kv, mk);
	REQUIRE(marker != NULL);
	CHECK_STR(marker->val, "1");
	CHECK(marker->expiration == FX_NOW + 120);
	/* the mapper was given the validated claims (the configured resource filled in), the client, the scopes */
	CHECK(strstr(cb.mapped_arg, "\"resource\":\"" FX_RESOURCE "\"},\"clientInfo\":{\"clientId\":\"" C "\"") != NULL);
	CHECK(strstr(cb.mapped_arg, "},\"resource\":\"" FX_RESOURCE "\",\"requestedScope\"") != NULL);
	CHECK(strstr(cb.mapped_arg, "\"email\":\"alice@example.com\"") != NULL);
	CHECK(strstr(cb.mapped_arg, "\"requestedScope\":[\"read\",\"write\"]}") != NULL);
	tresp_free(&r);
	free(a);

	/* ES256, from the cache (no fetch); a scope asked narrows what the mapper is told (the token's is the mapper's) */
	a = assertion("ES256", ES_HEADER, NULL);
	r = post(&f, basic, a, "&scope=write%20admin");
	CHECK(r.status == 200 && f.kv.fetches == 1);
	CHECK_STR(tresp_str(&r, "scope"), "read write");
	CHECK(strstr(cb.mapped_arg, "\"requestedScope\":[\"write\"]}") != NULL);
	tresp_free(&r);
	free(a);
	/* the cache expires with jwksCacheTtlSeconds (300): fetched again */
	f.kv.now += 300;
	a = assertion("RS256", RS_HEADER, "{\"exp\":1800000400,\"iat\":1800000300}");
	r = post(&f, basic, a, "");
	CHECK(r.status == 200 && f.kv.fetches == 2);
	tresp_free(&r);
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_client_and_request_rules)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	/* R-EMA-01: a public client, without allowPublicClients */
	char *a = assertion("RS256", RS_HEADER, "{\"client_id\":\"" P "\"}");
	EXPECT(&f, NULL, a, "&client_id=" P, "401 invalid_client: Enterprise-managed authorization requires client authentication",
		WHY("client_authentication_required"));
	/* R-EMA-03, -04, -05 */
	EXPECT(&f, basic, NULL, "", "400 invalid_request: assertion is required", WHY("assertion_missing"));
	EXPECT(&f, basic, NULL, "&assertion=", "400 invalid_request: assertion is required", WHY("assertion_missing"));
	char *big = malloc(16386);
	memset(big, 'a', 16385);
	big[16385] = 0;
	EXPECT(&f, basic, big, "", INVALID, WHY("assertion_too_large {\"reason\":\"assertion_too_large\",\"size\":16385,\"max\":16384}"));
	free(big);
	EXPECT(&f, basic, "a.b", "", INVALID, WHY("assertion_malformed"));
	EXPECT(&f, basic, "e30.e30.", "", INVALID, WHY("assertion_malformed"));
	EXPECT(&f, basic, "W10.e30.AA", "", INVALID, WHY("assertion_malformed")); /* header [] */
	EXPECT(&f, basic, "e30.!!.AA", "", INVALID, WHY("assertion_malformed"));
	/* R-EMA-06 */
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", NULL, INVALID, WHY("invalid_typ {\"reason\":\"invalid_typ\",\"got\":null,\"\\u0000\":\"got\"}"));
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}", NULL, INVALID, WHY("invalid_typ {\"reason\":\"invalid_typ\",\"got\":\"JWT\"}"));
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"RS256\",\"typ\":7}", NULL, INVALID, WHY("invalid_typ {\"reason\":\"invalid_typ\",\"got\":7}"));
	/* R-EMA-07: alg none, an HMAC keyed by the public key, another algorithm; one the issuer does not allow */
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"none\",\"typ\":\"oauth-id-jag+jwt\"}", NULL, INVALID, WHY("invalid_alg {\"reason\":\"invalid_alg\",\"got\":\"none\"}"));
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"HS256\",\"typ\":\"oauth-id-jag+jwt\",\"kid\":\"rsa-1\"}", NULL, INVALID, WHY("invalid_alg"));
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"PS256\",\"typ\":\"oauth-id-jag+jwt\"}", NULL, INVALID, WHY("invalid_alg {\"reason\":\"invalid_alg\",\"got\":\"PS256\"}"));
	cb.issuer = "{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\"}"; /* RS256 only */
	EXPECT_SIGNED(&f, basic, "ES256", ES_HEADER, NULL, INVALID, WHY("invalid_alg {\"reason\":\"invalid_alg\",\"got\":\"ES256\"}"));
	cb.issuer = ISSUER_OK;
	/* R-EMA-08 */
	EXPECT_SIGNED(&f, basic, "RS256", RS_HEADER, "{\"iss\":\"$drop\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"iss\"}"));
	CHECK(cb.issuer_calls == 1 && f.kv.fetches == 0);
	/* R-EMA-25: a scope parameter with a token outside RFC 6749's charset */
	free(a);
	a = assertion("RS256", RS_HEADER, NULL);
	EXPECT(&f, basic, a, "&scope=read%20%22x", "400 invalid_request: Invalid scope parameter format", WHY("invalid_scope_param"));
	/* the grant is not among the client's registered grant types: still served (as 1.2.3) */
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_public_clients_when_allowed)
{
	tfx f;
	ema_cb cb;
	setup(&f, &cb, ",\"allowPublicClients\":true");
	char *a = assertion("RS256", RS_HEADER, "{\"client_id\":\"" P "\"}");
	tresp r = post(&f, NULL, a, "&client_id=" P);
	CHECK(r.status == 200);
	tresp_free(&r);
	free(a);
	tfx_free(&f);
}

OC_TEST(ema_trusted_issuer_rules)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	static const char *const refused[] = {
		NULL,
		"{\"issuer\":\"https://other.example\",\"jwksUri\":\"" IDP "/jwks\"}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"http://idp.example/jwks\"}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"not a url\"}",
		"{\"issuer\":\"" IDP "\"}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"algorithms\":[]}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"algorithms\":[\"RS256\",\"PS256\"]}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"algorithms\":\"RS256\"}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"audience\":\"not a url\"}",
		"{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"audience\":null}",
		"null", "7",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char *a = assertion("RS256", RS_HEADER, NULL);
		cb.issuer = refused[i];
		EXPECT(&f, basic, a, "", INVALID, WHY("issuer_not_trusted {\"reason\":\"issuer_not_trusted\",\"iss\":\"" IDP "\"}"));
		free(a);
	}
	/* the resolver threw */
	cb.issuer = "{\"kind\":\"other\"}";
	cb.issuer_status = OC_FXR_FAILED;
	EXPECT_SIGNED(&f, basic, "RS256", RS_HEADER, NULL, INVALID, WHY("issuer_not_trusted"));
	CHECK(f.kv.fetches == 0);
	/* an http issuer is not trusted even when the assertion names it */
	cb.issuer = "{\"issuer\":\"http://idp.example\",\"jwksUri\":\"" IDP "/jwks\"}";
	cb.issuer_status = OC_FXR_OK;
	EXPECT_SIGNED(&f, basic, "RS256", RS_HEADER, "{\"iss\":\"http://idp.example\"}", INVALID, WHY("issuer_not_trusted"));
	/* R-EMA-16: the issuer's audience replaces this server's */
	cb.issuer = "{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\",\"audience\":\"https://as.example/tenant\"}";
	EXPECT_SIGNED(&f, basic, "RS256", RS_HEADER, NULL, INVALID, WHY("aud_mismatch"));
	char *a = assertion("RS256", RS_HEADER, "{\"aud\":[\"https://as.example/tenant\"]}");
	tresp r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_key_set_rules)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	/* R-EMA-10: what the fetch answered */
	static const struct { uint32_t status; const char *meta, *body; } bad[] = {
		{ OC_FXR_OK, "404\napplication/json", NULL },
		{ OC_FXR_OK, "302\n", "" },
		{ OC_FXR_OK, "000\n", "" },
		{ OC_FXR_OK, "199\n", "" },
		{ OC_FXR_OK, "200\napplication/json", "not json" },
		{ OC_FXR_OK, "200\napplication/json", "{\"keys\":{}}" },
		{ OC_FXR_OK, "200\napplication/json", "[]" },
		{ OC_FXR_OK, "200\napplication/json", V_JWKS_PRIVATE },
		{ OC_FXR_TIMEOUT, NULL, NULL },
		{ OC_FXR_TOO_LARGE, NULL, NULL },
		{ OC_FXR_FAILED, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		f.kv.fetch_status = bad[i].status;
		f.kv.fetch_meta = bad[i].meta;
		f.kv.fetch_body = bad[i].body ? bad[i].body : jwks;
		char *a = assertion("RS256", RS_HEADER, NULL);
		char why[128];
		if (i < 4) /* the status as the reason's detail has it */
			snprintf(why, sizeof why, WHY("jwks_fetch_failed {\"reason\":\"jwks_fetch_failed\",\"status\":%d}"), atoi(bad[i].meta));
		else
			snprintf(why, sizeof why, WHY("jwks_fetch_failed"));
		EXPECT(&f, basic, a, "", INVALID, why);
		free(a);
	}
	CHECK(f.kv.fetches == sizeof bad / sizeof *bad && fake_kv_count(&f.kv, "oc-ema-jwks:") == 0);
	/* any 2xx and any content type serve */
	f.kv.fetch_status = OC_FXR_OK;
	f.kv.fetch_meta = "203\ntext/plain";
	f.kv.fetch_body = jwks;
	char *a = assertion("RS256", RS_HEADER, NULL);
	tresp r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(a);
	/* R-EMA-11: a kid the cached set lacks: fetched again only once the set is 30 s old */
	unsigned before = f.kv.fetches;
	a = assertion("RS256", "{\"alg\":\"RS256\",\"typ\":\"oauth-id-jag+jwt\",\"kid\":\"rotated\"}", NULL);
	EXPECT(&f, basic, a, "", INVALID, WHY("no_matching_key {\"reason\":\"no_matching_key\",\"kid\":\"rotated\"}"));
	CHECK(f.kv.fetches == before);
	f.kv.now += 30;
	EXPECT(&f, basic, a, "", INVALID, WHY("no_matching_key"));
	CHECK(f.kv.fetches == before + 1);
	/* the set fetched again is cached (a second unknown kid right after: no fetch) */
	EXPECT(&f, basic, a, "", INVALID, WHY("no_matching_key"));
	CHECK(f.kv.fetches == before + 1);
	free(a);
	/* without a kid: exactly one candidate (one RSA key serves; two do not) */
	f.kv.now -= 30;
	a = assertion("RS256", "{\"alg\":\"RS256\",\"typ\":\"oauth-id-jag+jwt\"}", "{\"exp\":1800000150,\"iat\":1800000030}");
	f.kv.now += 30;
	r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(a);
	tfx_free(&f);
	setup(&f, &cb, "");
	f.kv.fetch_body = V_JWKS_TWO_RSA;
	EXPECT_SIGNED(&f, basic, "RS256", "{\"alg\":\"RS256\",\"typ\":\"oauth-id-jag+jwt\"}", NULL, INVALID, WHY("no_matching_key {\"reason\":\"no_matching_key\"}"));
	/* R-EMA-12: a signature that does not verify (claims changed after signing; an ES256 key's signature as RS256) */
	f.kv.fetch_body = jwks;
	f.kv.now += 60;
	a = assertion("RS256", RS_HEADER, "{\"exp\":1800000150}");
	char *other = assertion("RS256", RS_HEADER, "{\"exp\":1800000151}");
	strcpy(strrchr(a, '.'), strrchr(other, '.')); /* the signature of other claims */
	EXPECT(&f, basic, a, "", INVALID, WHY("signature_failed"));
	free(other);
	free(a);
	EXPECT_SIGNED(&f, basic, "ES256", "{\"alg\":\"RS256\",\"typ\":\"oauth-id-jag+jwt\",\"kid\":\"rsa-1\"}", "{\"exp\":1800000150}", INVALID, WHY("signature_failed"));
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_claim_rules)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	static const struct { const char *patch, *want, *why; } cases[] = {
		/* R-EMA-14 */
		{ "{\"sub\":\"$drop\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"sub\"}") },
		{ "{\"sub\":\"\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"sub\"}") },
		{ "{\"aud\":[\"https://example.com\",\"https://x.example\"]}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"aud\"}") },
		{ "{\"aud\":[]}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"aud\"}") },
		{ "{\"aud\":7}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"aud\"}") },
		{ "{\"resource\":\"\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"resource\"}") },
		{ "{\"client_id\":\"$drop\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"client_id\"}") },
		{ "{\"jti\":7}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"jti\"}") },
		{ "{\"exp\":1800000120.5}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"exp\"}") },
		{ "{\"exp\":\"1800000120\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"exp\"}") },
		{ "{\"iat\":-1}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"iat\"}") },
		{ "{\"nbf\":\"x\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"nbf\"}") },
		{ "{\"scope\":\"read \\\"x\"}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"scope\"}") },
		{ "{\"scope\":[\"read\"]}", INVALID, WHY("invalid_claim {\"reason\":\"invalid_claim\",\"claim\":\"scope\"}") },
		/* R-EMA-15 (checked before the other claims' types) */
		{ "{\"cnf\":null,\"jti\":7}", INVALID, WHY("unsupported_claim {\"reason\":\"unsupported_claim\",\"claim\":\"cnf\"}") },
		{ "{\"authorization_details\":[]}", INVALID, WHY("unsupported_claim {\"reason\":\"unsupported_claim\",\"claim\":\"authorization_details\"}") },
		/* R-EMA-16, -17 */
		{ "{\"aud\":\"https://example.com/\"}", INVALID, WHY("aud_mismatch {\"reason\":\"aud_mismatch\",\"expected\":\"https://example.com\",\"got\":\"https://example.com/\"}") },
		{ "{\"aud\":[\"https://other.example\"]}", INVALID, WHY("aud_mismatch {\"reason\":\"aud_mismatch\",\"expected\":\"https://example.com\",\"got\":[\"https://other.example\"]}") },
		{ "{\"client_id\":\"" C2 "\"}", INVALID, WHY("client_id_mismatch {\"reason\":\"client_id_mismatch\",\"expected\":\"" C "\",\"got\":\"" C2 "\"}") },
		/* R-EMA-18, -19 */
		{ "{\"resource\":\"urn:example:api\"}", "400 invalid_target: Invalid resource", WHY("resource_invalid") },
		{ "{\"resource\":\"https://example.com/api#x\"}", "400 invalid_target: Invalid resource", WHY("resource_invalid") },
		{ "{\"resource\":\"ftp://example.com/api\"}", "400 invalid_target: Invalid resource", WHY("resource_invalid") },
		{ "{\"resource\":\"https://example.com/other\"}", "400 invalid_target: Invalid resource", WHY("resource_mismatch {\"reason\":\"resource_mismatch\",\"expected\":\"https://example.com/api\",\"got\":\"https://example.com/other\"}") },
		/* R-EMA-20 … -23 (skew 60, lifetime 300) */
		{ "{\"exp\":1799999940,\"iat\":1799999900}", INVALID, WHY("expired {\"reason\":\"expired\",\"exp\":1799999940,\"now\":1800000000}") },
		{ "{\"iat\":1800000061}", INVALID, WHY("iat_in_future {\"reason\":\"iat_in_future\",\"iat\":1800000061,\"now\":1800000000,\"skew\":60}") },
		{ "{\"nbf\":1800000061}", INVALID, WHY("nbf_in_future {\"reason\":\"nbf_in_future\",\"nbf\":1800000061,\"now\":1800000000,\"skew\":60}") },
		{ "{\"exp\":1800000361}", INVALID, WHY("lifetime_too_long {\"reason\":\"lifetime_too_long\",\"lifetime\":361,\"max\":300}") },
		{ "{\"exp\":0,\"iat\":0}", INVALID, WHY("expired {\"reason\":\"expired\",\"exp\":0,\"now\":1800000000}") },
		/* the numbers of the detail as the reference's JSON has them: digits up to 2^53, then JavaScript's form */
		{ "{\"iat\":9007199254740991}", INVALID, WHY("iat_in_future {\"reason\":\"iat_in_future\",\"iat\":9007199254740991,\"now\":1800000000,\"skew\":60}") },
		{ "{\"iat\":9007199254740992}", INVALID, WHY("iat_in_future {\"reason\":\"iat_in_future\",\"iat\":9007199254740992,\"now\":1800000000,\"skew\":60}") },
		{ "{\"iat\":1152921504606846976}", INVALID, WHY("iat_in_future {\"reason\":\"iat_in_future\",\"iat\":1152921504606847000,\"now\":1800000000,\"skew\":60}") },
		{ "{\"nbf\":1e21}", INVALID, WHY("nbf_in_future {\"reason\":\"nbf_in_future\",\"nbf\":1e+21,\"now\":1800000000,\"skew\":60}") },
		{ "{\"exp\":9007199254740993,\"iat\":1800000000}", INVALID, WHY("lifetime_too_long {\"reason\":\"lifetime_too_long\",\"lifetime\":9007197454740992,\"max\":300}") },
		/* R-EMA-31: within the skew the claims pass, yet an expired assertion grants nothing */
		{ "{\"exp\":1799999941,\"iat\":1799999900}", "400 invalid_grant: Assertion has expired", WHY("assertion_expired_after_processing") },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		expect_signed(&f, basic, "RS256", RS_HEADER, cases[i].patch, cases[i].want, cases[i].why, (int)i);
	}
	/* the boundaries that pass: expired within the skew, iat and nbf at now + skew, lifetime max + skew, a resource
	 * naming the configured one with an upper-case host */
	static const char *const served[] = {
		"{\"exp\":1800000001,\"iat\":1799999900}", "{\"iat\":1800000060,\"exp\":1800000100}", "{\"nbf\":1800000060}",
		"{\"exp\":1800000360}", "{\"resource\":\"https://EXAMPLE.com/api\"}", "{\"aud\":[\"https://example.com\"]}",
		"{\"scope\":\"$drop\"}",
	};
	for (size_t i = 0; i < sizeof served / sizeof *served; i++) {
		char *a = assertion("RS256", RS_HEADER, served[i]);
		tresp r = post(&f, basic, a, "");
		CHECK(r.status == 200);
		if (r.status != 200)
			fprintf(stderr, "  served %zu: %s [%s]\n", i, tresp_err(&r), tresp_why(&r));
		tresp_free(&r);
		free(a);
	}
	/* a fractional maximum as configured, as the reference's detail has it */
	tfx_free(&f);
	setup(&f, &cb, ",\"maxAssertionLifetimeSeconds\":300.5");
	char *a = assertion("RS256", RS_HEADER, "{\"exp\":1800000361}");
	EXPECT(&f, basic, a, "", INVALID, WHY("lifetime_too_long {\"reason\":\"lifetime_too_long\",\"lifetime\":361,\"max\":300.5}"));
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_replay)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	char *a = assertion("RS256", RS_HEADER, "{\"jti\":\"once\"}");
	tresp r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	/* R-EMA-24: the same jti again, even in another assertion of the issuer */
	EXPECT(&f, basic, a, "", INVALID, WHY("replayed {\"reason\":\"replayed\",\"jti\":\"once\"}"));
	char *b = assertion("ES256", ES_HEADER, "{\"jti\":\"once\"}");
	EXPECT(&f, basic, b, "", INVALID, WHY("replayed"));
	CHECK(cb.mapped_calls == 1);
	free(b);
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_mapper_rules)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	static const struct { const char *mapped; uint32_t status; const char *want, *why; } cases[] = {
		/* R-EMA-26 */
		{ "null", OC_FXR_OK, "400 invalid_grant: Assertion was not authorized", WHY("mapper_denied") },
		{ "{\"kind\":\"other\"}", OC_FXR_FAILED, "400 invalid_grant: Assertion was not authorized", WHY("mapper_threw") },
		/* R-EMA-27 */
		{ NULL, OC_FXR_OK, "400 invalid_grant: Invalid mapped user", WHY("invalid_mapped_user") },
		{ "{\"object\":false}", OC_FXR_OK, "400 invalid_grant: Invalid mapped user", WHY("invalid_mapped_user") },
		{ "{\"object\":true,\"scope\":[],\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped user", WHY("invalid_mapped_user") },
		{ "{\"object\":true,\"userId\":\"\",\"scope\":[],\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped user", WHY("invalid_mapped_user") },
		{ "{\"object\":true,\"userId\":\"a:b\",\"scope\":[],\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped user", WHY("invalid_mapped_user") },
		/* R-EMA-28 */
		{ "{\"object\":true,\"userId\":\"u\",\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped scope", WHY("invalid_mapped_scope") },
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[\"a b\"],\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped scope", WHY("invalid_mapped_scope") },
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[null],\"props\":\"{}\"}", OC_FXR_OK, "400 invalid_grant: Invalid mapped scope", WHY("invalid_mapped_scope") },
		/* R-EMA-29 */
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[]}", OC_FXR_OK, "400 invalid_grant: Invalid mapped props", WHY("invalid_mapped_props") },
		/* R-EMA-30 */
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[],\"props\":\"{}\",\"ttl\":0}", OC_FXR_OK, "400 invalid_grant: Invalid access token TTL", WHY("invalid_mapped_ttl") },
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[],\"props\":\"{}\",\"ttl\":\"NaN\"}", OC_FXR_OK, "400 invalid_grant: Invalid access token TTL", WHY("invalid_mapped_ttl") },
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[],\"props\":\"{}\",\"ttl\":59}", OC_FXR_OK, "400 invalid_grant: Invalid access token TTL", WHY("invalid_mapped_ttl") },
		/* R-EMA-31: the host's clock after the mapper passed the assertion's exp */
		{ "{\"object\":true,\"userId\":\"u\",\"scope\":[],\"props\":\"{}\",\"now\":1800000120000}", OC_FXR_OK, "400 invalid_grant: Assertion has expired", WHY("assertion_expired_after_processing") },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cb.mapped = cases[i].mapped;
		cb.mapped_status = cases[i].status;
		char *a = assertion("RS256", RS_HEADER, NULL);
		tresp r = post(&f, basic, a, "");
		const char *got = tresp_err(&r), *w = tresp_why(&r);
		int ok = strcmp(got, cases[i].want) == 0 && strncmp(w, cases[i].why, strlen(cases[i].why)) == 0;
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  case %zu: got %s [%s]\n", i, got, w);
		tresp_free(&r);
		free(a);
	}
	/* a mapper's lifetime, its scope narrowed to the assertion's (repeats kept), null props */
	cb.mapped = "{\"object\":true,\"userId\":\"u\",\"scope\":[\"write\",\"admin\",\"write\"],\"props\":\"null\",\"ttl\":90}";
	cb.mapped_status = OC_FXR_OK;
	char *a = assertion("RS256", RS_HEADER, NULL);
	tresp r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r.json, "expires_in")) == 90);
	CHECK_STR(tresp_str(&r, "scope"), "write write");
	tresp_free(&r);
	free(a);
	/* no scope claim: the mapper's scope as it is, and nothing asked */
	a = assertion("RS256", RS_HEADER, "{\"scope\":\"$drop\"}");
	r = post(&f, basic, a, "");
	CHECK(r.status == 200);
	CHECK_STR(tresp_str(&r, "scope"), "write admin write");
	CHECK(strstr(cb.mapped_arg, "\"requestedScope\":[]}") != NULL);
	tresp_free(&r);
	free(a);
	free(basic);
	tfx_free(&f);
}

OC_TEST(ema_off_and_metadata)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	tfx_setup(&f, "");
	tresp r = tfx_post(&f, basic, NULL, GT "&assertion=x.y.z", NULL);
	CHECK_ERR(r, "400 unsupported_grant_type: Grant type not supported");
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	CHECK(r.status == 200 && strstr(r.body, "jwt-bearer") == NULL && strstr(r.body, "authorization_grant_profiles_supported") == NULL);
	tresp_free(&r);
	tfx_free(&f);
	ema_cb cb;
	setup(&f, &cb, "");
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	CHECK(r.status == 200);
	CHECK(strstr(r.body, "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\",\"urn:ietf:params:oauth:grant-type:jwt-bearer\"],"
		"\"authorization_grant_profiles_supported\":[\"urn:ietf:params:oauth:grant-profile:id-jag\"],\"token_endpoint_auth_methods_supported\"") != NULL);
	tresp_free(&r);
	free(basic);
	tfx_free(&f);
}

/* An OAuthAuthorizationServer (issuer https://example.com) with two resources and the grant, extra appended. */
static void several(tfx *f, const char *extra)
{
	char json[512];
	const char *err = NULL;
	oc_config_free(f->cfg);
	snprintf(json, sizeof json, "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"tokenEndpoint\":\"/token\","
		"\"resources\":[\"https://example.com/mcp\",\"https://example.com/drive\"],"
		"\"enterpriseManagedAuthorization\":{" EMA_FNS "}%s}", extra);
	f->cfg = oc_config_new(json, strlen(json), &err);
}

/* POSTs a fresh assertion with claims patch and extra; on 200, the answer's resource equals the grant's, the token's audience and the mapper's (else NULL). */
static const char *bound(tfx *f, ema_cb *cb, const char *basic, const char *patch, const char *extra, tresp *r)
{
	static char got[128];
	char *a = assertion("RS256", RS_HEADER, patch), gkey[128];
	*r = post(f, basic, a, extra);
	free(a);
	const char *res = tresp_str(r, "resource"), *tok = tresp_str(r, "access_token");
	if (r->status != 200 || res == NULL || tok == NULL)
		return NULL;
	snprintf(gkey, sizeof gkey, "grant:enterprise-alice:%.16s", tok + 17);
	cJSON *g = tfx_record(f, gkey);
	char id[OC_TOKEN_ID_LEN + 1], tk[200];
	oc_token_id(id, tok, strlen(tok));
	snprintf(tk, sizeof tk, "token:enterprise-alice:%.16s:%s", tok + 17, id);
	cJSON *t = tfx_record(f, tk);
	char want[160];
	snprintf(want, sizeof want, "},\"resource\":\"%s\",\"requestedScope\"", res);
	int same = g != NULL && t != NULL && strcmp(tfx_str(g, "resource"), res) == 0 && strcmp(tfx_str(t, "audience"), res) == 0
		&& strstr(cb->mapped_arg, want) != NULL;
	cJSON_Delete(g);
	cJSON_Delete(t);
	snprintf(got, sizeof got, "%s", same ? res : "(records differ)");
	return got;
}

/* R-EMA-02: with several resources the grant binds to the request's resource, else defaultResource, else none. */
OC_TEST(ema_several_resources)
{
	tfx f;
	ema_cb cb;
	tresp r;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup(&f, &cb, "");
	several(&f, "");
	REQUIRE(f.cfg != NULL);
	/* no resource and no default: refused before the resolver is asked, whatever the claim names */
	char *a = assertion("RS256", RS_HEADER, NULL);
	EXPECT(&f, basic, a, "", "400 invalid_target: The resource parameter is required when the authorization server has multiple resources",
		"resource-indicator resource_invalid");
	free(a);
	a = assertion("RS256", RS_HEADER, "{\"resource\":\"https://example.com/drive\"}");
	EXPECT(&f, basic, a, "", "400 invalid_target: The resource parameter is required when the authorization server has multiple resources",
		"resource-indicator resource_invalid");
	free(a);
	CHECK(cb.issuer_calls == 0);
	/* a resource the registry lacks: the token endpoint's refusal (R-TOKEN-09), before the grant's */
	a = assertion("RS256", RS_HEADER, NULL);
	EXPECT(&f, basic, a, "&resource=https%3A%2F%2Fexample.com%2Fother",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", "resource-indicator resource_not_configured");
	free(a);
	CHECK(cb.issuer_calls == 0);
	/* named: exactly, in another case, or covered by a URL with a query (RFC 8707 §2.2); the claim absent or naming it */
	CHECK_STR(bound(&f, &cb, basic, NULL, "&resource=https%3A%2F%2Fexample.com%2Fdrive", &r), "https://example.com/drive");
	tresp_free(&r);
	CHECK_STR(bound(&f, &cb, basic, NULL, "&resource=HTTPS%3A%2F%2FEXAMPLE.COM%2Fmcp", &r), "https://example.com/mcp");
	tresp_free(&r);
	CHECK_STR(bound(&f, &cb, basic, "{\"resource\":\"https://example.com/drive\"}", "&resource=https%3A%2F%2Fexample.com%2Fdrive%3Fmode%3Dx", &r),
		"https://example.com/drive");
	tresp_free(&r);
	CHECK(strstr(cb.mapped_arg, "\"resource\":\"https://example.com/drive\"},\"clientInfo\"") != NULL);
	/* the claim naming the other resource (R-EMA-19 against the chosen one) */
	a = assertion("RS256", RS_HEADER, "{\"resource\":\"https://example.com/mcp\"}");
	EXPECT(&f, basic, a, "&resource=https%3A%2F%2Fexample.com%2Fdrive", "400 invalid_target: Invalid resource", WHY("resource_mismatch"));
	free(a);
	/* defaultResource: where a request without resource binds; a request may still name the other */
	several(&f, ",\"defaultResource\":\"https://example.com/mcp\"");
	REQUIRE(f.cfg != NULL);
	CHECK_STR(bound(&f, &cb, basic, NULL, "", &r), "https://example.com/mcp");
	tresp_free(&r);
	CHECK_STR(bound(&f, &cb, basic, NULL, "&resource=https%3A%2F%2Fexample.com%2Fdrive", &r), "https://example.com/drive");
	tresp_free(&r);
	EXPECT_SIGNED(&f, basic, "RS256", RS_HEADER, "{\"resource\":\"https://example.com/drive\"}", "400 invalid_target: Invalid resource", WHY("resource_mismatch"));
	free(basic);
	tfx_free(&f);
}

/* A fresh assertion with the claims patch refused with invalid_target "Invalid resource" for reason. */
#define RESOURCE_REFUSED(f, basic, patch, reason) do { char *a_ = assertion("RS256", RS_HEADER, patch); \
	EXPECT(f, basic, a_, "", "400 invalid_target: Invalid resource", WHY(reason)); free(a_); } while (0)

/*
 * The 0.10.x profile (R010-EMA-03, -05…07): an algorithm the issuer does not
 * list is issuer_not_trusted; the resource claim read and matched as 0.10.4
 * reads it, and bound: the mapper's resource, the grant's, the token's
 * audience and the answer's; the resource parameter not read.
 */
OC_TEST(ema_0_10_profile)
{
	tfx f;
	ema_cb cb;
	char *basic = tfx_basic(C, FX_SECRET_C);
	setup_with(&f, &cb, "", ",\"generation\":\"0.10\"");
	REQUIRE(f.cfg != NULL);
	cb.issuer = "{\"issuer\":\"" IDP "\",\"jwksUri\":\"" IDP "/jwks\"}"; /* RS256 only */
	EXPECT_SIGNED(&f, basic, "ES256", ES_HEADER, NULL, INVALID, WHY("issuer_not_trusted {\"reason\":\"issuer_not_trusted\",\"iss\":\"" IDP "\"}"));
	cb.issuer = ISSUER_OK;
	/* the case of the host counts (1.2.3 folds it); a lone '#' is a mismatch (1.2.3: no resource URI) */
	RESOURCE_REFUSED(&f, basic, "{\"resource\":\"https://EXAMPLE.com/api\"}", "resource_mismatch");
	RESOURCE_REFUSED(&f, basic, "{\"resource\":\"https://example.com/api#\"}", "resource_mismatch");
	RESOURCE_REFUSED(&f, basic, "{\"resource\":\"urn:example:api\"}", "resource_invalid");
	/* a resource parameter naming another resource is not read: the configured one is bound */
	tresp r;
	CHECK_STR(bound(&f, &cb, basic, NULL, "&resource=https%3A%2F%2Fother.example%2F&resource=x", &r), FX_RESOURCE);
	tresp_free(&r);
	tfx_free(&f);

	/* resourceMatchOriginOnly: a resource of the configured one's origin is the claim's to bind */
	setup_with(&f, &cb, "", ",\"generation\":\"0.10\",\"resourceMatchOriginOnly\":true");
	CHECK_STR(bound(&f, &cb, basic, "{\"resource\":\"https://example.com/other\"}", "", &r), "https://example.com/other");
	/* 0.10.x grants carry no KV metadata */
	const char *tok = tresp_str(&r, "access_token");
	char gkey[128];
	REQUIRE(tok != NULL);
	snprintf(gkey, sizeof gkey, "grant:enterprise-alice:%.16s", tok + 17);
	const fake_kv_entry *ge = fake_kv_find(&f.kv, gkey);
	CHECK(ge != NULL && ge->meta == NULL);
	tresp_free(&r);
	RESOURCE_REFUSED(&f, basic, "{\"resource\":\"https://other.example/api\"}", "resource_mismatch");
	tfx_free(&f);

	/* the same claims under 1.x: the host's case folded, '#' no resource URI */
	setup(&f, &cb, "");
	CHECK_STR(bound(&f, &cb, basic, "{\"resource\":\"https://EXAMPLE.com/api\"}", "", &r), FX_RESOURCE);
	tresp_free(&r);
	RESOURCE_REFUSED(&f, basic, "{\"resource\":\"https://example.com/api#\"}", "resource_invalid");
	free(basic);
	tfx_free(&f);
}
