/* The exchangeToken helper (src/helper/oc_helper_exchange.c): the exchange's rules without HTTP. */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

/* The helper's answer for args printf'd from fmt (cJSON_Delete it). */
static cJSON *xchg(tfx *f, const char *fmt, const char *tok)
{
	char args[1024];
	snprintf(args, sizeof args, fmt, tok);
	return tfx_helper(f, OC_KIND_EXCHANGE_TOKEN, args);
}

/* "t name code: description" of an answer. */
static const char *said(cJSON *out)
{
	static char buf[512];
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(out, "name"));
	snprintf(buf, sizeof buf, "%s %s %s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(out, "t")),
		name ? name : "OAuthError", cJSON_GetStringValue(cJSON_GetObjectItem(out, "code")),
		cJSON_GetStringValue(cJSON_GetObjectItem(out, "description")));
	return buf;
}

OC_TEST(helper_exchange_token)
{
	tfx f;
	tfx_setup(&f, ""); /* the helper needs no option */
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = tfx_exchanged(&f, basic, "access_token");
	REQUIRE(a1);
	f.kv.now += 600;
	cJSON *out = xchg(&f, "{\"subjectToken\":\"%s\",\"scope\":[\"write\",\"x\",\"write\"],\"expiresIn\":120}", a1);
	cJSON *v = cJSON_GetObjectItem(out, "value");
	REQUIRE(v);
	CHECK_STR(tfx_str(v, "scope"), "write write");
	CHECK(tfx_num(v, "expires_in") == 120);
	CHECK_STR(tfx_str(v, "issued_token_type"), "urn:ietf:params:oauth:token-type:access_token");
	CHECK_STR(tfx_str(v, "resource"), FX_RESOURCE);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);
	cJSON_Delete(out);
	/* capped at what is left; Infinity is; the configured resource as aud (string or array) */
	out = xchg(&f, "{\"subjectToken\":\"%s\",\"expiresIn\":\"Infinity\",\"aud\":[\"" FX_RESOURCE "\",\"" FX_RESOURCE "\"]}", a1);
	CHECK(tfx_num(cJSON_GetObjectItem(out, "value"), "expires_in") == 3000);
	cJSON_Delete(out);
	static const struct { const char *args, *want; } cases[] = {
		{ "{\"subjectToken\":\"%s\",\"expiresIn\":0}", "error OAuthError invalid_request: Invalid expires_in parameter" },
		{ "{\"subjectToken\":\"%s\",\"expiresIn\":\"-Infinity\"}", "error OAuthError invalid_request: Invalid expires_in parameter" },
		{ "{\"subjectToken\":\"%s\",\"expiresIn\":\"NaN\"}",
		  "error OAuthError invalid_request: Requested token lifetime must be at least 60 seconds" },
		{ "{\"subjectToken\":\"%s\",\"expiresIn\":90.5}",
		  "error OAuthError invalid_request: Requested token lifetime must be at least 60 seconds" },
		{ "{\"subjectToken\":\"%s\",\"aud\":\"https://other.example/api\"}",
		  "error OAuthError invalid_target: The requested resource must exactly match the subject token audience" },
		{ "{\"subjectToken\":\"%s\",\"aud\":null}",
		  "error OAuthError invalid_target: The requested resource must exactly match the subject token audience" },
		{ "{\"subjectToken\":\"%s\",\"aud\":[\"" FX_RESOURCE "\",\"https://other.example/api\"]}",
		  "error OAuthError invalid_target: The requested resource must exactly match the subject token audience" },
		{ "{\"subjectToken\":\"%s\",\"scope\":[\"admin\"]}", "error OAuthError invalid_scope: None of the requested scopes were granted" },
		{ "{\"subjectToken\":\"%s\",\"scope\":[5]}", "error OAuthError invalid_scope: None of the requested scopes were granted" },
		{ "{\"subjectToken\":\"%s-\"}", "error Error invalid_request: Invalid or expired subject token" },
		{ "{\"subjectToken\":\"x:%s\"}", "error Error invalid_request: Invalid or expired subject token" },
		{ "{\"subjectToken\":5,\"x\":\"%s\"}", "error TypeError invalid_request: subjectToken must be a string" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		out = xchg(&f, cases[i].args, a1);
		CHECK_STR(said(out), cases[i].want);
		cJSON_Delete(out);
	}
	/* the client gone; the grant gone */
	char *client = fake_kv_dump(&f.kv);
	fake_kv_set(&f.kv, "client:" C, "{}", NULL, FX_NOW + 1);
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(said(out), "error Error invalid_request: Client not found");
	cJSON_Delete(out);
	free(client);
	tfx_client(&f, C, "client_secret_basic", FX_SECRET_C, 1);
	fake_kv_set(&f.kv, GKEY, "{}", NULL, FX_NOW + 1);
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(said(out), "error OAuthError invalid_request: Grant not found");
	cJSON_Delete(out);
	/* expired */
	f.kv.now = FX_NOW + 3601;
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(said(out), "error Error invalid_request: Invalid or expired subject token");
	cJSON_Delete(out);
	free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(helper_exchange_token_callback)
{
	tfx f;
	tfx_setup(&f, ",\"enabledOptions\":[\"tokenExchangeCallback\"]");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = tfx_exchanged(&f, basic, "access_token");
	REQUIRE(a1);
	unsigned calls = f.kv.callbacks;
	cJSON *out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK(cJSON_GetObjectItem(out, "value") != NULL && f.kv.callbacks == calls + 1);
	CHECK(strstr(f.kv.callback_arg, "\"grantType\":\"urn:ietf:params:oauth:grant-type:token-exchange\",\"clientId\":\"" C "\"") != NULL);
	cJSON_Delete(out);
	/* what it threw is rethrown; invalid_grant revokes the grant first */
	f.kv.callback_answer = "{\"kind\":\"OAuthError\",\"code\":\"temporarily_unavailable\",\"description\":\"busy\",\"headers\":[]}";
	f.kv.callback_status = OC_FXR_FAILED;
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "t")), "throw");
	CHECK(fake_kv_find(&f.kv, GKEY) != NULL);
	cJSON_Delete(out);
	f.kv.callback_answer = "{\"kind\":\"OAuthError\",\"code\":\"invalid_grant\",\"description\":\"gone\",\"headers\":[]}";
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "t")), "throw");
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	cJSON_Delete(out);
	free(a1); free(basic);
	tfx_free(&f);
}

/*
 * From oc-oauth-provider/0.10 (the profile's exchange_*): the same records,
 * read under 0.10.4's rules: no invalid_scope, aud resolved against the grant,
 * the subject token's refusals invalid_grant.
 */
OC_TEST(helper_exchange_token_0_10)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = tfx_exchanged(&f, basic, "access_token");
	REQUIRE(a1);
	oc_config_free(f.cfg);
	const char *json = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\","
		"\"apiRoute\":\"/api/\",\"hasApiHandler\":true}";
	const char *err = NULL;
	f.cfg = oc_config_new(json, strlen(json), &err);
	REQUIRE(f.cfg);
	static const struct { const char *args, *want; } cases[] = {
		{ "{\"subjectToken\":\"%s\",\"aud\":\"https://other.example/api\"}",
		  "error OAuthError invalid_target: Requested resource was not included in the authorization request" },
		{ "{\"subjectToken\":\"%s\",\"aud\":null}",
		  "error OAuthError invalid_target: The resource parameter must be a valid absolute URI without a fragment" },
		{ "{\"subjectToken\":\"%s\",\"aud\":[]}",
		  "error OAuthError invalid_target: The resource parameter must be a valid absolute URI without a fragment" },
		{ "{\"subjectToken\":\"%s\",\"aud\":[\"" FX_RESOURCE "\",5]}",
		  "error OAuthError invalid_target: The resource parameter must be a valid absolute URI without a fragment" },
		{ "{\"subjectToken\":\"%s\",\"expiresIn\":0}", "error OAuthError invalid_request: Invalid expires_in parameter" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *out = xchg(&f, cases[i].args, a1);
		CHECK_STR(said(out), cases[i].want);
		cJSON_Delete(out);
	}
	/* none of the scopes held: an empty scope; the subject token's audience kept */
	cJSON *out = xchg(&f, "{\"subjectToken\":\"%s\",\"scope\":[\"admin\"]}", a1);
	cJSON *v = cJSON_GetObjectItem(out, "value");
	REQUIRE(v);
	CHECK_STR(tfx_str(v, "scope"), "");
	CHECK_STR(tfx_str(v, "resource"), FX_RESOURCE);
	cJSON_Delete(out);
	/* less than 60 s left; its grant gone */
	f.kv.now = FX_NOW + 3550;
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(said(out), "error OAuthError invalid_grant: Subject token is too close to expiry to exchange");
	cJSON_Delete(out);
	fake_kv_set(&f.kv, GKEY, "{}", NULL, FX_NOW + 1);
	out = xchg(&f, "{\"subjectToken\":\"%s\"}", a1);
	CHECK_STR(said(out), "error OAuthError invalid_grant: Grant not found");
	cJSON_Delete(out);
	free(a1); free(basic);
	tfx_free(&f);
}
