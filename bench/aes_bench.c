/*
 * Benchmark kernels for bench/aes.mjs: oc_aes against BearSSL's aes_ct64 on
 * the same inputs, each looping n times inside wasm (workerd's clocks are too
 * coarse to time one call). Built by bench/build-aes.sh, never shipped.
 */
#include "crypto/oc_aes.h"
#include "bearssl.h"
#include <string.h>

#define EXPORT(name) __attribute__((export_name(#name)))

static uint8_t kek[32], wrapped[40], unwrapped[32];
static uint8_t gkey[32], iv[12], aad[32], sealed[316], opened[300];
static uint8_t block[16], buf[4096];

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)((seed += 0x9e3779b9u) >> 24);
}

EXPORT(bench_setup) void bench_setup(unsigned seed)
{
	uint8_t key[32];
	fill(kek, 32, seed);
	fill(key, 32, seed + 1);
	oc_aes_kw_wrap(wrapped, kek, key, 32);
	fill(gkey, 32, seed + 2);
	fill(iv, 12, seed + 3);
	fill(aad, 32, seed + 4);
	fill(opened, 300, seed + 5);
	oc_aes_gcm_seal(sealed, gkey, iv, aad, sizeof aad, opened, 300);
	fill(block, 16, seed + 6);
}

/* Pointers so JS can hand the same inputs to WebCrypto and check outputs. */
EXPORT(bench_ptr) uint8_t *bench_ptr(int which)
{
	switch (which) {
	case 0: return kek;
	case 1: return wrapped;
	case 2: return unwrapped;
	case 3: return gkey;
	case 4: return iv;
	case 5: return aad;
	case 6: return sealed;
	default: return opened;
	}
}

static int ct64_unwrap(uint8_t *out, const uint8_t k[32], const uint8_t *in, size_t n)
{
	br_aes_ct64_cbcdec_keys dk;
	uint8_t a[8], b[16], z[16];
	size_t nb = n / 8 - 1;
	br_aes_ct64_cbcdec_init(&dk, k, 32);
	memcpy(a, in, 8);
	memmove(out, in + 8, n - 8);
	for (size_t j = 6; j-- > 0;) {
		for (size_t i = nb; i >= 1; i--) {
			uint64_t t = nb * j + i;
			for (int m = 0; m < 8; m++)
				b[m] = (uint8_t)(a[m] ^ (t >> (56 - 8 * m)));
			memcpy(b + 8, out + 8 * (i - 1), 8);
			memset(z, 0, 16);
			br_aes_ct64_cbcdec_run(&dk, z, b, 16);
			memcpy(a, b, 8);
			memcpy(out + 8 * (i - 1), b + 8, 8);
		}
	}
	static const uint8_t want[8] = { 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6 };
	return memcmp(a, want, 8) == 0 ? 0 : -1;
}

static int ct64_gcm_open(uint8_t *out, const uint8_t k[32], const uint8_t *ct, size_t ct_len)
{
	br_aes_ct64_ctr_keys bc;
	br_gcm_context gc;
	size_t n = ct_len - 16;
	br_aes_ct64_ctr_init(&bc, k, 32);
	br_gcm_init(&gc, &bc.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, 12);
	br_gcm_aad_inject(&gc, aad, sizeof aad);
	br_gcm_flip(&gc);
	memmove(out, ct, n);
	br_gcm_run(&gc, 0, out, n);
	return br_gcm_check_tag(&gc, ct + n) ? 0 : -1;
}

/*
 * op: 0 ours encrypt one block, chained; 1 ct64 the same; 2 ours decrypt one
 * block; 3 ours CTR over 4096 bytes; 4 ct64 CTR over 4096 bytes; 5 ours
 * 32-byte unwrap; 6 ct64 unwrap; 7 ours GCM open of 300 bytes; 8 ct64 open;
 * 9 ours decryption key schedule; 10 ours encryption key schedule.
 * Key schedules are inside the loop for 5..8 (a fresh key per token), outside
 * for 0..4. Returns a checksum, or -1 if a result was wrong.
 */
EXPORT(bench_run) int bench_run(int op, int n)
{
	oc_aes256_ekey ek;
	oc_aes256_dkey dk;
	br_aes_ct64_cbcenc_keys ck;
	br_aes_ct64_ctr_keys cc;
	uint8_t z[16];
	int sum = 0;
	oc_aes256_enc_init(&ek, kek);
	oc_aes256_dec_init(&dk, kek);
	br_aes_ct64_cbcenc_init(&ck, kek, 32);
	br_aes_ct64_ctr_init(&cc, kek, 32);
	for (int i = 0; i < n; i++) {
		switch (op) {
		case 0: oc_aes256_encrypt(&ek, block, block); break;
		case 1: memset(z, 0, 16); br_aes_ct64_cbcenc_run(&ck, z, block, 16); break;
		case 2: oc_aes256_decrypt(&dk, block, block); break;
		case 3: oc_aes256_ctr(&ek, iv, 2, buf, buf, sizeof buf); break;
		case 4: br_aes_ct64_ctr_run(&cc, iv, 2, buf, sizeof buf); break;
		case 5: sum |= oc_aes_kw_unwrap(unwrapped, kek, wrapped, 40); break;
		case 6: sum |= ct64_unwrap(unwrapped, kek, wrapped, 40); break;
		case 7: sum |= oc_aes_gcm_open(opened, gkey, iv, aad, sizeof aad, sealed, 316); break;
		case 8: sum |= ct64_gcm_open(opened, gkey, sealed, 316); break;
		case 9: oc_aes256_dec_init(&dk, buf); buf[0] ^= dk.rk[1][0]; break;
		case 10: oc_aes256_enc_init(&ek, buf); buf[0] ^= ek.rk[1][0]; break;
		default: return -1;
		}
	}
	return sum ? -1 : block[0] + buf[0];
}

/* Plain entry points for tests/js/aes-webcrypto.test.mjs, over one shared buffer. */
static _Alignas(16) uint8_t io[8192];
EXPORT(aes_buf) uint8_t *aes_buf(void) { return io; }
EXPORT(aes_kw_wrap) int aes_kw_wrap(uint8_t *out, const uint8_t *kek, const uint8_t *in, size_t n)
{
	return oc_aes_kw_wrap(out, kek, in, n);
}
EXPORT(aes_kw_unwrap) int aes_kw_unwrap(uint8_t *out, const uint8_t *kek, const uint8_t *in, size_t n)
{
	return oc_aes_kw_unwrap(out, kek, in, n);
}
EXPORT(aes_gcm_seal) void aes_gcm_seal(uint8_t *out, const uint8_t *key, const uint8_t *iv,
	const uint8_t *aad, size_t aad_len, const uint8_t *pt, size_t n)
{
	oc_aes_gcm_seal(out, key, iv, aad, aad_len, pt, n);
}
EXPORT(aes_gcm_open) int aes_gcm_open(uint8_t *out, const uint8_t *key, const uint8_t *iv,
	const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t n)
{
	return oc_aes_gcm_open(out, key, iv, aad, aad_len, ct, n);
}
