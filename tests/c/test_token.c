#include "oc_test.h"
#include "token/oc_token.h"
#include "crypto/oc_crypto.h"

/* Expected values computed independently with python3 hashlib/hmac,
 * cryptography (aes_key_wrap, AESGCM) and `openssl enc -id-aes256-wrap`. */
#define TOK "user-1:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_"
#define TOK_ID "60699b2d72ec173b88d301d7d38ccec03933cbd518fbe083e230a3f105950870"
#define TOK_KEK "1bc14430bbeaec5c87e2c156e5a6caf0d8560f0575a5b2999fb58a0b6f2d406a"
#define TOK_WRAP "2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ=="
#define PROPS "{\"user\":\"alice\",\"n\":1}"
#define PROPS_CT "dZ7ArdBeoYcqycVce0mztfAtdGkZ/I5MOudYDQEx0vKryETOFJI="

static void grant_key(uint8_t k[32])
{
	for (int i = 0; i < 32; i++)
		k[i] = (uint8_t)i;
}

OC_TEST(token_random_alphabet_and_lengths)
{
	char s[200];
	int seen[256] = { 0 };
	for (int r = 0; r < 50; r++) {
		REQUIRE(oc_token_random(s, 199).code == OC_OK);
		CHECK(strlen(s) == 199);
		CHECK(oc_token_is_alphabet(s, 199));
		for (int i = 0; i < 199; i++)
			seen[(unsigned char)s[i]]++;
	}
	int distinct = 0;
	for (int i = 0; i < 256; i++)
		distinct += seen[i] != 0;
	CHECK(distinct == 64); /* 9950 draws cover all 64 symbols */
	char g[OC_TOKEN_GRANT_ID_LEN + 1], g2[OC_TOKEN_GRANT_ID_LEN + 1];
	REQUIRE(oc_token_random(g, OC_TOKEN_GRANT_ID_LEN).code == OC_OK);
	REQUIRE(oc_token_random(g2, OC_TOKEN_GRANT_ID_LEN).code == OC_OK);
	CHECK(strlen(g) == 16 && strcmp(g, g2) != 0);
	REQUIRE(oc_token_random(s, 0).code == OC_OK);
	CHECK(s[0] == 0);
}

OC_TEST(token_is_alphabet)
{
	CHECK(oc_token_is_alphabet("AZaz09-_", 8));
	CHECK(!oc_token_is_alphabet("", 0));
	const char *bad = "+/=:. ~\x80\xff@[`{";
	for (const char *p = bad; *p; p++)
		CHECK(!oc_token_is_alphabet(p, 1));
	CHECK(!oc_token_is_alphabet("ab\0c", 4));
}

OC_TEST(token_build_parse_round_trip)
{
	oc_arena *a = oc_arena_new();
	char *t;
	size_t n;
	oc_token_parts p;
	REQUIRE(oc_token_build(a, "user-1", "ABCDEFGHijklmnop",
		"0123456789abcdefghijABCDEFGHIJ-_", &t, &n).code == OC_OK);
	CHECK_STR(t, TOK);
	CHECK(n == strlen(TOK));
	REQUIRE(oc_token_parse(a, t, n, &p).code == OC_OK);
	CHECK_STR(p.user_id, "user-1");
	CHECK_STR(p.grant_id, "ABCDEFGHijklmnop");

	/* old user ids may contain ':': parsing is from the right */
	REQUIRE(oc_token_build(a, "a:b:c", "ABCDEFGHijklmnop",
		"0123456789abcdefghijABCDEFGHIJ-_", &t, &n).code == OC_OK);
	REQUIRE(oc_token_parse(a, t, n, &p).code == OC_OK);
	CHECK_STR(p.user_id, "a:b:c");

	/* a fresh token parses back */
	REQUIRE(oc_token_new(a, "bob@example.com", "zzzzzzzzzzzzzzzz", &t, &n).code == OC_OK);
	CHECK(n == strlen("bob@example.com") + 50);
	REQUIRE(oc_token_parse(a, t, n, &p).code == OC_OK);
	CHECK_STR(p.user_id, "bob@example.com");
	CHECK(oc_token_is_alphabet(t + n - 32, 32));

	/* build refusals */
	CHECK(oc_token_build(a, "", "ABCDEFGHijklmnop", "0123456789abcdefghijABCDEFGHIJ-_",
		&t, &n).code == OC_ERR_INVALID_REQUEST);
	CHECK(t == NULL && n == 0);
	CHECK(oc_token_build(a, "u", "ABCDEFGHijklmno", "0123456789abcdefghijABCDEFGHIJ-_",
		&t, &n).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_token_build(a, "u", "ABCDEFGHijklmno+", "0123456789abcdefghijABCDEFGHIJ-_",
		&t, &n).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_token_build(a, "u", "ABCDEFGHijklmnop", "0123456789abcdefghijABCDEFGHIJ-_x",
		&t, &n).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_token_build(a, "u", "ABCDEFGHijklmnop", "0123456789abcdefghijABCDEFGHIJ-.",
		&t, &n).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

OC_TEST(token_parse_rejections)
{
	oc_arena *a = oc_arena_new();
	oc_token_parts p;
	static const char *const bad[] = {
		"",
		":ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_",        /* empty user */
		"ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_",         /* no user */
		"u:ABCDEFGHijklmno:0123456789abcdefghijABCDEFGHIJ-_",        /* grant 15 */
		"u:ABCDEFGHijklmnopq:0123456789abcdefghijABCDEFGHIJ-_",      /* grant 17 */
		"u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-",        /* secret 31 */
		"u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_x",      /* secret 33 */
		"u:ABCDEFGHijklmn+p:0123456789abcdefghijABCDEFGHIJ-_",       /* grant charset */
		"u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-/",       /* secret charset */
		"u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGH:J-_",       /* ':' in secret */
		"u:ABCDEFGHijklmnop-0123456789abcdefghijABCDEFGHIJ-_",       /* no separator */
		"u-ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_",       /* no separator */
		"u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		oc_err e = oc_token_parse(a, bad[i], strlen(bad[i]), &p);
		CHECK(e.code == OC_ERR_INVALID_TOKEN);
		CHECK(p.user_id == NULL && p.grant_id == NULL);
	}
	static const char nul[] = "u\0v:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_";
	CHECK(oc_token_parse(a, nul, sizeof nul - 1, &p).code == OC_ERR_INVALID_TOKEN);
	oc_arena_free(a);
}

OC_TEST(token_id_and_secret_hash_known_answers)
{
	char id[65];
	oc_token_id(id, TOK, strlen(TOK));
	CHECK_STR(id, TOK_ID);
	oc_token_client_secret_hash(id, "s3cret", 6);
	CHECK_STR(id, "1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0");
	CHECK(oc_token_client_secret_check(id, 64, "s3cret", 6));
	CHECK(!oc_token_client_secret_check(id, 64, "s3cres", 6));
	CHECK(!oc_token_client_secret_check(id, 63, "s3cret", 6));
	CHECK(!oc_token_client_secret_check("", 0, "s3cret", 6));
}

/* A stored id against a token's id: the code, refresh and revocation rules all ask this. */
OC_TEST(token_id_eq)
{
	char id[65], other[65];
	oc_token_id(id, TOK, strlen(TOK));
	memcpy(other, id, sizeof other);
	CHECK(oc_token_id_eq(TOK_ID, id));
	CHECK(!oc_token_id_eq(NULL, id));
	CHECK(!oc_token_id_eq("", id));
	CHECK(!oc_token_id_eq(TOK_ID "0", id));
	other[63] = 0;
	CHECK(!oc_token_id_eq(other, id));
	other[63] = id[63] == '0' ? '1' : '0';
	CHECK(!oc_token_id_eq(other, id));
	other[63] = id[63];
	other[0] = id[0] == 'a' ? 'b' : 'a';
	CHECK(!oc_token_id_eq(other, id));
}

OC_TEST(token_wrap_known_answers)
{
	uint8_t kek[32], k[32], out[32];
	char w[OC_TOKEN_WRAPPED_LEN + 1];
	oc_token_wrapping_key(kek, TOK, strlen(TOK));
	CHECK(hex_eq(kek, 32, TOK_KEK));
	grant_key(k);
	oc_token_wrap(w, TOK, strlen(TOK), k);
	CHECK_STR(w, TOK_WRAP);
	REQUIRE(oc_token_unwrap(out, TOK, strlen(TOK), w, strlen(w)).code == OC_OK);
	CHECK_MEM(out, k, 32);
}

OC_TEST(token_unwrap_rejections)
{
	uint8_t out[32];
	const size_t tn = strlen(TOK);
	char w[OC_TOKEN_WRAPPED_LEN + 1];
	/* another token's wrapping key fails the integrity check */
	const char *other = "user-1:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-A";
	memset(out, 0x55, sizeof out);
	CHECK(oc_token_unwrap(out, other, strlen(other), TOK_WRAP, 56).code == OC_ERR_INVALID_GRANT);
	uint8_t zero[32] = { 0 };
	CHECK_MEM(out, zero, 32);
	/* a flipped bit */
	strcpy(w, TOK_WRAP);
	w[10] = w[10] == 'A' ? 'B' : 'A';
	CHECK(oc_token_unwrap(out, TOK, tn, w, 56).code == OC_ERR_INVALID_GRANT);
	/* bad base64, wrong lengths */
	strcpy(w, TOK_WRAP);
	w[0] = '*';
	CHECK(oc_token_unwrap(out, TOK, tn, w, 56).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_token_unwrap(out, TOK, tn, TOK_WRAP, 55).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_token_unwrap(out, TOK, tn, "", 0).code == OC_ERR_INVALID_GRANT);
	/* 48 bytes of valid base64 (a 40-byte length is required, 48 is not) */
	const char *b48 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	CHECK(oc_token_unwrap(out, TOK, tn, b48, 64).code == OC_ERR_INVALID_GRANT);
	/* 56 chars that decode to 41 bytes? impossible; 56 chars with padding misuse */
	strcpy(w, TOK_WRAP);
	w[54] = 'A';
	CHECK(oc_token_unwrap(out, TOK, tn, w, 56).code == OC_ERR_INVALID_GRANT);
}

OC_TEST(token_props_known_answer_and_round_trip)
{
	oc_arena *a = oc_arena_new();
	uint8_t k[32], k2[32];
	char *b64, *json;
	size_t jn;
	grant_key(k);
	REQUIRE(oc_token_props_encrypt_with(a, PROPS, strlen(PROPS), k, &b64).code == OC_OK);
	CHECK_STR(b64, PROPS_CT);
	REQUIRE(oc_token_props_decrypt(a, k, b64, strlen(b64), &json, &jn).code == OC_OK);
	CHECK_STR(json, PROPS);
	CHECK(jn == strlen(PROPS));

	/* fresh keys differ and each opens its own ciphertext */
	char *b1, *b2;
	REQUIRE(oc_token_props_encrypt(a, PROPS, strlen(PROPS), k, &b1).code == OC_OK);
	REQUIRE(oc_token_props_encrypt(a, PROPS, strlen(PROPS), k2, &b2).code == OC_OK);
	CHECK(memcmp(k, k2, 32) != 0 && strcmp(b1, b2) != 0);
	REQUIRE(oc_token_props_decrypt(a, k2, b2, strlen(b2), &json, &jn).code == OC_OK);
	CHECK_STR(json, PROPS);
	CHECK(oc_token_props_decrypt(a, k, b2, strlen(b2), &json, &jn).code == OC_ERR_SERVER_ERROR);
	CHECK(json == NULL && jn == 0);

	/* empty plaintext: the tag alone */
	REQUIRE(oc_token_props_encrypt_with(a, "", 0, k, &b64).code == OC_OK);
	CHECK(strlen(b64) == 24);
	REQUIRE(oc_token_props_decrypt(a, k, b64, 24, &json, &jn).code == OC_OK);
	CHECK(jn == 0 && json[0] == 0);
	oc_arena_free(a);
}

OC_TEST(token_props_rejections)
{
	oc_arena *a = oc_arena_new();
	uint8_t k[32];
	char *json, *b64, buf[200];
	size_t jn;
	grant_key(k);
	strcpy(buf, PROPS_CT);
	buf[3] ^= 1;
	CHECK(oc_token_props_decrypt(a, k, buf, strlen(buf), &json, &jn).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_token_props_decrypt(a, k, "AAAA", 4, &json, &jn).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_token_props_decrypt(a, k, "", 0, &json, &jn).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_token_props_decrypt(a, k, "not base64!", 11, &json, &jn).code == OC_ERR_SERVER_ERROR);
	/* unpadded (base64url-style) input is refused */
	CHECK(oc_token_props_decrypt(a, k, PROPS_CT, strlen(PROPS_CT) - 1, &json, &jn).code
		== OC_ERR_SERVER_ERROR);
	/* a plaintext with a NUL byte authenticates but is refused */
	REQUIRE(oc_token_props_encrypt_with(a, "a\0b", 3, k, &b64).code == OC_OK);
	CHECK(oc_token_props_decrypt(a, k, b64, strlen(b64), &json, &jn).code == OC_ERR_SERVER_ERROR);
	/* and so is one that is not UTF-8 */
	REQUIRE(oc_token_props_encrypt_with(a, "\"\xff\"", 3, k, &b64).code == OC_OK);
	CHECK(oc_token_props_decrypt(a, k, b64, strlen(b64), &json, &jn).code == OC_ERR_SERVER_ERROR);
	CHECK(json == NULL);
	oc_arena_free(a);
}
