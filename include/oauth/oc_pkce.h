/*
 * oc_pkce: Proof Key for Code Exchange (RFC 7636).
 *
 * A code_verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~] (§4.1). A
 * plain code_challenge has the same form; an S256 challenge is exactly 43
 * base64url characters (the unpadded encoding of a SHA-256 digest). Checks
 * compare in constant time; plain is verified only when the caller allows it.
 */
#ifndef OC_PKCE_H
#define OC_PKCE_H

#include <stddef.h>
#include "base/oc_err.h"

typedef enum { OC_PKCE_PLAIN = 1, OC_PKCE_S256 = 2 } oc_pkce_method;

#define OC_PKCE_MIN 43
#define OC_PKCE_MAX 128

/*
 * The method named by code_challenge_method: "S256" or "plain"; an absent
 * method (name NULL) means plain (§4.3). Refused with OC_ERR_INVALID_REQUEST:
 * any other name, or "plain" when allow_plain is 0.
 */
oc_err oc_pkce_method_parse(const char *name, size_t n, int allow_plain,
	oc_pkce_method *out);

/* OC_ERR_INVALID_GRANT unless v[0..n) is a well-formed code_verifier. */
oc_err oc_pkce_verifier_check(const char *v, size_t n);

/* OC_ERR_INVALID_REQUEST unless c[0..n) is a well-formed challenge for m. */
oc_err oc_pkce_challenge_check(oc_pkce_method m, const char *c, size_t n);

/*
 * OC_OK when verifier matches challenge under m, else OC_ERR_INVALID_GRANT
 * (also for a malformed verifier, and for plain when allow_plain is 0).
 */
oc_err oc_pkce_verify(oc_pkce_method m, int allow_plain,
	const char *verifier, size_t vn, const char *challenge, size_t cn);

#endif
