/*
 * oc_jwk: public keys from a JSON Web Key Set (RFC 7517 §5), and the choice
 * of the one key a JWS header names.
 *
 * oc_jwks_read requires a JSON object whose "keys" is an array of at most
 * OC_JWKS_MAX_KEYS objects. It refuses the whole set (OC_JOSE_JWKS_INVALID)
 * when any key:
 *   - is not an object, or has no string "kty";
 *   - carries private or symmetric material ("d", "p", "q", "dp", "dq",
 *     "qi", "oth", "k"): a public key set must never hold a secret;
 *   - has "kid", "use" or "alg" that is not a string, or "key_ops" that is
 *     not an array;
 *   - is kty "RSA" without strict base64url "n" and "e", or a modulus below
 *     OC_JWK_RSA_MIN_BITS or above OC_JWK_RSA_MAX_BITS bits (leading zero
 *     bytes ignored), or an even modulus, or an exponent that is even, below
 *     3 or longer than 4 bytes;
 *   - is kty "EC" with crv "P-256" whose "x" and "y" are not each exactly
 *     32 bytes of strict base64url.
 * Keys of any other kty ("OKP" …) or another curve are kept out of the set
 * but do not refuse it (a published set may hold keys for other uses).
 *
 * oc_jwks_select picks the verification key for a JWS header (RFC 7515
 * §4.1.4, RFC 7517 §4): a candidate's kty fits the alg (RSA for RS256, EC
 * P-256 for ES256), its "alg" is absent or equal, its "use" is absent or
 * "sig", its "key_ops" is absent or holds "verify", and with a kid its "kid"
 * is equal. With a kid, the first candidate; without one, the only candidate
 * (two or more: ambiguous, refused). OC_JOSE_NO_KEY otherwise.
 */
#ifndef OC_JWK_H
#define OC_JWK_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "jose/oc_jose.h"
#include "cJSON.h"

#define OC_JWKS_MAX_KEYS 16
#define OC_JWK_RSA_MIN_BITS 2048
#define OC_JWK_RSA_MAX_BITS 4096

typedef enum { OC_JWK_RSA = 1, OC_JWK_EC_P256 = 2 } oc_jwk_type;

typedef struct {
	oc_jwk_type type;
	const char *kid;       /* NULL: absent */
	const char *alg;       /* NULL: absent */
	int for_signatures;    /* "use" absent or "sig", and "key_ops" absent or holding "verify" */
	const uint8_t *n;      /* RSA modulus, big-endian, no leading zero (arena) */
	size_t n_len;
	const uint8_t *e;      /* RSA public exponent, big-endian, no leading zero */
	size_t e_len;
	uint8_t point[65];     /* EC: 0x04 || x || y */
} oc_jwk;

typedef struct {
	oc_jwk *keys;
	size_t count;
} oc_jwks;

/* Reads the set jwks into out (keys in a): OC_JOSE_OK, JWKS_INVALID or NOMEM. */
oc_jose_status oc_jwks_read(oc_arena *a, const cJSON *jwks, oc_jwks *out);

/* The same from JSON text s[0..n) (a JSON object, no repeated member at its top). */
oc_jose_status oc_jwks_parse(oc_arena *a, const char *s, size_t n, oc_jwks *out);

/* The key for alg and kid (NULL: none in the header): OC_JOSE_OK with *out, or NO_KEY. */
oc_jose_status oc_jwks_select(const oc_jwks *set, oc_jose_alg alg, const char *kid, const oc_jwk **out);

/* 1 if some key of set could verify alg (kid aside): what registration asks of a set. */
int oc_jwks_usable(const oc_jwks *set, oc_jose_alg alg);

#endif
