/* parseAuthRequest (src/helper/oc_helper_parse_auth.c), natively against an in-memory KV. */
#include <stdlib.h>
#include "helper_fixture.h" /* last: it defines short macros (RU, CONF, G …) */

#define ERU "https%3A%2F%2Fclient.example.org%2Fcb"
#define AUTHZ "https://example.com/authorize?"
#define BASE "response_type=code&client_id=" CONF "&redirect_uri=" ERU
#define PLAIN_V "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" /* RFC 7636 Appendix B's verifier */

static cJSON *parse(const oc_config *cfg, const char *url)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "url", url);
	char *s = cJSON_PrintUnformatted(a);
	cJSON *out = hfx_run(cfg, OC_KIND_PARSE_AUTH_REQUEST, s);
	free(s);
	cJSON_Delete(a);
	return out;
}

OC_TEST(helper_parse_auth_request_ok)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	cJSON *out = parse(&cfg, AUTHZ BASE "&scope=read+write&state=st-123&code_challenge=" CH "&code_challenge_method=S256");
	REQUIRE(hfx_value(out) != NULL);
	CHECK_STR(hfx_print(hfx_value(out)), "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\","
		"\"scope\":[\"read\",\"write\"],\"state\":\"st-123\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\","
		"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}");
	CHECK(hfx_nlog == 1 && hfx_log[0].kind == OC_FX_KV_GET && strcmp(hfx_log[0].key, "client:" CONF) == 0);
	cJSON_Delete(out);

	/* no PKCE (confidential), no state, spaces in scope kept as the reference splits them */
	out = parse(&cfg, AUTHZ BASE "&scope=%20a%20%20b%20a%20&prompt=none&foo=bar");
	CHECK_STR(hfx_print(hfx_value(out)), "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\","
		"\"scope\":[\"a\",\"b\",\"a\"],\"state\":\"\",\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}");
	cJSON_Delete(out);

	/* issuer: the request's origin; lenient decoding (repeats: helper_parse_auth_request_repeats) */
	out = parse(&cfg, "HTTPS://Other.Example:8443/elsewhere?" BASE "&state=%ZZ%E9"
		"&resource=https%3A%2F%2Fexample.com%2Fapi&resource=HTTPS%3A%2F%2FEXAMPLE.COM%2Fapi%3Fx%3D1");
	REQUIRE(hfx_value(out) != NULL);
	CHECK_STR(hfx_jstr(hfx_value(out), "issuer"), "https://other.example:8443");
	CHECK_STR(hfx_jstr(hfx_value(out), "state"), "%ZZ\xef\xbf\xbd");
	CHECK_STR(hfx_jstr(hfx_value(out), "resource"), "https://example.com/api");
	cJSON_Delete(out);
	out = parse(&cfg, "https://example.com:443/authorize?" BASE);
	CHECK_STR(hfx_jstr(hfx_value(out), "issuer"), "https://example.com");
	cJSON_Delete(out);

	/* RFC 8252: loopback redirect URIs match on any port */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcb");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fcb");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);

	/* public client with S256; plain and implicit when allowed */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" PUBL "&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 1;
	out = parse(&cfg, AUTHZ BASE "&code_challenge=" PLAIN_V);
	/* 0.10.4: a challenge without method is plain, and the AuthRequest carries no method */
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "codeChallenge"), PLAIN_V) == 0
		&& !hfx_jstr(hfx_value(out), "codeChallengeMethod"));
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE "&code_challenge=" PLAIN_V "&code_challenge_method=plain");
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "codeChallengeMethod"), "plain") == 0);
	cJSON_Delete(out);
	/* a plain challenge must have a verifier's form (RFC 7636 §4.2): a deliberate difference */
	out = parse(&cfg, AUTHZ BASE "&code_challenge=abc&code_challenge_method=plain");
	CHECK(hfx_is_error(out, "invalid_request", "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~",
		"AuthorizationError"));
	cJSON_Delete(out);
	cfg.allow_implicit_flow = 1;
	hfx_put("client:IMPLICITCLIENT01", "{\"clientId\":\"IMPLICITCLIENT01\",\"redirectUris\":[\"" RU "\"],"
		"\"responseTypes\":[\"token\"],\"tokenEndpointAuthMethod\":\"none\"}", NULL);
	/* a public client needs no PKCE for token; a challenge is checked, then kept in the AuthRequest */
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU);
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "responseType"), "token") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256");
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "codeChallenge"), CH) == 0);
	cJSON_Delete(out);
	/* a client registered for token only cannot use code; one without responseTypes cannot use token */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&state=s");
	CHECK(hfx_is_error(out, "unauthorized_client", "The client is not registered for response_type code", "AuthorizationError"));
	CHECK(out && hfx_jstr(out, "redirectTo") && strcmp(hfx_jstr(out, "redirectTo"), RU "?error=unauthorized_client&error_description="
		"The+client+is+not+registered+for+response_type+code&state=s&iss=https%3A%2F%2Fexample.com") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU);
	CHECK(hfx_is_error(out, "unauthorized_client", "The client is not registered for response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	/* order: resource, response_type, registration, PKCE */
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU "&resource=https%3A%2F%2Fevil.example%2F");
	CHECK(hfx_is_error(out, "invalid_target", "The resource parameter must name exactly one configured protected resource", "AuthorizationError"));
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU "&code_challenge=x&code_challenge_method=S512");
	CHECK(hfx_is_error(out, "unauthorized_client", "The client is not registered for response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 0;
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&code_challenge=x&code_challenge_method=plain");
	CHECK(hfx_is_error(out, "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", "AuthorizationError"));
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 1;
	/* private-use redirect URIs when allowed */
	cfg.allow_private_use_redirect_uris = 1;
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=com.example.app%3A%2Fcb");
	CHECK(hfx_value(out) != NULL);
	cJSON_Delete(out);
	/* 0.10.x: resource kept as given */
	cfg = hfx_base_cfg();
	cfg.profile = &oc_profile_0_10;
	cfg.resource = NULL;
	out = parse(&cfg, AUTHZ BASE "&resource=https%3A%2F%2Fany.example%2Fx");
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "resource"), "https://any.example/x") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE);
	CHECK(hfx_value(out) && hfx_jstr(hfx_value(out), "resource") == NULL);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE "&resource=nope&state=s");
	CHECK(hfx_is_error(out, "invalid_target", "The resource parameter must be a valid absolute URI without a fragment", "AuthorizationError"));
	cJSON_Delete(out);
	hfx_reset();
}

OC_TEST(helper_parse_auth_request_local_errors)
{
	oc_config cfg = hfx_base_cfg();
	static const struct { const char *url, *desc; } bad[] = {
		{ AUTHZ "response_type=code&redirect_uri=" ERU "&state=s1", "client_id is required" },
		{ AUTHZ "client_id=&response_type=code", "client_id is required" },
		{ "https://example.com/authorize", "client_id is required" },
		{ AUTHZ "response_type=code&client_id=unknownclient123&redirect_uri=" ERU, "Invalid client_id" },
		{ AUTHZ "response_type=code&client_id=" CONF "&state=s1", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Fevil.example%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=com.example.app%3A%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=" ERU "%3Fa%3D1", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fother", "Invalid redirect URI" },
		{ "not a url", "Invalid request URL" },
	};
	hfx_seed_clients();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *out = parse(&cfg, bad[i].url);
		CHECK(hfx_is_error(out, "invalid_request", bad[i].desc, "AuthorizationError"));
		CHECK(out && !cJSON_GetObjectItem(out, "redirectTo") && !cJSON_GetObjectItem(out, "redirectUri"));
		cJSON_Delete(out);
	}
	hfx_reset();
}

OC_TEST(helper_parse_auth_request_redirect_errors)
{
	oc_config cfg = hfx_base_cfg();
	static const struct { const char *query, *code, *desc, *state, *to; } bad[] = {
		{ "client_id=" CONF "&redirect_uri=" ERU "&scope=read&state=s1&code_challenge=" CH "&code_challenge_method=S256",
		  "invalid_request", "response_type is required", "s1",
		  RU "?error=invalid_request&error_description=response_type+is+required&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=&client_id=" CONF "&redirect_uri=" ERU "&state=a+b",
		  "invalid_request", "response_type is required", "a b",
		  RU "?error=invalid_request&error_description=response_type+is+required&state=a+b&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=token&client_id=" CONF "&redirect_uri=" ERU "&state=s1&code_challenge=" CH "&code_challenge_method=plain",
		  "unsupported_response_type", "The authorization server does not support response_type token", "s1",
		  RU "?error=unsupported_response_type&error_description=The+authorization+server+does+not+support+response_type+token&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=code+id_token&client_id=" CONF "&redirect_uri=" ERU,
		  "unsupported_response_type", "The authorization server does not support response_type code id_token", NULL,
		  RU "?error=unsupported_response_type&error_description=The+authorization+server+does+not+support+response_type+code+id_token&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=x&client_id=" PUBL "&redirect_uri=" ERU,
		  "unsupported_response_type", "The authorization server does not support response_type x", NULL, NULL },
		{ "response_type=x&client_id=" PUBL "&redirect_uri=" ERU "&resource=https%3A%2F%2Fevil.example%2Fapi",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ "client_id=" PUBL "&redirect_uri=" ERU "&resource=x",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ "response_type=code&client_id=EMPTYRTCLIENT001&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256",
		  "unauthorized_client", "The client is not registered for response_type code", NULL, NULL },
		{ BASE "&state=s1&code_challenge=" CH "&code_challenge_method=S512&resource=https%3A%2F%2Fevil.example%2Fapi",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", "s1",
		  RU "?error=invalid_target&error_description=The+resource+parameter+must+name+exactly+one+configured+protected+resource&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi%2F", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi&resource=https%3A%2F%2Fevil.example%2Fapi", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi%23f", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&state=s1&code_challenge=plainplain&code_challenge_method=plain", "invalid_request",
		  "The plain PKCE method is not allowed. Use S256 instead.", "s1",
		  RU "?error=invalid_request&error_description=The+plain+PKCE+method+is+not+allowed.+Use+S256+instead.&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge=" CH, "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", NULL, NULL },
		{ BASE "&code_challenge=" CH "&code_challenge_method=", "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", NULL, NULL },
		{ BASE "&state=s1&code_challenge=" CH "&code_challenge_method=S512", "invalid_request",
		  "Unsupported PKCE code_challenge_method: S512", "s1",
		  RU "?error=invalid_request&error_description=Unsupported+PKCE+code_challenge_method%3A+S512&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge=&code_challenge_method=S256", "invalid_request", "PKCE code_challenge is required when code_challenge_method is provided.", NULL,
		  RU "?error=invalid_request&error_description=PKCE+code_challenge+is+required+when+code_challenge_method+is+provided.&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge_method=S256", "invalid_request", "PKCE code_challenge is required when code_challenge_method is provided.", NULL, NULL },
		{ "response_type=code&client_id=" PUBL "&redirect_uri=" ERU "&scope=read&state=s1", "invalid_request",
		  "Public clients must use PKCE with the authorization code flow.", "s1",
		  RU "?error=invalid_request&error_description=Public+clients+must+use+PKCE+with+the+authorization+code+flow.&state=s1&iss=https%3A%2F%2Fexample.com" },
	};
	hfx_seed_clients();
	hfx_put("client:EMPTYRTCLIENT001", "{\"clientId\":\"EMPTYRTCLIENT001\",\"redirectUris\":[\"" RU "\"],"
		"\"grantTypes\":[],\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"none\"}", NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char url[1024];
		snprintf(url, sizeof url, AUTHZ "%s", bad[i].query);
		cJSON *out = parse(&cfg, url);
		CHECK(hfx_is_error(out, bad[i].code, bad[i].desc, "AuthorizationError"));
		if (out == NULL)
			continue;
		CHECK(hfx_jstr(out, "redirectUri") && strcmp(hfx_jstr(out, "redirectUri"), RU) == 0);
		CHECK(hfx_jstr(out, "issuer") && strcmp(hfx_jstr(out, "issuer"), "https://example.com") == 0);
		CHECK(bad[i].state ? hfx_jstr(out, "state") && strcmp(hfx_jstr(out, "state"), bad[i].state) == 0 : !hfx_jstr(out, "state"));
		if (bad[i].to) {
			CHECK(hfx_jstr(out, "redirectTo") && strcmp(hfx_jstr(out, "redirectTo"), bad[i].to) == 0);
			if (!hfx_jstr(out, "redirectTo") || strcmp(hfx_jstr(out, "redirectTo"), bad[i].to))
				fprintf(stderr, "  redirectTo: %s\n", hfx_jstr(out, "redirectTo"));
		}
		cJSON_Delete(out);
	}
	hfx_reset();
}

/*
 * A parameter parseAuthRequest reads, given twice (RFC 6749 §3.1: parameters
 * must not repeat): refused, a deliberate difference (the reference reads the
 * first value). A repeated client_id is refused before the client is read, and
 * it and a repeated redirect_uri without a redirect (§4.1.2.1); the others
 * with the error redirect, which carries the first state. resource may repeat
 * (RFC 8707 §2), and so may the parameters parseAuthRequest does not read.
 */
OC_TEST(helper_parse_auth_request_repeats)
{
	oc_config cfg = hfx_base_cfg();
	static const struct { const char *query, *name; } local[] = {
		{ BASE "&client_id=" CONF, "client_id" },
		{ BASE "&client_id=" PUBL, "client_id" },
		{ BASE "&client_id=", "client_id" },
		{ "client_id=unknownclient123&client_id=unknownclient123", "client_id" },
		{ BASE "&redirect_uri=" ERU, "redirect_uri" },
		{ BASE "&redirect_uri=", "redirect_uri" },
		{ BASE "&redirect%5Furi=https%3A%2F%2Fevil.example%2Fcb", "redirect_uri" },
	};
	static const struct { const char *query, *name, *state; } redirected[] = {
		{ BASE "&response_type=code", "response_type", NULL },
		{ BASE "&scope=read&state=s1&scope=write", "scope", "s1" },
		{ BASE "&state=s1&state=s2", "state", "s1" },
		{ BASE "&state=&state=s2", "state", NULL },
		{ BASE "&code_challenge=" CH "&code_challenge_method=S256&code_challenge=" CH, "code_challenge", NULL },
		{ BASE "&code_challenge=" CH "&code_challenge_method=S256&code_challenge_method=S256",
		  "code_challenge_method", NULL },
		/* before the other redirect errors */
		{ "response_type=token&client_id=" CONF "&redirect_uri=" ERU "&state=s&state=s&resource=x", "state", "s" },
	};
	char url[1024], desc[128];

	hfx_seed_clients();
	for (size_t i = 0; i < sizeof local / sizeof local[0]; i++) {
		snprintf(url, sizeof url, AUTHZ "%s", local[i].query);
		snprintf(desc, sizeof desc, "Request parameter \"%s\" must not be repeated", local[i].name);
		hfx_log_reset();
		cJSON *out = parse(&cfg, url);
		CHECK(hfx_is_error(out, "invalid_request", desc, "AuthorizationError"));
		CHECK(out && !cJSON_GetObjectItem(out, "redirectTo") && !cJSON_GetObjectItem(out, "redirectUri"));
		if (strcmp(local[i].name, "client_id") == 0)
			CHECK(hfx_nlog == 0);
		cJSON_Delete(out);
	}
	for (size_t i = 0; i < sizeof redirected / sizeof redirected[0]; i++) {
		char to[512];
		snprintf(url, sizeof url, AUTHZ "%s", redirected[i].query);
		snprintf(desc, sizeof desc, "Request parameter \"%s\" must not be repeated", redirected[i].name);
		snprintf(to, sizeof to, RU "?error=invalid_request&error_description=Request+parameter+%%22%s%%22+must+not+be+repeated%s%s&iss=https%%3A%%2F%%2Fexample.com",
			redirected[i].name, redirected[i].state ? "&state=" : "", redirected[i].state ? redirected[i].state : "");
		cJSON *out = parse(&cfg, url);
		CHECK(hfx_is_error(out, "invalid_request", desc, "AuthorizationError"));
		CHECK(hfx_jstr(out, "redirectTo") && strcmp(hfx_jstr(out, "redirectTo"), to) == 0);
		CHECK(redirected[i].state ? hfx_jstr(out, "state") && strcmp(hfx_jstr(out, "state"), redirected[i].state) == 0
			: !hfx_jstr(out, "state"));
		cJSON_Delete(out);
	}
	/* resource (each value checked) and parameters not read here may repeat */
	static const char *const fine[] = {
		BASE "&code_challenge=" CH "&code_challenge_method=S256"
			"&resource=https%3A%2F%2Fexample.com%2Fapi&resource=https%3A%2F%2Fexample.com%2Fapi",
		BASE "&code_challenge=" CH "&code_challenge_method=S256&prompt=none&prompt=login&foo=1&foo=2&=&=",
		BASE "&code_challenge=" CH "&code_challenge_method=S256&client_id_x=1&client_id_x=2&Client_id=3",
	};
	for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
		snprintf(url, sizeof url, AUTHZ "%s", fine[i]);
		cJSON *out = parse(&cfg, url);
		CHECK(hfx_value(out) != NULL);
		if (hfx_value(out) == NULL)
			fprintf(stderr, "  %s: %s\n", fine[i], hfx_print(out));
		cJSON_Delete(out);
	}
	hfx_reset();
}
