/* The options the application gave (enabledOptions, src/config/oc_config_enabled.c) as the config reads
 * them. */
#include "oc_test.h"
#include "config/oc_config.h"

#define BASE "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\"," \
	"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"enabledOptions\":"

static const char *refusal(const char *json)
{
	const char *err = NULL;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	oc_config_free(c);
	return c == NULL ? err : NULL;
}

OC_TEST(config_enabled_options)
{
	/* the 0.10.x generation runs clientIdMetadataDocumentEnabled under its profile's rules */
	const char *j010 = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\","
		"\"hasApiHandler\":true,\"enabledOptions\":[\"resolveExternalToken\",\"clientIdMetadataDocumentEnabled\"]}";
	const char *err010 = NULL;
	oc_config *c010 = oc_config_new(j010, strlen(j010), &err010);
	CHECK(c010 != NULL && c010->cimd_enabled && !c010->profile->cimd_private_key_jwt);
	oc_config_free(c010);
	/* 1.x: every option 1.2.3 accepts is implemented (the callbacks, CIMD, EMA among them), and none */
	CHECK(refusal(BASE "[\"apiRoute\",\"apiHandler\",\"defaultHandler\",\"onError\",\"allowPrivateUseRedirectUris\",\"clientRegistrationEndpoint\","
		"\"tokenExchangeCallback\",\"resolveExternalToken\",\"allowTokenExchangeGrant\",\"clientIdMetadataDocumentEnabled\"]}") == NULL);
	const char *j = BASE "[\"tokenExchangeCallback\",\"resolveExternalToken\"]}";
	const char *err = NULL;
	oc_config *c = oc_config_new(j, strlen(j), &err);
	CHECK(c != NULL && c->has_token_exchange_callback && c->has_external_token_resolver);
	oc_config_free(c);
	j = BASE "[]}";
	c = oc_config_new(j, strlen(j), &err);
	CHECK(c != NULL && !c->has_token_exchange_callback && !c->has_external_token_resolver && !c->allow_token_exchange);
	oc_config_free(c);
	/* 1.x: allowTokenExchangeGrant (truthy) turns the RFC 8693 grant on */
	j = BASE "[\"allowTokenExchangeGrant\"]}";
	c = oc_config_new(j, strlen(j), &err);
	CHECK(c != NULL && c->allow_token_exchange);
	oc_config_free(c);
	CHECK(refusal(BASE "[]}") == NULL);
	/* the 0.10.x generation serves both callbacks and the RFC 8693 grant */
	j = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"enabledOptions\":[\"tokenExchangeCallback\",\"resolveExternalToken\",\"allowTokenExchangeGrant\"]}";
	c = oc_config_new(j, strlen(j), &err);
	CHECK(c != NULL && c->has_token_exchange_callback && c->has_external_token_resolver && c->allow_token_exchange);
	oc_config_free(c);
	/* a refusal of the reference's comes first */
	const char *first = refusal("{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"accessTokenTTL\":1,"
		"\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"enabledOptions\":[\"enterpriseManagedAuthorization\"]}");
	CHECK(first != NULL && strstr(first, "accessTokenTTL") != NULL);
}
