/*
 * User ids holding ':' (legacy data the reference still reads; issue #15,
 * item 5). A key listed under grant:carol: belongs to carol only when the rest
 * is exactly one grant id, and one listed under token:carol:{grantId}: to that
 * grant only when the rest is exactly one token id: listUserGrants,
 * completeAuthorization's revocation of earlier grants and revokeGrant touch
 * only that user's records.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "store/oc_kv.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define CL "clientC000000000"
#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HEX_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HEX_D "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

OC_TEST(kv_key_owner_parse)
{
	static const struct { const char *key, *user, *want; } g[] = {
		{ "grant:carol:AAAAAAAAAAAAAAAA", "carol", "AAAAAAAAAAAAAAAA" },
		{ "grant:carol:x:AAAAAAAAAAAAAAAA", "carol", NULL },
		{ "grant:carol:x:AAAAAAAAAAAAAAAA", "carol:x", "AAAAAAAAAAAAAAAA" },
		{ "grant:carol:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBB", "carol", NULL },
		{ "grant:carol:Az09-_Az09-_Az0", "carol", NULL },          /* 15 characters */
		{ "grant:carol:Az09-_Az09-_Az09", "carol", "Az09-_Az09-_Az09" },
		{ "grant:carol:AAAAAAAAAAAAAAA!", "carol", NULL },
		{ "grant:carol:AAAAAAAAAAAAAAAAA", "carol", NULL },
		{ "grant:carolx:AAAAAAAAAAAAAAAA", "carol", NULL },
		{ "grant:caro:AAAAAAAAAAAAAAAA", "carol", NULL },
		{ "token:carol:AAAAAAAAAAAAAAAA", "carol", NULL },
		{ "grant:carol:", "carol", NULL },
		{ "", "carol", NULL },
	};
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		const char *got = oc_kv_grant_key_id(g[i].key, g[i].user);
		CHECK(g[i].want ? got != NULL && strcmp(got, g[i].want) == 0 : got == NULL);
		if (g[i].want ? got == NULL || strcmp(got, g[i].want) != 0 : got != NULL)
			fprintf(stderr, "  grant key %zu: %s\n", i, got ? got : "(null)");
	}
	static const struct { const char *key, *user, *grant; int ok; } t[] = {
		{ "token:carol:AAAAAAAAAAAAAAAA:" HEX_A, "carol", "AAAAAAAAAAAAAAAA", 1 },
		{ "token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:" HEX_A, "carol", "AAAAAAAAAAAAAAAA", 0 },
		{ "token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:" HEX_A, "carol:AAAAAAAAAAAAAAAA", "DDDDDDDDDDDDDDDD", 1 },
		{ "token:carol:AAAAAAAAAAAAAAAA:" HEX_A "0", "carol", "AAAAAAAAAAAAAAAA", 0 },
		{ "token:carol:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "carol", "AAAAAAAAAAAAAAAA", 0 },
		{ "token:carol:AAAAAAAAAAAAAAAB:" HEX_A, "carol", "AAAAAAAAAAAAAAAA", 0 },
		{ "grant:carol:AAAAAAAAAAAAAAAA:" HEX_A, "carol", "AAAAAAAAAAAAAAAA", 0 },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *got = oc_kv_token_key_id(t[i].key, t[i].user, t[i].grant);
		CHECK(t[i].ok ? got != NULL && strcmp(got, HEX_A) == 0 : got == NULL);
		if (t[i].ok != (got != NULL))
			fprintf(stderr, "  token key %zu: %s\n", i, got ? got : "(null)");
	}
}

/* A grant record of user for CL; meta 1: with KV key metadata. */
static void put_grant(tfx *f, const char *user, const char *gid, int meta)
{
	char key[128], val[512];
	snprintf(key, sizeof key, "grant:%s:%s", user, gid);
	snprintf(val, sizeof val, "{\"id\":\"%s\",\"clientId\":\"" CL "\",\"userId\":\"%s\",\"scope\":[\"read\"],"
		"\"metadata\":{\"of\":\"%s\"},\"encryptedProps\":\"eA==\",\"createdAt\":1,\"resource\":\"" FX_RESOURCE "\"}",
		gid, user, user);
	fake_kv_set(&f->kv, key, val, meta ? "{\"clientId\":\"" CL "\",\"resource\":\"" FX_RESOURCE "\"}" : NULL, 0);
}

/*
 * carol's grant A (with an access token); carol:0's grants B (metadata) and
 * C (legacy, none), B with a token; carol:AAAAAAAAAAAAAAAA's grant D, whose
 * token key lies under carol's grant A's token prefix.
 */
static void seed(tfx *f)
{
	tfx_init(f, "");
	tfx_client(f, CL, "client_secret_basic", FX_SECRET_C, 1);
	put_grant(f, "carol", "AAAAAAAAAAAAAAAA", 1);
	put_grant(f, "carol:0", "BBBBBBBBBBBBBBBB", 1);
	put_grant(f, "carol:0", "CCCCCCCCCCCCCCCC", 0);
	put_grant(f, "carol:AAAAAAAAAAAAAAAA", "DDDDDDDDDDDDDDDD", 1);
	fake_kv_set(&f->kv, "token:carol:AAAAAAAAAAAAAAAA:" HEX_A, "{}", NULL, 0);
	fake_kv_set(&f->kv, "token:carol:0:BBBBBBBBBBBBBBBB:" HEX_B, "{}", NULL, 0);
	fake_kv_set(&f->kv, "token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:" HEX_D, "{}", NULL, 0);
}

/* The ids of a listUserGrants answer, comma-separated, then "|" and the cursor or "-". */
static const char *listed(tfx *f, const char *args)
{
	static char buf[512];
	cJSON *out = tfx_helper(f, OC_KIND_LIST_USER_GRANTS, args), *it;
	const cJSON *v = cJSON_GetObjectItem(out, "value");
	buf[0] = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(v, "items")) {
		strcat(buf, cJSON_GetStringValue(cJSON_GetObjectItem(it, "id")));
		strcat(buf, ",");
	}
	const char *c = cJSON_GetStringValue(cJSON_GetObjectItem(v, "cursor"));
	strcat(buf, "|");
	if (c != NULL && strlen(c) < 200)
		strcat(buf, c);
	else
		strcat(buf, c ? "(long)" : "-");
	cJSON_Delete(out);
	return buf;
}

OC_TEST(list_user_grants_only_that_users)
{
	tfx f;
	seed(&f);
	REQUIRE(f.cfg != NULL);
	CHECK_STR(listed(&f, "{\"userId\":\"carol\"}"), "AAAAAAAAAAAAAAAA,|-");
	CHECK_STR(listed(&f, "{\"userId\":\"carol:0\"}"), "BBBBBBBBBBBBBBBB,CCCCCCCCCCCCCCCC,|-");
	CHECK_STR(listed(&f, "{\"userId\":\"carol:AAAAAAAAAAAAAAAA\"}"), "DDDDDDDDDDDDDDDD,|-");
	/* pages of one key: pages holding only other users' keys are skipped, as the reference does
	 * (the fake KV's cursor is the last key returned) */
	CHECK_STR(listed(&f, "{\"userId\":\"carol\",\"limit\":1}"), "AAAAAAAAAAAAAAAA,|grant:carol:AAAAAAAAAAAAAAAA");
	CHECK_STR(listed(&f, "{\"userId\":\"carol\",\"limit\":1,\"cursor\":\"grant:carol:AAAAAAAAAAAAAAAA\"}"), "|-");
	tfx_free(&f);
}

OC_TEST(complete_authorization_revokes_only_that_users_grants)
{
	tfx f;
	seed(&f);
	REQUIRE(f.cfg != NULL);
	cJSON *out = tfx_helper(&f, OC_KIND_COMPLETE_AUTHORIZATION, "{\"request\":{\"responseType\":\"code\","
		"\"clientId\":\"" CL "\",\"redirectUri\":\"" FX_REDIRECT "\",\"scope\":[\"read\"],\"state\":\"\","
		"\"resource\":\"" FX_RESOURCE "\"},\"userId\":\"carol\",\"scope\":[\"read\"],\"props\":{}}");
	REQUIRE(out != NULL);
	CHECK(cJSON_GetObjectItem(out, "value") != NULL);
	cJSON_Delete(out);
	/* carol's earlier grant and its token are gone, a new one is there; nobody else's record moved */
	CHECK(fake_kv_find(&f.kv, "grant:carol:AAAAAAAAAAAAAAAA") == NULL);
	CHECK(fake_kv_find(&f.kv, "token:carol:AAAAAAAAAAAAAAAA:" HEX_A) == NULL);
	CHECK(fake_kv_find(&f.kv, "grant:carol:0:BBBBBBBBBBBBBBBB") != NULL);
	CHECK(fake_kv_find(&f.kv, "grant:carol:0:CCCCCCCCCCCCCCCC") != NULL);
	CHECK(fake_kv_find(&f.kv, "token:carol:0:BBBBBBBBBBBBBBBB:" HEX_B) != NULL);
	CHECK(fake_kv_find(&f.kv, "grant:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD") != NULL);
	CHECK(fake_kv_find(&f.kv, "token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:" HEX_D) != NULL);
	CHECK(fake_kv_count(&f.kv, "grant:") == 4);
	tfx_free(&f);
}

OC_TEST(revoke_grant_deletes_only_that_grants_tokens)
{
	tfx f;
	seed(&f);
	REQUIRE(f.cfg != NULL);
	cJSON *out = tfx_helper(&f, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"carol\"}");
	CHECK(out != NULL && cJSON_IsNull(cJSON_GetObjectItem(out, "value")));
	cJSON_Delete(out);
	CHECK(fake_kv_find(&f.kv, "grant:carol:AAAAAAAAAAAAAAAA") == NULL);
	CHECK(fake_kv_find(&f.kv, "token:carol:AAAAAAAAAAAAAAAA:" HEX_A) == NULL);
	/* carol:AAAAAAAAAAAAAAAA's token lies under the listed prefix token:carol:AAAAAAAAAAAAAAAA: */
	CHECK(fake_kv_find(&f.kv, "token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:" HEX_D) != NULL);
	CHECK(fake_kv_count(&f.kv, "") == 6);
	tfx_free(&f);
}
