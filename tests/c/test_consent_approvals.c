/* Remembered consent (src/consent/oc_consent_approvals.c): the options' rules, the approval key,
 * the signed cookie, coverage and remembering. Known answers computed with Node's crypto. */
#include "oc_test.h"
#include "consent/oc_consent_approvals.h"
#include "base/oc_arena.h"
#include "base/oc_b64.h"
#include "base/oc_json_print.h"

#define SECRET "0123456789abcdef0123456789abcdef"
#define REQ "{\"clientId\":\"c1\",\"redirectUri\":\"https://app.example/cb\",\"resource\":\"https://example.com/api\",\"scope\":[\"read\"]}"
#define KEY_ALICE "k4-GpRpwgR02J7fQHrmUyJtPiaTlNdsj_uj8zpBmH20"
#define KEY_NONE "LJDASX34iq0hc6uAEurnf3u1lwGgCUO3UkLVXkFrpVU"
/* [{k: KEY_ALICE, s: ["read","write"], e: 2000000000}] signed with SECRET */
#define COOKIE "W3siayI6Ims0LUdwUnB3Z1IwMko3ZlFIcm1VeUp0UGlhVGxOZHNqX3VqOHpwQm1IMjAiLCJzIjpbInJlYWQiLCJ3cml0ZSJdLCJlIjoyMDAwMDAwMDAwfV0" \
	".mkuWA7uFYuBFxXFdWCK5GCWvWiGWLlMeR8yoNzes_v0"

static const char *rule(const char *json, oc_remember *r)
{
	cJSON *v = cJSON_Parse(json);
	const char *msg = oc_remember_read(v, r);
	return msg ? msg : "";
}

OC_TEST(consent_remember_options)
{
	oc_arena *a = oc_arena_new();
	oc_remember r;
	REQUIRE(a != NULL);
	oc_arena_bind_json(a);
	CHECK_STR(rule("null", &r), "remember must be an object with a secret");
	CHECK_STR(rule("false", &r), "remember must be an object with a secret");
	CHECK_STR(rule("\"" SECRET "\"", &r), "remember must be an object with a secret");
	CHECK(oc_remember_read(NULL, &r) != NULL);
	CHECK_STR(rule("{}", &r), "remember.secret must be a string of at least 32 characters");
	CHECK_STR(rule("{\"secret\":\"0123456789abcdef0123456789abcde\"}", &r), "remember.secret must be a string of at least 32 characters");
	CHECK_STR(rule("{\"secret\":12345678901234567890123456789012345}", &r), "remember.secret must be a string of at least 32 characters");
	/* JavaScript's length: a character outside the BMP counts two, one inside it one (whatever its UTF-8 bytes) */
	CHECK_STR(rule("{\"secret\":\"\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
		"\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
		"\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\"}", &r), "");
	CHECK_STR(rule("{\"secret\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"}", &r), "remember.secret must be a string of at least 32 characters");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\"}", &r), "");
	CHECK(r.max_age == 2592000.0 && r.subject == NULL && r.secret_len == 32);
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":0}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":-5}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":1.5}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":\"60\"}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":null}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":\"Infinity\"}", &r), "remember.maxAgeSeconds must be a positive integer");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":60,\"subject\":\"\"}", &r), "remember.subject must be a non-empty string");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":60,\"subject\":null}", &r), "remember.subject must be a non-empty string");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":60,\"subject\":7}", &r), "remember.subject must be a non-empty string");
	CHECK_STR(rule("{\"secret\":\"" SECRET "\",\"maxAgeSeconds\":60,\"subject\":\"alice\"}", &r), "");
	CHECK(r.max_age == 60 && strcmp(r.subject, "alice") == 0);
	/* the secret's rule comes before maxAgeSeconds' */
	CHECK_STR(rule("{\"secret\":\"short\",\"maxAgeSeconds\":0}", &r), "remember.secret must be a string of at least 32 characters");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

OC_TEST(consent_approvals_key_read_cover)
{
	oc_arena *a = oc_arena_new();
	oc_remember r = { SECRET, 32, "alice", 2592000.0 }, wrong = { SECRET "x", 33, NULL, 1 };
	REQUIRE(a != NULL);
	oc_arena_bind_json(a);
	cJSON *req = cJSON_Parse(REQ), *noreso = cJSON_Parse("{\"clientId\":\"c1\",\"redirectUri\":\"https://app.example/cb\",\"resource\":null}");
	CHECK_STR(oc_approvals_key(a, req, "alice"), KEY_ALICE);
	CHECK_STR(oc_approvals_key(a, noreso, NULL), KEY_NONE);
	cJSON *l = oc_approvals_read(a, COOKIE, strlen(COOKIE), &r);
	REQUIRE(cJSON_IsArray(l) && cJSON_GetArraySize(l) == 1);
	CHECK_STR(cJSON_GetObjectItem(l->child, "k")->valuestring, KEY_ALICE);
	/* another secret, a changed payload or signature, a missing part: no approvals */
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, COOKIE, strlen(COOKIE), &wrong)) == 0);
	char bad[sizeof COOKIE];
	memcpy(bad, COOKIE, sizeof COOKIE);
	bad[5] ^= 1;
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, bad, strlen(bad), &r)) == 0);
	memcpy(bad, COOKIE, sizeof COOKIE);
	bad[sizeof COOKIE - 3] = bad[sizeof COOKIE - 3] == 'A' ? 'B' : 'A';
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, bad, strlen(bad), &r)) == 0);
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, COOKIE, strchr(COOKIE, '.') - COOKIE + 1, &r)) == 0);
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, strchr(COOKIE, '.'), strlen(strchr(COOKIE, '.')), &r)) == 0);
	CHECK(cJSON_GetArraySize(oc_approvals_read(a, NULL, 0, &r)) == 0);
	/* coverage: a subset of the approved scopes, before e */
	cJSON *read = cJSON_Parse("[\"read\"]"), *both = cJSON_Parse("[\"write\",\"read\"]"), *more = cJSON_Parse("[\"read\",\"admin\"]");
	cJSON *none = cJSON_Parse("[]");
	CHECK(oc_approvals_cover(l, KEY_ALICE, 1999999999, read) == 1);
	CHECK(oc_approvals_cover(l, KEY_ALICE, 1999999999, both) == 1);
	CHECK(oc_approvals_cover(l, KEY_ALICE, 1999999999, none) == 1);
	CHECK(oc_approvals_cover(l, KEY_ALICE, 1999999999, more) == 0);
	CHECK(oc_approvals_cover(l, KEY_ALICE, 2000000000, read) == 0); /* e must be after now */
	CHECK(oc_approvals_cover(l, KEY_NONE, 1999999999, read) == 0);
	CHECK(oc_approvals_cover(l, KEY_ALICE, 1999999999, cJSON_Parse("\"read\"")) == -1);
	CHECK(oc_approvals_cover(l, KEY_NONE, 1999999999, cJSON_Parse("\"read\"")) == 0);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* A signed value of the JSON text list under SECRET. */
static char *signed_list(oc_arena *a, const char *list)
{
	oc_remember r = { SECRET, 32, NULL, 60 };
	cJSON *l = cJSON_Parse(list);
	/* remembering nothing new: an entry that replaces itself keeps the list's order */
	char *c = oc_approvals_remember(a, "n", l, "zz", NULL, &r, 0);
	return c;
}

OC_TEST(consent_approvals_entries_and_remember)
{
	oc_arena *a = oc_arena_new();
	oc_remember r = { SECRET, 32, NULL, 60 };
	REQUIRE(a != NULL);
	oc_arena_bind_json(a);
	/* entries that are not {k: string, e: number, s: [strings]} are left out (when remembering, and
	 * when read); other members are kept */
	char *c = signed_list(a, "[{\"k\":\"a\",\"e\":100,\"s\":[\"x\"],\"extra\":1},{\"k\":1,\"e\":100,\"s\":[]},"
		"{\"k\":\"b\",\"e\":\"100\",\"s\":[]},{\"k\":\"c\",\"e\":100,\"s\":[1]},{\"k\":\"d\",\"e\":100}]");
	REQUIRE(c != NULL && strncmp(c, "n=", 2) == 0);
	const char *v = c + 2;
	size_t vn = strcspn(v, ";");
	cJSON *l = oc_approvals_read(a, v, vn, &r);
	/* zz was written without s (no scope to remember): left out when read */
	CHECK_STR(oc_json_print(l), "[{\"k\":\"a\",\"e\":100,\"s\":[\"x\"],\"extra\":1}]");
	/* remembering: expired entries and the same key dropped, the new one last, Max-Age from the latest e */
	cJSON *s = cJSON_Parse("[\"read\"]");
	cJSON *old = cJSON_Parse("[{\"k\":\"gone\",\"e\":1000,\"s\":[]},{\"k\":\"keep\",\"e\":5000,\"s\":[\"a\"]},"
		"{\"k\":\"K\",\"e\":9000,\"s\":[\"b\"]}]");
	oc_remember ten = { SECRET, 32, NULL, 10 };
	c = oc_approvals_remember(a, "__Host-oauth-approvals", old, "K", s, &ten, 1000);
	REQUIRE(c != NULL);
	CHECK(strncmp(c, "__Host-oauth-approvals=", 23) == 0);
	CHECK(strstr(c, "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=4000") != NULL);
	v = c + 23;
	l = oc_approvals_read(a, v, strcspn(v, ";"), &r);
	CHECK_STR(oc_json_print(l), "[{\"k\":\"keep\",\"e\":5000,\"s\":[\"a\"]},{\"k\":\"K\",\"s\":[\"read\"],\"e\":1010}]");
	/* the value stays within 3800 characters: the oldest entries go first, the new one stays */
	cJSON *many = cJSON_CreateArray();
	for (int i = 0; i < 60; i++) {
		char e[128];
		snprintf(e, sizeof e, "{\"k\":\"key-%02d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"e\":5000,\"s\":[\"scope\"]}", i);
		cJSON_AddItemToArray(many, cJSON_Parse(e));
	}
	c = oc_approvals_remember(a, "n", many, "new", s, &ten, 1000);
	REQUIRE(c != NULL);
	v = c + 2;
	vn = strcspn(v, ";");
	CHECK(vn <= 3800 && vn > 3600);
	l = oc_approvals_read(a, v, vn, &r);
	int n = cJSON_GetArraySize(l);
	CHECK(n > 1 && n < 61);
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(l, n - 1), "k")->valuestring, "new");
	char first[64];
	snprintf(first, sizeof first, "key-%02d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 61 - n);
	CHECK_STR(cJSON_GetObjectItem(l->child, "k")->valuestring, first);
	CHECK(strstr(c, "Max-Age=4000") != NULL);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
