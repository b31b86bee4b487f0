/* createClient and lookupClient (src/helper/oc_helper_clients.c), natively against an in-memory KV. */
#include "token/oc_token.h"
#include "helper_fixture.h" /* last: it defines short macros (RU, CONF, G …) */

static cJSON *create(const oc_config *cfg, const char *args)
{
	return hfx_run(cfg, OC_KIND_CREATE_CLIENT, args);
}

OC_TEST(helper_create_client_confidential)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512];
	hfx_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"Confidential Test Client\","
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientId\":\"mine\",\"registrationDate\":5}");
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod,clientSecret");
	char id[17], secret[33];
	REQUIRE(hfx_jstr(v, "clientId") && hfx_jstr(v, "clientSecret"));
	snprintf(id, sizeof id, "%s", hfx_jstr(v, "clientId"));
	snprintf(secret, sizeof secret, "%s", hfx_jstr(v, "clientSecret"));
	CHECK(strlen(id) == 16 && oc_token_is_alphabet(id, 16));
	CHECK(strlen(secret) == 32 && oc_token_is_alphabet(secret, 32));
	CHECK(cJSON_GetObjectItem(v, "registrationDate")->valuedouble == NOW);
	/* the record: hashed secret, authMethodExplicit, no expiry, no metadata */
	REQUIRE(hfx_nkv == 1 && hfx_nlog == 1 && hfx_log[0].kind == OC_FX_KV_PUT);
	char key[64];
	snprintf(key, sizeof key, "client:%s", id);
	CHECK_STR(hfx_kv[0].key, key);
	CHECK(hfx_kv[0].ttl == 0 && hfx_kv[0].expiration == 0 && hfx_kv[0].meta == NULL);
	char hash[65];
	oc_token_client_secret_hash(hash, secret, 32);
	char want[1024];
	snprintf(want, sizeof want, "{\"clientId\":\"%s\",\"redirectUris\":[\"" RU "\"],"
		"\"clientName\":\"Confidential Test Client\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
		"\"responseTypes\":[\"code\"],\"registrationDate\":%d,\"tokenEndpointAuthMethod\":\"client_secret_basic\","
		"\"authMethodExplicit\":true,\"clientSecret\":\"%s\"}", id, NOW, hash);
	CHECK_STR(hfx_kv[0].val, want);
	cJSON_Delete(out);

	/* lookupClient: the record without authMethodExplicit, secret as its hash */
	snprintf(buf, sizeof buf, "{\"clientId\":\"%s\"}", id);
	out = hfx_run(&cfg, OC_KIND_LOOKUP_CLIENT, buf);
	v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod,clientSecret");
	CHECK_STR(hfx_jstr(v, "clientSecret"), hash);
	cJSON_Delete(out);
}

OC_TEST(helper_create_client_public_and_defaults)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512];
	hfx_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"Public Test Client\","
		"\"tokenEndpointAuthMethod\":\"none\"}");
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod");
	REQUIRE(hfx_nkv == 1);
	CHECK(strstr(hfx_kv[0].val, "\"tokenEndpointAuthMethod\":\"none\",\"authMethodExplicit\":true}") != NULL);
	CHECK(strstr(hfx_kv[0].val, "clientSecret") == NULL);
	cJSON_Delete(out);

	/* no method given: client_secret_basic, authMethodExplicit not stored */
	hfx_reset();
	out = create(&cfg, "{\"redirectUris\":[\"http://evil.example/cb\",\"" RU "\"]}");
	REQUIRE(hfx_value(out) != NULL);
	CHECK(strstr(hfx_kv[0].val, "\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"") != NULL);
	CHECK(strstr(hfx_kv[0].val, "authMethodExplicit") == NULL);
	cJSON_Delete(out);

	/* every field, in the reference's order */
	hfx_reset();
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"n\",\"logoUri\":\"https://l\","
		"\"clientUri\":\"https://c\",\"policyUri\":\"https://p\",\"tosUri\":\"https://t\",\"jwksUri\":\"https://j\","
		"\"contacts\":[\"a@b\"],\"i18n\":{\"client_name#ja\":\"x\"},\"grantTypes\":[\"authorization_code\"],"
		"\"responseTypes\":[\"code\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"extra\":1,"
		"\"authMethodExplicit\":false}");
	v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_members(v, buf, sizeof buf), "clientId,redirectUris,clientName,logoUri,clientUri,policyUri,tosUri,"
		"jwksUri,i18n,contacts,grantTypes,responseTypes,registrationDate,tokenEndpointAuthMethod,clientSecret");
	cJSON *rec = cJSON_Parse(hfx_kv[0].val);
	CHECK_STR(hfx_members(rec, buf, sizeof buf), "clientId,redirectUris,clientName,logoUri,clientUri,policyUri,tosUri,"
		"jwksUri,i18n,contacts,grantTypes,responseTypes,registrationDate,tokenEndpointAuthMethod,"
		"authMethodExplicit,clientSecret");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(rec, "authMethodExplicit")));
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* loopback http redirect URIs are usable */
	out = create(&cfg, "{\"redirectUris\":[\"http://127.0.0.1:3000/cb\",\"http://localhost/cb\",\"http://[::1]/cb\"]}");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);
}

OC_TEST(helper_create_client_rules)
{
	oc_config cfg = hfx_base_cfg();
	static const struct { const char *args, *desc; } bad[] = {
		{ "{\"clientName\":\"x\"}", "redirect_uris is required and must not be empty" },
		{ "{}", "redirect_uris is required and must not be empty" },
		{ "{\"redirectUris\":[]}", "redirect_uris is required and must not be empty" },
		{ "{\"redirectUris\":[\"javascript:alert(1)\",\"" RU "\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"data:text/html,x\",\"" RU "\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"" RU "#x\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"https://u:p@client.example.org/cb\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"not a uri\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"http://evil.example/cb\"]}", "Redirect URI must use https, or http on a loopback host" },
		{ "{\"redirectUris\":[\"com.example.app:/cb\"]}", "Redirect URI must use https, or http on a loopback host" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[\"implicit\"]}", "Unsupported grant_type: implicit" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[\"client_credentials\"]}", "Unsupported grant_type: client_credentials" },
		{ "{\"redirectUris\":[\"" RU "\"],\"responseTypes\":[\"token\"]}", "Unsupported response_type: token" },
		{ "{\"redirectUris\":[\"" RU "\"],\"tokenEndpointAuthMethod\":\"private_key_jwt\"}",
		  "Unsupported token_endpoint_auth_method: private_key_jwt" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[]}",
		  "grant_types authorization_code and response_types code must be registered together" },
		{ "{\"redirectUris\":[5]}", "redirectUris must be an array of strings" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		hfx_reset();
		cJSON *out = create(&cfg, bad[i].args);
		CHECK(hfx_is_error(out, "invalid_client_metadata", bad[i].desc, "Error"));
		CHECK(hfx_nkv == 0);
		cJSON_Delete(out);
	}
	/* private-use schemes count when allowed */
	cfg.allow_private_use_redirect_uris = 1;
	hfx_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"com.example.app:/cb\"]}");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);
	/* a failed or rate-limited write */
	hfx_fail_puts = OC_FXR_RATE_LIMITED;
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"]}");
	CHECK(hfx_is_error(out, "temporarily_unavailable", "The storage is rate limited", NULL));
	cJSON_Delete(out);
	hfx_fail_puts = OC_FXR_FAILED;
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"]}");
	CHECK(hfx_is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	hfx_fail_puts = 0;
	hfx_reset();
}

OC_TEST(helper_lookup_client)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512];
	hfx_reset();
	hfx_put("client:dcr", "{\"clientId\":\"dcr\",\"redirectUris\":[\"" RU "\"],\"tokenEndpointAuthMethod\":\"none\","
		"\"registrationExpiresAt\":5,\"authMethodExplicit\":true,\"foo\":1,\"i18n\":{\"a\":\"b\"}}", NULL);
	cJSON *out = hfx_run(&cfg, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"dcr\"}");
	REQUIRE(hfx_value(out) != NULL);
	CHECK_STR(hfx_members(hfx_value(out), buf, sizeof buf), "clientId,redirectUris,tokenEndpointAuthMethod,foo,i18n");
	CHECK(hfx_nlog == 1 && hfx_log[0].kind == OC_FX_KV_GET && strcmp(hfx_log[0].key, "client:dcr") == 0);
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"doesnotexist\"}");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)));
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LOOKUP_CLIENT, "{}");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)));
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LOOKUP_CLIENT, "not json");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)));
	cJSON_Delete(out);
	hfx_reset();
}
