/*
 * oc_consent_approvals: remembered consent, the "{prefix}approvals" cookie of
 * 1.2.3's approveConsent(…, {remember}) and isConsentRemembered().
 *
 * The cookie's value is "{payload}.{signature}": payload is the base64url
 * (no padding) of the UTF-8 JSON array of approvals, each {"k","s","e"}:
 * k the approval key, s the approved scopes, e the expiry (seconds since the
 * epoch); signature is the base64url of HMAC-SHA-256 keyed with the UTF-8
 * secret over the payload's text. The approval key is the base64url SHA-256
 * of the JSON text [clientId, redirectUri, resource or null, subject or
 * null], the values as JSON.stringify writes them.
 *
 * Reading refuses nothing: a cookie that is absent, malformed, signed with
 * another secret or not a JSON array reads as no approvals, and an entry
 * that is not {k: string, e: number, s: [strings]} is left out. Signatures
 * are compared in constant time; secrets are not copied.
 */
#ifndef OC_CONSENT_APPROVALS_H
#define OC_CONSENT_APPROVALS_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "cJSON.h"

#define OC_APPROVALS_SECRET_MIN 32          /* UTF-16 code units, as JavaScript counts length */
#define OC_APPROVALS_DEFAULT_AGE 2592000.0  /* 30 days */
#define OC_APPROVALS_MAX_VALUE 3800         /* characters of the cookie's value */

typedef struct {
	const char *secret; size_t secret_len;
	const char *subject;                    /* NULL: not given */
	double max_age;                         /* OC_APPROVALS_DEFAULT_AGE when not given */
} oc_remember;

/*
 * Reads RememberConsentOptions from v (NULL: the argument was not given,
 * which is refused too). NULL with r filled, or the TypeError message of the
 * first rule broken, in this order: not an object; secret not a string of
 * at least 32 UTF-16 code units; maxAgeSeconds given and not a positive
 * integer; subject given and not a non-empty string. The shim sends a value
 * JSON cannot carry (undefined members aside) as a string, so it is refused.
 */
const char *oc_remember_read(const cJSON *v, oc_remember *r);

/* The approval key of request (an AuthRequest) for subject (NULL: none); NULL when out of memory. */
char *oc_approvals_key(oc_arena *a, const cJSON *request, const char *subject);

/*
 * The approvals the cookie value v[0..n) holds under r's secret, as a cJSON
 * array of the valid entries in order (never NULL unless out of memory; v
 * NULL reads as none).
 */
cJSON *oc_approvals_read(oc_arena *a, const char *v, size_t n, const oc_remember *r);

/*
 * Whether approvals cover a request: its first entry with key k and e > now
 * lists every scope of scope (an array of strings; any other value, which
 * the reference cannot iterate, gives -1). 1 yes, 0 no.
 */
int oc_approvals_cover(const cJSON *approvals, const char *k, int64_t now, const cJSON *scope);

/*
 * The Set-Cookie value that remembers scope (copied as it is, any JSON) under
 * key k: the valid, unexpired entries of approvals (consumed) under other keys,
 * then {k, s: scope, e: now + max_age}; while the value is longer than
 * OC_APPROVALS_MAX_VALUE and more than one entry is left, the oldest is
 * dropped. Max-Age is the latest e minus now. NULL when out of memory.
 */
char *oc_approvals_remember(oc_arena *a, const char *name, cJSON *approvals, const char *k,
	const cJSON *scope, const oc_remember *r, int64_t now);

#endif
