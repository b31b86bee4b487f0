/* Signing ID-JAG assertions for tests (ema_sign.h). */
#include "ema_sign.h"
#include "jose_vectors.h"
#include "base/oc_b64.h"
#include "cJSON.h"
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char ec_scalar[32] = {
	0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88, 0x97, 0xa6, 0xb5, 0xc4, 0xd3, 0xe2, 0xf1, 0x00,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01,
};

static char *b64url(const void *p, size_t n)
{
	char *s = malloc(n * 4 / 3 + 4);
	s[oc_b64url_encode(s, p, n)] = 0;
	return s;
}

/* Member m of the private JWK, decoded into buf. */
static size_t priv(const char *m, unsigned char *buf, size_t cap)
{
	cJSON *j = cJSON_Parse(V_JWKS_PRIVATE);
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "keys"), 0), m));
	size_t n = cap;
	if (v == NULL || oc_b64url_decode(buf, &n, v, strlen(v)) != 0)
		n = 0;
	cJSON_Delete(j);
	return n;
}

char *ema_sign(const char *alg, const char *header, const char *claims)
{
	char *h = b64url(header, strlen(header)), *c = b64url(claims, strlen(claims));
	size_t in_len = strlen(h) + 1 + strlen(c);
	char *input = malloc(in_len + 1);
	unsigned char hash[32], sig[512];
	size_t sig_len = 0;
	br_sha256_context sc;

	snprintf(input, in_len + 1, "%s.%s", h, c);
	br_sha256_init(&sc);
	br_sha256_update(&sc, input, in_len);
	br_sha256_out(&sc, hash);
	if (strcmp(alg, "ES256") == 0) {
		br_ec_private_key sk = { BR_EC_secp256r1, (unsigned char *)ec_scalar, sizeof ec_scalar };
		sig_len = br_ecdsa_i31_sign_raw(br_ec_get_default(), &br_sha256_vtable, hash, &sk, sig);
	} else {
		unsigned char p[256], q[256], dp[256], dq[256], qi[256];
		br_rsa_private_key sk = { 2048, p, priv("p", p, sizeof p), q, priv("q", q, sizeof q),
			dp, priv("dp", dp, sizeof dp), dq, priv("dq", dq, sizeof dq), qi, priv("qi", qi, sizeof qi) };
		if (br_rsa_i31_pkcs1_sign(BR_HASH_OID_SHA256, hash, 32, &sk, sig))
			sig_len = 256;
	}
	char *s = b64url(sig, sig_len);
	char *out = malloc(in_len + 2 + strlen(s));
	sprintf(out, "%s.%s", input, s);
	free(h); free(c); free(input); free(s);
	return out;
}

char *ema_jwks(void)
{
	unsigned char kbuf[BR_EC_KBUF_PUB_MAX_SIZE];
	br_ec_private_key sk = { BR_EC_secp256r1, (unsigned char *)ec_scalar, sizeof ec_scalar };
	br_ec_public_key pk;
	br_ec_compute_pub(br_ec_get_default(), &pk, kbuf, &sk);
	char *x = b64url(pk.q + 1, 32), *y = b64url(pk.q + 33, 32);
	cJSON *j = cJSON_Parse(V_JWKS);
	cJSON *rsa = cJSON_DetachItemFromArray(cJSON_GetObjectItem(j, "keys"), 0);
	char *rs = cJSON_PrintUnformatted(rsa), *out = malloc(strlen(rs) + 256);
	sprintf(out, "{\"keys\":[%s,{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\",\"kid\":\"ec-1\",\"use\":\"sig\"}]}", rs, x, y);
	free(x); free(y); free(rs);
	cJSON_Delete(rsa);
	cJSON_Delete(j);
	return out;
}
