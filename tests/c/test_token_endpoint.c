/* The token endpoint end to end: HTTP op, fake KV, records checked after each step. */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include "crypto/oc_crypto.h"
#include <stdlib.h>

#define C  "clientC000000000"  /* client_secret_basic, explicit */
#define C2 "clientD000000000"  /* client_secret_post, explicit */
#define P  "clientP000000000"  /* public */
#define G1 "grantAAAAAAAAAAA"
#define GKEY "grant:user1:" G1
#define TPFX "token:user1:" G1 ":"

static void setup(tfx *f, const char *extra)
{
	tfx_init(f, extra);
	tfx_client(f, C, "client_secret_basic", FX_SECRET_C, 1);
	tfx_client(f, C2, "client_secret_post", FX_SECRET_C2, 1);
	tfx_client(f, P, "none", NULL, 1);
}

/* A body "grant_type=authorization_code&code=…&redirect_uri=…&code_verifier=…" plus extra. */
static char *code_body(const char *code, const char *extra)
{
	char *ec = tfx_enc(code), *out = malloc(strlen(ec) + strlen(extra) + 256);
	sprintf(out, "grant_type=authorization_code&code=%s&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb"
		"&code_verifier=" FX_VERIFIER "%s", ec, extra);
	free(ec);
	return out;
}

static char *refresh_body(const char *rt, const char *extra)
{
	char *e = tfx_enc(rt), *out = malloc(strlen(e) + strlen(extra) + 64);
	sprintf(out, "grant_type=refresh_token&refresh_token=%s%s", e, extra);
	free(e);
	return out;
}

static tresp exchange(tfx *f, const char *auth, const char *code, const char *extra)
{
	char *b = code_body(code, extra);
	tresp r = tfx_post(f, auth, NULL, b, NULL);
	free(b);
	return r;
}

static tresp refresh(tfx *f, const char *auth, const char *rt, const char *extra)
{
	char *b = refresh_body(rt, extra);
	tresp r = tfx_post(f, auth, NULL, b, NULL);
	free(b);
	return r;
}

static char *dup(const char *s) { return s ? strcpy(malloc(strlen(s) + 1), s) : NULL; }

static int64_t num(const cJSON *o, const char *m)
{
	return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, m));
}

static const char *str(const cJSON *o, const char *m)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, m));
}

/* The KV key of an access token. */
static char *token_key(const char *tok)
{
	char id[OC_TOKEN_ID_LEN + 1], *k = malloc(200);
	oc_token_id(id, tok, strlen(tok));
	snprintf(k, 200, TPFX "%s", id);
	return k;
}

/* The props key behind a wrapped key, unwrapped with tok. */
static int unwrap(uint8_t key[32], const char *tok, const char *wrapped)
{
	return wrapped && oc_token_unwrap(key, tok, strlen(tok), wrapped, strlen(wrapped)).code == OC_OK;
}

#define CHECK_ERR(r, want) do { const char *got_ = tresp_err(&(r)); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); } while (0)

OC_TEST(token_code_exchange)
{
	tfx f;
	setup(&f, "");
	REQUIRE(f.cfg != NULL);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = exchange(&f, basic, code, "");
	REQUIRE(r.status == 200);
	CHECK_STR(tresp_header(&r, "Content-Type"), "application/json");
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(tresp_header(&r, "Pragma"), "no-cache");
	CHECK(tresp_header(&r, "WWW-Authenticate") == NULL);
	char *at = dup(tresp_str(&r, "access_token")), *rt = dup(tresp_str(&r, "refresh_token"));
	REQUIRE(at && rt);
	char want[512];
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,"
		"\"scope\":\"read write\",\"resource\":\"" FX_RESOURCE "\",\"refresh_token\":\"%s\"}", at, rt);
	CHECK_STR(r.body, want);
	CHECK(strncmp(at, "user1:" G1 ":", 23) == 0 && strlen(at) == 55);

	/* the access token record */
	char *tk = token_key(at);
	const fake_kv_entry *te = fake_kv_find(&f.kv, tk);
	REQUIRE(te != NULL);
	CHECK(te->expiration == FX_NOW + 3600 && te->meta == NULL);
	cJSON *t = tfx_record(&f, tk), *g = tfx_record(&f, GKEY);
	REQUIRE(t && g);
	CHECK(num(t, "createdAt") == FX_NOW && num(t, "expiresAt") == FX_NOW + 3600);
	CHECK_STR(str(t, "audience"), FX_RESOURCE);
	CHECK_STR(str(t, "grantId"), G1);
	CHECK_STR(str(t, "userId"), "user1");
	cJSON *tg = cJSON_GetObjectItem(t, "grant");
	CHECK_STR(str(tg, "clientId"), C);
	CHECK_STR(str(tg, "encryptedProps"), str(g, "encryptedProps"));
	/* the grant after the exchange */
	CHECK(str(g, "authCodeId") != NULL && str(g, "authCodeWrappedKey") == NULL);
	CHECK(str(g, "codeChallenge") == NULL && str(g, "codeChallengeMethod") == NULL);
	char rid[65];
	oc_token_id(rid, rt, strlen(rt));
	CHECK_STR(str(g, "refreshTokenId"), rid);
	CHECK(num(g, "expiresAt") == FX_NOW + 2592000);
	const fake_kv_entry *ge = fake_kv_find(&f.kv, GKEY);
	CHECK(ge->expiration == FX_NOW + 2592000);
	CHECK(ge->meta && strcmp(ge->meta, "{\"clientId\":\"" C "\",\"resource\":\"" FX_RESOURCE
		"\",\"redirectUri\":\"" FX_REDIRECT "\"}") == 0);
	/* one props key, wrapped under the access and the refresh token; props decrypt */
	uint8_t k1[32], k2[32];
	CHECK(unwrap(k1, at, str(t, "wrappedEncryptionKey")));
	CHECK(unwrap(k2, rt, str(g, "refreshTokenWrappedKey")));
	CHECK(memcmp(k1, k2, 32) == 0);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	const char *ep = str(g, "encryptedProps");
	CHECK(oc_token_props_decrypt(a, k1, ep, strlen(ep), &props, &plen).code == OC_OK &&
		strcmp(props, "{\"name\":\"alice\"}") == 0);
	oc_arena_free(a);
	cJSON_Delete(t); cJSON_Delete(g);
	tresp_free(&r);

	/* replay: invalid_grant, and the grant and its tokens are gone */
	r = exchange(&f, basic, code, "");
	CHECK_ERR(r, "400 invalid_grant: Authorization code already used");
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	CHECK(fake_kv_find(&f.kv, "client:" C) != NULL);
	tresp_free(&r);
	r = refresh(&f, basic, rt, ""); /* the replay revoked the grant */
	CHECK_ERR(r, "400 invalid_grant: Grant not found");
	tresp_free(&r);
	free(tk); free(at); free(rt); free(basic); free(code);
	tfx_free(&f);
}

OC_TEST(token_code_replay_wrong_verifier_revokes)
{
	tfx f;
	setup(&f, "");
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = exchange(&f, basic, code, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	/* a second access token for the grant, to see every one deleted */
	r = refresh(&f, basic, "x", "");
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
	setup(&f, extra_opts);
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
#define CV "&code_verifier=" FX_VERIFIER
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
	setup(&f, opts);
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
		setup(&f, "");
		tresp r = code_ok(&f, ok[i].extra);
		CHECK(r.status == 200);
		CHECK(tresp_str(&r, "scope") && strcmp(tresp_str(&r, "scope"), ok[i].scope) == 0);
		if (r.status != 200) fprintf(stderr, "  case %zu: %s\n", i, tresp_err(&r));
		/* the token record carries the narrowed scope; the grant keeps its own */
		const char *at = tresp_str(&r, "access_token");
		if (at) {
			char *tk = token_key(at);
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
	setup(&f, ",\"allowPlainPKCE\":true");
	char *code = tfx_pending_grant(&f, "user1", G1, P, "[\"read\"]", "plain", FX_VERIFIER);
	char *ec = tfx_enc(code), body[512];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&client_id=" P CV, ec);
	tresp r = tfx_post(&f, NULL, NULL, body, "https://app.example.net");
	CHECK(r.status == 200);
	CHECK(tresp_header(&r, "Access-Control-Allow-Origin") &&
		strcmp(tresp_header(&r, "Access-Control-Allow-Origin"), "https://app.example.net") == 0);
	char *rt = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	REQUIRE(rt);
	/* public refresh with client_id in the body */
	char *b = refresh_body(rt, "&client_id=" P);
	r = tfx_post(&f, NULL, NULL, b, NULL);
	CHECK(r.status == 200);
	tresp_free(&r);
	free(b); free(rt); free(ec); free(code);
	tfx_free(&f);
}

/* Client authentication failures: answer, challenge header, KV untouched. */
static void auth_case(const char *auth, const char *body_prefix, const char *want, int challenge, int line)
{
	tfx f;
	setup(&f, "");
	tfx_client(&f, "clientDCR0000000", "client_secret_basic", FX_SECRET_C, 0);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), body[1024];
	snprintf(body, sizeof body, "%sgrant_type=authorization_code&code=%s" CV, body_prefix, ec);
	char *before = fake_kv_dump(&f.kv);
	tresp r = tfx_post(&f, auth, NULL, body, NULL);
	char *after = fake_kv_dump(&f.kv);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	CHECK((tresp_header(&r, "WWW-Authenticate") != NULL) == challenge);
	CHECK(challenge == 0 || strcmp(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"") == 0);
	if (want[0] != '2')
		CHECK(strcmp(before, after) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(before); free(after); free(ec); free(code);
	tfx_free(&f);
}

OC_TEST(token_client_auth)
{
	char *good = tfx_basic(C, FX_SECRET_C), *wrong = tfx_basic(C, "nope"), *empty = tfx_basic(C, "");
	char *unknown = tfx_basic("nobody", "x"), *c2 = tfx_basic(C2, FX_SECRET_C2);
	char *dcr = tfx_basic("clientDCR0000000", FX_SECRET_C);
	auth_case(NULL, "", "401 invalid_client: Client ID is required", 0, __LINE__);
	auth_case(NULL, "client_id=" C "&", "401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(wrong, "", "401 invalid_client: Client authentication failed: invalid client_secret", 1, __LINE__);
	auth_case(NULL, "client_id=" C2 "&client_secret=nope&",
		"401 invalid_client: Client authentication failed: invalid client_secret", 0, __LINE__);
	auth_case(NULL, "client_id=" C "&client_secret=" FX_SECRET_C "&",
		"401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(c2, "", "401 invalid_client: Client authentication failed", 1, __LINE__);
	auth_case(good, "client_secret=" FX_SECRET_C "&",
		"400 invalid_request: Client must not use multiple authentication methods", 0, __LINE__);
	auth_case(good, "client_id=" C2 "&",
		"400 invalid_request: Client must not use multiple authentication methods", 0, __LINE__);
	auth_case("Basic !!!", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case("Basic bm9jb2xvbg==", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case("Basic", "", "401 invalid_client: Client authentication failed: invalid Basic credentials", 1, __LINE__);
	auth_case(empty, "", "401 invalid_client: Client authentication failed: missing client_secret", 1, __LINE__);
	auth_case(unknown, "", "401 invalid_client: Client not found", 1, __LINE__);
	auth_case("Bearer user1:" G1 ":xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", "401 invalid_client: Client ID is required", 0, __LINE__);
	auth_case(NULL, "client_id=nobody&", "401 invalid_client: Client not found", 0, __LINE__);
	auth_case(NULL, "client_id=" P "&client_secret=x&", "401 invalid_client: Client authentication failed", 0, __LINE__);
	auth_case(NULL, "client_id=" P "&client_id=" P "&",
		"400 invalid_request: Request parameter \"client_id\" must not be repeated", 0, __LINE__);
	/* lower-case scheme works; a client without authMethodExplicit takes either method */
	good[0] = 'b';
	auth_case(good, "", "200 : ", 0, __LINE__);
	auth_case(dcr, "", "400 invalid_grant: Client ID mismatch", 0, __LINE__);
	auth_case(NULL, "client_id=clientDCR0000000&client_secret=" FX_SECRET_C "&",
		"400 invalid_grant: Client ID mismatch", 0, __LINE__);
	free(good); free(wrong); free(empty); free(unknown); free(c2); free(dcr);
}

static void request_case(const char *ctype, const char *body, const char *want, int line)
{
	tfx f;
	setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp r = tfx_post(&f, basic, ctype, body, NULL);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	CHECK(tresp_header(&r, "Cache-Control") && strcmp(tresp_header(&r, "Cache-Control"), "no-store") == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(basic);
	tfx_free(&f);
}

OC_TEST(token_request_shape)
{
	const char *ct = "400 invalid_request: Content-Type must be application/x-www-form-urlencoded";
	request_case("", "grant_type=authorization_code", ct, __LINE__);
	request_case("application/json", "{}", ct, __LINE__);
	request_case("text/plain", "grant_type=authorization_code", ct, __LINE__);
	request_case("multipart/form-data; boundary=x", "", ct, __LINE__);
	request_case("application/x-www-form-urlencodedx", "", ct, __LINE__);
	const char *ugt = "400 unsupported_grant_type: Grant type not supported";
	request_case("application/x-www-form-urlencoded; charset=UTF-8", "", ugt, __LINE__);
	request_case("APPLICATION/X-WWW-FORM-URLENCODED", "grant_type=password&username=a&password=b", ugt, __LINE__);
	request_case(NULL, "grant_type=", ugt, __LINE__);
	request_case(NULL, "grant_type=client_credentials", ugt, __LINE__);
	request_case(NULL, "grant_type=AUTHORIZATION_CODE&code=a", ugt, __LINE__);
	request_case(NULL, "grant_type=authorization_code%FF&code=a", ugt, __LINE__);
	request_case(NULL, "client_id=x", ugt, __LINE__);
	request_case(NULL, "grant_type=refresh_token&grant_type=authorization_code",
		"400 invalid_request: Request parameter \"grant_type\" must not be repeated", __LINE__);
	request_case(NULL, "grant_type=refresh_token", "400 invalid_request: Refresh token is required", __LINE__);
	request_case(NULL, "grant_type=refresh_token&refresh_token=abc", "400 invalid_grant: Invalid refresh token", __LINE__);
}

/* Exchange, then return the refresh token (malloc'd). */
static char *start_grant(tfx *f, const char *basic)
{
	char *code = tfx_pending_grant(f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	tresp r = exchange(f, basic, code, "");
	char *rt = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	free(code);
	return rt;
}

static char *grant_member(tfx *f, const char *m)
{
	cJSON *g = tfx_record(f, GKEY);
	char *s = dup(str(g, m));
	cJSON_Delete(g);
	return s;
}

static int is_id_of(const char *id, const char *tok)
{
	char want[65];
	oc_token_id(want, tok, strlen(tok));
	return id && strcmp(id, want) == 0;
}

OC_TEST(token_refresh_rotation)
{
	tfx f;
	setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *r1 = start_grant(&f, basic);
	REQUIRE(r1);
	f.kv.now += 10;
	tresp r = refresh(&f, basic, r1, "");
	REQUIRE(r.status == 200);
	char *r2 = dup(tresp_str(&r, "refresh_token")), *a2 = dup(tresp_str(&r, "access_token"));
	char want[512];
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,"
		"\"refresh_token\":\"%s\",\"scope\":\"read write\",\"resource\":\"" FX_RESOURCE "\"}", a2, r2);
	CHECK_STR(r.body, want);
	tresp_free(&r);
	char *cur = grant_member(&f, "refreshTokenId"), *prev = grant_member(&f, "previousRefreshTokenId");
	CHECK(is_id_of(cur, r2) && is_id_of(prev, r1));
	free(cur); free(prev);
	/* expiry stays the exchange's (fixed lifetime), the new access token counts from now */
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(num(g, "expiresAt") == FX_NOW + 2592000);
	cJSON_Delete(g);
	char *k2 = token_key(a2);
	cJSON *t2 = tfx_record(&f, k2);
	CHECK(t2 && num(t2, "expiresAt") == FX_NOW + 10 + 3600);
	cJSON_Delete(t2);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);

	/* current → R3; previous (R2) again → R4 replaces R3, R2 stays previous */
	r = refresh(&f, basic, r2, "");
	char *r3 = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	r = refresh(&f, basic, r2, "");
	CHECK(r.status == 200);
	char *r4 = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	cur = grant_member(&f, "refreshTokenId");
	prev = grant_member(&f, "previousRefreshTokenId");
	CHECK(is_id_of(cur, r4) && is_id_of(prev, r2));
	free(cur); free(prev);
	char *before = fake_kv_dump(&f.kv);
	r = refresh(&f, basic, r3, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	r = refresh(&f, basic, r1, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	char *flipped = dup(r4);
	flipped[strlen(flipped) - 1] ^= 1;
	r = refresh(&f, basic, flipped, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	r = refresh(&f, basic, r4, "&scope=admin");
	CHECK_ERR(r, "400 invalid_scope: None of the requested scopes were granted");
	tresp_free(&r);
	r = refresh(&f, basic, r4, "&resource=https%3A%2F%2Fother.example%2Fapi");
	CHECK_ERR(r, "400 invalid_target: The resource parameter must name exactly one configured protected resource");
	tresp_free(&r);
	char *c2 = tfx_basic(C2, FX_SECRET_C2);
	r = refresh(&f, c2, r4, "");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed");
	tresp_free(&r);
	char *b = refresh_body(r4, "&client_id=" C2 "&client_secret=" FX_SECRET_C2);
	r = tfx_post(&f, NULL, NULL, b, NULL);
	CHECK_ERR(r, "400 invalid_grant: Client ID mismatch");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);
	/* narrower scope on refresh; the newest token works; all access tokens stay */
	r = refresh(&f, basic, r4, "&scope=read");
	CHECK(r.status == 200 && strcmp(tresp_str(&r, "scope"), "read") == 0);
	tresp_free(&r);
	CHECK(fake_kv_count(&f.kv, TPFX) == 5);
	free(b); free(c2); free(flipped); free(before); free(after);
	free(k2); free(r1); free(r2); free(a2); free(r3); free(r4); free(basic);
	tfx_free(&f);
}

OC_TEST(token_refresh_expiry)
{
	tfx f;
	setup(&f, ",\"accessTokenTTL\":60,\"refreshTokenTTL\":60");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = start_grant(&f, basic);
	REQUIRE(rt);
	/* KV expiration keeps a margin over KV's 60 s minimum; access tokens expire exactly */
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 65);
	f.kv.now = FX_NOW + 62;
	tresp r = refresh(&f, basic, rt, "");
	CHECK_ERR(r, "400 invalid_grant: Refresh token has expired");
	tresp_free(&r);
	free(rt);
	tfx_free(&f);

	/* idle TTL: each refresh moves expiresAt */
	setup(&f, ",\"refreshTokenIdleTTL\":120");
	rt = start_grant(&f, basic);
	f.kv.now = FX_NOW + 1000;
	r = refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(g && num(g, "expiresAt") == FX_NOW + 1000 + 120);
	cJSON_Delete(g);
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 1000 + 120);
	free(rt);
	tfx_free(&f);

	/* no refresh tokens: none issued, the grant lives as long as its access token */
	setup(&f, ",\"refreshTokenTTL\":0");
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	r = exchange(&f, basic, code, "");
	CHECK(r.status == 200 && tresp_str(&r, "refresh_token") == NULL);
	tresp_free(&r);
	g = tfx_record(&f, GKEY);
	CHECK(g && str(g, "refreshTokenId") == NULL && str(g, "authCodeWrappedKey") == NULL);
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 3600);
	cJSON_Delete(g);
	r = exchange(&f, basic, code, "");
	CHECK_ERR(r, "400 invalid_grant: Authorization code already used");
	tresp_free(&r);
	free(code); free(basic);
	tfx_free(&f);
}

static tresp revoke(tfx *f, const char *auth, const char *tok, const char *extra)
{
	char *e = tfx_enc(tok), body[512];
	snprintf(body, sizeof body, "token=%s%s", e, extra);
	free(e);
	return tfx_post(f, auth, NULL, body, NULL);
}

static void check_revoked_ok(tresp *r)
{
	CHECK(r->status == 200 && r->body && r->body[0] == 0);
	if (r->status != 200)
		fprintf(stderr, "  revocation answered %s\n", tresp_err(r));
	CHECK(tresp_header(r, "Content-Type") && strcmp(tresp_header(r, "Content-Type"), "text/plain;charset=UTF-8") == 0);
	CHECK(tresp_header(r, "Cache-Control") == NULL);
	tresp_free(r);
}

OC_TEST(token_revocation)
{
	tfx f;
	setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange(&f, basic, code, "");
	char *a1 = dup(tresp_str(&r, "access_token")), *r1 = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	r = refresh(&f, basic, r1, "");
	char *r2 = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	REQUIRE(a1 && r1 && r2);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);

	char *before = fake_kv_dump(&f.kv);
	check_revoked_ok((r = revoke(&f, basic, "user1:" G1 ":unknownunknownunknownunknown1234", ""), &r));
	check_revoked_ok((r = revoke(&f, basic, "garbage", ""), &r));
	check_revoked_ok((r = revoke(&f, NULL, a1, "&client_id=" C2 "&client_secret=" FX_SECRET_C2), &r)); /* another client's token: untouched */
	check_revoked_ok((r = revoke(&f, NULL, r2, "&client_id=" C2 "&client_secret=" FX_SECRET_C2), &r));
	r = revoke(&f, NULL, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client ID is required");
	tresp_free(&r);
	char *wrong = tfx_basic(C, "nope");
	r = revoke(&f, wrong, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: invalid client_secret");
	tresp_free(&r);
	r = tfx_post(&f, basic, NULL, "token_type_hint=access_token", NULL);
	CHECK_ERR(r, "400 unsupported_grant_type: Grant type not supported");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);

	/* an access token: only its record goes */
	check_revoked_ok((r = revoke(&f, basic, a1, "&token_type_hint=bogus"), &r));
	CHECK(fake_kv_count(&f.kv, TPFX) == 1 && fake_kv_find(&f.kv, GKEY) != NULL);
	/* the previous refresh token (hint ignored): the grant and every token go */
	check_revoked_ok((r = revoke(&f, basic, r1, "&token_type_hint=access_token"), &r));
	CHECK(fake_kv_count(&f.kv, TPFX) == 0 && fake_kv_find(&f.kv, GKEY) == NULL);
	check_revoked_ok((r = revoke(&f, basic, r2, ""), &r));
	/* a pending code is not revocable */
	char *code2 = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	check_revoked_ok((r = revoke(&f, basic, code2, ""), &r));
	CHECK(fake_kv_find(&f.kv, GKEY) != NULL);
	free(before); free(after); free(wrong); free(code2);
	free(a1); free(r1); free(r2); free(code); free(basic);
	tfx_free(&f);
}

OC_TEST(token_storage_failures)
{
	/* effects of a code exchange: 1 body, 2 client get, 3 grant get, 4 token put, 5 grant put */
	struct { unsigned at; uint32_t status; const char *want; int code_still_works; } cases[] = {
		{ 2, OC_FXR_RATE_LIMITED, "429 temporarily_unavailable: Storage is rate limited, retry later", 1 },
		{ 3, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 4, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 5, OC_FXR_FAILED, "500 server_error: Storage operation failed", 1 },
		{ 5, OC_FXR_RATE_LIMITED, "429 temporarily_unavailable: Storage is rate limited, retry later", 1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		setup(&f, "");
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
		char *grant_before = dup(fake_kv_find(&f.kv, GKEY)->val);
		f.kv.fail_at = cases[i].at;
		f.kv.fail_status = cases[i].status;
		tresp r = exchange(&f, basic, code, "");
		CHECK_ERR(r, cases[i].want);
		tresp_free(&r);
		/* the grant is untouched, so the code still works (an orphan token record may remain) */
		CHECK(strcmp(fake_kv_find(&f.kv, GKEY)->val, grant_before) == 0);
		f.kv.fail_at = 0;
		r = exchange(&f, basic, code, "");
		CHECK(r.status == 200);
		tresp_free(&r);
		free(grant_before); free(code); free(basic);
		tfx_free(&f);
	}
	/* a refresh whose grant write fails leaves the presented token current */
	tfx f;
	setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = start_grant(&f, basic);
	f.kv.fail_at = f.kv.performed + 5;
	f.kv.fail_status = OC_FXR_FAILED;
	tresp r = refresh(&f, basic, rt, "");
	CHECK(r.status == 500);
	tresp_free(&r);
	char *cur = grant_member(&f, "refreshTokenId");
	CHECK(is_id_of(cur, rt));
	free(cur);
	r = refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(rt); free(basic);
	tfx_free(&f);
}

OC_TEST(token_revocation_pages_through_tokens)
{
	tfx f;
	setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = start_grant(&f, basic);
	REQUIRE(rt);
	for (int i = 0; i < 2100; i++) {
		char k[128];
		snprintf(k, sizeof k, TPFX "%064d", i);
		fake_kv_set(&f.kv, k, "{}", NULL, 0);
	}
	fake_kv_set(&f.kv, "token:user1:grantBBBBBBBBBBB:x", "{}", NULL, 0); /* another grant's token stays */
	unsigned batches = f.kv.batches;
	tresp r = revoke(&f, basic, rt, "");
	check_revoked_ok(&r);
	CHECK(fake_kv_count(&f.kv, TPFX) == 0 && fake_kv_find(&f.kv, GKEY) == NULL);
	CHECK(fake_kv_count(&f.kv, "token:") == 1);
	CHECK(f.kv.batches - batches >= 5); /* body, load, then three list pages */
	free(rt); free(basic);
	tfx_free(&f);
}
