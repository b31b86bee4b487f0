/*
 * A request on an API route always meets the bearer check (oc_flow_dispatch.c,
 * oc_flow_bearer.c): however long or odd its URL, it is never handed to a
 * handler around the check.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include <stdlib.h>

static const char *kind(const tresp *r)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "t"));
	return t ? t : "";
}

/* base followed by n copies of c (malloc'd). */
static char *padded(const char *base, char c, size_t n)
{
	size_t b = strlen(base);
	char *s = malloc(b + n + 1);
	memcpy(s, base, b);
	memset(s + b, c, n);
	s[b + n] = 0;
	return s;
}

static char *bearer(const char *tok)
{
	char *h = malloc(strlen(tok) + 8);
	sprintf(h, "Bearer %s", tok);
	return h;
}

OC_TEST(bearer_route_long_url_meets_the_check)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	char *tok = tfx_access_token(&f, "user1", "gLong00000000000");
	REQUIRE(tok != NULL);
	char *h = bearer(tok), *query = padded("https://example.com/api/secret?x=", 'a', 9000);
	char *path = padded("https://example.com/api/", 'a', 20000);

	/* no token: the 401 challenge, not the default handler */
	tresp r = tfx_request(&f, "GET", query, NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	CHECK_STR(kind(&r), "response");
	CHECK(tresp_header(&r, "WWW-Authenticate") != NULL);
	tresp_free(&r);
	/* a bad token: invalid_token */
	r = tfx_request(&f, "GET", query, "Bearer user1:gLong00000000000:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		NULL, NULL, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_token: Invalid access token");
	tresp_free(&r);
	/* a valid token: the API handler, as for a short URL */
	r = tfx_request(&f, "GET", query, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	r = tfx_request(&f, "GET", path, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	/* a long URL elsewhere still goes to the default handler */
	char *other = padded("https://example.com/page?x=", 'a', 9000);
	r = tfx_request(&f, "GET", other, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "default");
	tresp_free(&r);
	free(other); free(query); free(path); free(h); free(tok);
	tfx_free(&f);
}

OC_TEST(bearer_route_unreadable_request_is_refused)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	/* URLs no runtime serialises: refused, never passed to a handler */
	const char *urls[] = { "", "/api/x", "example.com/api/x", "https://user@example.com/api/x",
		"https://example.com:99999/api/x", "https:///api/x", "https://example.com/api/\x01" };
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		tresp r = tfx_request(&f, "GET", urls[i], "Bearer a:b:c", NULL, NULL, NULL);
		CHECK_STR(tresp_err(&r), "400 invalid_request: Invalid request URL");
		CHECK_STR(kind(&r), "response");
		tresp_free(&r);
	}
	/* a host the runtime accepts but OAuth parameters would not: judged by its path */
	tresp r = tfx_request(&f, "GET", "https://a!b.example/api/x", NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	tresp_free(&r);
	tfx_free(&f);
}

/* A fixture whose options are json (the token endpoint at /token). */
static void with_options(tfx *f, const char *json)
{
	const char *err;
	tfx_init(f, "");
	oc_config_free(f->cfg);
	f->cfg = oc_config_new(json, strlen(json), &err);
	if (f->cfg == NULL)
		fprintf(stderr, "config: %s\n", err);
}

#define OPTS(route, res) "{\"apiRoute\":\"" route "\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\"," \
	"\"authorizeEndpoint\":\"/authorize\",\"resourceMetadata\":{\"resource\":\"" res "\"},\"requiredScopes\":[\"read\"]}"

/* 1.x: a route covers the paths below it at a segment boundary, as the reference routes. */
OC_TEST(bearer_route_segment_boundary)
{
	tfx f;
	with_options(&f, OPTS("/api", "https://example.com/api"));
	REQUIRE(f.cfg != NULL);
	char *tok = tfx_access_token(&f, "user1", "gSeg000000000000");
	REQUIRE(tok != NULL);
	char *h = bearer(tok);
	static const struct { const char *path, *kind; } cases[] = {
		{ "/api", "api" }, { "/api/", "api" }, { "/api/x", "api" },
		{ "/apix", "default" }, { "/apix/y", "default" }, { "/api2/x", "default" },
		{ "/api%2Fx", "default" }, { "/API/x", "default" }, { "/other/x", "default" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char url[128];
		snprintf(url, sizeof url, "https://example.com%s", cases[i].path);
		tresp r = tfx_request(&f, "GET", url, h, NULL, NULL, NULL);
		CHECK_STR(kind(&r), cases[i].kind);
		if (strcmp(kind(&r), cases[i].kind) != 0)
			fprintf(stderr, "  %s: %s\n", cases[i].path, kind(&r));
		tresp_free(&r);
	}
	/* without a token too: /apix is not an API path */
	tresp r = tfx_request(&f, "GET", "https://example.com/apix", NULL, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "default");
	tresp_free(&r);
	free(h); free(tok);
	tfx_free(&f);

	/* 0.10.x keeps the plain prefix */
	static const char legacy[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api\",\"hasApiHandler\":true}";
	with_options(&f, legacy);
	REQUIRE(f.cfg != NULL);
	r = tfx_request(&f, "GET", "https://example.com/apix", NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	tresp_free(&r);
	tfx_free(&f);
}

/* 1.x: the path route "/" covers "/" alone; a full-URL route on "/" covers the whole origin (R-ROUTE-03). */
OC_TEST(bearer_route_root_path_alone)
{
	tfx f;
	with_options(&f, OPTS("/", "https://example.com"));
	REQUIRE(f.cfg != NULL);
	char *tok = tfx_access_token(&f, "user1", "gRoot00000000000");
	REQUIRE(tok != NULL);
	char *h = bearer(tok);
	static const struct { const char *url, *kind; } cases[] = {
		{ "https://example.com/", "api" }, { "https://example.com", "api" }, { "https://example.com/?x=1", "api" },
		{ "https://example.com/foo", "default" }, { "https://example.com//", "default" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tresp r = tfx_request(&f, "GET", cases[i].url, h, NULL, NULL, NULL);
		CHECK_STR(kind(&r), cases[i].kind);
		if (strcmp(kind(&r), cases[i].kind) != 0)
			fprintf(stderr, "  %s: %s\n", cases[i].url, kind(&r));
		tresp_free(&r);
	}
	/* without a token: "/" meets the check, "/foo" is the default handler's */
	tresp r = tfx_request(&f, "GET", "https://example.com/", NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/foo", NULL, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "default");
	tresp_free(&r);
	tfx_free(&f);
	free(h); free(tok);

	/* the full URL of the origin's root covers every path */
	with_options(&f, OPTS("https://example.com/", "https://example.com"));
	REQUIRE(f.cfg != NULL);
	tok = tfx_access_token(&f, "user1", "gRoot00000000001");
	REQUIRE(tok != NULL);
	h = bearer(tok);
	r = tfx_request(&f, "GET", "https://example.com/foo", h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	tfx_free(&f);
	free(h); free(tok);

	/* 0.10.x keeps the plain prefix: "/" covers every path */
	static const char legacy[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/\",\"hasApiHandler\":true}";
	with_options(&f, legacy);
	REQUIRE(f.cfg != NULL);
	r = tfx_request(&f, "GET", "https://example.com/foo", NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	tresp_free(&r);
	tfx_free(&f);
}

/* 1.x: the request must fall under the token's resource (origin and path). */
OC_TEST(bearer_route_request_under_the_resource)
{
	tfx f;
	with_options(&f, OPTS("/api/", "https://example.com/api/"));
	REQUIRE(f.cfg != NULL);
	char *tok = tfx_access_token(&f, "user1", "gRes000000000000");
	REQUIRE(tok != NULL);
	char *h = bearer(tok);
	tresp r = tfx_request(&f, "GET", "https://example.com/api/x", h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	/* "/api" is on the route "/api/", but not under the resource ".../api/" */
	r = tfx_request(&f, "GET", "https://example.com/api", h, NULL, NULL, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_token: Token audience does not match resource server");
	const char *wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", error=\"invalid_token\", scope=\"read\", "
		"error_description=\"Invalid audience\"") == 0);
	tresp_free(&r);
	/* a token that is not valid is refused as such first; outside the
	 * resource, no challenge names the resource's metadata */
	r = tfx_request(&f, "GET", "https://example.com/api", "Bearer user1:gRes000000000000:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		NULL, NULL, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_token: Invalid access token");
	wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", error=\"invalid_token\", scope=\"read\"") == 0);
	tresp_free(&r);
	static const char *const outside[] = { "https://example.com/api", "https://other.example/api/x" };
	for (size_t i = 0; i < 2; i++) {
		r = tfx_request(&f, "GET", outside[i], NULL, NULL, NULL, NULL);
		wa = tresp_header(&r, "WWW-Authenticate");
		CHECK(r.status == 401 && wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", scope=\"read\"") == 0);
		tresp_free(&r);
	}
	r = tfx_request(&f, "GET", "https://example.com/api/x", NULL, NULL, NULL, NULL);
	wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", resource_metadata=\"https://example.com/"
		".well-known/oauth-protected-resource/api/\", scope=\"read\"") == 0);
	tresp_free(&r);
	free(h); free(tok);
	tfx_free(&f);
}

/* 1.x: a request falls under a resource with a query only when it carries that query. */
OC_TEST(bearer_route_request_carries_the_resource_query)
{
	tfx f;
	with_options(&f, OPTS("/api/", "https://example.com/api?x=1"));
	REQUIRE(f.cfg != NULL);
	char *tok = tfx_access_token(&f, "user1", "gQry000000000000");
	REQUIRE(tok != NULL);
	char *h = bearer(tok);
	static const struct { const char *url; int ok; } cases[] = {
		{ "https://example.com/api/data?x=1", 1 }, { "https://example.com/api/data?y=2&x=1", 1 },
		{ "https://example.com/api/data?x=2&x=1", 1 }, { "https://example.com/api/data?x=%31", 1 },
		{ "https://example.com/api/data", 0 }, { "https://example.com/api/data?x=2", 0 },
		{ "https://example.com/api/data?X=1", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tresp r = tfx_request(&f, "GET", cases[i].url, h, NULL, NULL, NULL);
		if (cases[i].ok)
			CHECK_STR(kind(&r), "api");
		else
			CHECK_STR(tresp_err(&r), "401 invalid_token: Token audience does not match resource server");
		tresp_free(&r);
	}
	/* and only such a request's challenge names the metadata */
	tresp r = tfx_request(&f, "GET", "https://example.com/api/data", NULL, NULL, NULL, NULL);
	const char *wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strstr(wa, "resource_metadata") == NULL);
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/api/data?x=1", NULL, NULL, NULL, NULL);
	wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strstr(wa, "resource_metadata=\"https://example.com/.well-known/"
		"oauth-protected-resource/api?x=1\"") != NULL);
	tresp_free(&r);
	free(h); free(tok);
	tfx_free(&f);
}
