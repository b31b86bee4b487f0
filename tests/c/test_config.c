/* Provider options (src/config/oc_config.c): accepted values, defaults, and each refusal. */
#include "oc_test.h"
#include "config/oc_config.h"

static oc_config *conf(const char *json, const char **err)
{
	return oc_config_new(json, strlen(json), err);
}

#define BASE "\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\""
#define RM ",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}"

OC_TEST(config_validation)
{
	const char *err = NULL;
	oc_config *c = conf("{" BASE RM ",\"accessTokenTTL\":60,\"allowPlainPKCE\":true,\"requiredScopes\":[\"read\",\"offline_access\"]}", &err);
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_1x);
	CHECK(c->access_token_ttl == 60 && c->allow_plain_pkce == 1 && c->allow_implicit_flow == 0);
	CHECK(c->has_refresh_token_ttl && c->refresh_token_ttl == 2592000);
	CHECK(c->nroutes == 1 && strcmp(c->routes[0].path, "/api/") == 0);
	CHECK(c->nrequired_scopes == 2);
	oc_config_free(c);
	c = conf("{" BASE "}", &err); /* 0.10.x generation: no resourceMetadata */
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_0_10 && !c->has_refresh_token_ttl);
	oc_config_free(c);
	c = conf("{" BASE RM ",\"refreshTokenTTL\":null}", &err); /* explicit undefined: never expire */
	REQUIRE(c != NULL);
	CHECK(!c->has_refresh_token_ttl);
	oc_config_free(c);

	struct { const char *json, *rule; } bad[] = {
		{ "{" BASE RM ",\"accessTokenTTL\":-1}", "accessTokenTTL" },
		{ "{" BASE RM ",\"accessTokenTTL\":1.5}", "accessTokenTTL" },
		{ "{" BASE RM ",\"accessTokenTTL\":59}", "accessTokenTTL" },
		{ "{" BASE RM ",\"refreshTokenTTL\":30}", "refreshTokenTTL" },
		{ "{" BASE RM ",\"refreshTokenIdleTTL\":0}", "refreshTokenIdleTTL" },
		{ "{" BASE RM ",\"clientRegistrationTTL\":5}", "clientRegistrationTTL" },
		{ "{" BASE ",\"apiHandlerRoutes\":[\"/x/\"]" RM "}", "Cannot use both" },
		{ "{\"tokenEndpoint\":\"/token\"" RM "}", "Must provide either" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"http://example.com/api\"}}", "resourceMetadata.resource" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"https://example.com/api#x\"}}", "resourceMetadata.resource" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"https://example.com/.well-known/oauth-protected-resource/x\"}}", "namespace" },
		{ "{" BASE ",\"resourceMetadata\":{}}", "resourceMetadata.resource" },
		{ "{" BASE RM ",\"scopesSupported\":[\"a\",\"a\"]}", "duplicate" },
		{ "{" BASE RM ",\"scopesSupported\":[\"a b\"]}", "scope tokens" },
		{ "{" BASE RM ",\"requiredScopes\":[\"\\\"\"]}", "requiredScopes" },
		{ "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/x\",\"authorizeEndpoint\":\"/x\"" RM "}", "collide" },
		{ "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"token\"" RM "}", "endpoints" },
		{ "[]", "JSON object" },
		{ "{", "JSON object" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		c = conf(bad[i].json, &err);
		CHECK(c == NULL && err != NULL && strstr(err, bad[i].rule) != NULL);
		if (c == NULL && (err == NULL || strstr(err, bad[i].rule) == NULL))
			fprintf(stderr, "  case %zu: %s\n", i, err ? err : "(accepted)");
		oc_config_free(c);
	}
}
