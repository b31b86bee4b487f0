/*
 * oc_resource: resource indicators (RFC 8707) against the provider's profile
 * (config/oc_profile.h); the one home of the resource parameter's rules. A
 * refused value is answered with invalid_target and the profile's
 * resource_refused description.
 *
 * Two readings of a resource value, kept apart because their answers differ
 * today (tests pin both):
 * - oc_resource_ok, for the authorization request and completeAuthorization:
 *   the value is parsed as a URL (oc_url) and has no fragment; with
 *   OC_PROFILE_BIND_CONFIGURED it has the configured resource's origin (an
 *   absent port is the scheme's default) and path, the query not compared.
 * - oc_resource_token_ok, for the token endpoint: the value is compared as a
 *   string and has no '#' and a "scheme://" prefix; with
 *   OC_PROFILE_BIND_CONFIGURED "scheme://authority" equals the configured
 *   resource's ASCII case-insensitively and the rest (path and query) byte
 *   for byte, so a port written out or a query makes it differ.
 *
 * A stored audience or grant resource is compared with the configured one by
 * oc_resource_matches (the reference's resourceMatches).
 */
#ifndef OC_RESOURCE_H
#define OC_RESOURCE_H

#include "base/oc_url_whatwg.h"
#include <stddef.h>
#include "config/oc_config.h"
#include "base/oc_url.h"
#include "base/oc_arena.h"
#include "store/oc_kv.h"
#include "cJSON.h"

/* 1 if the profile accepts r (NUL-terminated), as above. */
int oc_resource_ok(const oc_config *cfg, const char *r);

/* 1 if the profile accepts v[0..n) (any bytes) at the token endpoint, as above. */
int oc_resource_token_ok(const oc_config *cfg, const char *v, size_t n);

/*
 * 1 if the identifier v[0..n) names the resource identifier want, as the
 * reference compares a stored audience or grant resource with the configured
 * one: equal once the ASCII case of the scheme and of the host is folded and
 * an empty path is read as "/" (RFC 3986 §6.2.2.1, §6.2.3). Userinfo, port,
 * path, query and every other byte count. 0 for anything without
 * "scheme://", or with an unclosed "[" host.
 */
int oc_resource_matches(const char *v, size_t n, const char *want);

/*
 * 0.10.x: 1 if a requested resource r[0..rn) matches a granted one
 * g[0..gn) (0.10.4's resourceMatches): without origin_only, same (the two are
 * equal, as the caller compared them); with it, the two parse as URLs (new
 * URL) with the same origin ("scheme://host[:port]" for http, https, ws,
 * wss and ftp; every other scheme's origin is the opaque "null", equal to
 * itself), or same when either does not parse. a: scratch for the parse.
 */
int oc_resource_granted_match(oc_arena *a, const char *r, size_t rn, const char *g, size_t gn, int same,
	int origin_only);

/*
 * 0.10.4's validateResourceUri: s[0..n) is not empty, parses as new URL reads
 * it (oc_url_whatwg), with scheme http or https and no fragment (an empty '#'
 * counts as none). 0 when not, -1 out of memory (scratch in a).
 */
int oc_resource_uri_valid(oc_arena *a, const char *s, size_t n);

/* The rule of oc_resource_uri_valid on a parsed URL: scheme http or https, no fragment. */
int oc_resource_uri_parts_ok(const oc_url_whatwg *u);

/*
 * 0.10.x with resourceMetadata.resource configured (OC_PROFILE_BIND_REQUESTED
 * and cfg->resource set, see oc_profile.h): 1 when the configured resource
 * pins grants and tokens.
 */
int oc_resource_pinned(const oc_config *cfg);

/* 0.10.4's isExactResource: v is resource itself, a string or an array of that one string (absent: 0). */
int oc_resource_exactly(const oc_kv_strs *v, const char *resource);
/* The same of a JSON value (a string, or an array of one string). */
int oc_resource_exactly_json(const cJSON *v, const char *resource);

/* invalid_target's description for a resource parameter that is not exactly the pinned one:
 * "The resource parameter must exactly match <resource>"; NULL out of memory. */
const char *oc_resource_pin_refused(oc_arena *a, const oc_config *cfg);

/*
 * 0.10.x: 1 if the request URL req[0..rn) is served by the audience
 * identifier aud[0..an) (any bytes), as 0.10.4's audienceMatches judges it,
 * both read as new URL reads them (oc_url_whatwg): the same origin (an
 * opaque origin, as any scheme but http, https, ws, wss and ftp has, never
 * equals the request's; an IDN host never matches); when aud has a query
 * (not "?" alone) the request's is exactly it; aud's path "/" serves every
 * path, else the request's path is aud's, or aud's followed by '/' and more
 * (so ".../api/" serves ".../api/" and ".../api//x" only). 0 when not or
 * when either does not parse, -1 out of memory (scratch in a).
 */
int oc_resource_audience_serves(oc_arena *a, const char *req, size_t rn, const char *aud, size_t an);

/*
 * 1 if a stored access token audience, or a stored grant resource, is bound
 * to the configured resource: one of its identifiers matches resource
 * (oc_resource_matches), or none is stored (a record made before audiences:
 * the sole resource). A refresh keeps a grant exactly when this holds.
 */
int oc_resource_audience_bound(const oc_kv_strs *aud, const char *resource);

/*
 * 1.x: 1 if the URL u falls under the configured resource: the same origin,
 * and its path at or below the resource's path at a segment boundary
 * (oc_url_path_under: a resource ".../api" covers "/api" and "/api/x", not
 * "/apix"; ".../api/" does not cover "/api"), and its query carrying every
 * name=value of the resource's query (oc_form_query_carries). 0 if not, -1
 * out of memory (scratch in a).
 */
int oc_resource_covers(oc_arena *a, const oc_config *cfg, const oc_url *u);

#endif
