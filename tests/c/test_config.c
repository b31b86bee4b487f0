/*
 * Provider options (src/config/oc_config.c): accepted values, defaults, and
 * each refusal; under the 1.x profile the reference 1.2.3's rules, messages
 * and order (docs/observed/rules-1.2.3.md section 1; the same inputs are
 * compared with the reference in workerd by tests/compat/construction.test.mjs),
 * and the 0.10.x profile's rules left as they were.
 */
#include "oc_test.h"
#include "config/oc_config.h"
#include <stdlib.h>

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
	c = conf("{\"generation\":\"0.10\"," BASE "}", &err); /* the 0.10.x generation, from its entry */
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_0_10 && c->has_refresh_token_ttl && c->refresh_token_ttl == 2592000);
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
		{ "{\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\"" RM "}", "Must provide either" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"http://example.com/api\"}}", "resourceMetadata.resource" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"https://example.com/api#x\"}}", "resourceMetadata.resource" },
		{ "{" BASE ",\"resourceMetadata\":{\"resource\":\"https://example.com/.well-known/oauth-protected-resource/x\"}}", "namespace" },
		{ "{" BASE ",\"resourceMetadata\":{}}", "resourceMetadata.resource" },
		{ "{" BASE RM ",\"scopesSupported\":[\"a\",\"a\"]}", "duplicate" },
		{ "{" BASE RM ",\"scopesSupported\":[\"a b\"]}", "scope tokens" },
		{ "{" BASE RM ",\"requiredScopes\":[\"\\\"\"]}", "requiredScopes" },
		{ "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"token\",\"authorizeEndpoint\":\"/a\"" RM "}",
		  "tokenEndpoint must be either an absolute path starting with / or a valid URL" },
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

#define EP "\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\""
#define API "\"apiRoute\":\"/api/\",\"hasApiHandler\":true"
#define RES(r) "\"resourceMetadata\":{\"resource\":\"" r "\"}"
#define RM_WITH(m) "\"resourceMetadata\":{\"resource\":\"https://example.com/api\"," m "}"
#define V1(extra) "{" API "," EP "," RES("https://example.com/api") extra "}"

#define HANDLER " must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint"
#define MUST_BE " must be either an absolute path starting with / or a valid URL"
#define R13 "resourceMetadata.resource is required and must be an absolute HTTPS URI without a fragment (http is accepted only on a loopback host)"
#define R14 "resourceMetadata.resource must use a lowercase scheme and lowercase host"
#define R15 "resourceMetadata.resource must use canonical URL serialization without userinfo, a default port, or dot segments"
#define R18 "resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs"
#define R19 R18 " (http is accepted only on a loopback host)"
#define TTL(n) n " must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."
#define R36 "refreshTokenTTL must be 0 (no refresh tokens), undefined (no expiry), or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."
#define R37 "clientRegistrationTTL must be undefined (no expiry) or an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."

/* NULL when json builds a config (freed), else the message. */
static const char *refusal(const char *json)
{
	const char *err = NULL;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	if (c == NULL)
		return err ? err : "(no message)";
	oc_config_free(c);
	return NULL;
}

struct rule_case {
	const char *json, *msg; /* msg NULL: accepted */
};

static void run(const struct rule_case *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = refusal(v[i].json);
		int ok = v[i].msg == NULL ? got == NULL : got != NULL && strcmp(got, v[i].msg) == 0;
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  %s\n    got  %s\n    want %s\n", v[i].json, got ? got : "(accepted)",
				v[i].msg ? v[i].msg : "(accepted)");
	}
}

OC_TEST(config_1x_options_and_endpoints)
{
	static const struct rule_case v[] = {
		{ V1(""), NULL },
		/* R-CTOR-04: the key alone */
		{ V1(",\"resourceMatchOriginOnly\":false"), "resourceMatchOriginOnly was removed in 1.0. Configure resourceMetadata.resource; audiences are compared exactly against that canonical resource. See the migration guide." },
		/* R-CTOR-05: requiredScopes given (JS null counts, undefined does not) beside scopes_supported */
		{ "{" API "," EP ",\"requiredScopes\":[]," RM_WITH("\"scopes_supported\":[]") "}", "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour" },
		{ "{" API "," EP ",\"requiredScopes\":null,\"nullOptions\":[\"requiredScopes\"]," RM_WITH("\"scopes_supported\":[\"a\"]") "}", "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour" },
		{ "{" API "," EP ",\"requiredScopes\":null," RM_WITH("\"scopes_supported\":[\"a\"]") "}", NULL },
		/* R-CTOR-06 … 09: no defaults, a path or a URL that parses; equal endpoints are fine */
		{ "{" API ",\"tokenEndpoint\":\"/token\"," RES("https://example.com/api") "}", "authorizeEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":\"/a\",\"tokenEndpoint\":null," RES("https://example.com/api") "}", "tokenEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":5,\"tokenEndpoint\":\"/t\"," RES("https://example.com/api") "}", "authorizeEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":\"/a\",\"tokenEndpoint\":\"token\"," RES("https://example.com/api") "}", "tokenEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":\"https://exa mple.com/a\",\"tokenEndpoint\":\"/t\"," RES("https://example.com/api") "}", "authorizeEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":\"/a\",\"tokenEndpoint\":\"https://example.123/t\"," RES("https://example.com/api") "}", "tokenEndpoint" MUST_BE },
		{ "{" API ",\"authorizeEndpoint\":\"/a#x\",\"tokenEndpoint\":\"/t\"," RES("https://example.com/api") "}", "authorizeEndpoint must not contain a fragment" },
		{ "{" API ",\"authorizeEndpoint\":\"/x\",\"tokenEndpoint\":\"/x\"," RES("https://example.com/api") "}", NULL },
		{ "{" API ",\"authorizeEndpoint\":\"/a\",\"tokenEndpoint\":\"https://auth.example.com/t\"," RES("https://example.com/api") "}", NULL },
		/* order: endpoints before resourceMetadata, authorize before token */
		{ "{" API ",\"authorizeEndpoint\":\"a\",\"tokenEndpoint\":\"t\"," RES("http://example.com/api") "}", "authorizeEndpoint" MUST_BE },
	};
	run(v, sizeof v / sizeof v[0]);
}

OC_TEST(config_1x_resource_metadata)
{
	static const struct rule_case v[] = {
		/* R-CTOR-13 */
		{ "{" API "," EP "," RES("http://example.com/api") "}", R13 },
		{ "{" API "," EP "," RES("https://example.com/api#x") "}", R13 },
		{ "{" API "," EP "," RES("https://example.com/a%zz") "}", R13 },
		{ "{" API "," EP "," RES("https://example.com/a{b}") "}", R13 },
		{ "{" API "," EP "," RES("https:/api") "}", R13 },
		{ "{" API "," EP "," RES("ftp://example.com/api") "}", R13 },
		{ "{" API "," EP "," RES("https://example.123/api") "}", R13 },
		{ "{" API "," EP "," RES("http://localhost./api") "}", R13 },
		{ "{" API "," EP ",\"resourceMetadata\":{\"resource\":5}}", R13 },
		{ "{" API "," EP ",\"resourceMetadata\":\"https://example.com/api\"}", R13 },
		{ "{" API "," EP "," RES("http://localhost:8787/api") "}", NULL },
		{ "{" API "," EP "," RES("http://[::1]/api") "}", NULL },
		{ "{" API "," EP "," RES("https://example.com") "}", NULL },
		{ "{" API "," EP "," RES("https://example.com/api?tenant=a") "}", NULL },
		/* R-CTOR-14 */
		{ "{" API "," EP "," RES("HTTPS://example.com/api") "}", R14 },
		{ "{" API "," EP "," RES("https://Example.com/api") "}", R14 },
		{ "{" API "," EP "," RES("https://[2001:DB8::1]/api") "}", R14 },
		{ "{" API "," EP "," RES("http://LOCALHOST/api") "}", R14 },
		/* R-CTOR-15 */
		{ "{" API "," EP "," RES("https://u@example.com/api") "}", R15 },
		{ "{" API "," EP "," RES("https://@example.com/api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com:443/api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com:/api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com/x/../api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com/%2e/api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com?x=1") "}", R15 },
		{ "{" API "," EP "," RES("https://%65xample.com/api") "}", R15 },
		{ "{" API "," EP "," RES("http://127.1/api") "}", R15 },
		{ "{" API "," EP "," RES("https://example.com/api?a='b'") "}", R15 },
		/* R-CTOR-16, its boundary */
		{ "{" API "," EP "," RES("https://example.com/.well-known/oauth-protected-resource") "}", "resourceMetadata.resource must not be inside the /.well-known/oauth-protected-resource namespace" },
		{ "{\"apiRoute\":\"/.well-known/oauth-protected-resource-x\",\"hasApiHandler\":true," EP "," RES("https://example.com/.well-known/oauth-protected-resource-x") "}", NULL },
		/* R-CTOR-17 … 19 */
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[]") "}", "resourceMetadata.authorization_servers must contain at least one issuer" },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"as.example.com\"]") "}", R18 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[5]") "}", R18 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://as example.com\"]") "}", R18 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"http://as.example.com\"]") "}", R19 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://as.example.com?x=1\"]") "}", R19 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://AS.example.com\"]") "}", R19 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://as.example.com:443\"]") "}", R19 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://as.example.com/a b\"]") "}", R19 },
		{ "{" API "," EP "," RM_WITH("\"authorization_servers\":[\"https://as.example.com/t\",\"http://localhost:8787\"]") "}", NULL },
		/* R-CTOR-20 before R-CTOR-21 */
		{ "{" API "," EP ",\"requiredScopes\":[\"a b\"]," RM_WITH("\"bearer_methods_supported\":[\"body\"]") "}", "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens" },
		{ "{" API "," EP "," RM_WITH("\"bearer_methods_supported\":\"header\"") "}", "resourceMetadata.bearer_methods_supported only supports 'header'" },
		{ "{" API "," EP "," RM_WITH("\"bearer_methods_supported\":[\"header\"]") "}", NULL },
		/* order: resourceMetadata before the API routes */
		{ "{\"apiRoute\":\"api\",\"hasApiHandler\":true," EP "," RES("http://example.com/api") "}", R13 },
	};
	run(v, sizeof v / sizeof v[0]);
}

OC_TEST(config_1x_api_routes)
{
	static const struct rule_case v[] = {
		/* R-CTOR-22/23 with JS truthiness */
		{ "{\"apiRoute\":\"\",\"hasApiHandler\":true," EP "," RES("https://example.com/api") "}", "Must provide either apiRoute + apiHandler OR apiHandlers. No API route configuration provided." },
		{ "{\"apiRoute\":null,\"apiHandlerRoutes\":[\"/api/\"]," EP "," RES("https://example.com/api") "}", NULL },
		/* R-CTOR-24 then R-CTOR-25 */
		{ "{\"apiRoute\":\"api\",\"hasApiHandler\":true,\"badApiHandler\":true," EP "," RES("https://example.com/api") "}", "apiHandler" HANDLER },
		{ "{\"apiRoute\":\"api/\",\"hasApiHandler\":true," EP "," RES("https://example.com/api") "}", "apiRoute" MUST_BE },
		{ "{\"apiRoute\":[\"/api/\",\"v2\"],\"hasApiHandler\":true," EP "," RES("https://example.com/api") "}", "apiRoute[1]" MUST_BE },
		{ "{\"apiRoute\":5,\"hasApiHandler\":true," EP "," RES("https://example.com/api") "}", "apiRoute" MUST_BE },
		/* R-CTOR-26/27: key, then value, entry by entry */
		{ "{\"apiHandlerRoutes\":[\"/api/\",\"v2\"]," EP "," RES("https://example.com/api") "}", "apiHandlers key: v2" MUST_BE },
		{ "{\"apiHandlerRoutes\":[\"/api/\",\"v2\"],\"badApiHandlers\":[0]," EP "," RES("https://example.com/api") "}", "apiHandlers[/api/]" HANDLER },
		{ "{\"apiHandlerRoutes\":[\"v2\"],\"badApiHandlers\":[0]," EP "," RES("https://example.com/api") "}", "apiHandlers key: v2" MUST_BE },
		/* order: the API routes before the lifetimes */
		{ "{\"apiRoute\":\"api\",\"hasApiHandler\":true,\"accessTokenTTL\":1," EP "," RES("https://example.com/api") "}", "apiRoute" MUST_BE },
	};
	run(v, sizeof v / sizeof v[0]);
}

OC_TEST(config_1x_lifetimes)
{
	static const struct rule_case v[] = {
		/* R-CTOR-32: JSON null is `undefined` given; nullOptions marks JS null */
		{ V1(",\"accessTokenTTL\":null"), TTL("accessTokenTTL") },
		{ V1(",\"accessTokenTTL\":null,\"nullOptions\":[\"accessTokenTTL\"]"), TTL("accessTokenTTL") },
		{ V1(",\"refreshTokenTTL\":null"), NULL },
		{ V1(",\"refreshTokenTTL\":null,\"nullOptions\":[\"refreshTokenTTL\"]"), R36 },
		{ V1(",\"refreshTokenIdleTTL\":null"), NULL },
		{ V1(",\"refreshTokenIdleTTL\":null,\"nullOptions\":[\"refreshTokenIdleTTL\"]"), TTL("refreshTokenIdleTTL") },
		{ V1(",\"clientRegistrationTTL\":null"), NULL },
		{ V1(",\"clientRegistrationTTL\":null,\"nullOptions\":[\"clientRegistrationTTL\"]"), R37 },
		/* order: access, idle, refresh, registration, then scopesSupported */
		{ V1(",\"accessTokenTTL\":10,\"refreshTokenIdleTTL\":10"), TTL("accessTokenTTL") },
		{ V1(",\"refreshTokenTTL\":30,\"refreshTokenIdleTTL\":30"), TTL("refreshTokenIdleTTL") },
		{ V1(",\"refreshTokenTTL\":30,\"clientRegistrationTTL\":30"), R36 },
		{ V1(",\"clientRegistrationTTL\":30,\"scopesSupported\":[\"a b\"]"), R37 },
	};
	run(v, sizeof v / sizeof v[0]);

	const char *err;
	static const char undef[] = V1(",\"refreshTokenTTL\":null,\"clientRegistrationTTL\":null");
	oc_config *c = oc_config_new(undef, sizeof undef - 1, &err);
	REQUIRE(c != NULL);
	CHECK(!c->has_refresh_token_ttl && !c->has_client_registration_ttl); /* undefined: no expiry */
	oc_config_free(c);
}

#define G010 "{\"generation\":\"0.10\","
#define TTL60 "accessTokenTTL must be an integer of at least 60 seconds (Cloudflare KV's minimum expiration window)."

/* The 0.10.x profile: 0.10.4's constructor, its order and messages (docs/observed/rules-0.10.4.md section 1). */
OC_TEST(config_0_10_4_rules)
{
	static const struct rule_case v[] = {
		{ G010 API "," EP "}", NULL },
		/* endpoints: required, no defaults; equal ones accepted */
		{ G010 API "}", "Cannot read properties of undefined (reading 'startsWith')" },
		{ G010 API ",\"authorizeEndpoint\":null,\"tokenEndpoint\":\"/t\",\"nullOptions\":[\"authorizeEndpoint\"]}",
		  "Cannot read properties of null (reading 'startsWith')" },
		{ G010 API ",\"authorizeEndpoint\":5,\"tokenEndpoint\":\"/t\"}", "endpoint.startsWith is not a function" },
		{ G010 API ",\"authorizeEndpoint\":\"/a\",\"tokenEndpoint\":\"token\"}", "tokenEndpoint" MUST_BE },
		{ G010 API ",\"tokenEndpoint\":\"/x\",\"authorizeEndpoint\":\"/x\"}", NULL },
		{ G010 API ",\"tokenEndpoint\":\"/x\",\"authorizeEndpoint\":\"/y\",\"clientRegistrationEndpoint\":\"\"}", NULL },
		/* the route shape first, then the default handler, then the API handler */
		{ G010 "\"badDefaultHandler\":true,\"badApiHandler\":true,\"hasApiHandler\":true,\"apiRoute\":\"/a/\"," EP "}",
		  "defaultHandler" HANDLER },
		{ G010 "\"badDefaultHandler\":true," EP "}",
		  "Must provide either apiRoute + apiHandler OR apiHandlers. No API route configuration provided." },
		/* lifetimes: accessTokenTTL only is checked; undefined or null refused */
		{ G010 API "," EP ",\"accessTokenTTL\":null}", TTL60 },
		{ G010 API "," EP ",\"accessTokenTTL\":59}", TTL60 },
		{ G010 API "," EP ",\"accessTokenTTL\":60,\"refreshTokenTTL\":null,\"clientRegistrationTTL\":0}", NULL },
		{ G010 API "," EP ",\"refreshTokenIdleTTL\":1,\"requiredScopes\":[\"a b\"],\"resourceMatchOriginOnly\":true}", NULL },
		/* scopesSupported before resourceMetadata */
		{ G010 API "," EP ",\"scopesSupported\":[\"a\",\"a\"],\"resourceMetadata\":{\"resource\":\"ftp://x\"}}",
		  "scopesSupported must not contain duplicate values" },
		/* resourceMetadata: 0.10.4's own rules */
		{ G010 API "," EP ",\"resourceMetadata\":{\"resource\":\"ftp://x\"}}",
		  "resourceMetadata.resource must be an absolute HTTP(S) URI without a fragment" },
		{ G010 API "," EP ",\"resourceMetadata\":{\"resource\":\"https://x/#f\"}}",
		  "resourceMetadata.resource must be an absolute HTTP(S) URI without a fragment" },
		{ G010 API "," EP ",\"resourceMetadata\":{\"resource\":\"http://EXAMPLE.com/api#\"}}", NULL },
		{ G010 API "," EP ",\"resourceMetadata\":{\"resource_name\":\"x\"}}", NULL },
		{ G010 API "," EP ",\"resourceMetadata\":{\"authorization_servers\":[]}}",
		  "resourceMetadata.authorization_servers must contain at least one issuer" },
		{ G010 API "," EP ",\"resourceMetadata\":{\"authorization_servers\":[\"http://localhost\"]}}", R18 },
		{ G010 API "," EP ",\"resourceMetadata\":{\"authorization_servers\":[\"https://a/?q\"]}}", R18 },
		{ G010 API "," EP ",\"resourceMetadata\":{\"authorization_servers\":[\"https://a/?\"]}}", NULL },
		{ G010 API "," EP ",\"resourceMetadata\":{\"scopes_supported\":[\"a b\"]}}",
		  "resourceMetadata.scopes_supported must contain valid OAuth scope tokens" },
		{ G010 API "," EP ",\"resourceMetadata\":{\"bearer_methods_supported\":[\"body\"]}}",
		  "resourceMetadata.bearer_methods_supported only supports 'header'" },
	};
	run(v, sizeof v / sizeof v[0]);

	const char *err;
	static const char d[] = G010 API "," EP ",\"clientRegistrationTTL\":0,\"resourceMetadata\":{\"scopes_supported\":[\"read\"]}}";
	oc_config *c = oc_config_new(d, sizeof d - 1, &err);
	REQUIRE(c != NULL);
	CHECK(c->access_token_ttl == 3600 && c->has_refresh_token_ttl && c->refresh_token_ttl == 2592000);
	CHECK(!c->has_client_registration_ttl);
	CHECK(c->has_required_scopes && c->nrequired_scopes == 1 && strcmp(c->required_scopes[0], "read") == 0);
	oc_config_free(c);
}
