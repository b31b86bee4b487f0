/*
 * The client_credentials grant (ours, RFC 6749 §4.4; oc_flow_token.h,
 * oc_flow_client_credentials.c): off unless allowClientCredentialsGrant;
 * confidential clients registered for it only; scope within allowedScopes;
 * no refresh token; a grant of "client:<clientId>" in the usual KV layout,
 * which the bearer check and the grant and client helpers treat as any other.
 */
#include "oc_test.h"
#include "token_flow.h"
#include "token/oc_token.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define M "clientM000000000"   /* machine client: confidential, client_credentials, read write */
#define ON ",\"allowClientCredentialsGrant\":true"
#define CC "grant_type=client_credentials"

static void setup(tfx *f, const char *extra)
{
	tfx_init(f, extra);
	tfx_machine(f, M, "client_secret_basic", "[\"client_credentials\"]", "[\"read\",\"write\"]");
}

/* POSTs body as client id with FX_SECRET_C (Basic): "200" or "status error: description". */
static const char *post(tfx *f, const char *id, const char *body)
{
	static char out[512];
	char *basic = tfx_basic(id, FX_SECRET_C);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	snprintf(out, sizeof out, "%s", r.status == 200 ? "200" : tresp_err(&r));
	tresp_free(&r);
	free(basic);
	return out;
}

/* A token request by M that must succeed: its answer (tresp_free it). */
static tresp issue(tfx *f, const char *body)
{
	char *basic = tfx_basic(M, FX_SECRET_C);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	free(basic);
	return r;
}

/* GET /api/x with the token: the op's output ({"t":"api",…} or a response). */
static tresp api(tfx *f, const char *tok)
{
	char auth[512];
	snprintf(auth, sizeof auth, "Bearer %s", tok);
	return tfx_request(f, "GET", FX_RESOURCE "/x", auth, NULL, NULL, NULL);
}

/* The value of a helper's answer, or NULL (an error). */
static const cJSON *value(const cJSON *out)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(out, "t"));
	return t && strcmp(t, "value") == 0 ? cJSON_GetObjectItem(out, "value") : NULL;
}

OC_TEST(cc_disabled_by_default)
{
	tfx f;
	setup(&f, "");
	REQUIRE(f.cfg != NULL);
	char *before = fake_kv_dump(&f.kv);
	CHECK_STR(post(&f, M, CC), "400 unsupported_grant_type: Grant type not supported");
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before);
	free(after);
	tfx_free(&f);
}

OC_TEST(cc_issues_access_token)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	tresp r = issue(&f, CC);
	REQUIRE(r.status == 200 && r.json != NULL);
	const char *tok = tfx_str(r.json, "access_token");
	REQUIRE(tok != NULL);
	CHECK(strncmp(tok, "client:" M ":", 24) == 0 && strlen(tok) == 24 + 16 + 1 + 32);
	CHECK_STR(tfx_str(r.json, "token_type"), "bearer");
	CHECK(tfx_num(r.json, "expires_in") == 3600);
	CHECK_STR(tfx_str(r.json, "scope"), "read write");
	CHECK_STR(tfx_str(r.json, "resource"), FX_RESOURCE);
	CHECK(cJSON_GetObjectItem(r.json, "refresh_token") == NULL);
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");

	/* the grant: subject client:M, scope, ends with its token, marked in its metadata */
	char gid[17], gkey[128];
	memcpy(gid, tok + 24, 16);
	gid[16] = 0;
	snprintf(gkey, sizeof gkey, "grant:client:" M ":%s", gid);
	cJSON *g = tfx_record(&f, gkey);
	REQUIRE(g != NULL);
	CHECK_STR(tfx_str(g, "clientId"), M);
	CHECK_STR(tfx_str(g, "userId"), "client:" M);
	CHECK_STR(tfx_str(g, "resource"), FX_RESOURCE);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 3600 && tfx_num(g, "createdAt") == FX_NOW);
	CHECK_STR(tfx_str(cJSON_GetObjectItem(g, "metadata"), "grantType"), "client_credentials");
	CHECK(cJSON_GetObjectItem(g, "refreshTokenId") == NULL && cJSON_GetObjectItem(g, "authCodeId") == NULL);
	const fake_kv_entry *ge = fake_kv_find(&f.kv, gkey);
	CHECK(ge != NULL && ge->expiration == FX_NOW + 3600 && ge->meta != NULL && strstr(ge->meta, M) != NULL);
	cJSON_Delete(g);
	char tpfx[128];
	snprintf(tpfx, sizeof tpfx, "token:client:" M ":%s:", gid);
	CHECK(fake_kv_count(&f.kv, tpfx) == 1);

	/* an API route accepts it: props {} without a callback, ctx.auth names the client */
	tresp a = api(&f, tok);
	CHECK(a.status == 0);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(a.out, "t")), "api");
	const cJSON *auth = cJSON_GetObjectItem(a.out, "auth");
	CHECK_STR(tfx_str(auth, "userId"), "client:" M);
	CHECK_STR(tfx_str(auth, "clientId"), M);
	char *props = cJSON_PrintUnformatted(cJSON_GetObjectItem(a.out, "props"));
	CHECK_STR(props, "{}");
	free(props);
	tresp_free(&a);

	/* past its lifetime it is refused */
	f.kv.now = FX_NOW + 3601;
	a = api(&f, tok);
	CHECK(a.status == 401);
	tresp_free(&a);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(cc_scope_within_allowed)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	static const struct { const char *body, *want; } cases[] = {
		{ CC "&scope=read", "read" },
		{ CC "&scope=write+read+write", "write read" },
		{ CC "&scope=", "read write" },
		{ CC "&scope=+", "read write" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tresp r = issue(&f, cases[i].body);
		CHECK(r.status == 200);
		CHECK(r.json != NULL && strcmp(tfx_str(r.json, "scope"), cases[i].want) == 0);
		tresp_free(&r);
	}
	char *before = fake_kv_dump(&f.kv);
	CHECK_STR(post(&f, M, CC "&scope=read+admin"),
		"400 invalid_scope: The requested scope exceeds the scopes allowed for this client");
	CHECK_STR(post(&f, M, CC "&scope=%22x%22"), "400 invalid_scope: Invalid scope");
	CHECK_STR(post(&f, M, CC "&scope=read&scope=write"),
		"400 invalid_request: Request parameter \"scope\" must not be repeated");
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before);
	free(after);

	/* a client with no allowedScopes gets tokens without scope, and may ask for none */
	tfx_machine(&f, "clientE000000000", "client_secret_post", "[\"client_credentials\"]", NULL);
	char body[256];
	snprintf(body, sizeof body, CC "&client_id=clientE000000000&client_secret=" FX_SECRET_C);
	tresp r = tfx_post(&f, NULL, NULL, body, NULL);
	CHECK(r.status == 200 && r.json != NULL && strcmp(tfx_str(r.json, "scope"), "") == 0);
	tresp_free(&r);
	snprintf(body, sizeof body, CC "&client_id=clientE000000000&client_secret=" FX_SECRET_C "&scope=read");
	r = tfx_post(&f, NULL, NULL, body, NULL);
	CHECK_STR(tresp_err(&r), "400 invalid_scope: The requested scope exceeds the scopes allowed for this client");
	tresp_free(&r);

	/* a stored allowedScopes that is not an array of strings: the record is corrupt */
	tfx_machine(&f, "clientX000000000", "client_secret_basic", "[\"client_credentials\"]", "\"read\"");
	CHECK_STR(post(&f, "clientX000000000", CC), "500 server_error: Stored client is corrupt");
	tfx_free(&f);
}

OC_TEST(cc_refusals)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	tfx_machine(&f, "clientP000000000", "none", "[\"client_credentials\"]", "[\"read\"]");
	tfx_client(&f, "clientC000000000", "client_secret_basic", FX_SECRET_C, 1); /* code flow only */
	tfx_machine(&f, "clientL000000000", "client_secret_basic", "[\"authorization_code\",\"refresh_token\"]", "[\"read\"]");
	char *before = fake_kv_dump(&f.kv);

	/* a public client, whatever it is registered for */
	tresp r = tfx_post(&f, NULL, NULL, CC "&client_id=clientP000000000", NULL);
	CHECK_STR(tresp_err(&r), "400 unauthorized_client: Public clients cannot use the client_credentials grant");
	tresp_free(&r);
	/* confidential clients not registered for it */
	CHECK_STR(post(&f, "clientC000000000", CC), "400 unauthorized_client: The client is not registered for this grant type");
	CHECK_STR(post(&f, "clientL000000000", CC), "400 unauthorized_client: The client is not registered for this grant type");
	/* client authentication comes first */
	char *basic = tfx_basic(M, "wrong");
	r = tfx_post(&f, basic, NULL, CC, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_client: Client authentication failed: invalid client_secret");
	CHECK_STR(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"");
	tresp_free(&r);
	free(basic);
	r = tfx_post(&f, NULL, NULL, CC, NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_client: Client ID is required");
	tresp_free(&r);
	/* a resource indicator other than the configured resource (RFC 8707) */
	CHECK(strncmp(post(&f, M, CC "&resource=https%3A%2F%2Fevil.example%2F"), "400 invalid_target", 18) == 0);
	tresp ok = issue(&f, CC "&resource=https%3A%2F%2Fexample.com%2Fapi");
	CHECK(ok.status == 200);
	tresp_free(&ok);

	/* a client id that fits its record's key but not its machine grant's keys */
	char longid[451], rec[1024], ckey[512], hash[65], lbody[600];
	memset(longid, 'L', 450);
	longid[450] = 0;
	oc_token_client_secret_hash(hash, FX_SECRET_C, strlen(FX_SECRET_C));
	snprintf(rec, sizeof rec, "{\"clientId\":\"%s\",\"redirectUris\":[\"" FX_REDIRECT "\"],\"grantTypes\":"
		"[\"client_credentials\"],\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"client_secret_post\","
		"\"clientSecret\":\"%s\"}", longid, hash);
	snprintf(ckey, sizeof ckey, "client:%s", longid);
	fake_kv_set(&f.kv, ckey, rec, NULL, 0);
	snprintf(lbody, sizeof lbody, CC "&client_id=%s&client_secret=" FX_SECRET_C, longid);
	char *b2 = fake_kv_dump(&f.kv);
	r = tfx_post(&f, NULL, NULL, lbody, NULL);
	CHECK_STR(tresp_err(&r), "400 unauthorized_client: The client id is too long for the client_credentials grant");
	tresp_free(&r);
	char *a2 = fake_kv_dump(&f.kv);
	CHECK_STR(b2, a2);
	CHECK(f.kv.too_long == 0);
	free(b2);
	free(a2);
	fake_kv_set(&f.kv, ckey, rec, NULL, FX_NOW + 1); /* gone again before the comparison below */

	/* nothing of the refusals was written (the one success above wrote a grant and a token) */
	f.kv.now = FX_NOW + 100000;
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before);
	free(after);
	tfx_free(&f);
}

OC_TEST(cc_callback_props)
{
	tfx f;
	setup(&f, ON ",\"enabledOptions\":[\"clientCredentialsCallback\"]");
	REQUIRE(f.cfg != NULL);

	f.kv.callback_answer = "{\"props\":{\"role\":\"bot\",\"n\":1}}";
	f.kv.callback_status = OC_FXR_OK;
	tresp r = issue(&f, CC "&scope=read");
	REQUIRE(r.status == 200 && r.json != NULL);
	CHECK(f.kv.callbacks == 1);
	CHECK(f.kv.callback_arg != NULL && strcmp(f.kv.callback_arg, "{\"clientId\":\"" M "\",\"scope\":[\"read\"]}") == 0);
	tresp a = api(&f, tfx_str(r.json, "access_token"));
	char *props = cJSON_PrintUnformatted(cJSON_GetObjectItem(a.out, "props"));
	CHECK_STR(props, "{\"role\":\"bot\",\"n\":1}");
	free(props);
	tresp_free(&a);
	tresp_free(&r);

	/* returned nothing, or an object without props: {} */
	static const char *const empty[] = { NULL, "{}", "{\"other\":1}" };
	for (size_t i = 0; i < 3; i++) {
		f.kv.callback_answer = empty[i];
		r = issue(&f, CC);
		REQUIRE(r.status == 200 && r.json != NULL);
		a = api(&f, tfx_str(r.json, "access_token"));
		props = cJSON_PrintUnformatted(cJSON_GetObjectItem(a.out, "props"));
		CHECK_STR(props, "{}");
		free(props);
		tresp_free(&a);
		tresp_free(&r);
	}

	/* threw, or answered what is not an object: 500, nothing written; refusals never call it */
	char *before = fake_kv_dump(&f.kv);
	static const struct { const char *answer; uint32_t status; } bad[] = {
		{ "", OC_FXR_FAILED }, { "null", OC_FXR_OK }, { "[1]", OC_FXR_OK }, { "\"x\"", OC_FXR_OK },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f.kv.callback_answer = bad[i].answer;
		f.kv.callback_status = bad[i].status;
		CHECK_STR(post(&f, M, CC), "500 server_error: clientCredentialsCallback failed");
	}
	unsigned calls = f.kv.callbacks;
	CHECK_STR(post(&f, M, CC "&scope=admin"),
		"400 invalid_scope: The requested scope exceeds the scopes allowed for this client");
	CHECK(f.kv.callbacks == calls);
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before);
	free(after);
	tfx_free(&f);
}

OC_TEST(cc_write_failures)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	/* effects: body, client, token put, grant put */
	for (unsigned n = 3; n <= 4; n++) {
		f.kv.fail_at = f.kv.performed + n;
		f.kv.fail_status = OC_FXR_RATE_LIMITED;
		char *basic = tfx_basic(M, FX_SECRET_C);
		tresp r = tfx_post(&f, basic, NULL, CC, NULL);
		CHECK_STR(tresp_err(&r), "429 temporarily_unavailable: Token issuance is temporarily unavailable; retry shortly");
		CHECK(tresp_header(&r, "Retry-After") != NULL);
		CHECK(r.json != NULL && tfx_str(r.json, "access_token") == NULL);
		tresp_free(&r);
		free(basic);
	}
	f.kv.fail_at = 0;
	CHECK(fake_kv_count(&f.kv, "grant:") == 0);
	tfx_free(&f);
}

OC_TEST(cc_grants_managed_by_helpers)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	tresp r1 = issue(&f, CC), r2 = issue(&f, CC "&scope=read");
	REQUIRE(r1.status == 200 && r2.status == 200);
	const char *t1 = tfx_str(r1.json, "access_token"), *t2 = tfx_str(r2.json, "access_token");
	char gid[17];
	memcpy(gid, t1 + 24, 16);
	gid[16] = 0;

	/* listUserGrants of client:M lists both */
	cJSON *out = tfx_helper(&f, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"client:" M "\"}");
	const cJSON *items = cJSON_GetObjectItem(value(out), "items");
	CHECK(cJSON_GetArraySize(items) == 2);
	CHECK_STR(tfx_str(cJSON_GetArrayItem(items, 0), "clientId"), M);
	cJSON_Delete(out);

	/* revokeGrant ends the first token, not the second */
	char args[256];
	snprintf(args, sizeof args, "{\"grantId\":\"%s\",\"userId\":\"client:" M "\"}", gid);
	out = tfx_helper(&f, OC_KIND_REVOKE_GRANT, args);
	CHECK(out != NULL && value(out) != NULL);
	cJSON_Delete(out);
	tresp a = api(&f, t1);
	CHECK(a.status == 401);
	tresp_free(&a);
	a = api(&f, t2);
	CHECK(a.status == 0);
	tresp_free(&a);

	/* deleteClient removes the client's grants and tokens */
	out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{\"clientId\":\"" M "\"}");
	CHECK(out != NULL && value(out) != NULL);
	cJSON_Delete(out);
	CHECK(fake_kv_count(&f.kv, "grant:client:" M ":") == 0 && fake_kv_count(&f.kv, "token:client:" M ":") == 0);
	a = api(&f, t2);
	CHECK(a.status == 401);
	tresp_free(&a);
	tresp_free(&r1);
	tresp_free(&r2);

	/* purgeExpiredData sweeps an expired one whose records outlived KV's expiry */
	tfx_free(&f);
	setup(&f, ON);
	tresp r = issue(&f, CC);
	REQUIRE(r.status == 200);
	for (size_t i = 0; i < f.kv.n; i++)
		f.kv.e[i].expiration = 0; /* as if KV had not expired them yet */
	f.kv.now = FX_NOW + 7200;
	out = tfx_helper(&f, OC_KIND_PURGE_EXPIRED_DATA, "{}");
	CHECK(out != NULL && value(out) != NULL && tfx_num(value(out), "grantsPurged") == 1);
	cJSON_Delete(out);
	CHECK(fake_kv_count(&f.kv, "grant:") == 0 && fake_kv_count(&f.kv, "token:") == 0);
	tresp_free(&r);
	tfx_free(&f);
}

/* "Error: description" of a helper's error answer, or "value". */
static const char *helper(tfx *f, int kind, const char *args, cJSON **out)
{
	static char buf[512];
	*out = tfx_helper(f, kind, args);
	if (value(*out) != NULL)
		return "value";
	snprintf(buf, sizeof buf, "%s", tfx_str(*out, "description") ? tfx_str(*out, "description") : "?");
	return buf;
}

OC_TEST(cc_client_helpers)
{
	static const char create[] = "{\"redirectUris\":[\"" FX_REDIRECT "\"],\"grantTypes\":[\"client_credentials\"],"
		"\"responseTypes\":[],\"allowedScopes\":[\"read\"]}";
	tfx f;
	cJSON *out;

	/* off: client_credentials is no supported grant type for createClient */
	setup(&f, "");
	CHECK_STR(helper(&f, OC_KIND_CREATE_CLIENT, create, &out), "Unsupported grant_type: client_credentials");
	cJSON_Delete(out);
	tfx_free(&f);

	setup(&f, ON ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	CHECK_STR(helper(&f, OC_KIND_CREATE_CLIENT, create, &out), "value");
	const cJSON *v = value(out);
	char *scopes = cJSON_PrintUnformatted(cJSON_GetObjectItem(v, "allowedScopes"));
	CHECK_STR(scopes, "[\"read\"]");
	free(scopes);
	/* the new client gets tokens with it, read back from its stored record */
	char body[256];
	snprintf(body, sizeof body, CC "&client_id=%s&client_secret=%s", tfx_str(v, "clientId"), tfx_str(v, "clientSecret"));
	tresp r = tfx_post(&f, NULL, NULL, body, NULL);
	CHECK(r.status == 200 && r.json != NULL && strcmp(tfx_str(r.json, "scope"), "read") == 0);
	tresp_free(&r);
	/* lookupClient shows allowedScopes */
	char args[256];
	snprintf(args, sizeof args, "{\"clientId\":\"%s\"}", tfx_str(v, "clientId"));
	cJSON *look = tfx_helper(&f, OC_KIND_LOOKUP_CLIENT, args);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(value(look), "allowedScopes")) == 1);
	cJSON_Delete(look);
	cJSON_Delete(out);

	/* allowedScopes must be scope tokens, for createClient and updateClient */
	static const char *const bad[] = { "\"read\"", "[1]", "[\"a b\"]", "[\"\"]", "{}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char a[512];
		snprintf(a, sizeof a, "{\"redirectUris\":[\"" FX_REDIRECT "\"],\"allowedScopes\":%s}", bad[i]);
		CHECK_STR(helper(&f, OC_KIND_CREATE_CLIENT, a, &out), "allowedScopes must be an array of scope tokens");
		cJSON_Delete(out);
		snprintf(a, sizeof a, "{\"clientId\":\"" M "\",\"updates\":{\"allowedScopes\":%s}}", bad[i]);
		CHECK_STR(helper(&f, OC_KIND_UPDATE_CLIENT, a, &out), "allowedScopes must be an array of scope tokens");
		cJSON_Delete(out);
	}

	/* updateClient promotes a code-flow client to a machine client */
	tfx_client(&f, "clientC000000000", "client_secret_basic", FX_SECRET_C, 1);
	CHECK_STR(post(&f, "clientC000000000", CC), "400 unauthorized_client: The client is not registered for this grant type");
	CHECK_STR(helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientC000000000\",\"updates\":"
		"{\"grantTypes\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"],\"allowedScopes\":[\"write\"]}}", &out), "value");
	cJSON_Delete(out);
	CHECK_STR(post(&f, "clientC000000000", CC), "200");
	CHECK_STR(post(&f, "clientC000000000", CC "&scope=read"),
		"400 invalid_scope: The requested scope exceeds the scopes allowed for this client");

	/* dynamic registration never makes a machine client: the grant type is refused, scope ignored */
	r = tfx_request(&f, "POST", "https://example.com/register", NULL, "application/json",
		"{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"grant_types\":[\"client_credentials\"],\"scope\":\"read\"}", NULL);
	CHECK_STR(tresp_err(&r), "400 invalid_client_metadata: Unsupported grant_type: client_credentials");
	tresp_free(&r);
	r = tfx_request(&f, "POST", "https://example.com/register", NULL, "application/json",
		"{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"scope\":\"read\"}", NULL);
	CHECK(r.status == 201 && r.json != NULL && cJSON_GetObjectItem(r.json, "scope") == NULL);
	const char *id = tfx_str(r.json, "client_id");
	char ckey[64];
	snprintf(ckey, sizeof ckey, "client:%s", id ? id : "");
	const fake_kv_entry *e = fake_kv_find(&f.kv, ckey);
	CHECK(e != NULL && strstr(e->val, "allowedScopes") == NULL);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(cc_revocation_rfc7009)
{
	tfx f;
	setup(&f, ON);
	REQUIRE(f.cfg != NULL);
	tfx_machine(&f, "clientO000000000", "client_secret_basic", "[\"client_credentials\"]", "[\"read\"]");
	tresp r = issue(&f, CC);
	REQUIRE(r.status == 200 && r.json != NULL);
	char *tok = tfx_dup(tfx_str(r.json, "access_token")), *et = tfx_enc(tok), body[512];
	tresp_free(&r);
	snprintf(body, sizeof body, "token=%s", et);

	/* another client presenting it: 200, nothing revoked (RFC 7009 §2.1) */
	char *before = fake_kv_dump(&f.kv);
	CHECK_STR(post(&f, "clientO000000000", body), "200");
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	tresp a = api(&f, tok);
	CHECK(a.status == 0);
	tresp_free(&a);

	/* its own client: the access token is gone */
	CHECK_STR(post(&f, M, body), "200");
	a = api(&f, tok);
	CHECK(a.status == 401);
	tresp_free(&a);
	CHECK(fake_kv_count(&f.kv, "token:client:" M ":") == 0);
	free(before);
	free(after);
	tfx_free(&f);

	/* with the grant off, such a token is not looked up (the reference's split: nothing read) */
	setup(&f, "");
	unsigned n = f.kv.performed;
	CHECK_STR(post(&f, M, body), "200");
	CHECK(f.kv.performed - n == 2); /* the body and the client record */
	free(tok);
	free(et);
	tfx_free(&f);
}

/* An OAuthAuthorizationServer with several resources: the one asked for, else defaultResource, else invalid_target. */
static void several(tfx *f, const char *extra)
{
	char json[512];
	const char *err = NULL;
	oc_config_free(f->cfg);
	snprintf(json, sizeof json, "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"tokenEndpoint\":\"/token\","
		"\"resources\":[\"https://example.com/mcp\",\"https://example.com/drive\"]" ON "%s}", extra);
	f->cfg = oc_config_new(json, strlen(json), &err);
}

OC_TEST(cc_several_resources)
{
	tfx f;
	setup(&f, ON);
	several(&f, "");
	REQUIRE(f.cfg != NULL);
	CHECK_STR(post(&f, M, CC), "400 invalid_target: The resource parameter is required when the authorization server has multiple resources");
	CHECK_STR(post(&f, M, CC "&resource=https%3A%2F%2Fexample.com%2Fother"),
		"400 invalid_target: The resource parameter must name exactly one configured protected resource");
	tresp r = issue(&f, CC "&resource=HTTPS%3A%2F%2Fexample.com%2Fdrive");
	REQUIRE(r.status == 200 && r.json != NULL);
	CHECK_STR(tfx_str(r.json, "resource"), "https://example.com/drive");
	const char *tok = tfx_str(r.json, "access_token");
	REQUIRE(tok != NULL);
	char gkey[128];
	snprintf(gkey, sizeof gkey, "grant:client:" M ":%.16s", tok + 24);
	cJSON *g = tfx_record(&f, gkey);
	CHECK(g != NULL && strcmp(tfx_str(g, "resource"), "https://example.com/drive") == 0);
	cJSON_Delete(g);
	tresp_free(&r);
	several(&f, ",\"defaultResource\":\"https://example.com/mcp\"");
	REQUIRE(f.cfg != NULL);
	r = issue(&f, CC);
	CHECK(r.status == 200 && r.json != NULL && strcmp(tfx_str(r.json, "resource"), "https://example.com/mcp") == 0);
	tresp_free(&r);
	tfx_free(&f);
}
