/* API routes (src/flow/oc_flow_bearer.c): the bearer check and its challenges, natively. */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define URL "https://example.com/api/data"
#define MD "resource_metadata=\"https://example.com/.well-known/oauth-protected-resource/api\""
#define GRANT "gApi000000000000"
#define UNBOUND "401 invalid_token: Access token is not bound to the configured resource"

static char *bearer(const char *tok)
{
	char *h = malloc(strlen(tok) + 16);
	sprintf(h, "Bearer %s", tok);
	return h;
}

static const char *kind(const tresp *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "t"));
}

/* The access token record's key, to edit it in the fake KV. */
static char *record_key(const char *tok)
{
	char id[OC_TOKEN_ID_LEN + 1], *k = malloc(200);
	oc_token_id(id, tok, strlen(tok));
	snprintf(k, 200, "token:user1:" GRANT ":%s", id);
	return k;
}

OC_TEST(api_valid_token_reaches_the_handler)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT), *h = bearer(tok);
	REQUIRE(tok != NULL);
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r.out, "handler")) == 0);
	cJSON *auth = cJSON_GetObjectItem(r.out, "auth");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(auth, "token")), tok);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(auth, "userId")), "user1");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(auth, "clientId")), "clientA000000000");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(auth, "audience")), FX_RESOURCE);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(auth, "scope")) == 2);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(auth, "expiresAt")) == FX_NOW + 3600);
	CHECK(cJSON_GetObjectItem(r.out, "props") != NULL);
	CHECK(cJSON_GetObjectItem(r.out, "headers") == NULL);
	tresp_free(&r);
	/* 1.x: any case for the scheme, runs of spaces, and "/api" under "/api/" */
	char h2[256];
	snprintf(h2, sizeof h2, "bEaReR   %s", tok);
	r = tfx_request(&f, "GET", "https://example.com/api", h2, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	/* With an Origin, the handler's response gets the CORS headers. */
	r = tfx_request(&f, "GET", URL, h, NULL, NULL, "https://app.example.net");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r.out, "headers")) == 6);
	tresp_free(&r);
	free(tok); free(h);
	tfx_free(&f);
}

OC_TEST(api_no_credentials_challenge)
{
	tfx f;
	tfx_init(&f, "");
	const char *cases[] = { NULL, "", "Bearer ", "Basic abc", "Bearer a b", "Bearer a,b", "Token x" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tresp r = tfx_request(&f, "GET", URL, cases[i], NULL, NULL, NULL);
		CHECK(r.status == 401);
		CHECK(r.body == NULL || r.body[0] == 0);
		const char *wa = tresp_header(&r, "WWW-Authenticate"), *cc = tresp_header(&r, "Cache-Control");
		CHECK(wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", " MD ", scope=\"read\"") == 0);
		CHECK(cc != NULL && strcmp(cc, "no-store") == 0);
		tresp_free(&r);
	}
	tfx_free(&f);
}

static void invalid(tfx *f, const char *method, const char *url, const char *auth, const char *desc,
	const char *challenge, int line)
{
	tresp r = tfx_request(f, method, url, auth, NULL, NULL, NULL);
	CHECK(r.status == 401);
	const char *got = tresp_err(&r);
	char want[512];
	snprintf(want, sizeof want, "401 invalid_token: %s", desc);
	if (strcmp(method, "HEAD") != 0)
		CHECK(strcmp(got, want) == 0);
	const char *wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strcmp(wa, challenge) == 0);
	if (strcmp(method, "HEAD") == 0)
		CHECK(r.body == NULL);
	if (oc_test_failures)
		fprintf(stderr, "  line %d: got %s\n", line, got);
	tresp_free(&r);
}

OC_TEST(api_invalid_tokens)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT), *h = bearer(tok), *key = record_key(tok);
	const char *ch = "Bearer realm=\"OAuth\", " MD ", error=\"invalid_token\", scope=\"read\"";
	char bad[256];
	REQUIRE(tok != NULL);
	snprintf(bad, sizeof bad, "Bearer %.*s", (int)strlen(tok) - 1, tok); /* truncated */
	invalid(&f, "GET", URL, bad, "Invalid access token", ch, __LINE__);
	snprintf(bad, sizeof bad, "Bearer %.*s%c", (int)strlen(tok) - 1, tok, tok[strlen(tok) - 1] == 'A' ? 'B' : 'A');
	invalid(&f, "GET", URL, bad, "Invalid access token", ch, __LINE__);
	snprintf(bad, sizeof bad, "Bearer user2%s", strchr(tok, ':')); /* another user */
	invalid(&f, "GET", URL, bad, "Invalid access token", ch, __LINE__);
	invalid(&f, "HEAD", URL, bad, "Invalid access token", ch, __LINE__);
	/* another host: the challenge names no metadata, and says why */
	invalid(&f, "GET", "https://elsewhere.example/api/data", h, "Token audience does not match resource server",
		"Bearer realm=\"OAuth\", error=\"invalid_token\", scope=\"read\", error_description=\"Invalid audience\"", __LINE__);

	/* the record edited: expired (expiresAt before now; at now it is still valid, R-API-09), bound to another resource */
	const fake_kv_entry *e = fake_kv_find(&f.kv, key);
	REQUIRE(e != NULL);
	char *orig = strcpy(malloc(strlen(e->val) + 1), e->val);
	cJSON *rec = cJSON_Parse(orig);
	cJSON_ReplaceItemInObject(rec, "expiresAt", cJSON_CreateNumber((double)(FX_NOW - 1)));
	char *s = cJSON_PrintUnformatted(rec);
	fake_kv_set(&f.kv, key, s, NULL, 0);
	invalid(&f, "GET", URL, h, "Access token expired", ch, __LINE__);
	free(s);
	cJSON_Delete(rec);
	rec = cJSON_Parse(orig);
	cJSON_ReplaceItemInObject(rec, "expiresAt", cJSON_CreateNumber((double)FX_NOW));
	s = cJSON_PrintUnformatted(rec);
	fake_kv_set(&f.kv, key, s, NULL, 0);
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	free(s);
	cJSON_Delete(rec);
	rec = cJSON_Parse(orig);
	cJSON_ReplaceItemInObject(rec, "audience", cJSON_CreateString("https://other.example/api"));
	s = cJSON_PrintUnformatted(rec);
	fake_kv_set(&f.kv, key, s, NULL, 0);
	invalid(&f, "GET", URL, h, "Access token is not bound to the configured resource", ch, __LINE__);
	free(s);
	cJSON_Delete(rec);
	/* a record whose props do not open with this token's key */
	rec = cJSON_Parse(orig);
	cJSON_ReplaceItemInObject(rec, "wrappedEncryptionKey", cJSON_CreateString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
	s = cJSON_PrintUnformatted(rec);
	fake_kv_set(&f.kv, key, s, NULL, 0);
	invalid(&f, "GET", URL, h, "Invalid access token", ch, __LINE__);
	free(s);
	cJSON_Delete(rec);
	/* the record gone (revoked) */
	fake_kv_set(&f.kv, key, "{}", NULL, FX_NOW - 1);
	invalid(&f, "GET", URL, h, "Invalid access token", ch, __LINE__);
	free(orig); free(tok); free(h); free(key);
	tfx_free(&f);
}

OC_TEST(api_storage_failures)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT), *h = bearer(tok);
	REQUIRE(tok != NULL);
	f.kv.fail_at = f.kv.performed + 1;
	f.kv.fail_status = OC_FXR_RATE_LIMITED;
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 429);
	CHECK(strncmp(tresp_err(&r), "429 temporarily_unavailable", 27) == 0);
	tresp_free(&r);
	f.kv.fail_at = f.kv.performed + 1;
	f.kv.fail_status = OC_FXR_FAILED;
	r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 500);
	tresp_free(&r);
	free(tok); free(h);
	tfx_free(&f);
}

OC_TEST(api_legacy_generation)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT);
	REQUIRE(tok != NULL);
	/* The same KV, read by a 0.10.x-generation provider (no resourceMetadata). */
	const char *err;
	static const char legacy[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true}";
	oc_config *v1 = f.cfg;
	f.cfg = oc_config_new(legacy, sizeof legacy - 1, &err);
	REQUIRE(f.cfg != NULL);
	char h[256];
	snprintf(h, sizeof h, "Bearer %s", tok);
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK_STR(kind(&r), "api");
	tresp_free(&r);
	snprintf(h, sizeof h, "bearer %s", tok); /* case-sensitive scheme in 0.10.x */
	r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 401);
	const char *wa = tresp_header(&r, "WWW-Authenticate");
	CHECK(wa != NULL && strcmp(wa, "Bearer realm=\"OAuth\", resource_metadata=\"https://example.com/.well-known/oauth-protected-resource/api/data\"") == 0);
	tresp_free(&r);
	oc_config_free(f.cfg);
	f.cfg = v1;
	free(tok);
	tfx_free(&f);
}

/* Runs an OC_KIND_HTTP op that needs no effect; returns its output (malloc) or NULL. */
static char *http_once(const oc_config *c, const char *method, const char *url)
{
	const char *f[5] = { method, url, "", "", "" };
	size_t cap = 64 + strlen(url), n = 0;
	uint8_t *in = malloc(cap);
	if (in == NULL)
		return NULL;
	for (int i = 0; i < 5; i++) {
		size_t l = strlen(f[i]);
		in[n] = (uint8_t)l; in[n + 1] = (uint8_t)(l >> 8); in[n + 2] = (uint8_t)(l >> 16); in[n + 3] = (uint8_t)(l >> 24);
		memcpy(in + n + 4, f[i], l);
		n += 4 + l;
	}
	oc_op *op = oc_op_begin(c, OC_KIND_HTTP, in, n, 1e12);
	free(in);
	char *out = NULL;
	if (op != NULL && oc_op_step(op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		if ((out = malloc(len + 1)) != NULL) {
			memcpy(out, o, len);
			out[len] = 0;
		}
	}
	oc_op_end(op);
	return out;
}

/* The WWW-Authenticate value of a response (malloc), or NULL. */
static char *www_authenticate(const char *out)
{
	cJSON *o = cJSON_Parse(out), *h;
	char *v = NULL;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(o, "headers")) {
		const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		const char *val = cJSON_GetStringValue(cJSON_GetArrayItem(h, 1));
		if (name && val && strcmp(name, "WWW-Authenticate") == 0 && (v = malloc(strlen(val) + 1)))
			strcpy(v, val);
	}
	cJSON_Delete(o);
	return v;
}

/* Regression (fuzz_http): a challenge over 2 KiB made the op fail instead of answering 401. */
OC_TEST(flow_api_long_challenge)
{
	const char *err;
	static const char v0[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true}";
	oc_config *c = oc_config_new(v0, sizeof v0 - 1, &err);
	REQUIRE(c != NULL);
	size_t n = 3000;
	char *url = malloc(n + 1);
	REQUIRE(url != NULL);
	strcpy(url, "https://example.com/api/");
	memset(url + 24, 'a', n - 24);
	url[n] = 0;
	char *out = http_once(c, "GET", url);
	REQUIRE(out != NULL);
	CHECK(strstr(out, "\"status\":401") != NULL);
	char *ch = www_authenticate(out);
	CHECK(ch != NULL && strstr(ch, "/.well-known/oauth-protected-resource/api/aaaa") != NULL &&
	      strlen(ch) > n);
	free(ch);
	free(out);
	free(url);
	oc_config_free(c);

	/* 1.x: many required scopes, all in the challenge */
	char opts[8192];
	size_t k = (size_t)snprintf(opts, sizeof opts, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"requiredScopes\":[");
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(opts + k, sizeof opts - k, "%s\"scope-number-%03d-with-a-long-name\"", i ? "," : "", i);
	k += (size_t)snprintf(opts + k, sizeof opts - k, "]}");
	REQUIRE(k < sizeof opts);
	c = oc_config_new(opts, k, &err);
	REQUIRE(c != NULL);
	out = http_once(c, "GET", "https://example.com/api/x");
	REQUIRE(out != NULL);
	CHECK(strstr(out, "\"status\":401") != NULL);
	ch = www_authenticate(out);
	CHECK(ch != NULL && strstr(ch, "scope=\"scope-number-000-with-a-long-name ") != NULL &&
	      strstr(ch, " scope-number-099-with-a-long-name\"") != NULL);
	free(ch);
	free(out);
	oc_config_free(c);
}

/* The access token record of tok, with member set to v (NULL: removed). */
static void edit_record(tfx *f, const char *tok, const char *member, cJSON *v)
{
	char *key = record_key(tok);
	CHECK(tfx_edit_record(f, key, member, v) == 0);
	free(key);
}

/* A request with Authorization h: "api <audience>" when it reached the handler, else the error. */
static void expect(tfx *f, const char *h, const char *want, int line)
{
	char got[512];
	tresp r = tfx_request(f, "GET", URL, h, NULL, NULL, NULL);
	if (kind(&r) && strcmp(kind(&r), "api") == 0) {
		cJSON *auth = cJSON_GetObjectItem(r.out, "auth");
		snprintf(got, sizeof got, "api %s", cJSON_GetStringValue(cJSON_GetObjectItem(auth, "audience")));
	} else {
		snprintf(got, sizeof got, "%s", tresp_err(&r));
	}
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
}

/* R-API-02: a tab may separate the scheme from the token; no whitespace may follow it. */
OC_TEST(bearer_rule_header_syntax)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT);
	char h[512];
	REQUIRE(tok != NULL);
	/* R-API-02: a tab, or spaces and tabs, after the scheme */
	snprintf(h, sizeof h, "Bearer\t%s", tok);
	expect(&f, h, "api " FX_RESOURCE, __LINE__);
	snprintf(h, sizeof h, "bearer \t %s", tok);
	expect(&f, h, "api " FX_RESOURCE, __LINE__);
	/* whitespace inside the credential: no credential at all (a bare 401) */
	snprintf(h, sizeof h, "Bearer %s\tx", tok);
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 401 && (r.body == NULL || r.body[0] == 0));
	tresp_free(&r);
	snprintf(h, sizeof h, "Bearer %s\vx", tok);
	r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 401 && (r.body == NULL || r.body[0] == 0));
	tresp_free(&r);
	free(tok);
	tfx_free(&f);
}

/* R-API-06, R-API-07: the stored audience read as a resource identifier, checked before the expiry. */
OC_TEST(bearer_rule_audience_as_resource)
{
	static const struct { const char *aud; const char *want; } cases[] = {
		/* R-API-06: scheme and host case folded; ctx.auth.audience is the configured resource */
		{ "\"https://EXAMPLE.com/api\"", "api " FX_RESOURCE },
		{ "\"HTTPS://example.com/api\"", "api " FX_RESOURCE },
		{ "[\"https://other.example/api\",\"https://example.com/api\"]", "api " FX_RESOURCE },
		{ NULL, "api " FX_RESOURCE },
		{ "\"https://example.com/API\"", UNBOUND },
		{ "\"https://example.com/api/\"", UNBOUND },
		{ "\"https://example.com:443/api\"", UNBOUND },
		{ "[]", UNBOUND },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		tfx_init(&f, "");
		char *tok = tfx_access_token(&f, "user1", GRANT), h[512];
		REQUIRE(tok != NULL);
		snprintf(h, sizeof h, "Bearer %s", tok);
		edit_record(&f, tok, "audience", cases[i].aud ? cJSON_Parse(cases[i].aud) : NULL);
		expect(&f, h, cases[i].want, __LINE__);
		/* R-API-07: an unbound record that is also expired is refused for its binding */
		edit_record(&f, tok, "expiresAt", cJSON_CreateNumber((double)(FX_NOW - 10)));
		expect(&f, h, cases[i].want[0] == 'a' ? "401 invalid_token: Access token expired" : UNBOUND, __LINE__);
		free(tok);
		tfx_free(&f);
	}
}
