/*
 * Provider options: parsed once, validated with the reference's rules and
 * messages, kept for the provider's life (malloc, not an arena).
 */
#include "config/oc_config.h"
#include "config/oc_config_routes.h"
#include "base/oc_arena.h"
#include "oauth/oc_scope.h"
#include "cJSON.h"
#include <stdlib.h>
#include <string.h>

#define KV_MIN_TTL 60u

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
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

static int is_int(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 4294967295.0 &&
	       v->valuedouble == (double)(uint32_t)v->valuedouble;
}

/*
 * A TTL option. absent: keep the default. null: "undefined" given explicitly.
 * Returns 0 or -1 (with *err).
 */
static int ttl(const cJSON *o, const char *name, uint32_t min, int allow_zero, int allow_null,
	int *has, uint32_t *out, const char **err, const char *msg)
{
	const cJSON *v = get(o, name);
	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v)) {
		if (!allow_null)
			return 0;
		*has = 0;
		return 0;
	}
	if (!is_int(v) || (v->valuedouble < min && !(allow_zero && v->valuedouble == 0))) {
		*err = msg;
		return -1;
	}
	*has = 1;
	*out = (uint32_t)v->valuedouble;
	return 0;
}

/* An endpoint option: an absolute path or an absolute URL, no fragment. */
static int endpoint(const cJSON *o, const char *name, const char *dflt, oc_endpoint *ep,
	int *present, const char **err)
{
	const cJSON *v = get(o, name);
	const char *s = dflt;
	if (cJSON_IsString(v))
		s = v->valuestring;
	else if (v != NULL && !cJSON_IsNull(v)) {
		*err = "endpoint options must be strings";
		return -1;
	}
	if (present)
		*present = s != NULL;
	if (s == NULL)
		return 0;
	ep->text = dup(s);
	if (ep->text == NULL)
		return -1;
	if (s[0] == '/') {
		if (strchr(s, '#')) {
			*err = "endpoint paths must not contain a fragment";
			return -1;
		}
		size_t n = strcspn(s, "?");
		ep->path = malloc(n + 1);
		if (ep->path == NULL)
			return -1;
		memcpy(ep->path, s, n);
		ep->path[n] = 0;
		return 0;
	}
	if (oc_url_parse(&ep->url, ep->text, strlen(ep->text)) != 0 || ep->url.has_fragment) {
		*err = "endpoints must be either an absolute path starting with / or a valid URL without a fragment";
		return -1;
	}
	ep->full_url = 1;
	ep->path = url_path(&ep->url);
	return ep->path ? 0 : -1;
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
		if (((*out)[(*n)++] = dup(e->valuestring)) == NULL)
			return -1;
	next:;
	}
	return 0;
}

/* resourceMetadata, required when the profile binds tokens to the configured resource. */
static int resource_metadata(oc_config *c, const cJSON *rm, const char **err)
{
	static const char bad[] = "resourceMetadata.resource must be a canonical absolute HTTPS URI "
		"without a fragment (http is accepted only on a loopback host)";
	const cJSON *res = get(rm, "resource");
	if (!cJSON_IsObject(rm) || !cJSON_IsString(res)) {
		*err = bad;
		return -1;
	}
	c->resource = dup(res->valuestring);
	if (c->resource == NULL)
		return -1;
	if (oc_url_parse(&c->resource_url, c->resource, strlen(c->resource)) != 0 ||
	    c->resource_url.has_fragment || !oc_url_is_secure(&c->resource_url)) {
		*err = bad;
		return -1;
	}
	if (strncmp(c->resource_url.path.p, "/.well-known/oauth-protected-resource",
	        c->resource_url.path.n < 37 ? c->resource_url.path.n : 37) == 0 && c->resource_url.path.n >= 37) {
		*err = "resourceMetadata.resource must not be inside the /.well-known/oauth-protected-resource namespace";
		return -1;
	}
	const cJSON *bm = get(rm, "bearer_methods_supported");
	if (bm != NULL) {
		const cJSON *e;
		if (!cJSON_IsArray(bm)) {
			*err = "resourceMetadata.bearer_methods_supported only supports 'header'";
			return -1;
		}
		cJSON_ArrayForEach(e, bm) if (!cJSON_IsString(e) || strcmp(e->valuestring, "header") != 0) {
			*err = "resourceMetadata.bearer_methods_supported only supports 'header'";
			return -1;
		}
	}
	if (get(rm, "scopes_supported") != NULL && c->has_required_scopes) {
		*err = "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour";
		return -1;
	}
	char *s = cJSON_PrintUnformatted(rm);
	if (s == NULL)
		return -1;
	c->resource_metadata_json = dup(s);
	cJSON_free(s);
	if (c->resource_metadata_json == NULL)
		return -1;
	/* The deprecated resourceMetadata.scopes_supported stands in for requiredScopes. */
	if (!c->has_required_scopes &&
	    scopes(get(rm, "scopes_supported"), &c->required_scopes, &c->nrequired_scopes,
	        &c->has_required_scopes, 1, err,
	        "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens", NULL))
		return -1;
	return 0;
}

/*
 * The provider's profile, and the only place that picks one: 1.x when
 * resourceMetadata is given, 0.10.x without it.
 */
static const oc_profile *profile_of(const cJSON *o)
{
	const cJSON *rm = get(o, "resourceMetadata");
	return rm != NULL && !cJSON_IsNull(rm) ? &oc_profile_1x : &oc_profile_0_10;
}

static int parse(oc_config *c, const cJSON *o, const char **err)
{
	const cJSON *rm = get(o, "resourceMetadata");
	const cJSON *route = get(o, "apiRoute"), *keys = get(o, "apiHandlerRoutes");
	int has_api_handler = cJSON_IsTrue(get(o, "hasApiHandler"));
	int has_handlers = cJSON_IsArray(keys);

	const oc_profile *p = c->profile = profile_of(o);

	/* apiRoute + apiHandler, or apiHandlers: never both, at least one. */
	if ((route != NULL || has_api_handler) && has_handlers) {
		*err = "Cannot use both apiRoute/apiHandler and apiHandlers. Use either apiRoute + apiHandler OR apiHandlers, not both.";
		return -1;
	}
	if (has_handlers) {
		const cJSON *k;
		int i = 0;
		cJSON_ArrayForEach(k, keys) {
			if (!cJSON_IsString(k)) {
				*err = "apiHandlers keys must be routes (strings)";
				return -1;
			}
			if (oc_config_route_add(c, k->valuestring, i, OC_ROUTE_KEY, (size_t)i, err))
				return -1;
			i++;
		}
	} else if (route != NULL && has_api_handler) {
		if (cJSON_IsString(route)) {
			if (oc_config_route_add(c, route->valuestring, 0, OC_ROUTE_STRING, 0, err))
				return -1;
		} else if (cJSON_IsArray(route)) {
			const cJSON *k;
			size_t i = 0;
			cJSON_ArrayForEach(k, route) {
				if (!cJSON_IsString(k)) {
					*err = "apiRoute must be a string or an array of strings";
					return -1;
				}
				if (oc_config_route_add(c, k->valuestring, 0, OC_ROUTE_ARRAY, i++, err))
					return -1;
			}
		} else {
			*err = "apiRoute must be a string or an array of strings";
			return -1;
		}
	} else {
		*err = "Must provide either apiRoute + apiHandler OR apiHandlers. No API route configuration provided.";
		return -1;
	}

	if (endpoint(o, "tokenEndpoint", "/token", &c->token_endpoint, NULL, err) ||
	    endpoint(o, "authorizeEndpoint", "/authorize", &c->authorize_endpoint, NULL, err) ||
	    endpoint(o, "clientRegistrationEndpoint", NULL, &c->registration_endpoint,
	        &c->has_registration_endpoint, err))
		return -1;
	if (strcmp(c->authorize_endpoint.path, c->token_endpoint.path) == 0) {
		*err = "authorizeEndpoint must not collide with tokenEndpoint";
		return -1;
	}

	int has = 1;
	c->access_token_ttl = 3600;
	c->has_refresh_token_ttl = p->refresh_token_ttl_default != 0; /* else: no expiry */
	c->refresh_token_ttl = p->refresh_token_ttl_default;
	c->has_client_registration_ttl = 1;
	c->client_registration_ttl = 7776000u;
	uint32_t idle = 0;
	int has_idle = 0;
	if (ttl(o, "accessTokenTTL", p->access_token_ttl_min, 0, 0, &has, &c->access_token_ttl, err,
	        "accessTokenTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).") ||
	    ttl(o, "refreshTokenTTL", KV_MIN_TTL, 1, 1, &c->has_refresh_token_ttl, &c->refresh_token_ttl, err,
	        "refreshTokenTTL must be 0 (no refresh tokens), undefined (no expiry), or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).") ||
	    ttl(o, "refreshTokenIdleTTL", KV_MIN_TTL, 0, 1, &has_idle, &idle, err,
	        "refreshTokenIdleTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window).") ||
	    ttl(o, "clientRegistrationTTL", KV_MIN_TTL, 0, 1, &c->has_client_registration_ttl,
	        &c->client_registration_ttl, err,
	        "clientRegistrationTTL must be undefined (no expiry) or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."))
		return -1;
	c->refresh_token_idle_ttl = has_idle ? idle : 0;

	if (scopes(get(o, "scopesSupported"), &c->scopes_supported, &c->nscopes_supported,
	        &c->has_scopes_supported, 0, err, "scopesSupported must contain valid OAuth scope tokens",
	        "scopesSupported must not contain duplicate values") ||
	    scopes(get(o, "requiredScopes"), &c->required_scopes, &c->nrequired_scopes,
	        &c->has_required_scopes, 1, err,
	        "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens", NULL))
		return -1;
	if (p->resource_binding == OC_PROFILE_BIND_CONFIGURED && resource_metadata(c, rm, err))
		return -1;

	if (c->profile->routes_under_resource && oc_config_routes_check(c, err))
		return -1;

	c->allow_plain_pkce = cJSON_IsTrue(get(o, "allowPlainPKCE"));
	c->allow_implicit_flow = cJSON_IsTrue(get(o, "allowImplicitFlow"));
	c->allow_private_use_redirect_uris = cJSON_IsTrue(get(o, "allowPrivateUseRedirectUris"));
	c->disallow_public_client_registration = cJSON_IsTrue(get(o, "disallowPublicClientRegistration"));
	c->has_on_error = cJSON_IsTrue(get(o, "hasOnError"));
	c->has_registration_callback = cJSON_IsTrue(get(o, "hasClientRegistrationCallback"));
	return 0;
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
	if (cfg == NULL || parse(cfg, o, err) != 0) {
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
	free_endpoint(&c->token_endpoint);
	free_endpoint(&c->authorize_endpoint);
	free_endpoint(&c->registration_endpoint);
	free_list(c->scopes_supported, c->nscopes_supported);
	free_list(c->required_scopes, c->nrequired_scopes);
	free(c->resource);
	free(c->resource_metadata_json);
	free(c);
}
