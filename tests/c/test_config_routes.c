/*
 * API routes of the options (config/oc_config_routes.c): the reference's
 * messages for a malformed route, and the 1.x rule that every route lies
 * under resourceMetadata.resource (observed on 1.2.3).
 */
#include "oc_test.h"
#include "config/oc_config.h"
#include <stdlib.h>

#define ENDPOINTS "\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\""
#define NOT_COVERED(route, res, origin) "API route " route " is not covered by resourceMetadata.resource " res \
	". Protected routes must be the canonical resource path or a descendant of it; use " origin \
	" as the resource to cover every path on that origin."
#define MISSES_QUERY(route, res) "API route " route " is not covered by resourceMetadata.resource " res \
	". An absolute protected route must carry the resource's query parameters."
#define OFF_ORIGIN(route, res) "API route " route " is not covered by resourceMetadata.resource " res \
	". An absolute protected route must be on the resource's origin."

/* The options with resource res and routes (apiRoute JSON, or apiHandlers keys when keys). */
static oc_config *with_routes(const char *res, const char *routes, int keys, const char **err)
{
	char json[1024];
	int n = snprintf(json, sizeof json, "{" ENDPOINTS ",%s%s%s\"resourceMetadata\":{\"resource\":\"%s\"}}",
		keys ? "\"apiHandlerRoutes\":" : "\"hasApiHandler\":true,\"apiRoute\":", routes, ",", res);
	*err = NULL;
	return oc_config_new(json, (size_t)n, err);
}

OC_TEST(config_routes_under_the_resource)
{
	static const struct { const char *res, *routes; int keys; } ok[] = {
		{ "https://example.com/api", "\"/api\"", 0 },
		{ "https://example.com/api", "[\"/api/\",\"/api/v1/\",\"/api//\"]", 0 },
		{ "https://example.com/api", "[\"/api/?x=1\",\"/api/../other/\",\"/api/%2e%2e/other/\"]", 0 },
		{ "https://example.com/api", "[\"https://example.com/api/\",\"https://EXAMPLE.com/api/\"]", 0 },
		{ "https://example.com/api", "[\"https://example.com:443/api/\",\"https://example.com/api?x=1\"]", 0 },
		{ "https://example.com/api", "[\"https://example.com/other/../api/\",\"https://example.com/%2E%2e/api/\"]", 0 },
		{ "https://example.com/api", "[\"https://example.com/api\\\\x\"]", 0 },
		{ "https://example.com", "[\"/api/\",\"/other/\"]", 0 },
		{ "https://example.com/", "[\"/api/\",\"/other/\"]", 0 },
		{ "https://example.com/api?x=1", "[\"/api/\",\"/api?x=2\",\"https://example.com/api\"]", 0 },
		{ "https://example.com/api", "[\"/api?x\",\"https://example.com/api?x=1\"]", 0 },
		{ "https://example.com/api?x=1", "[\"https://example.com/api?x=1&y=2\",\"https://example.com/api/v?y=2&x=1\"]", 0 },
		{ "https://example.com/api?x=1", "[\"https://example.com/api?x=1&x=2\",\"https://example.com/api?X=2\"]", 0 },
		{ "https://example.com/api?x=1&x=2", "[\"https://example.com/api?x=2&x=1\"]", 0 },
		{ "https://example.com/api?x=a%20b", "[\"https://example.com/api?x=a+b\"]", 0 },
		{ "https://example.com/api?x=%31", "[\"https://example.com/api?x=1#f\"]", 0 },
		{ "https://example.com/api?x=", "[\"https://example.com/api?x\"]", 0 },
		{ "http://localhost:8787/api", "[\"http://localhost:8787/api/\",\"/api/x\"]", 0 },
		{ "https://example.com/api", "[\"/api/a/\",\"/api/b/\"]", 1 },
		{ "https://example.com/api", "[]", 0 },
	};
	const char *err;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		oc_config *c = with_routes(ok[i].res, ok[i].routes, ok[i].keys, &err);
		CHECK(c != NULL);
		if (c == NULL)
			fprintf(stderr, "  case %zu: %s\n", i, err ? err : "?");
		oc_config_free(c);
	}

	static const struct { const char *res, *routes; int keys; const char *msg; } bad[] = {
		{ "https://example.com/api", "[\"/api/\",\"/other/\"]", 0,
		  NOT_COVERED("/other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "\"/other/\"", 0,
		  NOT_COVERED("/other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"/apix/\"]", 0,
		  NOT_COVERED("/apix/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"/\"]", 0, NOT_COVERED("/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"/API/\"]", 0,
		  NOT_COVERED("/API/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"/api%2F/\"]", 0,
		  NOT_COVERED("/api%2F/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"/api#x\"]", 0,
		  NOT_COVERED("/api#x", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api/", "\"/api\"", 0,
		  NOT_COVERED("/api", "https://example.com/api/", "https://example.com") },
		{ "https://example.com/api?x=1", "[\"/other/\"]", 0,
		  NOT_COVERED("/other/", "https://example.com/api?x=1", "https://example.com") },
		{ "https://example.com:8443/api", "[\"/other/\"]", 0,
		  NOT_COVERED("/other/", "https://example.com:8443/api", "https://example.com:8443") },
		{ "http://localhost:8787/api", "[\"/other/\"]", 0,
		  NOT_COVERED("/other/", "http://localhost:8787/api", "http://localhost:8787") },
		{ "https://example.com/api", "[\"https://example.com/other/\"]", 0,
		  NOT_COVERED("https://example.com/other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com\"]", 0,
		  NOT_COVERED("https://example.com", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com/apiv2\"]", 0,
		  NOT_COVERED("https://example.com/apiv2", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com/api/../other/\"]", 0,
		  NOT_COVERED("https://example.com/api/../other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com/api/%2e%2e/other/\"]", 0,
		  NOT_COVERED("https://example.com/api/%2e%2e/other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com/a%70i/\"]", 0,
		  NOT_COVERED("https://example.com/a%70i/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://other.example/api/\"]", 0,
		  OFF_ORIGIN("https://other.example/api/", "https://example.com/api") },
		{ "https://example.com/api", "[\"http://example.com/api/\"]", 0,
		  OFF_ORIGIN("http://example.com/api/", "https://example.com/api") },
		{ "https://example.com:8443/api", "[\"https://example.com/api/\"]", 0,
		  OFF_ORIGIN("https://example.com/api/", "https://example.com:8443/api") },
		{ "http://localhost:8787/api", "[\"http://127.0.0.1:8787/api/\"]", 0,
		  OFF_ORIGIN("http://127.0.0.1:8787/api/", "http://localhost:8787/api") },
		/* a full URL must carry the resource's query parameters (checked after the origin) */
		{ "https://example.com/api?x=1", "[\"https://example.com/api?x=2\"]", 0,
		  MISSES_QUERY("https://example.com/api?x=2", "https://example.com/api?x=1") },
		{ "https://example.com/api?x=1&x=2", "[\"https://example.com/api?x=1\"]", 0,
		  MISSES_QUERY("https://example.com/api?x=1", "https://example.com/api?x=1&x=2") },
		{ "https://example.com/api?x=1", "[\"https://example.com/other?x=2\"]", 0,
		  MISSES_QUERY("https://example.com/other?x=2", "https://example.com/api?x=1") },
		{ "https://example.com/api?x=1", "[\"https://other.example/api?x=2\"]", 0,
		  OFF_ORIGIN("https://other.example/api?x=2", "https://example.com/api?x=1") },
		{ "https://example.com/api", "[\"/other?/api\"]", 0,
		  NOT_COVERED("/other?/api", "https://example.com/api", "https://example.com") },
		/* the first route not covered is named */
		{ "https://example.com/api", "[\"/api/\",\"/other/\",\"https://x.example/api/\"]", 0,
		  NOT_COVERED("/other/", "https://example.com/api", "https://example.com") },
		/* apiHandlers keys too */
		{ "https://example.com/api", "[\"/api/\",\"/other/\"]", 1,
		  NOT_COVERED("/other/", "https://example.com/api", "https://example.com") },
		{ "https://example.com/api", "[\"https://example.com/other/\"]", 1,
		  NOT_COVERED("https://example.com/other/", "https://example.com/api", "https://example.com") },
		/* malformed routes, named as the reference names them */
		{ "https://example.com/api", "\"api/\"", 0, "apiRoute must be either an absolute path starting with / or a valid URL" },
		{ "https://example.com/api", "[\"/api/\",\"api/\"]", 0,
		  "apiRoute[1] must be either an absolute path starting with / or a valid URL" },
		{ "https://example.com/api", "[\"\"]", 0, "apiRoute[0] must be either an absolute path starting with / or a valid URL" },
		{ "https://example.com/api", "[\"/api/\",\"x\"]", 1,
		  "apiHandlers key: x must be either an absolute path starting with / or a valid URL" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		oc_config *c = with_routes(bad[i].res, bad[i].routes, bad[i].keys, &err);
		CHECK(c == NULL && err != NULL && strcmp(err, bad[i].msg) == 0);
		if (c != NULL || err == NULL || strcmp(err, bad[i].msg) != 0)
			fprintf(stderr, "  case %zu: %s\n", i, c ? "(accepted)" : err ? err : "?");
		oc_config_free(c);
	}

	/* 0.10.x (no resource): any route */
	static const char legacy[] = "{\"generation\":\"0.10\"," ENDPOINTS ",\"hasApiHandler\":true,\"apiRoute\":[\"/api/\",\"/other/\"]}";
	oc_config *c = oc_config_new(legacy, sizeof legacy - 1, &err);
	CHECK(c != NULL);
	oc_config_free(c);
}

OC_TEST(config_routes_full_url_path_normalised)
{
	const char *err;
	oc_config *c = with_routes("https://example.com/api",
		"[\"https://example.com/other/../api/\",\"https://example.com/api\\\\v1\",\"/api/../x/\"]", 0, &err);
	REQUIRE(c != NULL);
	CHECK_STR(c->routes[0].path, "/api/");
	CHECK_STR(c->routes[1].path, "/api/v1");
	CHECK_STR(c->routes[2].path, "/api/../x/"); /* a path route is kept as written */
	CHECK_STR(c->routes[0].text, "https://example.com/other/../api/");
	oc_config_free(c);
}
