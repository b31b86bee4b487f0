/*
 * How the shim is told to add the provider's CORS headers to a response it
 * did not build (oc_http.h, header modes), and which headers of an OAuth
 * error answer are its own (given to onError). 1.x keeps a CORS header the
 * response has and adds to Vary and Access-Control-Expose-Headers
 * (R-CORS-05); 0.10.x sets them all.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include <stdlib.h>

#define URL_API "https://example.com/api/data"
#define ORIGIN "https://app.example.net"

/* The answer's header names joined with ',' and its modes ("" when absent). */
static void names_modes(const tresp *r, char *names, size_t n, const char **modes)
{
	const cJSON *h, *headers = cJSON_GetObjectItem(r->out, "headers");
	names[0] = 0;
	cJSON_ArrayForEach(h, headers) {
		if (names[0])
			strncat(names, ",", n - strlen(names) - 1);
		strncat(names, cJSON_GetStringValue(cJSON_GetArrayItem(h, 0)), n - strlen(names) - 1);
	}
	const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "modes"));
	*modes = m ? m : "";
}

static char *bearer_of(tfx *f, const char *grant)
{
	char *tok = tfx_access_token(f, "user1", grant);
	if (tok == NULL)
		return NULL;
	char *h = malloc(strlen(tok) + 8);
	sprintf(h, "Bearer %s", tok);
	free(tok);
	return h;
}

OC_TEST(http_cors_modes_1x)
{
	char names[512];
	const char *modes;
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	char *h = bearer_of(&f, "gCors00000000000");
	REQUIRE(h != NULL);

	/* the API handler's response: set unless present, Vary and Expose-Headers added to */
	tresp r = tfx_request(&f, "GET", URL_API, h, NULL, NULL, ORIGIN);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "api");
	names_modes(&r, names, sizeof names, &modes);
	CHECK_STR(names, "Access-Control-Allow-Origin,Access-Control-Allow-Methods,Access-Control-Allow-Headers,"
		"Access-Control-Expose-Headers,Access-Control-Max-Age,Vary");
	CHECK_STR(modes, "kkkaka");
	tresp_free(&r);
	/* no Origin: no headers to add */
	r = tfx_request(&f, "GET", URL_API, h, NULL, NULL, NULL);
	CHECK(cJSON_GetObjectItem(r.out, "headers") == NULL && cJSON_GetObjectItem(r.out, "modes") == NULL);
	tresp_free(&r);

	/* an OAuth error: its own headers are the ones after Content-Type and before CORS */
	r = tfx_request(&f, "GET", "https://example.com/token", NULL, NULL, NULL, ORIGIN);
	CHECK(r.status == 405);
	names_modes(&r, names, sizeof names, &modes);
	CHECK_STR(names, "Content-Type,Cache-Control,Pragma,Allow,Access-Control-Allow-Origin,"
		"Access-Control-Allow-Methods,Access-Control-Allow-Headers,Access-Control-Expose-Headers,"
		"Access-Control-Max-Age,Vary");
	CHECK_STR(modes, "sssskkkaka");
	const cJSON *own = cJSON_GetObjectItem(cJSON_GetObjectItem(r.out, "error"), "own");
	CHECK(cJSON_GetArraySize(own) == 2 && cJSON_GetArrayItem(own, 0)->valueint == 1 &&
		cJSON_GetArrayItem(own, 1)->valueint == 4);
	tresp_free(&r);
	/* without an Origin they run to the end, and no modes are sent */
	r = tfx_request(&f, "GET", "https://example.com/token", NULL, NULL, NULL, NULL);
	own = cJSON_GetObjectItem(cJSON_GetObjectItem(r.out, "error"), "own");
	CHECK(cJSON_GetArraySize(own) == 2 && cJSON_GetArrayItem(own, 0)->valueint == 1 &&
		cJSON_GetArrayItem(own, 1)->valueint == 4);
	CHECK(cJSON_GetObjectItem(r.out, "modes") == NULL);
	tresp_free(&r);
	/* a bare answer has no error and so no own headers */
	r = tfx_request(&f, "POST", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, ORIGIN);
	CHECK(r.status == 405 && cJSON_GetObjectItem(r.out, "error") == NULL);
	tresp_free(&r);
	free(h);
	tfx_free(&f);
}

OC_TEST(http_cors_modes_0_10)
{
	char names[512];
	const char *modes;
	static const char legacy[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true}";
	const char *err;
	tfx f;
	tfx_init(&f, "");
	oc_config_free(f.cfg);
	f.cfg = oc_config_new(legacy, sizeof legacy - 1, &err);
	REQUIRE(f.cfg != NULL);
	char *h = bearer_of(&f, "gCors00000000001");
	REQUIRE(h != NULL);
	/* the provider's values replace the handler's; no Vary */
	tresp r = tfx_request(&f, "GET", URL_API, h, NULL, NULL, ORIGIN);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "api");
	names_modes(&r, names, sizeof names, &modes);
	CHECK_STR(names, "Access-Control-Allow-Origin,Access-Control-Allow-Methods,Access-Control-Allow-Headers,"
		"Access-Control-Expose-Headers,Access-Control-Max-Age");
	CHECK_STR(modes, "");
	tresp_free(&r);
	free(h);
	tfx_free(&f);
}
