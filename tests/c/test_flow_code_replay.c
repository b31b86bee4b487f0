/*
 * The code exchange checks the client before the replay (issue #15, item 4):
 * a spent code presented by another client is "Client ID mismatch" and leaves
 * the owner's grant and tokens alone; only the client the code was issued to
 * revokes the grant by replaying it. As 1.2.3 and 0.10.4 answer.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include <stdlib.h>

#define OWNER "clientC000000000"
#define OTHER "clientD000000000"
#define GRANT "grantAAAAAAAAAAA"
#define GKEY "grant:user1:" GRANT
#define TPFX "token:user1:" GRANT ":"

static tresp exchange_as(tfx *f, const char *client, const char *secret, const char *code)
{
	char *ec = tfx_enc(code), *basic = tfx_basic(client, secret), body[1024];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&redirect_uri="
		"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, ec);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	free(ec);
	free(basic);
	return r;
}

OC_TEST(code_spent_by_other_client_keeps_grant)
{
	tfx f;
	tfx_init(&f, "");
	REQUIRE(f.cfg != NULL);
	tfx_client(&f, OWNER, "client_secret_basic", FX_SECRET_C, 1);
	tfx_client(&f, OTHER, "client_secret_basic", FX_SECRET_C2, 1);
	char *code = tfx_pending_grant(&f, "user1", GRANT, OWNER, "[\"read\"]", "S256", FX_VERIFIER);
	tresp r = exchange_as(&f, OWNER, FX_SECRET_C, code);
	REQUIRE(r.status == 200);
	tresp_free(&r);
	REQUIRE(fake_kv_find(&f.kv, GKEY) != NULL && fake_kv_count(&f.kv, TPFX) == 1);

	/* another (authenticated) client replays the spent code: nothing changes */
	char *before = fake_kv_dump(&f.kv);
	r = exchange_as(&f, OTHER, FX_SECRET_C2, code);
	CHECK_STR(tresp_err(&r), "400 invalid_grant: Client ID mismatch");
	tresp_free(&r);
	char *after = fake_kv_dump(&f.kv);
	CHECK_STR(before, after);

	/* the owner replaying it still revokes the grant and its tokens */
	r = exchange_as(&f, OWNER, FX_SECRET_C, code);
	CHECK_STR(tresp_err(&r), "400 invalid_grant: Authorization code already used");
	tresp_free(&r);
	CHECK(fake_kv_find(&f.kv, GKEY) == NULL && fake_kv_count(&f.kv, TPFX) == 0);
	free(before); free(after); free(code);
	tfx_free(&f);
}
