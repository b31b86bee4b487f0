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

