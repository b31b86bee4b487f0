/* listUserGrants and revokeGrant (src/helper/oc_helper_grants.c), natively against an in-memory KV. */
#include "helper_fixture.h" /* last: it defines short macros (RU, CONF, G …) */

OC_TEST(helper_list_user_grants)
{
	oc_config cfg = hfx_base_cfg();
	char buf[512];
	hfx_reset();
	hfx_put("grant:user1:AAAAAAAAAAAAAAAA", "{\"id\":\"AAAAAAAAAAAAAAAA\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"test\"},\"encryptedProps\":\"x\",\"createdAt\":1795774054,"
		"\"authCodeId\":\"i\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\",\"refreshTokenId\":\"r\","
		"\"refreshTokenWrappedKey\":\"w\",\"expiresAt\":1798366054}", NULL);
	hfx_put("grant:user1:BBBBBBBBBBBBBBBB", "{\"id\":\"BBBBBBBBBBBBBBBB\",\"clientId\":\"c\",\"userId\":\"user1\",\"scope\":[],"
		"\"encryptedProps\":\"x\",\"createdAt\":2,\"resource\":[\"https://a/\"]}", NULL);
	hfx_put("grant:user1:CCCCCCCCCCCCCCCC", "corrupt", NULL);
	hfx_put("grant:user10:DDDDDDDDDDDDDDDD", G("DDDDDDDDDDDDDDDD", "c", ""), NULL);
	hfx_put("grant:user2:EEEEEEEEEEEEEEEE", G("EEEEEEEEEEEEEEEE", "c", ""), NULL);
	cJSON *out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"user1\"}");
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_members(v, buf, sizeof buf), "items");
	const cJSON *items = cJSON_GetObjectItem(v, "items");
	REQUIRE(cJSON_GetArraySize(items) == 2);
	CHECK_STR(hfx_print(cJSON_GetArrayItem(items, 0)), "{\"id\":\"AAAAAAAAAAAAAAAA\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"test\"},\"createdAt\":1795774054,\"expiresAt\":1798366054,"
		"\"redirectUri\":\"" RU "\",\"resource\":\"https://example.com/api\"}");
	CHECK_STR(hfx_print(cJSON_GetArrayItem(items, 1)), "{\"id\":\"BBBBBBBBBBBBBBBB\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[],\"createdAt\":2,\"resource\":[\"https://a/\"]}");
	CHECK(hfx_log[0].kind == OC_FX_KV_LIST && strcmp(hfx_log[0].key, "grant:user1:") == 0 && hfx_log[0].ttl == 0);
	cJSON_Delete(out);

	/* pages: limit and cursor are passed through */
	hfx_log_reset();
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"user1\",\"limit\":1}");
	v = hfx_value(out);
	REQUIRE(v != NULL && hfx_jstr(v, "cursor") != NULL);
	CHECK(hfx_log[0].ttl == 1 && cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 1);
	snprintf(buf, sizeof buf, "{\"userId\":\"user1\",\"limit\":5,\"cursor\":\"%s\"}", hfx_jstr(v, "cursor"));
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, buf);
	v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK(hfx_jstr(v, "cursor") == NULL && cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 1);
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"nobody\"}");
	CHECK(out && hfx_value(out) && strcmp(hfx_print(hfx_value(out)), "{\"items\":[]}") == 0);
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{}");
	CHECK(hfx_is_error(out, "invalid_request", "userId must be a non-empty string", "TypeError"));
	cJSON_Delete(out);
	hfx_reset();
}

OC_TEST(helper_revoke_grant)
{
	oc_config cfg = hfx_base_cfg();
	hfx_reset();
	hfx_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	hfx_put("grant:u:AAAAAAAAAAAAAAAB", G("AAAAAAAAAAAAAAAB", "c", ""), NULL);
	for (int i = 0; i < 5; i++) {
		char k[128];
		snprintf(k, sizeof k, "token:u:AAAAAAAAAAAAAAAA:%064d", i);
		hfx_put(k, "{}", NULL);
	}
	hfx_put("token:u:AAAAAAAAAAAAAAAB:" TID_A, "{}", NULL);
	hfx_list_page = 2;
	cJSON *out = hfx_run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)));
	CHECK(hfx_nkv == 2 && hfx_find("grant:u:AAAAAAAAAAAAAAAB") && hfx_find("token:u:AAAAAAAAAAAAAAAB:" TID_A));
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"NOPE\",\"userId\":\"u\"}");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)) && hfx_nkv == 2);
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":5}");
	CHECK(hfx_is_error(out, "invalid_request", "grantId and userId must be strings", "TypeError"));
	cJSON_Delete(out);
	hfx_reset();
}

/* A list answer naming keys outside the listed prefix (found by fuzz_helpers):
 * revokeGrant deletes only that grant's tokens, listUserGrants reads only that
 * user's grants. */
OC_TEST(helper_foreign_listed_keys_ignored)
{
	oc_config cfg = hfx_base_cfg();
	hfx_reset();
	hfx_put("client:c", "{}", NULL);
	hfx_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	hfx_put("grant:v:BBBBBBBBBBBBBBBB", G("BBBBBBBBBBBBBBBB", "c", ""), NULL);
	hfx_put("token:u:AAAAAAAAAAAAAAAA:" TID_A, "{}", NULL);
	hfx_put("token:u:AAAAAAAAAAAAAAAB:" TID_A, "{}", NULL);
	hfx_list_answer = "{\"keys\":[{\"name\":\"client:c\"},{\"name\":\"\"},{\"name\":\"token:u:AAAAAAAAAAAAAAAB:" TID_A "\"},"
		"{\"name\":\"grant:v:BBBBBBBBBBBBBBBB\"},{\"name\":\"token:u:AAAAAAAAAAAAAAAA:" TID_A "\"}],\"list_complete\":true}";
	cJSON *out = hfx_run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(out && hfx_value(out) && cJSON_IsNull(hfx_value(out)));
	CHECK(hfx_nkv == 3 && hfx_find("client:c") && hfx_find("grant:v:BBBBBBBBBBBBBBBB")
		&& hfx_find("token:u:AAAAAAAAAAAAAAAB:" TID_A));
	cJSON_Delete(out);

	hfx_log_reset();
	hfx_list_answer = "{\"keys\":[{\"name\":\"client:c\"},{\"name\":\"\"},{\"name\":\"grant:v:BBBBBBBBBBBBBBBB\"}],"
		"\"list_complete\":true}";
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"u\"}");
	CHECK(out && hfx_value(out) && strcmp(hfx_print(hfx_value(out)), "{\"items\":[]}") == 0);
	CHECK(hfx_nlog == 1 && hfx_log[0].kind == OC_FX_KV_LIST);
	cJSON_Delete(out);
	hfx_list_answer = NULL;
	hfx_reset();
}

/* A KV list answer that is not one (no keys array) is a storage failure for
 * the helpers: server_error, as for a failed effect (found by fuzz_helpers
 * when oc_store_fx_err first took an OK status for success). */
OC_TEST(helper_unreadable_list_answer)
{
	oc_config cfg = hfx_base_cfg();
	hfx_reset();
	hfx_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	hfx_list_answer = "{\"keys\":{},\"list_complete\":true}";
	cJSON *out = hfx_run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(hfx_is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	out = hfx_run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"u\"}");
	CHECK(hfx_is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	hfx_list_answer = NULL;
	hfx_reset();
}
