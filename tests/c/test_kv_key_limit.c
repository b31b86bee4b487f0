/*
 * Ids and tokens too long for a KV key (store/oc_kv_keys.c): KV refuses keys
 * over 512 bytes (the fake KV does too, counting them in too_long), so no
 * such record can exist. Every flow and helper answers as for an absent
 * record, with its own OAuth error, and emits no effect for the key.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "store/oc_kv.h"
#include "base/oc_b64.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define CLIENT "clientA000000000"
#define GRANT "gKey000000000000"

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = 0;
	return s;
}

/* "Basic base64(id:secret)" for any length (malloc'd). */
static char *basic(const char *id, const char *secret)
{
	size_t n = strlen(id) + 1 + strlen(secret);
	char *raw = malloc(n + 1), *out = malloc(6 + OC_B64_ENCLEN(n) + 1);
	sprintf(raw, "%s:%s", id, secret);
	memcpy(out, "Basic ", 6);
	out[6 + oc_b64_encode(out + 6, (const uint8_t *)raw, n)] = 0;
	free(raw);
	return out;
}

/* status, error, description and WWW-Authenticate of an answer, for comparing two. */
static char *answer(tresp *r)
{
	const char *wa = tresp_header(r, "WWW-Authenticate");
	char *s = malloc(1024);
	snprintf(s, 1024, "%s | %s", tresp_err(r), wa ? wa : "-");
	return s;
}

OC_TEST(kv_key_fits)
{
	char *k = repeat('k', 512);
	CHECK(oc_kv_key_fits(k));
	k[0] = 0;
	CHECK(oc_kv_key_fits(k));
	free(k);
	k = repeat('k', 513);
	CHECK(!oc_kv_key_fits(k));
	free(k);
	/* token:{user}:{16}:{64} is the longest key of a user's records */
	char *u = repeat('u', OC_KV_KEY_MAX - 88);
	CHECK(oc_kv_user_id_fits(u));
	free(u);
	u = repeat('u', OC_KV_KEY_MAX - 87);
	CHECK(!oc_kv_user_id_fits(u));
	free(u);
}

/* A client_id whose key cannot fit: invalid_client "Client not found", as an unknown one. */
OC_TEST(kv_key_long_client_id_at_token_endpoint)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	tfx_client(&f, CLIENT, "client_secret_basic", FX_SECRET_C, 1);
	char *code = tfx_pending_grant(&f, "user1", GRANT, CLIENT, "[\"read\"]", "S256", FX_VERIFIER);
	static const size_t lens[] = { 505, 506, 1422, 6000 }; /* client:{id}: 512, 513, 1429, 6007 bytes */
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		char *id = repeat('c', lens[i]), *b = basic(id, "x");
		char *body = malloc(lens[i] + 512);
		sprintf(body, "grant_type=authorization_code&code=%s&client_id=%s&client_secret=x"
			"&code_verifier=" FX_VERIFIER, code, id);
		tresp r = tfx_post(&f, NULL, NULL, body, NULL);
		CHECK_STR(tresp_err(&r), "401 invalid_client: Client not found");
		CHECK(tresp_header(&r, "WWW-Authenticate") == NULL);
		tresp_free(&r);
		sprintf(body, "grant_type=authorization_code&code=%s&code_verifier=" FX_VERIFIER, code);
		r = tfx_post(&f, b, NULL, body, NULL);
		CHECK_STR(tresp_err(&r), "401 invalid_client: Client not found");
		const char *wa = tresp_header(&r, "WWW-Authenticate");
		CHECK(wa != NULL && strcmp(wa, "Basic realm=\"OAuth\"") == 0);
		tresp_free(&r);
		sprintf(body, "grant_type=refresh_token&refresh_token=a:b:c&client_id=%s", id); /* public */
		r = tfx_post(&f, NULL, NULL, body, NULL);
		CHECK_STR(tresp_err(&r), "401 invalid_client: Client not found");
		tresp_free(&r);
		sprintf(body, "token=a:b:c&client_id=%s", id); /* revocation */
		r = tfx_post(&f, NULL, NULL, body, NULL);
		CHECK_STR(tresp_err(&r), "401 invalid_client: Client not found");
		tresp_free(&r);
		free(id); free(b); free(body);
	}
	CHECK(f.kv.too_long == 0);
	/* the code was never touched: it still works */
	char *b = tfx_basic(CLIENT, FX_SECRET_C), body[512];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&redirect_uri="
		"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, code);
	tresp r = tfx_post(&f, b, NULL, body, NULL);
	CHECK(r.status == 200);
	tresp_free(&r);
	free(b); free(code);
	tfx_free(&f);
}

/*
 * A code, refresh token or access token whose user part is too long for its
 * records' keys: the answer for a token of an absent grant, no KV error.
 */
OC_TEST(kv_key_long_user_in_tokens)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	char *at = tfx_access_token(&f, "user1", GRANT);
	REQUIRE(at != NULL);
	char *b = tfx_basic(CLIENT, FX_SECRET_C);
	const char *tail = strchr(at, ':'); /* ":{grant}:{secret}" */
	static const size_t lens[] = { 424, 425, 1422, 6000 };
	char *want[4] = { 0 };
	/* the answers for a token of an absent grant (a short, unknown user) */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < (pass ? sizeof lens / sizeof lens[0] : 1); i++) {
			char *user = pass ? repeat('u', lens[i]) : strcpy(malloc(8), "nobody");
			char *tok = malloc(strlen(user) + strlen(tail) + 1), *h = malloc(strlen(user) + strlen(tail) + 8);
			char *body = malloc(strlen(user) + strlen(tail) + 256);
			sprintf(tok, "%s%s", user, tail);
			sprintf(h, "Bearer %s", tok);
			char *got[4];
			sprintf(body, "grant_type=authorization_code&code=%s&redirect_uri="
				"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, tok);
			tresp r = tfx_post(&f, b, NULL, body, NULL);
			got[0] = answer(&r);
			tresp_free(&r);
			sprintf(body, "grant_type=refresh_token&refresh_token=%s", tok);
			r = tfx_post(&f, b, NULL, body, NULL);
			got[1] = answer(&r);
			tresp_free(&r);
			sprintf(body, "token=%s", tok);
			r = tfx_post(&f, b, NULL, body, NULL);
			got[2] = answer(&r);
			tresp_free(&r);
			r = tfx_request(&f, "GET", "https://example.com/api/x", h, NULL, NULL, NULL);
			got[3] = answer(&r);
			tresp_free(&r);
			for (int k = 0; k < 4; k++) {
				if (!pass) {
					want[k] = got[k];
					continue;
				}
				CHECK_STR(got[k], want[k]);
				if (strcmp(got[k], want[k]) != 0)
					fprintf(stderr, "  user %zu, case %d: %s\n", lens[i], k, got[k]);
				free(got[k]);
			}
			free(user); free(tok); free(h); free(body);
		}
	}
	CHECK(strncmp(want[0], "400 invalid_grant", 17) == 0);
	CHECK(strncmp(want[1], "400 invalid_grant", 17) == 0);
	CHECK(strncmp(want[2], "200 :", 5) == 0);
	CHECK(strncmp(want[3], "401 invalid_token: Invalid access token", 39) == 0);
	CHECK(f.kv.too_long == 0);
	for (int k = 0; k < 4; k++)
		free(want[k]);
	free(b); free(at);
	tfx_free(&f);
}

/* Runs a helper op with args against the fixture's KV; the parsed output. */
static cJSON *helper(tfx *f, int kind, const char *args)
{
	size_t n = strlen(args);
	uint8_t *in = malloc(n + 4);
	in[0] = (uint8_t)n; in[1] = (uint8_t)(n >> 8); in[2] = (uint8_t)(n >> 16); in[3] = (uint8_t)(n >> 24);
	memcpy(in + 4, args, n);
	oc_op *op = oc_op_begin(f->cfg, kind, in, n + 4, (double)f->kv.now * 1000.0);
	free(in);
	cJSON *out = NULL;
	if (op != NULL && fake_kv_run(&f->kv, op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		oc_arena_bind_json(NULL);
		out = cJSON_ParseWithLength(o, len);
	}
	oc_op_end(op);
	return out;
}

/* The answer's text with the helper's kind of result ("value: …" or "error: code/description/name"). */
static char *said(cJSON *out)
{
	char *s = malloc(1024);
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(out, "t"));
	if (t && strcmp(t, "value") == 0) {
		char *v = cJSON_PrintUnformatted(cJSON_GetObjectItem(out, "value"));
		snprintf(s, 1024, "value: %s", v);
		free(v);
	} else {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(out, "name"));
		snprintf(s, 1024, "error: %s/%s/%s", cJSON_GetStringValue(cJSON_GetObjectItem(out, "code")),
			cJSON_GetStringValue(cJSON_GetObjectItem(out, "description")), name ? name : "-");
	}
	cJSON_Delete(out);
	return s;
}

OC_TEST(kv_key_long_ids_in_helpers)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	tfx_client(&f, CLIENT, "client_secret_basic", FX_SECRET_C, 1);
	char *id = repeat('c', 6000), *user = repeat('u', 600), *args = malloc(20000), *s;

	/* parseAuthRequest: as an unknown client */
	sprintf(args, "{\"url\":\"https://example.com/authorize?response_type=code&client_id=%s"
		"&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb\"}", id);
	s = said(helper(&f, OC_KIND_PARSE_AUTH_REQUEST, args));
	CHECK_STR(s, "error: invalid_request/Invalid client_id/AuthorizationError");
	free(s);
	/* lookupClient: none */
	sprintf(args, "{\"clientId\":\"%s\"}", id);
	s = said(helper(&f, OC_KIND_LOOKUP_CLIENT, args));
	CHECK_STR(s, "value: null");
	free(s);
	/* completeAuthorization: a client that cannot exist, as an unknown one */
	static const char unknown[] = "{\"request\":{\"responseType\":\"code\",\"clientId\":\"nobody\","
		"\"redirectUri\":\"" FX_REDIRECT "\",\"scope\":[],\"state\":\"\"},\"userId\":\"user1\",\"props\":{}}";
	char *want = said(helper(&f, OC_KIND_COMPLETE_AUTHORIZATION, unknown));
	sprintf(args, "{\"request\":{\"responseType\":\"code\",\"clientId\":\"%s\",\"redirectUri\":\"" FX_REDIRECT
		"\",\"scope\":[],\"state\":\"\"},\"userId\":\"user1\",\"props\":{}}", id);
	s = said(helper(&f, OC_KIND_COMPLETE_AUTHORIZATION, args));
	CHECK_STR(s, want);
	CHECK(strncmp(want, "error: invalid_request/", 23) == 0);
	free(s); free(want);
	/* completeAuthorization: a userId whose token keys cannot fit is refused up front */
	static const size_t ulens[] = { 425, 600 };
	for (size_t i = 0; i < 2; i++) {
		char *u = repeat('u', ulens[i]);
		sprintf(args, "{\"request\":{\"responseType\":\"code\",\"clientId\":\"" CLIENT "\",\"redirectUri\":\""
			FX_REDIRECT "\",\"scope\":[],\"state\":\"\"},\"userId\":\"%s\",\"props\":{}}", u);
		s = said(helper(&f, OC_KIND_COMPLETE_AUTHORIZATION, args));
		CHECK_STR(s, "error: invalid_request/userId is too long: its grant and token keys would exceed "
			"KV's 512-byte key limit/TypeError");
		free(s); free(u);
	}
	/* and one that fits is served */
	char *u = repeat('u', 424);
	sprintf(args, "{\"request\":{\"responseType\":\"code\",\"clientId\":\"" CLIENT "\",\"redirectUri\":\""
		FX_REDIRECT "\",\"scope\":[],\"state\":\"\"},\"userId\":\"%s\",\"props\":{}}", u);
	s = said(helper(&f, OC_KIND_COMPLETE_AUTHORIZATION, args));
	CHECK(strncmp(s, "value: {\"redirectTo\":", 21) == 0);
	free(s); free(u);
	/* listUserGrants: none */
	sprintf(args, "{\"userId\":\"%s\"}", user);
	s = said(helper(&f, OC_KIND_LIST_USER_GRANTS, args));
	CHECK_STR(s, "value: {\"items\":[]}");
	free(s);
	/* revokeGrant: nothing to revoke */
	sprintf(args, "{\"grantId\":\"" GRANT "\",\"userId\":\"%s\"}", user);
	s = said(helper(&f, OC_KIND_REVOKE_GRANT, args));
	CHECK_STR(s, "value: null");
	free(s);
	sprintf(args, "{\"grantId\":\"%s\",\"userId\":\"user1\"}", id);
	s = said(helper(&f, OC_KIND_REVOKE_GRANT, args));
	CHECK_STR(s, "value: null");
	free(s);
	CHECK(f.kv.too_long == 0);
	free(id); free(user); free(args);
	tfx_free(&f);
}
