/* RS256 and ES256 signature checks over BearSSL's i15 RSA and m31 P-256. */
#include "jose/oc_jws_verify.h"
#include "crypto/oc_crypto.h"
#include "bearssl_ec.h"
#include "bearssl_hash.h"
#include "bearssl_rsa.h"

static int verify_rs256(const uint8_t hash[32], const oc_jwk *key, const uint8_t *sig, size_t sig_len)
{
	br_rsa_public_key pk = {
		(unsigned char *)key->n, key->n_len, (unsigned char *)key->e, key->e_len
	};
	uint8_t signed_hash[32];

	return sig_len == key->n_len &&
		br_rsa_i15_pkcs1_vrfy(sig, sig_len, BR_HASH_OID_SHA256, sizeof signed_hash, &pk, signed_hash) == 1 &&
		oc_ct_eq(signed_hash, hash, 32);
}

static int verify_es256(const uint8_t hash[32], const oc_jwk *key, const uint8_t *sig, size_t sig_len)
{
	br_ec_public_key pk = { BR_EC_secp256r1, (unsigned char *)key->point, sizeof key->point };

	return sig_len == 64 &&
		br_ecdsa_i15_vrfy_raw(&br_ec_p256_m31, hash, 32, &pk, sig, sig_len) == 1;
}

oc_jose_status oc_jws_verify(const oc_jws *jws, oc_jose_alg alg, const oc_jwk *key)
{
	uint8_t hash[32];
	int ok;

	oc_sha256(hash, jws->signing_input, jws->signing_input_len);
	if (alg == OC_JOSE_ALG_RS256 && key->type == OC_JWK_RSA)
		ok = verify_rs256(hash, key, jws->sig, jws->sig_len);
	else if (alg == OC_JOSE_ALG_ES256 && key->type == OC_JWK_EC_P256)
		ok = verify_es256(hash, key, jws->sig, jws->sig_len);
	else
		ok = 0;
	return ok ? OC_JOSE_OK : OC_JOSE_BAD_SIGNATURE;
}
