/*
 * Provider options: any bytes either build a config that keeps the promises
 * of oc_config.h or fail with a message; LeakSanitizer checks that both paths
 * free everything.
 */
#include "config/oc_config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check_url(const oc_url *u, const char *text)
{
	size_t n = strlen(text);
	ENSURE(u->origin.p == text && u->origin.n <= n && u->host.n > 0);
	ENSURE(u->path.p >= text && u->path.p + u->path.n <= text + n);
}

static void check_endpoint(const oc_endpoint *e)
{
	ENSURE(e->text != NULL && e->path != NULL && e->path[0] == '/');
	if (e->full_url)
		check_url(&e->url, e->text);
	else
		ENSURE(strncmp(e->text, e->path, strlen(e->path)) == 0);
}

static void check_list(char **v, size_t n, int has)
{
	ENSURE(n == 0 || (has && v != NULL));
	for (size_t i = 0; i < n; i++)
		ENSURE(v[i] != NULL && v[i][0] != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL;
	oc_config *c = oc_config_new((const char *)data, size, &err);
	if (c == NULL) {
		ENSURE(err != NULL && err[0] != 0);
		return 0;
	}
	ENSURE((c->nroutes > 0) == (c->routes != NULL));
	for (size_t i = 0; i < c->nroutes; i++) {
		const oc_route *r = &c->routes[i];
		ENSURE(r->text != NULL && r->path != NULL && r->path[0] == '/' && r->handler >= 0);
		if (r->full_url)
			check_url(&r->url, r->text);
	}
	check_endpoint(&c->token_endpoint);
	check_endpoint(&c->authorize_endpoint);
	/* 0.10.x refuses endpoints that collide; 1.x accepts them, as 1.2.3 does */
	if (c->profile->options == OC_PROFILE_OPTIONS_0_10)
		ENSURE(strcmp(c->token_endpoint.path, c->authorize_endpoint.path) != 0);
	if (c->has_registration_endpoint)
		check_endpoint(&c->registration_endpoint);
	else
		ENSURE(c->registration_endpoint.text == NULL && c->registration_endpoint.path == NULL);
	check_list(c->scopes_supported, c->nscopes_supported, c->has_scopes_supported);
	check_list(c->required_scopes, c->nrequired_scopes, c->has_required_scopes);
	ENSURE(c->profile == &oc_profile_1x || c->profile == &oc_profile_0_10);
	if (c->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED) {
		ENSURE(c->resource != NULL && c->resource_metadata_json != NULL);
		check_url(&c->resource_url, c->resource);
		ENSURE(oc_url_is_secure(&c->resource_url) && !c->resource_url.has_fragment);
		ENSURE(c->access_token_ttl >= 60);
	} else {
		ENSURE(c->resource == NULL && c->access_token_ttl >= 1);
	}
	if (c->has_refresh_token_ttl && c->refresh_token_ttl)
		ENSURE(c->refresh_token_ttl >= 60);
	ENSURE(c->refresh_token_idle_ttl == 0 || c->refresh_token_idle_ttl >= 60);
	oc_config_free(c);
	return 0;
}
