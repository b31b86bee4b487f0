/*
 * oc_jose: what the JOSE layer (oc_jws, oc_jwk) shares: the signature
 * algorithms it verifies and the verdicts it returns.
 *
 * Only asymmetric signatures are ever verified: RS256 (RSASSA-PKCS1-v1_5 with
 * SHA-256, RFC 7518 §3.3) and ES256 (ECDSA P-256 with SHA-256, raw r||s,
 * RFC 7518 §3.4). "none", every HMAC algorithm (HS256, HS384, HS512: an HMAC
 * keyed by a public key proves nothing) and any other name are refused with a
 * verdict of their own, never treated as a weaker check.
 */
#ifndef OC_JOSE_H
#define OC_JOSE_H

typedef enum {
	OC_JOSE_ALG_RS256 = 1,
	OC_JOSE_ALG_ES256 = 2
} oc_jose_alg;

typedef enum {
	OC_JOSE_OK = 0,
	OC_JOSE_MALFORMED,      /* not a compact JWS, bad base64url, not a JSON object */
	OC_JOSE_ALG_NONE,       /* alg "none" */
	OC_JOSE_ALG_HMAC,       /* alg HS256, HS384 or HS512 */
	OC_JOSE_ALG_UNSUPPORTED,/* alg missing, not a string, or not RS256/ES256 */
	OC_JOSE_CRIT,           /* a "crit" header parameter (no extension is understood) */
	OC_JOSE_JWKS_INVALID,   /* a JWKS or one of its keys is malformed or refused */
	OC_JOSE_NO_KEY,         /* no key (or more than one without a kid) fits the header */
	OC_JOSE_BAD_SIGNATURE,  /* the signature does not verify under the chosen key */
	OC_JOSE_NOMEM           /* the arena is exhausted */
} oc_jose_status;

/* The snake_case name of a verdict ("alg_none", "bad_signature", …), for reasons. */
const char *oc_jose_status_name(oc_jose_status s);

/* The algorithm named alg[0..n) as a verdict: OC_JOSE_OK with *out set, or why it is refused. */
oc_jose_status oc_jose_alg_parse(const char *alg, oc_jose_alg *out);

/* "RS256" or "ES256". */
const char *oc_jose_alg_name(oc_jose_alg alg);

#endif
