/*
 * oc_client_assertion: private_key_jwt client authentication (RFC 7523 §2.2
 * and §3, OpenID Connect Core §9), this project's for clients it registers
 * (1.2.3 has the same method for Client ID Metadata Document clients only;
 * its rules and its record member are followed here).
 *
 * The client record holds its keys as clientAssertionKeys (1.2.3's member
 * and layout): {"jwks": {"keys": [...]}, "algorithms": [...]} with an inline
 * set, or {"jwksUri": "https://…", "algorithms": [...]}; algorithms lists
 * the JWS algorithms the client may sign with (RS256, ES256).
 *
 * oc_client_assertion_check verifies creds' client_assertion for client c,
 * everything but single use, in this order (the first failure answers):
 *   - client_assertion_type is urn:ietf:params:oauth:client-assertion-type:jwt-bearer
 *     (client_assertion_type_unsupported);
 *   - the record has clientAssertionKeys (client_assertion_unsupported);
 *   - the assertion is a compact JWS (oc_jws: strict base64url, JSON objects,
 *     no repeated member), its header alg one of the client's algorithms and
 *     RS256 or ES256 ("none" and HS* refused by name), no crit;
 *     typ absent, "JWT", or (draft-ietf-oauth-rfc7523bis) "client-authentication+jwt"
 *     (any case; "application/" prefix allowed);
 *   - iss and sub are both the client's id (a client_id parameter, when
 *     sent, named the client already);
 *   - aud is this server's issuer (the request's origin) or its token
 *     endpoint URL, as a string or within an array of strings; a typed
 *     (client-authentication+jwt) assertion must have the issuer as its
 *     sole string audience;
 *   - exp is an integer and exp + OC_ASSERTION_SKEW > now; exp - now is at
 *     most OC_ASSERTION_MAX_LIFETIME;
 *   - nbf and iat, when present, are integers not after now + OC_ASSERTION_SKEW;
 *   - jti is a non-empty string;
 *   - with an inline set: the key (oc_jwks_select: kid, or the only key fit
 *     for alg) verifies the signature (oc_jws_verify).
 * With a jwksUri the signature is left to oc_client_assertion_verify once
 * the set is read from its cache or fetched (out->jwks_uri is set).
 *
 * On success out holds the replay marker: its KV key
 * "client-assertion-jti:" + hex SHA-256(client_id "\n" jti) (1.2.3's key)
 * and the TTL it must live (exp + skew - now, at least 60 s, KV's least).
 * The caller reads the key: present means replayed (refused); absent, it
 * writes it with that TTL, then the client is authenticated. KV is
 * eventually consistent: two uses of one jti at two locations within about
 * a minute may both pass (documented in the README).
 *
 * Every refusal is invalid_client "Client authentication failed" (1.2.3's
 * description for all of them) with the reason client-authentication
 * client_assertion_invalid and detail {clientId, reason, …} (1.2.3's
 * reasons: assertion_malformed, invalid_alg, invalid_typ, client_id_mismatch,
 * aud_mismatch, invalid_claim, expired, lifetime_too_long, nbf_in_future,
 * iat_in_future, no_matching_key, signature_failed, replayed,
 * jwks_fetch_failed (a jwksUri's set: flow/oc_flow_assertion.c); ours besides:
 * alg_none, alg_hmac, crit_unsupported, jwks_invalid), or
 * client_assertion_type_unsupported / client_assertion_unsupported;
 * server_error only when the arena is exhausted.
 */
#ifndef OC_CLIENT_ASSERTION_H
#define OC_CLIENT_ASSERTION_H

#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "jose/oc_jws.h"
#include "oauth/oc_client_auth.h"
#include "store/oc_kv.h"

#define OC_ASSERTION_TYPE_JWT "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define OC_ASSERTION_SKEW 60           /* seconds allowed on exp, nbf, iat */
#define OC_ASSERTION_MAX_LIFETIME 3600 /* the longest exp - now accepted */
#define OC_ASSERTION_JTI_PREFIX "client-assertion-jti:"

typedef struct {
	const char *issuer;          /* this server's issuer: the request's origin */
	const char *token_endpoint;  /* the token endpoint as an absolute URL */
	int64_t now;
} oc_assertion_ctx;

typedef struct {
	char *marker_key;            /* the jti's replay marker (arena) */
	int64_t marker_ttl;
	const char *jwks_uri;        /* non-NULL: verify with oc_client_assertion_verify once fetched */
	oc_jws jws;                  /* the parsed assertion */
	oc_jws_header header;
} oc_assertion;

oc_err oc_client_assertion_check(oc_arena *a, const oc_client *c, const oc_client_creds *creds,
	const oc_assertion_ctx *ctx, oc_assertion *out);

/*
 * The signature of as's assertion under the set in JSON text (a fetched
 * jwksUri): refused as oc_client_assertion_check refuses (jwks_invalid,
 * no_matching_key, signature_failed); *no_key is set to 1 when the set
 * parsed but has no key for the header (a newer set may have it), else 0.
 */
oc_err oc_client_assertion_verify(oc_arena *a, const oc_client *c, const oc_assertion *as,
	const char *jwks_json, size_t n, int *no_key);

/*
 * The refusal with reason client_assertion_invalid and detail {clientId,
 * reason} ("replayed" …), and name: value when name is not NULL.
 */
oc_err oc_client_assertion_refuse(oc_arena *a, const oc_client *c, const char *reason, const char *name,
	const char *value);

/* The refusal jwks_fetch_failed of a key set answered with an HTTP status: detail {clientId, reason, status}. */
oc_err oc_client_assertion_refuse_status(oc_arena *a, const oc_client *c, int status);

/*
 * 1 if e is a refusal of an assertion that failed verification (reason
 * client_assertion_invalid: oc_client_assertion_verify's, _refuse's), the
 * refusal whose onError call the reference hands the Request; else 0 (a
 * wrong client_assertion_type among them).
 */
int oc_client_assertion_failed(oc_err e);

#endif
