/*
 * RFC 7591 client metadata (src/oauth/oc_client_meta.c), with the reference
 * 1.2.3's descriptions (docs/observed/rules-1.2.3.md, section 8).
 */
#include "oc_test.h"
#include "oauth/oc_client_meta.h"
#include "config/oc_config.h"
#include <stdlib.h>

#define RU "https://client.example.org/cb"
#define REG(extra) "{\"redirect_uris\":[\"" RU "\"]" extra "}"

static oc_config *config(const char *extra)
{
	char json[512];
	const char *err;
	snprintf(json, sizeof json, "{\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\","
		"\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"clientRegistrationEndpoint\":\"/register\",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}%s}",
		extra);
	return oc_config_new(json, strlen(json), &err);
}

/* The description of the refusal, "OK", or, with rec set, the record encoded. */
static const char *meta(const oc_config *cfg, const char *body, int rec)
{
	static char out[1 << 17];
	oc_arena *a = oc_arena_new();
	oc_arena_bind_json(a);
	cJSON *raw = cJSON_Parse(body);
	oc_client c;
	oc_err e = oc_client_meta_read(a, cfg, raw, &c);
	if (e.code == OC_OK) {
		char *r = NULL;
		c.client_id = "id";
		snprintf(out, sizeof out, "OK");
		if (rec && oc_client_encode(a, &c, &r).code == OC_OK)
			snprintf(out, sizeof out, "%s", r);
	} else {
		snprintf(out, sizeof out, "%s%s", e.code == OC_ERR_INVALID_CLIENT_METADATA ? "" : "(not metadata) ",
			e.desc);
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return out;
}

#define EXPECT(cfg, body, want) do { const char *got_ = meta(cfg, body, 0); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  body %s\n  got  %s\n  want %s\n", body, got_, want); } while (0)
#define RECORD(cfg, body, want) do { const char *got_ = meta(cfg, body, 1); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  body %s\n  got  %s\n  want %s\n", body, got_, want); } while (0)

OC_TEST(client_meta_types)
{
	oc_config *cfg = config("");
	REQUIRE(cfg != NULL);
	EXPECT(cfg, "[]", "Client metadata must be a JSON object");
	EXPECT(cfg, "\"x\"", "Client metadata must be a JSON object");
	EXPECT(cfg, "null", "Client metadata must be a JSON object");
	EXPECT(cfg, REG(",\"client_name\":1"), "Invalid client_name: expected string, got number");
	EXPECT(cfg, REG(",\"client_name\":null"), "Invalid client_name: expected string, got object");
	EXPECT(cfg, REG(",\"client_name\":[\"a\"]"), "Invalid client_name: expected string, got object");
	EXPECT(cfg, REG(",\"client_id\":true"), "Invalid client_id: expected string, got boolean");
	EXPECT(cfg, "{\"redirect_uris\":\"" RU "\"}", "Invalid redirect_uris: expected array, got string");
	EXPECT(cfg, "{\"redirect_uris\":[\"" RU "\",1]}", "Invalid redirect_uris: array must contain only strings");
	EXPECT(cfg, REG(",\"contacts\":{}"), "Invalid contacts: expected array, got object");
	EXPECT(cfg, REG(",\"grant_types\":null"), "Invalid grant_types: expected array, got object");
	EXPECT(cfg, REG(",\"response_types\":[null]"), "Invalid response_types: array must contain only strings");
	EXPECT(cfg, REG(",\"token_endpoint_auth_method\":0"),
		"Invalid token_endpoint_auth_method: expected string, got number");
	EXPECT(cfg, REG(",\"token_endpoint_auth_methods_supported\":\"none\""),
		"Invalid token_endpoint_auth_methods_supported: expected array, got string");
	EXPECT(cfg, REG(",\"token_endpoint_auth_signing_alg\":false"),
		"Invalid token_endpoint_auth_signing_alg: expected string, got boolean");
	EXPECT(cfg, REG(",\"token_endpoint_auth_signing_alg_values_supported\":[1]"),
		"Invalid token_endpoint_auth_signing_alg_values_supported: array must contain only strings");
	/* the reference's order: auth members first, then client_id … response_types */
	EXPECT(cfg, "{\"response_types\":1,\"client_name\":1,\"redirect_uris\":1,\"token_endpoint_auth_method\":1}",
		"Invalid token_endpoint_auth_method: expected string, got number");
	EXPECT(cfg, "{\"response_types\":1,\"contacts\":1,\"client_name\":1,\"redirect_uris\":1}",
		"Invalid redirect_uris: expected array, got number");
	EXPECT(cfg, "{\"response_types\":1,\"contacts\":1,\"logo_uri\":1,\"client_uri\":1}",
		"Invalid client_uri: expected string, got number");
	EXPECT(cfg, "{\"response_types\":1,\"contacts\":1,\"client_name#fr\":1}",
		"Invalid client_name#fr: expected string, got number");
	EXPECT(cfg, "{\"response_types\":1,\"contacts\":1}", "Invalid contacts: expected array, got number");
	/* a repeated member counts with its last value */
	EXPECT(cfg, REG(",\"client_name\":1,\"client_name\":\"ok\""), "OK");
	EXPECT(cfg, REG(",\"client_name\":\"ok\",\"client_name\":1"), "Invalid client_name: expected string, got number");
	/* unknown members of any type are ignored */
	EXPECT(cfg, REG(",\"software_statement\":{\"a\":[1]},\"scope\":7,\"jwks\":null"), "OK");
	oc_config_free(cfg);
}

OC_TEST(client_meta_uris)
{
	oc_config *cfg = config("");
	REQUIRE(cfg != NULL);
	EXPECT(cfg, REG(",\"client_uri\":\"https://client.example.org\""), "OK");
	EXPECT(cfg, REG(",\"logo_uri\":\"HTTP://x\""), "OK");
	EXPECT(cfg, REG(",\"tos_uri\":\" https://x/ \""), "OK"); /* new URL() strips the spaces */
	EXPECT(cfg, REG(",\"policy_uri\":\"ftp://x/\""), "Invalid policy_uri: must be an absolute http: or https: URL");
	EXPECT(cfg, REG(",\"jwks_uri\":\"/keys\""), "Invalid jwks_uri: must be an absolute http: or https: URL");
	EXPECT(cfg, REG(",\"client_uri\":\"https://\""), "Invalid client_uri: must be an absolute http: or https: URL");
	EXPECT(cfg, REG(",\"client_uri\":\"javascript:alert(1)\""),
		"Invalid client_uri: must be an absolute http: or https: URL");
	EXPECT(cfg, REG(",\"logo_uri#ja\":\"data:x\""), "Invalid logo_uri#ja: must be an absolute http: or https: URL");
	/* client_name#… is a string; other members with '#' are not localizable */
	EXPECT(cfg, REG(",\"client_name#fr\":\"not a uri\""), "OK");
	EXPECT(cfg, REG(",\"jwks_uri#fr\":\"not a uri\",\"contacts#x\":1,\"#fr\":1,\"client_uri#\":1"), "OK");
	oc_config_free(cfg);
}

OC_TEST(client_meta_auth_method_negotiation)
{
	oc_config *cfg = config(""), *closed = config(",\"disallowPublicClientRegistration\":true");
	REQUIRE(cfg != NULL && closed != NULL);
	const char *pre = "{\"clientId\":\"id\",\"redirectUris\":[\"" RU "\"],\"grantTypes\":[\"authorization_code\"],"
		"\"responseTypes\":[\"code\"],\"tokenEndpointAuthMethod\":";
	char want[512];
#define METHOD(c, extra, m, explicit) do { snprintf(want, sizeof want, "%s\"%s\"%s}", pre, m, \
	explicit ? ",\"authMethodExplicit\":true" : ""); RECORD(c, REG(extra), want); } while (0)
	METHOD(cfg, "", "client_secret_basic", 0);
	METHOD(cfg, ",\"token_endpoint_auth_method\":\"none\"", "none", 1);
	METHOD(cfg, ",\"token_endpoint_auth_method\":\"client_secret_post\"", "client_secret_post", 1);
	/* the server's first accepted method among those the client supports */
	METHOD(cfg, ",\"token_endpoint_auth_methods_supported\":[\"none\",\"client_secret_post\"]", "client_secret_post", 1);
	METHOD(cfg, ",\"token_endpoint_auth_method\":\"private_key_jwt\","
		"\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"none\"]", "none", 1);
	EXPECT(cfg, REG(",\"token_endpoint_auth_method\":\"private_key_jwt\""),
		"Client does not support an accepted token endpoint authentication method. Supported methods: "
		"client_secret_basic, client_secret_post, none. Client advertised: private_key_jwt");
	EXPECT(cfg, REG(",\"token_endpoint_auth_methods_supported\":[]"),
		"Client does not support an accepted token endpoint authentication method. Supported methods: "
		"client_secret_basic, client_secret_post, none. Client advertised: (none)");
	EXPECT(cfg, REG(",\"token_endpoint_auth_method\":\"tls_client_auth\","
		"\"token_endpoint_auth_methods_supported\":[\"tls_client_auth\",\"x\",\"x\"]"),
		"Client does not support an accepted token endpoint authentication method. Supported methods: "
		"client_secret_basic, client_secret_post, none. Client advertised: tls_client_auth, x");
	EXPECT(cfg, REG(",\"token_endpoint_auth_method\":\"none\",\"token_endpoint_auth_methods_supported\":[\"x\"]"),
		"token_endpoint_auth_method must be included in token_endpoint_auth_methods_supported");
	EXPECT(cfg, REG(",\"token_endpoint_auth_signing_alg\":\"RS256\","
		"\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\"]"),
		"token_endpoint_auth_signing_alg must be included in token_endpoint_auth_signing_alg_values_supported");
	/* disallowPublicClientRegistration: none is not on offer */
	METHOD(closed, "", "client_secret_basic", 0);
	METHOD(closed, ",\"token_endpoint_auth_methods_supported\":[\"none\",\"client_secret_post\"]", "client_secret_post", 1);
	EXPECT(closed, REG(",\"token_endpoint_auth_method\":\"none\""), "Public client registration is not allowed");
	EXPECT(closed, REG(",\"token_endpoint_auth_methods_supported\":[\"none\"]"), "Public client registration is not allowed");
	/* refused for another reason too: that reason, unless it would have been public */
	EXPECT(closed, "{\"token_endpoint_auth_method\":\"none\"}",
		"Client does not support an accepted token endpoint authentication method. Supported methods: "
		"client_secret_basic, client_secret_post. Client advertised: none");
	EXPECT(closed, "{\"client_name\":1}", "Invalid client_name: expected string, got number");
	EXPECT(closed, REG(",\"token_endpoint_auth_method\":\"private_key_jwt\""),
		"Client does not support an accepted token endpoint authentication method. Supported methods: "
		"client_secret_basic, client_secret_post. Client advertised: private_key_jwt");
	EXPECT(closed, "[]", "Client metadata must be a JSON object");
	oc_config_free(cfg);
	oc_config_free(closed);
}

OC_TEST(client_meta_capabilities_and_redirects)
{
	oc_config *cfg = config("");
	REQUIRE(cfg != NULL);
	EXPECT(cfg, REG(",\"grant_types\":[\"authorization_code\",\"refresh_token\"]"), "OK");
	EXPECT(cfg, REG(",\"grant_types\":[\"implicit\"],\"response_types\":[\"token\"]"), "Unsupported grant_type: implicit");
	EXPECT(cfg, REG(",\"grant_types\":[\"client_credentials\"]"), "Unsupported grant_type: client_credentials");
	EXPECT(cfg, REG(",\"response_types\":[\"code\",\"id_token\"]"), "Unsupported response_type: id_token");
	EXPECT(cfg, REG(",\"grant_types\":[\"refresh_token\"]"),
		"grant_types authorization_code and response_types code must be registered together");
	EXPECT(cfg, REG(",\"grant_types\":[]"),
		"grant_types authorization_code and response_types code must be registered together");
	EXPECT(cfg, REG(",\"grant_types\":[],\"response_types\":[]"), "OK");
	/* capabilities before redirect URIs */
	EXPECT(cfg, "{\"grant_types\":[\"password\"]}", "Unsupported grant_type: password");
	EXPECT(cfg, "{\"client_name\":\"x\"}", "redirect_uris is required and must not be empty");
	EXPECT(cfg, "{\"redirect_uris\":[]}", "redirect_uris is required and must not be empty");
	EXPECT(cfg, "{\"redirect_uris\":[\"javascript:alert(1)\"]}", "Invalid redirect URI");
	EXPECT(cfg, "{\"redirect_uris\":[\"" RU "#\"]}", "Invalid redirect URI");
	EXPECT(cfg, "{\"redirect_uris\":[\"http://client.example.org/cb\"]}",
		"Redirect URI must use https, or http on a loopback host");
	EXPECT(cfg, "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\",\"cursor://x/cb\"]}", "OK");
	oc_config_free(cfg);
}

OC_TEST(client_meta_record_as_reference)
{
	oc_config *cfg = config("");
	REQUIRE(cfg != NULL);
	/* every member, in the reference's record order; i18n in request order, last value wins */
	RECORD(cfg, "{\"zz\":1,\"tos_uri#de\":\"https://t/de\",\"contacts\":[\"a@b\"],\"client_name\":\"N\","
		"\"jwks_uri\":\"https://j\",\"client_name#fr\":\"F\",\"tos_uri\":\"https://t\",\"policy_uri\":\"https://p\","
		"\"client_uri\":\"https://c\",\"logo_uri\":\"https://l\",\"redirect_uris\":[\"" RU "\",\"" RU "\"],"
		"\"client_name#fr\":\"F2\",\"response_types\":[\"code\"],\"grant_types\":[\"refresh_token\",\"authorization_code\"],"
		"\"token_endpoint_auth_method\":\"client_secret_post\",\"client_id\":\"ignored\"}",
		"{\"clientId\":\"id\",\"redirectUris\":[\"" RU "\",\"" RU "\"],\"clientName\":\"N\",\"logoUri\":\"https://l\","
		"\"clientUri\":\"https://c\",\"policyUri\":\"https://p\",\"tosUri\":\"https://t\",\"jwksUri\":\"https://j\","
		"\"i18n\":{\"tos_uri#de\":\"https://t/de\",\"client_name#fr\":\"F2\"},\"contacts\":[\"a@b\"],"
		"\"grantTypes\":[\"refresh_token\",\"authorization_code\"],\"responseTypes\":[\"code\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_post\",\"authMethodExplicit\":true}");
	oc_config_free(cfg);
}

OC_TEST(client_meta_many_localized_members)
{
	/* 1,000 names given twice, in reverse order the second time: each at its first place, last value */
	oc_config *cfg = config("");
	REQUIRE(cfg != NULL);
	size_t cap = 64 * 2000 + 256;
	char *body = malloc(cap), *want = malloc(cap), *p = body, *q = want;
	REQUIRE(body != NULL && want != NULL);
	p += sprintf(p, "{\"redirect_uris\":[\"" RU "\"]");
	for (int i = 0; i < 1000; i++)
		p += sprintf(p, ",\"client_name#%04d\":\"first\"", i);
	for (int i = 999; i >= 0; i--)
		p += sprintf(p, ",\"client_name#%04d\":\"v%d\"", i, i);
	strcpy(p, "}");
	q += sprintf(q, "{\"clientId\":\"id\",\"redirectUris\":[\"" RU "\"],\"i18n\":{");
	for (int i = 0; i < 1000; i++)
		q += sprintf(q, "%s\"client_name#%04d\":\"v%d\"", i ? "," : "", i, i);
	strcpy(q, "},\"grantTypes\":[\"authorization_code\"],\"responseTypes\":[\"code\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\"}");
	RECORD(cfg, body, want);
	/* the first invalid one in first-position order is the one named */
	strcpy(body, "{\"redirect_uris\":[\"" RU "\"],\"logo_uri#b\":\"https://ok\",\"client_name#a\":\"ok\","
		"\"logo_uri#b\":\"bad\",\"client_name#a\":7}");
	EXPECT(cfg, body, "Invalid logo_uri#b: must be an absolute http: or https: URL");
	free(body);
	free(want);
	oc_config_free(cfg);
}
