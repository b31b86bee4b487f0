/*
 * The token endpoint's record writers and key wraps, natively: the token and
 * grant records a code exchange writes, through oc_jsonw (kvw_*) and through
 * the cJSON tree (tests/c/kv_cjson_ref.c, what the core did before); a token
 * wrapping key through the fixed key's cached HMAC state and through a plain
 * HMAC; the AES key wrap of a 32-byte key as the core runs it (a key
 * schedule, then each block through oc_aes256_encrypt) and the unwrap (one
 * function, the state in a register, the tables loaded once). Best of 7
 * rounds, ns per call; a fresh arena per record. Build and run:
 *   D=build/deps; clang-19 -O2 -mssse3 -mpclmul -std=c11 -D_POSIX_C_SOURCE=199309L -Iinclude -Isrc -Itests/c \
 *     -I$D/bearssl/inc -I$D/bearssl/src -I$D/cjson -include src/base/oc_cjson_libc.h -o build/tokperf_bench \
 *     bench/tokperf_bench.c tests/c/kv_cjson_ref.c src/base/oc_*.c src/store/oc_*.c src/crypto/oc_*.c \
 *     src/token/oc_token.c $D/cjson/cJSON.c \
 *     $D/bearssl/src/hash/sha2small.c $D/bearssl/src/codec/dec32be.c $D/bearssl/src/codec/enc32be.c \
 *     -Wl,--unresolved-symbols=ignore-all -lm && build/tokperf_bench
 */
#include "kv_cjson_ref.h"
#include "store/oc_kv.h"
#include "crypto/oc_aes.h"
#include "crypto/oc_crypto.h"
#include "token/oc_token.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define N 20000

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static volatile size_t sink;

#define BEST(label, body) do { \
	double best = 1e30; \
	for (int r = 0; r < 7; r++) { \
		double t0 = now_ns(); \
		for (int i = 0; i < N; i++) { body; } \
		double dt = (now_ns() - t0) / N; \
		if (dt < best) best = dt; \
	} \
	printf("%-44s %8.0f ns\n", label, best); \
} while (0)

#define RECORD(label, T, enc, rec) BEST(label, { \
	oc_arena *a = oc_arena_new(); char *o; \
	if (enc(a, rec, &o).code == OC_OK) sink += strlen(o); \
	oc_arena_bind_json(NULL); oc_arena_free(a); })

int main(void)
{
	char *scope[] = { "read", "write" }, *aud[] = { "https://example.com/api" };
	oc_access_rec t = { 0 };
	t.id = "5f8e1c2a9b7d4e3f6a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
	t.grant_id = "AbCdEfGhIjKlMnOp";
	t.user_id = "user42";
	t.created_at = 1764680000;
	t.expires_at = 1764683600;
	t.audience.form = OC_KV_STRING;
	t.audience.list = (oc_strs){ aud, 1 };
	t.has_scope = 1;
	t.scope = (oc_strs){ scope, 2 };
	t.wrapped_encryption_key = "2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ==";
	t.grant.client_id = "QrStUvWxYz012345";
	t.grant.scope = (oc_strs){ scope, 2 };
	t.grant.encrypted_props = "uVtM3y8m1cZ0p9QnS0yA7bK2fH6jLwE4rT5xG8dN1qP3sV7zC0iO2uY9eR6tW4hB";
	oc_grant g = { 0 };
	g.id = t.grant_id;
	g.client_id = t.grant.client_id;
	g.user_id = t.user_id;
	g.scope = t.grant.scope;
	g.encrypted_props = t.grant.encrypted_props;
	g.created_at = t.created_at;
	g.resource = t.audience;
	g.redirect_uri = "https://client.example.com/callback";
	g.refresh_token_id = t.id;
	g.refresh_token_wrapped_key = t.wrapped_encryption_key;
	g.has_expires_at = 1;
	g.expires_at = t.created_at + 2592000;

	RECORD("token record, oc_jsonw", oc_access_rec, oc_access_rec_encode, &t);
	RECORD("token record, cJSON tree + oc_json_print", oc_access_rec, oc_access_rec_encode_cjson, &t);
	RECORD("grant record, oc_jsonw", oc_grant, oc_grant_encode, &g);
	RECORD("grant record, cJSON tree + oc_json_print", oc_grant, oc_grant_encode_cjson, &g);
	RECORD("grant KV metadata, oc_jsonw", oc_grant, oc_grant_kv_metadata, &g);
	RECORD("grant KV metadata, cJSON tree", oc_grant, oc_grant_kv_metadata_cjson, &g);

	static const char tok[] = "user42:AbCdEfGhIjKlMnOp:0123456789abcdefghijklmnopqrstuv";
	static const uint8_t fixed[32] = { 1 };
	uint8_t kek[32], key[32] = { 7 }, w[40];
	BEST("wrapping key, cached HMAC state", { oc_token_wrapping_key(kek, tok, sizeof tok - 1); sink += kek[0]; });
	BEST("wrapping key, plain HMAC", { oc_hmac_sha256(kek, fixed, sizeof fixed, tok, sizeof tok - 1); sink += kek[0]; });
	BEST("AES key wrap, 32-byte key", { oc_kw_wrap(w, kek, key, 32); sink += w[0]; });
	BEST("AES key unwrap, 32-byte key", { sink += oc_kw_unwrap(key, kek, w, 40); });
	return 0;
}
