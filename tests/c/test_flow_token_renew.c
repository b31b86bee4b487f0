/*
 * A dynamically registered client's record renewed by a successful token
 * request past half its clientRegistrationTTL (src/flow/oc_flow_token.c,
 * RENEW_GET / RENEW_PUT; oauth/oc_client_expiry.c), as the reference's
 * renewClientRegistrationIfDue.
 */
#include "token_flow.h"
#include <stdlib.h>

#define TTL 7776000
#define CKEY "client:" C

/* Gives C's record registrationExpiresAt = at (and the KV expiry with it). */
static void stamp(tfx *f, int64_t at)
{
	int rc = tfx_edit_record(f, CKEY, "registrationExpiresAt", cJSON_CreateNumber((double)at));
	CHECK(rc == 0);
	fake_kv_entry *e = (fake_kv_entry *)fake_kv_find(&f->kv, CKEY);
	if (e != NULL)
		e->expiration = at;
}

static int64_t expires_at(tfx *f)
{
	cJSON *c = tfx_record(f, CKEY);
	int64_t v = c ? tfx_num(c, "registrationExpiresAt") : -1;
	cJSON_Delete(c);
	return v;
}

OC_TEST(token_renews_a_registration_past_half_its_ttl)
{
	tfx f;
	tfx_setup(&f, "");
	REQUIRE(f.cfg != NULL);
	char *basic = tfx_basic(C, FX_SECRET_C);
	stamp(&f, FX_NOW + TTL / 2); /* exactly half left: due */
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt != NULL);
	CHECK(expires_at(&f) == FX_NOW + TTL);
	const fake_kv_entry *e = fake_kv_find(&f.kv, CKEY);
	REQUIRE(e != NULL);
	CHECK(e->expiration == FX_NOW + TTL);
	/* the record is the same but for the new expiry, still its last member */
	CHECK(strstr(e->val, "\"clientSecret\":") != NULL);
	CHECK(strcmp(e->val + strlen(e->val) - strlen(",\"registrationExpiresAt\":1807776000}"),
		",\"registrationExpiresAt\":1807776000}") == 0);

	/* more than half left: not written again */
	stamp(&f, FX_NOW + TTL / 2 + 1);
	unsigned before = f.kv.performed;
	tresp r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	CHECK(expires_at(&f) == FX_NOW + TTL / 2 + 1);
	CHECK(f.kv.performed - before == 5); /* body, client + grant, token put, grant put */
	char *rt2 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);

	/* a refused request never renews */
	stamp(&f, FX_NOW + 10);
	r = tfx_refresh(&f, basic, "user1:" G1 ":xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "");
	CHECK(r.status == 400);
	CHECK(expires_at(&f) == FX_NOW + 10);
	tresp_free(&r);

	/* a revocation answered 200 does; a failed renewal still answers the tokens */
	f.kv.now += 1;
	r = tfx_post_f(&f, basic, "token=%s", "nothing:here0000000000:xxxx");
	CHECK(r.status == 200);
	CHECK(expires_at(&f) == FX_NOW + 1 + TTL);
	tresp_free(&r);
	stamp(&f, FX_NOW + 10);
	f.kv.fail_at = f.kv.performed + 6; /* the renewal's read */
	f.kv.fail_status = OC_FXR_FAILED;
	r = tfx_refresh(&f, basic, rt2, "");
	CHECK(r.status == 200 && tresp_str(&r, "access_token") != NULL);
	CHECK(f.kv.faulted_kind == OC_FX_KV_GET);
	CHECK(expires_at(&f) == FX_NOW + 10);
	/* with the reference's warning for the log (the shim adds what the store threw) */
	const char *warn = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "warn"));
	CHECK(warn != NULL && strcmp(warn, "Failed to renew client registration " C ":") == 0);
	tresp_free(&r);
	/* the same when the write fails; a renewal that succeeds warns of nothing */
	r = tfx_refresh(&f, basic, rt2, "");
	char *rt3 = tfx_dup(tresp_str(&r, "refresh_token"));
	CHECK(r.status == 200 && cJSON_GetObjectItem(r.out, "warn") == NULL);
	tresp_free(&r);
	stamp(&f, FX_NOW + 10);
	f.kv.fail_at = f.kv.performed + 7; /* the renewal's write */
	r = tfx_refresh(&f, basic, rt3, "");
	CHECK(r.status == 200 && f.kv.faulted_kind == OC_FX_KV_PUT);
	warn = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "warn"));
	CHECK(warn != NULL && strcmp(warn, "Failed to renew client registration " C ":") == 0);
	tresp_free(&r);
	free(rt3);
	free(rt2);
	free(rt);
	free(basic);
	tfx_free(&f);
}

OC_TEST(token_renewal_only_for_stamped_records_with_a_ttl)
{
	tfx f;
	/* no registrationExpiresAt (createClient, older records): never */
	tfx_setup(&f, "");
	REQUIRE(f.cfg != NULL);
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *before = tfx_dup(fake_kv_find(&f.kv, CKEY)->val);
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt != NULL);
	CHECK_STR(fake_kv_find(&f.kv, CKEY)->val, before);
	free(rt);
	free(before);
	tfx_free(&f);
	/* clientRegistrationTTL undefined: never */
	tfx_setup(&f, ",\"clientRegistrationTTL\":null");
	REQUIRE(f.cfg != NULL);
	stamp(&f, FX_NOW + 10);
	rt = tfx_start_grant(&f, basic);
	REQUIRE(rt != NULL);
	CHECK(expires_at(&f) == FX_NOW + 10);
	free(rt);
	tfx_free(&f);
	/* the 0.10.x generation renews nothing (0.10.4 has no renewal): the record stays as it was */
	tfx_setup(&f, ",\"generation\":\"0.10\"");
	REQUIRE(f.cfg != NULL);
	stamp(&f, FX_NOW + 10);
	before = tfx_dup(fake_kv_find(&f.kv, CKEY)->val);
	rt = tfx_start_grant(&f, basic);
	REQUIRE(rt != NULL);
	CHECK_STR(fake_kv_find(&f.kv, CKEY)->val, before);
	free(rt);
	free(before);
	free(basic);
	tfx_free(&f);
}
