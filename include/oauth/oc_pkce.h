/*
 * oc_pkce: Proof Key for Code Exchange (RFC 7636), the one home of its rules.
 *
 * A code_verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~] (§4.1). A
 * plain code_challenge has the same form; an S256 challenge is exactly 43
 * base64url characters (the unpadded encoding of a SHA-256 digest). Checks
 * compare in constant time; plain is verified only when the caller allows it.
 *
 * The authorization request (parseAuthRequest, completeAuthorization) calls
 * oc_pkce_request_check, the code exchange oc_pkce_exchange_method and
 * oc_pkce_exchange_verify; both apply the method rule of
 * oc_pkce_method_parse and compare through one routine.
 */
#ifndef OC_PKCE_H
#define OC_PKCE_H

#include <stddef.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"

typedef enum { OC_PKCE_PLAIN = 1, OC_PKCE_S256 = 2 } oc_pkce_method;

#define OC_PKCE_MIN 43
#define OC_PKCE_MAX 128

/*
 * The method named by code_challenge_method name[0..n): "S256" or "plain";
 * an absent method (name NULL) means plain (§4.3). Refused with
 * OC_ERR_INVALID_REQUEST and the reference's wording: "plain" (or no method)
 * when allow_plain is 0 ("The plain PKCE method is not allowed. Use S256
 * instead."), any other name, compared exactly ("Unsupported PKCE
 * code_challenge_method: {name}", built in a; OC_ERR_SERVER_ERROR when a is
 * out of memory).
 */
oc_err oc_pkce_method_parse(oc_arena *a, const char *name, size_t n, int allow_plain,
	oc_pkce_method *out);

/* OC_ERR_INVALID_GRANT unless v[0..n) is a well-formed code_verifier. */
oc_err oc_pkce_verifier_check(const char *v, size_t n);

/*
 * OC_ERR_INVALID_REQUEST unless c[0..n) is a well-formed challenge for m
 * (§4.2): under S256 exactly 43 base64url characters that decode to 32 bytes
 * ("S256 code_challenge must be the 43-character base64url encoding of a
 * SHA-256 digest"), under plain 43-128 unreserved characters
 * ("code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~").
 */
oc_err oc_pkce_challenge_check(oc_pkce_method m, const char *c, size_t n);

/*
 * OC_OK when verifier matches challenge under m, else OC_ERR_INVALID_GRANT
 * (also for a malformed verifier, and for plain when allow_plain is 0).
 */
oc_err oc_pkce_verify(oc_pkce_method m, int allow_plain,
	const char *verifier, size_t vn, const char *challenge, size_t cn);

/*
 * The PKCE parameters of an authorization request (RFC 7636 §4.3, §4.4.1;
 * OAuth 2.1 §7.5.1), NUL-terminated, NULL or "" when absent. required is 1
 * when the request must carry PKCE (a public client asking for a code).
 * Refused, each with OC_ERR_INVALID_REQUEST, in this order: a method without
 * a challenge ("PKCE code_challenge is required when code_challenge_method is
 * provided."), no challenge when required ("Public clients must use PKCE with
 * the authorization code flow."), a challenge whose method
 * oc_pkce_method_parse refuses. The challenge's form is not checked here.
 */
oc_err oc_pkce_request_check(oc_arena *a, const char *challenge, const char *method,
	int allow_plain, int required);

/*
 * The form of a client's challenge (RFC 7636 §4.2), for parameters that
 * oc_pkce_request_check accepted: OC_OK when the challenge is absent or
 * empty, else oc_pkce_challenge_check under its method (S256, or plain when
 * the method is absent, empty or "plain"). parseAuthRequest applies it, a
 * deliberate difference: the reference accepts any challenge, one that under
 * S256 no verifier can then match. completeAuthorization, handed its request
 * by the app, accepts any, as the reference does.
 */
oc_err oc_pkce_request_form_check(const char *challenge, const char *method);

/*
 * The code exchange's PKCE rules (RFC 7636 §4.6), in two steps that the
 * caller runs around the redirect_uri rule, in the reference's order. The
 * grant's stored challenge and method are NUL-terminated, NULL when absent;
 * an empty challenge is no PKCE.
 *
 * oc_pkce_exchange_method, before anything of the request is read: with a
 * challenge, the stored method through oc_pkce_method_parse, its refusal as
 * OC_ERR_INVALID_GRANT with the same description; without one, a method
 * other than plain or S256 is refused the same way ("Unsupported PKCE
 * code_challenge_method: {name}").
 *
 * oc_pkce_exchange_verify, once the method is accepted, with the request's
 * code_verifier verifier[0..vn) (NULL or empty: not given; it may hold any
 * byte): without a challenge a given verifier is OC_ERR_INVALID_REQUEST
 * "code_verifier provided for a flow that did not use PKCE"; with one, none
 * given is OC_ERR_INVALID_REQUEST "code_verifier is required for PKCE", and
 * it must match: under S256 it must also be well-formed (§4.1); under plain
 * it is compared as it is, since a grant the reference wrote may hold a
 * challenge of any form. Else OC_ERR_INVALID_GRANT "Invalid PKCE
 * code_verifier".
 *
 * Their refusals carry the reference's reasons (oc_err.h), category
 * authorization-code-grant: pkce_method_invalid (detail: the AuthorizationError),
 * unexpected_code_verifier, code_verifier_missing, code_verifier_mismatch.
 */
oc_err oc_pkce_exchange_method(oc_arena *a, int allow_plain, const char *challenge,
	const char *method);
oc_err oc_pkce_exchange_verify(const char *challenge, const char *method,
	const char *verifier, size_t vn);

#endif
