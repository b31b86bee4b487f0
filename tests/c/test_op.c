#include "oc_test.h"
#include "oc_op.h"
#include "oc_config.h"
#include <stdlib.h>

#define TOKEN "Bearer user1:abcdefghijklmnop:SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS"
#define REC(user, grant, exp) "{\"id\":\"x\",\"grantId\":\"" grant "\",\"userId\":\"" user "\",\"createdAt\":1,\"expiresAt\":" exp \
	",\"wrappedEncryptionKey\":\"AAAA\",\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"AAAA\"}}"
#define TOKEN_KEY "token:user1:abcdefghijklmnop:7ad9782e705d2cb89c8030696d10b48a080b969953e416fca2af9192a35c10ae"

/* One input field: u32 length + bytes. */
static size_t field(uint8_t *buf, const char *s)
{
	size_t n = strlen(s);
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	memcpy(buf + 4, s, n);
	return n + 4;
}

static oc_config *cfg(void)
{
	const char *err;
	static const char opts[] = "{}";
	return oc_config_new(opts, sizeof opts - 1, &err);
}

/* Runs a lookup of token, answering its one KV read with rec (NULL: missing). */
static char *lookup(const char *token, const char *rec, double now_ms, const char *want_key)
{
	uint8_t in[256];
	size_t n = field(in, token);
	oc_config *c = cfg();
	oc_op *op = oc_op_begin(c, OC_KIND_TOKEN_LOOKUP, in, n, now_ms);
	oc_op_status st = oc_op_step(op);
	if (st == OC_OP_EFFECTS) {
		uint32_t nfx;
		const oc_fx *fx = oc_op_effects(op, &nfx);
		CHECK(nfx == 1);
		CHECK(fx[0].kind == OC_FX_KV_GET);
		if (want_key)
			CHECK(fx[0].key_len == strlen(want_key) && memcmp(fx[0].key, want_key, fx[0].key_len) == 0);
		oc_fx_result r = { rec ? OC_FXR_OK : OC_FXR_MISSING, rec, rec ? (uint32_t)strlen(rec) : 0, 0, 0 };
		CHECK(oc_op_resume(op, &r, 1) == 0);
		st = oc_op_step(op);
	}
	char *out = NULL;
	if (st == OC_OP_DONE) {
		const char *o; size_t len;
		oc_op_output(op, &o, &len);
		out = malloc(len + 1);
		memcpy(out, o, len);
		out[len] = 0;
	}
	oc_op_end(op);
	oc_config_free(c);
	return out;
}

OC_TEST(op_token_lookup_valid)
{
	char *o = lookup(TOKEN, REC("user1", "abcdefghijklmnop", "2000"),
		1000e3, TOKEN_KEY);
	REQUIRE(o != NULL);
	CHECK_STR(o, "{\"valid\":true,\"userId\":\"user1\",\"grantId\":\"abcdefghijklmnop\",\"expiresAt\":2000}");
	free(o);
}

OC_TEST(op_token_lookup_rejects)
{
	const char *rec = REC("u", "g", "2000");
	char *o;
	o = lookup(TOKEN, rec, 2000e3, TOKEN_KEY); /* expired at exactly expiresAt */
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup(TOKEN, NULL, 1000e3, TOKEN_KEY); /* no record */
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup(TOKEN, "not json", 1000e3, TOKEN_KEY);
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup("Basic user1:abcdefghijklmnop:SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS", rec, 1000e3, NULL);
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup("bEaReR user1:abcdefghijklmnop:SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS", rec, 1000e3, TOKEN_KEY);
	CHECK(o && strstr(o, "\"valid\":true")); free(o); /* scheme is case-insensitive */
	o = lookup(TOKEN, "{\"grantId\":\"g\",\"userId\":\"u\",\"expiresAt\":2000}", 1000e3, TOKEN_KEY); /* incomplete record */
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup("Bearer nocolons", rec, 1000e3, NULL); /* decided without any effect */
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup("bearer ::", rec, 1000e3, NULL);
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
	o = lookup("BEARER a:b:", rec, 1000e3, NULL);
	CHECK(o && strcmp(o, "{\"valid\":false}") == 0); free(o);
}

OC_TEST(op_machine_misuse)
{
	uint8_t in[128];
	size_t n = field(in, TOKEN);
	oc_config *c = cfg();
	CHECK(oc_op_begin(c, 9999, in, n, 0) == NULL);
	oc_op *op = oc_op_begin(c, OC_KIND_TOKEN_LOOKUP, in, n, 0);
	REQUIRE(op != NULL);
	CHECK(oc_op_step(op) == OC_OP_EFFECTS);
	oc_fx_result r[2] = { 0 };
	CHECK(oc_op_resume(op, r, 2) == -1); /* wrong result count */
	CHECK(oc_op_resume(op, r, 1) == 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	CHECK(oc_op_step(op) == OC_OP_FAILED); /* finished ops stay finished */
	CHECK(oc_op_resume(op, r, 0) == -1);
	oc_op_end(op);
	/* truncated input framing */
	op = oc_op_begin(c, OC_KIND_TOKEN_LOOKUP, in, 3, 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	oc_op_end(op);
	in[0] = 200; /* field longer than the input */
	op = oc_op_begin(c, OC_KIND_TOKEN_LOOKUP, in, n, 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	oc_op_end(op);
	oc_config_free(c);
}

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
	CHECK(c->generation == 1);
	CHECK(c->access_token_ttl == 60 && c->allow_plain_pkce == 1 && c->allow_implicit_flow == 0);
	CHECK(c->has_refresh_token_ttl && c->refresh_token_ttl == 2592000);
	CHECK(c->nroutes == 1 && strcmp(c->routes[0].path, "/api/") == 0);
	CHECK(c->nrequired_scopes == 2);
	oc_config_free(c);
	c = conf("{" BASE "}", &err); /* 0.10.x generation: no resourceMetadata */
	REQUIRE(c != NULL);
	CHECK(c->generation == 0 && !c->has_refresh_token_ttl);
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
