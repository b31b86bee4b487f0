/*
 * Provider options: parsed once, validated with the reference's rules and
 * messages in the profile's order (oc_profile.options), kept for the
 * provider's life (malloc, not an arena).
 */
#include "config/oc_config.h"
#include "config/oc_config_resource.h"
#include "config/oc_config_routes.h"
#include "config/oc_config_enabled.h"
#include "config/oc_config_rs.h"
#include "config/oc_config_as.h"
#include "config/oc_config_ema.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "base/oc_url_whatwg.h"
#include "base/oc_arena.h"
#include "oauth/oc_scope.h"
#include "op/oc_callback.h" /* oc_cb_truthy: an option's value as JS reads it */
#include "cJSON.h"
#include <stdlib.h>
#include "base/oc_json_print.h"
#include "consent/oc_consent.h"
#include <string.h>

#define KV_MIN_TTL 60u

static const char MUST_BE[] = " must be either an absolute path starting with / or a valid URL";
static const char NOT_A_HANDLER[] =
	" must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint";

/* Refuses with the message made of parts (oc_config_say): -1. */
static int refuse(const char **err, const char *const *parts)
{
	*err = oc_config_say(parts);
	return -1;
}

/* A URL's path as a C string ("/" when the URL has none). */
static char *url_path(const oc_url *u)
{
	oc_slice p = u->path.n ? u->path : (oc_slice){ "/", 1 };
	char *s = malloc(p.n + 1);
	if (s) {
		memcpy(s, p.p, p.n);
		s[p.n] = 0;
	}
	return s;
}

static const cJSON *get(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* JSON null stands for `undefined` given explicitly; an option the host lists in nullOptions was JS null. */
static int js_null(const cJSON *o, const char *name)
{
	const cJSON *e;
	if (!cJSON_IsNull(get(o, name)))
		return 0;
	cJSON_ArrayForEach(e, get(o, "nullOptions"))
		if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
			return 1;
	return 0;
}

/* Given, in the reference's sense: present and not `undefined` (null counts). */
static int given(const cJSON *o, const char *name)
{
	const cJSON *v = get(o, name);
	return v != NULL && (!cJSON_IsNull(v) || js_null(o, name));
}


static int is_int(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 4294967295.0 &&
	       v->valuedouble == (double)(uint32_t)v->valuedouble;
}

/*
 * A TTL option. Absent: the default stays. `undefined` given: with
 * undefined_ok no value (*has = 0); otherwise strict (1.x) refuses it and
 * 0.10.x keeps the default. JS null: strict refuses it; 0.10.x reads it as
 * `undefined`. Returns 0 or -1 (with *err = msg).
 */
static int ttl(const cJSON *o, const char *name, int strict, uint32_t min, int allow_zero, int undefined_ok,
	int *has, uint32_t *out, const char **err, const char *msg)
{
	const cJSON *v = get(o, name);
	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v) && !(strict && js_null(o, name))) {
		if (undefined_ok) {
			*has = 0;
			return 0;
		}
		if (!strict)
			return 0;
	} else if (is_int(v) && (v->valuedouble >= min || (allow_zero && v->valuedouble == 0))) {
		*has = 1;
		*out = (uint32_t)v->valuedouble;
		return 0;
	}
	*err = msg;
	return -1;
}

/* A URL's origin as `new URL(s).origin` serialises it (s parses): scheme://host[:port] for the
 * special schemes but file, "null" for the others. malloc'd; NULL out of memory. */
static char *url_origin(const char *s)
{
	size_t n = strlen(s);
	char *buf = malloc(OC_URL_WHATWG_BUF(n)), *o = NULL;
	oc_url_whatwg u;
	if (buf == NULL)
		return NULL;
	int tuple = oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) == 0 && u.special && u.has_host;
	size_t len = tuple ? oc_url_origin_write(NULL, u.scheme, u.host, u.port) : 4;
	if ((o = malloc(len + 1)) != NULL && !tuple)
		memcpy(o, "null", 5);
	else if (o != NULL)
		oc_url_origin_write(o, u.scheme, u.host, u.port);
	free(buf);
	return o;
}

/*
 * Where an endpoint option (named name in messages) points: a path starting
 * with '/' (up to any '?'; no fragment), or a URL that parses and that the
 * router can read (oc_url: "scheme://host…", no userinfo, no fragment).
 * Refused: "<name> must be either an absolute path starting with / or a
 * valid URL", or "<name> must not contain a fragment".
 */
static int location(const char *name, oc_endpoint *ep, const char **err)
{
	const char *text = ep->text;
	if (strchr(text, '#') && (text[0] == '/' || oc_config_url_parses(text) == 1))
		return refuse(err, (const char *[]){ name, " must not contain a fragment", NULL });
	if (text[0] == '/') {
		size_t n = strcspn(text, "?");
		if ((ep->path = malloc(n + 1)) == NULL)
			return *err = NULL, -1;
		memcpy(ep->path, text, n);
		ep->path[n] = 0;
		return 0;
	}
	int parses = oc_config_url_parses(text);
	if (parses < 0)
		return *err = NULL, -1;
	if (!parses || oc_url_parse(&ep->url, text, strlen(text)) != 0)
		return refuse(err, (const char *[]){ name, MUST_BE, NULL });
	ep->full_url = 1;
	if ((ep->path = url_path(&ep->url)) == NULL || (ep->origin = url_origin(text)) == NULL)
		return *err = NULL, -1;
	return 0;
}

/*
 * An endpoint option: a string location (above). Absent or `undefined`:
 * dflt (NULL: none; *present says which). Not a string: refused with the
 * location message.
 */
static int endpoint(const cJSON *o, const char *name, const char *dflt, oc_endpoint *ep,
	int *present, const char **err)
{
	const cJSON *v = get(o, name);
	const char *s = dflt;
	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (v != NULL && !cJSON_IsNull(v))
		return refuse(err, (const char *[]){ name, MUST_BE, NULL });
	*present = s != NULL;
	if (s == NULL)
		return 0;
	if ((ep->text = oc_config_strdup(s)) == NULL)
		return *err = NULL, -1;
	return location(name, ep, err);
}

/* 1.x: an optional endpoint (clientRegistrationEndpoint): a falsy value ("", 0, false) leaves it off. */
static int optional_endpoint(const cJSON *o, const char *name, oc_endpoint *ep, int *present, const char **err)
{
	if (!oc_cb_truthy(get(o, name)))
		return *present = 0, 0;
	return endpoint(o, name, NULL, ep, present, err);
}

/* 1.x: an endpoint that has no default: absent, `undefined` or null is refused by name. */
static int required_endpoint(const cJSON *o, const char *name, oc_endpoint *ep, const char **err)
{
	int present;
	if (endpoint(o, name, NULL, ep, &present, err))
		return -1;
	return present ? 0 : refuse(err, (const char *[]){ name, MUST_BE, NULL });
}

/*
 * The API routes: apiRoute (a string, or an array of them) with apiHandler,
 * or apiHandlers, as the host describes them: "hasApiHandler" (apiHandler is
 * truthy), "badApiHandler" (it is not a handler), "apiHandlerRoutes" (the
 * keys of a truthy apiHandlers, in order), "badApiHandlers" (the indexes of
 * its values that are not handlers). apiRoute + apiHandler counts when both
 * are truthy. Refused in the reference's order: both ways, or neither; then
 * (default_handler_second: 0.10.4's order) "badDefaultHandler"; then
 * apiHandler not a handler, then each apiRoute entry; or, entry by entry, an
 * apiHandlers key, then its value.
 */
static int api_routes(oc_config *c, const cJSON *o, int default_handler_second, const char **err)
{
	const cJSON *route = get(o, "apiRoute"), *keys = get(o, "apiHandlerRoutes"), *bad = get(o, "badApiHandlers");
	int single = oc_cb_truthy(route) && cJSON_IsTrue(get(o, "hasApiHandler")), multi = keys != NULL;
	const cJSON *k, *b;
	size_t i = 0;

	if (single && multi)
		return *err = "Cannot use both apiRoute/apiHandler and apiHandlers. Use either apiRoute + apiHandler OR apiHandlers, not both.", -1;
	if (!single && !multi)
		return *err = "Must provide either apiRoute + apiHandler OR apiHandlers. No API route configuration provided.", -1;
	if (default_handler_second && cJSON_IsTrue(get(o, "badDefaultHandler")))
		return refuse(err, (const char *[]){ "defaultHandler", NOT_A_HANDLER, NULL });
	if (single) {
		if (cJSON_IsTrue(get(o, "badApiHandler")))
			return refuse(err, (const char *[]){ "apiHandler", NOT_A_HANDLER, NULL });
		if (!cJSON_IsArray(route))
			return oc_config_route_add(c, cJSON_GetStringValue(route), 0, OC_ROUTE_STRING, 0, err);
		cJSON_ArrayForEach(k, route)
			if (oc_config_route_add(c, cJSON_GetStringValue(k), 0, OC_ROUTE_ARRAY, i++, err))
				return -1;
		return 0;
	}
	if (!cJSON_IsArray(keys))
		return *err = "apiHandlers keys must be routes (strings)", -1;
	cJSON_ArrayForEach(k, keys) {
		if (!cJSON_IsString(k))
			return *err = "apiHandlers keys must be routes (strings)", -1;
		if (oc_config_route_add(c, k->valuestring, (int)i, OC_ROUTE_KEY, i, err))
			return -1;
		cJSON_ArrayForEach(b, bad)
			if (cJSON_IsNumber(b) && b->valuedouble == (double)i)
				return refuse(err, (const char *[]){ "apiHandlers[", k->valuestring, "]", NOT_A_HANDLER, NULL });
		i++;
	}
	return 0;
}

/* A list of scope tokens; dups: refuse duplicates. */
static int scopes(const cJSON *v, char ***out, size_t *n, int *has, int dups_ok,
	const char **err, const char *bad, const char *dupmsg)
{
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v)) {
		*err = bad;
		return -1;
	}
	size_t k = (size_t)cJSON_GetArraySize(v);
	*out = calloc(k ? k : 1, sizeof **out);
	if (*out == NULL)
		return -1;
	*has = 1;
	const cJSON *e;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring))) {
			*err = bad;
			return -1;
		}
		for (size_t i = 0; i < *n; i++) {
			if (strcmp((*out)[i], e->valuestring) == 0) {
				if (!dups_ok) {
					*err = dupmsg;
					return -1;
				}
				goto next;
			}
		}
		if (((*out)[(*n)++] = oc_config_strdup(e->valuestring)) == NULL)
			return -1;
	next:;
	}
	return 0;
}

static int scopes_supported(oc_config *c, const cJSON *o, const char **err)
{
	return scopes(get(o, "scopesSupported"), &c->scopes_supported, &c->nscopes_supported,
		&c->has_scopes_supported, 0, err, "scopesSupported must contain valid OAuth scope tokens",
		"scopesSupported must not contain duplicate values");
}

/* requiredScopes, or (rm given) the deprecated resourceMetadata.scopes_supported standing in for it. */
static int required_scopes(oc_config *c, const cJSON *o, const cJSON *rm, const char **err)
{
	static const char bad[] =
		"requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens";
	if (scopes(get(o, "requiredScopes"), &c->required_scopes, &c->nrequired_scopes,
	        &c->has_required_scopes, 1, err, bad, NULL))
		return -1;
	if (rm != NULL && !c->has_required_scopes &&
	    scopes(get(rm, "scopes_supported"), &c->required_scopes, &c->nrequired_scopes,
	        &c->has_required_scopes, 1, err, bad, NULL))
		return -1;
	return 0;
}

static int idle_ttl(const cJSON *o, int strict, int *has, uint32_t *idle, const char **err)
{
	return ttl(o, "refreshTokenIdleTTL", strict, KV_MIN_TTL, 0, 1, has, idle, err,
		"refreshTokenIdleTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).");
}

static int refresh_ttl(oc_config *c, const cJSON *o, int strict, const char **err)
{
	return ttl(o, "refreshTokenTTL", strict, KV_MIN_TTL, 1, 1, &c->has_refresh_token_ttl, &c->refresh_token_ttl, err,
		"refreshTokenTTL must be 0 (no refresh tokens), undefined (no expiry), or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).");
}

/*
 * The lifetimes, in the order the profile's constructor checks them: 1.2.3
 * reads the idle lifetime before the refresh token's, 0.10.x here the other
 * way round.
 */
static int ttls(oc_config *c, const cJSON *o, const char **err)
{
	const oc_profile *p = c->profile;
	int strict = p->options == OC_PROFILE_OPTIONS_1_2, has = 1, has_idle = 0;
	uint32_t idle = 0;
	c->access_token_ttl = 3600;
	c->has_refresh_token_ttl = p->refresh_token_ttl_default != 0; /* else: no expiry */
	c->refresh_token_ttl = p->refresh_token_ttl_default;
	c->has_client_registration_ttl = 1;
	c->client_registration_ttl = 7776000u;
	if (ttl(o, "accessTokenTTL", strict, p->access_token_ttl_min, 0, 0, &has, &c->access_token_ttl, err,
	        "accessTokenTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).") ||
	    (strict ? idle_ttl(o, strict, &has_idle, &idle, err) || refresh_ttl(c, o, strict, err)
	            : refresh_ttl(c, o, strict, err) || idle_ttl(o, strict, &has_idle, &idle, err)) ||
	    ttl(o, "clientRegistrationTTL", strict, KV_MIN_TTL, 0, 1, &c->has_client_registration_ttl,
	        &c->client_registration_ttl, err,
	        "clientRegistrationTTL must be undefined (no expiry) or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."))
		return -1;
	c->refresh_token_idle_ttl = has_idle ? idle : 0;
	return 0;
}

/* resourceMetadata as given, kept for the RFC 9728 document. */
static int keep_resource_metadata(oc_config *c, const cJSON *rm)
{
	char *s = oc_json_print(rm);
	if (s == NULL)
		return -1;
	c->resource_metadata_json = oc_config_strdup(s);
	cJSON_free(s);
	return c->resource_metadata_json ? 0 : -1;
}

/*
 * cookiePrefix (R-CTOR-10): absent or undefined, the default; else a string
 * oc_consent_prefix_ok accepts. JS null, another JSON type, and a value JSON
 * cannot carry (a function: absent, yet named in "enabledOptions") are refused.
 */
static int cookie_prefix(oc_config *c, const cJSON *o, const char **err)
{
	const cJSON *v = get(o, "cookiePrefix");
	const char *p = OC_CONSENT_DEFAULT_PREFIX;
	if (cJSON_IsString(v))
		p = v->valuestring;
	if ((v == NULL && oc_config_enabled(o, "cookiePrefix")) || js_null(o, "cookiePrefix")
	    || (v != NULL && !cJSON_IsNull(v) && !cJSON_IsString(v)) || !oc_consent_prefix_ok(p, strlen(p)))
		return *err = "cookiePrefix must start with \"__Host-\" and contain only cookie-name characters", -1;
	return (c->cookie_prefix = oc_config_strdup(p)) != NULL ? 0 : -1;
}

/*
 * 1.2.3's resource message, with one more sentence: a Worker that gives no
 * resourceMetadata was most likely written for 0.10.x, which has an entry of
 * its own.
 */
static const char NO_RESOURCE_METADATA[] = "resourceMetadata.resource is required and must be an absolute HTTPS URI "
	"without a fragment (http is accepted only on a loopback host). A Worker written for "
	"@cloudflare/workers-oauth-provider 0.10.x runs unchanged when it imports 'oc-oauth-provider/0.10'.";

/* 1.2.3's constructor (docs/observed/rules-1.2.3.md section 1), in its order. */
static int parse_1_2(oc_config *c, const cJSON *o, const char **err)
{
	const cJSON *rm = get(o, "resourceMetadata");
	if (get(o, "resourceMatchOriginOnly") != NULL)
		return *err = "resourceMatchOriginOnly was removed in 1.0. Configure resourceMetadata.resource; audiences are compared exactly against that canonical resource. See the migration guide.", -1;
	if (given(o, "requiredScopes") && cJSON_IsObject(rm) && get(rm, "scopes_supported") != NULL)
		return *err = "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour", -1;
	if (required_endpoint(o, "authorizeEndpoint", &c->authorize_endpoint, err) ||
	    required_endpoint(o, "tokenEndpoint", &c->token_endpoint, err) ||
	    cookie_prefix(c, o, err) ||
	    optional_endpoint(o, "clientRegistrationEndpoint", &c->registration_endpoint,
	        &c->has_registration_endpoint, err))
		return -1;
	if (!oc_cb_truthy(rm))
		return *err = NO_RESOURCE_METADATA, -1;
	if (oc_config_resource_check(c, rm, err) || required_scopes(c, o, rm, err) ||
	    oc_config_bearer_methods_check(rm, err))
		return -1;
	if (keep_resource_metadata(c, rm))
		return *err = NULL, -1;
	if (api_routes(c, o, 0, err) || (c->profile->routes_under_resource && oc_config_routes_check(c, err)))
		return -1;
	return ttls(c, o, err) || scopes_supported(c, o, err)
		|| oc_config_ema(c, get(o, "enterpriseManagedAuthorization"), err) ? -1 : 0;
}

/*
 * OAuthAuthorizationServer's endpoint option (1.2.3's validateEndpoint with an
 * issuer): a string; absent, undefined or null: dflt (NULL: none, *present
 * says which). A path (starting with '/') is on the issuer's origin and must
 * not have a fragment ("<name> must not contain a fragment"); a URL must
 * parse (the location message) and be https (loopback http) without
 * userinfo or fragment (R-AS-07). Either way the endpoint is kept as a full
 * URL. An endpoint with a query is refused by name: matching one is not
 * implemented here.
 */
static int role_endpoint(oc_config *c, const cJSON *o, const char *name, char *dflt, oc_endpoint *ep,
	int *present, const char **err)
{
	const cJSON *v = get(o, name);
	const char *s = cJSON_IsString(v) ? v->valuestring : dflt;
	char *text;
	*present = s != NULL;
	if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsString(v))
		return free(dflt), *err = "endpoint.startsWith is not a function", -1;
	if (s == NULL)
		return 0;
	if (s[0] == '/') {
		const char *h = strchr(s, '#');
		if (h != NULL && h[1] != 0)
			return free(dflt), refuse(err, (const char *[]){ name, " must not contain a fragment", NULL });
		size_t on = c->issuer_url.origin.n, n = strlen(s);
		text = malloc(on + n + 1);
		if (text == NULL)
			return free(dflt), *err = NULL, -1;
		memcpy(text, c->issuer_url.origin.p, on);
		memcpy(text + on, s, n + 1);
	} else {
		size_t n = strlen(s);
		char *buf = malloc(OC_URL_WHATWG_BUF(n));
		oc_url_whatwg u;
		if (buf == NULL)
			return free(dflt), *err = NULL, -1;
		int parses = oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) == 0;
		int ok = parses && (oc_slice_eq(u.scheme, "https") || (oc_slice_eq(u.scheme, "http") &&
			oc_url_whatwg_is_loopback(&u))) && !u.has_userinfo && u.fragment.n <= 1;
		free(buf);
		if (!parses)
			return free(dflt), refuse(err, (const char *[]){ name, MUST_BE, NULL });
		if (!ok)
			return free(dflt), refuse(err, (const char *[]){ name, " must be an absolute HTTPS URL without userinfo or a fragment (http is accepted only on a loopback host)", NULL });
		text = oc_config_strdup(s);
		if (text == NULL)
			return free(dflt), *err = NULL, -1;
	}
	free(dflt);
	if (strchr(text, '?') != NULL) {
		free(text);
		return refuse(err, (const char *[]){ name, " with a query is not implemented by oc-oauth-provider's OAuthAuthorizationServer yet; remove the query", NULL });
	}
	ep->text = text;
	return location(name, ep, err);
}

/*
 * defaultResource / legacyGrantResource (R-AS-09): absent, undefined or null,
 * or naming one registry entry (oc_resource_find; an array by its distinct
 * values, as 1.2.3 reads it), kept in *out as that entry.
 */
static int registered(const oc_config *c, const cJSON *v, const char *name, const char **out, const char **err)
{
	const cJSON *x;
	oc_strs vals = { NULL, 0 };
	char *one[1];
	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v)) {
		one[0] = v->valuestring;
		vals = (oc_strs){ one, 1 };
	} else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
		vals = (oc_strs){ one, 1 };
		one[0] = cJSON_IsString(v->child) ? v->child->valuestring : NULL;
		cJSON_ArrayForEach(x, v)
			if (!cJSON_IsString(x) || one[0] == NULL || strcmp(x->valuestring, one[0]) != 0)
				vals.n = 0;
	}
	if (vals.n > 0) {
		oc_arena *a = oc_arena_new();
		int r = a == NULL ? -1 : oc_resource_find(a, c, &vals, out);
		oc_arena_free(a);
		if (r != 0)
			return *err = NULL, -1;
		if (*out != NULL)
			return 0;
	}
	return refuse(err, (const char *[]){ name, " must name one of the configured protected resources", NULL });
}

/* clientIdMetadataDocumentEnabled, and the host's global_fetch_strictly_public flag the shim reports (both roles). */
static void cimd(oc_config *c, const cJSON *o)
{
	c->cimd_enabled = oc_config_enabled(o, "clientIdMetadataDocumentEnabled");
	c->fetch_strictly_public = cJSON_IsTrue(get(o, "globalFetchStrictlyPublic"));
}

/*
 * OAuthAuthorizationServer (1.2.3's role-based constructor, docs/observed/rules-1.2.3.md
 * 9.8), in its order: the issuer, the resources, the endpoints (defaults
 * under the issuer), cookiePrefix, the registration endpoint, their
 * collisions, each resource as resourceMetadata.resource is checked, the
 * default and legacy resources, the lifetimes, scopesSupported. One resource
 * is cfg->resource; several are the registry (oc_resource_registry.h).
 */
static int parse_ours(oc_config *c, const cJSON *o, const char **err);

/* Several resources (checked): the registry, each as declared. -1 out of memory. */
static int registry(oc_config *c, const cJSON *resources)
{
	const cJSON *e;
	size_t n = (size_t)cJSON_GetArraySize(resources);
	if ((c->resources = calloc(n, sizeof *c->resources)) == NULL)
		return -1;
	cJSON_ArrayForEach(e, resources)
		if ((c->resources[c->nresources++] = oc_config_strdup(e->valuestring)) == NULL)
			return -1;
	return 0;
}

static int parse_as(oc_config *c, const cJSON *o, const char **err)
{
	const cJSON *resources = get(o, "resources"), *e;
	int present;
	c->profile = &oc_profile_1x;
	c->role = OC_ROLE_AUTHORIZATION_SERVER;
	if (oc_config_as_issuer(c, get(o, "issuer"), err) || oc_config_as_resources(resources, err))
		return -1;
	char *da = oc_config_as_default_endpoint(c, "/authorize"), *dt = oc_config_as_default_endpoint(c, "/oauth/token");
	if (da == NULL || dt == NULL)
		return free(da), free(dt), *err = NULL, -1;
	if (role_endpoint(c, o, "authorizeEndpoint", da, &c->authorize_endpoint, &present, err))
		return free(dt), -1;
	if (role_endpoint(c, o, "tokenEndpoint", dt, &c->token_endpoint, &present, err) || cookie_prefix(c, o, err))
		return -1;
	if (oc_cb_truthy(get(o, "clientRegistrationEndpoint")) &&
	    role_endpoint(c, o, "clientRegistrationEndpoint", NULL, &c->registration_endpoint,
	        &c->has_registration_endpoint, err))
		return -1;
	if (oc_config_as_isolation(c, err))
		return -1;
	cJSON_ArrayForEach(e, resources) {
		cJSON *rm = cJSON_CreateObject();
		int bad = rm == NULL || cJSON_AddStringToObject(rm, "resource", e->valuestring) == NULL;
		free(c->resource);
		c->resource = NULL;
		bad = bad || oc_config_resource_check(c, rm, err);
		cJSON_Delete(rm);
		if (bad)
			return -1;
	}
	free(c->resource);
	c->resource = NULL;
	if (cJSON_GetArraySize(resources) == 1) {
		if ((c->resource = oc_config_strdup(resources->child->valuestring)) == NULL ||
		    oc_url_parse(&c->resource_url, c->resource, strlen(c->resource)) != 0)
			return *err = NULL, -1;
	} else if (registry(c, resources)) {
		return *err = NULL, -1;
	}
	if (registered(c, get(o, "defaultResource"), "defaultResource", &c->default_resource, err) ||
	    registered(c, get(o, "legacyGrantResource"), "legacyGrantResource", &c->legacy_resource, err))
		return -1;
	if (ttls(c, o, err) || scopes_supported(c, o, err))
		return -1;
	c->allow_private_use_redirect_uris = cJSON_IsTrue(get(o, "allowPrivateUseRedirectUris"));
	c->disallow_public_client_registration = cJSON_IsTrue(get(o, "disallowPublicClientRegistration"));
	c->has_registration_callback = oc_config_enabled(o, "clientRegistrationCallback");
	c->has_token_exchange_callback = oc_config_enabled(o, "tokenExchangeCallback");
	c->allow_token_exchange = oc_config_enabled(o, "allowTokenExchangeGrant");
	cimd(c, o);
	if (oc_config_ema(c, get(o, "enterpriseManagedAuthorization"), err))
		return -1;
	return parse_ours(c, o, err);
}

/*
 * 0.10.4's endpoint option: a string starting with '/' (its whole text is
 * the path), or one that parses as a URL (as location reads it: a URL with a
 * fragment is refused, README's deliberate differences).
 * Anything else is refused with what 0.10.4 throws: the engine's TypeError
 * for a value that is not a string, the location message for a string.
 */
static int endpoint_0_10(const cJSON *o, const char *name, oc_endpoint *ep, const char **err)
{
	const cJSON *v = get(o, name);
	if (!cJSON_IsString(v)) {
		if (v == NULL || cJSON_IsNull(v))
			return refuse(err, (const char *[]){ "Cannot read properties of ",
				js_null(o, name) ? "null" : "undefined", " (reading 'startsWith')", NULL });
		return *err = "endpoint.startsWith is not a function", -1;
	}
	if ((ep->text = oc_config_strdup(v->valuestring)) == NULL)
		return *err = NULL, -1;
	if (ep->text[0] == '/')
		return (ep->path = oc_config_strdup(ep->text)) != NULL ? 0 : (*err = NULL, -1);
	return location(name, ep, err);
}

/*
 * 0.10.4's lifetimes: accessTokenTTL an integer of at least 60 (given as
 * undefined or null: refused, as the spread over its defaults makes it);
 * refreshTokenTTL and clientRegistrationTTL unchecked by 0.10.4 (undefined or
 * null: no expiry; clientRegistrationTTL 0: none either), here read as
 * integers (0 or at least 60) and refused otherwise (README, deliberate
 * differences).
 */
static int ttls_0_10(oc_config *c, const cJSON *o, const char **err)
{
	const oc_profile *p = c->profile;
	c->access_token_ttl = 3600;
	c->has_refresh_token_ttl = 1;
	c->refresh_token_ttl = p->refresh_token_ttl_default;
	c->has_client_registration_ttl = 1;
	c->client_registration_ttl = 7776000u;
	const cJSON *at = get(o, "accessTokenTTL");
	if (at != NULL && !(is_int(at) && at->valuedouble >= p->access_token_ttl_min))
		return *err = "accessTokenTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).", -1;
	if (at != NULL)
		c->access_token_ttl = (uint32_t)at->valuedouble;
	if (ttl(o, "refreshTokenTTL", 0, KV_MIN_TTL, 1, 1, &c->has_refresh_token_ttl, &c->refresh_token_ttl, err,
	        "refreshTokenTTL must be 0 (no refresh tokens), undefined (no expiry), or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."))
		return -1;
	const cJSON *cr = get(o, "clientRegistrationTTL");
	if (cJSON_IsNumber(cr) && cr->valuedouble == 0)
		return c->has_client_registration_ttl = 0, 0;
	return ttl(o, "clientRegistrationTTL", 0, KV_MIN_TTL, 0, 1, &c->has_client_registration_ttl,
	        &c->client_registration_ttl, err,
	        "clientRegistrationTTL must be undefined (no expiry), 0 (no expiry) or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).");
}

/*
 * 0.10.4's constructor, in its order: the API route shape, the default
 * handler, the API handlers and routes, the endpoints (no defaults; they may
 * be equal), accessTokenTTL, scopesSupported, resourceMetadata
 * (oc_config_resource_0_10_check), then enterpriseManagedAuthorization.
 */
static int parse_0_10(oc_config *c, const cJSON *o, const char **err)
{
	if (api_routes(c, o, 1, err) || endpoint_0_10(o, "authorizeEndpoint", &c->authorize_endpoint, err) ||
	    endpoint_0_10(o, "tokenEndpoint", &c->token_endpoint, err))
		return -1;
	if (oc_cb_truthy(get(o, "clientRegistrationEndpoint"))) {
		if (endpoint_0_10(o, "clientRegistrationEndpoint", &c->registration_endpoint, err))
			return -1;
		c->has_registration_endpoint = 1;
	}
	if (ttls_0_10(c, o, err) || scopes_supported(c, o, err))
		return -1;
	/* 0.10.4 has no consent helpers and ignores cookiePrefix. */
	if ((c->cookie_prefix = oc_config_strdup(OC_CONSENT_DEFAULT_PREFIX)) == NULL)
		return *err = NULL, -1;
	c->resource_match_origin_only = cJSON_IsTrue(get(o, "resourceMatchOriginOnly"));
	return oc_config_resource_0_10_check(c, get(o, "resourceMetadata"), err)
		|| oc_config_ema(c, get(o, "enterpriseManagedAuthorization"), err) ? -1 : 0;
}

/*
 * The provider's profile, and the only place that picks one: the entry the
 * Worker imported names it ("generation": "0.10" from oc-oauth-provider/0.10),
 * 1.x otherwise. The options never choose it.
 */
static const oc_profile *profile_of(const cJSON *o)
{
	const char *g = cJSON_GetStringValue(get(o, "generation"));
	return g != NULL && strcmp(g, "0.10") == 0 ? &oc_profile_0_10 : &oc_profile_1x;
}

/* introspectionClients: the client ids that may introspect any client's tokens. */
static int introspection_clients(oc_config *c, const cJSON *v, const char **err)
{
	static const char bad[] = "introspectionClients must be an array of client ids";
	const cJSON *e;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return *err = bad, -1;
	size_t k = (size_t)cJSON_GetArraySize(v);
	if ((c->introspection_clients = calloc(k ? k : 1, sizeof(char *))) == NULL)
		return -1;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || e->valuestring[0] == 0)
			return *err = bad, -1;
		if ((c->introspection_clients[c->nintrospection_clients++] = oc_config_strdup(e->valuestring)) == NULL)
			return -1;
	}
	return 0;
}

/* The options this project adds (oc_config.h), in both generations. */
static int parse_ours(oc_config *c, const cJSON *o, const char **err)
{
	const char *p;
	if (endpoint(o, "introspectionEndpoint", NULL, &c->introspection_endpoint,
	        &c->has_introspection_endpoint, err))
		return -1;
	p = c->introspection_endpoint.path;
	if (c->has_introspection_endpoint && (strcmp(p, c->token_endpoint.path) == 0
	    || strcmp(p, c->authorize_endpoint.path) == 0
	    || (c->has_registration_endpoint && strcmp(p, c->registration_endpoint.path) == 0)))
		return *err = "introspectionEndpoint must differ from tokenEndpoint, authorizeEndpoint and clientRegistrationEndpoint", -1;
	if (introspection_clients(c, get(o, "introspectionClients"), err))
		return -1;
	c->allow_client_credentials = cJSON_IsTrue(get(o, "allowClientCredentialsGrant"));
	c->allow_private_key_jwt = cJSON_IsTrue(get(o, "allowPrivateKeyJwt"));
	c->has_client_credentials_callback = oc_config_enabled(o, "clientCredentialsCallback");
	return 0;
}

static int parse(oc_config *c, const cJSON *o, const char **err)
{
	c->profile = profile_of(o);
	if ((c->profile->options == OC_PROFILE_OPTIONS_1_2 ? parse_1_2 : parse_0_10)(c, o, err))
		return -1;
	c->allow_plain_pkce = cJSON_IsTrue(get(o, "allowPlainPKCE"));
	c->allow_implicit_flow = cJSON_IsTrue(get(o, "allowImplicitFlow"));
	c->allow_private_use_redirect_uris = cJSON_IsTrue(get(o, "allowPrivateUseRedirectUris"));
	c->disallow_public_client_registration = cJSON_IsTrue(get(o, "disallowPublicClientRegistration"));
	c->has_registration_callback = oc_config_enabled(o, "clientRegistrationCallback");
	c->has_token_exchange_callback = oc_config_enabled(o, "tokenExchangeCallback");
	c->allow_token_exchange = oc_config_enabled(o, "allowTokenExchangeGrant");
	c->has_external_token_resolver = oc_config_enabled(o, "resolveExternalToken");
	cimd(c, o);
	return parse_ours(c, o, err);
}

oc_config *oc_config_new(const char *json, size_t n, const char **err)
{
	oc_config *cfg = NULL;
	cJSON *o;

	*err = NULL;
	oc_arena_bind_json(NULL);
	o = cJSON_ParseWithLength(json, n);
	if (o == NULL || !cJSON_IsObject(o)) {
		*err = "options must be a JSON object";
		cJSON_Delete(o);
		return NULL;
	}
	cfg = calloc(1, sizeof *cfg);
	if (cfg != NULL && (oc_config_rs_is(o) || oc_config_as_is(o))) {
		if ((oc_config_rs_is(o) ? oc_config_rs_parse(cfg, o, err)
		                        : parse_as(cfg, o, err)) != 0) {
			if (*err == NULL)
				*err = "out of memory";
			oc_config_free(cfg);
			cfg = NULL;
		}
	} else if (cfg == NULL || parse(cfg, o, err) != 0) {
		if (*err == NULL)
			*err = "out of memory";
		oc_config_free(cfg);
		cfg = NULL;
	}
	cJSON_Delete(o);
	return cfg;
}

static void free_endpoint(oc_endpoint *e)
{
	free(e->text);
	free(e->path);
	free(e->origin);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void oc_config_free(oc_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nroutes; i++) {
		free(c->routes[i].text);
		free(c->routes[i].path);
	}
	free(c->routes);
	free(c->cookie_prefix);
	free_endpoint(&c->token_endpoint);
	free_endpoint(&c->authorize_endpoint);
	free_endpoint(&c->registration_endpoint);
	free_endpoint(&c->introspection_endpoint);
	free_list(c->introspection_clients, c->nintrospection_clients);
	free_list(c->scopes_supported, c->nscopes_supported);
	free_list(c->required_scopes, c->nrequired_scopes);
	free(c->resource);
	free_list(c->resources, c->nresources);
	free(c->resource_metadata_json);
	free(c->rs_metadata_json);
	free(c->issuer);
	free(c->as_metadata_path);
	free(c);
}
