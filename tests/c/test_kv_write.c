/*
 * The token and grant records (and the grant's KV metadata) written without a
 * tree (oc_jsonw's member writers) against the same records built as cJSON trees and printed
 * (kv_cjson_ref.c, what the core wrote before): byte for byte the same text,
 * and the same refusals. Over generated records: every optional member present
 * or absent, strings with escapes, controls, DEL, '/', raw UTF-8 (2, 3 and 4
 * bytes) and long runs, edge timestamps, lists empty to long, and grant
 * metadata trees of every JSON kind, with escaped and unicode strings and names.
 */
#include "oc_test.h"
#include "kv_cjson_ref.h"
#include "store/oc_kv.h"
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (rng_state >> 8) % n;
}

/* Pieces a string is made of: plain text, every escape cJSON writes, DEL, '/', UTF-8. */
static const char *const PIECES[] = {
	"a", "read", "https://api.example.com/", "eA==", "2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5Cij",
	"\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f", "\x0b", "\x7f",
	"\xc3\xa9", "\xe2\x82\xac", "\xe2\x80\xa8", "\xef\xbf\xbf", "\xf0\x9f\x98\x80", " ", "{}[],:",
};

static char *gen_str(oc_arena *a)
{
	size_t k = rnd(8) == 0 ? 0 : 1 + rnd(rnd(4) == 0 ? 60 : 6), n = 0;
	char buf[4096];
	for (size_t i = 0; i < k; i++) {
		const char *p = PIECES[rnd(sizeof PIECES / sizeof PIECES[0])];
		size_t l = strlen(p);
		if (n + l >= sizeof buf)
			break;
		memcpy(buf + n, p, l);
		n += l;
	}
	return oc_arena_strndup(a, buf, n);
}

/* NULL half the time. */
static char *maybe_str(oc_arena *a)
{
	return rnd(2) ? gen_str(a) : NULL;
}

static int64_t gen_int(void)
{
	static const int64_t EDGE[] = { 0, 1, -1, 1700000000, 1700003600, 9007199254740992LL,
		-9007199254740992LL, 4294967295LL, 99999999999LL };
	return rnd(3) ? EDGE[rnd(sizeof EDGE / sizeof EDGE[0])] : (int64_t)rnd(2000000000) * (rnd(2) ? 1 : -1);
}

static oc_strs gen_strs(oc_arena *a)
{
	oc_strs l = { NULL, rnd(5) == 0 ? 0 : 1 + rnd(rnd(4) == 0 ? 40 : 4) };
	l.v = oc_arena_alloc(a, (l.n + 1) * sizeof *l.v);
	for (size_t i = 0; i < l.n; i++)
		l.v[i] = gen_str(a);
	return l;
}

static oc_kv_strs gen_multi(oc_arena *a)
{
	oc_kv_strs m = { OC_KV_ABSENT, { NULL, 0 } };
	switch (rnd(3)) {
	case 1:
		m.form = OC_KV_STRING;
		m.list.v = oc_arena_alloc(a, sizeof *m.list.v);
		m.list.v[0] = gen_str(a);
		m.list.n = 1;
		break;
	case 2:
		m.form = OC_KV_ARRAY;
		m.list = gen_strs(a);
		break;
	}
	return m;
}

/* A metadata tree: objects, arrays, strings (escapes, unicode, in names too), numbers, literals. */
static cJSON *gen_json(oc_arena *a, int depth)
{
	static const double NUMS[] = { 0, -0.0, 1.5, -1e-7, 1e21, 123456789012345680000.0, 9007199254740993.0, 0.1 };
	switch (depth > 3 ? 3 + rnd(4) : rnd(7)) {
	case 0: {
		cJSON *o = cJSON_CreateObject();
		for (uint32_t i = rnd(4); i > 0; i--)
			cJSON_AddItemToObject(o, gen_str(a), gen_json(a, depth + 1));
		return o;
	}
	case 1: case 2: {
		cJSON *l = cJSON_CreateArray();
		for (uint32_t i = rnd(4); i > 0; i--)
			cJSON_AddItemToArray(l, gen_json(a, depth + 1));
		return l;
	}
	case 3: return cJSON_CreateString(gen_str(a));
	case 4: return cJSON_CreateNumber(NUMS[rnd(sizeof NUMS / sizeof NUMS[0])]);
	case 5: return rnd(2) ? cJSON_CreateNull() : cJSON_CreateBool(rnd(2));
	default: return cJSON_CreateString("");
	}
}

/* Both writers agree: both refuse, or both write the same bytes. */
#define SAME(enc, enc_ref, rec) do { \
	char *o1 = NULL, *o2 = NULL; \
	oc_err e1 = enc(a, rec, &o1), e2 = enc_ref(a, rec, &o2); \
	CHECK(e1.code == e2.code); \
	CHECK((o1 == NULL) == (o2 == NULL)); \
	if (o1 != NULL && o2 != NULL) \
		CHECK_STR(o1, o2); \
	written += o1 != NULL; \
} while (0)

OC_TEST(kv_write_same_as_cjson_tree)
{
	int written = 0;
	rng_state = 16;
	for (int i = 0; i < 3000; i++) {
		oc_arena *a = oc_arena_new();
		REQUIRE(a != NULL);
		oc_arena_bind_json(a);

		oc_access_rec t = { 0 };
		t.id = rnd(20) ? gen_str(a) : NULL;
		t.grant_id = gen_str(a);
		t.user_id = gen_str(a);
		t.created_at = gen_int();
		t.expires_at = gen_int();
		t.audience = gen_multi(a);
		t.has_scope = (int)rnd(2);
		t.scope = gen_strs(a);
		t.wrapped_encryption_key = gen_str(a);
		t.grant.client_id = maybe_str(a);
		t.grant.scope = gen_strs(a);
		t.grant.encrypted_props = rnd(20) ? gen_str(a) : NULL;
		SAME(oc_access_rec_encode, oc_access_rec_encode_cjson, &t);

		oc_grant g = { 0 };
		g.id = gen_str(a);
		g.client_id = rnd(20) ? gen_str(a) : NULL;
		g.user_id = gen_str(a);
		g.scope = gen_strs(a);
		g.metadata = rnd(2) ? gen_json(a, 0) : NULL;
		g.encrypted_props = gen_str(a);
		g.created_at = gen_int();
		g.has_expires_at = (int)rnd(2);
		g.expires_at = gen_int();
		g.resource = gen_multi(a);
		g.redirect_uri = maybe_str(a);
		g.auth_code_id = maybe_str(a);
		g.auth_code_wrapped_key = maybe_str(a);
		g.code_challenge = maybe_str(a);
		g.code_challenge_method = maybe_str(a);
		g.refresh_token_id = maybe_str(a);
		g.refresh_token_wrapped_key = maybe_str(a);
		g.previous_refresh_token_id = maybe_str(a);
		g.previous_refresh_token_wrapped_key = maybe_str(a);
		SAME(oc_grant_encode, oc_grant_encode_cjson, &g);
		SAME(oc_grant_kv_metadata, oc_grant_kv_metadata_cjson, &g);

		oc_arena_bind_json(NULL);
		oc_arena_free(a);
	}
	CHECK(written > 7000); /* most records are written, not refused */
}

/* What both refuse: a NULL string in a list, a string form without exactly one string, a required member missing. */
OC_TEST(kv_write_refuses_as_cjson_tree)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	oc_arena_bind_json(a);
	int written = 0;
	char *with_null[] = { "a", NULL }, *two[] = { "x", "y" };
	oc_access_rec t = { 0 };
	t.id = "t";
	t.grant_id = "g";
	t.user_id = "u";
	t.wrapped_encryption_key = "k";
	t.grant.encrypted_props = "p";
	SAME(oc_access_rec_encode, oc_access_rec_encode_cjson, &t);
	CHECK(written == 1);
	t.grant.scope = (oc_strs){ with_null, 2 };
	SAME(oc_access_rec_encode, oc_access_rec_encode_cjson, &t);
	t.grant.scope = (oc_strs){ NULL, 0 };
	t.audience.form = OC_KV_STRING;
	t.audience.list = (oc_strs){ two, 2 };
	SAME(oc_access_rec_encode, oc_access_rec_encode_cjson, &t);
	t.audience.form = OC_KV_ABSENT;
	t.user_id = NULL;
	SAME(oc_access_rec_encode, oc_access_rec_encode_cjson, &t);
	CHECK(written == 1);

	oc_grant g = { 0 };
	g.id = "g";
	g.client_id = "c";
	g.user_id = "u";
	g.encrypted_props = "p";
	g.scope = (oc_strs){ with_null, 2 };
	SAME(oc_grant_encode, oc_grant_encode_cjson, &g);
	g.scope = (oc_strs){ two, 2 };
	g.resource.form = OC_KV_STRING;
	g.resource.list = (oc_strs){ two, 0 };
	SAME(oc_grant_encode, oc_grant_encode_cjson, &g);
	SAME(oc_grant_kv_metadata, oc_grant_kv_metadata_cjson, &g);
	g.resource.form = OC_KV_ARRAY;
	g.resource.list = (oc_strs){ with_null, 2 };
	SAME(oc_grant_kv_metadata, oc_grant_kv_metadata_cjson, &g);
	CHECK(written == 1);
	g.resource.form = OC_KV_ABSENT;
	g.redirect_uri = "https://client.example.com/cb?\xc3\xa9=\"\\";
	SAME(oc_grant_kv_metadata, oc_grant_kv_metadata_cjson, &g);
	SAME(oc_grant_encode, oc_grant_encode_cjson, &g);
	CHECK(written == 3);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
