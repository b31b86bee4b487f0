/*
 * oc_jws_verify: the signature of a JWS under one public key, with BearSSL.
 *
 * RS256: RSASSA-PKCS1-v1_5 over SHA-256 (RFC 8017 §8.2.2); the signature must
 * be exactly as long as the modulus, and the DigestInfo must name SHA-256.
 * ES256: ECDSA over P-256 with SHA-256, the signature the 64 bytes r || s
 * (RFC 7518 §3.4; a DER signature is refused). Implementations: BearSSL's
 * i15 RSA and m31 P-256 (the smallest code in the module; m31 also verifies
 * twice as fast as m15 in wasm, which has a 32x32->64 multiply).
 * A key whose type does not fit alg never verifies.
 */
#ifndef OC_JWS_VERIFY_H
#define OC_JWS_VERIFY_H

#include "jose/oc_jwk.h"
#include "jose/oc_jws.h"

/* OC_JOSE_OK if jws's signature verifies under key for alg, else OC_JOSE_BAD_SIGNATURE. */
oc_jose_status oc_jws_verify(const oc_jws *jws, oc_jose_alg alg, const oc_jwk *key);

#endif
