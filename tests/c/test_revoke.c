/*
 * Revocations that a storage failure interrupts (issue #15, item 9): for
 * every n, the n-th KV effect of a whole revocation fails (KV has no
 * transactions). The answer must be a clean storage error; in the state left
 * behind no token of a grant may outlive the grant (else nothing could find
 * it again); and the same call again must remove everything of the grant.
 * Covered: RFC 7009 revocation of a refresh token, a replayed authorization
 * code, revokeGrant, and completeAuthorization revoking earlier grants.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "base/oc_arena.h"
#include "op/oc_op.h"
#include <stdlib.h>

#define C   "clientA000000000"  /* the client tfx_access_token registers */
#define C2  "clientD000000000"
#define G1  "grantAAAAAAAAAAA"  /* the grant revoked (completeAuthorization: with G2) */
#define G2  "grantBBBBBBBBBBB"  /* another grant of C */
#define G3  "grantCCCCCCCCCCC"  /* a pending grant of C2, never revoked */
#define API "https://example.com/api/data"

typedef struct {
	tfx f;
	char *basic;
	char *code;   /* G1's authorization code, spent */
	char *at[3];  /* access tokens: G1's from the exchange and the refresh, G2's */
	char *rt;     /* G1's current refresh token */
} world;

static char *dup(const char *s) { return s ? strcpy(malloc(strlen(s) + 1), s) : NULL; }

static const char *sv(const char *s) { return s ? s : ""; }

static tresp form_post(world *w, const char *fmt, const char *tok)
{
	char *e = tfx_enc(tok), body[1024];
	snprintf(body, sizeof body, fmt, e);
	free(e);
	return tfx_post(&w->f, w->basic, NULL, body, NULL);
}

static tresp exchange(world *w)
{
	return form_post(w, "grant_type=authorization_code&code=%s&redirect_uri="
		"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, w->code);
}

static tresp refresh(world *w, const char *rt)
{
	return form_post(w, "grant_type=refresh_token&refresh_token=%s", rt);
}

/* G1 with two access tokens (exchange, refresh), G2 with one, G3 pending for C2. */
static int world_init(world *w)
{
	memset(w, 0, sizeof *w);
	tfx_init(&w->f, "");
	tfx_client(&w->f, C2, "client_secret_basic", FX_SECRET_C2, 1);
	w->at[2] = tfx_access_token(&w->f, "user1", G2);
	w->basic = tfx_basic(C, FX_SECRET_C);
	w->code = tfx_pending_grant(&w->f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	tresp r = exchange(w);
	w->at[0] = dup(tresp_str(&r, "access_token"));
	char *rt0 = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	r = refresh(w, rt0 ? rt0 : "");
	w->at[1] = dup(tresp_str(&r, "access_token"));
	w->rt = dup(tresp_str(&r, "refresh_token"));
	tresp_free(&r);
	free(rt0);
	free(tfx_pending_grant(&w->f, "user1", G3, C2, "[\"read\"]", "S256", FX_VERIFIER));
	fake_kv_set(&w->f.kv, "token:user1:" G3 ":x", "{}", NULL, 0);
	return w->at[0] && w->at[1] && w->at[2] && w->rt;
}

static void world_free(world *w)
{
	for (int i = 0; i < 3; i++)
		free(w->at[i]);
	free(w->rt); free(w->code); free(w->basic);
	tfx_free(&w->f);
}

/* 1: the bearer check lets tok through; 0: it answers 401. */
static int token_works(world *w, const char *tok)
{
	char h[256];
	snprintf(h, sizeof h, "Bearer %s", tok);
	tresp r = tfx_request(&w->f, "GET", API, h, NULL, NULL, NULL);
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t"));
	int works = t && strcmp(t, "api") == 0;
	CHECK(works || r.status == 401);
	tresp_free(&r);
	return works;
}

static int grant_exists(world *w, const char *gid)
{
	char k[64];
	snprintf(k, sizeof k, "grant:user1:%s", gid);
	return fake_kv_find(&w->f.kv, k) != NULL;
}

static size_t tokens_of(world *w, const char *gid)
{
	char k[64];
	snprintf(k, sizeof k, "token:user1:%s:", gid);
	return fake_kv_count(&w->f.kv, k);
}

/* The storage error a failed effect of status st answers with. */
static const char *storage_code(uint32_t st)
{
	return st == OC_FXR_RATE_LIMITED ? "temporarily_unavailable" : "server_error";
}

static int http_storage_error(tresp *r, uint32_t st)
{
	const char *e = tresp_str(r, "error");
	int status_ok = st == OC_FXR_RATE_LIMITED ? r->status == 429 || r->status == 503 : r->status == 500;
	return status_ok && e && strcmp(e, storage_code(st)) == 0;
}

/*
 * A revocation: st 0 runs it without fault and returns 1 when it answered
 * success; otherwise returns 1 when it answered the storage error of st.
 * What it answered is left in answered, for the failure message.
 */
typedef int (*revocation)(world *w, uint32_t st);
static char answered[1024];

static int rfc7009_refresh_token(world *w, uint32_t st)
{
	tresp r = form_post(w, "token=%s", w->rt);
	int ok = st ? http_storage_error(&r, st) : r.status == 200 && r.body && r.body[0] == 0;
	snprintf(answered, sizeof answered, "%s", tresp_err(&r));
	tresp_free(&r);
	return ok;
}

static int code_replay(world *w, uint32_t st)
{
	tresp r = exchange(w);
	int ok = st ? http_storage_error(&r, st)
		: strcmp(tresp_err(&r), "400 invalid_grant: Authorization code already used") == 0;
	snprintf(answered, sizeof answered, "%s", tresp_err(&r));
	tresp_free(&r);
	return ok;
}

/* Runs a helper operation to its end; the parsed output (caller frees), or NULL. */
static cJSON *helper(world *w, int kind, const char *args)
{
	uint8_t in[4096];
	size_t n = strlen(args);
	cJSON *out = NULL;
	in[0] = (uint8_t)n; in[1] = (uint8_t)(n >> 8); in[2] = 0; in[3] = 0;
	memcpy(in + 4, args, n);
	oc_op *op = oc_op_begin(w->f.cfg, kind, in, n + 4, (double)w->f.kv.now * 1000.0);
	if (op == NULL)
		return NULL;
	if (fake_kv_run(&w->f.kv, op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		oc_arena_bind_json(NULL);
		out = cJSON_ParseWithLength(o, len);
	}
	oc_op_end(op);
	return out;
}

/* A helper's answer: with st 0 a value (and is_null when it must be null), else the storage error. */
static int helper_answer(cJSON *out, uint32_t st, int is_null)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(out, "t"));
	const cJSON *v = cJSON_GetObjectItem(out, "value");
	int ok = st ? t && strcmp(t, "error") == 0
			&& strcmp(sv(cJSON_GetStringValue(cJSON_GetObjectItem(out, "code"))), storage_code(st)) == 0
			&& cJSON_GetObjectItem(out, "name") == NULL
		: t && strcmp(t, "value") == 0 && (is_null ? cJSON_IsNull(v) : cJSON_IsObject(v));
	char *s = out ? cJSON_PrintUnformatted(out) : NULL;
	snprintf(answered, sizeof answered, "%s", s ? s : "(nothing)");
	free(s);
	cJSON_Delete(out);
	return ok;
}

static int revoke_grant(world *w, uint32_t st)
{
	return helper_answer(helper(w, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"" G1 "\",\"userId\":\"user1\"}"), st, 1);
}

static int complete_authorization(world *w, uint32_t st)
{
	return helper_answer(helper(w, OC_KIND_COMPLETE_AUTHORIZATION,
		"{\"request\":{\"responseType\":\"code\",\"clientId\":\"" C "\",\"redirectUri\":\"" FX_REDIRECT "\","
		"\"scope\":[\"read\"],\"state\":\"s\",\"resource\":\"" FX_RESOURCE "\"},"
		"\"userId\":\"user1\",\"metadata\":{},\"scope\":[\"read\"],\"props\":{\"p\":1}}"), st, 0);
}

/* Between a failed call and its retry: a token that still works still has its grant. */
static void check_findable(world *w, const char *what, unsigned n)
{
	static const char *gids[3] = { G1, G1, G2 };
	for (int i = 0; i < 3; i++) {
		int grant = grant_exists(w, gids[i]);
		if (!grant && (tokens_of(w, gids[i]) > 0 || token_works(w, w->at[i]))) {
			CHECK(!"a token outlives its grant");
			fprintf(stderr, "  %s, effect %u failed: a token of %s is left without its grant\n", what, n, gids[i]);
		}
	}
}

/* After the revocation succeeded: G1 (and with both, G2) gone with every token; G3 untouched. */
static void check_revoked(world *w, int both)
{
	CHECK(!grant_exists(w, G1) && tokens_of(w, G1) == 0);
	CHECK(!token_works(w, w->at[0]) && !token_works(w, w->at[1]));
	tresp r = refresh(w, w->rt);
	CHECK(r.status == 400 && strcmp(sv(tresp_str(&r, "error")), "invalid_grant") == 0);
	tresp_free(&r);
	if (both)
		CHECK(!grant_exists(w, G2) && tokens_of(w, G2) == 0 && !token_works(w, w->at[2]));
	else
		CHECK(grant_exists(w, G2) && tokens_of(w, G2) == 1 && token_works(w, w->at[2]));
	CHECK(grant_exists(w, G3) && tokens_of(w, G3) == 1);
	/* G2 and G3; or G3 and completeAuthorization's new grant (a failed call's grant is revoked by the retry) */
	CHECK(fake_kv_count(&w->f.kv, "grant:user1:") == 2);
}

/*
 * For every KV effect n of the whole revocation (lead: the non-KV effects
 * before it, the request body), and each failure status: fail effect n,
 * check the answer and the state, retry without fault, check it all gone.
 */
static void resumable(const char *what, revocation call, unsigned lead, int both)
{
	/* MISSING: a host answering a list, put or delete as a get of an absent key */
	static const uint32_t statuses[3] = { OC_FXR_FAILED, OC_FXR_RATE_LIMITED, OC_FXR_MISSING };
	world w;
	REQUIRE(world_init(&w));
	unsigned before = w.f.kv.performed;
	int done = call(&w, 0);
	if (!done)
		fprintf(stderr, "  %s without fault answered %s\n", what, answered);
	REQUIRE(done);
	unsigned total = w.f.kv.performed - before - lead;
	check_revoked(&w, both);
	world_free(&w);
	CHECK(total >= 4);
	for (int s = 0; s < 3; s++) {
		for (unsigned n = 1; n <= total; n++) {
			REQUIRE(world_init(&w));
			w.f.kv.fail_at = w.f.kv.performed + lead + n;
			w.f.kv.fail_status = statuses[s];
			int failed_cleanly = call(&w, statuses[s]);
			w.f.kv.fail_at = 0;
			/* a get answered MISSING is an absent record: any answer, but the same invariants */
			if (statuses[s] == OC_FXR_MISSING && w.f.kv.faulted_kind == OC_FX_KV_GET)
				failed_cleanly = 1;
			CHECK(failed_cleanly);
			if (!failed_cleanly)
				fprintf(stderr, "  %s, effect %u of %u failed with status %u: answered %s\n",
					what, n, total, statuses[s], answered);
			check_findable(&w, what, n);
			done = call(&w, 0);
			CHECK(done);
			if (!done)
				fprintf(stderr, "  %s, effect %u of %u failed with status %u: the retry answered %s\n",
					what, n, total, statuses[s], answered);
			check_revoked(&w, both);
			world_free(&w);
		}
	}
}

OC_TEST(revoke_rfc7009_refresh_token_resumes)
{
	resumable("RFC 7009 revocation", rfc7009_refresh_token, 1, 0);
}

OC_TEST(revoke_code_replay_resumes)
{
	resumable("code replay", code_replay, 1, 0);
}

OC_TEST(revoke_grant_helper_resumes)
{
	resumable("revokeGrant", revoke_grant, 0, 0);
}

OC_TEST(revoke_complete_authorization_resumes)
{
	resumable("completeAuthorization", complete_authorization, 0, 1);
}

/* A list answer without a key array: reported as a storage failure, never as done. */
OC_TEST(revoke_unreadable_list_answer)
{
	world w;
	REQUIRE(world_init(&w));
	w.f.kv.list_answer = "{\"list_complete\":true}";
	CHECK(rfc7009_refresh_token(&w, OC_FXR_FAILED));
	CHECK(code_replay(&w, OC_FXR_FAILED));
	CHECK(revoke_grant(&w, OC_FXR_FAILED));
	CHECK(grant_exists(&w, G1) && tokens_of(&w, G1) == 2 && token_works(&w, w.at[0]));
	w.f.kv.list_answer = NULL;
	CHECK(rfc7009_refresh_token(&w, 0));
	check_revoked(&w, 0);
	world_free(&w);
}
