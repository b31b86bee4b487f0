/*
 * The role classes' options: OAuthResourceServer's (src/config/oc_config_rs.c)
 * and OAuthAuthorizationServer's (src/config/oc_config_as.c, parse_as), each
 * refusal with 1.2.3's message (compared with the reference in workerd by
 * tests/compat/resource-server.test.mjs and authorization-server.test.mjs).
 */
#include "oc_test.h"
#include "config/oc_config.h"
#include <stdlib.h>

static const char *refusal(const char *json)
{
	const char *err = NULL;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	oc_config_free(c);
	return c ? NULL : err;
}

#define RS_OK "\"role\":\"resourceServer\",\"optionsObject\":true,\"validateTokenFn\":true"
#define RS_RM(x) ",\"resourceMetadata\":{\"resource\":\"https://example.com/mcp\",\"authorization_servers\":[\"https://auth.example\"]" x "}"

OC_TEST(config_resource_server)
{
	const char *err = NULL;
	const char json[] = "{" RS_OK RS_RM(",\"resource_name\":\"Cal\"") ",\"requiredScopes\":[\"read\",\"offline_access\",\"read\",\"b\"]}";
	oc_config *c = oc_config_new(json, sizeof json - 1, &err);
	REQUIRE(c != NULL);
	CHECK(c->role == OC_ROLE_RESOURCE_SERVER && c->profile == &oc_profile_1x);
	CHECK_STR(c->resource, "https://example.com/mcp");
	CHECK(c->nrequired_scopes == 2 && strcmp(c->required_scopes[0], "read") == 0 && strcmp(c->required_scopes[1], "b") == 0);
	CHECK_STR(c->rs_metadata_json, "{\"resource\":\"https://example.com/mcp\",\"authorization_servers\":[\"https://auth.example\"],"
		"\"scopes_supported\":[\"read\",\"b\"],\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Cal\"}");
	oc_config_free(c);
	c = oc_config_new("{" RS_OK RS_RM("") ",\"requiredScopes\":\"ab\"}", strlen("{" RS_OK RS_RM("") ",\"requiredScopes\":\"ab\"}"), &err);
	REQUIRE(c != NULL); /* a string spreads into its characters */
	CHECK(c->nrequired_scopes == 2 && strcmp(c->required_scopes[1], "b") == 0);
	oc_config_free(c);

	struct { const char *json, *msg; } bad[] = {
		{ "{\"role\":\"resourceServer\"}", "OAuth resource server options are required" },
		{ "{\"role\":\"resourceServer\",\"optionsObject\":true,\"badHandler\":true}", "handler must provide a fetch function or extend WorkerEntrypoint" },
		{ "{\"role\":\"resourceServer\",\"optionsObject\":true}", "validateToken must be a function" },
		{ "{" RS_OK "}", "resourceMetadata.resource must be a canonical absolute HTTPS URI without a fragment (http is accepted only on a loopback host)" },
		{ "{" RS_OK ",\"resourceMetadata\":{\"resource\":\"https://example.com/a/../b\"}}", "resourceMetadata.resource must be a canonical absolute HTTPS URI without a fragment (http is accepted only on a loopback host)" },
		{ "{" RS_OK ",\"resourceMetadata\":{\"resource\":\"https://example.com/.well-known/oauth-protected-resource/x\"}}", "resourceMetadata.resource must not be inside the /.well-known/oauth-protected-resource namespace" },
		{ "{" RS_OK ",\"resourceMetadata\":{\"resource\":\"https://example.com/mcp\"}}", "resourceMetadata.authorization_servers must contain at least one issuer" },
		{ "{" RS_OK ",\"resourceMetadata\":{\"resource\":\"https://example.com/mcp\",\"authorization_servers\":[\"https://a.example/?x\"]}}", "resourceMetadata.authorization_servers must contain canonical HTTPS issuer URLs (http is accepted only on a loopback host)" },
		{ "{" RS_OK RS_RM(",\"bearer_methods_supported\":[\"body\"]") "}", "resourceMetadata.bearer_methods_supported only supports 'header'" },
		{ "{" RS_OK RS_RM(",\"bearer_methods_supported\":null") "}", "Cannot read properties of null (reading 'length')" },
		{ "{" RS_OK RS_RM(",\"scopes_supported\":[\"a\"]") ",\"requiredScopes\":null}", "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour" },
		{ "{" RS_OK RS_RM("") ",\"requiredScopes\":[\"a b\"]}", "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens" },
		{ "{" RS_OK RS_RM("") ",\"requiredScopes\":7}", "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must contain valid OAuth scope tokens" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *m = refusal(bad[i].json);
		CHECK(m != NULL && strcmp(m, bad[i].msg) == 0);
	}
}

#define AS "\"role\":\"authorizationServer\",\"issuer\":\"https://example.com/t\",\"resources\":[\"https://example.com/mcp\"]"

OC_TEST(config_authorization_server)
{
	const char *err = NULL;
	oc_config *c = oc_config_new("{" AS ",\"clientRegistrationEndpoint\":\"/register\"}", strlen("{" AS ",\"clientRegistrationEndpoint\":\"/register\"}"), &err);
	REQUIRE(c != NULL);
	CHECK(c->role == OC_ROLE_AUTHORIZATION_SERVER && c->nroutes == 0);
	CHECK_STR(c->issuer, "https://example.com/t");
	CHECK_STR(c->as_metadata_path, "/.well-known/oauth-authorization-server/t");
	CHECK_STR(c->authorize_endpoint.text, "https://example.com/t/authorize");
	CHECK_STR(c->token_endpoint.text, "https://example.com/t/oauth/token");
	CHECK_STR(c->registration_endpoint.text, "https://example.com/register");
	CHECK(c->token_endpoint.full_url && strcmp(c->token_endpoint.path, "/t/oauth/token") == 0);
	CHECK_STR(c->resource, "https://example.com/mcp");
	CHECK(!c->cimd_enabled && !c->fetch_strictly_public && !c->ema);
	oc_config_free(c);

	/* Client ID Metadata Documents in the role, with the host's flag as the shim reports it */
	const char cimd[] = "{" AS ",\"enabledOptions\":[\"clientIdMetadataDocumentEnabled\"],\"globalFetchStrictlyPublic\":true}";
	c = oc_config_new(cimd, sizeof cimd - 1, &err);
	REQUIRE(c != NULL);
	CHECK(c->cimd_enabled && c->fetch_strictly_public);
	oc_config_free(c);
	/* enterprise-managed authorization with several resources (R-EMA-02: the grant chooses one) */
	const char ema[] = "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[\"https://a.example/x\",\"https://a.example/y\"],"
		"\"enterpriseManagedAuthorization\":{\"trustedIssuers\":true,\"mapClaims\":true}}";
	c = oc_config_new(ema, sizeof ema - 1, &err);
	REQUIRE(c != NULL);
	CHECK(c->ema && c->nresources == 2 && c->default_resource == NULL);
	oc_config_free(c);

	struct { const char *json, *msg; } bad[] = {
		{ "{\"role\":\"authorizationServer\"}", "authorizationServer.issuer must be a canonical absolute HTTPS URL" },
		{ "{\"role\":\"authorizationServer\",\"issuer\":\"http://example.com\"}", "authorizationServer.issuer must be a canonical absolute HTTPS URL (http is accepted only on a loopback host)" },
		{ "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com/?\"}", "authorizationServer.issuer must be a canonical absolute HTTPS URL (http is accepted only on a loopback host)" },
		{ "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[]}", "resources must list at least one canonical protected resource identifier" },
		{ "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[\"https://a.example/x\",\"HTTPS://A.EXAMPLE/x\"]}", "resources must be unique; duplicate HTTPS://A.EXAMPLE/x" },
		{ "{" AS ",\"tokenEndpoint\":\"/x#y\"}", "tokenEndpoint must not contain a fragment" },
		{ "{" AS ",\"tokenEndpoint\":\"http://remote.example/t\"}", "tokenEndpoint must be an absolute HTTPS URL without userinfo or a fragment (http is accepted only on a loopback host)" },
		{ "{" AS ",\"tokenEndpoint\":\"/.well-known/oauth-authorization-server/t\"}", "tokenEndpoint must not collide with the authorization server metadata endpoint" },
		{ "{" AS ",\"authorizeEndpoint\":\"/t/oauth/token\"}", "authorizeEndpoint must not collide with tokenEndpoint" },
		{ "{" AS ",\"clientRegistrationEndpoint\":\"/t/oauth/token\"}", "clientRegistrationEndpoint must not collide with tokenEndpoint" },
		{ "{" AS ",\"defaultResource\":\"https://example.com/other\"}", "defaultResource must name one of the configured protected resources" },
		{ "{" AS ",\"legacyGrantResource\":\"https://example.com/other\"}", "legacyGrantResource must name one of the configured protected resources" },
		{ "{" AS ",\"tokenEndpoint\":\"/token?x=1\"}", "tokenEndpoint with a query is not implemented by oc-oauth-provider's OAuthAuthorizationServer yet; remove the query" },
		{ "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[\"https://a.example/x\",\"https://a.example/y\"],\"defaultResource\":\"https://a.example/z\"}", "defaultResource must name one of the configured protected resources" },
		{ "{" AS ",\"enterpriseManagedAuthorization\":{\"trustedIssuers\":true}}", "enterpriseManagedAuthorization.mapClaims must be a function" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *m = refusal(bad[i].json);
		CHECK(m != NULL && strcmp(m, bad[i].msg) == 0);
	}
}
