/*
 * oc_resource: the resource parameter's two readings (authorization request,
 * token endpoint), against a 1.x and a 0.10.x configuration.
 */
#include "oc_test.h"
#include "oauth/oc_resource.h"

static oc_config *config(const char *json)
{
	const char *err;
	return oc_config_new(json, strlen(json), &err);
}

#define V1 "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\"," \
	"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}}"
#define V0 "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true}"

/* Both readings of r[0..n) under cfg. */
static int auth_ok(const oc_config *cfg, const char *r) { return oc_resource_ok(cfg, r); }
static int token_ok(const oc_config *cfg, const char *r) { return oc_resource_token_ok(cfg, r, strlen(r)); }

OC_TEST(resource_v1)
{
	oc_config *c = config(V1);
	REQUIRE(c != NULL);
	/* where the readings agree */
	static const char *const yes[] = { "https://example.com/api", "HTTPS://EXAMPLE.COM/api" };
	static const char *const no[] = {
		"https://example.com/api/", "https://example.com/API", "https://example.com/api/sub",
		"https://other.example/api", "https://example.com/api#f", "http://example.com/api",
		"https://example.com:8443/api", "nonsense", "", "https://example.com",
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		CHECK(auth_ok(c, yes[i]) && token_ok(c, yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		CHECK(!auth_ok(c, no[i]));
		CHECK(!token_ok(c, no[i]));
	}
	/* where they differ: the authorization request compares origin and path,
	 * the token endpoint the string */
	CHECK(auth_ok(c, "https://example.com:443/api") && !token_ok(c, "https://example.com:443/api"));
	CHECK(auth_ok(c, "https://example.com/api?x=1") && !token_ok(c, "https://example.com/api?x=1"));
	/* a NUL byte in a token request's value does not end it */
	CHECK(!oc_resource_token_ok(c, "https://example.com/api\0", 24));
	CHECK(oc_resource_token_ok(c, "https://example.com/api\0", 23));
	oc_config_free(c);
}

OC_TEST(resource_v0)
{
	oc_config *c = config(V0);
	REQUIRE(c != NULL);
	static const char *const yes[] = { "https://example.com/api", "https://other.example/x?y=1", "http://a.b:80" };
	static const char *const no[] = { "https://example.com/api#f", "nonsense", "", "://x", "/api" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		CHECK(auth_ok(c, yes[i]) && token_ok(c, yes[i]));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		CHECK(!auth_ok(c, no[i]));
		CHECK(!token_ok(c, no[i]));
	}
	/* where they differ: the token endpoint only wants "scheme://" */
	CHECK(!auth_ok(c, "a://") && token_ok(c, "a://"));
	CHECK(!auth_ok(c, "https://u@example.com/") && token_ok(c, "https://u@example.com/"));
	oc_config_free(c);
}

/* A stored audience or grant resource against the configured one, as the reference 1.2.3 compares them. */
OC_TEST(resource_matches)
{
	static const struct { const char *v, *want; int match; } cases[] = {
		{ "https://example.com/api", "https://example.com/api", 1 },
		{ "HTTPS://EXAMPLE.COM/api", "https://example.com/api", 1 },
		{ "https://example.com/API", "https://example.com/api", 0 },
		{ "https://example.com/api/", "https://example.com/api", 0 },
		/* an empty path is "/" */
		{ "https://example.com", "https://example.com/", 1 },
		{ "https://example.com/", "https://example.com", 1 },
		{ "https://example.com?a=1", "https://example.com/?a=1", 1 },
		{ "https://example.com#f", "https://example.com/#f", 1 },
		{ "https://example.com?a=1", "https://example.com/?A=1", 0 },
		/* userinfo and port are compared as they are */
		{ "https://U@example.com/", "https://u@example.com/", 0 },
		{ "https://u@EXAMPLE.com/", "https://u@example.com/", 1 },
		{ "https://a@b@EXAMPLE.com/", "https://a@b@example.com/", 1 },
		{ "https://example.com:443/", "https://example.com/", 0 },
		{ "https://EXAMPLE.com:8443/x", "https://example.com:8443/x", 1 },
		{ "https://[::1]:8443/x", "https://[::1]:8443/x", 1 },
		{ "https://[::1", "https://[::1", 0 },
		/* no "scheme://" */
		{ "example.com/api", "example.com/api", 0 },
		{ "://example.com", "://example.com", 0 },
		{ "", "https://example.com/", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = oc_resource_matches(cases[i].v, strlen(cases[i].v), cases[i].want);
		CHECK(got == cases[i].match);
		if (got != cases[i].match)
			fprintf(stderr, "  case %zu: %s vs %s\n", i, cases[i].v, cases[i].want);
	}
	/* lengths are honoured: no NUL needed after v */
	CHECK(oc_resource_matches("https://example.com/apiXYZ", 23, "https://example.com/api"));
}

/* 0.10.4's audienceMatches: does an audience serve the request URL. */
OC_TEST(resource_audience_serves)
{
	static const struct { const char *req, *aud; int serves; } cases[] = {
		{ "https://example.com/api/data", "https://example.com/api", 1 },
		{ "https://example.com/api", "https://example.com/api", 1 },
		{ "https://example.com/apix", "https://example.com/api", 0 },
		{ "https://example.com/sse", "https://example.com/api", 0 },
		/* a path ending in '/' serves itself and what follows a second '/' only */
		{ "https://example.com/api/data", "https://example.com/api/", 0 },
		{ "https://example.com/api/", "https://example.com/api/", 1 },
		{ "https://example.com/api//x", "https://example.com/api/", 1 },
		/* the root, or none, serves every path */
		{ "https://example.com/any/where", "https://example.com", 1 },
		{ "https://example.com/any/where", "https://example.com/", 1 },
		/* the origin as new URL serialises it */
		{ "https://example.com/api/x", "HTTPS://EXAMPLE.COM:443/api", 1 },
		{ "https://example.com/api/x", "https://example.com:8443/api", 0 },
		{ "https://example.com/api/x", "http://example.com/api", 0 },
		{ "https://example.com/api/x", "https://other.example/api", 0 },
		{ "https://example.com/api/x", "https://u:p@example.com/api", 1 },
		/* dot segments resolved */
		{ "https://example.com/api/x", "https://example.com/v/../api", 1 },
		/* a query of the audience must be the request's, exactly; "?" alone is none */
		{ "https://example.com/api?a=1", "https://example.com/api?a=1", 1 },
		{ "https://example.com/api?a=1&b=2", "https://example.com/api?a=1", 0 },
		{ "https://example.com/api", "https://example.com/api?a=1", 0 },
		{ "https://example.com/api?x", "https://example.com/api?", 1 },
		{ "https://example.com/api?x", "https://example.com/api", 1 },
		/* the fragment is not compared */
		{ "https://example.com/api", "https://example.com/api#f", 1 },
		/* not URLs, opaque origins */
		{ "https://example.com/api", "", 0 },
		{ "https://example.com/api", "api", 0 },
		{ "https://example.com/api", "urn:example:api", 0 },
		{ "https://example.com/api", "file:///api", 0 },
	};
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = oc_resource_audience_serves(a, cases[i].req, strlen(cases[i].req), cases[i].aud, strlen(cases[i].aud));
		CHECK(got == cases[i].serves);
		if (got != cases[i].serves)
			fprintf(stderr, "  case %zu: %s by %s: %d\n", i, cases[i].req, cases[i].aud, got);
	}
	oc_arena_free(a);
}

/* 0.10.4's isExactResource, and when a configured resource pins (0.10.x only). */
OC_TEST(resource_pinned_exactly)
{
	char *one[] = { "https://example.com/api" }, *two[] = { "https://example.com/api", "https://example.com/api" };
	char *upper[] = { "HTTPS://EXAMPLE.COM/api" };
	oc_kv_strs s = { OC_KV_STRING, { one, 1 } }, a1 = { OC_KV_ARRAY, { one, 1 } }, a2 = { OC_KV_ARRAY, { two, 2 } };
	oc_kv_strs up = { OC_KV_STRING, { upper, 1 } }, none = { OC_KV_ABSENT, { NULL, 0 } };
	CHECK(oc_resource_exactly(&s, "https://example.com/api") && oc_resource_exactly(&a1, "https://example.com/api"));
	CHECK(!oc_resource_exactly(&a2, "https://example.com/api") && !oc_resource_exactly(&up, "https://example.com/api"));
	CHECK(!oc_resource_exactly(&none, "https://example.com/api") && !oc_resource_exactly(&s, "https://example.com/api/"));
	cJSON *j = cJSON_Parse("[\"https://example.com/api\"]");
	CHECK(oc_resource_exactly_json(j, "https://example.com/api") && !oc_resource_exactly_json(NULL, "https://example.com/api"));
	cJSON_Delete(j);
	j = cJSON_Parse("[\"https://example.com/api\",\"https://example.com/api\"]");
	CHECK(!oc_resource_exactly_json(j, "https://example.com/api"));
	cJSON_Delete(j);

	static const char v010[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\","
		"\"hasApiHandler\":true,\"resourceMetadata\":{\"resource\":\"HTTPS://Example.com/api\"}}";
	static const char v010_none[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\","
		"\"hasApiHandler\":true,\"resourceMetadata\":{\"scopes_supported\":[\"read\"]}}";
	static const char v1[] = "{\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,"
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}}";
	const char *err;
	oc_config *c = oc_config_new(v010, sizeof v010 - 1, &err);
	REQUIRE(c != NULL);
	/* kept as given: compared byte for byte */
	CHECK(oc_resource_pinned(c) && strcmp(c->resource, "HTTPS://Example.com/api") == 0);
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	CHECK_STR(oc_resource_pin_refused(a, c), "The resource parameter must exactly match HTTPS://Example.com/api");
	oc_arena_free(a);
	oc_config_free(c);
	c = oc_config_new(v010_none, sizeof v010_none - 1, &err);
	REQUIRE(c != NULL);
	CHECK(!oc_resource_pinned(c));
	oc_config_free(c);
	c = oc_config_new(v1, sizeof v1 - 1, &err);
	REQUIRE(c != NULL);
	CHECK(!oc_resource_pinned(c)); /* 1.x binds to it: OC_PROFILE_BIND_CONFIGURED */
	oc_config_free(c);
}

/* 0.10.4's validateResourceUri. */
OC_TEST(resource_uri_valid)
{
	static const struct { const char *s; int ok; } cases[] = {
		{ "https://example.com/api", 1 }, { "http://localhost:8787/x", 1 }, { "HTTPS://EXAMPLE.COM", 1 },
		{ "https://example.com/api#", 1 }, { "https://example.com/api#f", 0 }, { "ftp://example.com/", 0 },
		{ "not a uri", 0 }, { "", 0 }, { "urn:example:api", 0 },
	};
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(oc_resource_uri_valid(a, cases[i].s, strlen(cases[i].s)) == cases[i].ok);
	oc_arena_free(a);
}
