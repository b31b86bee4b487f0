/*
 * oc_resource_registry: which configured protected resource a request, a
 * grant or a token is bound to, when the 1.x provider has a registry of
 * resources (OAuthAuthorizationServer's `resources`, with `defaultResource`
 * and `legacyGrantResource`). The reference 1.2.3's resource selection,
 * observed in its dist and pinned by tests/compat/multi-resource.test.mjs
 * (docs/observed/rules-1.2.3.md R-PAR-17, R-CA-15, R-RES-02…04,
 * R-MRES-*).
 *
 * The registry is cfg->resources when the server declares several, else the
 * sole cfg->resource (OAuthProvider, or OAuthAuthorizationServer with one).
 * Every answer that names a resource is a registry entry itself (its
 * canonical spelling, as configured), never the caller's value.
 *
 * Values a client sends are read as 1.2.3 reads them:
 * - a value "names" an entry when it has the resource URI syntax
 *   (oc_resource_uri_ok) and oc_resource_matches it (scheme and host case
 *   folded, an empty path read as "/");
 * - a requested value may also be covered by an entry (RFC 8707 §2.2): it
 *   parses as a URL with a non-empty query, has the entry's origin and path,
 *   and carries every name=value of the entry's query; of several covering
 *   entries the one with most query parameters wins, and a tie names none;
 * - repeated values count as one when they are the same string; different
 *   strings name nothing.
 */
#ifndef OC_RESOURCE_REGISTRY_H
#define OC_RESOURCE_REGISTRY_H

#include "config/oc_config.h"
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "store/oc_kv.h"
#include "cJSON.h"

/* The number of registry entries (0 under a profile without a configured resource). */
size_t oc_resource_count(const oc_config *cfg);

/* Entry i (< oc_resource_count). */
const char *oc_resource_nth(const oc_config *cfg, size_t i);

/* 1 when cfg declares more than one resource: the flows bind through this registry. */
int oc_resource_several(const oc_config *cfg);

/*
 * 1.2.3's validateResourceUri of v[0..n) (any bytes): the resource URI
 * syntax (oc_config_resource_syntax_ok), then parses as a URL with scheme
 * http or https. 0 when not, -1 out of memory (scratch in a).
 */
int oc_resource_uri_ok(oc_arena *a, const char *v, size_t n);

/*
 * The entry the values name exactly (findConfiguredResource): *out the entry,
 * or NULL. values: one or more (repeated: see above). 0, or -1 out of memory.
 */
int oc_resource_find(oc_arena *a, const oc_config *cfg, const oc_strs *values, const char **out);

/* The entry the values name or, failing that, the one covering them (findRequestedResource). 0 / -1 as above. */
int oc_resource_find_requested(oc_arena *a, const oc_config *cfg, const oc_strs *values, const char **out);

/*
 * The entry a stored grant resource or token audience names
 * (findStoredConfiguredResource): a string as oc_resource_find reads it; a
 * 0.x array when exactly one entry appears in it (two: ambiguous, none).
 * Absent: NULL. 0 / -1 as above.
 */
int oc_resource_find_stored(oc_arena *a, const oc_config *cfg, const oc_kv_strs *stored, const char **out);

/*
 * A requested resource given as a JSON value (an AuthRequest's resource, the
 * exchangeToken helper's aud) as the values above read it: absent (NULL):
 * none (out->n 0); a string; a non-empty array of strings; anything else
 * (null, a number, an empty array, an array holding a non-string): one value
 * that names no entry. Strings point into v. -1 out of memory.
 */
int oc_resource_values_json(oc_arena *a, const cJSON *v, oc_strs *out);

/* Where new authorization requests without a resource bind: defaultResource, else the sole entry, else NULL. */
const char *oc_resource_default(const oc_config *cfg);

/* Where grants and tokens stored without a resource bind: legacyGrantResource, else the sole entry, else NULL. */
const char *oc_resource_legacy(const oc_config *cfg);

/*
 * The resource a new authorization binds to (resolveAuthorizationRequestResource):
 * the one contract for parseAuthRequest, completeAuthorization and the
 * non-interactive grants (enterprise-managed authorization's jwt-bearer
 * grant, R-EMA-02). requested: the request's resource values, n == 0 when it
 * gave none. *out: the registry entry.
 *   - none given: oc_resource_default, else invalid_target "The resource
 *     parameter is required when the authorization server has multiple
 *     resources";
 *   - given: oc_resource_find_requested, else invalid_target "The resource
 *     parameter must name exactly one configured protected resource".
 * The error carries no reason (each caller wraps it as its surface does:
 * AuthorizationError, or an OAuth error with resource-indicator
 * resource_invalid). OC_ERR_SERVER_ERROR when out of memory.
 */
oc_err oc_resource_choose(oc_arena *a, const oc_config *cfg, const oc_strs *requested, const char **out);

/*
 * A stored access token audience bound to the registry entry resource
 * (isExactResource of resolveStoredTokenAudience): absent, the legacy
 * resource is resource; else one of its identifiers matches resource.
 */
int oc_resource_audience_is(const oc_config *cfg, const oc_kv_strs *aud, const char *resource);

/* A stored access token audience bound to some registry entry (oc_resource_audience_is). */
int oc_resource_audience_registered(const oc_config *cfg, const oc_kv_strs *aud);

/*
 * The audience of a token issued from a grant (resolveTokenResource), after
 * the request's resource passed the token endpoint's check. requested: the
 * request's values (n == 0: none). *out the entry; *backfill 1 when the grant
 * must be rewritten with it (stored otherwise, or not at all). Refused:
 *   - the grant stores a resource naming no entry: invalid_grant "The
 *     authorization grant is not bound to a configured resource"
 *     (grant_audience_unbound);
 *   - it names one and the request names another: invalid_target "The
 *     requested resource does not match the authorization grant"
 *     (resource_grant_mismatch);
 *   - it stores none and there is no legacy resource: invalid_grant "This
 *     legacy authorization grant has no resource binding and must be
 *     reauthorized" (legacy_grant_unbound);
 *   - it stores none and the request names another than the legacy one:
 *     invalid_target "The requested resource does not match the server
 *     legacy-grant migration policy" (legacy_grant_resource_mismatch).
 */
oc_err oc_resource_for_grant(oc_arena *a, const oc_config *cfg, const oc_strs *requested,
	const oc_kv_strs *granted, const char **out, int *backfill);

/*
 * The audience of a token exchanged for a subject token with audience aud
 * (resolveTokenExchangeResource): the entry aud names (absent: the legacy
 * one), else invalid_target "Subject token is not bound to a configured
 * resource" (subject_token_audience_unbound); a request naming another:
 * invalid_target "The requested resource must exactly match the subject
 * token audience" (resource_subject_token_mismatch).
 */
oc_err oc_resource_for_exchange(oc_arena *a, const oc_config *cfg, const oc_strs *requested,
	const oc_kv_strs *aud, const char **out);

#endif
