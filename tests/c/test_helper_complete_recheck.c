/*
 * completeAuthorization checks the AuthRequest it is handed again (issue #15,
 * item 2): apps carry it through state or a cookie, so it may be hand-built.
 * The reference's (1.2.3) answers, in its order: client id and redirect URI
 * present, userId, the client and its registered redirect URI, the redirect
 * URI policy, the response type (supported, registered by the client), the
 * resource, PKCE (method, a method without challenge, public clients must use
 * it). Nothing is written when one fails.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define CONF "confClientAAAAAA"
#define PUBL "publClientAAAAAA"
#define NOCODE "nocodeClientAAAA"
#define CH "IUKf-XcwsAJbooqhoOA9qgyaM-FHzxrJLzsYzSlBCDQ"
#define RU FX_REDIRECT

static void seed(tfx *f, const char *opts)
{
	tfx_init(f, opts);
	fake_kv_set(&f->kv, "client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "\",\"http://evil.example/cb\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL, 0);
	fake_kv_set(&f->kv, "client:" PUBL, "{\"clientId\":\"" PUBL "\",\"redirectUris\":[\"" RU "\"],"
		"\"tokenEndpointAuthMethod\":\"none\"}", NULL, 0);
	fake_kv_set(&f->kv, "client:" NOCODE, "{\"clientId\":\"" NOCODE "\",\"redirectUris\":[\"" RU "\"],"
		"\"grantTypes\":[\"refresh_token\"],\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"client_secret_basic\","
		"\"clientSecret\":\"x\"}", NULL, 0);
}

/* completeAuthorization with request (JSON members inside {…}) for user; "ok" or "name code: description". */
static const char *complete(tfx *f, const char *request, const char *user)
{
	static char out[512];
	char args[2048];
	snprintf(args, sizeof args, "{\"request\":{%s},\"userId\":\"%s\",\"scope\":[\"read\"],\"props\":{\"a\":1}}",
		request, user);
	cJSON *o = tfx_helper(f, OC_KIND_COMPLETE_AUTHORIZATION, args);
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(o, "t"));
	if (t != NULL && strcmp(t, "value") == 0)
		snprintf(out, sizeof out, "ok");
	else
		snprintf(out, sizeof out, "%s %s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(o, "name")),
			cJSON_GetStringValue(cJSON_GetObjectItem(o, "code")),
			cJSON_GetStringValue(cJSON_GetObjectItem(o, "description")));
	cJSON_Delete(o);
	return out;
}

#define REQ(client, extra) "\"responseType\":\"code\",\"clientId\":\"" client "\",\"redirectUri\":\"" RU "\"," \
	"\"scope\":[\"read\"],\"state\":\"s\",\"issuer\":\"https://example.com\"" extra

static const char MISSING[] = "Error invalid_request: Client ID and Redirect URI are required in the authorization request.";
static const char NOT_REGISTERED[] = "Error invalid_request: Invalid redirect URI. The redirect URI provided does not "
	"match any registered URI for this client.";

OC_TEST(complete_authorization_rechecks_request)
{
	static const struct { const char *request, *user, *want; } cases[] = {
		{ "\"responseType\":\"code\",\"redirectUri\":\"" RU "\"", "u", MISSING },
		{ "\"responseType\":\"code\",\"clientId\":\"" CONF "\"", "u", MISSING },
		{ "\"responseType\":\"code\",\"clientId\":\"\",\"redirectUri\":\"" RU "\"", "u", MISSING },
		{ "\"responseType\":\"code\",\"redirectUri\":\"" RU "\"", "a:b", MISSING },
		{ REQ(CONF, ""), "a:b", "TypeError invalid_request: userId must be a non-empty string without \":\"" },
		{ REQ("nope", ""), "u", NOT_REGISTERED },
		{ "\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"https://x.example/cb\"", "u", NOT_REGISTERED },
		/* registered, but not a usable redirect URI */
		{ "\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://evil.example/cb\"", "u",
		  "AuthorizationError invalid_request: Invalid redirect URI" },
		/* response type */
		{ "\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"", "u", "AuthorizationError invalid_request: response_type is required" },
		{ "\"responseType\":\"\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"", "u",
		  "AuthorizationError invalid_request: response_type is required" },
		{ "\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"", "u",
		  "AuthorizationError unsupported_response_type: The authorization server does not support response_type token" },
		{ "\"responseType\":\"code id_token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"", "u",
		  "AuthorizationError unsupported_response_type: The authorization server does not support response_type code id_token" },
		{ "\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://evil/\"", "u",
		  "AuthorizationError unsupported_response_type: The authorization server does not support response_type token" },
		{ REQ(NOCODE, ""), "u", "AuthorizationError unauthorized_client: The client is not registered for response_type code" },
		/* resource, before PKCE */
		{ REQ(CONF, ",\"resource\":\"https://evil.example/api\""), "u",
		  "AuthorizationError invalid_target: The resource parameter must name exactly one configured protected resource" },
		{ REQ(PUBL, ",\"resource\":\"https://evil.example/api\""), "u",
		  "AuthorizationError invalid_target: The resource parameter must name exactly one configured protected resource" },
		{ REQ(CONF, ",\"resource\":[\"https://example.com/api\",\"https://evil.example/api\"]"), "u",
		  "AuthorizationError invalid_target: The resource parameter must name exactly one configured protected resource" },
		{ REQ(CONF, ",\"resource\":[]"), "u",
		  "AuthorizationError invalid_target: The resource parameter must name exactly one configured protected resource" },
		/* PKCE */
		{ REQ(PUBL, ""), "u", "AuthorizationError invalid_request: Public clients must use PKCE with the authorization code flow." },
		{ REQ(PUBL, ",\"codeChallenge\":\"\",\"codeChallengeMethod\":\"S256\""), "u",
		  "AuthorizationError invalid_request: PKCE code_challenge is required when code_challenge_method is provided." },
		{ REQ(CONF, ",\"codeChallengeMethod\":\"S256\""), "u",
		  "AuthorizationError invalid_request: PKCE code_challenge is required when code_challenge_method is provided." },
		{ REQ(CONF, ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"plain\""), "u",
		  "AuthorizationError invalid_request: The plain PKCE method is not allowed. Use S256 instead." },
		{ REQ(CONF, ",\"codeChallenge\":\"" CH "\""), "u",
		  "AuthorizationError invalid_request: The plain PKCE method is not allowed. Use S256 instead." },
		{ REQ(CONF, ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S512\""), "u",
		  "AuthorizationError invalid_request: Unsupported PKCE code_challenge_method: S512" },
		/* accepted */
		{ REQ(CONF, ""), "u", "ok" },
		{ REQ(PUBL, ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\""), "u", "ok" },
		{ REQ(PUBL, ",\"codeChallenge\":\"abc\",\"codeChallengeMethod\":\"S256\""), "u", "ok" }, /* syntax unchecked */
		{ REQ(CONF, ",\"resource\":\"https://example.com/api\""), "u", "ok" },
		{ REQ(CONF, ",\"resource\":[\"https://example.com/api\"]"), "u", "ok" },
		{ REQ(CONF, ",\"resource\":[\"https://example.com/api\",\"https://example.com/api\"]"), "u", "ok" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		seed(&f, "");
		REQUIRE(f.cfg != NULL);
		const char *got = complete(&f, cases[i].request, cases[i].user);
		CHECK(strcmp(got, cases[i].want) == 0);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  case %zu: got  %s\n           want %s\n", i, got, cases[i].want);
		/* nothing written unless accepted */
		CHECK(fake_kv_count(&f.kv, "grant:") == (strcmp(cases[i].want, "ok") == 0));
		tfx_free(&f);
	}
}

/* The case: a hand-built request for a public client without PKCE gets no code, so no tokens. */
OC_TEST(complete_authorization_public_client_needs_pkce)
{
	tfx f;
	seed(&f, "");
	REQUIRE(f.cfg != NULL);
	CHECK_STR(complete(&f, REQ(PUBL, ""), "u"),
		"AuthorizationError invalid_request: Public clients must use PKCE with the authorization code flow.");
	CHECK(fake_kv_count(&f.kv, "grant:") == 0);
	tfx_free(&f);

	/* 0.10.x does the same checks */
	static const char legacy[] = "{\"generation\":\"0.10\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\"}";
	const char *err = NULL;
	fake_kv_init(&f.kv, FX_NOW);
	f.cfg = oc_config_new(legacy, sizeof legacy - 1, &err);
	REQUIRE(f.cfg != NULL);
	fake_kv_set(&f.kv, "client:" PUBL, "{\"clientId\":\"" PUBL "\",\"redirectUris\":[\"" RU "\"],"
		"\"tokenEndpointAuthMethod\":\"none\"}", NULL, 0);
	CHECK_STR(complete(&f, REQ(PUBL, ""), "u"),
		"AuthorizationError invalid_request: Public clients must use PKCE with the authorization code flow.");
	CHECK_STR(complete(&f, REQ(PUBL, ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\""), "u"), "ok");
	CHECK_STR(complete(&f, REQ(PUBL, ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\",\"resource\":5"), "u"),
		"AuthorizationError invalid_target: The resource parameter must be a valid absolute URI without a fragment");
	tfx_free(&f);
}
