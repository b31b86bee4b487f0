/* OAuthAuthorizationServer's own options (see oc_config_as.h). */
#include "config/oc_config_as.h"
#include "config/oc_config_resource.h"
#include "config/oc_config_routes.h"
#include "oauth/oc_resource.h"
#include <stdlib.h>
#include <string.h>

#define AS_WELL_KNOWN "/.well-known/oauth-authorization-server"

int oc_config_as_is(const cJSON *o)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "role");
	return cJSON_IsString(r) && strcmp(r->valuestring, "authorizationServer") == 0;
}

int oc_config_as_issuer(oc_config *c, const cJSON *issuer, const char **err)
{
	const char *s = cJSON_GetStringValue(issuer);
	int ok, ns, parses = s != NULL ? oc_config_url_parses(s) : 0;
	oc_url u;
	if (parses < 0)
		return *err = NULL, -1;
	if (!parses)
		return *err = "authorizationServer.issuer must be a canonical absolute HTTPS URL", -1;
	if (oc_config_rs_url(s, 1, &ok, &ns))
		return *err = NULL, -1;
	/* 1.2.3 refuses an empty query too (URL.search is "" then, but the href keeps the '?') */
	if (!ok || strchr(s, '?') != NULL || oc_url_parse(&u, s, strlen(s)) != 0)
		return *err = "authorizationServer.issuer must be a canonical absolute HTTPS URL (http is accepted only on a loopback host)", -1;
	size_t pn = u.path.n;
	while (pn > 0 && u.path.p[pn - 1] == '/')
		pn--;
	c->issuer = oc_config_strdup(s);
	c->as_metadata_path = malloc(sizeof AS_WELL_KNOWN + pn);
	if (c->issuer == NULL || c->as_metadata_path == NULL || oc_url_parse(&c->issuer_url, c->issuer, strlen(s)) != 0)
		return *err = NULL, -1;
	memcpy(c->as_metadata_path, AS_WELL_KNOWN, sizeof AS_WELL_KNOWN - 1);
	memcpy(c->as_metadata_path + sizeof AS_WELL_KNOWN - 1, u.path.p, pn);
	c->as_metadata_path[sizeof AS_WELL_KNOWN - 1 + pn] = 0;
	return 0;
}

char *oc_config_as_default_endpoint(const oc_config *c, const char *path)
{
	size_t n = strlen(c->issuer), k = strlen(path);
	while (n > 0 && c->issuer[n - 1] == '/')
		n--;
	char *s = malloc(n + k + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, c->issuer, n);
	memcpy(s + n, path, k + 1);
	return s;
}

int oc_config_as_resources(const cJSON *resources, const char **err)
{
	const cJSON *e, *f;
	int ok = cJSON_IsArray(resources) && cJSON_GetArraySize(resources) > 0;
	if (ok)
		cJSON_ArrayForEach(e, resources)
			ok = ok && cJSON_IsString(e);
	if (!ok)
		return *err = "resources must list at least one canonical protected resource identifier", -1;
	cJSON_ArrayForEach(e, resources)
		for (f = resources->child; f != e; f = f->next)
			if (oc_resource_matches(f->valuestring, strlen(f->valuestring), e->valuestring)) {
				const char *parts[] = { "resources must be unique; duplicate ", e->valuestring, NULL };
				*err = oc_config_say(parts);
				return -1;
			}
	return 0;
}

int oc_config_as_is_metadata_url(const oc_config *c, const oc_url *u)
{
	oc_slice p = u->path;
	if (p.n == 0)
		p = (oc_slice){ "/", 1 };
	return oc_url_same_origin(u, &c->issuer_url) && oc_slice_eq(p, c->as_metadata_path);
}

/* The endpoint's URL (its text is a full URL in this role: oc_config.c). */
static int same(const oc_endpoint *a, const oc_endpoint *b)
{
	return oc_url_same_origin(&a->url, &b->url) && strcmp(a->path, b->path) == 0;
}

int oc_config_as_isolation(const oc_config *c, const char **err)
{
	const oc_endpoint *t = &c->token_endpoint, *a = &c->authorize_endpoint, *r = &c->registration_endpoint;
	if (oc_config_as_is_metadata_url(c, &t->url))
		return *err = "tokenEndpoint must not collide with the authorization server metadata endpoint", -1;
	if (oc_config_as_is_metadata_url(c, &a->url))
		return *err = "authorizeEndpoint must not collide with the authorization server metadata endpoint", -1;
	if (same(a, t))
		return *err = "authorizeEndpoint must not collide with tokenEndpoint", -1;
	if (!c->has_registration_endpoint)
		return 0;
	if (same(a, r))
		return *err = "authorizeEndpoint must not collide with clientRegistrationEndpoint", -1;
	if (same(r, t))
		return *err = "clientRegistrationEndpoint must not collide with tokenEndpoint", -1;
	if (oc_config_as_is_metadata_url(c, &r->url))
		return *err = "clientRegistrationEndpoint must not collide with the authorization server metadata endpoint", -1;
	return 0;
}
