/* RFC 8693 token exchange at the token endpoint (src/flow/oc_flow_exchange.c), end to end. */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

#define XCHG ",\"enabledOptions\":[\"allowTokenExchangeGrant\"]"
#define XCHG_CB ",\"enabledOptions\":[\"allowTokenExchangeGrant\",\"tokenExchangeCallback\"]"
#define GT "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
#define AT_TYPE "urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"
/* C2 authenticates with client_secret_post */
#define AS_C2 "&client_id=" C2 "&client_secret=" FX_SECRET_C2
#define AT_TYPE_JSON "urn:ietf:params:oauth:token-type:access_token"

/* Registers the clients C and C2 for the token exchange grant too. */
static void register_exchange(tfx *f)
{
	const char *ids[] = { "client:" C, "client:" C2 };
	for (int i = 0; i < 2; i++) {
		cJSON *g = cJSON_CreateArray();
		cJSON_AddItemToArray(g, cJSON_CreateString("authorization_code"));
		cJSON_AddItemToArray(g, cJSON_CreateString("refresh_token"));
		cJSON_AddItemToArray(g, cJSON_CreateString("urn:ietf:params:oauth:grant-type:token-exchange"));
		REQUIRE(tfx_edit_record(f, ids[i], "grantTypes", g) == 0);
	}
}

/* A provider with extra, clients registered for the grant, and an access token of G1 (read write) for C. */
static char *setup(tfx *f, const char *extra, const char *basic)
{
	tfx_setup(f, extra);
	register_exchange(f);
	char *a = tfx_exchanged(f, basic, "access_token");
	CHECK(a != NULL);
	return a != NULL ? a : tfx_dup("none");
}

/* POSTs an exchange of subject with extra parameters. */
static tresp exchange(tfx *f, const char *auth, const char *subject, const char *extra)
{
	char *enc = tfx_enc(subject), body[2048];
	snprintf(body, sizeof body, "%s&subject_token=%s&subject_token_type=%s%s", GT, enc, AT_TYPE, extra);
	free(enc);
	return tfx_post(f, auth, NULL, body, NULL);
}

OC_TEST(exchange_issues_a_narrower_token)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, XCHG, basic);
	char *grant_before = tfx_grant_member(&f, "refreshTokenId");
	f.kv.now += 100;
	tresp r = exchange(&f, basic, a1, "");
	REQUIRE(r.status == 200);
	char *a2 = tfx_dup(tresp_str(&r, "access_token"));
	char want[768];
	/* the lifetime is capped at what the subject token has left */
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"issued_token_type\":\"" AT_TYPE_JSON "\","
		"\"token_type\":\"bearer\",\"expires_in\":3500,\"scope\":\"read write\",\"resource\":\"" FX_RESOURCE "\"}", a2);
	CHECK_STR(r.body, want);
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(tresp_header(&r, "Pragma"), "no-cache");
	tresp_free(&r);
	/* same grant and user, a new record; the grant is untouched; the props are the subject's */
	CHECK(strncmp(a2, "user1:" G1 ":", 23) == 0 && strcmp(a1, a2) != 0);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);
	char *k2 = tfx_token_key(a2);
	cJSON *t2 = tfx_record(&f, k2);
	REQUIRE(t2);
	CHECK(tfx_num(t2, "expiresAt") == FX_NOW + 100 + 3500);
	CHECK_STR(tfx_str(t2, "audience"), FX_RESOURCE);
	CHECK_STR(tfx_str(cJSON_GetObjectItem(t2, "grant"), "clientId"), C);
	cJSON_Delete(t2);
	char *grant_after = tfx_grant_member(&f, "refreshTokenId");
	CHECK_STR(grant_before, grant_after);
	char *p1 = tfx_props_of(&f, a1), *p2 = tfx_props_of(&f, a2);
	CHECK(p1 && p2 && strcmp(p1, p2) == 0);

	/* narrower scope and lifetime; the exchanged token may be exchanged again */
	r = exchange(&f, basic, a2, "&scope=read&expires_in=120&requested_token_type=");
	CHECK(r.status == 200 && strcmp(tresp_str(&r, "scope"), "read") == 0);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r.json, "expires_in")) == 120);
	char *a3 = tfx_dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	r = exchange(&f, basic, a3, "&scope=write");
	CHECK_ERR(r, "400 invalid_scope: None of the requested scopes were granted");
	CHECK_STR(tresp_why(&r), "token-exchange-grant scope_not_granted");
	tresp_free(&r);
	/* expires_in as parseInt reads it; an explicit resource naming the configured one */
	r = exchange(&f, basic, a1, "&expires_in=%20%2B90s&resource=https%3A%2F%2Fexample.com%2Fapi"
		"&requested_token_type=" AT_TYPE);
	CHECK(r.status == 200 && cJSON_GetNumberValue(cJSON_GetObjectItem(r.json, "expires_in")) == 90);
	tresp_free(&r);
	free(a3); free(p1); free(p2); free(grant_before); free(grant_after); free(k2); free(a2); free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(exchange_request_parameters)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, XCHG, basic);
	char *before = fake_kv_dump(&f.kv);
	static const struct { const char *body, *want, *why; } cases[] = {
		{ GT, "400 invalid_request: subject_token is required", "subject_token_missing" },
		{ GT "&subject_token=&subject_token_type=" AT_TYPE, "400 invalid_request: subject_token is required",
		  "subject_token_missing" },
		{ GT "&subject_token=x", "400 invalid_request: subject_token_type is required", "subject_token_type_missing" },
		{ GT "&subject_token=x&subject_token_type=", "400 invalid_request: subject_token_type is required",
		  "subject_token_type_missing" },
		{ GT "&subject_token=x&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Arefresh_token",
		  "400 invalid_request: Only access_token subject_token_type is supported", "subject_token_type_unsupported" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&requested_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt",
		  "400 invalid_request: Only access_token requested_token_type is supported", "requested_token_type_unsupported" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=", "400 invalid_request: Invalid expires_in parameter",
		  "expires_in_invalid" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=0", "400 invalid_request: Invalid expires_in parameter",
		  "expires_in_invalid" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=-5", "400 invalid_request: Invalid expires_in parameter",
		  "expires_in_invalid" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=abc", "400 invalid_request: Invalid expires_in parameter",
		  "expires_in_invalid" },
		/* the parameters come before the subject token is looked at */
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=0x10", "400 invalid_request: Invalid expires_in parameter",
		  "expires_in_invalid" },
		{ GT "&subject_token=x&subject_token_type=" AT_TYPE "&expires_in=9", "400 invalid_request: Invalid or expired subject token",
		  "subject_token_invalid" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		tresp r = tfx_post(&f, basic, NULL, cases[i].body, NULL);
		char why[96];
		snprintf(why, sizeof why, "token-exchange-grant %s", cases[i].why);
		CHECK_ERR(r, cases[i].want);
		CHECK_STR(tresp_why(&r), why);
		tresp_free(&r);
	}
	/* a lifetime below 60 s once capped */
	tresp r = exchange(&f, basic, a1, "&expires_in=59");
	CHECK_ERR(r, "400 invalid_request: Requested token lifetime must be at least 60 seconds");
	CHECK_STR(tresp_why(&r), "token-exchange-grant requested_ttl_too_short");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before); free(after); free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(exchange_subject_token_rules)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, XCHG, basic);
	char *rt = tfx_grant_member(&f, "refreshTokenId");
	tresp r;
	/* not an access token of this server: unknown, malformed, tampered */
	const char *bad[] = { "user1:" G1 ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "nocolons", "a:b:c:d", "user1:short:x" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = exchange(&f, basic, bad[i], "");
		CHECK_ERR(r, "400 invalid_request: Invalid or expired subject token");
		CHECK_STR(tresp_why(&r), "token-exchange-grant subject_token_invalid");
		tresp_free(&r);
	}
	char *k1 = tfx_token_key(a1);
	/* a record whose key does not open with the token */
	cJSON *rec = tfx_record(&f, k1);
	char *wrapped = tfx_dup(tfx_str(rec, "wrappedEncryptionKey"));
	cJSON_Delete(rec);
	REQUIRE(tfx_edit_record(&f, k1, "wrappedEncryptionKey", cJSON_CreateString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_request: Invalid or expired subject token");
	tresp_free(&r);
	REQUIRE(tfx_edit_record(&f, k1, "wrappedEncryptionKey", cJSON_CreateString(wrapped)) == 0);
	/* an audience naming no configured resource */
	REQUIRE(tfx_edit_record(&f, k1, "audience", cJSON_CreateString("https://other.example/api")) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_target: Subject token is not bound to a configured resource");
	CHECK_STR(tresp_why(&r), "resource-indicator subject_token_audience_unbound");
	tresp_free(&r);
	/* none stored (a token from before audiences): the configured resource */
	REQUIRE(tfx_edit_record(&f, k1, "audience", NULL) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK(r.status == 200 && strcmp(tresp_str(&r, "resource"), FX_RESOURCE) == 0);
	tresp_free(&r);
	/* a resource other than the configured one: the token endpoint's rule, first */
	r = exchange(&f, basic, a1, "&resource=https%3A%2F%2Fother.example%2Fapi&expires_in=0");
	CHECK_ERR(r, "400 invalid_target: The resource parameter must name exactly one configured protected resource");
	tresp_free(&r);
	/* a token record without its own scope: the grant's copy */
	REQUIRE(tfx_edit_record(&f, k1, "scope", NULL) == 0);
	REQUIRE(tfx_edit_record(&f, k1, "grant.scope", cJSON_CreateStringArray((const char *[]){ "write" }, 1)) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK(r.status == 200 && strcmp(tresp_str(&r, "scope"), "write") == 0);
	tresp_free(&r);
	/* less than 60 s left; expired (expiresAt < now) */
	f.kv.now = FX_NOW + 3600 - 59;
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_request: Subject token is too close to expiry to exchange");
	CHECK_STR(tresp_why(&r), "token-exchange-grant subject_token_near_expiry");
	tresp_free(&r);
	f.kv.now = FX_NOW + 3600 - 60;
	r = exchange(&f, basic, a1, "");
	CHECK(r.status == 200 && cJSON_GetNumberValue(cJSON_GetObjectItem(r.json, "expires_in")) == 60);
	tresp_free(&r);
	REQUIRE(tfx_edit_record(&f, k1, "expiresAt", cJSON_CreateNumber((double)(FX_NOW + 3000))) == 0);
	f.kv.now = FX_NOW + 3001;
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_request: Invalid or expired subject token");
	tresp_free(&r);
	f.kv.now = FX_NOW + 100;
	/* its grant gone */
	fake_kv_set(&f.kv, GKEY, "x", NULL, FX_NOW + 1); /* expired: invisible */
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_request: Grant not found");
	CHECK_STR(tresp_why(&r), "token-exchange-grant grant_not_found");
	tresp_free(&r);
	free(wrapped); free(k1); free(rt); free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(exchange_clients)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, XCHG, basic);
	/* another client's subject token, without a callback */
	tresp r = exchange(&f, NULL, a1, AS_C2);
	CHECK_ERR(r, "400 invalid_request: The subject token was issued to a different client");
	CHECK_STR(tresp_why(&r), "token-exchange-grant cross_client_subject_token");
	tresp_free(&r);
	/* client authentication comes first */
	char *wrong = tfx_basic(C, FX_SECRET_C2);
	r = exchange(&f, wrong, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: invalid client_secret");
	CHECK_STR(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"");
	tresp_free(&r);
	r = exchange(&f, NULL, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client ID is required");
	tresp_free(&r);
	/* a client whose grantTypes lack the grant */
	cJSON *gt = cJSON_CreateStringArray((const char *[]){ "authorization_code", "refresh_token" }, 2);
	REQUIRE(tfx_edit_record(&f, "client:" C, "grantTypes", gt) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 unauthorized_client: The client is not registered for this grant type");
	tresp_free(&r);
	REQUIRE(tfx_edit_record(&f, "client:" C, "grantTypes", NULL) == 0);
	r = exchange(&f, basic, a1, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(wrong); free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(exchange_option_off)
{
	tfx f;
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, "", basic);
	tresp r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 unsupported_grant_type: Grant type not supported");
	tresp_free(&r);
	/* discovery: the grant is advertised only with the option */
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	char *g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "grant_types_supported"));
	CHECK_STR(g, "[\"authorization_code\",\"refresh_token\"]");
	free(g);
	tresp_free(&r);
	tfx_free(&f);
	tfx_init(&f, XCHG ",\"allowClientCredentialsGrant\":true,\"allowImplicitFlow\":true");
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "grant_types_supported"));
	CHECK_STR(g, "[\"authorization_code\",\"refresh_token\",\"client_credentials\",\"implicit\","
		"\"urn:ietf:params:oauth:grant-type:token-exchange\"]");
	free(g);
	tresp_free(&r);
	/* createClient registers the grant type only with the option */
	cJSON *out = tfx_helper(&f, OC_KIND_CREATE_CLIENT, "{\"redirectUris\":[\"https://x.example/cb\"],"
		"\"grantTypes\":[\"authorization_code\",\"urn:ietf:params:oauth:grant-type:token-exchange\"]}");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "t")), "value");
	cJSON_Delete(out);
	tfx_free(&f);
	tfx_init(&f, "");
	out = tfx_helper(&f, OC_KIND_CREATE_CLIENT, "{\"redirectUris\":[\"https://x.example/cb\"],"
		"\"grantTypes\":[\"authorization_code\",\"urn:ietf:params:oauth:grant-type:token-exchange\"]}");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "description")),
		"Unsupported grant_type: urn:ietf:params:oauth:grant-type:token-exchange");
	cJSON_Delete(out);
	free(a1); free(basic);
	tfx_free(&f);
}

OC_TEST(exchange_with_callback)
{
	tfx f;
	char buf[512];
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *a1 = setup(&f, XCHG_CB, basic);
	unsigned calls = f.kv.callbacks;
	/* nothing returned: the subject token's props, its scope, the capped lifetime */
	tresp r = exchange(&f, basic, a1, "&scope=read");
	CHECK(r.status == 200 && f.kv.callbacks == calls + 1);
	static const char want[] = "{\"grantType\":\"urn:ietf:params:oauth:grant-type:token-exchange\",\"clientId\":\"" C "\","
		"\"subjectClientId\":\"" C "\",\"userId\":\"user1\",\"grantId\":\"" G1 "\",\"scope\":[\"read\",\"write\"],"
		"\"requestedScope\":[\"read\"],\"resource\":\"" FX_RESOURCE "\",\"props\":";
	REQUIRE(f.kv.callback_arg != NULL);
	CHECK(strncmp(f.kv.callback_arg, want, sizeof want - 1) == 0);
	char *given = tfx_props_of(&f, a1);
	CHECK(given != NULL && strncmp(f.kv.callback_arg + sizeof want - 1, given, strlen(given)) == 0);
	free(given);
	tresp_free(&r);

	/* cross-client: refused unless the callback allows it */
	r = exchange(&f, NULL, a1, AS_C2);
	CHECK_ERR(r, "400 invalid_request: The subject token was issued to a different client");
	tresp_free(&r);
	CHECK(strstr(f.kv.callback_arg, "\"clientId\":\"" C2 "\",\"subjectClientId\":\"" C "\"") != NULL);
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"allowCrossClientExchange\":true,\"accessTokenTTL\":7200,\"accessTokenScope\":\"write admin write\"},0,0]",
		"", "{\"only\":\"token\"}");
	r = exchange(&f, NULL, a1, AS_C2 "&scope=read");
	REQUIRE(r.status == 200);
	/* the TTL capped at the subject's; accessTokenScope within the subject token's scope, repeats kept */
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r.json, "expires_in")) == 3600);
	CHECK_STR(tresp_str(&r, "scope"), "write write");
	char *a2 = tfx_dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	char *k2 = tfx_token_key(a2);
	cJSON *t2 = tfx_record(&f, k2);
	CHECK_STR(tfx_str(cJSON_GetObjectItem(t2, "grant"), "clientId"), C2);
	cJSON_Delete(t2);
	char *p2 = tfx_props_of(&f, a2);
	CHECK_STR(p2, "{\"only\":\"token\"}");
	/* newProps are the token's too (the grant is not written) */
	char *before = tfx_grant_member(&f, "encryptedProps");
	tfx_callback_answer(&f, buf, sizeof buf, "[{},0,0]", "{\"n\":1}", "");
	r = exchange(&f, basic, a1, "");
	REQUIRE(r.status == 200);
	char *a3 = tfx_dup(tresp_str(&r, "access_token")), *p3 = tfx_props_of(&f, a3);
	CHECK_STR(p3, "{\"n\":1}");
	tresp_free(&r);
	char *after = tfx_grant_member(&f, "encryptedProps");
	CHECK_STR(before, after);
	/* newProps that are the props given: the subject's ciphertext, shared */
	tfx_callback_answer(&f, buf, sizeof buf, "[{},8,0]", "{\"n\":2}", "");
	r = exchange(&f, basic, a1, "");
	char *a4 = tfx_dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	char *k1 = tfx_token_key(a1), *k4 = tfx_token_key(a4);
	cJSON *t1 = tfx_record(&f, k1), *t4 = tfx_record(&f, k4);
	CHECK_STR(tfx_str(cJSON_GetObjectItem(t1, "grant"), "encryptedProps"), tfx_str(cJSON_GetObjectItem(t4, "grant"), "encryptedProps"));
	cJSON_Delete(t1);
	cJSON_Delete(t4);
	/* a lifetime from the callback below 60 */
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"accessTokenTTL\":30},0,0]", "", "");
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_request: Requested token lifetime must be at least 60 seconds");
	tresp_free(&r);
	/* the refresh token's lifetimes are not the exchange's */
	tfx_callback_answer(&f, buf, sizeof buf, "[{\"refreshTokenTTL\":5,\"refreshTokenIdleTTL\":\"x\"},0,0]", "", "");
	r = exchange(&f, basic, a1, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	/* invalid_grant thrown: the grant and its tokens are revoked */
	f.kv.callback_answer = "{\"kind\":\"OAuthError\",\"code\":\"invalid_grant\",\"description\":\"upstream gone\",\"headers\":[]}";
	f.kv.callback_answer_len = 0;
	f.kv.callback_status = OC_FXR_FAILED;
	r = exchange(&f, basic, a1, "");
	CHECK_ERR(r, "400 invalid_grant: upstream gone");
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	free(k1); free(k4); free(a4); free(before); free(after); free(a3); free(p3);
	free(p2); free(k2); free(a2); free(a1); free(basic);
	tfx_free(&f);
}
