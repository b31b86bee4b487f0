/* completeAuthorization (src/helper/oc_helper_complete.c), natively against an in-memory KV. */
#include "token/oc_token.h"
#include <stdio.h>
#include "helper_fixture.h" /* last: it defines short macros (RU, CONF, G …) */

#define AREQ "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]," \
	"\"state\":\"st-123\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\"," \
	"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}"

static cJSON *complete(const oc_config *cfg, const char *request, const char *user, const char *rest)
{
	char args[4096];
	snprintf(args, sizeof args, "{\"request\":%s,\"userId\":\"%s\",\"metadata\":{\"label\":\"test\"},"
		"\"scope\":[\"read\",\"write\"],\"props\":{\"name\":\"alice\"}%s}", request, user, rest ? rest : "");
	return hfx_run(cfg, OC_KIND_COMPLETE_AUTHORIZATION, args);
}

/* The code in a redirect ("…?code=<form-encoded>&…"), decoded, into out. */
static int code_of(const char *to, char *out, size_t n)
{
	const char *p = strstr(to, "?code=");
	size_t o = 0;
	if (p == NULL)
		return -1;
	for (p += 6; *p && *p != '&' && o + 1 < n; p++) {
		if (*p == '%') { unsigned v; sscanf(p + 1, "%2x", &v); out[o++] = (char)v; p += 2; }
		else out[o++] = *p == '+' ? ' ' : *p;
	}
	out[o] = 0;
	return 0;
}

OC_TEST(helper_complete_authorization_writes_grant)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512], code[256];
	hfx_seed_clients();
	size_t before = hfx_nkv;
	cJSON *out = complete(&cfg, AREQ, "user1", NULL);
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	const char *to = hfx_jstr(v, "redirectTo");
	REQUIRE(to != NULL && code_of(to, code, sizeof code) == 0);
	/* code = user1:{grant 16}:{secret 32}; redirect = code, state, iss */
	REQUIRE(strlen(code) == 6 + 16 + 1 + 32 && strncmp(code, "user1:", 6) == 0 && code[22] == ':');
	char grant_id[17];
	memcpy(grant_id, code + 6, 16);
	grant_id[16] = 0;
	char want[512];
	snprintf(want, sizeof want, RU "?code=user1%%3A%s%%3A%s&state=st-123&iss=https%%3A%%2F%%2Fexample.com", grant_id, code + 23);
	CHECK_STR(to, want);
	/* effects: client read, grant write, list for revocation (nothing else to revoke) */
	REQUIRE(hfx_nlog == 3);
	CHECK(hfx_log[0].kind == OC_FX_KV_GET && strcmp(hfx_log[0].key, "client:" CONF) == 0);
	CHECK(hfx_log[1].kind == OC_FX_KV_PUT && hfx_log[1].ttl == 600 && hfx_log[1].expiration == 0);
	CHECK(hfx_log[2].kind == OC_FX_KV_LIST && strcmp(hfx_log[2].key, "grant:user1:") == 0);
	REQUIRE(hfx_nkv == before + 1);
	char key[64];
	snprintf(key, sizeof key, "grant:user1:%s", grant_id);
	hfx_entry *e = hfx_find(key);
	REQUIRE(e != NULL);
	CHECK_STR(e->meta, "{\"clientId\":\"" CONF "\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\"}");
	cJSON *rec = cJSON_Parse(e->val);
	REQUIRE(rec != NULL);
	CHECK_STR(hfx_members(rec, buf, sizeof buf), "id,clientId,userId,scope,metadata,encryptedProps,createdAt,authCodeId,"
		"authCodeWrappedKey,codeChallenge,codeChallengeMethod,resource,redirectUri");
	CHECK_STR(hfx_jstr(rec, "id"), grant_id);
	CHECK_STR(hfx_jstr(rec, "clientId"), CONF);
	CHECK_STR(hfx_jstr(rec, "userId"), "user1");
	CHECK_STR(hfx_print(cJSON_GetObjectItem(rec, "scope")), "[\"read\",\"write\"]");
	CHECK_STR(hfx_print(cJSON_GetObjectItem(rec, "metadata")), "{\"label\":\"test\"}");
	CHECK(cJSON_GetObjectItem(rec, "createdAt")->valuedouble == NOW);
	char id[65];
	oc_token_id(id, code, strlen(code));
	CHECK_STR(hfx_jstr(rec, "authCodeId"), id);
	CHECK_STR(hfx_jstr(rec, "codeChallenge"), CH);
	CHECK_STR(hfx_jstr(rec, "codeChallengeMethod"), "S256");
	CHECK_STR(hfx_jstr(rec, "resource"), "https://example.com/api");
	CHECK_STR(hfx_jstr(rec, "redirectUri"), RU);
	/* the props open with the key unwrapped under the code */
	uint8_t k[32];
	const char *wk = hfx_jstr(rec, "authCodeWrappedKey");
	REQUIRE(wk && strlen(wk) == 56);
	REQUIRE(oc_token_unwrap(k, code, strlen(code), wk, 56).code == OC_OK);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	const char *ep = hfx_jstr(rec, "encryptedProps");
	REQUIRE(oc_token_props_decrypt(a, k, ep, strlen(ep), &props, &plen).code == OC_OK);
	CHECK_STR(props, "{\"name\":\"alice\"}");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* user ids are form-encoded in the code; no issuer, no state: neither parameter */
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[],\"state\":\"\"}",
		"\xc3\xbc s/%", ",\"revokeExistingGrants\":false");
	REQUIRE(hfx_value(out) != NULL);
	to = hfx_jstr(hfx_value(out), "redirectTo");
	CHECK(strncmp(to, RU "?code=%C3%BC+s%2F%25%3A", strlen(RU "?code=%C3%BC+s%2F%25%3A")) == 0);
	CHECK(strstr(to, "&state=") == NULL && strstr(to, "&iss=") == NULL);
	cJSON_Delete(out);

	/* a challenge without method (plain allowed): the grant stores no method, as 0.10.4 */
	cfg.allow_plain_pkce = 1;
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"codeChallenge\":\"abc\"}",
		"nm", NULL);
	REQUIRE(hfx_value(out) != NULL);
	rec = NULL;
	for (size_t i = 0; i < hfx_nkv; i++)
		if (strncmp(hfx_kv[i].key, "grant:nm:", 9) == 0)
			rec = cJSON_Parse(hfx_kv[i].val);
	CHECK(rec && hfx_jstr(rec, "codeChallenge") && strcmp(hfx_jstr(rec, "codeChallenge"), "abc") == 0
		&& cJSON_GetObjectItem(rec, "codeChallengeMethod") == NULL);
	cJSON_Delete(rec);
	cJSON_Delete(out);
	hfx_reset();
}

OC_TEST(helper_complete_authorization_errors)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	cJSON *out;
	static const char *const users[] = { "a:b", "" };
	for (size_t i = 0; i < 2; i++) {
		out = complete(&cfg, AREQ, users[i], NULL);
		CHECK(hfx_is_error(out, "invalid_request", "userId must be a non-empty string without \":\"", "TypeError"));
		cJSON_Delete(out);
	}
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"}", "u", NULL);
	CHECK(hfx_is_error(out, "unsupported_response_type", "The authorization server does not support response_type token", "AuthorizationError"));
	CHECK(out && !cJSON_GetObjectItem(out, "redirectTo"));
	cJSON_Delete(out);
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://evil.example/api\"}", "u", NULL);
	CHECK(hfx_is_error(out, "invalid_target", "The resource parameter must name exactly one configured protected resource", "AuthorizationError"));
	cJSON_Delete(out);
	static const char *const reqs[] = {
		"{\"responseType\":\"code\",\"clientId\":\"nope\",\"redirectUri\":\"" RU "\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"https://evil.example/\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?a=1\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://127.0.0.1:9/other\"}",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		out = complete(&cfg, reqs[i], "u", NULL);
		CHECK(hfx_is_error(out, "invalid_request", "Invalid redirect URI. The redirect URI provided does not match any "
			"registered URI for this client.", "Error"));
		cJSON_Delete(out);
	}
	/* registered, but no code may go there (R-CA-05): remote http, a private-use scheme not allowed,
	 * a fragment or userinfo on a registered loopback URI (the loopback comparison ignores them) */
	static const char *const unusable[] = {
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://evil.example/cb\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"com.example.app:/cb\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://127.0.0.1:9/cb#\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://u@127.0.0.1:9/cb\"}",
	};
	for (size_t i = 0; i < sizeof unusable / sizeof unusable[0]; i++) {
		out = complete(&cfg, unusable[i], "u", NULL);
		CHECK(hfx_is_error(out, "invalid_request", "Invalid redirect URI", "AuthorizationError"));
		cJSON_Delete(out);
	}
	CHECK(hfx_nkv == 2); /* nothing written */
	/* a failed grant write: no revocation, an error */
	hfx_fail_puts = OC_FXR_FAILED;
	out = complete(&cfg, AREQ, "u", NULL);
	CHECK(hfx_is_error(out, "server_error", "Storage operation failed", NULL));
	CHECK(hfx_log[hfx_nlog - 1].kind == OC_FX_KV_PUT);
	cJSON_Delete(out);
	hfx_fail_puts = 0;
	hfx_reset();
}

/* The value of param (e.g. "#access_token=") in a redirect, form-decoded, into out. */
static int param_of(const char *to, const char *param, char *out, size_t n)
{
	const char *p = strstr(to, param);
	size_t o = 0;
	if (p == NULL)
		return -1;
	for (p += strlen(param); *p && *p != '&' && o + 1 < n; p++) {
		if (*p == '%') { unsigned v; sscanf(p + 1, "%2x", &v); out[o++] = (char)v; p += 2; }
		else out[o++] = *p == '+' ? ' ' : *p;
	}
	out[o] = 0;
	return 0;
}

#define IREQ "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]," \
	"\"state\":\"a b&c\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\"," \
	"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}"

OC_TEST(helper_complete_authorization_implicit)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512], tok[256], want[512], key[160], id[65];
	cfg.allow_implicit_flow = 1;
	hfx_seed_clients();
	/* a client registered for the implicit grant */
	hfx_put("client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "\"],\"responseTypes\":[\"code\",\"token\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL);
	hfx_put("grant:user1:OLDGRANT00000001", G("OLDGRANT00000001", CONF, ""), M(CONF, ""));
	size_t before = hfx_nkv;
	cJSON *out = complete(&cfg, IREQ, "user1", NULL);
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	const char *to = hfx_jstr(v, "redirectTo");
	REQUIRE(to != NULL && param_of(to, "#access_token=", tok, sizeof tok) == 0);
	REQUIRE(strlen(tok) == 6 + 16 + 1 + 32 && strncmp(tok, "user1:", 6) == 0 && tok[22] == ':');
	char grant_id[17];
	memcpy(grant_id, tok + 6, 16);
	grant_id[16] = 0;
	/* fragment: access_token, token_type, expires_in, scope, state, iss (form-encoded, as 0.10.4) */
	snprintf(want, sizeof want, RU "#access_token=user1%%3A%s%%3A%s&token_type=bearer&expires_in=3600&scope=read+write"
		"&state=a+b%%26c&iss=https%%3A%%2F%%2Fexample.com", grant_id, tok + 23);
	CHECK_STR(to, want);
	/* effects: client read; grant and access token written together; list; the old grant revoked */
	REQUIRE(hfx_nlog >= 5);
	CHECK(hfx_log[0].kind == OC_FX_KV_GET);
	CHECK(hfx_log[1].kind == OC_FX_KV_PUT && hfx_log[1].ttl == 0 && hfx_log[1].expiration == NOW + 3600);
	CHECK(hfx_log[2].kind == OC_FX_KV_PUT && hfx_log[2].ttl == 0 && hfx_log[2].expiration == NOW + 3600);
	CHECK(hfx_log[3].kind == OC_FX_KV_LIST);
	CHECK(hfx_find("grant:user1:OLDGRANT00000001") == NULL);
	CHECK(hfx_nkv == before + 1);
	/* the grant: no code, PKCE or refresh fields; 1.x key metadata */
	snprintf(key, sizeof key, "grant:user1:%s", grant_id);
	hfx_entry *e = hfx_find(key);
	REQUIRE(e != NULL);
	CHECK_STR(e->meta, "{\"clientId\":\"" CONF "\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\"}");
	cJSON *rec = cJSON_Parse(e->val);
	REQUIRE(rec != NULL);
	CHECK_STR(hfx_members(rec, buf, sizeof buf), "id,clientId,userId,scope,metadata,encryptedProps,createdAt,resource,redirectUri");
	const char *ep = hfx_jstr(rec, "encryptedProps");
	REQUIRE(ep != NULL);
	/* the access token record, as the token endpoint writes it */
	oc_token_id(id, tok, strlen(tok));
	snprintf(key, sizeof key, "token:user1:%s:%s", grant_id, id);
	hfx_entry *te = hfx_find(key);
	REQUIRE(te != NULL);
	CHECK(te->meta == NULL && te->expiration == NOW + 3600);
	cJSON *trec = cJSON_Parse(te->val);
	REQUIRE(trec != NULL);
	CHECK_STR(hfx_members(trec, buf, sizeof buf), "id,grantId,userId,createdAt,expiresAt,audience,scope,wrappedEncryptionKey,grant");
	CHECK_STR(hfx_jstr(trec, "id"), id);
	CHECK_STR(hfx_jstr(trec, "grantId"), grant_id);
	CHECK_STR(hfx_jstr(trec, "audience"), "https://example.com/api");
	CHECK(cJSON_GetObjectItem(trec, "expiresAt")->valuedouble == NOW + 3600);
	CHECK_STR(hfx_print(cJSON_GetObjectItem(trec, "scope")), "[\"read\",\"write\"]");
	const cJSON *tg = cJSON_GetObjectItem(trec, "grant");
	CHECK_STR(hfx_members(tg, buf, sizeof buf), "clientId,scope,encryptedProps");
	CHECK_STR(hfx_jstr(tg, "encryptedProps"), ep);
	/* the props open with the key unwrapped under the access token */
	uint8_t k[32];
	const char *wk = hfx_jstr(trec, "wrappedEncryptionKey");
	REQUIRE(wk && strlen(wk) == 56);
	REQUIRE(oc_token_unwrap(k, tok, strlen(tok), wk, 56).code == OC_OK);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	REQUIRE(oc_token_props_decrypt(a, k, ep, strlen(ep), &props, &plen).code == OC_OK);
	CHECK_STR(props, "{\"name\":\"alice\"}");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	cJSON_Delete(trec);
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* 0.x: no KV expiration or metadata on the grant, no audience; empty scope kept, empty state left out */
	cfg.profile = &oc_profile_0_10;
	cfg.resource = NULL;
	cfg.access_token_ttl = 120;
	hfx_reset();
	hfx_seed_clients();
	hfx_put("client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "?x=1\"],\"responseTypes\":[\"token\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL);
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\",\"state\":\"\"}",
		"u", NULL);
	v = hfx_value(out);
	REQUIRE(v != NULL);
	to = hfx_jstr(v, "redirectTo");
	REQUIRE(to != NULL && param_of(to, "#access_token=", tok, sizeof tok) == 0);
	CHECK(strncmp(to, RU "?x=1#access_token=u%3A", strlen(RU "?x=1#access_token=u%3A")) == 0);
	CHECK(strstr(to, "&token_type=bearer&expires_in=120&scope=read+write") != NULL);
	CHECK(strstr(to, "state=") == NULL && strstr(to, "iss=") == NULL);
	REQUIRE(hfx_nlog >= 3);
	CHECK(hfx_log[1].kind == OC_FX_KV_PUT && hfx_log[1].ttl == 0 && hfx_log[1].expiration == 0 && hfx_log[1].meta == NULL);
	CHECK(hfx_log[2].kind == OC_FX_KV_PUT && hfx_log[2].expiration == NOW + 120);
	trec = cJSON_Parse(hfx_log[2].val);
	REQUIRE(trec != NULL);
	CHECK_STR(hfx_members(trec, buf, sizeof buf), "id,grantId,userId,createdAt,expiresAt,scope,wrappedEncryptionKey,grant");
	cJSON_Delete(trec);
	cJSON_Delete(out);
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\",\"state\":\"\"}",
		"u", ",\"scope\":[]");
	REQUIRE(hfx_value(out) != NULL);
	CHECK(strstr(hfx_jstr(hfx_value(out), "redirectTo"), "&expires_in=120&scope=") != NULL);
	cJSON_Delete(out);

	/* a failed write: an error, nothing revoked */
	hfx_fail_puts = OC_FXR_FAILED;
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\"}", "u", NULL);
	CHECK(hfx_is_error(out, "server_error", "Storage operation failed", NULL));
	CHECK(hfx_log[hfx_nlog - 1].kind == OC_FX_KV_PUT);
	cJSON_Delete(out);
	hfx_fail_puts = 0;
	/* without allowImplicitFlow: unsupported */
	cfg.allow_implicit_flow = 0;
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\"}", "u", NULL);
	CHECK(hfx_is_error(out, "unsupported_response_type", "The authorization server does not support response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	hfx_reset();
}

OC_TEST(helper_complete_authorization_revokes_existing)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	/* the reference's observed rule: same client, and same resource or none; metadata is trusted */
	hfx_put("grant:u:LEGACYNOMETA0001", G("LEGACYNOMETA0001", CONF, ""), NULL);
	hfx_put("grant:u:LEGACYNORES00002", G("LEGACYNORES00002", CONF, ""), M(CONF, ""));
	hfx_put("grant:u:OTHERRES00000003", G("OTHERRES00000003", CONF, ",\"resource\":\"https://example.com/other\""),
		M(CONF, ",\"resource\":\"https://example.com/other\""));
	hfx_put("grant:u:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	hfx_put("grant:u:OTHERREDIR000005", G("OTHERREDIR000005", CONF, ",\"resource\":\"https://example.com/api\",\"redirectUri\":\"https://z/\""),
		M(CONF, ",\"resource\":\"https://example.com/api\",\"redirectUri\":\"https://z/\""));
	hfx_put("grant:u:OTHERCLIENT00006", G("OTHERCLIENT00006", "zzz", ",\"resource\":\"https://example.com/api\""),
		M("zzz", ",\"resource\":\"https://example.com/api\""));
	hfx_put("grant:u:LEGACYRESARR0007", G("LEGACYRESARR0007", CONF, ",\"resource\":[\"https://example.com/api\"]"), NULL);
	hfx_put("grant:u:METAMISMATCH0008", G("METAMISMATCH0008", "zzz", ""), M(CONF, ",\"resource\":\"https://example.com/api\""));
	hfx_put("grant:u:LEGACYRES0000009", G("LEGACYRES0000009", CONF, ",\"resource\":\"https://example.com/api\""), NULL);
	hfx_put("grant:u:RESUPPER00000010", G("RESUPPER00000010", CONF, ",\"resource\":\"HTTPS://EXAMPLE.COM/api\""),
		M(CONF, ",\"resource\":\"HTTPS://EXAMPLE.COM/api\""));
	hfx_put("grant:u:LEGACYOTHER00011", G("LEGACYOTHER00011", "zzz", ""), NULL);
	hfx_put("token:u:SAMERES000000004:" TID_A, "{}", NULL);
	hfx_put("token:u:SAMERES000000004:" TID_D, "{}", NULL);
	hfx_put("token:u:LEGACYNOMETA0001:" TID_A, "{}", NULL);
	hfx_put("token:u:OTHERCLIENT00006:" TID_A, "{}", NULL);
	hfx_put("grant:uu:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	hfx_put("grant:u2:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	hfx_list_page = 3; /* follow cursors */
	cJSON *out = complete(&cfg, AREQ, "u", NULL);
	REQUIRE(hfx_value(out) != NULL);
	char keys[2048] = "";
	int fresh = 0;
	for (size_t i = 0; i < hfx_nkv; i++) {
		if (strncmp(hfx_kv[i].key, "grant:u:", 8) == 0 && strstr(hfx_kv[i].val, "authCodeId")) {
			fresh++;
			continue;
		}
		strcat(keys, hfx_kv[i].key);
		strcat(keys, ",");
	}
	CHECK_STR(keys, "client:" CONF ",client:" PUBL ",grant:u2:SAMERES000000004,grant:u:LEGACYOTHER00011,"
		"grant:u:OTHERCLIENT00006,grant:u:OTHERRES00000003,grant:uu:SAMERES000000004,token:u:OTHERCLIENT00006:" TID_A ",");
	CHECK(fresh == 1);
	/* the deletes come after the new grant is written */
	size_t put = 0, first_delete = 0;
	for (size_t i = 0; i < hfx_nlog; i++) {
		if (hfx_log[i].kind == OC_FX_KV_PUT) put = i;
		if (hfx_log[i].kind == OC_FX_KV_DELETE && !first_delete) first_delete = i;
	}
	CHECK(put > 0 && first_delete > put);
	cJSON_Delete(out);

	/* revokeExistingGrants: false keeps them */
	hfx_seed_clients();
	hfx_put("grant:u:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	out = complete(&cfg, AREQ, "u", ",\"revokeExistingGrants\":false");
	CHECK(hfx_value(out) != NULL && hfx_find("grant:u:SAMERES000000004") != NULL && hfx_nkv == 4);
	cJSON_Delete(out);

	/* 0.10.x: no KV metadata, every grant of the client is replaced (the two above included) */
	cfg.profile = &oc_profile_0_10;
	hfx_log_reset();
	out = complete(&cfg, AREQ, "u", NULL);
	CHECK(hfx_value(out) != NULL && hfx_find("grant:u:SAMERES000000004") == NULL && hfx_nkv == 3);
	for (size_t i = 0; i < hfx_nlog; i++)
		if (hfx_log[i].kind == OC_FX_KV_PUT)
			CHECK(hfx_log[i].meta == NULL);
	cJSON_Delete(out);
	hfx_reset();
}
