/*
 * POST to the registration endpoint (src/flow/oc_flow_register.c) through the
 * whole OC_KIND_HTTP op, against the fake KV.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include "op/oc_http.h"
#include <stdlib.h>

#define REGURL "https://example.com/register"
#define JSON_CT "application/json"

static tresp reg(tfx *f, const char *body)
{
	return tfx_request(f, "POST", REGURL, NULL, JSON_CT, body, NULL);
}

#define CHECK_REG_ERR(f, body, want) do { tresp r_ = reg(f, body); const char *got_ = tresp_err(&r_); \
	CHECK(strcmp(got_, want) == 0); if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); \
	CHECK(fake_kv_count(&(f)->kv, "client:") == 0); tresp_free(&r_); } while (0)

OC_TEST(register_confidential_client)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	tresp r = tfx_request(&f, "POST", REGURL, NULL, "text/plain", "{\"redirect_uris\":[\"" FX_REDIRECT "\"],"
		"\"client_name\":\"My App\",\"client_name#fr\":\"Mon app\"}", "https://app.example");
	REQUIRE(r.status == 201 && r.json != NULL);
	CHECK_STR(tresp_header(&r, "Content-Type"), "application/json");
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(tresp_header(&r, "Pragma"), "no-cache");
	CHECK_STR(tresp_header(&r, "Access-Control-Allow-Origin"), "https://app.example");
	const char *id = tresp_str(&r, "client_id"), *secret = tresp_str(&r, "client_secret");
	REQUIRE(id != NULL && secret != NULL);
	CHECK(strlen(id) == 16 && oc_token_is_alphabet(id, 16));
	CHECK(strlen(secret) == 32 && oc_token_is_alphabet(secret, 32));
	char want[2048], key[64], hash[65];
	snprintf(want, sizeof want, "{\"client_id\":\"%s\",\"redirect_uris\":[\"" FX_REDIRECT "\"],\"client_name\":\"My App\","
		"\"grant_types\":[\"authorization_code\"],\"response_types\":[\"code\"],"
		"\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_id_issued_at\":%lld,"
		"\"client_name#fr\":\"Mon app\",\"client_secret\":\"%s\",\"client_secret_expires_at\":%lld,"
		"\"client_secret_issued_at\":%lld}", id, FX_NOW, secret, FX_NOW + 7776000, FX_NOW);
	CHECK_STR(r.body, want);
	/* the record: the secret's hash, 90 days of life */
	snprintf(key, sizeof key, "client:%s", id);
	const fake_kv_entry *e = fake_kv_find(&f.kv, key);
	REQUIRE(e != NULL);
	oc_token_client_secret_hash(hash, secret, 32);
	snprintf(want, sizeof want, "{\"clientId\":\"%s\",\"redirectUris\":[\"" FX_REDIRECT "\"],\"clientName\":\"My App\","
		"\"i18n\":{\"client_name#fr\":\"Mon app\"},\"grantTypes\":[\"authorization_code\"],\"responseTypes\":[\"code\"],"
		"\"registrationDate\":%lld,\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"%s\","
		"\"registrationExpiresAt\":%lld}", id, FX_NOW, hash, FX_NOW + 7776000);
	CHECK_STR(e->val, want);
	CHECK(e->expiration == FX_NOW + 7776000 && e->meta == NULL);
	CHECK(strstr(e->val, secret) == NULL);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_public_client_without_ttl)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\",\"clientRegistrationTTL\":null");
	REQUIRE(f.cfg != NULL);
	tresp r = reg(&f, "\xef\xbb\xbf{\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"token_endpoint_auth_method\":\"none\","
		"\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"contacts\":[]}");
	REQUIRE(r.status == 201);
	const char *id = tresp_str(&r, "client_id");
	REQUIRE(id != NULL);
	CHECK(tresp_str(&r, "client_secret") == NULL);
	CHECK(cJSON_GetObjectItem(r.json, "client_secret_expires_at") == NULL);
	char want[1024], key[64];
	snprintf(want, sizeof want, "{\"client_id\":\"%s\",\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"contacts\":[],"
		"\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],"
		"\"token_endpoint_auth_method\":\"none\",\"client_id_issued_at\":%lld}", id, FX_NOW);
	CHECK_STR(r.body, want);
	snprintf(key, sizeof key, "client:%s", id);
	const fake_kv_entry *e = fake_kv_find(&f.kv, key);
	REQUIRE(e != NULL);
	snprintf(want, sizeof want, "{\"clientId\":\"%s\",\"redirectUris\":[\"http://127.0.0.1:3000/cb\"],\"contacts\":[],"
		"\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"responseTypes\":[\"code\"],"
		"\"registrationDate\":%lld,\"tokenEndpointAuthMethod\":\"none\",\"authMethodExplicit\":true}", id, FX_NOW);
	CHECK_STR(e->val, want);
	CHECK(e->expiration == 0);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_refusals)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	CHECK_REG_ERR(&f, "", "400 invalid_request: Invalid JSON payload");
	CHECK_REG_ERR(&f, "{not json", "400 invalid_request: Invalid JSON payload");
	CHECK_REG_ERR(&f, "redirect_uris=https%3A%2F%2Fx", "400 invalid_request: Invalid JSON payload");
	CHECK_REG_ERR(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],}", "400 invalid_request: Invalid JSON payload");
	CHECK_REG_ERR(&f, "{\"client_name\":\"\xff\"}", "400 invalid_request: Invalid JSON payload");
	CHECK_REG_ERR(&f, "[{\"redirect_uris\":[\"" FX_REDIRECT "\"]}]",
		"400 invalid_client_metadata: Client metadata must be a JSON object");
	CHECK_REG_ERR(&f, "{\"client_name\":7}", "400 invalid_client_metadata: Invalid client_name: expected string, got number");
	CHECK_REG_ERR(&f, "{\"redirect_uris\":[\"http://evil.example/cb\"]}",
		"400 invalid_client_metadata: Redirect URI must use https, or http on a loopback host");
	/* the limits */
	char *deep = malloc(200);
	REQUIRE(deep != NULL);
	memset(deep, 0, 200);
	strcpy(deep, "{\"x\":");
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	for (int i = 0; i < 40; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	CHECK_REG_ERR(&f, deep, "400 invalid_client_metadata: Client metadata nests too deeply");
	free(deep);
	char *many = malloc(8 + 2 * 5000), *p = many;
	REQUIRE(many != NULL);
	p += sprintf(p, "{\"x\":[0");
	for (int i = 1; i < 5000; i++)
		p += sprintf(p, ",0");
	strcpy(p, "]}");
	CHECK_REG_ERR(&f, many, "400 invalid_client_metadata: Client metadata has too many values");
	free(many);
	/* over 1 MiB */
	size_t big = (1u << 20) + 1;
	char *huge = malloc(big + 1);
	REQUIRE(huge != NULL);
	memset(huge, ' ', big);
	memcpy(huge, "{}", 2);
	huge[big] = 0;
	CHECK_REG_ERR(&f, huge, "413 invalid_request: Request payload too large, must be under 1 MiB");
	huge[big - 1] = 0; /* exactly 1 MiB: read, then refused for its metadata */
	CHECK_REG_ERR(&f, huge, "400 invalid_client_metadata: redirect_uris is required and must not be empty");
	free(huge);
	tfx_free(&f);
}

static size_t put_field(uint8_t *buf, const char *s)
{
	size_t n = strlen(s);
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	memcpy(buf + 4, s, n);
	return n + 4;
}

/*
 * The status of a registration answered in the binary layout, as the shim
 * asks for it (the JSON layout of the tests nests the body once more), or 0.
 */
static uint32_t binary_status(tfx *f, const char *body)
{
	uint8_t in[256];
	size_t n = 0;
	uint32_t status = 0;
	n += put_field(in + n, "POST");
	n += put_field(in + n, REGURL);
	n += put_field(in + n, "");
	n += put_field(in + n, JSON_CT);
	n += put_field(in + n, "");
	f->kv.body = body;
	f->kv.body_len = strlen(body);
	oc_op *op = oc_op_begin(f->cfg, OC_KIND_HTTP, in, n, (double)f->kv.now * 1000.0);
	if (op == NULL)
		return 0;
	op->binary = 1;
	if (fake_kv_run(&f->kv, op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		if (len >= 8 && (uint8_t)o[0] == OC_HTTP_ANSWER_RESPONSE)
			status = (uint32_t)(uint8_t)o[4] | (uint32_t)(uint8_t)o[5] << 8;
	}
	oc_op_end(op);
	return status;
}

OC_TEST(register_largest_body)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	/* a 1 MiB body of valid metadata registers: the op's memory holds body, record and answer */
	size_t n = 1u << 20;
	char *body = malloc(n + 1);
	REQUIRE(body != NULL);
	int k = sprintf(body, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"client_name\":\"");
	memset(body + k, 'x', n - (size_t)k - 2);
	memcpy(body + n - 2, "\"}", 3);
	CHECK(binary_status(&f, body) == 201);
	CHECK(fake_kv_count(&f.kv, "client:") == 1);
	/* the same size spent on redirect URIs (2,000 of them) */
	char *p = body + sprintf(body, "{\"redirect_uris\":[");
	for (int i = 0; i < 2000; i++)
		p += sprintf(p, "%s\"https://client.example.org/%0480d\"", i ? "," : "", i);
	strcpy(p, "]}");
	CHECK(binary_status(&f, body) == 201);
	CHECK(fake_kv_count(&f.kv, "client:") == 2);
	free(body);
	tfx_free(&f);
}

OC_TEST(register_routing)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	tresp r = tfx_request(&f, "GET", REGURL, NULL, NULL, NULL, NULL);
	CHECK_STR(tresp_err(&r), "405 invalid_request: Method not allowed");
	CHECK_STR(tresp_header(&r, "Allow"), "POST, OPTIONS");
	tresp_free(&r);
	r = tfx_request(&f, "OPTIONS", REGURL, NULL, NULL, NULL, "https://app.example");
	CHECK(r.status == 204);
	CHECK_STR(tresp_header(&r, "Access-Control-Allow-Origin"), "https://app.example");
	tresp_free(&r);
	/* a query is allowed, another path is not the endpoint */
	r = tfx_request(&f, "POST", REGURL "?x=1", NULL, JSON_CT, "{}", NULL);
	CHECK(r.status == 400);
	tresp_free(&r);
	r = tfx_request(&f, "POST", REGURL "/x", NULL, JSON_CT, "{}", NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "default");
	tresp_free(&r);
	tfx_free(&f);
	/* not configured: the default handler's */
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	r = tfx_request(&f, "POST", REGURL, NULL, JSON_CT, "{}", NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "default");
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_storage_failure)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	f.kv.fail_at = 2; /* the body is effect 1, the write effect 2 */
	f.kv.fail_status = OC_FXR_RATE_LIMITED;
	tresp r = reg(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"]}");
	CHECK_STR(tresp_err(&r), "429 temporarily_unavailable: Storage is rate limited, retry later");
	tresp_free(&r);
	f.kv.fail_at = f.kv.performed + 2;
	f.kv.fail_status = OC_FXR_FAILED;
	r = reg(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"]}");
	CHECK_STR(tresp_err(&r), "500 server_error: Storage operation failed");
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_callback)
{
	tfx f;
	const char *body = "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"x\":1}";
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\",\"enabledOptions\":[\"clientRegistrationCallback\"]");
	REQUIRE(f.cfg != NULL);
	/* returned nothing: registered; it was handed the body as sent */
	tresp r = reg(&f, body);
	CHECK(r.status == 201 && f.kv.callbacks == 1);
	CHECK(f.kv.callback_arg != NULL && strcmp(f.kv.callback_arg, body) == 0);
	CHECK(fake_kv_count(&f.kv, "client:") == 1);
	tresp_free(&r);
	fake_kv_free(&f.kv);
	fake_kv_init(&f.kv, FX_NOW);
	/* refused metadata never reaches it */
	CHECK_REG_ERR(&f, "{}", "400 invalid_client_metadata: redirect_uris is required and must not be empty");
	CHECK(f.kv.callbacks == 0);
	/* returned a value: its answer, nothing written */
	static const struct { const char *answer; uint32_t status; const char *want; } cases[] = {
		{ "{}", OC_FXR_OK, "400 invalid_client_metadata: Client registration denied" },
		{ "{\"code\":\"access_denied\",\"description\":\"not today\",\"status\":403}", OC_FXR_OK,
		  "403 access_denied: not today" },
		{ "{\"code\":\"\",\"description\":\"\",\"status\":null}", OC_FXR_OK,
		  "400 invalid_client_metadata: Client registration denied" },
		{ "\"no\"", OC_FXR_OK, "400 invalid_client_metadata: Client registration denied" },
		{ "{\"status\":429,\"code\":\"slow_down\"}", OC_FXR_OK, "429 slow_down: Client registration denied" },
		/* threw, or answered what the reference cannot read */
		{ "", OC_FXR_FAILED, "500 server_error: Client registration callback failed" },
		{ "null", OC_FXR_OK, "500 server_error: Client registration callback failed" },
		{ "{\"status\":99}", OC_FXR_OK, "500 server_error: Client registration callback failed" },
		{ "{\"status\":\"x\"}", OC_FXR_OK, "500 server_error: Client registration callback failed" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f.kv.callback_answer = cases[i].answer;
		f.kv.callback_status = cases[i].status;
		CHECK_REG_ERR(&f, body, cases[i].want);
	}
	f.kv.callback_answer = cases[4].answer;
	f.kv.callback_status = OC_FXR_OK;
	r = reg(&f, body);
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.out, "error"), "code")), "slow_down");
	tresp_free(&r);
	tfx_free(&f);
}

/*
 * The 0.10.x generation's registration (profile register_bom_refused,
 * register_public_after_metadata, register_callback_message), beside 1.x's
 * answer to the same requests.
 */
OC_TEST(register_0_10_rules)
{
	static const char *const gens[] = { "", ",\"generation\":\"0.10\"" };
	const char *ok = "{\"redirect_uris\":[\"" FX_REDIRECT "\"]}";
	char bom[128], cfg[256];
	snprintf(bom, sizeof bom, "\xef\xbb\xbf%s", ok);
	for (int g = 0; g < 2; g++) {
		tfx f;
		/* a byte order mark: 1.x reads past it; 0.10.x's JSON.parse refuses it */
		snprintf(cfg, sizeof cfg, ",\"clientRegistrationEndpoint\":\"/register\"%s", gens[g]);
		tfx_init(&f, cfg);
		REQUIRE(f.cfg != NULL);
		if (g == 0) {
			tresp r = reg(&f, bom);
			CHECK(r.status == 201);
			tresp_free(&r);
		} else {
			CHECK_REG_ERR(&f, bom, "400 invalid_request: Invalid JSON payload");
		}
		tfx_free(&f);

		/* disallowPublicClientRegistration: 1.x negotiates without none; 0.10.x with it, refusing a public client last */
		snprintf(cfg, sizeof cfg, ",\"clientRegistrationEndpoint\":\"/register\",\"disallowPublicClientRegistration\":true%s", gens[g]);
		tfx_init(&f, cfg);
		REQUIRE(f.cfg != NULL);
		CHECK_REG_ERR(&f, "{\"token_endpoint_auth_method\":\"none\"}", g == 0
			? "400 invalid_client_metadata: Client does not support an accepted token endpoint authentication method. "
			  "Supported methods: client_secret_basic, client_secret_post. Client advertised: none"
			: "400 invalid_client_metadata: redirect_uris is required and must not be empty");
		CHECK_REG_ERR(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"token_endpoint_auth_method\":\"none\"}",
			"400 invalid_client_metadata: Public client registration is not allowed");
		CHECK_REG_ERR(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}", g == 0
			? "400 invalid_client_metadata: Client does not support an accepted token endpoint authentication method. "
			  "Supported methods: client_secret_basic, client_secret_post. Client advertised: private_key_jwt"
			: "400 invalid_client_metadata: Client does not support an accepted token endpoint authentication method. "
			  "Supported methods: client_secret_basic, client_secret_post, none. Client advertised: private_key_jwt");
		tresp r = reg(&f, ok);
		CHECK(r.status == 201);
		tresp_free(&r);
		tfx_free(&f);

		/* a callback that threw an Error: 0.10.x answers its message; anything else thrown, or 1.x: the fixed text */
		snprintf(cfg, sizeof cfg, ",\"clientRegistrationEndpoint\":\"/register\",\"enabledOptions\":[\"clientRegistrationCallback\"]%s", gens[g]);
		tfx_init(&f, cfg);
		REQUIRE(f.cfg != NULL);
		f.kv.callback_status = OC_FXR_FAILED;
		f.kv.callback_answer = "{\"kind\":\"other\",\"message\":\"boom\"}";
		CHECK_REG_ERR(&f, ok, g == 0 ? "500 server_error: Client registration callback failed" : "500 server_error: boom");
		f.kv.callback_answer = "{\"kind\":\"other\"}";
		CHECK_REG_ERR(&f, ok, "500 server_error: Client registration callback failed");
		f.kv.callback_answer = "";
		CHECK_REG_ERR(&f, ok, "500 server_error: Client registration callback failed");
		tfx_free(&f);
	}
}
