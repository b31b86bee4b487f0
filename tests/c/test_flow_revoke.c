/* Token revocation, RFC 7009 (src/flow/oc_flow_revoke.c), end to end. */
#include <stdlib.h>
#include "token_flow.h" /* last: it defines short macros (C, P, G1 …) */

static tresp revoke(tfx *f, const char *auth, const char *tok, const char *extra)
{
	char *e = tfx_enc(tok), body[512];
	snprintf(body, sizeof body, "token=%s%s", e, extra);
	free(e);
	return tfx_post(f, auth, NULL, body, NULL);
}

static void check_revoked_ok(tresp *r)
{
	CHECK(r->status == 200 && r->body && r->body[0] == 0);
	if (r->status != 200)
		fprintf(stderr, "  revocation answered %s\n", tresp_err(r));
	CHECK(tresp_header(r, "Content-Type") && strcmp(tresp_header(r, "Content-Type"), "text/plain;charset=UTF-8") == 0);
	CHECK(tresp_header(r, "Cache-Control") == NULL);
	tresp_free(r);
}

OC_TEST(token_revocation)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *code = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = tfx_exchange(&f, basic, code, "");
	char *a1 = tfx_dup(tresp_str(&r, "access_token")), *r1 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	r = tfx_refresh(&f, basic, r1, "");
	char *r2 = tfx_dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	REQUIRE(a1 && r1 && r2);
	CHECK(fake_kv_count(&f.kv, TPFX) == 2);

	char *before = fake_kv_dump(&f.kv);
	check_revoked_ok((r = revoke(&f, basic, "user1:" G1 ":unknownunknownunknownunknown1234", ""), &r));
	check_revoked_ok((r = revoke(&f, basic, "garbage", ""), &r));
	check_revoked_ok((r = revoke(&f, NULL, a1, "&client_id=" C2 "&client_secret=" FX_SECRET_C2), &r)); /* another client's token: untouched */
	check_revoked_ok((r = revoke(&f, NULL, r2, "&client_id=" C2 "&client_secret=" FX_SECRET_C2), &r));
	r = revoke(&f, NULL, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client ID is required");
	tresp_free(&r);
	char *wrong = tfx_basic(C, "nope");
	r = revoke(&f, wrong, a1, "");
	CHECK_ERR(r, "401 invalid_client: Client authentication failed: invalid client_secret");
	tresp_free(&r);
	r = tfx_post(&f, basic, NULL, "token_type_hint=access_token", NULL);
	CHECK_ERR(r, "400 invalid_request: grant_type is required (or token, for revocation)");
	tresp_free(&r);
	r = tfx_post(&f, basic, NULL, "token=&token_type_hint=access_token", NULL);
	CHECK_ERR(r, "400 invalid_request: grant_type is required (or token, for revocation)");
	tresp_free(&r);
	/* an empty grant_type counts as absent: a revocation request */
	check_revoked_ok((r = revoke(&f, basic, "garbage", "&grant_type="), &r));
	char *after = fake_kv_dump(&f.kv);
	CHECK(strcmp(before, after) == 0);

	/* an access token: only its record goes */
	check_revoked_ok((r = revoke(&f, basic, a1, "&token_type_hint=bogus"), &r));
	CHECK(fake_kv_count(&f.kv, TPFX) == 1 && fake_kv_find(&f.kv, GKEY) != NULL);
	/* the previous refresh token (hint ignored): the grant and every token go */
	check_revoked_ok((r = revoke(&f, basic, r1, "&token_type_hint=access_token"), &r));
	CHECK(fake_kv_count(&f.kv, TPFX) == 0 && fake_kv_find(&f.kv, GKEY) == NULL);
	check_revoked_ok((r = revoke(&f, basic, r2, ""), &r));
	/* a pending code is not revocable */
	char *code2 = tfx_pending_grant(&f, "user1", G1, C, "[\"read\"]", "S256", FX_VERIFIER);
	check_revoked_ok((r = revoke(&f, basic, code2, ""), &r));
	CHECK(fake_kv_find(&f.kv, GKEY) != NULL);
	free(before); free(after); free(wrong); free(code2);
	free(a1); free(r1); free(r2); free(code); free(basic);
	tfx_free(&f);
}

OC_TEST(token_revocation_pages_through_tokens)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C);
	char *rt = tfx_start_grant(&f, basic);
	REQUIRE(rt);
	for (int i = 0; i < 2100; i++) {
		char k[128];
		snprintf(k, sizeof k, TPFX "%064d", i);
		fake_kv_set(&f.kv, k, "{}", NULL, 0);
	}
	fake_kv_set(&f.kv, "token:user1:grantBBBBBBBBBBB:x", "{}", NULL, 0); /* another grant's token stays */
	unsigned batches = f.kv.batches;
	tresp r = revoke(&f, basic, rt, "");
	check_revoked_ok(&r);
	CHECK(fake_kv_count(&f.kv, TPFX) == 0 && fake_kv_find(&f.kv, GKEY) == NULL);
	CHECK(fake_kv_count(&f.kv, "token:") == 1);
	CHECK(f.kv.batches - batches >= 5); /* body, load, then three list pages */
	free(rt); free(basic);
	tfx_free(&f);
}

/* R-TOKEN-06: a revocation is a non-empty token without (or with an empty) grant_type. */
OC_TEST(token_rule_revocation_request)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C), *at = tfx_exchanged(&f, basic, "access_token");
	tresp r;
	CHECK(fake_kv_count(&f.kv, "token:") == 1);
	/* R-TOKEN-06: token= (empty) is no revocation (our deliberate answer: grant_type is required);
	 * grant_type= (empty) with a token is one */
	POST_CHECK(&f, basic, "400 invalid_request: grant_type is required (or token, for revocation)", "token=");
	CHECK(fake_kv_count(&f.kv, "token:") == 1);
	char *ea = tfx_enc(at);
	r = tfx_post_f(&f, basic, "grant_type=&token=%s", ea);
	CHECK(r.status == 200 && r.body && r.body[0] == 0);
	tresp_free(&r);
	CHECK(fake_kv_count(&f.kv, "token:") == 0);
	free(ea); free(at); free(basic);
	tfx_free(&f);
}

/* R-REVOKE-05: an access token record without grant.clientId belongs to its grant's client. */
OC_TEST(token_rule_revoke_owner_from_grant)
{
	tfx f;
	tfx_setup(&f, "");
	char *basic = tfx_basic(C, FX_SECRET_C), *at = tfx_exchanged(&f, basic, "access_token");
	char *key = tfx_token_key(at);
	tresp r;
	/* R-REVOKE-05: no grant.clientId in the record: the grant's client owns it */
	tfx_edit_record(&f, key, "grant.clientId", NULL);
	char *ea = tfx_enc(at);
	r = tfx_post_f(&f, NULL, "token=%s&client_id=" C2 "&client_secret=" FX_SECRET_C2, ea);
	CHECK(r.status == 200);
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, key) != NULL); /* another client: untouched */
	/* the API still serves it, without ctx.auth.clientId */
	char h[512];
	snprintf(h, sizeof h, "Bearer %s", at);
	r = tfx_request(&f, "GET", "https://example.com/api/x", h, NULL, NULL, NULL);
	cJSON *auth = cJSON_GetObjectItem(r.out, "auth");
	CHECK(auth != NULL && cJSON_GetObjectItem(auth, "clientId") == NULL);
	tresp_free(&r);
	r = tfx_post_f(&f, basic, "token=%s", ea);
	CHECK(r.status == 200);
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, key) == NULL); /* its own client: revoked */
	free(ea); free(at); free(key); free(basic);
	tfx_free(&f);
}
