#include "oc_test.h"
#include "jose_vectors.h"
#include "oauth/oc_client_assertion.h"
#include "oauth/oc_client_keys.h"
#include "crypto/oc_crypto.h"
#include "base/oc_b64.h"
#include <stdlib.h>

#define NOW 1899999950 /* the vectors' iat + 50; their exp is 1900000000 */
#define TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

/* The client "client-1" with the vectors' inline JWKS (algorithms: algs, or none listed). */
static oc_client client(oc_arena *a, const char *algs)
{
	static char json[8192];
	oc_client c;
	snprintf(json, sizeof json, "{\"clientId\":\"client-1\",\"redirectUris\":[],"
		"\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"clientAssertionKeys\":{\"jwks\":%s%s%s}}",
		V_JWKS, algs ? ",\"algorithms\":" : "", algs ? algs : "");
	memset(&c, 0, sizeof c);
	if (oc_client_decode(a, json, strlen(json), &c).code != OC_OK)
		abort();
	return c;
}

/* The last refusal's detail text ("" when accepted). */
static char last_detail[1024];

/* The refusal's detail reason ("ok" when accepted). */
static const char *check_at(const char *assertion, const char *type, const char *algs, int64_t now, oc_assertion *as)
{
	static char reason[64];
	oc_arena *a = oc_arena_new();
	oc_client c = client(a, algs);
	oc_client_creds cr = { OC_CLIENT_AUTH_JWT, 0, "client-1", 8, NULL, 0,
		assertion, strlen(assertion), type, strlen(type) };
	oc_assertion_ctx ctx = { "https://as.example", "https://as.example/token", now };
	oc_err e = oc_client_assertion_check(a, &c, &cr, &ctx, as);
	last_detail[0] = 0;
	if (e.code == OC_ERR_INVALID_CLIENT && e.why != NULL) {
		const char *r = e.why + strlen(e.why) + 1;
		snprintf(last_detail, sizeof last_detail, "%s", r + strlen(r) + 1);
	}
	if (e.code == OC_OK) {
		snprintf(reason, sizeof reason, "ok");
	} else if (e.code != OC_ERR_INVALID_CLIENT || strcmp(e.desc, "Client authentication failed") != 0) {
		snprintf(reason, sizeof reason, "wrong error %d", (int)e.code);
	} else {
		/* why: "client-authentication\0<reason>\0<detail>"; the detail's "reason" member when there is one */
		const char *r = e.why + strlen(e.why) + 1, *d = r + strlen(r) + 1, *m = strstr(d, "\"reason\":\"");
		if (m != NULL)
			snprintf(reason, sizeof reason, "%.*s", (int)(strchr(m + 10, '"') - m - 10), m + 10);
		else
			snprintf(reason, sizeof reason, "%s", r);
	}
	if (as->marker_key != NULL && strncmp(as->marker_key, OC_ASSERTION_JTI_PREFIX, strlen(OC_ASSERTION_JTI_PREFIX)) == 0) {
		static char key[128];
		snprintf(key, sizeof key, "%s", as->marker_key);
		as->marker_key = key;
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return reason;
}

static const char *check(const char *assertion)
{
	oc_assertion as;
	return check_at(assertion, TYPE, NULL, NOW, &as);
}

OC_TEST(client_assertion_accepts_rs256_es256_and_audiences)
{
	CHECK_STR(check(V_JWS_RS256), "ok");
	CHECK_STR(check(V_JWS_ES256), "ok");
	CHECK_STR(check(V_JWS_ES256_NOKID), "ok");
	CHECK_STR(check(V_AS_ISSUER_AUD), "ok");
	CHECK_STR(check(V_AS_ARRAY_AUD), "ok");
	CHECK_STR(check(V_AS_TYPED_ISSUER_AUD), "ok");
	/* nbf 50 s ahead: within the skew */
	CHECK_STR(check(V_AS_NBF_FUTURE), "ok");
}

OC_TEST(client_assertion_replay_marker)
{
	oc_assertion as;
	char hex[65], first[128];
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, NOW, &as), "ok");
	snprintf(first, sizeof first, "%s", as.marker_key);
	oc_sha256_hex(hex, "client-1\nj-1", 12);
	CHECK(strncmp(first, OC_ASSERTION_JTI_PREFIX, strlen(OC_ASSERTION_JTI_PREFIX)) == 0);
	CHECK_STR(first + strlen(OC_ASSERTION_JTI_PREFIX), hex);
	/* lives until exp + skew: 50 + 60 s */
	CHECK(as.marker_ttl == 110);
	/* the same jti signed with another key type: the same marker */
	CHECK_STR(check_at(V_JWS_ES256, TYPE, NULL, NOW, &as), "ok");
	CHECK_STR(as.marker_key, first);
	CHECK_STR(check_at(V_AS_OTHER_JTI, TYPE, NULL, NOW, &as), "ok");
	CHECK(strcmp(as.marker_key, first) != 0);
	/* KV's least TTL is 60 s */
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1900000050, &as), "ok");
	CHECK(as.marker_ttl == 60);
}

OC_TEST(client_assertion_refusals)
{
	oc_assertion as;
	CHECK_STR(check_at(V_JWS_RS256, "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", NULL, NOW, &as),
		"client_assertion_type_unsupported");
	CHECK_STR(check(V_JWS_RS256_TAMPERED), "signature_failed");
	CHECK_STR(check(V_JWS_RS256_OTHER_KEY), "signature_failed");
	CHECK_STR(check(V_JWS_ES256_DER), "signature_failed");
	CHECK_STR(check(V_JWS_RS256_WRONG_KID), "no_matching_key");
	CHECK_STR(check(V_JWS_ES_AS_RS), "no_matching_key");
	CHECK_STR(check(V_JWS_HS256_PEM), "invalid_alg");
	CHECK_STR(check(V_JWS_HS256_N), "invalid_alg");
	CHECK_STR(check(V_JWS_NONE), "assertion_malformed");
	CHECK_STR(check(V_JWS_NONE_SIGNED), "invalid_alg");
	CHECK_STR(check(V_JWS_CRIT), "assertion_malformed");
	CHECK_STR(check(V_AS_BAD_TYP), "invalid_typ");
	CHECK_STR(check(V_AS_WRONG_ISS), "client_id_mismatch");
	CHECK_STR(check(V_AS_WRONG_SUB), "client_id_mismatch");
	CHECK_STR(check(V_AS_WRONG_AUD), "aud_mismatch");
	/* a typed assertion must name the issuer alone */
	CHECK_STR(check(V_AS_TYPED_TOKEN_AUD), "aud_mismatch");
	CHECK_STR(check(V_AS_NO_EXP), "invalid_claim");
	CHECK_STR(check(V_AS_FRACTION_EXP), "invalid_claim");
	CHECK_STR(check(V_AS_NO_JTI), "invalid_claim");
	CHECK_STR(check(V_AS_EMPTY_JTI), "invalid_claim");
	/* expired: exp + 60 s skew reached */
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1900000059, &as), "ok");
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1900000060, &as), "expired");
	/* more than an hour left */
	CHECK_STR(check_at(V_AS_NO_IAT, TYPE, NULL, 1900000000 - 3600, &as), "ok");
	CHECK_STR(check_at(V_AS_NO_IAT, TYPE, NULL, 1900000000 - 3601, &as), "lifetime_too_long");
	/* iat (1899999900) more than 60 s ahead */
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1899999900 - 60, &as), "ok");
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1899999900 - 61, &as), "iat_in_future");
	CHECK_STR(check_at(V_AS_NBF_FUTURE, TYPE, NULL, 1900000000 - 61, &as), "nbf_in_future");
	/* the client's algorithms */
	CHECK_STR(check_at(V_JWS_ES256, TYPE, "[\"RS256\"]", NOW, &as), "invalid_alg");
	CHECK_STR(check_at(V_JWS_RS256, TYPE, "[\"RS256\"]", NOW, &as), "ok");
}

/* The detail of the refusal of an assertion of header h and claims j (signature never reached) at NOW. */
static const char *detail_of(const char *h, const char *j)
{
	static char text[2048];
	oc_assertion as;
	size_t n = oc_b64url_encode(text, (const uint8_t *)h, strlen(h));
	text[n++] = '.';
	n += oc_b64url_encode(text + n, (const uint8_t *)j, strlen(j));
	memcpy(text + n, ".c2ln", 6);
	check_at(text, TYPE, NULL, NOW, &as);
	return last_detail;
}

#define RS "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}"
#define CLAIMS(iss, sub, aud) "{\"iss\":" iss ",\"sub\":" sub ",\"aud\":" aud ",\"exp\":1900000000,\"jti\":\"j\"}"
#define ME "\"client-1\""
#define TOKEN "\"https://as.example/token\""
#define D(rest) "{\"clientId\":\"client-1\",\"reason\":" rest "}"

/* R-REST-08: each refusal's detail holds 1.2.3's members, in its order, as JSON.stringify writes them. */
OC_TEST(client_assertion_refusal_details)
{
	oc_assertion as;
	/* client_id_mismatch: got is String(claim) */
	CHECK_STR(detail_of(RS, CLAIMS("\"client-2\"", ME, TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"client-2\""));
	CHECK_STR(detail_of(RS, CLAIMS(ME, "\"client-2\"", TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"client-2\""));
	CHECK_STR(detail_of(RS, "{\"sub\":\"client-1\"}"),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"undefined\""));
	CHECK_STR(detail_of(RS, CLAIMS("12.5", ME, TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"12.5\""));
	CHECK_STR(detail_of(RS, CLAIMS("[\"a\",null,[1,true],{}]", ME, TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"a,,1,true,[object Object]\""));
	CHECK_STR(detail_of(RS, CLAIMS(ME, "null", TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"null\""));
	CHECK_STR(detail_of(RS, CLAIMS(ME, "{\"a\":1}", TOKEN)),
		D("\"client_id_mismatch\",\"expected\":\"client-1\",\"got\":\"[object Object]\""));
	/* aud_mismatch: expected the issuer; got String(aud), an array each element as a string */
	CHECK_STR(detail_of(RS, CLAIMS(ME, ME, "\"https://other.example/token\"")),
		D("\"aud_mismatch\",\"expected\":\"https://as.example\",\"got\":\"https://other.example/token\""));
	CHECK_STR(detail_of(RS, CLAIMS(ME, ME, "[\"https://x.example\",1e21,null]")),
		D("\"aud_mismatch\",\"expected\":\"https://as.example\",\"got\":[\"https://x.example\",\"1e+21\",\"null\"]"));
	CHECK_STR(detail_of(RS, "{\"iss\":\"client-1\",\"sub\":\"client-1\"}"),
		D("\"aud_mismatch\",\"expected\":\"https://as.example\",\"got\":\"undefined\""));
	/* a typed assertion names the issuer alone */
	CHECK_STR(detail_of("{\"alg\":\"RS256\",\"typ\":\"client-authentication+jwt\"}", CLAIMS(ME, ME, TOKEN)),
		D("\"aud_mismatch\",\"expected\":\"https://as.example\",\"got\":\"https://as.example/token\""));
	/* invalid_claim: the claim's name */
	CHECK_STR(detail_of(RS, "{\"iss\":\"client-1\",\"sub\":\"client-1\",\"aud\":\"https://as.example\",\"exp\":1.5}"),
		D("\"invalid_claim\",\"claim\":\"exp\""));
	/* invalid_alg / invalid_typ: got as the header holds it; absent: undefined (null, named by "\u0000") */
	CHECK_STR(detail_of("{\"alg\":\"none\"}", CLAIMS(ME, ME, TOKEN)), D("\"invalid_alg\",\"got\":\"none\""));
	CHECK_STR(detail_of("{\"alg\":\"HS256\"}", CLAIMS(ME, ME, TOKEN)), D("\"invalid_alg\",\"got\":\"HS256\""));
	CHECK_STR(detail_of("{\"alg\":256}", CLAIMS(ME, ME, TOKEN)), D("\"invalid_alg\",\"got\":256"));
	CHECK_STR(detail_of("{\"kid\":\"k\"}", CLAIMS(ME, ME, TOKEN)), D("\"invalid_alg\",\"got\":null,\"\\u0000\":\"got\""));
	CHECK_STR(detail_of("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}", CLAIMS(ME, ME, TOKEN)),
		D("\"invalid_typ\",\"got\":\"at+jwt\""));
	CHECK_STR(detail_of("{\"alg\":\"RS256\",\"typ\":[\"JWT\"]}", CLAIMS(ME, ME, TOKEN)),
		D("\"invalid_typ\",\"got\":[\"JWT\"]"));
	/* crit or b64 before alg: malformed */
	CHECK_STR(detail_of("{\"alg\":\"none\",\"b64\":false}", CLAIMS(ME, ME, TOKEN)), D("\"assertion_malformed\""));
	CHECK_STR(check_at(V_JWS_ES256, TYPE, "[\"RS256\"]", NOW, &as), "invalid_alg");
	CHECK_STR(last_detail, D("\"invalid_alg\",\"got\":\"ES256\""));
	/* the dates: the numbers compared, the skew where 1.2.3 writes it */
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1900000060, &as), "expired");
	CHECK_STR(last_detail, D("\"expired\",\"exp\":1900000000,\"now\":1900000060"));
	CHECK_STR(check_at(V_AS_NO_IAT, TYPE, NULL, 1900000000 - 3601, &as), "lifetime_too_long");
	CHECK_STR(last_detail, D("\"lifetime_too_long\",\"lifetime\":3601,\"max\":3600"));
	CHECK_STR(check_at(V_JWS_RS256, TYPE, NULL, 1899999900 - 61, &as), "iat_in_future");
	CHECK_STR(last_detail, D("\"iat_in_future\",\"iat\":1899999900,\"now\":1899999839,\"skew\":60"));
	CHECK_STR(check_at(V_AS_NBF_FUTURE, TYPE, NULL, 1900000000 - 61, &as), "nbf_in_future");
	CHECK_STR(last_detail, D("\"nbf_in_future\",\"nbf\":1900000000,\"now\":1899999939,\"skew\":60"));
	/* the key: a kid named and not found is reported, none named is not */
	CHECK_STR(check(V_JWS_RS256_WRONG_KID), "no_matching_key");
	CHECK_STR(last_detail, D("\"no_matching_key\",\"kid\":\"nope\""));
	CHECK_STR(check(V_JWS_RS256_TAMPERED), "signature_failed");
	CHECK_STR(last_detail, D("\"signature_failed\""));
}

OC_TEST(client_assertion_needs_keys)
{
	oc_arena *a = oc_arena_new();
	oc_client c;
	oc_assertion as;
	static const char rec[] = "{\"clientId\":\"client-1\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"private_key_jwt\"}";
	oc_client_creds cr = { OC_CLIENT_AUTH_JWT, 0, "client-1", 8, NULL, 0,
		V_JWS_RS256, strlen(V_JWS_RS256), TYPE, strlen(TYPE) };
	oc_assertion_ctx ctx = { "https://as.example", "https://as.example/token", NOW };
	REQUIRE(oc_client_decode(a, rec, strlen(rec), &c).code == OC_OK);
	oc_err e = oc_client_assertion_check(a, &c, &cr, &ctx, &as);
	CHECK(e.code == OC_ERR_INVALID_CLIENT && e.why != NULL &&
	      strcmp(e.why + strlen(e.why) + 1, "client_assertion_unsupported") == 0);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* createClient's jwks (oc_client_keys_arg): the refusals, then the record member. */
static const char *keys_arg(oc_arena *a, const char *args_json, const char *method, cJSON **out)
{
	oc_arena_bind_json(a);
	cJSON *args = cJSON_Parse(args_json);
	return args ? oc_client_keys_arg(a, args, method, out) : "unparsed";
}

OC_TEST(client_keys_arg_rules)
{
	oc_arena *a = oc_arena_new();
	cJSON *out;
	char json[8192];
	const char *r;
	CHECK_STR(keys_arg(a, "{}", "private_key_jwt", &out), "private_key_jwt requires jwks or jwksUri");
	/* a jwksUri: fetched when an assertion comes, so both algorithms; the URL rules of oc_fetch.h */
	REQUIRE(keys_arg(a, "{\"jwksUri\":\"https://c.example/jwks\"}", "private_key_jwt", &out) == NULL);
	char *u = cJSON_PrintUnformatted(out);
	CHECK(u != NULL && strcmp(u, "{\"jwksUri\":\"https://c.example/jwks\",\"algorithms\":[\"RS256\",\"ES256\"]}") == 0);
	static const char *const bad_uris[] = { "http://c.example/jwks", "https://u@c.example/jwks", "https://c.example/jwks#k",
		"https://localhost/jwks", "https://127.0.0.1/jwks", "https://10.0.0.1/jwks", "https://[::1]/jwks", "jwks", "" };
	for (size_t i = 0; i < sizeof bad_uris / sizeof bad_uris[0]; i++) {
		snprintf(json, sizeof json, "{\"jwksUri\":\"%s\"}", bad_uris[i]);
		CHECK_STR(keys_arg(a, json, "private_key_jwt", &out), "private_key_jwt jwksUri must be an https: URL without "
			"userinfo or a fragment, naming no localhost, loopback, private, link-local or reserved address");
	}
	CHECK_STR(keys_arg(a, "{\"jwksUri\":7}", "private_key_jwt", &out), "jwksUri must be a string");
	CHECK_STR(keys_arg(a, "{\"jwks\":{\"keys\":[]},\"jwksUri\":\"https://c.example/jwks\"}", "private_key_jwt", &out),
		"jwks and jwksUri must not both be present");
	CHECK_STR(keys_arg(a, "{\"jwks\":{\"keys\":[]}}", "private_key_jwt", &out),
		"private_key_jwt jwks has no key for RS256 or ES256");
	CHECK_STR(keys_arg(a, "{\"jwks\":{\"keys\":[]}}", "client_secret_basic", &out),
		"jwks requires tokenEndpointAuthMethod private_key_jwt");
	snprintf(json, sizeof json, "{\"jwks\":%s}", V_JWKS_PRIVATE);
	CHECK(strncmp(keys_arg(a, json, "private_key_jwt", &out), "Invalid jwks", 12) == 0);
	snprintf(json, sizeof json, "{\"jwks\":%s}", V_JWKS_RSA_SMALL);
	CHECK(strncmp(keys_arg(a, json, "private_key_jwt", &out), "Invalid jwks", 12) == 0);
	/* a display jwksUri of another method stays allowed */
	CHECK(keys_arg(a, "{\"jwksUri\":\"https://c.example/jwks\"}", "client_secret_basic", &out) == NULL && out == NULL);
	snprintf(json, sizeof json, "{\"jwks\":%s}", V_JWKS_TWO_RSA);
	REQUIRE((r = keys_arg(a, json, "private_key_jwt", &out)) == NULL);
	char *s = cJSON_PrintUnformatted(cJSON_GetObjectItem(out, "algorithms"));
	CHECK(s != NULL && strcmp(s, "[\"RS256\"]") == 0);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(out, "jwks"), "keys")));
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* The refusals whose onError call carries the Request (R-AUTH-27): a failed verification only. */
OC_TEST(client_assertion_failed_is_the_verification_refusal)
{
	oc_arena *a = oc_arena_new();
	oc_client c = { .client_id = "c1" };
	REQUIRE(a != NULL);
	CHECK(oc_client_assertion_failed(oc_client_assertion_refuse(a, &c, "replayed", NULL, NULL)));
	CHECK(oc_client_assertion_failed(oc_client_assertion_refuse(a, &c, "bad_signature", "kid", "k1")));
	CHECK(!oc_client_assertion_failed(OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client authentication failed",
		OC_WHY("client-authentication", "client_assertion_type_unsupported"))));
	CHECK(!oc_client_assertion_failed(OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", OC_WHY("client-authentication", "client_not_found"))));
	CHECK(!oc_client_assertion_failed(OC_ERR(OC_ERR_INVALID_CLIENT, "Client authentication failed")));
	CHECK(!oc_client_assertion_failed(OC_ERR_WHY(OC_ERR_INVALID_GRANT, "x", OC_WHY("client-authentication", "client_assertion_invalid"))));
	oc_arena_free(a);
}
