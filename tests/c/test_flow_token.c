/*
 * The token endpoint driver (src/flow/oc_flow_token.c): request shape and
 * grant dispatch, client authentication at the endpoint, storage failures.
 */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

/* Client authentication failures: answer, challenge header, KV untouched. */
static void auth_case(const char *auth, const char *body_prefix, const char *want, int challenge, int line)
{
	tfx f;
	tfx_setup(&f, "");
	tfx_client(&f, "clientDCR0000000", "client_secret_basic", FX_SECRET_C, 0);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), body[1024];
	snprintf(body, sizeof body, "%sgrant_type=authorization_code&code=%s" CV, body_prefix, ec);
	char *before = fake_kv_dump(&f.kv);
	tresp r = tfx_post(&f, auth, NULL, body, NULL);
	char *after = fake_kv_dump(&f.kv);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	CHECK((tresp_header(&r, "WWW-Authenticate") != NULL) == challenge);
	CHECK(challenge == 0 || strcmp(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"") == 0);
	if (want[0] != '2')
		CHECK(strcmp(before, after) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(before); free(after); free(ec); free(code);
	tfx_free(&f);
}

OC_TEST(token_client_auth)
{
	char *good = tfx_basic(C, FX_SECRET_C), *wrong = tfx_basic(C, "nope"), *empty = tfx_basic(C, "");
	char *unknown = tfx_basic("nobody", "x"), *c2 = tfx_basic(C2, FX_SECRET_C2);
	char *dcr = tfx_basic("clientDCR0000000", FX_SECRET_C);
	auth_case(NULL, "", "401 invalid_client: Client ID is required", 0, __LINE__);
	auth_case(NULL, "client_id=" C "&", "401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(wrong, "", "401 invalid_client: Client authentication failed: invalid client_secret", 1, __LINE__);
	auth_case(NULL, "client_id=" C2 "&client_secret=nope&",
		"401 invalid_client: Client authentication failed: invalid client_secret", 0, __LINE__);
	auth_case(NULL, "client_id=" C "&client_secret=" FX_SECRET_C "&",
		"401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(c2, "", "401 invalid_client: Client authentication failed", 1, __LINE__);
	auth_case(good, "client_secret=" FX_SECRET_C "&",
		"400 invalid_request: Client must not use multiple authentication methods", 0, __LINE__);
	auth_case(good, "client_id=" C2 "&",
		"400 invalid_request: Client must not use multiple authentication methods", 0, __LINE__);
	auth_case("Basic !!!", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case("Basic bm9jb2xvbg==", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case("Basic", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case(empty, "", "401 invalid_client: Client authentication failed: missing client_secret", 1, __LINE__);
	auth_case(unknown, "", "401 invalid_client: Client not found", 1, __LINE__);
	auth_case("Bearer user1:" G1 ":xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", "401 invalid_client: Client ID is required", 0, __LINE__);
	auth_case(NULL, "client_id=nobody&", "401 invalid_client: Client not found", 0, __LINE__);
	auth_case(NULL, "client_id=" P "&client_secret=x&", "401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(NULL, "client_id=" P "&client_id=" P "&",
		"400 invalid_request: Request parameter \"client_id\" must not be repeated", 0, __LINE__);
	/* lower-case scheme works; a client without authMethodExplicit takes either method */
	good[0] = 'b';
	auth_case(good, "", "200 : ", 0, __LINE__);
	auth_case(dcr, "", "400 invalid_grant: Client ID mismatch", 0, __LINE__);
	auth_case(NULL, "client_id=clientDCR0000000&client_secret=" FX_SECRET_C "&",
		"400 invalid_grant: Client ID mismatch", 0, __LINE__);
	free(good); free(wrong); free(empty); free(unknown); free(c2); free(dcr);
}

static void request_case(const char *ctype, const char *body, const char *want, int line)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = tfx_post(&f, basic, ctype, body, NULL);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	CHECK(tresp_header(&r, "Cache-Control") && strcmp(tresp_header(&r, "Cache-Control"), "no-store") == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(basic);
	tfx_free(&f);
}

OC_TEST(token_request_shape)
{
	const char *ct = "400 invalid_request: Content-Type must be application/x-www-form-urlencoded";
	request_case("", "grant_type=authorization_code", ct, __LINE__);
	request_case("application/json", "{}", ct, __LINE__);
	request_case("text/plain", "grant_type=authorization_code", ct, __LINE__);
	request_case("multipart/form-data; boundary=x", "", ct, __LINE__);
	request_case("application/x-www-form-urlencodedx", "", ct, __LINE__);
	const char *ugt = "400 unsupported_grant_type: Grant type not supported";
	request_case("APPLICATION/X-WWW-FORM-URLENCODED", "grant_type=password&username=a&password=b", ugt, __LINE__);
	request_case(NULL, "grant_type=client_credentials", ugt, __LINE__);
	request_case(NULL, "grant_type=AUTHORIZATION_CODE&code=a", ugt, __LINE__);
	request_case(NULL, "grant_type=authorization_code%FF&code=a", ugt, __LINE__);
	/* No grant_type (an empty one counts as absent) and no token: RFC 6749
	 * §5.2's invalid_request, a deliberate difference (the reference answers
	 * unsupported_grant_type), once the client is authenticated. */
	const char *missing = "400 invalid_request: grant_type is required (or token, for revocation)";
	request_case("application/x-www-form-urlencoded; charset=UTF-8", "", missing, __LINE__);
	request_case(NULL, "grant_type=", missing, __LINE__);
	request_case(NULL, "grant_type=&code=a", missing, __LINE__);
	request_case(NULL, "token=", missing, __LINE__);
	request_case(NULL, "grant_type=&token=", missing, __LINE__);
	/* client authentication comes before the grant type (R-TOKEN-05) */
	request_case(NULL, "client_id=x", "400 invalid_request: Client must not use multiple authentication methods", __LINE__);
	request_case(NULL, "grant_type=refresh_token&grant_type=authorization_code",
		"400 invalid_request: Request parameter \"grant_type\" must not be repeated", __LINE__);
	request_case(NULL, "grant_type=refresh_token", "400 invalid_request: Refresh token is required", __LINE__);
	request_case(NULL, "grant_type=refresh_token&refresh_token=abc", "400 invalid_grant: Invalid token format", __LINE__);
}

OC_TEST(token_storage_failures)
{
	/* effects of a code exchange: 1 body, 2 client get, 3 grant get, 4 token put, 5 grant put */
	struct { unsigned at; uint32_t status; const char *want; int code_still_works; } cases[] = {
		{ 2, OC_FXR_RATE_LIMITED, "429 temporarily_unavailable: Storage is rate limited, retry later", 1 },
		{ 3, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 4, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 5, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 4, OC_FXR_RATE_LIMITED, "429 temporarily_unavailable: Token issuance is temporarily unavailable; retry shortly", 1 },
		{ 5, OC_FXR_RATE_LIMITED, "429 temporarily_unavailable: Token issuance is temporarily unavailable; retry shortly", 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		tfx_setup(&f, "");
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
		char *grant_before = tfx_dup(fake_kv_find(&f.kv, GKEY)->val);
		f.kv.fail_at = cases[i].at;
		f.kv.fail_status = cases[i].status;
		tresp r = tfx_exchange(&f, basic, code, "");
		CHECK_ERR(r, cases[i].want);
		/* a rate-limited token or grant write says when to retry (R-TOKEN-10) */
		const char *retry = tresp_header(&r, "Retry-After");
		if (cases[i].at >= 4 && cases[i].status == OC_FXR_RATE_LIMITED)
			CHECK(retry != NULL && strcmp(retry, "30") == 0);
		else
			CHECK(retry == NULL);
		tresp_free(&r);
		/* the grant is untouched, so the code still works (an orphan token record may remain) */
		CHECK(strcmp(fake_kv_find(&f.kv, GKEY)->val, grant_before) == 0);
		f.kv.fail_at = 0;
		r = tfx_exchange(&f, basic, code, "");
		CHECK(r.status == 200);
		tresp_free(&r);
		free(grant_before); free(code); free(basic);
		tfx_free(&f);
	}
	/* a refresh whose grant write fails leaves the presented token current */
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = tfx_start_grant(&f, basic);
	f.kv.fail_at = f.kv.performed + 5;
	f.kv.fail_status = OC_FXR_FAILED;
	tresp r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 500);
	tresp_free(&r);
	char *cur = tfx_grant_member(&f, "refreshTokenId");
	CHECK(tfx_is_id_of(cur, rt));
	free(cur);
	r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(rt); free(basic);
	tfx_free(&f);
}

/* R-TOKEN-05, R-TOKEN-09: client authentication, with its KV read, before the grant type; the resource
 * parameter before the grant is read. */
OC_TEST(token_rule_client_authentication_first)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C), *wrong = tfx_basic(C, "nope");
	char *before = fake_kv_dump(&f.kv);
	tresp r = tfx_post_f(&f, NULL, "grant_type=password&username=a&password=b");
	CHECK_ERR(r, "401 invalid_client: Client ID is required");
	CHECK(tresp_header(&r, "WWW-Authenticate") == NULL);
	tresp_free(&r);
	POST_CHECK(&f, basic, "400 invalid_request: Client must not use multiple authentication methods", "client_id=x");
	POST_CHECK(&f, NULL, "401 invalid_client: Client not found",
		"grant_type=client_credentials&client_id=unknownclient123");
	r = tfx_post_f(&f, wrong, "grant_type=client_credentials");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: invalid client_secret");
	CHECK(tresp_header(&r, "WWW-Authenticate") && strcmp(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"") == 0);
	tresp_free(&r);
	/* authenticated: now the grant type answers (none: our deliberate answer, R-TOKEN-06) */
	POST_CHECK(&f, NULL, "400 invalid_request: grant_type is required (or token, for revocation)", "client_id=" P);
	POST_CHECK(&f, basic, "400 unsupported_grant_type: Grant type not supported", "grant_type=password");
	/* R-TOKEN-09: the resource parameter before the grant's own rules */
	POST_CHECK(&f, basic, "400 invalid_target: The resource parameter must name exactly one configured protected resource",
		"grant_type=authorization_code&code=abc&resource=https%%3A%%2F%%2Fevil.example%%2Fapi");
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);
	free(before); free(after); free(basic); free(wrong);
	tfx_free(&f);
}

/* R-TOKEN-04, R-AUTH-03, R-AUTH-20, R-AUTH-22: empty client parameters; a secret method without a stored secret. */
OC_TEST(token_rule_empty_client_parameters)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	/* R-TOKEN-04: an empty client_id is no repeat */
	char *code = tfx_pending_grant(&f, "user3", G1, P, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = tfx_exchange(&f, NULL, code, "&client_id=&client_id=" P "&client_assertion=&client_assertion_type=");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(code);
	/* R-AUTH-03: Basic plus empty body credentials */
	code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	r = tfx_exchange(&f, basic, code, "&client_id=&client_secret=");
	CHECK(r.status == 200);
	char *rt = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	free(code);
	/* R-AUTH-20: an empty client_secret presents none, which a client_secret_post client may not use */
	code = tfx_pending_grant(&f, "user4", G1, C2, "[\"read\"]", "S256", FX_VERIFIER);
	r = tfx_exchange(&f, NULL, code, "&client_id=" C2 "&client_secret=");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed");
	tresp_free(&r);
	/* R-AUTH-22: a client record without clientSecret */
	tfx_edit_record(&f, "client:" C2, "clientSecret", NULL);
	r = tfx_exchange(&f, NULL, code, "&client_id=" C2 "&client_secret=" FX_SECRET_C2);
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: client has no registered secret");
	tresp_free(&r);
	tfx_edit_record(&f, "client:" C, "clientSecret", NULL);
	char *ert = tfx_enc(rt);
	r = tfx_post_f(&f, basic, "grant_type=refresh_token&refresh_token=%s", ert);
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: client has no registered secret");
	CHECK(tresp_header(&r, "WWW-Authenticate") != NULL);
	tresp_free(&r);
	free(ert); free(rt); free(code); free(basic);
	tfx_free(&f);
}
