/* purgeExpiredData (src/helper/oc_helper_purge.c), natively against the fake KV of token_fixture.h. */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define TOK(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static const cJSON *value_of(const cJSON *out)
{
	const cJSON *t = cJSON_GetObjectItem(out, "t");
	return cJSON_IsString(t) && strcmp(t->valuestring, "value") == 0 ? cJSON_GetObjectItem(out, "value") : NULL;
}

/* A grant record of user u for client c, expiresAt e (0: none). */
static void grant(tfx *f, const char *u, const char *id, const char *c, long long e)
{
	char key[256], val[512];
	snprintf(key, sizeof key, "grant:%s:%s", u, id);
	int n = snprintf(val, sizeof val, "{\"id\":\"%s\",\"clientId\":\"%s\",\"userId\":\"%s\",\"scope\":[],"
		"\"encryptedProps\":\"x\",\"createdAt\":1", id, c, u);
	if (e)
		n += snprintf(val + n, sizeof val - (size_t)n, ",\"expiresAt\":%lld", e);
	snprintf(val + n, sizeof val - (size_t)n, "}");
	fake_kv_set(&f->kv, key, val, NULL, 0);
}

static void token(tfx *f, const char *u, const char *g, const char *id)
{
	char key[256], val[256];
	snprintf(key, sizeof key, "token:%s:%s:%s", u, g, id);
	snprintf(val, sizeof val, "{\"userId\":\"%s\",\"grantId\":\"%s\"}", u, g);
	fake_kv_set(&f->kv, key, val, NULL, 0);
}

/* The store of the sweep tests: 2 live grants, 1 expired, 2 orphaned (one a CIMD client's), tokens. */
static void seed(tfx *f)
{
	tfx_init(f, "");
	tfx_client(f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 0);
	grant(f, "alice", "AAAAAAAAAAAAAAAA", "clientA000000000", 0);
	grant(f, "bob", "BBBBBBBBBBBBBBBB", "clientA000000000", FX_NOW + 10);
	grant(f, "carol", "CCCCCCCCCCCCCCCC", "clientA000000000", FX_NOW);          /* expired: now >= expiresAt */
	grant(f, "dave", "DDDDDDDDDDDDDDDD", "goneClient000000", 0);               /* orphaned */
	grant(f, "erin", "EEEEEEEEEEEEEEEE", "https://app.example/client.json", 0); /* CIMD: never orphaned */
	token(f, "alice", "AAAAAAAAAAAAAAAA", TOK("a"));
	token(f, "carol", "CCCCCCCCCCCCCCCC", TOK("c"));
	token(f, "dave", "DDDDDDDDDDDDDDDD", TOK("d"));
	token(f, "frank", "FFFFFFFFFFFFFFFF", TOK("f"));                            /* orphaned token */
	token(f, "frank", "FFFFFFFFFFFFFFFF", TOK("e"));
}

static char *run(tfx *f, const char *args)
{
	cJSON *out = tfx_helper(f, OC_KIND_PURGE_EXPIRED_DATA, args);
	const cJSON *v = value_of(out);
	char *s = v ? cJSON_PrintUnformatted(v) : cJSON_PrintUnformatted(out);
	cJSON_Delete(out);
	return s;
}

OC_TEST(helper_purge_one_sweep)
{
	tfx f;
	seed(&f);
	char *s = run(&f, "{}");
	/* carol's and dave's grants go with their tokens; then frank's two orphaned tokens */
	CHECK_STR(s, "{\"grantsChecked\":5,\"grantsPurged\":2,\"tokensChecked\":3,\"tokensPurged\":2,\"done\":true}");
	free(s);
	CHECK(fake_kv_count(&f.kv, "grant:") == 3 && fake_kv_find(&f.kv, "grant:erin:EEEEEEEEEEEEEEEE") != NULL);
	CHECK(fake_kv_find(&f.kv, "grant:carol:CCCCCCCCCCCCCCCC") == NULL && fake_kv_find(&f.kv, "grant:dave:DDDDDDDDDDDDDDDD") == NULL);
	CHECK(fake_kv_count(&f.kv, "token:") == 1 && fake_kv_count(&f.kv, "token:alice:") == 1);
	s = run(&f, "{}");
	CHECK_STR(s, "{\"grantsChecked\":3,\"grantsPurged\":0,\"tokensChecked\":1,\"tokensPurged\":0,\"done\":true}");
	free(s);
	tfx_free(&f);
}

OC_TEST(helper_purge_flags)
{
	tfx f;
	seed(&f);
	char *s = run(&f, "{\"purgeExpiredGrants\":false,\"purgeOrphanedTokens\":false}");
	CHECK_STR(s, "{\"grantsChecked\":5,\"grantsPurged\":1,\"tokensChecked\":0,\"tokensPurged\":0,\"done\":true}");
	free(s);
	CHECK(fake_kv_find(&f.kv, "grant:carol:CCCCCCCCCCCCCCCC") != NULL && fake_kv_find(&f.kv, "grant:dave:DDDDDDDDDDDDDDDD") == NULL);
	s = run(&f, "{\"purgeOrphanedGrants\":false,\"purgeOrphanedTokens\":null}");
	CHECK_STR(s, "{\"grantsChecked\":4,\"grantsPurged\":1,\"tokensChecked\":3,\"tokensPurged\":2,\"done\":true}");
	free(s);
	/* no grant phase: the tokens from the start */
	s = run(&f, "{\"purgeOrphanedGrants\":false,\"purgeExpiredGrants\":false,\"cursor\":\"grants:x\"}");
	CHECK_STR(s, "{\"grantsChecked\":0,\"grantsPurged\":0,\"tokensChecked\":1,\"tokensPurged\":0,\"done\":true}");
	free(s);
	tfx_free(&f);
}

/* Batches of 2: the cursor carries the sweep from call to call to the same end state. */
OC_TEST(helper_purge_batches_resume)
{
	tfx f;
	seed(&f);
	char args[512], *s;
	const char *cursor = NULL;
	unsigned grants = 0, gp = 0, tokens = 0, tp = 0, calls = 0;
	for (;;) {
		if (cursor)
			snprintf(args, sizeof args, "{\"batchSize\":2,\"cursor\":\"%s\"}", cursor);
		else
			snprintf(args, sizeof args, "{\"batchSize\":2}");
		cJSON *out = tfx_helper(&f, OC_KIND_PURGE_EXPIRED_DATA, args);
		const cJSON *v = value_of(out);
		REQUIRE(v != NULL && ++calls < 10);
		grants += (unsigned)cJSON_GetObjectItem(v, "grantsChecked")->valueint;
		gp += (unsigned)cJSON_GetObjectItem(v, "grantsPurged")->valueint;
		tokens += (unsigned)cJSON_GetObjectItem(v, "tokensChecked")->valueint;
		tp += (unsigned)cJSON_GetObjectItem(v, "tokensPurged")->valueint;
		CHECK(cJSON_GetObjectItem(v, "grantsChecked")->valueint <= 2 && cJSON_GetObjectItem(v, "tokensChecked")->valueint <= 2);
		const cJSON *c = cJSON_GetObjectItem(v, "cursor");
		int done = cJSON_IsTrue(cJSON_GetObjectItem(v, "done"));
		CHECK(done == (c == NULL));
		static char keep[256];
		if (c != NULL) {
			CHECK(strncmp(c->valuestring, "grants:", 7) == 0 || strncmp(c->valuestring, "tokens:", 7) == 0);
			snprintf(keep, sizeof keep, "%s", c->valuestring);
			cursor = keep;
		}
		cJSON_Delete(out);
		if (done)
			break;
	}
	CHECK(grants == 5 && gp == 2 && tokens == 3 && tp == 2);
	CHECK(calls == 4); /* grants 2+2, 1 then tokens 1 (of 2), then tokens 2 */
	CHECK(fake_kv_count(&f.kv, "grant:") == 3 && fake_kv_count(&f.kv, "token:") == 1);
	/* a cursor at the tokens phase's start */
	s = run(&f, "{\"cursor\":\"tokens:\"}");
	CHECK_STR(s, "{\"grantsChecked\":0,\"grantsPurged\":0,\"tokensChecked\":1,\"tokensPurged\":0,\"done\":true}");
	free(s);
	tfx_free(&f);
}

OC_TEST(helper_purge_refusals)
{
	static const char *const bad_cursor[] = {
		"{\"cursor\":\"grants\"}", "{\"cursor\":\"\"}", "{\"cursor\":\"refresh:x\"}", "{\"cursor\":\"Grants:x\"}",
		"{\"cursor\":5}",
	};
	static const char *const bad_batch[] = {
		"{\"batchSize\":0}", "{\"batchSize\":-1}", "{\"batchSize\":2.5}", "{\"batchSize\":\"5\"}", "{\"batchSize\":1e300}",
	};
	tfx f;
	seed(&f);
	for (size_t i = 0; i < sizeof bad_cursor / sizeof bad_cursor[0]; i++) {
		char *s = run(&f, bad_cursor[i]);
		CHECK(strstr(s, "\"description\":\"Invalid purgeExpiredData cursor\",\"name\":\"TypeError\"") != NULL);
		free(s);
	}
	for (size_t i = 0; i < sizeof bad_batch / sizeof bad_batch[0]; i++) {
		char *s = run(&f, bad_batch[i]);
		CHECK(strstr(s, "\"description\":\"batchSize must be a positive integer\",\"name\":\"TypeError\"") != NULL);
		free(s);
	}
	CHECK(f.kv.performed == 0);
	tfx_free(&f);
}

/* A failure anywhere: the storage error, and a store the next sweep finishes (no token outlives its grant). */
OC_TEST(helper_purge_failure_then_finish)
{
	for (unsigned at = 1; at <= 20; at++) {
		tfx f;
		seed(&f);
		f.kv.fail_at = at;
		f.kv.fail_status = OC_FXR_FAILED;
		char *s = run(&f, "{}");
		CHECK(s != NULL);
		free(s);
		CHECK(fake_kv_find(&f.kv, "grant:carol:CCCCCCCCCCCCCCCC") != NULL || fake_kv_count(&f.kv, "token:carol:") == 0);
		CHECK(fake_kv_find(&f.kv, "grant:dave:DDDDDDDDDDDDDDDD") != NULL || fake_kv_count(&f.kv, "token:dave:") == 0);
		f.kv.fail_at = 0;
		s = run(&f, "{}");
		CHECK(strstr(s, "\"done\":true") != NULL);
		free(s);
		CHECK(fake_kv_count(&f.kv, "grant:") == 3 && fake_kv_count(&f.kv, "token:") == 1);
		tfx_free(&f);
	}
}
