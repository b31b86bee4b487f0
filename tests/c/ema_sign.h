/*
 * Test keys and signatures for ID-JAG assertions: RS256 under the RSA key
 * "rsa-1" of jose_vectors.h (its private half is V_JWKS_PRIVATE) and ES256
 * under a fixed P-256 scalar ("ec-1"), signed with BearSSL at run time so a
 * test can put any header and claims in an assertion.
 */
#ifndef EMA_SIGN_H
#define EMA_SIGN_H

/* The compact JWS of header and claims (JSON texts) signed with alg "RS256" or "ES256" (malloc'd). */
char *ema_sign(const char *alg, const char *header, const char *claims);

/* The public key set holding both keys (malloc'd): {"keys":[rsa-1, ec-1]}. */
char *ema_jwks(void);

#endif
