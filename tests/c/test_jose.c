#include "oc_test.h"
#include "jose_vectors.h"
#include "jose/oc_jwk.h"
#include "jose/oc_jws.h"
#include "jose/oc_jws_verify.h"

/* Frees a after unbinding cJSON from it (the next test may parse JSON). */
static void done(oc_arena *a)
{
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* Splits, reads the header, selects the key from V_JWKS and verifies: the first refusal. */
static oc_jose_status run(const char *jws_text, const char *jwks_text)
{
	oc_arena *a = oc_arena_new();
	oc_jws jws;
	oc_jws_header h;
	oc_jwks set;
	const oc_jwk *key;
	oc_jose_status st;

	if ((st = oc_jws_split(a, jws_text, strlen(jws_text), &jws)) == OC_JOSE_OK &&
	    (st = oc_jws_header_read(&jws, &h)) == OC_JOSE_OK &&
	    (st = oc_jwks_parse(a, jwks_text, strlen(jwks_text), &set)) == OC_JOSE_OK &&
	    (st = oc_jwks_select(&set, h.alg, h.kid, &key)) == OC_JOSE_OK)
		st = oc_jws_verify(&jws, h.alg, key);
	done(a);
	return st;
}

OC_TEST(jose_verifies_rs256_and_es256)
{
	CHECK(run(V_JWS_RS256, V_JWKS) == OC_JOSE_OK);
	CHECK(run(V_JWS_ES256, V_JWKS) == OC_JOSE_OK);
	/* no kid: the only key that fits ES256 */
	CHECK(run(V_JWS_ES256_NOKID, V_JWKS) == OC_JOSE_OK);
}

OC_TEST(jose_refuses_bad_signatures)
{
	CHECK(run(V_JWS_RS256_TAMPERED, V_JWKS) == OC_JOSE_BAD_SIGNATURE);
	CHECK(run(V_JWS_RS256_OTHER_KEY, V_JWKS) == OC_JOSE_BAD_SIGNATURE);
	CHECK(run(V_JWS_ES256_DER, V_JWKS) == OC_JOSE_BAD_SIGNATURE);
	/* alg RS256 naming the EC key: no RSA key with that kid */
	CHECK(run(V_JWS_ES_AS_RS, V_JWKS) == OC_JOSE_NO_KEY);
	CHECK(run(V_JWS_RS256_WRONG_KID, V_JWKS) == OC_JOSE_NO_KEY);
}

OC_TEST(jose_refuses_none_hmac_crit)
{
	CHECK(run(V_JWS_HS256_PEM, V_JWKS) == OC_JOSE_ALG_HMAC);
	CHECK(run(V_JWS_HS256_N, V_JWKS) == OC_JOSE_ALG_HMAC);
	/* an empty signature part is not a compact JWS at all */
	CHECK(run(V_JWS_NONE, V_JWKS) == OC_JOSE_MALFORMED);
	CHECK(run(V_JWS_NONE_SIGNED, V_JWKS) == OC_JOSE_ALG_NONE);
	CHECK(run(V_JWS_CRIT, V_JWKS) == OC_JOSE_CRIT);
}

OC_TEST(jose_alg_names)
{
	oc_jose_alg alg;
	CHECK(oc_jose_alg_parse("RS256", &alg) == OC_JOSE_OK && alg == OC_JOSE_ALG_RS256);
	CHECK(oc_jose_alg_parse("ES256", &alg) == OC_JOSE_OK && alg == OC_JOSE_ALG_ES256);
	CHECK(oc_jose_alg_parse("none", &alg) == OC_JOSE_ALG_NONE);
	CHECK(oc_jose_alg_parse("NoNe", &alg) == OC_JOSE_ALG_NONE);
	CHECK(oc_jose_alg_parse("HS256", &alg) == OC_JOSE_ALG_HMAC);
	CHECK(oc_jose_alg_parse("hs512", &alg) == OC_JOSE_ALG_HMAC);
	CHECK(oc_jose_alg_parse("RS384", &alg) == OC_JOSE_ALG_UNSUPPORTED);
	CHECK(oc_jose_alg_parse("PS256", &alg) == OC_JOSE_ALG_UNSUPPORTED);
	CHECK(oc_jose_alg_parse("rs256", &alg) == OC_JOSE_ALG_UNSUPPORTED);
	CHECK(oc_jose_alg_parse("", &alg) == OC_JOSE_ALG_UNSUPPORTED);
	CHECK(oc_jose_alg_parse("n", &alg) == OC_JOSE_ALG_UNSUPPORTED);
	CHECK_STR(oc_jose_status_name(OC_JOSE_ALG_HMAC), "alg_hmac");
}

static oc_jose_status split(const char *s)
{
	oc_arena *a = oc_arena_new();
	oc_jws jws;
	oc_jws_header h;
	oc_jose_status st = oc_jws_split(a, s, strlen(s), &jws);
	if (st == OC_JOSE_OK)
		st = oc_jws_header_read(&jws, &h);
	done(a);
	return st;
}

OC_TEST(jose_split_is_strict)
{
	/* {"alg":"RS256"} . {"a":1} . "sig" */
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln") == OC_JOSE_OK);
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ") == OC_JOSE_MALFORMED);
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln.c2ln") == OC_JOSE_MALFORMED);
	CHECK(split(".eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	CHECK(split("eyJhbGciOiJSUzI1NiJ9..c2ln") == OC_JOSE_MALFORMED);
	/* padding, standard alphabet, whitespace */
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ==.c2ln") == OC_JOSE_MALFORMED);
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2l+") == OC_JOSE_MALFORMED);
	CHECK(split("eyJhbGciOiJSUzI1NiJ9 .eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	/* payload [1] (an array), header "x" (a string) */
	CHECK(split("eyJhbGciOiJSUzI1NiJ9.WzFd.c2ln") == OC_JOSE_MALFORMED);
	CHECK(split("Ingi.eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	/* {"alg":"RS256","alg":"none"}: a repeated member */
	CHECK(split("eyJhbGciOiJSUzI1NiIsImFsZyI6Im5vbmUifQ.eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	/* {"alg":"RS256","kid":""} and {"alg":"RS256","b64":false} */
	CHECK(split("eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	CHECK(split("eyJhbGciOiJSUzI1NiIsImI2NCI6ZmFsc2V9.eyJhIjoxfQ.c2ln") == OC_JOSE_MALFORMED);
	/* {"kid":"a"}: no alg */
	CHECK(split("eyJraWQiOiJhIn0.eyJhIjoxfQ.c2ln") == OC_JOSE_ALG_UNSUPPORTED);
}

static oc_jose_status jwks(const char *s, size_t *count)
{
	oc_arena *a = oc_arena_new();
	oc_jwks set;
	oc_jose_status st = oc_jwks_parse(a, s, strlen(s), &set);
	*count = set.count;
	done(a);
	return st;
}

OC_TEST(jose_jwks_reading)
{
	size_t n;
	CHECK(jwks(V_JWKS, &n) == OC_JOSE_OK && n == 2);
	CHECK(jwks(V_JWKS_RSA_SMALL, &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks(V_JWKS_PRIVATE, &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[]}", &n) == OC_JOSE_OK && n == 0);
	CHECK(jwks("{\"keys\":{}}", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("[]", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[1]}", &n) == OC_JOSE_JWKS_INVALID);
	/* another kty or curve is left out, not refused */
	CHECK(jwks("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\"}]}", &n) == OC_JOSE_OK && n == 0);
	CHECK(jwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}]}", &n) == OC_JOSE_OK && n == 0);
	/* P-256 coordinates of the wrong length; a kid that is not a string */
	CHECK(jwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[{\"kty\":\"EC\",\"kid\":1}]}", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", &n) == OC_JOSE_JWKS_INVALID);
	CHECK(jwks("{\"keys\":[],\"keys\":[]}", &n) == OC_JOSE_JWKS_INVALID);
}

OC_TEST(jose_select_without_kid_must_be_unambiguous)
{
	oc_arena *a = oc_arena_new();
	oc_jwks set;
	const oc_jwk *k;
	REQUIRE(oc_jwks_parse(a, V_JWKS_TWO_RSA, strlen(V_JWKS_TWO_RSA), &set) == OC_JOSE_OK);
	CHECK(set.count == 2);
	CHECK(oc_jwks_select(&set, OC_JOSE_ALG_RS256, NULL, &k) == OC_JOSE_NO_KEY);
	CHECK(oc_jwks_select(&set, OC_JOSE_ALG_ES256, NULL, &k) == OC_JOSE_NO_KEY);
	CHECK(oc_jwks_usable(&set, OC_JOSE_ALG_RS256));
	CHECK(!oc_jwks_usable(&set, OC_JOSE_ALG_ES256));
	/* use "enc" or key_ops without "verify": not a signing key */
	REQUIRE(oc_jwks_parse(a, V_JWKS, strlen(V_JWKS), &set) == OC_JOSE_OK);
	set.keys[0].for_signatures = 0;
	CHECK(oc_jwks_select(&set, OC_JOSE_ALG_RS256, "rsa-1", &k) == OC_JOSE_NO_KEY);
	done(a);
}
