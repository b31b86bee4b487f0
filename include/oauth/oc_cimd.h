/*
 * oc_cimd: Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-
 * document), as the reference 1.2.3 reads them (and 0.10.4, where the
 * profile says: config/oc_profile.h, cimd_*) behind
 * clientIdMetadataDocumentEnabled: a client id that is an https URL
 * (oauth/oc_client_id.h: oc_client_id_is_url, oc_client_id_url_check)
 * names a JSON document the client publishes; the server fetches it and
 * builds the client from it, storing nothing.
 *
 * Every refusal is OC_ERR_INVALID_CLIENT_METADATA whose description is the
 * reference's detail (rows R-CIMD-10…29 of docs/observed/rules-1.2.3.md);
 * the caller wraps it as "CIMD fetch failed for <url>: <detail>"
 * (CimdFetchError) or answers 401 "Client not found" at the token endpoint.
 * OC_ERR_SERVER_ERROR only when the arena is exhausted.
 */
#ifndef OC_CIMD_H
#define OC_CIMD_H

#include <stddef.h>
#include <stdint.h>
#include "config/oc_config.h"
#include "store/oc_kv.h"
#include "base/oc_err.h"
#include "cJSON.h"

#define OC_CIMD_MAX_BYTES 5120           /* the most body bytes read */
#define OC_CIMD_TIMEOUT_MS 10000         /* the whole resolution, cache included */
#define OC_CIMD_CACHE_MAX_TTL 604800     /* 7 days: the cap on an origin's lifetime */
#define OC_CIMD_CACHE_NAME "workers-oauth-provider:cimd:v1" /* the reference's Cache API cache */
#define OC_CIMD_DEPTH 32                 /* registration's parser limits (flow/oc_flow_register.c) */
#define OC_CIMD_VALUES 4096

/*
 * What the fetch answered, the status aside (a status outside 200…299 is
 * "Failed to fetch client metadata: HTTP <status>", oc_cimd_status_error):
 * content_length the Content-Length header as received (NULL: absent),
 * has_body 0 when the response has no body at all, too_large 1 when the
 * body grew past OC_CIMD_MAX_BYTES (reading stopped), body[0..n) the bytes
 * read otherwise. Refused, in this order:
 *   - a declared length that reads as a decimal number (JavaScript's
 *     Number(), hexadecimal forms aside) above the limit: "Client metadata
 *     exceeds size limit: <header> bytes (max 5120)";
 *   - no body: "Client metadata response body is empty";
 *   - too_large: "Response exceeded size limit of 5120 bytes";
 *   - not UTF-8 (a leading byte order mark is dropped): "Client metadata
 *     response is not valid UTF-8";
 *   - not one JSON text (base/oc_json_check: the grammar JSON.parse reads,
 *     and, deliberately, no \u0000 or unpaired surrogate escape):
 *     "Client metadata response is not valid JSON"; nesting deeper than
 *     OC_CIMD_DEPTH: "Client metadata nests too deeply" (registration's
 *     parser limit; the reference reads any).
 * *out is then the parsed value (in a).
 */
typedef struct {
	const char *content_length;
	int has_body;
	int too_large;
	const char *body;
	size_t n;
} oc_cimd_body;

oc_err oc_cimd_body_read(oc_arena *a, const oc_cimd_body *b, cJSON **out);

/* "Failed to fetch client metadata: HTTP <status>" (a non-2xx answer). */
oc_err oc_cimd_status_error(oc_arena *a, int status);

/*
 * The client a document describes, for the client id url (checked by
 * oc_client_id_url_check before the fetch). The rules, in the reference's
 * order:
 *   - raw a JSON object, the member types and URIs (oc_client_meta_parse,
 *     registration's: R-CIMD-17, 18);
 *   - client_id equal to url: `client_id "<client_id>" does not match
 *     metadata URL "<url>"` (client_id absent reads "undefined");
 *   - client_name present and not blank (trim()): "client_name is required
 *     and must not be empty";
 *   - redirect_uris present and not empty: "redirect_uris is required and
 *     must not be empty"; each oc_redirect_safe: "Invalid redirect URI"
 *     (only that: the URI a request uses meets the whole policy then);
 *   - no client_secret, no client_secret_expires_at: "CIMD documents must
 *     not contain client secrets";
 *   - jwks, when present, an object (else "Client metadata must be a JSON
 *     object") whose keys is an array ("Invalid jwks: keys must be an
 *     array") of objects (the first message) none holding d, p, q, dp, dq,
 *     qi, oth or k: "CIMD documents must not contain private key material";
 *   - the token endpoint auth methods: a shared-secret method
 *     (client_secret_basic, client_secret_post, client_secret_jwt) as
 *     token_endpoint_auth_method: "CIMD clients cannot use symmetric token
 *     endpoint authentication method: <m>"; the accepted methods are none,
 *     and, when the profile lets documents use it (cimd_private_key_jwt,
 *     1.x), private_key_jwt when the document offers it with usable keys
 *     (below; 0.10.x reads no keys: a document offering only
 *     private_key_jwt has no accepted method); the client's methods are those of them it advertises
 *     (token_endpoint_auth_methods_supported, or [method or none]), in that
 *     order; none at all: oc_client_meta_no_method's message with "CIMD
 *     client", unless the document offered private_key_jwt with unusable
 *     keys, whose reason is given instead:
 *       "jwks and jwks_uri must not both be present",
 *       "private_key_jwt requires jwks or jwks_uri",
 *       "private_key_jwt jwks must contain a key",
 *       "private_key_jwt jwks_uri must be an https: URL without userinfo or a fragment",
 *       "private_key_jwt requires a token_endpoint_auth_signing_alg of RS256 or ES256"
 *         (none of RS256, ES256 fits token_endpoint_auth_signing_alg and
 *         ..._values_supported, each when given),
 *       "private_key_jwt jwks has no key for <those algs, " or ">" (no key
 *         of jwks fits one: use absent or "sig", alg absent or equal,
 *         key_ops not an array or holding "verify", kty RSA for RS256, EC
 *         with crv P-256 for ES256);
 *   - grant and response types (defaults [authorization_code], [code])
 *     kept where the server supports them (oc_client_caps_grants without
 *     client_credentials; code, and token with allowImplicitFlow), then
 *     authorization_code and code together:
 *     "grant_types authorization_code and response_types code must be
 *     registered together", and implicit and token together: "grant_types
 *     implicit and response_types token must be registered together"
 *     (0.10.4's rule; without allowImplicitFlow neither is kept).
 * *c is then the client as the reference builds it: client_id url, the
 * display members, redirect_uris, the kept grant and response types,
 * token_endpoint_auth_method the first of the client's methods, no secret
 * and no registration date; c->extra holds "i18n" when there is one,
 * with cimd_private_key_jwt "tokenEndpointAuthMethods" (all of the
 * client's methods) and, when private_key_jwt is one, "clientAssertionKeys": {"jwks": {"keys": [...]},
 * "algorithms": [...]} or {"jwksUri": ..., "algorithms": [...]}, the
 * algorithms those the keys serve. Strings point into raw.
 */
oc_err oc_cimd_resolve(oc_arena *a, const char *url, const cJSON *raw, const oc_config *cfg, oc_client *c);

/*
 * How long the validated document may be cached (the reference's Cache API
 * entry, "workers-oauth-provider:cimd:v1", keyed by the URL), from the
 * origin's Cache-Control (NULL: absent): 0 (not cached) when absent or with
 * a no-cache, no-store or private directive; else s-maxage, or failing it
 * max-age (a value optionally quoted, leading digits read), capped at
 * OC_CIMD_CACHE_MAX_TTL; 0 when neither is there or the value is 0.
 */
uint32_t oc_cimd_cache_ttl(const char *cache_control);

#endif
