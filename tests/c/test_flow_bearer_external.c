/* resolveExternalToken (src/flow/oc_flow_bearer_external.c): which tokens reach it, and its answers judged. */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define URL "https://example.com/api/data"
#define RESOLVER ",\"enabledOptions\":[\"resolveExternalToken\"]"
#define ISSUED "Bearer user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"

static const char *kind(const tresp *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "t"));
}

static void answer(tfx *f, uint32_t status, const char *data)
{
	f->kv.callback_status = status;
	f->kv.callback_answer = data;
	f->kv.callback_answer_len = 0;
}

OC_TEST(external_token_which_tokens_are_asked)
{
	tfx f;
	/* without a resolver: never asked */
	tfx_init(&f, "");
	tresp r = tfx_request(&f, "GET", URL, "Bearer opaque-token", NULL, NULL, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_token: Invalid access token");
	CHECK(f.kv.callbacks == 0);
	tresp_free(&r);
	tfx_free(&f);
	tfx_init(&f, RESOLVER);
	answer(&f, OC_FXR_OK, "{\"audience\":\"" FX_RESOURCE "\"}");
	/* the issued shape without a record: refused without asking */
	r = tfx_request(&f, "GET", URL, ISSUED, NULL, NULL, NULL);
	CHECK(r.status == 401 && f.kv.callbacks == 0);
	tresp_free(&r);
	/* any other shape: asked, with the token as it came */
	r = tfx_request(&f, "GET", URL, "Bearer user1:AAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", NULL, NULL, NULL);
	CHECK(f.kv.callbacks == 1);
	CHECK_STR(f.kv.callback_arg, "user1:AAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
	CHECK_STR(kind(&r), "api");
	/* the handler gets the resolver's own props (no "props" here) and this auth */
	CHECK(cJSON_GetObjectItem(r.out, "props") == NULL);
	char *auth = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.out, "auth"));
	CHECK_STR(auth, "{\"token\":\"user1:AAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\",\"audience\":\"" FX_RESOURCE "\",\"scope\":[]}");
	free(auth);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(external_token_results)
{
	static const struct { uint32_t status; const char *data; const char *url; const char *want; } cases[] = {
		{ OC_FXR_MISSING, NULL, URL, "401 invalid_token: Invalid access token" },
		{ OC_FXR_OK, "null", URL, "401 invalid_token: Invalid access token" },
		{ OC_FXR_OK, "false", URL, "401 invalid_token: Invalid access token" },
		{ OC_FXR_OK, "0", URL, "401 invalid_token: Invalid access token" },
		{ OC_FXR_OK, "\"\"", URL, "401 invalid_token: Invalid access token" },
		{ OC_FXR_OK, "\"yes\"", URL, "401 invalid_token: External access token is not bound to the configured resource" },
		{ OC_FXR_OK, "{}", URL, "401 invalid_token: External access token is not bound to the configured resource" },
		{ OC_FXR_OK, "{\"audience\":[\"" FX_RESOURCE "\"]}", URL, "401 invalid_token: External access token is not bound to the configured resource" },
		{ OC_FXR_OK, "{\"audience\":\"" FX_RESOURCE "/\"}", URL, "401 invalid_token: External access token is not bound to the configured resource" },
		{ OC_FXR_OK, "{\"audience\":\"HTTPS://EXAMPLE.COM/api\"}", URL, "0 : " },
		{ OC_FXR_OK, "{\"audience\":\"" FX_RESOURCE "\"}", "https://other.example/api/data",
		  "401 invalid_token: Token audience does not match resource server" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tfx f;
		tfx_init(&f, RESOLVER);
		answer(&f, cases[i].status, cases[i].data);
		tresp r = tfx_request(&f, "GET", cases[i].url, "Bearer opaque", NULL, NULL, NULL);
		const char *got = tresp_err(&r);
		CHECK(strcmp(got, cases[i].want) == 0);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  case %zu: got %s\n", i, got);
		if (cases[i].want[0] == '4') {
			CHECK(r.status == 401);
			const char *ch = tresp_header(&r, "WWW-Authenticate");
			CHECK(ch != NULL && strstr(ch, "error=\"invalid_token\"") != NULL);
			CHECK(ch != NULL && (strstr(ch, "Invalid audience") != NULL) == (i == 10));
		} else {
			CHECK_STR(kind(&r), "api");
		}
		tresp_free(&r);
		tfx_free(&f);
	}
}

OC_TEST(external_token_thrown)
{
	static const struct { const char *thrown; int status; const char *challenge; const char *extra; } cases[] = {
		/* none given: the required scopes */
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"invalid_token\",\"description\":\"expired\",\"statusCode\":401}", 401,
		  "Bearer realm=\"OAuth\", resource_metadata=\"https://example.com/.well-known/oauth-protected-resource/api\", error=\"invalid_token\", scope=\"read\"", NULL },
		/* its scopes, deduplicated, offline_access left out */
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"insufficient_scope\",\"description\":\"more\",\"statusCode\":403,"
		  "\"requiredScopes\":[\"write\",\"write\",\"offline_access\",\"admin\"]}", 403,
		  "Bearer realm=\"OAuth\", resource_metadata=\"https://example.com/.well-known/oauth-protected-resource/api\", "
		  "error=\"insufficient_scope\", scope=\"write admin\"", NULL },
		/* a challenge of its own is kept, none added */
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"invalid_token\",\"description\":\"own\",\"statusCode\":401,"
		  "\"headers\":[[\"www-authenticate\",\"Bearer error=\\\"mine\\\"\"],[\"X-Extra\",\"y\"]]}", 401, NULL, "y" },
		/* not a bearer error: its status and headers only */
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"invalid_token\",\"description\":\"odd\",\"statusCode\":400,"
		  "\"requiredScopes\":[\"a b\"],\"headers\":[[\"X-Extra\",\"z\"]]}", 400, NULL, "z" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tfx f;
		tfx_init(&f, RESOLVER);
		answer(&f, OC_FXR_FAILED, cases[i].thrown);
		tresp r = tfx_request(&f, "GET", URL, "Bearer opaque", NULL, NULL, NULL);
		CHECK(r.status == cases[i].status);
		const char *ch = tresp_header(&r, "WWW-Authenticate");
		if (cases[i].challenge) {
			CHECK(ch != NULL && strcmp(ch, cases[i].challenge) == 0);
			if (ch != NULL && strcmp(ch, cases[i].challenge) != 0)
				fprintf(stderr, "  case %zu: %s\n", i, ch);
		} else if (i == 2) {
			CHECK_STR(ch, "Bearer error=\"mine\"");
		} else {
			CHECK(ch == NULL);
		}
		if (cases[i].extra)
			CHECK_STR(tresp_header(&r, "X-Extra"), cases[i].extra);
		CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
		tresp_free(&r);
		tfx_free(&f);
	}
	static const struct { const char *thrown; const char *message; } escapes[] = {
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"insufficient_scope\",\"statusCode\":403,\"requiredScopes\":[\"a b\"]}",
		  "ExternalTokenError requiredScopes must contain valid OAuth scope tokens" },
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"x\",\"statusCode\":1000}", "ExternalTokenError statusCode must be an integer from 200 to 599" },
		{ "{\"kind\":\"OAuthError\",\"code\":\"invalid_token\",\"statusCode\":401}", NULL },
		{ "{\"kind\":\"other\"}", NULL },
	};
	for (size_t i = 0; i < sizeof escapes / sizeof *escapes; i++) {
		tfx f;
		tfx_init(&f, RESOLVER);
		answer(&f, OC_FXR_FAILED, escapes[i].thrown);
		tresp r = tfx_request(&f, "GET", URL, "Bearer opaque", NULL, NULL, NULL);
		CHECK_STR(kind(&r), "throw");
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "message"));
		CHECK(escapes[i].message ? m != NULL && strcmp(m, escapes[i].message) == 0 : m == NULL);
		tresp_free(&r);
		tfx_free(&f);
	}
}

/* The 0.10.x generation (OC_PROFILE_EXTERNAL_AUDIENCE): every token without a record is asked, the audience judged as 0.10.4 does. */
#define V010 "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\"," \
	"\"hasApiHandler\":true,\"enabledOptions\":[\"resolveExternalToken\"]}"

/* f with the 0.10.x provider in place of the fixture's. */
static void use_0_10(tfx *f)
{
	const char *err;
	oc_config_free(f->cfg);
	f->cfg = oc_config_new(V010, sizeof V010 - 1, &err);
}

OC_TEST(external_token_0_10)
{
	static const struct { const char *data; const char *url; const char *want; } cases[] = {
		{ "null", URL, "401 invalid_token: Invalid access token" },
		/* no configured resource: no audience, or a falsy one, is accepted; a primitive has none */
		{ "{}", URL, "0 : " },
		{ "{\"audience\":\"\"}", URL, "0 : " },
		{ "\"yes\"", URL, "0 : " },
		/* an audience must serve the request: a string, or one member of an array */
		{ "{\"audience\":\"https://example.com/api\"}", URL, "0 : " },
		{ "{\"audience\":\"https://example.com/\"}", URL, "0 : " },
		{ "{\"audience\":[\"https://other.example/\",\"https://example.com/api\"]}", URL, "0 : " },
		{ "{\"audience\":\"https://example.com/sse\"}", URL, "401 invalid_token: Token audience does not match resource server" },
		{ "{\"audience\":[]}", URL, "401 invalid_token: Token audience does not match resource server" },
		{ "{\"audience\":7}", URL, "401 invalid_token: Token audience does not match resource server" },
		{ "{\"audience\":[7,null]}", URL, "401 invalid_token: Token audience does not match resource server" },
		{ "{\"audience\":\"https://example.com/api\"}", "https://other.example/api/data",
		  "401 invalid_token: Token audience does not match resource server" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tfx f;
		tfx_init(&f, "");
		use_0_10(&f);
		REQUIRE(f.cfg != NULL);
		answer(&f, OC_FXR_OK, cases[i].data);
		tresp r = tfx_request(&f, "GET", cases[i].url, "Bearer opaque", NULL, NULL, NULL);
		const char *got = tresp_err(&r);
		CHECK(strcmp(got, cases[i].want) == 0);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  case %zu: got %s\n", i, got);
		if (cases[i].want[0] == '0') {
			CHECK_STR(kind(&r), "api");
			/* the resolver's props, and no ctx.auth */
			CHECK(cJSON_GetObjectItem(r.out, "props") == NULL);
			CHECK(cJSON_IsNull(cJSON_GetObjectItem(r.out, "auth")));
		}
		tresp_free(&r);
		tfx_free(&f);
	}
	/* the issued shape without a record is asked too, once the record is missing */
	tfx f;
	tfx_init(&f, "");
	use_0_10(&f);
	REQUIRE(f.cfg != NULL);
	answer(&f, OC_FXR_OK, "{}");
	tresp r = tfx_request(&f, "GET", URL, ISSUED, NULL, NULL, NULL);
	CHECK(f.kv.callbacks == 1);
	CHECK_STR(f.kv.callback_arg, &ISSUED[7]);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	tfx_free(&f);
}
