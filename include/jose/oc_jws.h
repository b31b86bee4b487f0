/*
 * oc_jws: a JWS in compact serialization (RFC 7515 §7.1), read and checked
 * before any key is touched.
 *
 * oc_jws_split requires exactly three non-empty parts separated by '.', each
 * strict base64url without padding (oc_b64url_decode: no '=', no whitespace,
 * no stray bits), at most OC_JWS_MAX bytes in all. The JOSE header and the
 * payload must each be one JSON object (oc_json_check: RFC 8259, UTF-8) with
 * no member name repeated (a repeat is read one way by one parser and another
 * way by the next; refused). The signing input is the text as sent up to the
 * second '.'.
 *
 * oc_jws_header_read accepts alg RS256 or ES256 only (oc_jose_alg_parse:
 * "none" and HS* have verdicts of their own); refuses "crit" (RFC 7515
 * §4.1.11: no extension is understood here) and "b64" (RFC 7797: the payload
 * is always encoded); kid, when present, must be a non-empty string; typ,
 * when present, a string. Policy on typ is the caller's.
 */
#ifndef OC_JWS_H
#define OC_JWS_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "jose/oc_jose.h"
#include "cJSON.h"

#define OC_JWS_MAX 16384 /* the longest compact JWS read (1.2.3's client assertion limit) */

typedef struct {
	const char *signing_input;  /* header "." payload, as sent */
	size_t signing_input_len;
	cJSON *header;              /* the JOSE header, a JSON object (arena) */
	cJSON *claims;              /* the payload, a JSON object (arena) */
	uint8_t *sig;               /* the decoded signature (arena) */
	size_t sig_len;
} oc_jws;

typedef struct {
	oc_jose_alg alg;
	const char *kid;            /* NULL: absent */
	const char *typ;            /* NULL: absent */
} oc_jws_header;

/* Splits and decodes s[0..n) into out (everything in a): OC_JOSE_OK, MALFORMED or NOMEM. */
oc_jose_status oc_jws_split(oc_arena *a, const char *s, size_t n, oc_jws *out);

/* Reads jws->header into out: OC_JOSE_OK, MALFORMED, ALG_NONE, ALG_HMAC, ALG_UNSUPPORTED or CRIT. */
oc_jose_status oc_jws_header_read(const oc_jws *jws, oc_jws_header *out);

/*
 * The JSON object in s[0..n) with no repeated member name at its top level,
 * parsed into a; NULL if it is anything else (or a is exhausted). Shared by
 * the JWS parts and the JWKS reader.
 */
cJSON *oc_jose_object(oc_arena *a, const char *s, size_t n);

#endif
