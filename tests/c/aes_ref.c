/* Reference AES modes over BearSSL's constant-time bitsliced aes_ct64. */
#include "aes_ref.h"
#include "bearssl.h"
#include <string.h>

void ref_aes256_encrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16])
{
	br_aes_ct64_cbcenc_keys k;
	uint8_t iv[16] = { 0 };
	br_aes_ct64_cbcenc_init(&k, key, 32);
	memmove(out, in, 16);
	br_aes_ct64_cbcenc_run(&k, iv, out, 16);
}

void ref_aes256_decrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16])
{
	br_aes_ct64_cbcdec_keys k;
	uint8_t iv[16] = { 0 };
	br_aes_ct64_cbcdec_init(&k, key, 32);
	memmove(out, in, 16);
	br_aes_ct64_cbcdec_run(&k, iv, out, 16);
}

/*
 * GCM from BearSSL's aes_ct64 CTR and ghash_ctmul64, called directly: br_gcm
 * itself calls through a vtable whose prototype UBSan's function check flags.
 */
void ref_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n)
{
	br_aes_ct64_ctr_keys bc;
	uint8_t h[16] = { 0 }, y[16] = { 0 }, len[16], j0[16] = { 0 };
	br_aes_ct64_ctr_init(&bc, key, 32);
	br_aes_ct64_ctr_run(&bc, j0, 0, h, 16); /* H = E(0): counter block 0^16 */
	memmove(out, pt, n);
	br_aes_ct64_ctr_run(&bc, iv, 2, out, n);
	br_ghash_ctmul64(y, h, aad, aad_len);
	br_ghash_ctmul64(y, h, out, n);
	for (int i = 0; i < 8; i++) {
		len[i] = (uint8_t)(((uint64_t)aad_len << 3) >> (56 - 8 * i));
		len[8 + i] = (uint8_t)(((uint64_t)n << 3) >> (56 - 8 * i));
	}
	br_ghash_ctmul64(y, h, len, 16);
	memset(j0, 0, 16);
	br_aes_ct64_ctr_run(&bc, iv, 1, j0, 16);
	for (int i = 0; i < 16; i++)
		out[n + i] = (uint8_t)(y[i] ^ j0[i]);
}

/* RFC 3394 section 2.2.1, written from the RFC over BearSSL's block cipher. */
int ref_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	if (n % 8 || n < 16)
		return -1;
	uint8_t a[8], b[16];
	size_t nb = n / 8;
	memset(a, 0xa6, 8);
	memmove(out + 8, in, n);
	for (size_t j = 0; j <= 5; j++) {
		for (size_t i = 1; i <= nb; i++) {
			memcpy(b, a, 8);
			memcpy(b + 8, out + 8 * i, 8);
			ref_aes256_encrypt(kek, b, b);
			uint64_t t = nb * j + i;
			for (int m = 0; m < 8; m++)
				a[m] = (uint8_t)(b[m] ^ (t >> (56 - 8 * m)));
			memcpy(out + 8 * i, b + 8, 8);
		}
	}
	memcpy(out, a, 8);
	return 0;
}

void ref_ghash(uint8_t y[16], const uint8_t h[16], const void *data, size_t n)
{
	br_ghash_ctmul64(y, h, data, n);
}
