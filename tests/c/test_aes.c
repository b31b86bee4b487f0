/* oc_aes: known answers, agreement with BearSSL, and rejection of tampering. */
#include "oc_test.h"
#include "crypto/oc_aes.h"
#include "aes_ref.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static void rnd(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
		p[i] = (uint8_t)(rng_state >> 24);
	}
}

static size_t rnd_below(size_t n)
{
	uint8_t b[4];
	rnd(b, 4);
	return ((size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16) % n;
}

static int all_zero(const uint8_t *p, size_t n)
{
	uint8_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= p[i];
	return d == 0;
}

OC_TEST(aes_fips197_c3)
{
	uint8_t key[32], pt[16], ct[16], back[16];
	hex_decode(key, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	hex_decode(pt, "00112233445566778899aabbccddeeff");
	oc_aes256_ekey ek;
	oc_aes256_dkey dk;
	oc_aes256_enc_init(&ek, key);
	oc_aes256_dec_init(&dk, key);
	oc_aes256_encrypt(&ek, ct, pt);
	CHECK(hex_eq(ct, 16, "8ea2b7ca516745bfeafc49904b496089"));
	oc_aes256_decrypt(&dk, back, ct);
	CHECK_MEM(back, pt, 16);
}

OC_TEST(aes_random_blocks_match_bearssl)
{
	uint8_t key[32], in[16], a[16], b[16];
	oc_aes256_ekey ek;
	oc_aes256_dkey dk;
	for (int n = 0; n < 3000; n++) {
		rnd(key, 32);
		rnd(in, 16);
		oc_aes256_enc_init(&ek, key);
		oc_aes256_dec_init(&dk, key);
		oc_aes256_encrypt(&ek, a, in);
		ref_aes256_encrypt(key, b, in);
		CHECK_MEM(a, b, 16);
		oc_aes256_decrypt(&dk, a, in);
		ref_aes256_decrypt(key, b, in);
		CHECK_MEM(a, b, 16);
	}
}

/* NIST GCM vectors (GCM spec test cases 13-16, AES-256). */
OC_TEST(aes_gcm_nist_vectors)
{
	static const struct { const char *k, *iv, *aad, *pt, *ct, *tag; } v[] = {
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		  "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		  "000000000000000000000000", "", "00000000000000000000000000000000",
		  "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
		{ "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
		  "cafebabefacedbaddecaf888", "",
		  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
		  "b094dac5d93471bdec1a502270e3cc6c" },
		{ "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
		  "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
		  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
		  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b" },
	};
	for (size_t t = 0; t < sizeof v / sizeof v[0]; t++) {
		uint8_t key[32], iv[12], aad[64], pt[64], out[80], back[64];
		hex_decode(key, v[t].k);
		hex_decode(iv, v[t].iv);
		size_t an = hex_decode(aad, v[t].aad), n = hex_decode(pt, v[t].pt);
		oc_aes_gcm_seal(out, key, iv, aad, an, pt, n);
		CHECK(hex_eq(out, n, v[t].ct));
		CHECK(hex_eq(out + n, 16, v[t].tag));
		CHECK(oc_aes_gcm_open(back, key, iv, aad, an, out, n + 16) == 0);
		CHECK_MEM(back, pt, n);
	}
}

OC_TEST(aes_ghash_matches_bearssl)
{
	uint8_t h[16], y[16], r[16], data[100];
	for (int n = 0; n < 500; n++) {
		rnd(h, 16);
		rnd(y, 16);
		memcpy(r, y, 16);
		size_t len = rnd_below(sizeof data + 1);
		rnd(data, len);
		oc_ghash(y, h, data, len);
		ref_ghash(r, h, data, len);
		CHECK_MEM(y, r, 16);
	}
}

OC_TEST(aes_gcm_random_match_bearssl)
{
	uint8_t key[32], iv[12], aad[80], pt[400], a[416], b[416], back[400];
	for (int t = 0; t < 1000; t++) {
		rnd(key, 32);
		rnd(iv, 12);
		size_t an = rnd_below(sizeof aad + 1), n = rnd_below(sizeof pt + 1);
		rnd(aad, an);
		rnd(pt, n);
		oc_aes_gcm_seal(a, key, iv, aad, an, pt, n);
		ref_gcm_seal(b, key, iv, aad, an, pt, n);
		CHECK_MEM(a, b, n + 16);
		CHECK(oc_aes_gcm_open(back, key, iv, aad, an, a, n + 16) == 0);
		CHECK_MEM(back, pt, n);
		/* in place, both ways */
		memcpy(b, pt, n);
		oc_aes_gcm_seal(b, key, iv, aad, an, b, n);
		CHECK_MEM(a, b, n + 16);
		CHECK(oc_aes_gcm_open(b, key, iv, aad, an, b, n + 16) == 0);
		CHECK_MEM(b, pt, n);
	}
}

OC_TEST(aes_gcm_tampering_rejected)
{
	uint8_t key[32], iv[12], aad[20], pt[300], ct[316], out[300];
	rnd(key, 32);
	rnd(iv, 12);
	rnd(aad, sizeof aad);
	rnd(pt, sizeof pt);
	oc_aes_gcm_seal(ct, key, iv, aad, sizeof aad, pt, sizeof pt);
	for (size_t bit = 0; bit < sizeof ct * 8; bit += 7) {
		ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		memset(out, 0x55, sizeof out);
		CHECK(oc_aes_gcm_open(out, key, iv, aad, sizeof aad, ct, sizeof ct) == -1);
		CHECK(all_zero(out, sizeof out));
		ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	aad[3] ^= 1;
	CHECK(oc_aes_gcm_open(out, key, iv, aad, sizeof aad, ct, sizeof ct) == -1);
	aad[3] ^= 1;
	iv[11] ^= 0x80;
	CHECK(oc_aes_gcm_open(out, key, iv, aad, sizeof aad, ct, sizeof ct) == -1);
	iv[11] ^= 0x80;
	CHECK(oc_aes_gcm_open(out, key, iv, aad, sizeof aad, ct, 15) == -1);
	CHECK(oc_aes_gcm_open(out, key, iv, aad, sizeof aad, ct, sizeof ct) == 0);
	CHECK_MEM(out, pt, sizeof pt);
}

/* RFC 3394 sections 4.3, 4.5 and 4.6 (256-bit KEK). */
OC_TEST(aes_kw_rfc3394_vectors)
{
	static const struct { const char *data, *wrapped; } v[] = {
		{ "00112233445566778899aabbccddeeff",
		  "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7" },
		{ "00112233445566778899aabbccddeeff0001020304050607",
		  "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1" },
		{ "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f",
		  "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21" },
	};
	uint8_t kek[32], data[32], out[40], back[32];
	hex_decode(kek, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	for (size_t t = 0; t < sizeof v / sizeof v[0]; t++) {
		size_t n = hex_decode(data, v[t].data);
		CHECK(oc_aes_kw_wrap(out, kek, data, n) == 0);
		CHECK(hex_eq(out, n + 8, v[t].wrapped));
		CHECK(oc_aes_kw_unwrap(back, kek, out, n + 8) == 0);
		CHECK_MEM(back, data, n);
	}
}

OC_TEST(aes_kw_random_match_reference)
{
	uint8_t kek[32], data[64], a[72], b[72], back[64];
	for (int t = 0; t < 1000; t++) {
		rnd(kek, 32);
		size_t n = 16 + 8 * rnd_below(7);
		rnd(data, n);
		CHECK(oc_aes_kw_wrap(a, kek, data, n) == 0);
		CHECK(ref_kw_wrap(b, kek, data, n) == 0);
		CHECK_MEM(a, b, n + 8);
		CHECK(oc_aes_kw_unwrap(back, kek, a, n + 8) == 0);
		CHECK_MEM(back, data, n);
		CHECK(oc_aes_kw_unwrap(a, kek, a, n + 8) == 0); /* in place */
		CHECK_MEM(a, data, n);
	}
}

OC_TEST(aes_kw_tampering_and_lengths_rejected)
{
	uint8_t kek[32], data[32], w[40], out[40];
	rnd(kek, 32);
	rnd(data, 32);
	CHECK(oc_aes_kw_wrap(w, kek, data, 32) == 0);
	for (size_t bit = 0; bit < 40 * 8; bit += 3) {
		w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		memset(out, 0x55, sizeof out);
		CHECK(oc_aes_kw_unwrap(out, kek, w, 40) == -1);
		CHECK(all_zero(out, 32));
		w[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	kek[31] ^= 1;
	CHECK(oc_aes_kw_unwrap(out, kek, w, 40) == -1);
	kek[31] ^= 1;
	CHECK(oc_aes_kw_unwrap(out, kek, w, 39) == -1);
	CHECK(oc_aes_kw_unwrap(out, kek, w, 16) == -1);
	CHECK(oc_aes_kw_wrap(out, kek, data, 8) == -1);
	CHECK(oc_aes_kw_wrap(out, kek, data, 20) == -1);
	CHECK(oc_aes_kw_unwrap(out, kek, w, 40) == 0);
	CHECK_MEM(out, data, 32);
}

OC_TEST(aes_ctr_matches_single_blocks)
{
	uint8_t key[32], iv[12], in[200], out[200], blk[16];
	oc_aes256_ekey ek;
	rnd(key, 32);
	rnd(iv, 12);
	rnd(in, sizeof in);
	oc_aes256_enc_init(&ek, key);
	uint32_t start = 0xfffffffdu; /* wraps mod 2^32 */
	CHECK(oc_aes256_ctr(&ek, iv, start, out, in, sizeof in) == start + 13);
	for (size_t b = 0; b < 13; b++) {
		uint32_t c = start + (uint32_t)b;
		memcpy(blk, iv, 12);
		blk[12] = (uint8_t)(c >> 24), blk[13] = (uint8_t)(c >> 16), blk[14] = (uint8_t)(c >> 8), blk[15] = (uint8_t)c;
		ref_aes256_encrypt(key, blk, blk);
		for (size_t i = 0; i < 16 && 16 * b + i < sizeof in; i++)
			CHECK(out[16 * b + i] == (in[16 * b + i] ^ blk[i]));
	}
}
