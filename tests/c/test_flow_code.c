/*
 * The authorization_code grant at the token endpoint (src/flow/oc_flow_code.c)
 * end to end: HTTP op, fake KV, records checked after each step.
 */
#include "token/oc_token.h"
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

/* The props key behind a wrapped key, unwrapped with tok. */
static int unwrap(uint8_t key[32], const char *tok, const char *wrapped)
{
	return wrapped && oc_token_unwrap(key, tok, strlen(tok), wrapped, strlen(wrapped)).code == OC_OK;
}

OC_TEST(token_code_exchange)
{
	tfx f;
	tfx_setup(&f, "");
	REQUIRE(f.cfg != NULL);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = tfx_exchange(&f, basic, code, "");
	REQUIRE(r.status == 200);
	CHECK_STR(tresp_header(&r, "Content-Type"), "application/json");
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(tresp_header(&r, "Pragma"), "no-cache");
	CHECK(tresp_header(&r, "WWW-Authenticate") == NULL);
	char *at = tfx_dup(tresp_str(&r, "access_token")), *rt = tfx_dup(tresp_str(&r, "refresh_token"));
	REQUIRE(at && rt);
	char want[512];
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,"
		"\"scope\":\"read write\",\"resource\":\"" FX_RESOURCE "\",\"refresh_token\":\"%s\"}", at, rt);
	CHECK_STR(r.body, want);
	CHECK(strncmp(at, "user1:" G1 ":", 23) == 0 && strlen(at) == 55);

	/* the access token record */
	char *tk = tfx_token_key(at);
	const fake_kv_entry *te = fake_kv_find(&f.kv, tk);
	REQUIRE(te != NULL);
	CHECK(te->expiration == FX_NOW + 3600 && te->meta == NULL);
	cJSON *t = tfx_record(&f, tk), *g = tfx_record(&f, GKEY);
	REQUIRE(t && g);
	CHECK(tfx_num(t, "createdAt") == FX_NOW && tfx_num(t, "expiresAt") == FX_NOW + 3600);
	CHECK_STR(tfx_str(t, "audience"), FX_RESOURCE);
	CHECK_STR(tfx_str(t, "grantId"), G1);
	CHECK_STR(tfx_str(t, "userId"), "user1");
	cJSON *tg = cJSON_GetObjectItem(t, "grant");
	CHECK_STR(tfx_str(tg, "clientId"), C);
	CHECK_STR(tfx_str(tg, "encryptedProps"), tfx_str(g, "encryptedProps"));
	/* the grant after the exchange */
	CHECK(tfx_str(g, "authCodeId") != NULL && tfx_str(g, "authCodeWrappedKey") == NULL);
	CHECK(tfx_str(g, "codeChallenge") == NULL && tfx_str(g, "codeChallengeMethod") == NULL);
	char rid[65];
	oc_token_id(rid, rt, strlen(rt));
	CHECK_STR(tfx_str(g, "refreshTokenId"), rid);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 2592000);
	const fake_kv_entry *ge = fake_kv_find(&f.kv, GKEY);
	CHECK(ge->expiration == FX_NOW + 2592000);
	CHECK(ge->meta && strcmp(ge->meta, "{\"clientId\":\"" C "\",\"resource\":\"" FX_RESOURCE
		"\",\"redirectUri\":\"" FX_REDIRECT "\"}") == 0);
	/* one props key, wrapped under the access and the refresh token; props decrypt */
	uint8_t k1[32], k2[32];
	CHECK(unwrap(k1, at, tfx_str(t, "wrappedEncryptionKey")));
	CHECK(unwrap(k2, rt, tfx_str(g, "refreshTokenWrappedKey")));
	CHECK(memcmp(k1, k2, 32) == 0);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	const char *ep = tfx_str(g, "encryptedProps");
	CHECK(oc_token_props_decrypt(a, k1, ep, strlen(ep), &props, &plen).code == OC_OK &&
		strcmp(props, "{\"name\":\"alice\"}") == 0);
	oc_arena_free(a);
	cJSON_Delete(t); cJSON_Delete(g);
	tresp_free(&r);

	/* replay: invalid_grant, and the grant and its tokens are gone */
	r = tfx_exchange(&f, basic, code, "");
	CHECK_ERR(r, "400 invalid_grant: Authorization code already used");
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	CHECK(fake_kv_find(&f.kv, "client:" C) != NULL);
	tresp_free(&r);
	r = tfx_refresh(&f, basic, rt, ""); /* the replay revoked the grant */
	CHECK_ERR(r, "400 invalid_grant: Grant not found");
	tresp_free(&r);
	free(tk); free(at); free(rt); free(basic); free(code);
	tfx_free(&f);
}

OC_TEST(token_code_replay_wrong_verifier_revokes)
{
	tfx f;
	tfx_setup(&f, "");
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = tfx_exchange(&f, basic, code, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	/* a second access token for the grant, to see every one deleted */
	r = tfx_refresh(&f, basic, "x", "");
	tresp_free(&r);
	char body[512], *ec = tfx_enc(code);
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&code_verifier=%s", ec,
		"wrongwrongwrongwrongwrongwrongwrongwrongwrong");
	r = tfx_post(&f, basic, NULL, body, NULL);
	CHECK_ERR(r, "400 invalid_grant: Authorization code already used");
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	tresp_free(&r);
	free(ec); free(basic); free(code);
	tfx_free(&f);
}

/* Runs body against a fresh pending grant; checks the answer and that KV did not change. */
static void code_case(const char *extra_opts, const char *auth_id, const char *auth_secret,
	const char *body_fmt, const char *want, int line)
{
	tfx f;
	tfx_setup(&f, extra_opts);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), body[2048], *basic = auth_secret ? tfx_basic(auth_id, auth_secret) : NULL;
	snprintf(body, sizeof body, body_fmt, ec, ec); /* a format may name the code twice */
	char *before = fake_kv_dump(&f.kv);
	tresp r = tfx_post(&f, basic, NULL, body, NULL);
	const char *got = tresp_err(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(got, want) == 0);
	CHECK(strcmp(before, after) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(before); free(after); free(ec); free(basic); free(code);
	tfx_free(&f);
}

#define RU "&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb"
#define GT "grant_type=authorization_code&code=%s"

OC_TEST(token_code_rejections)
{
	code_case("", C, FX_SECRET_C, GT RU, "400 invalid_request: code_verifier is required for PKCE", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU "&code_verifier=t2JuVvPTObSUGX1UvHcYFLpB7ujzImTRDN4XPDNMiuW",
		"400 invalid_grant: Invalid PKCE code_verifier", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU "&code_verifier=short",
		"400 invalid_grant: Invalid PKCE code_verifier", __LINE__);
	code_case("", C, FX_SECRET_C, GT CV "&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb%%2F",
		"400 invalid_grant: Invalid redirect URI", __LINE__);
	code_case("", C, FX_SECRET_C, GT CV "&redirect_uri=https%%3A%%2F%%2FCLIENT.example.org%%2Fcb",
		"400 invalid_grant: Invalid redirect URI", __LINE__);
	code_case("", C2, NULL, "client_id=" C2 "&client_secret=" FX_SECRET_C2 "&" GT RU CV,
		"400 invalid_grant: Client ID mismatch", __LINE__);
	code_case("", NULL, NULL, "client_id=" P "&" GT RU CV, "400 invalid_grant: Client ID mismatch", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code" RU CV,
		"400 invalid_request: Authorization code is required", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code&code=" RU CV "%s",
		"400 invalid_request: Authorization code is required", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code&code=abc" RU CV "%s",
		"400 invalid_grant: Invalid authorization code format", __LINE__);
	code_case("", C, FX_SECRET_C, GT "X" RU CV, "400 invalid_grant: Invalid authorization code", __LINE__);
	code_case("", C, FX_SECRET_C, GT "%%00" RU CV, "400 invalid_grant: Invalid authorization code", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code&code=user9%%3A" G1 "%%3Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" RU CV "%s",
		"400 invalid_grant: Grant not found or authorization code expired", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code&code=%%FFuser1%%3A" G1 "%%3Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" RU CV "%s",
		"400 invalid_grant: Grant not found or authorization code expired", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV "&code=%s", "400 invalid_request: Request parameter \"code\" must not be repeated", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV CV, "400 invalid_request: Request parameter \"code_verifier\" must not be repeated", __LINE__);
	code_case("", C, FX_SECRET_C, "grant_type=authorization_code&" GT RU CV,
		"400 invalid_request: Request parameter \"grant_type\" must not be repeated", __LINE__);
	/* resource (RFC 8707) */
	code_case("", C, FX_SECRET_C, GT RU CV "&resource=https%%3A%%2F%%2Fother.example%%2Fapi",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV "&resource=https%%3A%%2F%%2Fexample.com%%2Fapi%%2Fsub",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV "&resource=https%%3A%%2F%%2Fexample.com%%2Fapi%%23f",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV "&resource=nonsense",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", __LINE__);
	code_case("", C, FX_SECRET_C, GT RU CV "&resource=https%%3A%%2F%%2Fexample.com%%2Fapi&resource=https%%3A%%2F%%2Fexample.com%%2Fother",
		"400 invalid_target: The resource parameter must name exactly one configured protected resource", __LINE__);
	/* scope */
	code_case("", C, FX_SECRET_C, GT RU CV "&scope=admin",
		"400 invalid_scope: None of the requested scopes were granted", __LINE__);
	/* S256 with a malformed verifier */
	code_case("", C, FX_SECRET_C, GT RU "&code_verifier=bad", "400 invalid_grant: Invalid PKCE code_verifier", __LINE__);
}

/* A pending grant with the stored PKCE method pkce (see tfx_pending_grant), exchanged with body. */
static void pkce_case(const char *opts, const char *pkce, const char *body_fmt, const char *want, int line)
{
	tfx f;
	tfx_setup(&f, opts);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", pkce, "abc");
	char *ec = tfx_enc(code), body[1024], *basic = tfx_basic(C, FX_SECRET_C);
	snprintf(body, sizeof body, body_fmt, ec);
	tresp r = tfx_post(&f, basic, NULL, body, NULL);
	const char *got = r.status == 200 ? "200" : tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(ec); free(basic); free(code);
	tfx_free(&f);
}

/* As 0.10.4 (and 1.2.3 for the default): the stored method is checked before the verifier. */
OC_TEST(token_code_pkce_methods)
{
	static const char plain_refused[] = "400 invalid_grant: The plain PKCE method is not allowed. Use S256 instead.";
	static const char *const opts[] = { "", ",\"allowPlainPKCE\":true" };
	for (int allow = 0; allow < 2; allow++) {
		const char *o = opts[allow];
		pkce_case(o, "plain", GT RU "&code_verifier=abc", allow ? "200" : plain_refused, __LINE__);
		pkce_case(o, "-", GT RU "&code_verifier=abc", allow ? "200" : plain_refused, __LINE__);
		pkce_case(o, "plain", GT RU, allow ? "400 invalid_request: code_verifier is required for PKCE" : plain_refused, __LINE__);
		pkce_case(o, "plain", GT RU "&code_verifier=abd", allow ? "400 invalid_grant: Invalid PKCE code_verifier" : plain_refused, __LINE__);
		pkce_case(o, "plain", GT RU "&code_verifier=abcd", allow ? "400 invalid_grant: Invalid PKCE code_verifier" : plain_refused, __LINE__);
		pkce_case(o, "S512", GT RU "&code_verifier=abc", "400 invalid_grant: Unsupported PKCE code_challenge_method: S512", __LINE__);
		pkce_case(o, "S512", GT RU, "400 invalid_grant: Unsupported PKCE code_challenge_method: S512", __LINE__);
		pkce_case(o, "", GT RU "&code_verifier=abc", "400 invalid_grant: Unsupported PKCE code_challenge_method: ", __LINE__);
		pkce_case(o, "s256", GT RU "&code_verifier=abc", "400 invalid_grant: Unsupported PKCE code_challenge_method: s256", __LINE__);
	}
}

/* Exchanges a fresh code with extra body text; returns the response. */
static tresp code_ok(tfx *f, const char *extra)
{
	char *code = tfx_pending_grant(f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *ec = tfx_enc(code), body[1024];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s%s", ec, extra);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	free(ec); free(basic); free(code);
	return r;
}

OC_TEST(token_code_accepted_variants)
{
	struct { const char *extra, *scope; } ok[] = {
		{ CV, "read write" },                                            /* no redirect_uri with PKCE */
		{ CV "&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&scope=read", "read" },
		{ CV "&scope=read+write+admin", "read write" },                  /* widening: granted */
		{ CV "&scope=", "read write" },
		{ CV "&resource=https%3A%2F%2FEXAMPLE.com%2Fapi", "read write" },
		{ CV "&resource=https%3A%2F%2Fexample.com%2Fapi&resource=https%3A%2F%2Fexample.com%2Fapi", "read write" },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		tfx f;
		tfx_setup(&f, "");
		tresp r = code_ok(&f, ok[i].extra);
		CHECK(r.status == 200);
		CHECK(tresp_str(&r, "scope") && strcmp(tresp_str(&r, "scope"), ok[i].scope) == 0);
		if (r.status != 200) fprintf(stderr, "  case %zu: %s\n", i, tresp_err(&r));
		/* the token record carries the narrowed scope; the grant keeps its own */
		const char *at = tresp_str(&r, "access_token");
		if (at) {
			char *tk = tfx_token_key(at);
			cJSON *t = tfx_record(&f, tk), *g = tfx_record(&f, GKEY);
			char *ts = cJSON_PrintUnformatted(cJSON_GetObjectItem(t, "scope"));
			char *gs = cJSON_PrintUnformatted(cJSON_GetObjectItem(g, "scope"));
			CHECK(strcmp(gs, "[\"read\",\"write\"]") == 0);
			CHECK(strcmp(ok[i].scope, "read") != 0 || strcmp(ts, "[\"read\"]") == 0);
			free(ts); free(gs); cJSON_Delete(t); cJSON_Delete(g); free(tk);
		}
		tresp_free(&r);
		tfx_free(&f);
	}
}

OC_TEST(token_plain_pkce_and_public_client)
{
	tfx f;
	tfx_setup(&f, ",\"allowPlainPKCE\":true");
	char *code = tfx_pending_grant(&f, "user1", G1, P, "[\"read\"]", "plain", FX_VERIFIER);
	char *ec = tfx_enc(code), body[512];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&client_id=" P CV, ec);
	tresp r = tfx_post(&f, NULL, NULL, body, "https://app.example.net");
	CHECK(r.status == 200);
	CHECK(tresp_header(&r, "Access-Control-Allow-Origin") &&
		strcmp(tresp_header(&r, "Access-Control-Allow-Origin"), "https://app.example.net") == 0);
	char *rt = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	REQUIRE(rt);
	/* public refresh with client_id in the body */
	char *b = tfx_refresh_body(rt, "&client_id=" P);
	r = tfx_post(&f, NULL, NULL, b, NULL);
	CHECK(r.status == 200);
	tresp_free(&r);
	free(b); free(rt); free(ec); free(code);
	tfx_free(&f);
}

/* body_fmt (printf'd with the code) against a fresh grant of C stored with pkce, edited first when member is given. */
static void edited_case(const char *pkce, const char *member, cJSON *v, const char *extra_fmt,
	const char *want, int line)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", pkce, FX_VERIFIER);
	if (member != NULL)
		tfx_edit_record(&f, GKEY, member, v);
	char *ec = tfx_enc(code);
	tfx_post_check(&f, basic, want, line, extra_fmt, ec);
	free(ec); free(code); free(basic);
	tfx_free(&f);
}

/* R-CODE-09 … R-CODE-15, R-CODE-02: the stored PKCE method, the redirect URI, then the verifier, as the
 * reference orders them. */
OC_TEST(token_rule_code_pkce_and_redirect)
{
	/* R-CODE-09: the stored method is checked before the redirect URI */
	edited_case("plain", NULL, NULL, GT "&redirect_uri=https%%3A%%2F%%2Fevil.example%%2Fcb" CV,
		"400 invalid_grant: The plain PKCE method is not allowed. Use S256 instead.", __LINE__);
	/* R-CODE-11: a bogus stored method without a challenge */
	edited_case(NULL, "codeChallengeMethod", cJSON_CreateString("S512"), GT RU CV,
		"400 invalid_grant: Unsupported PKCE code_challenge_method: S512", __LINE__);
	edited_case(NULL, "codeChallengeMethod", cJSON_CreateString("S256"), GT RU, "200 : ", __LINE__);
	/* R-CODE-12: without PKCE the redirect URI is required (empty is absent) */
	edited_case(NULL, NULL, NULL, GT,
		"400 invalid_request: redirect_uri is required when not using PKCE", __LINE__);
	edited_case(NULL, NULL, NULL, GT "&redirect_uri=",
		"400 invalid_request: redirect_uri is required when not using PKCE", __LINE__);
	edited_case(NULL, NULL, NULL, GT RU, "200 : ", __LINE__);
	edited_case("S256", NULL, NULL, GT CV, "200 : ", __LINE__);
	/* an empty stored challenge is no PKCE */
	edited_case("S256", "codeChallenge", cJSON_CreateString(""), GT RU, "200 : ", __LINE__);
	/* R-CODE-13, R-CODE-14: registered for the client, then the one of the authorization request */
	edited_case("S256", NULL, NULL, GT "&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb2" CV,
		"400 invalid_grant: Invalid redirect URI", __LINE__);
	edited_case("S256", "redirectUri", cJSON_CreateString("https://client.example.org/other"), GT RU CV,
		"400 invalid_grant: redirect_uri does not match the authorization request", __LINE__);
	edited_case("S256", "redirectUri", NULL, GT RU CV, "200 : ", __LINE__);
	/* R-CODE-15: a verifier without PKCE (empty is absent) */
	edited_case(NULL, NULL, NULL, GT RU CV,
		"400 invalid_request: code_verifier provided for a flow that did not use PKCE", __LINE__);
	edited_case(NULL, NULL, NULL, GT RU "&code_verifier=", "200 : ", __LINE__);
	edited_case("S256", NULL, NULL, GT RU "&code_verifier=",
		"400 invalid_request: code_verifier is required for PKCE", __LINE__);
	/* R-CODE-02: not three parts */
	edited_case("S256", NULL, NULL, GT ":x" RU CV,
		"400 invalid_grant: Invalid authorization code format", __LINE__);
}

/* The stored grant's resource, as JSON text (malloc'd), or NULL when absent. */
static char *stored_resource(tfx *f)
{
	cJSON *g = tfx_record(f, GKEY);
	cJSON *res = cJSON_GetObjectItemCaseSensitive(g, "resource");
	char *s = res ? cJSON_PrintUnformatted(res) : NULL;
	cJSON_Delete(g);
	return s;
}

/* R-RES-01: the grant's stored resource names the configured one, and is then rewritten to it. */
OC_TEST(token_rule_grant_resource_binding)
{
	static const struct { const char *stored; const char *want; } cases[] = {
		{ "\"https://other.example/api\"", "400 invalid_grant: The authorization grant is not bound to a configured resource" },
		{ "[\"https://other.example/api\"]", "400 invalid_grant: The authorization grant is not bound to a configured resource" },
		{ "\"https://example.com/API\"", "400 invalid_grant: The authorization grant is not bound to a configured resource" },
		{ "\"https://EXAMPLE.com/api\"", "200 : " },
		{ "[\"https://other.example/api\",\"https://example.com/api\"]", "200 : " },
		{ NULL, "200 : " }, /* a grant made before 1.x */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		tfx_setup(&f, "");
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
		tfx_edit_record(&f, GKEY, "resource", cases[i].stored ? cJSON_Parse(cases[i].stored) : NULL);
		tresp r = tfx_exchange(&f, basic, code, "");
		CHECK_ERR(r, cases[i].want);
		char *rt = r.status == 200 ? tfx_dup(tresp_str(&r, "refresh_token")) : NULL;
		tresp_free(&r);
		char *res = stored_resource(&f);
		if (rt != NULL) {
			/* the grant now names the configured resource itself, as the reference rewrites it */
			CHECK(res != NULL && strcmp(res, "\"" FX_RESOURCE "\"") == 0);
			/* and a refresh checks the binding too */
			tfx_edit_record(&f, GKEY, "resource", cJSON_CreateString("https://other.example/api"));
			char *ert = tfx_enc(rt);
			POST_CHECK(&f, basic, "400 invalid_grant: The authorization grant is not bound to a configured resource",
				"grant_type=refresh_token&refresh_token=%s", ert);
			free(ert);
		} else {
			CHECK(res != NULL && strcmp(res, cases[i].stored) == 0); /* untouched */
		}
		free(res); free(rt); free(code); free(basic);
		tfx_free(&f);
	}
}
