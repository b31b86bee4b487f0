/* unwrapToken (src/helper/oc_helper_unwrap.c), natively against the fake KV of token_fixture.h. */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include "token/oc_token.h"
#include <stdlib.h>

static cJSON *unwrap(tfx *f, const char *token)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "token", token);
	char *args = cJSON_PrintUnformatted(a);
	cJSON *out = tfx_helper(f, OC_KIND_UNWRAP_TOKEN, args);
	free(args);
	cJSON_Delete(a);
	return out;
}

static int answers_null(const cJSON *out)
{
	const cJSON *t = cJSON_GetObjectItem(out, "t");
	return cJSON_IsString(t) && strcmp(t->valuestring, "value") == 0 && cJSON_IsNull(cJSON_GetObjectItem(out, "value"));
}

/* The key of token's record. */
static void record_key(char *key, size_t n, const char *user, const char *grant, const char *token)
{
	char id[OC_TOKEN_ID_LEN + 1];
	oc_token_id(id, token, strlen(token));
	snprintf(key, n, "token:%s:%s:%s", user, grant, id);
}

OC_TEST(helper_unwrap_token_summary)
{
	tfx f;
	char key[256], want[1024], id[OC_TOKEN_ID_LEN + 1];
	tfx_init(&f, "");
	char *at = tfx_access_token(&f, "alice", "GGGGGGGGGGGGGGGG");
	REQUIRE(at != NULL);
	cJSON *out = unwrap(&f, at);
	const cJSON *v = cJSON_GetObjectItem(out, "value");
	oc_token_id(id, at, strlen(at));
	snprintf(want, sizeof want, "{\"id\":\"%s\",\"grantId\":\"GGGGGGGGGGGGGGGG\",\"userId\":\"alice\",\"createdAt\":%lld,"
		"\"expiresAt\":%lld,\"audience\":\"" FX_RESOURCE "\",\"scope\":[\"read\",\"write\"],\"grant\":{\"clientId\":"
		"\"clientA000000000\",\"scope\":[\"read\",\"write\"],\"props\":{\"name\":\"alice\"}}}",
		id, (long long)FX_NOW, (long long)FX_NOW + 3600);
	char *p = cJSON_PrintUnformatted(v);
	CHECK_STR(p, want);
	free(p);
	cJSON_Delete(out);

	/* the token's own scope when its record has one; at expiresAt still valid, after it null */
	record_key(key, sizeof key, "alice", "GGGGGGGGGGGGGGGG", at);
	REQUIRE(tfx_edit_record(&f, key, "scope", cJSON_Parse("[\"read\"]")) == 0);
	REQUIRE(tfx_edit_record(&f, key, "expiresAt", cJSON_CreateNumber((double)FX_NOW)) == 0);
	out = unwrap(&f, at);
	v = cJSON_GetObjectItem(cJSON_GetObjectItem(out, "value"), "scope");
	p = cJSON_PrintUnformatted(v);
	CHECK_STR(p, "[\"read\"]");
	free(p);
	cJSON_Delete(out);
	REQUIRE(tfx_edit_record(&f, key, "expiresAt", cJSON_CreateNumber((double)FX_NOW - 1)) == 0);
	out = unwrap(&f, at);
	CHECK(answers_null(out));
	cJSON_Delete(out);
	REQUIRE(tfx_edit_record(&f, key, "expiresAt", cJSON_CreateNumber((double)FX_NOW + 3600)) == 0);

	/* a tampered wrapped key: null, never an error */
	REQUIRE(tfx_edit_record(&f, key, "wrappedEncryptionKey",
		cJSON_CreateString("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")) == 0);
	out = unwrap(&f, at);
	CHECK(answers_null(out));
	cJSON_Delete(out);
	free(at);
	tfx_free(&f);
}

OC_TEST(helper_unwrap_token_null_or_refused)
{
	tfx f;
	tfx_init(&f, "");
	char *at = tfx_access_token(&f, "alice", "GGGGGGGGGGGGGGGG");
	REQUIRE(at != NULL);
	static const char *const nulls[] = {
		"", "abc", "a:b:c", "alice:GGGGGGGGGGGGGGGG:short",
		"a:lice:GGGGGGGGGGGGGGGG:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* four parts: the reference splits in three */
		"alice:GGGGGGGGGGGGGGGG:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  /* no such record */
	};
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
		cJSON *out = unwrap(&f, nulls[i]);
		CHECK(answers_null(out));
		cJSON_Delete(out);
	}
	/* the refresh token and a token with a NUL after it: null */
	char args[512];
	snprintf(args, sizeof args, "{\"token\":\"%s\\u0000x\"}", at);
	cJSON *out = tfx_helper(&f, OC_KIND_UNWRAP_TOKEN, args);
	CHECK(answers_null(out));
	cJSON_Delete(out);
	/* a user id too long for any key: null, no read */
	char *longtok = malloc(700);
	memset(longtok, 'u', 600);
	snprintf(longtok + 600, 100, ":GGGGGGGGGGGGGGGG:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	unsigned before = f.kv.performed;
	out = unwrap(&f, longtok);
	CHECK(answers_null(out) && f.kv.performed == before);
	cJSON_Delete(out);
	free(longtok);
	out = tfx_helper(&f, OC_KIND_UNWRAP_TOKEN, "{\"token\":5}");
	const cJSON *d = cJSON_GetObjectItem(out, "description"), *n = cJSON_GetObjectItem(out, "name");
	CHECK(cJSON_IsString(d) && strcmp(d->valuestring, "token must be a string") == 0);
	CHECK(cJSON_IsString(n) && strcmp(n->valuestring, "TypeError") == 0);
	cJSON_Delete(out);
	free(at);
	tfx_free(&f);
}
