/* The refresh_token grant (src/flow/oc_flow_refresh.c): rotation and lifetimes, end to end. */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

OC_TEST(token_refresh_rotation)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *r1 = tfx_start_grant(&f, basic);
	REQUIRE(r1);
	f.kv.now += 10;
	tresp r = tfx_refresh(&f, basic, r1, "");
	REQUIRE(r.status == 200);
	char *r2 = tfx_dup(tresp_str(&r, "refresh_token")), *a2 = tfx_dup(tresp_str(&r, "access_token"));
	char want[512];
	snprintf(want, sizeof want, "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":3600,"
		"\"refresh_token\":\"%s\",\"scope\":\"read write\",\"resource\":\"" FX_RESOURCE "\"}", a2, r2);
	CHECK_STR(r.body, want);
	tresp_free(&r);
	char *cur = tfx_grant_member(&f, "refreshTokenId"), *prev = tfx_grant_member(&f, "previousRefreshTokenId");
	CHECK(tfx_is_id_of(cur, r2) && tfx_is_id_of(prev, r1));
	free(cur); free(prev);
	/* expiry stays the exchange's (fixed lifetime), the new access token counts from now */
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(tfx_num(g, "expiresAt") == FX_NOW + 2592000);
	cJSON_Delete(g);
	char *k2 = tfx_token_key(a2);
	cJSON *t2 = tfx_record(&f, k2);
	CHECK(t2 && tfx_num(t2, "expiresAt") == FX_NOW + 10 + 3600);
	cJSON_Delete(t2);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);

	/* current → R3; previous (R2) again → R4 replaces R3, R2 stays previous */
	r = tfx_refresh(&f, basic, r2, "");
	char *r3 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	r = tfx_refresh(&f, basic, r2, "");
	CHECK(r.status == 200);
	char *r4 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	cur = tfx_grant_member(&f, "refreshTokenId");
	prev = tfx_grant_member(&f, "previousRefreshTokenId");
	CHECK(tfx_is_id_of(cur, r4) && tfx_is_id_of(prev, r2));
	free(cur); free(prev);
	char *before = fake_kv_dump(&f.kv);
	r = tfx_refresh(&f, basic, r3, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	r = tfx_refresh(&f, basic, r1, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	char *flipped = tfx_dup(r4);
	flipped[strlen(flipped) - 1] ^= 1;
	r = tfx_refresh(&f, basic, flipped, "");
	CHECK_ERR(r, "400 invalid_grant: Invalid refresh token");
	tresp_free(&r);
	r = tfx_refresh(&f, basic, r4, "&scope=admin");
	CHECK_ERR(r, "400 invalid_scope: None of the requested scopes were granted");
	tresp_free(&r);
	r = tfx_refresh(&f, basic, r4, "&resource=https%3A%2F%2Fother.example%2Fapi");
	CHECK_ERR(r, "400 invalid_target: The resource parameter must name exactly one configured protected resource");
	tresp_free(&r);
	char *c2 = tfx_basic(C2, FX_SECRET_C2);
	r = tfx_refresh(&f, c2, r4, "");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed");
	tresp_free(&r);
	char *b = tfx_refresh_body(r4, "&client_id=" C2 "&client_secret=" FX_SECRET_C2);
	r = tfx_post(&f, NULL, NULL, b, NULL);
	CHECK_ERR(r, "400 invalid_grant: Client ID mismatch");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);
	/* narrower scope on refresh; the newest token works; all access tokens stay */
	r = tfx_refresh(&f, basic, r4, "&scope=read");
	CHECK(r.status == 200 && strcmp(tresp_str(&r, "scope"), "read") == 0);
	tresp_free(&r);
	CHECK(fake_kv_count(&f.kv, TPFX) == 5);
	free(b); free(c2); free(flipped); free(before); free(after);
	free(k2); free(r1); free(r2); free(a2); free(r3); free(r4); free(basic);
	tfx_free(&f);
}

OC_TEST(token_refresh_expiry)
{
	tfx f;
	tfx_setup(&f, ",\"accessTokenTTL\":60,\"refreshTokenTTL\":60");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt);
	/* KV expiration keeps a margin over KV's 60 s minimum; access tokens expire exactly */
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 65);
	f.kv.now = FX_NOW + 62;
	tresp r = tfx_refresh(&f, basic, rt, "");
	CHECK_ERR(r, "400 invalid_grant: Refresh token has expired");
	tresp_free(&r);
	free(rt);
	tfx_free(&f);

	/* idle TTL: each refresh moves expiresAt */
	tfx_setup(&f, ",\"refreshTokenIdleTTL\":120");
	rt = tfx_start_grant(&f, basic);
	f.kv.now = FX_NOW + 1000;
	r = tfx_refresh(&f, basic, rt, "");
	CHECK(r.status == 200);
	tresp_free(&r);
	cJSON *g = tfx_record(&f, GKEY);
	CHECK(g && tfx_num(g, "expiresAt") == FX_NOW + 1000 + 120);
	cJSON_Delete(g);
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 1000 + 120);
	free(rt);
	tfx_free(&f);

	/* no refresh tokens: none issued, the grant lives as long as its access token */
	tfx_setup(&f, ",\"refreshTokenTTL\":0");
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	r = tfx_exchange(&f, basic, code, "");
	CHECK(r.status == 200 && tresp_str(&r, "refresh_token") == NULL);
	tresp_free(&r);
	g = tfx_record(&f, GKEY);
	CHECK(g && tfx_str(g, "refreshTokenId") == NULL && tfx_str(g, "authCodeWrappedKey") == NULL);
	CHECK(fake_kv_find(&f.kv, GKEY)->expiration == FX_NOW + 3600);
	cJSON_Delete(g);
	r = tfx_exchange(&f, basic, code, "");
	CHECK_ERR(r, "400 invalid_grant: Authorization code already used");
	tresp_free(&r);
	free(code); free(basic);
	tfx_free(&f);
}

/* R-REFRESH-02, R-REFRESH-04: a refresh token of other than three parts; three parts naming no grant. */
OC_TEST(token_rule_refresh_token_format)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C), *rt = tfx_exchanged(&f, basic, "refresh_token");
	char *ert = tfx_enc(rt);
	/* R-REFRESH-02: one, two or four ':'-separated parts */
	POST_CHECK(&f, basic, "400 invalid_grant: Invalid token format", "grant_type=refresh_token&refresh_token=abc");
	POST_CHECK(&f, basic, "400 invalid_grant: Invalid token format", "grant_type=refresh_token&refresh_token=a%%3Ab");
	POST_CHECK(&f, basic, "400 invalid_grant: Invalid token format", "grant_type=refresh_token&refresh_token=%s%%3Ax", ert);
	/* three parts that name no grant record */
	POST_CHECK(&f, basic, "400 invalid_grant: Grant not found", "grant_type=refresh_token&refresh_token=user1%%3Ax%%3Ay");
	POST_CHECK(&f, basic, "400 invalid_grant: Grant not found", "grant_type=refresh_token&refresh_token=%%3A" G1 "%%3Ay");
	free(ert); free(rt); free(basic);
	tfx_free(&f);
}
