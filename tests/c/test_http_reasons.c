/*
 * The reasons error answers carry for onError (oc_err.h, the answer's
 * error.internal): every refusal of the token endpoint, the bearer check and
 * the registration endpoint names the check that failed, the reference's
 * category and reason where it has the same check, and never puts it on the
 * wire (tests/compat/on-error.test.mjs compares them with the reference's).
 */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

/* Checks the answer's "status error: description" and its reason; neither the reason's words nor its category reach the body. */
static void check(tresp *r, const char *want_err, const char *want_why, int line)
{
	const char *err = tresp_err(r);
	int ok_err = strcmp(err, want_err) == 0;
	CHECK(ok_err);
	if (!ok_err)
		fprintf(stderr, "  line %d: got  %s\n    want %s\n", line, err, want_err);
	const char *why = tresp_why(r);
	int ok_why = strcmp(why, want_why) == 0;
	CHECK(ok_why);
	if (!ok_why)
		fprintf(stderr, "  line %d: got  %s\n    want %s\n", line, why, want_why);
	char category[64];
	snprintf(category, sizeof category, "%.*s", (int)strcspn(want_why, " "), want_why);
	CHECK(r->body == NULL || strstr(r->body, category) == NULL);
}

static void post_case(const char *auth, const char *ctype, const char *body, const char *want_err,
	const char *want_why, int line)
{
	tfx f;
	tfx_setup(&f, "");
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), *full = malloc(strlen(body) + strlen(ec) + 1), *at;
	/* "CODE" in body stands for the pending grant's code */
	if ((at = strstr(body, "CODE")) != NULL)
		sprintf(full, "%.*s%s%s", (int)(at - body), body, ec, at + 4);
	else
		strcpy(full, body);
	tresp r = tfx_post(&f, auth, ctype, full, NULL);
	check(&r, want_err, want_why, line);
	tresp_free(&r);
	free(full); free(ec); free(code);
	tfx_free(&f);
}
#define POST(auth, ctype, body, err, why) post_case(auth, ctype, body, err, why, __LINE__)

OC_TEST(http_reasons_token_endpoint)
{
	char *basic = tfx_basic(C, FX_SECRET_C), *wrong = tfx_basic(C, "nope"), *c2 = tfx_basic(C2, FX_SECRET_C2);
	char *empty = tfx_basic(C, "");
	const char *code = "grant_type=authorization_code&code=CODE";

	POST(basic, "text/plain", code, "400 invalid_request: Content-Type must be application/x-www-form-urlencoded",
		"token-endpoint-request unsupported_content_type");
	POST(basic, NULL, "grant_type=authorization_code&code=a&code=b",
		"400 invalid_request: Request parameter \"code\" must not be repeated",
		"token-endpoint-request repeated_parameter {\"parameter\":\"code\"}");
	POST(basic, NULL, "grant_type=authorization_code&code=%zz", "400 invalid_request: malformed percent-encoding",
		"token-endpoint-request malformed_request_body");
	POST(basic, NULL, "client_id=" C "&grant_type=x", "400 invalid_request: Client must not use multiple authentication methods",
		"client-authentication multiple_authentication_methods");
	POST("Basic !!!", NULL, code, "401 invalid_client: Client authentication failed: invalid Basic credentials",
		"client-authentication malformed_basic_credentials");
	POST(NULL, NULL, "client_assertion=x&grant_type=x",
		"400 invalid_request: client_assertion and client_assertion_type must be sent together",
		"client-authentication client_assertion_incomplete");
	POST(NULL, NULL, code, "401 invalid_client: Client ID is required", "client-authentication client_id_missing");
	POST(NULL, NULL, "client_id=nobody&grant_type=x", "401 invalid_client: Client not found",
		"client-authentication client_not_found");
	POST(c2, NULL, code, "401 invalid_client: Client authentication failed",
		"client-authentication token_endpoint_auth_method_mismatch "
		"{\"clientId\":\"" C2 "\",\"registeredMethod\":\"client_secret_post\",\"presentedMethod\":\"client_secret_basic\"}");
	POST(empty, NULL, code, "401 invalid_client: Client authentication failed: missing client_secret",
		"client-authentication client_secret_missing");
	POST(wrong, NULL, code, "401 invalid_client: Client authentication failed: invalid client_secret",
		"client-authentication client_secret_mismatch");
	POST(basic, NULL, "grant_type=password", "400 unsupported_grant_type: Grant type not supported",
		"token-endpoint-request grant_type_not_supported");
	POST(basic, NULL, "scope=read", "400 invalid_request: grant_type is required (or token, for revocation)",
		"token-endpoint-request grant_type_missing");
	POST(basic, NULL, "grant_type=authorization_code&code=CODE&resource=https://other.example/",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource",
		"resource-indicator resource_not_configured");
	POST(basic, NULL, "grant_type=authorization_code", "400 invalid_request: Authorization code is required",
		"authorization-code-grant code_missing");
	POST(basic, NULL, "grant_type=authorization_code&code=abc", "400 invalid_grant: Invalid authorization code format",
		"authorization-code-grant code_malformed");
	POST(basic, NULL, "grant_type=authorization_code&code=user1:" G1 ":nope",
		"400 invalid_grant: Invalid authorization code", "authorization-code-grant code_mismatch");
	POST(basic, NULL, "grant_type=authorization_code&code=user1:grantBBBBBBBBBBB:nope",
		"400 invalid_grant: Grant not found or authorization code expired", "authorization-code-grant grant_not_found");
	POST(basic, NULL, code, "400 invalid_request: code_verifier is required for PKCE",
		"authorization-code-grant code_verifier_missing");
	POST(basic, NULL, "grant_type=authorization_code&code=CODE&code_verifier=" FX_VERIFIER "x",
		"400 invalid_grant: Invalid PKCE code_verifier", "authorization-code-grant code_verifier_mismatch");
	POST(basic, NULL, "grant_type=authorization_code&code=CODE&redirect_uri=https://evil.example/cb",
		"400 invalid_grant: Invalid redirect URI", "authorization-code-grant redirect_uri_invalid");
	POST(basic, NULL, "grant_type=authorization_code&code=CODE&scope=write" CV,
		"400 invalid_scope: None of the requested scopes were granted", "authorization-code-grant scope_not_granted");
	POST(basic, NULL, "grant_type=refresh_token", "400 invalid_request: Refresh token is required",
		"refresh-token-grant refresh_token_missing");
	POST(basic, NULL, "grant_type=refresh_token&refresh_token=abc", "400 invalid_grant: Invalid token format",
		"refresh-token-grant refresh_token_malformed");
	POST(basic, NULL, "grant_type=refresh_token&refresh_token=user1:grantBBBBBBBBBBB:x", "400 invalid_grant: Grant not found",
		"refresh-token-grant grant_not_found");
	POST(basic, NULL, "grant_type=refresh_token&refresh_token=user1:" G1 ":x", "400 invalid_grant: Invalid refresh token",
		"refresh-token-grant refresh_token_mismatch");
	free(basic); free(wrong); free(c2); free(empty);
}

OC_TEST(http_reasons_grants_and_storage)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	const char *c2 = "&client_id=" C2 "&client_secret=" FX_SECRET_C2;
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = tfx_exchange(&f, basic, code, "");
	CHECK(r.status == 200);
	const char *rt = tresp_str(&r, "refresh_token");
	char *refresh = tfx_dup(rt);
	tresp_free(&r);
	r = tfx_exchange(&f, basic, code, "");
	check(&r, "400 invalid_grant: Authorization code already used", "authorization-code-grant code_replayed", __LINE__);
	tresp_free(&r);
	free(code);
	code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	r = tfx_exchange(&f, NULL, code, c2);
	check(&r, "400 invalid_grant: Client ID mismatch", "authorization-code-grant client_mismatch", __LINE__);
	tresp_free(&r);
	r = tfx_exchange(&f, basic, code, "");
	refresh = (free(refresh), tfx_dup(tresp_str(&r, "refresh_token")));
	tresp_free(&r);
	r = tfx_refresh(&f, NULL, refresh, c2);
	check(&r, "400 invalid_grant: Client ID mismatch", "refresh-token-grant client_mismatch", __LINE__);
	tresp_free(&r);
	r = tfx_refresh(&f, basic, refresh, "&scope=write");
	check(&r, "400 invalid_scope: None of the requested scopes were granted", "refresh-token-grant scope_not_granted", __LINE__);
	tresp_free(&r);
	/* a rate-limited write of the new tokens: the reference's reason, the store's Error as detail */
	f.kv.fail_at = f.kv.performed + 4;
	f.kv.fail_status = OC_FXR_RATE_LIMITED;
	r = tfx_refresh(&f, basic, refresh, "");
	check(&r, "429 temporarily_unavailable: Token issuance is temporarily unavailable; retry shortly",
		"token-issuance kv_rate_limited error", __LINE__);
	tresp_free(&r);
	f.kv.fail_at = f.kv.performed + 2; /* the client read (the body is the first effect) */
	f.kv.fail_status = OC_FXR_FAILED;
	r = tfx_refresh(&f, basic, refresh, "");
	check(&r, "500 server_error: Storage operation failed", "storage kv_failed error", __LINE__);
	tresp_free(&r);
	f.kv.fail_at = 0;
	free(refresh); free(code); free(basic);
	tfx_free(&f);
}

OC_TEST(http_reasons_bearer_and_registration)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	tresp r = tfx_request(&f, "GET", "https://example.com/api/x", "Bearer a:b:c", NULL, NULL, NULL);
	check(&r, "401 invalid_token: Invalid access token", "protected-resource token_not_found", __LINE__);
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/token", NULL, NULL, NULL, NULL);
	check(&r, "405 invalid_request: Method not allowed", "token-endpoint-request method_not_allowed", __LINE__);
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/register", NULL, NULL, NULL, NULL);
	check(&r, "405 invalid_request: Method not allowed", "client-registration method_not_allowed", __LINE__);
	tresp_free(&r);
	r = tfx_request(&f, "POST", "https://example.com/register", NULL, "application/json", "{", NULL);
	check(&r, "400 invalid_request: Invalid JSON payload", "client-registration json_malformed", __LINE__);
	tresp_free(&r);
	r = tfx_request(&f, "POST", "https://example.com/register", NULL, "application/json", "{\"redirect_uris\":[]}", NULL);
	check(&r, "400 invalid_client_metadata: redirect_uris is required and must not be empty",
		"client-registration metadata_invalid error", __LINE__);
	tresp_free(&r);
	/* a success has no error, so no reason */
	r = tfx_request(&f, "POST", "https://example.com/register", NULL, "application/json",
		"{\"redirect_uris\":[\"https://client.example.org/cb\"]}", NULL);
	CHECK(r.status == 201 && strcmp(tresp_why(&r), "") == 0);
	tresp_free(&r);
	tfx_free(&f);
}
