/*
 * The same vector-permute algorithm built over the plain-C swizzle, which has
 * wasm's exact semantics and aborts on an index outside 0..15 and 0x80..0x8f
 * (where swizzle, relaxed swizzle and pshufb could disagree). Checked against
 * the build's own backend and BearSSL on all S-box inputs and random blocks.
 */
#define OC_AES_EMULATE 1
#include "crypto/oc_aes_impl.h"
#include "oc_test.h"
#include "crypto/oc_aes.h"
#include "aes_ref.h"

OC_TEST(aes_emulated_sbox_all_inputs)
{
	oc_aes_tv tv;
	uint8_t in[16], out[16], key[32];
	aes_tv_load(&tv);
	/* FIPS-197 S-box entries, and a full pass through the key schedule's S-box. */
	for (unsigned y = 0; y < 256; y += 16) {
		for (unsigned n = 0; n < 16; n++)
			in[n] = (uint8_t)(y + n);
		v_store(out, aes_sbox(&tv, v_load(in)));
		if (y == 0)
			CHECK(out[0] == 0x63 && out[1] == 0x7c && out[15] == 0x76);
		if (y == 0xf0)
			CHECK(out[15] == 0x16);
	}
	/* Every byte value through full encryptions and decryptions. */
	for (unsigned y = 0; y < 256; y++) {
		uint8_t a[16], b[16], rk[15][16], w[15][16];
		memset(key, (int)y, 32);
		memset(in, (int)(255 - y), 16);
		aes_expand(&tv, w, key);
		aes_enc_keys(&tv, rk, w);
		v_store(a, aes_encrypt_v(&tv, rk, v_load(in)));
		ref_aes256_encrypt(key, b, in);
		CHECK_MEM(a, b, 16);
		aes_dec_keys(&tv, rk, w);
		v_store(a, aes_decrypt_v(&tv, rk, v_load(in)));
		ref_aes256_decrypt(key, b, in);
		CHECK_MEM(a, b, 16);
	}
}

OC_TEST(aes_emulated_matches_backend)
{
	oc_aes_tv tv;
	uint8_t key[32], in[32], a[32], b[32], w[15][16], rk[15][16];
	uint64_t s = 0x0123456789abcdefu;
	oc_aes256_ekey ek;
	oc_aes256_dkey dk;
	aes_tv_load(&tv);
	for (int t = 0; t < 1000; t++) {
		for (int i = 0; i < 32; i++) {
			s = s * 6364136223846793005u + 1442695040888963407u;
			key[i] = (uint8_t)(s >> 56);
			in[i] = (uint8_t)(s >> 48);
		}
		aes_expand(&tv, w, key);
		aes_enc_keys(&tv, rk, w);
		oc_aes256_enc_init(&ek, key);
		CHECK_MEM(rk, ek.rk, sizeof rk);
		oc_v x = v_load(in), y = v_load(in + 16);
		aes_encrypt2_v(&tv, rk, &x, &y);
		v_store(a, x);
		v_store(a + 16, y);
		oc_aes256_encrypt(&ek, b, in);
		oc_aes256_encrypt(&ek, b + 16, in + 16);
		CHECK_MEM(a, b, 32);
		aes_dec_keys(&tv, rk, w);
		oc_aes256_dec_init(&dk, key);
		CHECK_MEM(rk, dk.rk, sizeof rk);
		v_store(a, aes_decrypt_v(&tv, rk, v_load(in)));
		oc_aes256_decrypt(&dk, b, in);
		CHECK_MEM(a, b, 16);
	}
	printf("oc_aes backend: %s\n", oc_aes_backend());
}
