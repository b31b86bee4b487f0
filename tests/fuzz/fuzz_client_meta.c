/*
 * Client metadata of a registration request (base/oc_json_check, then
 * oauth/oc_client_meta): any bytes as the request body (the first byte picks
 * the configuration: public clients allowed or not, private-use redirect URIs
 * allowed or not). Nothing crashes; a body the check accepts parses with
 * cJSON; the metadata is accepted or refused as invalid_client_metadata,
 * nothing else; what is accepted passes the registration rules again
 * (capabilities, redirect URIs, no public client when refused), encodes as a
 * client record and decodes back to the same redirect URIs and method.
 */
#include "base/oc_json_check.h"
#include "oauth/oc_client_meta.h"
#include "oauth/oc_redirect.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static oc_config *cfgs[4];

static oc_config *cfg_new(int disallow, int private_use)
{
	char json[512];
	const char *err = NULL;
	snprintf(json, sizeof json, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\",\"clientRegistrationEndpoint\":\"/register\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},"
		"\"disallowPublicClientRegistration\":%s,\"allowPrivateUseRedirectUris\":%s}",
		disallow ? "true" : "false", private_use ? "true" : "false");
	oc_config *c = oc_config_new(json, strlen(json), &err);
	ENSURE(c != NULL);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (cfgs[0] == NULL)
		for (int i = 0; i < 4; i++)
			cfgs[i] = cfg_new(i & 1, i >> 1);
	if (size == 0 || size > 65536)
		return 0;
	const oc_config *cfg = cfgs[data[0] & 3];
	const char *body = (const char *)data + 1;
	size_t n = size - 1, start;
	if (oc_json_check(body, n, 32, 4096, &start) != OC_JSON_OK)
		return 0;

	oc_arena *a = oc_arena_new();
	ENSURE(a != NULL);
	oc_arena_bind_json(a);
	cJSON *raw = cJSON_ParseWithLength(body + start, n - start);
	ENSURE(raw != NULL);
	oc_client c;
	oc_err e = oc_client_meta_read(a, cfg, raw, &c);
	ENSURE(e.code == OC_OK || e.code == OC_ERR_INVALID_CLIENT_METADATA);
	ENSURE(e.code == OC_OK || (e.desc != NULL && e.desc[0] != 0));
	if (e.code == OC_OK) {
		ENSURE(oc_redirect_check_registration(cfg, &c.redirect_uris).code == OC_OK);
		ENSURE(oc_client_caps_check(a, cfg, &c.grant_types, &c.response_types,
			c.token_endpoint_auth_method).code == OC_OK);
		ENSURE(!cfg->disallow_public_client_registration || strcmp(c.token_endpoint_auth_method, "none") != 0);
		const cJSON *i18n = cJSON_GetObjectItemCaseSensitive(c.extra, "i18n"), *m;
		cJSON_ArrayForEach(m, i18n)
			ENSURE(cJSON_IsString(m) && strchr(m->string, '#') != NULL);
		char *secret, *rec;
		ENSURE(oc_client_mint(a, &c, 1800000000, &secret).code == OC_OK);
		ENSURE((secret == NULL) == (strcmp(c.token_endpoint_auth_method, "none") == 0));
		ENSURE(oc_client_encode(a, &c, &rec).code == OC_OK);
		oc_client back;
		ENSURE(oc_client_decode(a, rec, strlen(rec), &back).code == OC_OK);
		ENSURE(back.redirect_uris.n == c.redirect_uris.n);
		for (size_t i = 0; i < c.redirect_uris.n; i++)
			ENSURE(strcmp(back.redirect_uris.v[i], c.redirect_uris.v[i]) == 0);
		ENSURE(strcmp(back.token_endpoint_auth_method, c.token_endpoint_auth_method) == 0);
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
