/*
 * The migration check's classifier (src/helper/oc_helper_migrate_check.c):
 * which records of a namespace 0.10.4 wrote 1.2.3 refuses or rebinds, as
 * docs/migration-1.x.md of 1.2.3 says and its dist does (observed; the
 * end-to-end test on a namespace seeded by 0.10.4 is
 * tests/js/migrate-check.test.mjs).
 */
#include <stdlib.h>
#include "helper_fixture.h"

#define GID "grantAAAAAAAAAAA"
/* A 0.10.4 grant record of user u, with extra members appended. */
#define GRANT(u, extra) "{\"id\":\"" GID "\",\"clientId\":\"" CONF "\",\"userId\":\"" u "\",\"scope\":[\"read\"]," \
	"\"metadata\":{},\"encryptedProps\":\"x\",\"createdAt\":1" extra "}"
#define PENDING ",\"authCodeId\":\"h\",\"authCodeWrappedKey\":\"k\""
#define CLIENT(uris) "{\"clientId\":\"" CONF "\",\"redirectUris\":" uris ",\"clientName\":\"C\"," \
	"\"tokenEndpointAuthMethod\":\"none\"}"

/* Runs the op on records kv[0], kv[1] (key, value), … plus the members extra (JSON text after a comma, or ""). */
static cJSON *run(const char *const *kv, size_t n, const char *extra)
{
	cJSON *args = cJSON_CreateObject(), *recs = cJSON_AddArrayToObject(args, "records");
	for (size_t i = 0; i + 1 < n; i += 2) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "key", kv[i]);
		cJSON_AddStringToObject(r, "value", kv[i + 1]);
		cJSON_AddItemToArray(recs, r);
	}
	char *text = cJSON_PrintUnformatted(args);
	static char buf[12000];
	snprintf(buf, sizeof buf, "%.*s%s%s}", (int)strlen(text) - 1, text, extra[0] ? "," : "", extra);
	free(text);
	cJSON_Delete(args);
	return hfx_run(NULL, OC_KIND_MIGRATE_CHECK, buf);
}

static const cJSON *finding(const cJSON *out, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(hfx_value(out), "records"), i);
}

static int flag(const cJSON *f, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, name));
}

OC_TEST(migrate_check_grants)
{
	const char *kv[] = {
		"grant:alice:" GID, GRANT("alice", ",\"resource\":\"https://mcp.example.com/mcp\",\"refreshTokenId\":\"r\""),
		"grant:bob:" GID, GRANT("bob", ",\"resource\":[\"https://a.example/x\",\"https://b.example/\"]"),
		"grant:carol:" GID, GRANT("carol", ""),
		"grant:t:1:" GID, GRANT("t:1", PENDING ",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\""),
		"grant:p:" GID, GRANT("p", PENDING ",\"codeChallenge\":\"abc\",\"codeChallengeMethod\":\"plain\""),
		"grant:q:" GID, GRANT("q", PENDING ",\"codeChallenge\":\"abc\""),
		"grant:n:" GID, GRANT("n", PENDING),
		"grant:x:" GID, "not json",
		/* exchanged by 0.10.4: the code's id stays, its key and challenge go */
		"grant:s:" GID, GRANT("s", ",\"authCodeId\":\"h\",\"refreshTokenId\":\"r\""),
		"token:a:b:c", "{}",
	};
	cJSON *out = run(kv, sizeof kv / sizeof *kv, "");
	const cJSON *f;
	REQUIRE(hfx_value(out) != NULL);

	f = finding(out, 0);
	CHECK(hfx_jstr(f, "type") && strcmp(hfx_jstr(f, "type"), "grant") == 0);
	CHECK(hfx_jstr(f, "userId") && strcmp(hfx_jstr(f, "userId"), "alice") == 0);
	CHECK(hfx_jstr(f, "clientId") && strcmp(hfx_jstr(f, "clientId"), CONF) == 0);
	CHECK(hfx_jstr(f, "resource") && strcmp(hfx_jstr(f, "resource"), "https://mcp.example.com/mcp") == 0);
	CHECK(!flag(f, "pending") && !flag(f, "userIdRefused") && !cJSON_HasObjectItem(f, "codeRefused"));

	/* a 0.10.x array is kept as stored */
	f = finding(out, 1);
	CHECK_STR(hfx_print(cJSON_GetObjectItemCaseSensitive(f, "resource")), "[\"https://a.example/x\",\"https://b.example/\"]");
	/* unbound: no resource member */
	CHECK(!cJSON_HasObjectItem(finding(out, 2), "resource"));

	/* 1.2 refuses ':' in user ids; an S256 code is redeemed */
	f = finding(out, 3);
	CHECK(flag(f, "userIdRefused") && flag(f, "pending") && !cJSON_HasObjectItem(f, "codeRefused"));

	/* plain, named or implied by a challenge without a method: refused at the exchange */
	for (int i = 4; i <= 5; i++) {
		f = finding(out, i);
		CHECK(flag(f, "pending"));
		CHECK(hfx_jstr(f, "codeRefused") && strcmp(hfx_jstr(f, "codeRefused"),
			"The plain PKCE method is not allowed. Use S256 instead.") == 0);
	}
	/* no PKCE at all: nothing to refuse */
	CHECK(flag(finding(out, 6), "pending") && !cJSON_HasObjectItem(finding(out, 6), "codeRefused"));

	f = finding(out, 7);
	CHECK(hfx_jstr(f, "type") && strcmp(hfx_jstr(f, "type"), "unreadable") == 0 && hfx_jstr(f, "reason") != NULL);
	CHECK(!flag(finding(out, 8), "pending"));
	CHECK(hfx_jstr(finding(out, 9), "type") && strcmp(hfx_jstr(finding(out, 9), "type"), "other") == 0);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(hfx_value(out), "records")) == 10);
	cJSON_Delete(out);
}

OC_TEST(migrate_check_clients)
{
	const char *kv[] = {
		"client:" CONF, CLIENT("[\"https://c.example/cb\",\"http://localhost:3000/cb\",\"http://c.example/cb\","
			"\"com.example.app:/cb\",\"http://127.0.0.1/cb\"]"),
		"client:other", CLIENT("[\"http://c.example/cb\"]"),
	};
	cJSON *out = run(kv, 4, "");
	const cJSON *f = finding(out, 0);
	REQUIRE(f != NULL);
	CHECK(hfx_jstr(f, "type") && strcmp(hfx_jstr(f, "type"), "client") == 0);
	CHECK(hfx_jstr(f, "clientName") && strcmp(hfx_jstr(f, "clientName"), "C") == 0);
	CHECK_STR(hfx_print(cJSON_GetObjectItemCaseSensitive(f, "refusedRedirectUris")),
		"[\"http://c.example/cb\",\"com.example.app:/cb\"]");
	CHECK(cJSON_GetObjectItemCaseSensitive(f, "usableRedirectUris")->valueint == 3);
	f = finding(out, 1);
	CHECK(cJSON_GetObjectItemCaseSensitive(f, "usableRedirectUris")->valueint == 0);
	cJSON_Delete(out);

	/* allowPrivateUseRedirectUris: private-use schemes are usable, remote http never */
	out = run(kv, 2, "\"allowPrivateUseRedirectUris\":true");
	CHECK_STR(hfx_print(cJSON_GetObjectItemCaseSensitive(finding(out, 0), "refusedRedirectUris")),
		"[\"http://c.example/cb\"]");
	cJSON_Delete(out);
}

OC_TEST(migrate_check_resources_and_bindings)
{
	cJSON *out = hfx_run(NULL, OC_KIND_MIGRATE_CHECK,
		"{\"resources\":[\"https://mcp.example.com/mcp\",\"https://MCP.example.com/mcp\",\"http://mcp.example.com/mcp\"],"
		"\"bindings\":[{},{\"resource\":\"https://mcp.example.com/mcp\"},{\"resource\":\"https://MCP.EXAMPLE.COM/mcp\"},"
		"{\"resource\":\"https://mcp.example.com/mcp/\"},{\"resource\":[\"https://x.example/\",\"https://mcp.example.com/mcp\"]},"
		"{\"resource\":[]},{\"resource\":\"https://mcp.example.com\"}]}");
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	const cJSON *verdicts = cJSON_GetObjectItemCaseSensitive(v, "resources");
	CHECK(!cJSON_HasObjectItem(cJSON_GetArrayItem(verdicts, 0), "refused"));
	CHECK(hfx_jstr(cJSON_GetArrayItem(verdicts, 1), "refused") && strcmp(hfx_jstr(cJSON_GetArrayItem(verdicts, 1), "refused"),
		"resourceMetadata.resource must use a lowercase scheme and lowercase host") == 0);
	CHECK(hfx_jstr(cJSON_GetArrayItem(verdicts, 2), "refused") != NULL);
	/* unbound survives anything; case of scheme and host folded; path, slash exact; an array needs one match */
	CHECK_STR(hfx_print(cJSON_GetObjectItemCaseSensitive(v, "bindings")),
		"[[true,true,true],[true,true,false],[true,true,false],[false,false,false],[true,true,false],"
		"[false,false,false],[false,false,false]]");
	cJSON_Delete(out);
}

OC_TEST(migrate_check_refuses_other_shapes)
{
	static const char *const bad[] = {
		"[]", "{\"records\":{}}", "{\"records\":[{\"key\":\"grant:a:b\"}]}", "{\"records\":[\"x\"]}",
		"{\"resources\":[1]}", "{\"bindings\":[{\"resource\":3}]}", "{\"bindings\":[\"x\"]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cJSON *out = hfx_run(NULL, OC_KIND_MIGRATE_CHECK, bad[i]);
		CHECK(hfx_is_error(out, "invalid_request", "migrate-check: records must be [{key, value}], resources strings, "
			"bindings [{resource?}]", "TypeError"));
		cJSON_Delete(out);
	}
	cJSON *out = hfx_run(NULL, OC_KIND_MIGRATE_CHECK, "{}");
	CHECK_STR(hfx_print(hfx_value(out)), "{\"records\":[],\"resources\":[],\"bindings\":[]}");
	cJSON_Delete(out);
}
