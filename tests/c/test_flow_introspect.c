/*
 * Token introspection (ours, RFC 7662; oc_flow_introspect.c): the caller
 * authenticates as a confidential client; a live access token of its own
 * (or any, for a client listed in introspectionClients) is described, and
 * anything else is {"active":false} and nothing more. Also the options
 * (introspectionEndpoint, introspectionClients, allowClientCredentialsGrant)
 * and what RFC 8414 metadata advertises for them.
 */
#include "oc_test.h"
#include "token_flow.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define M "clientM000000000"   /* machine client */
#define R "clientR000000000"   /* a resource server: introspectionClients */
#define URL "https://example.com/introspect"
#define OPTS ",\"allowClientCredentialsGrant\":true,\"introspectionEndpoint\":\"/introspect\"," \
	"\"introspectionClients\":[\"" R "\"]"
#define INACTIVE "{\"active\":false}"

static void setup(tfx *f, const char *extra)
{
	tfx_setup(f, extra);
	tfx_machine(f, M, "client_secret_basic", "[\"client_credentials\"]", "[\"read\",\"write\"]");
	tfx_machine(f, R, "client_secret_basic", "[\"client_credentials\"]", NULL);
}

/* POSTs body to the introspection endpoint as id (Basic with FX_SECRET_C; id NULL: no header). */
static tresp introspect(tfx *f, const char *id, const char *body)
{
	char *basic = id ? tfx_basic(id, FX_SECRET_C) : NULL;
	tresp r = tfx_request(f, "POST", URL, basic, "application/x-www-form-urlencoded", body, NULL);
	free(basic);
	return r;
}

/* The answer's body for token tok, introspected by id: malloc'd ("status body" unless 200). */
static char *ask(tfx *f, const char *id, const char *tok)
{
	char *et = tfx_enc(tok), *body = malloc(strlen(et) + 16), *out;
	sprintf(body, "token=%s", et);
	tresp r = introspect(f, id, body);
	out = malloc(strlen(r.body ? r.body : "") + 32);
	if (r.status == 200)
		strcpy(out, r.body ? r.body : "");
	else
		sprintf(out, "%d %s", r.status, r.body ? r.body : "");
	tresp_free(&r);
	free(et);
	free(body);
	return out;
}

#define CHECK_ASK(f, id, tok, want) do { char *got_ = ask(f, id, tok); CHECK_STR(got_, want); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); free(got_); } while (0)

/* M's client_credentials access token (malloc'd). */
static char *machine_token(tfx *f)
{
	char *basic = tfx_basic(M, FX_SECRET_C);
	tresp r = tfx_post(f, basic, NULL, "grant_type=client_credentials", NULL);
	char *t = tfx_dup(tresp_str(&r, "access_token"));
	tresp_free(&r);
	free(basic);
	return t;
}

OC_TEST(introspect_active_token)
{
	tfx f;
	setup(&f, OPTS);
	REQUIRE(f.cfg != NULL);
	char *tok = machine_token(&f);
	REQUIRE(tok != NULL);
	char want[512];
	snprintf(want, sizeof want, "{\"active\":true,\"scope\":\"read write\",\"client_id\":\"" M "\","
		"\"sub\":\"client:" M "\",\"exp\":%lld,\"iat\":%lld,\"aud\":\"" FX_RESOURCE "\",\"token_type\":\"bearer\"}",
		(long long)(FX_NOW + 3600), (long long)FX_NOW);
	CHECK_ASK(&f, M, tok, want);
	/* a resource server may introspect any client's tokens */
	CHECK_ASK(&f, R, tok, want);

	/* headers; token_type_hint is ignored, whatever it says */
	char *et = tfx_enc(tok), body[512];
	snprintf(body, sizeof body, "token=%s&token_type_hint=refresh_token", et);
	tresp r = introspect(&f, M, body);
	CHECK(r.status == 200 && r.body != NULL && strcmp(r.body, want) == 0);
	CHECK_STR(tresp_header(&r, "Cache-Control"), "no-store");
	CHECK_STR(tresp_header(&r, "Content-Type"), "application/json");
	tresp_free(&r);
	/* client_secret_post authenticates too */
	snprintf(body, sizeof body, "token=%s&client_id=" M "&client_secret=" FX_SECRET_C, et);
	r = tfx_request(&f, "POST", URL, NULL, "application/x-www-form-urlencoded", body, NULL);
	CHECK(r.status == 200 && r.body != NULL && strcmp(r.body, want) == 0);
	tresp_free(&r);

	/* a user's access token, introspected by its client C (secret_basic with FX_SECRET_C) */
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *basic = tfx_basic(C, FX_SECRET_C);
	tresp x = tfx_exchange(&f, basic, code, "&scope=read");
	const char *at = tresp_str(&x, "access_token"), *rt = tresp_str(&x, "refresh_token");
	REQUIRE(at != NULL && rt != NULL);
	snprintf(want, sizeof want, "{\"active\":true,\"scope\":\"read\",\"client_id\":\"" C "\","
		"\"sub\":\"user1\",\"exp\":%lld,\"iat\":%lld,\"aud\":\"" FX_RESOURCE "\",\"token_type\":\"bearer\"}",
		(long long)(FX_NOW + 3600), (long long)FX_NOW);
	CHECK_ASK(&f, C, at, want);
	/* a refresh token, or a code, is no access token: inactive (no API route accepts it) */
	CHECK_ASK(&f, C, rt, INACTIVE);
	CHECK_ASK(&f, C, code, INACTIVE);
	/* another client's token: inactive, as if unknown */
	CHECK_ASK(&f, M, at, INACTIVE);
	CHECK_ASK(&f, C, tok, INACTIVE);
	CHECK_ASK(&f, R, at, want);

	/* a record without grant.clientId belongs to its grant's client */
	char *tkey = tfx_token_key(at);
	REQUIRE(tfx_edit_record(&f, tkey, "grant.clientId", NULL) == 0);
	CHECK_ASK(&f, C, at, want);
	CHECK_ASK(&f, M, at, INACTIVE);
	free(tkey);

	tresp_free(&x);
	free(basic);
	free(code);
	free(et);
	free(tok);
	tfx_free(&f);
}

OC_TEST(introspect_inactive)
{
	tfx f;
	setup(&f, OPTS);
	REQUIRE(f.cfg != NULL);
	char *tok = machine_token(&f);
	REQUIRE(tok != NULL);

	/* unknown, malformed */
	CHECK_ASK(&f, M, "client:" M ":AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", INACTIVE);
	CHECK_ASK(&f, M, "abc", INACTIVE);
	CHECK_ASK(&f, M, "a:b:c", INACTIVE);
	/* the right record with another secret: its id differs, so no record */
	char *bad = tfx_dup(tok);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	CHECK_ASK(&f, M, bad, INACTIVE);
	free(bad);

	/* a record whose key does not unwrap with the token (tampered) */
	char key[256], gid[17];
	memcpy(gid, tok + 24, 16);
	gid[16] = 0;
	char id[65];
	oc_token_id(id, tok, strlen(tok));
	snprintf(key, sizeof key, "token:client:" M ":%s:%s", gid, id);
	cJSON *rec = tfx_record(&f, key);
	REQUIRE(rec != NULL);
	char *wrapped = tfx_dup(tfx_str(rec, "wrappedEncryptionKey"));
	REQUIRE(tfx_edit_record(&f, key, "wrappedEncryptionKey",
		cJSON_CreateString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) == 0);
	CHECK_ASK(&f, M, tok, INACTIVE);
	REQUIRE(tfx_edit_record(&f, key, "wrappedEncryptionKey", cJSON_CreateString(wrapped)) == 0);
	char *again = ask(&f, M, tok); /* restored: live again */
	CHECK(strncmp(again, "{\"active\":true", 14) == 0);
	free(again);
	/* 1.x: a record bound to another resource */
	REQUIRE(tfx_edit_record(&f, key, "audience", cJSON_CreateString("https://other.example/api")) == 0);
	CHECK_ASK(&f, M, tok, INACTIVE);
	REQUIRE(tfx_edit_record(&f, key, "audience", cJSON_CreateString(FX_RESOURCE)) == 0);
	cJSON_Delete(rec);
	free(wrapped);

	/* live up to and at its expiry, inactive after it */
	f.kv.now = FX_NOW + 3600;
	for (size_t i = 0; i < f.kv.n; i++)
		f.kv.e[i].expiration = 0; /* KV would have expired it; the record's own expiry decides */
	char *got = ask(&f, M, tok);
	CHECK(strncmp(got, "{\"active\":true", 14) == 0);
	free(got);
	f.kv.now = FX_NOW + 3601;
	CHECK_ASK(&f, M, tok, INACTIVE);
	f.kv.now = FX_NOW;

	/* revoked: revokeGrant on client:M's grant */
	char args[256];
	snprintf(args, sizeof args, "{\"grantId\":\"%s\",\"userId\":\"client:" M "\"}", gid);
	cJSON *out = tfx_helper(&f, OC_KIND_REVOKE_GRANT, args);
	CHECK(out != NULL);
	cJSON_Delete(out);
	CHECK_ASK(&f, M, tok, INACTIVE);
	free(tok);
	tfx_free(&f);
}

OC_TEST(introspect_refusals)
{
	tfx f;
	setup(&f, OPTS);
	REQUIRE(f.cfg != NULL);
	char *tok = machine_token(&f), *et = tfx_enc(tok), body[512];
	snprintf(body, sizeof body, "token=%s", et);

	/* unauthenticated: 401 invalid_client with a Basic challenge, nothing about the token */
	static const struct { const char *auth, *extra, *want; } cases[] = {
		{ NULL, "", "401 invalid_client: Client ID is required" },
		{ "wrong", "", "401 invalid_client: Client authentication failed: invalid client_secret" },
		{ NULL, "&client_id=" P, "401 invalid_client: Client authentication is required for token introspection" },
		{ NULL, "&client_id=clientZ000000000&client_secret=x", "401 invalid_client: Client not found" },
		{ NULL, "&client_id=" M, "401 invalid_client: Client authentication failed" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char b[600], *basic = cases[i].auth ? tfx_basic(M, cases[i].auth) : NULL;
		snprintf(b, sizeof b, "%s%s", body, cases[i].extra);
		tresp r = tfx_request(&f, "POST", URL, basic, "application/x-www-form-urlencoded", b, NULL);
		const char *got = tresp_err(&r);
		CHECK(strncmp(got, cases[i].want, strlen(cases[i].want)) == 0);
		if (strncmp(got, cases[i].want, strlen(cases[i].want)) != 0)
			fprintf(stderr, "  got  %s\n  want %s\n", got, cases[i].want);
		CHECK_STR(tresp_header(&r, "WWW-Authenticate"), "Basic realm=\"OAuth\"");
		CHECK(r.json != NULL && cJSON_GetObjectItem(r.json, "active") == NULL);
		tresp_free(&r);
		free(basic);
	}

	/* the request itself */
	tresp r = introspect(&f, M, "");
	CHECK_STR(tresp_err(&r), "400 invalid_request: token is required");
	tresp_free(&r);
	r = introspect(&f, M, "token=");
	CHECK_STR(tresp_err(&r), "400 invalid_request: token is required");
	tresp_free(&r);
	char twice[600];
	snprintf(twice, sizeof twice, "%s&token=x", body);
	r = introspect(&f, M, twice);
	CHECK_STR(tresp_err(&r), "400 invalid_request: Request parameter \"token\" must not be repeated");
	tresp_free(&r);
	char *basic = tfx_basic(M, FX_SECRET_C);
	r = tfx_request(&f, "POST", URL, basic, "application/json", "{}", NULL);
	CHECK_STR(tresp_err(&r), "400 invalid_request: Content-Type must be application/x-www-form-urlencoded");
	tresp_free(&r);
	r = tfx_request(&f, "GET", URL, basic, NULL, NULL, NULL);
	CHECK(r.status == 405 && strcmp(tresp_header(&r, "Allow"), "POST") == 0);
	tresp_free(&r);

	/* a failed read of the token answers the storage error (effects: body, then client + token + grant) */
	f.kv.fail_at = f.kv.performed + 3;
	f.kv.fail_status = OC_FXR_FAILED;
	r = tfx_request(&f, "POST", URL, basic, "application/x-www-form-urlencoded", body, NULL);
	CHECK(r.status >= 500 && r.json != NULL && cJSON_GetObjectItem(r.json, "active") == NULL);
	tresp_free(&r);
	f.kv.fail_at = 0;

	free(basic);
	free(et);
	free(tok);
	tfx_free(&f);
}

OC_TEST(introspect_options_and_metadata)
{
	tfx f;
	/* off by default: the path is the default handler's, metadata says nothing of it */
	setup(&f, "");
	REQUIRE(f.cfg != NULL);
	tresp r = introspect(&f, M, "token=x");
	CHECK(r.status == 0 && strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "default") == 0);
	tresp_free(&r);
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	REQUIRE(r.json != NULL);
	CHECK(cJSON_GetObjectItem(r.json, "introspection_endpoint") == NULL);
	char *g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "grant_types_supported"));
	CHECK_STR(g, "[\"authorization_code\",\"refresh_token\"]");
	free(g);
	tresp_free(&r);
	tfx_free(&f);

	setup(&f, OPTS);
	REQUIRE(f.cfg != NULL);
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	REQUIRE(r.json != NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "introspection_endpoint")), URL);
	g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "introspection_endpoint_auth_methods_supported"));
	CHECK_STR(g, "[\"client_secret_basic\",\"client_secret_post\"]");
	free(g);
	g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "grant_types_supported"));
	CHECK_STR(g, "[\"authorization_code\",\"refresh_token\",\"client_credentials\"]");
	free(g);
	tresp_free(&r);
	tfx_free(&f);

	/* with the implicit flow too; a full-URL endpoint is advertised as given */
	setup(&f, ",\"allowImplicitFlow\":true,\"allowClientCredentialsGrant\":true,"
		"\"introspectionEndpoint\":\"https://auth.example.com/oauth/introspect\"");
	REQUIRE(f.cfg != NULL);
	r = tfx_request(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL);
	REQUIRE(r.json != NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "introspection_endpoint")),
		"https://auth.example.com/oauth/introspect");
	g = cJSON_PrintUnformatted(cJSON_GetObjectItem(r.json, "grant_types_supported"));
	CHECK_STR(g, "[\"authorization_code\",\"refresh_token\",\"client_credentials\",\"implicit\"]");
	free(g);
	tresp_free(&r);
	tfx_free(&f);

	/* refused options */
	static const struct { const char *extra, *err; } bad[] = {
		{ ",\"introspectionEndpoint\":\"introspect\"",
		  "introspectionEndpoint must be either an absolute path starting with / or a valid URL" },
		{ ",\"introspectionEndpoint\":5",
		  "introspectionEndpoint must be either an absolute path starting with / or a valid URL" },
		{ ",\"introspectionEndpoint\":\"/x#y\"", "introspectionEndpoint must not contain a fragment" },
		{ ",\"introspectionEndpoint\":\"/token\"",
		  "introspectionEndpoint must differ from tokenEndpoint, authorizeEndpoint and clientRegistrationEndpoint" },
		{ ",\"introspectionEndpoint\":\"/authorize?x=1\"",
		  "introspectionEndpoint must differ from tokenEndpoint, authorizeEndpoint and clientRegistrationEndpoint" },
		{ ",\"clientRegistrationEndpoint\":\"/register\",\"introspectionEndpoint\":\"https://example.com/register\"",
		  "introspectionEndpoint must differ from tokenEndpoint, authorizeEndpoint and clientRegistrationEndpoint" },
		{ ",\"introspectionClients\":\"" R "\"", "introspectionClients must be an array of client ids" },
		{ ",\"introspectionClients\":[1]", "introspectionClients must be an array of client ids" },
		{ ",\"introspectionClients\":[\"\"]", "introspectionClients must be an array of client ids" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char json[1024];
		const char *err = NULL;
		snprintf(json, sizeof json, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
			"\"authorizeEndpoint\":\"/authorize\",\"resourceMetadata\":{\"resource\":\"" FX_RESOURCE "\"}%s}", bad[i].extra);
		oc_config *c = oc_config_new(json, strlen(json), &err);
		CHECK(c == NULL && err != NULL && strcmp(err, bad[i].err) == 0);
		if (c == NULL && err != NULL && strcmp(err, bad[i].err) != 0)
			fprintf(stderr, "  got  %s\n  want %s\n", err, bad[i].err);
		oc_config_free(c);
	}
	/* the 0.10.x generation reads them too; null is undefined */
	const char *err = NULL;
	static const char legacy[] = "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"allowClientCredentialsGrant\":true,"
		"\"introspectionEndpoint\":\"/introspect\",\"introspectionClients\":null}";
	oc_config *c = oc_config_new(legacy, strlen(legacy), &err);
	REQUIRE(c != NULL);
	CHECK(c->allow_client_credentials && c->has_introspection_endpoint && c->nintrospection_clients == 0);
	oc_config_free(c);
}
