/*
 * The metadata documents' methods (oc_flow_discovery.c), as the reference
 * 1.2.3 answers them: another method than GET, HEAD or OPTIONS on the
 * authorization server's document or the resource's is a bare 405 with
 * "Allow: GET, HEAD, OPTIONS" (R-DISC-01, R-DISC-03); a path of the
 * protected-resource namespace that is not the resource's is a bare 404
 * whatever the method (R-DISC-02); each with CORS when there is an Origin.
 */
#include "oc_test.h"
#include "token_fixture.h"

#define AS_DOC "https://example.com/.well-known/oauth-authorization-server"
#define PRM_DOC "https://example.com/.well-known/oauth-protected-resource/api"
#define ORIGIN "https://app.example.net"

/* One request: its status, Allow header ("" when none), and that it is bare (no body, no OAuth error). */
static void expect(tfx *f, const char *method, const char *url, const char *origin, int status,
	const char *allow, int line)
{
	tresp r = tfx_request(f, method, url, NULL, NULL, NULL, origin);
	const char *a = tresp_header(&r, "Allow"), *acao = tresp_header(&r, "Access-Control-Allow-Origin");
	int ok = r.status == status && strcmp(a ? a : "", allow) == 0 && r.body == NULL &&
		cJSON_GetObjectItem(r.out, "error") == NULL &&
		(origin ? acao != NULL && strcmp(acao, origin) == 0 : acao == NULL);
	oc_test_checks++;
	if (!ok) {
		oc_test_failures++;
		fprintf(stderr, "%s:%d: %s %s: status %d, Allow %s, body %s\n", __FILE__, line, method, url, r.status,
			a ? a : "(none)", r.body ? r.body : "(none)");
	}
	tresp_free(&r);
}

OC_TEST(discovery_other_methods)
{
	static const char allow[] = "GET, HEAD, OPTIONS";
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	/* R-DISC-01: the AS document, any query, any origin */
	expect(&f, "POST", AS_DOC, NULL, 405, allow, __LINE__);
	expect(&f, "PUT", AS_DOC, ORIGIN, 405, allow, __LINE__);
	expect(&f, "DELETE", AS_DOC "?x=1", NULL, 405, allow, __LINE__);
	expect(&f, "POST", "https://other.example/.well-known/oauth-authorization-server", NULL, 405, allow, __LINE__);
	/* R-DISC-03: the resource's document */
	expect(&f, "POST", PRM_DOC, NULL, 405, allow, __LINE__);
	expect(&f, "PATCH", PRM_DOC, ORIGIN, 405, allow, __LINE__);
	/* R-DISC-02: another path of the namespace is 404 before the method is looked at */
	expect(&f, "POST", "https://example.com/.well-known/oauth-protected-resource/other", NULL, 404, "", __LINE__);
	expect(&f, "DELETE", "https://example.com/.well-known/oauth-protected-resource", ORIGIN, 404, "", __LINE__);
	expect(&f, "GET", "https://example.com/.well-known/oauth-protected-resource/api/x", NULL, 404, "", __LINE__);

	/* positive controls: GET and HEAD serve the documents */
	tresp r = tfx_request(&f, "HEAD", AS_DOC, NULL, NULL, NULL, NULL);
	CHECK(r.status == 200 && r.body == NULL);
	tresp_free(&r);
	r = tfx_request(&f, "GET", PRM_DOC, NULL, NULL, NULL, NULL);
	CHECK(r.status == 200 && r.json != NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "resource")), FX_RESOURCE);
	tresp_free(&r);
	tfx_free(&f);
}

/*
 * 0.10.x (OC_PROFILE_PRM_PER_PATH): 0.10.4's document, whatever else
 * resourceMetadata holds, and the challenge naming its scopes_supported once
 * each, without offline_access.
 */
OC_TEST(discovery_0_10_document)
{
	static const char json[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"https://auth.example.com/token\","
		"\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"resourceMetadata\":"
		"{\"scopes_supported\":[\"read\",\"offline_access\",\"read\",\"write\"],\"resource_name\":\"\","
		"\"jwks_uri\":\"https://example.com/j\",\"bearer_methods_supported\":[]}}";
	static const struct { const char *url, *want; } docs[] = {
		{ "https://example.com/.well-known/oauth-protected-resource/",
		  "{\"resource\":\"https://example.com\",\"authorization_servers\":[\"https://auth.example.com\"],"
		  "\"scopes_supported\":[\"read\",\"write\"],\"bearer_methods_supported\":[]}" },
		{ "https://example.com/.well-known/oauth-protected-resource/api/v1",
		  "{\"resource\":\"https://example.com/api/v1\",\"authorization_servers\":[\"https://auth.example.com\"],"
		  "\"scopes_supported\":[\"read\",\"write\"],\"bearer_methods_supported\":[]}" },
	};
	const char *err = NULL;
	tfx f;
	tfx_init(&f, "");
	oc_config_free(f.cfg);
	f.cfg = oc_config_new(json, strlen(json), &err);
	REQUIRE(f.cfg != NULL);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		tresp r = tfx_request(&f, "GET", docs[i].url, NULL, NULL, NULL, NULL);
		char *got = r.json ? cJSON_PrintUnformatted(r.json) : NULL;
		CHECK(r.status == 200);
		CHECK_STR(got, docs[i].want);
		cJSON_free(got);
		tresp_free(&r);
	}
	/* 0.10.4 serves both documents to any method but OPTIONS (R010-DISC-01) */
	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH" };
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
		tresp d = tfx_request(&f, methods[i], docs[1].url, NULL, NULL, NULL, NULL);
		char *got = d.json ? cJSON_PrintUnformatted(d.json) : NULL;
		CHECK(d.status == 200 && tresp_header(&d, "Allow") == NULL);
		CHECK_STR(got, docs[1].want);
		cJSON_free(got);
		tresp_free(&d);
		d = tfx_request(&f, methods[i], "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
		CHECK(d.status == 200 && d.json != NULL && cJSON_GetObjectItem(d.json, "issuer") != NULL);
		tresp_free(&d);
	}
	tresp r = tfx_request(&f, "GET", "https://example.com/api/x", NULL, NULL, NULL, NULL);
	CHECK(r.status == 401);
	CHECK_STR(tresp_header(&r, "WWW-Authenticate"), "Bearer realm=\"OAuth\", resource_metadata="
		"\"https://example.com/.well-known/oauth-protected-resource/api/x\", scope=\"read write\"");
	tresp_free(&r);
	tfx_free(&f);
}
