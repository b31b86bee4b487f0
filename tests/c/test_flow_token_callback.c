/* tokenExchangeCallback (src/flow/oc_flow_token_callback.c), end to end through the token endpoint. */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

#define CB ",\"enabledOptions\":[\"tokenExchangeCallback\"]"

/* A pending grant G1 of C (read write), its code exchanged: the answer. */
static tresp exchange(tfx *f, const char *basic, const char *extra)
{
	char *code = tfx_pending_grant(f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	tresp r = tfx_exchange(f, basic, code, extra);
	free(code);
	return r;
}

static const char *kind(const tresp *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "t"));
}

OC_TEST(token_callback_not_configured_is_never_asked)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt);
	tresp r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200 && f.kv.callbacks == 0);
	tresp_free(&r);
	free(rt);
	free(basic);
	tfx_free(&f);
}

OC_TEST(token_callback_argument_and_undefined)
{
	tfx f;
	tfx_setup(&f, CB);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *before = tfx_grant_member(&f, "encryptedProps");
	tresp r = exchange(&f, basic, "&scope=write");
	REQUIRE(r.status == 200);
	CHECK(f.kv.callbacks == 1);
	CHECK_STR(f.kv.callback_arg, "{\"grantType\":\"authorization_code\",\"clientId\":\"" C "\",\"subjectClientId\":\"" C
		"\",\"userId\":\"user1\",\"grantId\":\"" G1 "\",\"scope\":[\"read\",\"write\"],\"requestedScope\":[\"write\"],"
		"\"resource\":\"" FX_RESOURCE "\",\"props\":{\"name\":\"alice\"}}");
	/* undefined: the grant's props sealed again under a new key, shared by the access token */
	char *after = tfx_grant_member(&f, "encryptedProps");
	CHECK(before == NULL && after != NULL); /* (the pending grant's member is read before it exists: NULL) */
	char *at = tfx_dup(tresp_str(&r, "access_token")), *rt = tfx_dup(tresp_str(&r, "refresh_token"));
	char *key = tfx_token_key(at);
	cJSON *rec = tfx_record(&f, key);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "grant"), "encryptedProps")), after);
	/* a code exchange's record copies the token's scope into grant.scope */
	CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "grant"), "scope"), 0)), "write");
	cJSON_Delete(rec);
	char *p = tfx_props_of(&f, at);
	CHECK_STR(p, "{\"name\":\"alice\"}");
	free(p);
	tresp_free(&r);
	/* refresh, undefined: the grant's ciphertext is kept */
	r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200 && f.kv.callbacks == 2);
	CHECK(strstr(f.kv.callback_arg, "\"grantType\":\"refresh_token\"") != NULL);
	char *kept = tfx_grant_member(&f, "encryptedProps");
	CHECK_STR(kept, after);
	free(kept);
	tresp_free(&r);
	free(after); free(before); free(at); free(rt); free(key); free(basic);
	tfx_free(&f);
}

OC_TEST(token_callback_props_of_their_own)
{
	tfx f;
	tfx_setup(&f, CB);
	char *basic = tfx_basic(C, FX_SECRET_C), buf[256];
	/* newProps and accessTokenProps, different objects: each sealed under its own key */
	tfx_callback_answer(&f, buf, sizeof buf, "[{},0,0]", "{\"g\":1}", "{\"t\":1}");
	tresp r = exchange(&f, basic, "");
	REQUIRE(r.status == 200);
	char *at = tfx_dup(tresp_str(&r, "access_token")), *rt = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	char *p = tfx_props_of(&f, at);
	CHECK_STR(p, "{\"t\":1}");
	free(p);
	char *key = tfx_token_key(at), *gp = tfx_grant_member(&f, "encryptedProps");
	cJSON *rec = tfx_record(&f, key);
	CHECK(strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "grant"), "encryptedProps")), gp) != 0);
	cJSON_Delete(rec);
	/* the grant's new props are what the next callback is given */
	tfx_callback_answer(&f, buf, sizeof buf, "[{},1,0]", "{\"g\":2}", "{\"g\":2}");
	r = tfx_refresh(&f, basic, rt, "");
	REQUIRE(r.status == 200);
	CHECK(strstr(f.kv.callback_arg, "\"props\":{\"g\":1}") != NULL);
	char *at2 = tfx_dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	/* the same object for both (same bit 1): the access token shares the grant's ciphertext */
	char *key2 = tfx_token_key(at2), *gp2 = tfx_grant_member(&f, "encryptedProps");
	rec = tfx_record(&f, key2);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "grant"), "encryptedProps")), gp2);
	cJSON_Delete(rec);
	CHECK(strcmp(gp, gp2) != 0);
	/* the presented refresh token (now previous) was wrapped again under the new key: it still works */
	f.kv.callback_answer = NULL;
	r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	CHECK(strstr(f.kv.callback_arg, "\"props\":{\"g\":2}") != NULL);
	tresp_free(&r);
	/* the first access token still opens to its own props */
	p = tfx_props_of(&f, at);
	CHECK_STR(p, "{\"t\":1}");
	free(p);
	free(at); free(at2); free(rt); free(key); free(key2); free(gp); free(gp2); free(basic);
	tfx_free(&f);
}

OC_TEST(token_callback_lifetimes_and_scope)
{
	static const struct { const char *meta; const char *want; } code_cases[] = {
		{ "[{\"refreshTokenTTL\":59},0,0]", "400 invalid_request: refreshTokenTTL must be 0 (no refresh token) or an integer of at least 60 seconds" },
		{ "[{\"refreshTokenTTL\":\"300\"},0,0]", "400 invalid_request: refreshTokenTTL must be 0 (no refresh token) or an integer of at least 60 seconds" },
		{ "[{\"refreshTokenTTL\":null},0,0]", "400 invalid_request: refreshTokenTTL must be 0 (no refresh token) or an integer of at least 60 seconds" },
		{ "[{\"accessTokenTTL\":59},0,0]", "400 invalid_request: Requested token lifetime must be at least 60 seconds" },
		{ "[{\"accessTokenTTL\":60.5},0,0]", "400 invalid_request: Requested token lifetime must be at least 60 seconds" },
		{ "[{\"accessTokenTTL\":null},0,0]", "400 invalid_request: Requested token lifetime must be at least 60 seconds" },
		/* refreshTokenTTL is checked first */
		{ "[{\"accessTokenTTL\":1,\"refreshTokenTTL\":1},0,0]", "400 invalid_request: refreshTokenTTL must be 0 (no refresh token) or an integer of at least 60 seconds" },
		/* a lifetime past what KV can store: server_error, not a wrap-around */
		{ "[{\"accessTokenTTL\":1e12},0,0]", "500 server_error: Requested token lifetime is too long" },
		/* refreshTokenIdleTTL belongs to the refresh grant: ignored here */
		{ "[{\"refreshTokenIdleTTL\":1},0,0]", "200 : " },
	};
	char buf[256];
	for (size_t i = 0; i < sizeof code_cases / sizeof *code_cases; i++) {
		tfx f;
		tfx_setup(&f, CB);
		char *basic = tfx_basic(C, FX_SECRET_C);
		tfx_callback_answer(&f, buf, sizeof buf, code_cases[i].meta, "", "");
		tresp r = exchange(&f, basic, "");
		CHECK_ERR(r, code_cases[i].want);
		if (r.status != 200)
			CHECK(fake_kv_count(&f.kv, TPFX) == 0 && tfx_grant_member(&f, "refreshTokenId") == NULL);
		tresp_free(&r);
		free(basic);
		tfx_free(&f);
	}
	tfx f;
	tfx_setup(&f, CB);
	char *basic = tfx_basic(C, FX_SECRET_C);
	/* no refresh token: the grant ends with the access token */
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"refreshTokenTTL\":0,\"accessTokenTTL\":200,\"accessTokenScope\":[\"write\",\"x\",\"read\",\"write\",1]},0,0]", "", "");
	tresp r = exchange(&f, basic, "&scope=read");
	REQUIRE(r.status == 200);
	CHECK(tresp_str(&r, "refresh_token") == NULL);
	CHECK(tfx_num(r.json, "expires_in") == 200);
	CHECK_STR(tresp_str(&r, "scope"), "write read write");
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 200);
	cJSON_Delete(g);
	tresp_free(&r);
	tfx_free(&f);
	/* a string scope: split at spaces; an empty list: no scope; a number: a TypeError escapes */
	static const struct { const char *meta; const char *scope; } scopes[] = {
		{ "[{\"accessTokenScope\":\" read  x \"},0,0]", "read" },
		{ "[{\"accessTokenScope\":[]},0,0]", "" },
		{ "[{\"accessTokenScope\":\"\"},0,0]", "read write" },
		{ "[{\"accessTokenScope\":5},0,0]", NULL },
	};
	for (size_t i = 0; i < sizeof scopes / sizeof *scopes; i++) {
		tfx_setup(&f, CB);
		tfx_callback_answer(&f, buf, sizeof buf, scopes[i].meta, "", "");
		r = exchange(&f, basic, "");
		if (scopes[i].scope != NULL) {
			CHECK_STR(tresp_str(&r, "scope"), scopes[i].scope);
		} else {
			CHECK_STR(kind(&r), "throw");
			CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "message")), "accessTokenScope must be a string or an array");
			CHECK(fake_kv_count(&f.kv, TPFX) == 0);
		}
		tresp_free(&r);
		tfx_free(&f);
	}
	free(basic);
}

OC_TEST(token_callback_refresh_lifetimes)
{
	tfx f;
	char buf[256];
	tfx_setup(&f, CB);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt);
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"refreshTokenIdleTTL\":59},0,0]", "", "");
	tresp r = tfx_refresh(&f, basic, rt, "");
	CHECK_ERR(r, "400 invalid_request: refreshTokenIdleTTL must be an integer of at least 60 seconds");
	tresp_free(&r);
	/* refreshTokenTTL belongs to the code exchange: ignored; the idle TTL moves the grant's end */
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"refreshTokenTTL\":1,\"refreshTokenIdleTTL\":600,\"accessTokenTTL\":1e12},0,0]", "", "");
	r = tfx_refresh(&f, basic, rt, "");
	REQUIRE(r.status == 200);
	CHECK(tfx_num(r.json, "expires_in") == 600); /* capped at the grant's new end */
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 600);
	cJSON_Delete(g);
	char *rt2 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	/* the grant's end is checked again at the host's time after the callback */
	f.kv.callback_answer = NULL;
	f.kv.now = FX_NOW + 500;
	snprintf(buf, sizeof buf, "[{},0,%lld]", (long long)(FX_NOW + 541) * 1000);
	tfx_callback_answer(&f, buf + 128, 128, buf, "", "");
	r = tfx_refresh(&f, basic, rt2, "");
	CHECK_ERR(r, "400 invalid_grant: Refresh token has expired");
	tresp_free(&r);
	/* a clock that went back is not taken */
	snprintf(buf, sizeof buf, "[{},0,%lld]", (long long)(FX_NOW - 1000) * 1000);
	tfx_callback_answer(&f, buf + 128, 128, buf, "", "");
	r = tfx_refresh(&f, basic, rt2, "");
	CHECK(r.status == 200 && tfx_num(r.json, "expires_in") == 100);
	tresp_free(&r);
	free(rt); free(rt2); free(basic);
	tfx_free(&f);
}

OC_TEST(token_callback_thrown)
{
	static const struct { const char *thrown; const char *want; int revoked; } cases[] = {
		{ "{\"kind\":\"OAuthError\",\"code\":\"invalid_grant\",\"description\":\"upstream says no\",\"statusCode\":400,\"headers\":[]}",
		  "400 invalid_grant: upstream says no", 1 },
		{ "{\"kind\":\"OAuthError\",\"code\":\"temporarily_unavailable\",\"description\":\"later\",\"statusCode\":429,"
		  "\"headers\":[[\"Retry-After\",\"60\"],[\"Cache-Control\",\"no-store, max-age=0\"]]}", "429 temporarily_unavailable: later", 0 },
		{ "{\"kind\":\"OAuthError\",\"code\":\"upstream_down\",\"statusCode\":503,\"headers\":[]}", "503 upstream_down: ", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tfx f;
		tfx_setup(&f, CB);
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *rt = tfx_start_grant(&f, basic);
		REQUIRE(rt);
		CHECK(fake_kv_count(&f.kv, TPFX) == 1);
		f.kv.callback_answer = cases[i].thrown;
		f.kv.callback_answer_len = 0;
		f.kv.callback_status = OC_FXR_FAILED;
		tresp r = tfx_refresh(&f, basic, rt, "");
		CHECK_ERR(r, cases[i].want);
		CHECK(fake_kv_count(&f.kv, GKEY) == !cases[i].revoked);
		CHECK(fake_kv_count(&f.kv, TPFX) == !cases[i].revoked);
		if (i == 1) {
			CHECK_STR(tresp_header(&r, "Retry-After"), "60");
			CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store, max-age=0");
		}
		if (i == 2)
			CHECK_STR(r.body, "{\"error\":\"upstream_down\"}");
		tresp_free(&r);
		free(rt); free(basic);
		tfx_free(&f);
	}
	/* anything else thrown escapes as it was; a status no Response can carry escapes as a TypeError */
	static const struct { const char *thrown; const char *message; } escapes[] = {
		{ "{\"kind\":\"other\"}", NULL },
		{ "", NULL },
		{ "{\"kind\":\"ExternalTokenError\",\"code\":\"invalid_grant\"}", NULL },
		{ "{\"kind\":\"OAuthError\",\"code\":\"invalid_grant\",\"statusCode\":700}", "OAuthError statusCode must be an integer from 200 to 599" },
	};
	for (size_t i = 0; i < sizeof escapes / sizeof *escapes; i++) {
		tfx f;
		tfx_setup(&f, CB);
		char *basic = tfx_basic(C, FX_SECRET_C);
		f.kv.callback_answer = escapes[i].thrown;
		f.kv.callback_answer_len = 0;
		f.kv.callback_status = OC_FXR_FAILED;
		tresp r = exchange(&f, basic, "");
		CHECK_STR(kind(&r), "throw");
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "message"));
		CHECK(escapes[i].message ? m != NULL && strcmp(m, escapes[i].message) == 0 : m == NULL);
		/* nothing written: the code is still pending */
		char *pending = tfx_grant_member(&f, "authCodeWrappedKey");
		CHECK(pending != NULL && fake_kv_count(&f.kv, TPFX) == 0);
		free(pending);
		tresp_free(&r);
		free(basic);
		tfx_free(&f);
	}
}

OC_TEST(token_callback_invalid_grant_revocation_fails)
{
	/* a revocation that fails at any of its effects: the callback's answer stands, the grant partly kept */
	for (unsigned n = 1; n <= 4; n++) {
		tfx f;
		tfx_setup(&f, CB);
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *rt = tfx_start_grant(&f, basic);
		REQUIRE(rt);
		f.kv.callback_answer = "{\"kind\":\"OAuthError\",\"code\":\"invalid_grant\",\"description\":\"no\",\"headers\":[]}";
		f.kv.callback_status = OC_FXR_FAILED;
		/* body, the load batch (client, grant), the callback; then the revocation's effects */
		f.kv.fail_at = f.kv.performed + 4 + n;
		f.kv.fail_status = OC_FXR_FAILED;
		tresp r = tfx_refresh(&f, basic, rt, "");
		CHECK_ERR(r, "400 invalid_grant: no");
		/* list, token delete, grant delete: each failure leaves the grant for a retry; n = 4: none failed */
		CHECK(fake_kv_count(&f.kv, GKEY) == (n <= 3));
		CHECK(n == 4 || f.kv.faulted_kind == OC_FX_KV_LIST || f.kv.faulted_kind == OC_FX_KV_DELETE);
		tresp_free(&r);
		free(rt); free(basic);
		tfx_free(&f);
	}
}
