/*
 * A refresh never lets access outlive the grant (issue #15, item 3), as 1.2.3
 * and 0.10.4 answer: with less than 60 s (KV's minimum expiration) left of the
 * grant the refresh is refused, and the new access token's lifetime is capped
 * at what is left of the grant (after an idle TTL moved its end).
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define CL "clientC000000000"
#define GRANT "grantAAAAAAAAAAA"
#define GKEY "grant:user1:" GRANT

/* A client, a code exchanged at FX_NOW: the refresh token (malloc'd). */
static char *start(tfx *f, const char *opts)
{
	char body[1024];
	tfx_init(f, opts);
	if (f->cfg == NULL)
		return NULL;
	tfx_client(f, CL, "client_secret_basic", FX_SECRET_C, 1);
	char *code = tfx_pending_grant(f, "user1", GRANT, CL, "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), *basic = tfx_basic(CL, FX_SECRET_C);
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&code_verifier=" FX_VERIFIER, ec);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	const char *rt = tresp_str(&r, "refresh_token");
	char *out = rt ? strcpy(malloc(strlen(rt) + 1), rt) : NULL;
	tresp_free(&r);
	free(code); free(ec); free(basic);
	return out;
}

static tresp refresh_at(tfx *f, int64_t now, const char *rt)
{
	char body[512], *e = tfx_enc(rt), *basic = tfx_basic(CL, FX_SECRET_C);
	snprintf(body, sizeof body, "grant_type=refresh_token&refresh_token=%s", e);
	f->kv.now = now;
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	free(e); free(basic);
	return r;
}

/* A successful refresh at now answers expires_in want, and the access token record and its KV entry agree. */
static void check_lifetime(tfx *f, tresp *r, int64_t now, int64_t want)
{
	char id[OC_TOKEN_ID_LEN + 1], key[200];
	REQUIRE(r->status == 200);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r->json, "expires_in")) == (double)want);
	const char *at = tresp_str(r, "access_token");
	REQUIRE(at != NULL);
	oc_token_id(id, at, strlen(at));
	snprintf(key, sizeof key, "token:user1:" GRANT ":%s", id);
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	REQUIRE(e != NULL);
	CHECK(e->expiration == now + want);
	cJSON *t = tfx_record(f, key);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(t, "expiresAt")) == (double)(now + want));
	cJSON_Delete(t);
}

OC_TEST(refresh_refused_near_grant_end)
{
	tfx f;
	char *rt = start(&f, ",\"refreshTokenTTL\":120");
	REQUIRE(rt != NULL);
	char *before = fake_kv_dump(&f.kv);
	static const int64_t late[] = { 115, 61, 119 }; /* 5 s, 59 s, 1 s left */
	for (size_t i = 0; i < sizeof late / sizeof late[0]; i++) {
		tresp r = refresh_at(&f, FX_NOW + late[i], rt);
		CHECK_STR(tresp_err(&r), "400 invalid_grant: Refresh token has expired");
		tresp_free(&r);
	}
	f.kv.now = FX_NOW;
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);
	free(before); free(after);

	/* exactly 60 s left: issued, for those 60 s */
	tresp r = refresh_at(&f, FX_NOW + 60, rt);
	check_lifetime(&f, &r, FX_NOW + 60, 60);
	tresp_free(&r);
	free(rt);
	tfx_free(&f);
}

OC_TEST(refresh_access_capped_at_grant_end)
{
	tfx f;
	char *rt = start(&f, ",\"refreshTokenTTL\":120");
	REQUIRE(rt != NULL);
	tresp r = refresh_at(&f, FX_NOW + 20, rt);
	check_lifetime(&f, &r, FX_NOW + 20, 100);
	/* the grant keeps its end */
	const fake_kv_entry *g = fake_kv_find(&f.kv, GKEY);
	CHECK(g != NULL && g->expiration == FX_NOW + 120);
	tresp_free(&r);
	free(rt);
	tfx_free(&f);

	/* an idle TTL moves the grant's end first: access lasts at most that long */
	rt = start(&f, ",\"refreshTokenIdleTTL\":120");
	REQUIRE(rt != NULL);
	r = refresh_at(&f, FX_NOW + 1000, rt);
	check_lifetime(&f, &r, FX_NOW + 1000, 120);
	tresp_free(&r);
	free(rt);
	tfx_free(&f);

	/* a grant that ends later than the access token: the configured lifetime */
	rt = start(&f, ",\"accessTokenTTL\":600,\"refreshTokenTTL\":700");
	REQUIRE(rt != NULL);
	r = refresh_at(&f, FX_NOW + 100, rt);
	check_lifetime(&f, &r, FX_NOW + 100, 600);
	tresp_free(&r);
	r = refresh_at(&f, FX_NOW + 101, rt); /* the previous token, once more */
	check_lifetime(&f, &r, FX_NOW + 101, 599);
	tresp_free(&r);
	free(rt);
	tfx_free(&f);
}
