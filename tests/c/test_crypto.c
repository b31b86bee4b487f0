/*
 * Known-answer tests for oc_crypto: SHA-256 (FIPS 180-2, NIST CAVP
 * SHA256ShortMsg), HMAC-SHA-256 (RFC 4231), AES-256-GCM (McGrew & Viega,
 * "The Galois/Counter Mode of Operation", test cases 13-16), AES key wrap
 * (RFC 3394 §4.3, §4.5, §4.6), PKCE S256 (RFC 7636 Appendix B).
 */
#include "oc_test.h"
#include "crypto/oc_crypto.h"
#include <stdlib.h>

/* 1 if every byte of p[0..n) is zero. */
static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

OC_TEST(sha256_fips180_and_cavp)
{
	static const struct { const char *msg_hex, *md; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "d3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1" },
		{ "11af", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98" },
		{ "616263", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	};
	uint8_t msg[64], md[32];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		size_t n = hex_decode(msg, v[i].msg_hex);
		oc_sha256(md, msg, n);
		CHECK(hex_eq(md, 32, v[i].md));
	}
	const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	oc_sha256(md, m448, strlen(m448));
	CHECK(hex_eq(md, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));

	uint8_t *million = malloc(1000000);
	REQUIRE(million != NULL);
	memset(million, 'a', 1000000);
	oc_sha256(md, million, 1000000);
	CHECK(hex_eq(md, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
	free(million);
}

OC_TEST(sha256_hex_is_lowercase_and_terminated)
{
	char hex[66];
	memset(hex, 'X', sizeof hex);
	oc_sha256_hex(hex, "abc", 3);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(hex[64] == '\0' && hex[65] == 'X');
	oc_sha256_hex(hex, "", 0);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

OC_TEST(hmac_sha256_rfc4231)
{
	static const struct { const char *key_hex, *data, *mac; size_t mac_len; } v[] = {
		{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32 },
		{ "4a656665", "what do ya want for nothing?",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL,
		  "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32 },
		{ "0102030405060708090a0b0c0d0e0f10111213141516171819", NULL,
		  "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32 },
		{ "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "Test With Truncation",
		  "a3b6167473100ee06e0c796c2955552b", 16 },
		{ NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32 },
		{ NULL, "This is a test using a larger than block-size key and a larger "
		  "than block-size data. The key needs to be hashed before being used "
		  "by the HMAC algorithm.",
		  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32 },
	};
	uint8_t key[131], data[256], mac[32];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		size_t key_len, n;
		if (v[i].key_hex) {
			key_len = hex_decode(key, v[i].key_hex);
		} else { /* cases 6 and 7: 131 bytes of 0xaa */
			key_len = 131;
			memset(key, 0xaa, key_len);
		}
		if (v[i].data) {
			n = strlen(v[i].data);
			memcpy(data, v[i].data, n);
		} else { /* case 3: 50 x 0xdd, case 4: 50 x 0xcd */
			n = 50;
			memset(data, i == 2 ? 0xdd : 0xcd, n);
		}
		oc_hmac_sha256(mac, key, key_len, data, n);
		CHECK(hex_eq(mac, v[i].mac_len, v[i].mac));
	}
}

/* GCM spec test cases 13-16: AES-256, 96-bit IV. */
static const struct {
	const char *key, *iv, *aad, *pt, *ct, *tag;
} gcm_v[] = {
	{ /* 13 */
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "000000000000000000000000", "", "", "",
	  "530f8afbc74536b9a963b4f1c4cb738b" },
	{ /* 14 */
	  "0000000000000000000000000000000000000000000000000000000000000000",
	  "000000000000000000000000", "",
	  "00000000000000000000000000000000",
	  "cea7403d4d606b6e074ec5d3baf39d18",
	  "d0d1c8a799996bf0265b98b5d48ab919" },
	{ /* 15 */
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  "cafebabefacedbaddecaf888", "",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
	  "b094dac5d93471bdec1a502270e3cc6c" },
	{ /* 16 */
	  "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
	  "cafebabefacedbaddecaf888",
	  "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
	  "76fc6ece0f4e1768cddf8853bb2d551b" },
};

OC_TEST(gcm_seal_open_spec_vectors)
{
	uint8_t key[32], iv[12], aad[32], pt[64], sealed[80], buf[96];
	for (size_t i = 0; i < sizeof gcm_v / sizeof gcm_v[0]; i++) {
		REQUIRE(hex_decode(key, gcm_v[i].key) == 32);
		REQUIRE(hex_decode(iv, gcm_v[i].iv) == 12);
		size_t aad_len = hex_decode(aad, gcm_v[i].aad);
		size_t n = hex_decode(pt, gcm_v[i].pt);
		REQUIRE(hex_decode(sealed, gcm_v[i].ct) == n);
		REQUIRE(hex_decode(sealed + n, gcm_v[i].tag) == 16);

		memset(buf, 0x55, sizeof buf);
		oc_gcm_seal(buf, key, iv, aad, aad_len, pt, n);
		CHECK_MEM(buf, sealed, n + 16);
		CHECK(buf[n + 16] == 0x55);

		memcpy(buf, pt, n); /* in place */
		oc_gcm_seal(buf, key, iv, aad, aad_len, buf, n);
		CHECK_MEM(buf, sealed, n + 16);

		memset(buf, 0x55, sizeof buf);
		CHECK(oc_gcm_open(buf, key, iv, aad, aad_len, sealed, n + 16) == 0);
		CHECK_MEM(buf, pt, n);
		CHECK(buf[n] == 0x55);

		memcpy(buf, sealed, n + 16); /* in place */
		CHECK(oc_gcm_open(buf, key, iv, aad, aad_len, buf, n + 16) == 0);
		CHECK_MEM(buf, pt, n);
	}
}

OC_TEST(gcm_open_rejects_tampering_and_zeroes_output)
{
	uint8_t key[32], iv[12], aad[32], pt[64], sealed[80], bad[80], out[80];
	for (size_t i = 0; i < sizeof gcm_v / sizeof gcm_v[0]; i++) {
		hex_decode(key, gcm_v[i].key);
		hex_decode(iv, gcm_v[i].iv);
		size_t aad_len = hex_decode(aad, gcm_v[i].aad);
		size_t n = hex_decode(pt, gcm_v[i].pt);
		hex_decode(sealed, gcm_v[i].ct);
		hex_decode(sealed + n, gcm_v[i].tag);

		/* first and last byte of the tag, then of the ciphertext */
		size_t spots[] = { n, n + 15, 0, n - 1 };
		for (size_t s = 0; s < (n > 0 ? 4u : 2u); s++) {
			memcpy(bad, sealed, n + 16);
			bad[spots[s]] ^= 0x80;
			memset(out, 0xff, sizeof out);
			CHECK(oc_gcm_open(out, key, iv, aad, aad_len, bad, n + 16) == -1);
			CHECK(all_zero(out, n));
		}
		if (n > 0) {
			/* in place: the buffer is zeroed */
			memcpy(bad, sealed, n + 16);
			bad[0] ^= 0x80;
			CHECK(oc_gcm_open(bad, key, iv, aad, aad_len, bad, n + 16) == -1);
			CHECK(all_zero(bad, n));
		}
		/* AAD: changed, dropped, or added */
		memset(out, 0xff, sizeof out);
		if (aad_len > 0) {
			uint8_t aad2[32];
			memcpy(aad2, aad, aad_len);
			aad2[aad_len - 1] ^= 0x01;
			CHECK(oc_gcm_open(out, key, iv, aad2, aad_len, sealed, n + 16) == -1);
			CHECK(all_zero(out, n));
			memset(out, 0xff, sizeof out);
			CHECK(oc_gcm_open(out, key, iv, NULL, 0, sealed, n + 16) == -1);
			CHECK(all_zero(out, n));
		} else {
			CHECK(oc_gcm_open(out, key, iv, "x", 1, sealed, n + 16) == -1);
			CHECK(all_zero(out, n));
		}
		/* wrong IV */
		iv[11] ^= 0x01;
		memset(out, 0xff, sizeof out);
		CHECK(oc_gcm_open(out, key, iv, aad, aad_len, sealed, n + 16) == -1);
		CHECK(all_zero(out, n));
	}
}

OC_TEST(gcm_open_rejects_short_input)
{
	uint8_t key[32] = { 0 }, iv[12] = { 0 }, ct[16] = { 0 }, out[16];
	memset(out, 0x55, sizeof out);
	CHECK(oc_gcm_open(out, key, iv, NULL, 0, ct, 15) == -1);
	CHECK(oc_gcm_open(out, key, iv, NULL, 0, ct, 0) == -1);
	CHECK(out[0] == 0x55); /* nothing to write for a short input */
}

/* RFC 3394 §4.3, §4.5, §4.6: KEK 000102..1f. */
static const struct { const char *data, *wrapped; } kw_v[] = {
	{ "00112233445566778899aabbccddeeff",
	  "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7" },
	{ "00112233445566778899aabbccddeeff0001020304050607",
	  "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1" },
	{ "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f",
	  "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21" },
};

static void kw_kek(uint8_t kek[32])
{
	for (int i = 0; i < 32; i++)
		kek[i] = (uint8_t)i;
}

OC_TEST(kw_rfc3394_vectors)
{
	uint8_t kek[32], data[32], wrapped[40], buf[48];
	kw_kek(kek);
	for (size_t i = 0; i < sizeof kw_v / sizeof kw_v[0]; i++) {
		size_t n = hex_decode(data, kw_v[i].data);
		REQUIRE(hex_decode(wrapped, kw_v[i].wrapped) == n + 8);

		memset(buf, 0x55, sizeof buf);
		CHECK(oc_kw_wrap(buf, kek, data, n) == 0);
		CHECK_MEM(buf, wrapped, n + 8);
		CHECK(buf[n + 8] == 0x55);

		memcpy(buf, data, n); /* in place */
		CHECK(oc_kw_wrap(buf, kek, buf, n) == 0);
		CHECK_MEM(buf, wrapped, n + 8);

		memset(buf, 0x55, sizeof buf);
		CHECK(oc_kw_unwrap(buf, kek, wrapped, n + 8) == 0);
		CHECK_MEM(buf, data, n);
		CHECK(buf[n] == 0x55);

		memcpy(buf, wrapped, n + 8); /* in place */
		CHECK(oc_kw_unwrap(buf, kek, buf, n + 8) == 0);
		CHECK_MEM(buf, data, n);
	}
}

OC_TEST(kw_unwrap_rejects_corruption_and_zeroes_output)
{
	uint8_t kek[32], wrapped[40], bad[40], out[40];
	kw_kek(kek);
	for (size_t i = 0; i < sizeof kw_v / sizeof kw_v[0]; i++) {
		size_t w = hex_decode(wrapped, kw_v[i].wrapped);
		for (size_t pos = 0; pos < w; pos++) {
			memcpy(bad, wrapped, w);
			bad[pos] ^= 0x01;
			memset(out, 0xff, sizeof out);
			CHECK(oc_kw_unwrap(out, kek, bad, w) == -1);
			CHECK(all_zero(out, w - 8));
			CHECK(out[w - 8] == 0xff);
		}
		/* wrong KEK, in place */
		uint8_t kek2[32];
		memcpy(kek2, kek, 32);
		kek2[31] ^= 0x01;
		memcpy(bad, wrapped, w);
		CHECK(oc_kw_unwrap(bad, kek2, bad, w) == -1);
		CHECK(all_zero(bad, w - 8));
	}
}

OC_TEST(kw_rejects_bad_lengths)
{
	uint8_t kek[32], in[48] = { 0 }, out[64];
	kw_kek(kek);
	static const size_t bad_wrap[] = { 0, 7, 8, 15, 17, 20, 31 };
	for (size_t i = 0; i < sizeof bad_wrap / sizeof bad_wrap[0]; i++) {
		memset(out, 0x55, sizeof out);
		CHECK(oc_kw_wrap(out, kek, in, bad_wrap[i]) == -1);
		CHECK(out[0] == 0x55);
	}
	static const size_t bad_unwrap[] = { 0, 8, 16, 23, 25, 36, 47 };
	for (size_t i = 0; i < sizeof bad_unwrap / sizeof bad_unwrap[0]; i++) {
		size_t n = bad_unwrap[i];
		memset(out, 0x55, sizeof out);
		CHECK(oc_kw_unwrap(out, kek, in, n) == -1);
		if (n > 8)
			CHECK(all_zero(out, n - 8));
		CHECK(out[n > 8 ? n - 8 : 0] == 0x55);
	}
}

OC_TEST(pkce_s256_rfc7636_appendix_b)
{
	/*
	 * code_verifier dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk hashes to the
	 * octets below (the RFC's JSON array [19, 211, ..., 249, 195]), whose
	 * base64url is the code_challenge E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM.
	 */
	const char *verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
	uint8_t md[32];
	oc_sha256(md, verifier, strlen(verifier));
	CHECK(hex_eq(md, 32, "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3"));
}

OC_TEST(ct_eq_cases)
{
	uint8_t a[32], b[32];
	for (int i = 0; i < 32; i++)
		a[i] = b[i] = (uint8_t)(i * 7 + 1);
	CHECK(oc_ct_eq(a, b, 32) == 1);
	b[0] ^= 0x80;
	CHECK(oc_ct_eq(a, b, 32) == 0);
	b[0] ^= 0x80;
	b[31] ^= 0x01;
	CHECK(oc_ct_eq(a, b, 32) == 0);
	CHECK(oc_ct_eq(a, b, 31) == 1);
	CHECK(oc_ct_eq(a, b, 0) == 1);
}

OC_TEST(random_draws_differ_and_are_not_zero)
{
	uint8_t a[32], b[32], big[1000];
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	CHECK(oc_random(a, sizeof a) == 0);
	CHECK(oc_random(b, sizeof b) == 0);
	CHECK(!all_zero(a, sizeof a));
	CHECK(!all_zero(b, sizeof b));
	CHECK(memcmp(a, b, sizeof a) != 0);
	/* more than one getentropy call: the tail is filled too */
	memset(big, 0, sizeof big);
	CHECK(oc_random(big, sizeof big) == 0);
	CHECK(!all_zero(big + 768, sizeof big - 768));
	CHECK(oc_random(a, 0) == 0);
}
