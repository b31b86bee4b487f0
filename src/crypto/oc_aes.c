/* AES-256 block cipher and CTR over the vector-permute algorithm. */
#include "crypto/oc_aes.h"
#include "crypto/oc_crypto.h"
#include "crypto/oc_aes_impl.h"

const char *oc_aes_backend(void)
{
	return OC_AES_BACKEND;
}

void oc_aes256_enc_init(oc_aes256_ekey *k, const uint8_t key[32])
{
	oc_aes_tv tv;
	_Alignas(16) uint8_t w[15][16];
	aes_tv_load(&tv);
	aes_expand(&tv, w, key);
	aes_enc_keys(&tv, k->rk, w);
	oc_wipe(w, sizeof w);
}

void oc_aes256_dec_init(oc_aes256_dkey *k, const uint8_t key[32])
{
	oc_aes_tv tv;
	_Alignas(16) uint8_t w[15][16];
	aes_tv_load(&tv);
	aes_expand(&tv, w, key);
	aes_dec_keys(&tv, k->rk, w);
	oc_wipe(w, sizeof w);
}

void oc_aes256_encrypt(const oc_aes256_ekey *k, uint8_t out[16], const uint8_t in[16])
{
	oc_aes_tv tv;
	aes_tv_load(&tv);
	v_store(out, aes_encrypt_v(&tv, k->rk, v_load(in)));
}

void oc_aes256_decrypt(const oc_aes256_dkey *k, uint8_t out[16], const uint8_t in[16])
{
	oc_aes_tv tv;
	aes_tv_load(&tv);
	v_store(out, aes_decrypt_v(&tv, k->rk, v_load(in)));
}

static void ctr_block(uint8_t b[16], const uint8_t iv[12], uint32_t ctr)
{
	memcpy(b, iv, 12);
	b[12] = (uint8_t)(ctr >> 24), b[13] = (uint8_t)(ctr >> 16);
	b[14] = (uint8_t)(ctr >> 8), b[15] = (uint8_t)ctr;
}

uint32_t oc_aes256_ctr(const oc_aes256_ekey *k, const uint8_t iv[12], uint32_t ctr,
	uint8_t *out, const uint8_t *in, size_t n)
{
	oc_aes_tv tv;
	_Alignas(16) uint8_t cb[2][16];
	aes_tv_load(&tv);
	for (; n >= 32; n -= 32, in += 32, out += 32, ctr += 2) {
		ctr_block(cb[0], iv, ctr);
		ctr_block(cb[1], iv, ctr + 1);
		oc_v a = v_load(cb[0]), b = v_load(cb[1]);
		aes_encrypt2_v(&tv, k->rk, &a, &b);
		v_store(out, v_xor(a, v_load(in)));
		v_store(out + 16, v_xor(b, v_load(in + 16)));
	}
	while (n > 0) {
		size_t m = n < 16 ? n : 16;
		ctr_block(cb[0], iv, ctr++);
		v_store(cb[0], aes_encrypt_v(&tv, k->rk, v_load(cb[0])));
		for (size_t i = 0; i < m; i++)
			out[i] = (uint8_t)(in[i] ^ cb[0][i]);
		n -= m, in += m, out += m;
	}
	oc_wipe(cb, sizeof cb);
	return ctr;
}
