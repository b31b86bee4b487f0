/*
 * oc_ema: the rules of enterprise-managed authorization (the MCP extension):
 * an Identity Assertion JWT Authorization Grant (ID-JAG) presented with the
 * JWT bearer grant (RFC 7523 §2.1, grant_type
 * urn:ietf:params:oauth:grant-type:jwt-bearer), as 1.2.3 validates it, and
 * 0.10.4 where its profile says so (config/oc_profile.h: ema_*). Pure
 * functions; the token endpoint's flow (src/flow/oc_flow_ema.c) asks for the
 * resolver, the key set, the replay marker and the claims mapper as effects.
 *
 * Every refusal is a reason (1.2.3's EmaValidationError reasons, onError's
 * internal {category "enterprise-managed-authorization", reason, detail
 * {reason, …}}) with one wire answer (oc_ema_refuse): invalid_request
 * "assertion is required" (assertion_missing), "Invalid scope parameter
 * format" (invalid_scope_param); invalid_target "Invalid resource"
 * (resource_invalid, resource_mismatch); invalid_grant "Assertion was not
 * authorized" (mapper_denied, mapper_threw), "Invalid mapped user", "Invalid
 * mapped scope", "Invalid mapped props", "Invalid access token TTL", "Assertion
 * has expired" (assertion_expired_after_processing); every other reason
 * invalid_grant "Invalid assertion".
 */
#ifndef OC_EMA_H
#define OC_EMA_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "jose/oc_jws.h"
#include "jose/oc_jwk.h"
#include "op/oc_op.h"
#include "config/oc_profile.h"
#include "cJSON.h"

#define OC_EMA_GRANT_TYPE "urn:ietf:params:oauth:grant-type:jwt-bearer"
#define OC_EMA_GRANT_PROFILE "urn:ietf:params:oauth:grant-profile:id-jag"
#define OC_EMA_TYP "oauth-id-jag+jwt"
#define OC_EMA_MAX_ASSERTION 16384    /* bytes of the assertion read */
#define OC_EMA_JWKS_MAX_BYTES 65536   /* bytes of a key set fetched */
#define OC_EMA_JWKS_TIMEOUT_MS 10000  /* time a key set's fetch may take */
#define OC_EMA_REFRESH_COOLDOWN 30    /* seconds between two fetches forced by an unknown kid */
#define OC_EMA_MIN_TTL 60             /* KV's shortest expiration: replay markers, tokens */

typedef enum {
	OC_EMA_ASSERTION_MISSING = 0, OC_EMA_ASSERTION_TOO_LARGE, OC_EMA_ASSERTION_MALFORMED,
	OC_EMA_INVALID_TYP, OC_EMA_INVALID_ALG, OC_EMA_ISSUER_NOT_TRUSTED, OC_EMA_NO_MATCHING_KEY,
	OC_EMA_SIGNATURE_FAILED, OC_EMA_JWKS_FETCH_FAILED, OC_EMA_INVALID_CLAIM, OC_EMA_AUD_MISMATCH,
	OC_EMA_UNSUPPORTED_CLAIM, OC_EMA_EXPIRED, OC_EMA_IAT_IN_FUTURE, OC_EMA_NBF_IN_FUTURE,
	OC_EMA_LIFETIME_TOO_LONG, OC_EMA_REPLAYED, OC_EMA_CLIENT_ID_MISMATCH, OC_EMA_RESOURCE_INVALID,
	OC_EMA_RESOURCE_MISMATCH, OC_EMA_INVALID_SCOPE_PARAM, OC_EMA_INVALID_MAPPED_USER,
	OC_EMA_INVALID_MAPPED_SCOPE, OC_EMA_INVALID_MAPPED_PROPS, OC_EMA_INVALID_MAPPED_TTL,
	OC_EMA_MAPPER_DENIED, OC_EMA_MAPPER_THREW, OC_EMA_EXPIRED_AFTER_PROCESSING,
	OC_EMA__COUNT
} oc_ema_reason;

/* The reason's snake_case name ("assertion_missing", …). */
const char *oc_ema_reason_name(oc_ema_reason r);

/*
 * The wire answer of reason r, its onError reason with detail {"reason":…}
 * followed by the members in extra (JSON member text such as "\"claim\":\"aud\"",
 * NULL: none). Out of memory: the answer without its reason.
 */
oc_err oc_ema_refuse(oc_arena *a, oc_ema_reason r, const char *extra);

/* The member text "name":"value" (value JSON-escaped) for extra (arena; NULL out of memory). */
const char *oc_ema_member(oc_arena *a, const char *name, const char *value);

/* A validated assertion (oc_ema_parse, oc_ema_claims). */
typedef struct {
	oc_jws jws;
	oc_jws_header header;
	const char *iss;           /* the unverified "iss" claim (oc_ema_parse) */
	/* set by oc_ema_claims */
	const char *sub, *client_id, *jti, *resource; /* resource: the claim's, else the one the token binds to */
	double exp, iat;           /* non-negative integers (JSON numbers) */
	oc_strs scopes;            /* the "scope" claim's tokens (empty: none) */
} oc_ema_assertion;

/*
 * The assertion s[0..n) read, in 1.2.3's order: none or empty
 * (assertion_missing); more than OC_EMA_MAX_ASSERTION bytes
 * (assertion_too_large); not three non-empty strict base64url parts whose
 * first two are JSON objects (oc_jws_split; a member name repeated too:
 * assertion_malformed); a "typ" other than OC_EMA_TYP (invalid_typ); an "alg"
 * other than RS256 / ES256 ("none" and HS* included: invalid_alg); then a
 * "crit" or "b64" header, or a "kid" that is not a non-empty string
 * (assertion_malformed: RFC 7515 §4.1.11, ours); an "iss" claim that is not a
 * non-empty string (invalid_claim, claim "iss"). 0, or -1 with *e.
 */
int oc_ema_parse(oc_arena *a, const char *s, size_t n, oc_ema_assertion *out, oc_err *e);

/* A trusted issuer as the resolver returned it, checked (oc_ema_issuer). */
typedef struct {
	const char *issuer, *jwks_uri;
	const char *audience;      /* NULL: this server's issuer */
	int rs256, es256;          /* the algorithms allowed */
} oc_ema_issuer;

/*
 * What trustedIssuers answered for iss, as the shim serialises it (its value
 * as JSON text; NULL: it returned nothing or a falsy value) checked, in
 * 1.2.3's order, for alg: a falsy answer, one whose "issuer" is not exactly
 * iss, an "issuer" or "jwksUri" that does not parse as an https: URL,
 * "algorithms" (absent or null: ["RS256"]) empty or naming another
 * algorithm, an "audience" given that does not parse as a URL:
 * issuer_not_trusted; alg not among its algorithms: invalid_alg, or with
 * alg_untrusted (the profile's ema_alg_untrusted) issuer_not_trusted. 0, or
 * -1 with *e (out of memory: server_error).
 */
int oc_ema_issuer_read(oc_arena *a, const char *json, size_t n, const char *iss, oc_jose_alg alg,
	int alg_untrusted, oc_ema_issuer *out, oc_err *e);

/* What the claims are checked against. */
typedef struct {
	const oc_ema_issuer *issuer;
	const char *audience;      /* the issuer's audience, else this server's issuer */
	const char *client_id;     /* the authenticated client */
	const char *resource;      /* 1.x: the resource the token binds to (oc_resource_choose's); 0.10.x: the configured one */
	int64_t now;
	double skew, max_lifetime; /* clockSkewSeconds, maxAssertionLifetimeSeconds */
	oc_profile_ema_resource resource_rule; /* the profile's ema_resource */
	int origin_only;           /* resourceMatchOriginOnly (0.10.x) */
} oc_ema_expect;

/*
 * The claims of a verified assertion, in 1.2.3's order: iss not the trusted
 * issuer (issuer_not_trusted); sub not a non-empty string; aud not a
 * non-empty string or a one-element array of one; authorization_details or
 * cnf present (unsupported_claim); resource (when present), client_id, jti
 * not non-empty strings; exp, iat not non-negative integers (invalid_claim,
 * claim named); the audience not x->audience (aud_mismatch); client_id not
 * the client's (client_id_mismatch); resource not a resource URI, or not
 * naming x->resource, as x->resource_rule says (resource_invalid,
 * resource_mismatch; the resource the grant binds is as->resource, see
 * config/oc_profile.h); exp + skew <= now
 * (expired); iat > now + skew (iat_in_future); nbf present and not a
 * non-negative integer (invalid_claim) or > now + skew (nbf_in_future); exp
 * - iat > max_lifetime + skew (lifetime_too_long); scope present and not a
 * string of scope tokens (invalid_claim, claim "scope"). 0, or -1 with *e.
 */
int oc_ema_claims(oc_arena *a, oc_ema_assertion *as, const oc_ema_expect *x, oc_err *e);

/*
 * s[0..n) split at spaces as 1.2.3 splits a scope (empty pieces dropped,
 * repeats kept): 0 with *out, 1 when a piece is not a scope token, -1 out of
 * memory.
 */
int oc_ema_scope_split(oc_arena *a, const char *s, size_t n, oc_strs *out);

/*
 * The scopes asked for: the scope parameter's tokens (present, even empty;
 * a token outside the RFC 6749 §3.3 charset: invalid_scope_param), else the
 * assertion's; narrowed to the assertion's scopes when it has some, in the
 * asked order. 0, or -1 with *e.
 */
int oc_ema_requested_scope(oc_arena *a, const char *param, size_t n, int given, const oc_strs *assertion,
	oc_strs *out, oc_err *e);

/* What mapClaims answered, read. */
typedef struct {
	const char *user_id;
	oc_strs scope;
	const char *props;         /* JSON text */
	const char *metadata;      /* JSON text; "null" when it gave none */
	int has_ttl;
	double ttl;
} oc_ema_mapped;

/*
 * mapClaims' answer as the shim serialises it (js-shim/provider.js
 * emaMapped: null; or an object with "object": whether the value was an
 * object, "userId" (its string), "scope" (an array with null for
 * non-strings; absent when not an array), "props" (JSON text; absent when it
 * is not a member or undefined), "metadata" (JSON text), "ttl" (absent when
 * undefined; a number, or a string for NaN, ±Infinity and non-numbers)),
 * checked in 1.2.3's order: null (mapper_denied); not an object, or userId
 * not a non-empty string without ':' (invalid_mapped_user); scope not an
 * array of scope tokens (invalid_mapped_scope); no props
 * (invalid_mapped_props); accessTokenTTL given and not a positive finite
 * number (invalid_mapped_ttl). 0, or -1 with *e.
 */
int oc_ema_mapped_read(oc_arena *a, const char *json, size_t n, oc_ema_mapped *out, oc_err *e);

/*
 * The access token's lifetime: the mapper's, else the configured one. The
 * assertion expired by now (exp - now <= 0): assertion_expired_after_processing;
 * a lifetime below OC_EMA_MIN_TTL: invalid_mapped_ttl; one that is not an
 * integer or exceeds what a KV expiry holds (ours: 1.2.3 writes it as
 * given): invalid_mapped_ttl. 0 with *ttl, or -1 with *e.
 */
int oc_ema_token_ttl(oc_arena *a, const oc_ema_mapped *m, uint32_t configured, double exp, int64_t now,
	int64_t *ttl, oc_err *e);

/*
 * The fetch of a key set judged as 1.2.3 judges it: a host failure, a
 * timeout, a body over OC_EMA_JWKS_MAX_BYTES, a status outside 200..299
 * (redirects are not followed: a 3xx is one), or a body that is not a JSON
 * object with a "keys" array is jwks_fetch_failed (the content type is not
 * read). A set oc_jwks_parse refuses (a private or malformed key in it; ours:
 * 1.2.3 skips such keys when choosing) is jwks_fetch_failed too. 0 with *body
 * and *set, or -1 with *e.
 */
int oc_ema_jwks_read(oc_arena *a, const oc_fx_result *r, const char **body, size_t *len, oc_jwks *set,
	oc_err *e);

#endif
