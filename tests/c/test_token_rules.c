/*
 * Token endpoint rules of the reference 1.2.3 (docs/observed/rules-1.2.3.md),
 * end to end through the HTTP op: client authentication before the grant type
 * (R-TOKEN-05), revocation requests (R-TOKEN-06), empty client parameters
 * (R-TOKEN-04, R-AUTH-03, R-AUTH-20, R-AUTH-22), the code exchange's PKCE and
 * redirect rules in their order (R-CODE-09 … R-CODE-15), the grant's resource
 * binding (R-RES-01), token formats (R-CODE-02, R-REFRESH-02) and revocation
 * of a record without grant.clientId (R-REVOKE-05). The differential cases
 * with the same ids are in tests/compat/bad-requests-cases.mjs.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include <stdarg.h>
#include <stdlib.h>

#define C  "clientC000000000"  /* client_secret_basic, explicit */
#define C2 "clientD000000000"  /* client_secret_post, explicit */
#define P  "clientP000000000"  /* public */
#define G1 "grantAAAAAAAAAAA"
#define GKEY "grant:user1:" G1
/* The registered redirect URI, form-encoded, as a printf format piece. */
#define REDIRECT_FMT "https%%3A%%2F%%2Fclient.example.org%%2Fcb"

static void setup(tfx *f)
{
	tfx_init(f, "");
	tfx_client(f, C, "client_secret_basic", FX_SECRET_C, 1);
	tfx_client(f, C2, "client_secret_post", FX_SECRET_C2, 1);
	tfx_client(f, P, "none", NULL, 1);
}

static char *dup(const char *s)
{
	return s ? strcpy(malloc(strlen(s) + 1), s) : NULL;
}

#define CHECK_ERR(r, want) do { const char *got_ = tresp_err(&(r)); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); } while (0)

/* POSTs a body built with printf to /token. */
static tresp post(tfx *f, const char *auth, const char *fmt, ...)
{
	char body[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	return tfx_post(f, auth, NULL, body, NULL);
}

/*
 * Edits the stored record at key: member (a name, or "outer.inner") set to v,
 * or removed when v is NULL. Metadata and expiration are kept.
 */
static void edit(tfx *f, const char *key, const char *member, cJSON *v)
{
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	REQUIRE(e != NULL);
	cJSON *rec = tfx_record(f, key), *obj = rec;
	char name[64], *dot;
	snprintf(name, sizeof name, "%s", member);
	if ((dot = strchr(name, '.')) != NULL) {
		*dot = 0;
		obj = cJSON_GetObjectItemCaseSensitive(rec, name);
		memmove(name, dot + 1, strlen(dot + 1) + 1);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	if (v != NULL)
		cJSON_AddItemToObject(obj, name, v);
	char *s = cJSON_PrintUnformatted(rec);
	char *meta = e->meta ? strcpy(malloc(strlen(e->meta) + 1), e->meta) : NULL;
	fake_kv_set(&f->kv, key, s, meta, e->expiration);
	free(s); free(meta);
	cJSON_Delete(rec);
}

/* The code exchange body for code, with redirect_uri and code_verifier, plus extra. */
static tresp exchange(tfx *f, const char *auth, const char *code, const char *extra)
{
	char *ec = tfx_enc(code);
	tresp r = post(f, auth, "grant_type=authorization_code&code=%s&redirect_uri=" REDIRECT_FMT
		"&code_verifier=" FX_VERIFIER "%s", ec, extra);
	free(ec);
	return r;
}

OC_TEST(token_rule_client_authentication_first)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C), *wrong = tfx_basic(C, "nope");
	char *before = fake_kv_dump(&f.kv);
	tresp r = post(&f, NULL, "grant_type=password&username=a&password=b");
	CHECK_ERR(r, "401 invalid_client: Client ID is required");
	CHECK(tresp_header(&r, "WWW-Authenticate") == NULL);
	tresp_free(&r);
	r = post(&f, basic, "client_id=x");
	CHECK_ERR(r, "400 invalid_request: Client must not use multiple authentication methods");
	tresp_free(&r);
	r = post(&f, NULL, "grant_type=client_credentials&client_id=unknownclient123");
	CHECK_ERR(r, "401 invalid_client: Client not found");
	tresp_free(&r);
	r = post(&f, wrong, "grant_type=client_credentials");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: invalid client_secret");
	CHECK(tresp_header(&r, "WWW-Authenticate") && strcmp(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"") == 0);
	tresp_free(&r);
	/* authenticated: now the grant type answers (none: our deliberate answer, R-TOKEN-06) */
	r = post(&f, NULL, "client_id=" P);
	CHECK_ERR(r, "400 invalid_request: grant_type is required (or token, for revocation)");
	tresp_free(&r);
	r = post(&f, basic, "grant_type=password");
	CHECK_ERR(r, "400 unsupported_grant_type: Grant type not supported");
	tresp_free(&r);
	/* R-TOKEN-09: the resource parameter before the grant's own rules */
	r = post(&f, basic, "grant_type=authorization_code&code=abc&resource=https%%3A%%2F%%2Fevil.example%%2Fapi");
	CHECK_ERR(r, "400 invalid_target: The resource parameter must name exactly one configured protected resource");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);
	free(before); free(after); free(basic); free(wrong);
	tfx_free(&f);
}

OC_TEST(token_rule_revocation_request)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange(&f, basic, code, "");
	char *at = dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	size_t tokens = fake_kv_count(&f.kv, "token:");
	CHECK(tokens == 1);
	/* R-TOKEN-06: token= (empty) is no revocation (our deliberate answer: grant_type is required);
	 * grant_type= (empty) with a token is one */
	r = post(&f, basic, "token=");
	CHECK_ERR(r, "400 invalid_request: grant_type is required (or token, for revocation)");
	tresp_free(&r);
	CHECK(fake_kv_count(&f.kv, "token:") == 1);
	char *ea = tfx_enc(at);
	r = post(&f, basic, "grant_type=&token=%s", ea);
	CHECK(r.status == 200 && r.body && r.body[0] == 0);
	tresp_free(&r);
	CHECK(fake_kv_count(&f.kv, "token:") == 0);
	free(ea); free(at); free(code); free(basic);
	tfx_free(&f);
}

OC_TEST(token_rule_empty_client_parameters)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C);
	/* R-TOKEN-04: an empty client_id is no repeat */
	char *code = tfx_pending_grant(&f, "user3", G1, P, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange(&f, NULL, code, "&client_id=&client_id=" P "&client_assertion=&client_assertion_type=");
	CHECK(r.status == 200);
	tresp_free(&r);
	free(code);
	/* R-AUTH-03: Basic plus empty body credentials */
	code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	r = exchange(&f, basic, code, "&client_id=&client_secret=");
	CHECK(r.status == 200);
	char *rt = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	free(code);
	/* R-AUTH-20: an empty client_secret presents none, which a client_secret_post client may not use */
	code = tfx_pending_grant(&f, "user4", G1, C2, "[\"read\"]", "S256", FX_VERIFIER);
	r = exchange(&f, NULL, code, "&client_id=" C2 "&client_secret=");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed");
	tresp_free(&r);
	/* R-AUTH-22: a client record without clientSecret */
	edit(&f, "client:" C2, "clientSecret", NULL);
	r = exchange(&f, NULL, code, "&client_id=" C2 "&client_secret=" FX_SECRET_C2);
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: client has no registered secret");
	tresp_free(&r);
	edit(&f, "client:" C, "clientSecret", NULL);
	char *ert = tfx_enc(rt);
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=%s", ert);
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: client has no registered secret");
	CHECK(tresp_header(&r, "WWW-Authenticate") != NULL);
	tresp_free(&r);
	free(ert); free(rt); free(code); free(basic);
	tfx_free(&f);
}

/* One code exchange (body printf'd with the code) against a fresh grant of C, edited first when member is given. */
static void code_case(const char *pkce, const char *member, cJSON *v, const char *extra_fmt,
	const char *want, int line)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", pkce, FX_VERIFIER);
	if (member != NULL)
		edit(&f, GKEY, member, v);
	char *ec = tfx_enc(code);
	tresp r = post(&f, basic, extra_fmt, ec);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
	free(ec); free(code); free(basic);
	tfx_free(&f);
}

#define CODE_WITH(rest) "grant_type=authorization_code&code=%s" rest
#define RU "&redirect_uri=" REDIRECT_FMT
#define CV "&code_verifier=" FX_VERIFIER

OC_TEST(token_rule_code_pkce_and_redirect)
{
	/* R-CODE-09: the stored method is checked before the redirect URI */
	code_case("plain", NULL, NULL, CODE_WITH("&redirect_uri=https%%3A%%2F%%2Fevil.example%%2Fcb" CV),
		"400 invalid_grant: The plain PKCE method is not allowed. Use S256 instead.", __LINE__);
	/* R-CODE-11: a bogus stored method without a challenge */
	code_case(NULL, "codeChallengeMethod", cJSON_CreateString("S512"), CODE_WITH(RU CV),
		"400 invalid_grant: Unsupported PKCE code_challenge_method: S512", __LINE__);
	code_case(NULL, "codeChallengeMethod", cJSON_CreateString("S256"), CODE_WITH(RU), "200 : ", __LINE__);
	/* R-CODE-12: without PKCE the redirect URI is required (empty is absent) */
	code_case(NULL, NULL, NULL, CODE_WITH(""),
		"400 invalid_request: redirect_uri is required when not using PKCE", __LINE__);
	code_case(NULL, NULL, NULL, CODE_WITH("&redirect_uri="),
		"400 invalid_request: redirect_uri is required when not using PKCE", __LINE__);
	code_case(NULL, NULL, NULL, CODE_WITH(RU), "200 : ", __LINE__);
	code_case("S256", NULL, NULL, CODE_WITH(CV), "200 : ", __LINE__);
	/* an empty stored challenge is no PKCE */
	code_case("S256", "codeChallenge", cJSON_CreateString(""), CODE_WITH(RU), "200 : ", __LINE__);
	/* R-CODE-13, R-CODE-14: registered for the client, then the one of the authorization request */
	code_case("S256", NULL, NULL, CODE_WITH("&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb2" CV),
		"400 invalid_grant: Invalid redirect URI", __LINE__);
	code_case("S256", "redirectUri", cJSON_CreateString("https://client.example.org/other"), CODE_WITH(RU CV),
		"400 invalid_grant: redirect_uri does not match the authorization request", __LINE__);
	code_case("S256", "redirectUri", NULL, CODE_WITH(RU CV), "200 : ", __LINE__);
	/* R-CODE-15: a verifier without PKCE (empty is absent) */
	code_case(NULL, NULL, NULL, CODE_WITH(RU CV),
		"400 invalid_request: code_verifier provided for a flow that did not use PKCE", __LINE__);
	code_case(NULL, NULL, NULL, CODE_WITH(RU "&code_verifier="), "200 : ", __LINE__);
	code_case("S256", NULL, NULL, CODE_WITH(RU "&code_verifier="),
		"400 invalid_request: code_verifier is required for PKCE", __LINE__);
	/* R-CODE-02: not three parts */
	code_case("S256", NULL, NULL, CODE_WITH(":x" RU CV),
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
		setup(&f);
		char *basic = tfx_basic(C, FX_SECRET_C);
		char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
		edit(&f, GKEY, "resource", cases[i].stored ? cJSON_Parse(cases[i].stored) : NULL);
		tresp r = exchange(&f, basic, code, "");
		CHECK_ERR(r, cases[i].want);
		char *rt = r.status == 200 ? dup(tresp_str(&r, "refresh_token")) : NULL;
		tresp_free(&r);
		char *res = stored_resource(&f);
		if (rt != NULL) {
			/* the grant now names the configured resource itself, as the reference rewrites it */
			CHECK(res != NULL && strcmp(res, "\"" FX_RESOURCE "\"") == 0);
			/* and a refresh checks the binding too */
			edit(&f, GKEY, "resource", cJSON_CreateString("https://other.example/api"));
			char *ert = tfx_enc(rt);
			r = post(&f, basic, "grant_type=refresh_token&refresh_token=%s", ert);
			CHECK_ERR(r, "400 invalid_grant: The authorization grant is not bound to a configured resource");
			tresp_free(&r);
			free(ert);
		} else {
			CHECK(res != NULL && strcmp(res, cases[i].stored) == 0); /* untouched */
		}
		free(res); free(rt); free(code); free(basic);
		tfx_free(&f);
	}
}

OC_TEST(token_rule_refresh_token_format)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange(&f, basic, code, "");
	char *rt = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	char *ert = tfx_enc(rt);
	/* R-REFRESH-02: one, two or four ':'-separated parts */
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=abc");
	CHECK_ERR(r, "400 invalid_grant: Invalid token format");
	tresp_free(&r);
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=a%%3Ab");
	CHECK_ERR(r, "400 invalid_grant: Invalid token format");
	tresp_free(&r);
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=%s%%3Ax", ert);
	CHECK_ERR(r, "400 invalid_grant: Invalid token format");
	tresp_free(&r);
	/* three parts that name no grant record */
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=user1%%3Ax%%3Ay");
	CHECK_ERR(r, "400 invalid_grant: Grant not found");
	tresp_free(&r);
	r = post(&f, basic, "grant_type=refresh_token&refresh_token=%%3A" G1 "%%3Ay");
	CHECK_ERR(r, "400 invalid_grant: Grant not found");
	tresp_free(&r);
	free(ert); free(rt); free(code); free(basic);
	tfx_free(&f);
}

/* The KV key of the access token tok of user1's grant G1. */
static char *token_key(const char *user, const char *tok)
{
	char id[OC_TOKEN_ID_LEN + 1], *k = malloc(200);
	oc_token_id(id, tok, strlen(tok));
	snprintf(k, 200, "token:%s:" G1 ":%s", user, id);
	return k;
}

OC_TEST(token_rule_revoke_owner_from_grant)
{
	tfx f;
	setup(&f);
	char *basic = tfx_basic(C, FX_SECRET_C), *basic2 = tfx_basic(C2, FX_SECRET_C2);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange(&f, basic, code, "");
	char *at = dup(tresp_str(&r, "access_token")), *key = token_key("user1", at);
	tresp_free(&r);
	/* R-REVOKE-05: no grant.clientId in the record: the grant's client owns it */
	edit(&f, key, "grant.clientId", NULL);
	char *ea = tfx_enc(at);
	r = post(&f, NULL, "token=%s&client_id=" C2 "&client_secret=" FX_SECRET_C2, ea);
	CHECK(r.status == 200);
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, key) != NULL); /* another client: untouched */
	/* the API still serves it, without ctx.auth.clientId */
	char h[512];
	snprintf(h, sizeof h, "Bearer %s", at);
	r = tfx_request(&f, "GET", "https://example.com/api/x", h, NULL, NULL, NULL);
	cJSON *auth = cJSON_GetObjectItem(r.out, "auth");
	CHECK(auth != NULL && cJSON_GetObjectItem(auth, "clientId") == NULL);
	tresp_free(&r);
	r = post(&f, basic, "token=%s", ea);
	CHECK(r.status == 200);
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, key) == NULL); /* its own client: revoked */
	free(ea); free(at); free(key); free(code); free(basic); free(basic2);
	tfx_free(&f);
}
