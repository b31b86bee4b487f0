/*
 * The token endpoint refuses a grant type the client is not registered for
 * (issue #15, item 2), as 1.2.3 answers: after client authentication, before
 * anything else about the grant, 400 unauthorized_client "The client is not
 * registered for this grant type". refresh_token counts as registered with
 * authorization_code; a client record without grantTypes may use any;
 * revocation is not a grant. 0.10.4 has no such rule.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define GRANT "grantAAAAAAAAAAA"
#define REFUSED "400 unauthorized_client: The client is not registered for this grant type"

/* A confidential client (secret FX_SECRET_C) whose record lists grant_types (a JSON array, or NULL: none). */
static void client_with(tfx *f, const char *id, const char *grant_types)
{
	char json[1024], hash[65], key[64];
	oc_token_client_secret_hash(hash, FX_SECRET_C, strlen(FX_SECRET_C));
	snprintf(json, sizeof json, "{\"clientId\":\"%s\",\"redirectUris\":[\"" FX_REDIRECT "\"]%s%s%s,"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"%s\"}", id,
		grant_types ? ",\"grantTypes\":" : "", grant_types ? grant_types : "", grant_types ? ",\"responseTypes\":[]" : "",
		hash);
	snprintf(key, sizeof key, "client:%s", id);
	fake_kv_set(&f->kv, key, json, NULL, 0);
}

/* POSTs body as client id (Basic); "200" or "status error: description". */
static const char *post(tfx *f, const char *id, const char *secret, const char *body)
{
	static char out[512];
	char *basic = tfx_basic(id, secret);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	snprintf(out, sizeof out, "%s", r.status == 200 ? "200" : tresp_err(&r));
	tresp_free(&r);
	free(basic);
	return out;
}

static char *code_body(const char *code)
{
	char *ec = tfx_enc(code), *b = malloc(strlen(ec) + 256);
	sprintf(b, "grant_type=authorization_code&code=%s&code_verifier=" FX_VERIFIER, ec);
	free(ec);
	return b;
}

OC_TEST(token_grant_type_not_registered)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	client_with(&f, "clientR000000000", "[\"refresh_token\"]");
	client_with(&f, "clientN000000000", "[]");
	client_with(&f, "clientA000000000", "[\"authorization_code\"]");
	client_with(&f, "clientL000000000", NULL);

	/* a valid code of a client registered for refresh_token only: refused, nothing written */
	char *code = tfx_pending_grant(&f, "user1", GRANT, "clientR000000000", "[\"read\"]", "S256", FX_VERIFIER);
	char *body = code_body(code), *before = fake_kv_dump(&f.kv);
	CHECK_STR(post(&f, "clientR000000000", FX_SECRET_C, body), REFUSED);
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	/* before the code's own checks and the resource indicator; after client authentication */
	CHECK_STR(post(&f, "clientR000000000", FX_SECRET_C, "grant_type=authorization_code"), REFUSED);
	CHECK_STR(post(&f, "clientR000000000", FX_SECRET_C,
		"grant_type=authorization_code&code=a:b:c&resource=https%3A%2F%2Fevil.example%2F"), REFUSED);
	CHECK_STR(post(&f, "clientR000000000", "wrong", body),
		"401 invalid_client: Client authentication failed: invalid client_secret");
	/* refresh_token is registered: a token of three parts naming no grant (R-REFRESH-04) */
	CHECK_STR(post(&f, "clientR000000000", FX_SECRET_C, "grant_type=refresh_token&refresh_token=a:b:c"),
		"400 invalid_grant: Grant not found");

	/* no grant type at all: both refused; revocation is not a grant */
	CHECK_STR(post(&f, "clientN000000000", FX_SECRET_C, "grant_type=authorization_code&code=a:b:c"), REFUSED);
	CHECK_STR(post(&f, "clientN000000000", FX_SECRET_C, "grant_type=refresh_token&refresh_token=a:b:c"), REFUSED);
	CHECK_STR(post(&f, "clientN000000000", FX_SECRET_C, "token=abc"), "200");

	/* authorization_code implies refresh_token; a record without grantTypes may use both */
	CHECK_STR(post(&f, "clientA000000000", FX_SECRET_C, "grant_type=refresh_token&refresh_token=a:b:c"),
		"400 invalid_grant: Grant not found");
	CHECK_STR(post(&f, "clientL000000000", FX_SECRET_C, "grant_type=authorization_code"),
		"400 invalid_request: Authorization code is required");
	CHECK_STR(post(&f, "clientL000000000", FX_SECRET_C, "grant_type=refresh_token&refresh_token=a:b:c"),
		"400 invalid_grant: Grant not found");
	free(code); free(body); free(before); free(after);
	tfx_free(&f);

	/* 0.10.x: no such rule */
	static const char legacy[] = "{\"generation\":\"0.10\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\"}";
	const char *err = NULL;
	fake_kv_init(&f.kv, FX_NOW);
	f.cfg = oc_config_new(legacy, sizeof legacy - 1, &err);
	REQUIRE(f.cfg != NULL);
	client_with(&f, "clientN000000000", "[]");
	CHECK_STR(post(&f, "clientN000000000", FX_SECRET_C, "grant_type=authorization_code"),
		"400 invalid_request: Authorization code is required");
	CHECK_STR(post(&f, "clientN000000000", FX_SECRET_C, "grant_type=refresh_token&refresh_token=a:b:c"),
		"400 invalid_grant: Grant not found");
	tfx_free(&f);
}
