/* AES-256 key wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6). */
#include "crypto/oc_aes.h"
#include "crypto/oc_crypto.h"
#include <string.h>
#include "crypto/oc_aes_impl.h"

static const uint8_t kw_iv[8] = { 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6 };

static void xor_t(uint8_t a[8], uint64_t t)
{
	for (int i = 7; i >= 0; i--, t >>= 8)
		a[i] ^= (uint8_t)t;
}

int oc_aes_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	if (n % 8 != 0 || n < 16)
		return -1;
	size_t nb = n / 8;
	uint8_t b[16];
	oc_aes256_ekey k;
	oc_aes256_enc_init(&k, kek);
	memmove(out + 8, in, n);
	memcpy(b, kw_iv, 8);
	for (size_t j = 0; j < 6; j++) {
		for (size_t i = 1; i <= nb; i++) {
			memcpy(b + 8, out + 8 * i, 8);
			oc_aes256_encrypt(&k, b, b);
			xor_t(b, (uint64_t)(nb * j + i));
			memcpy(out + 8 * i, b + 8, 8);
		}
	}
	memcpy(out, b, 8);
	oc_wipe(b, sizeof b);
	oc_wipe(&k, sizeof k);
	return 0;
}

/*
 * The 6 * nb decryptions run in this one function, the state in a register
 * (A in the low half, R[i] loaded into the high half) and the tables loaded
 * once: unwrap is a chain of dependent blocks, so nothing is reloaded per block.
 */
int oc_aes_kw_unwrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	if (n % 8 != 0 || n < 24) {
		if (n >= 8)
			oc_wipe(out, n - 8);
		return -1;
	}
	size_t nb = n / 8 - 1;
	_Alignas(16) uint8_t b[16] = { 0 };
	oc_aes256_dkey k;
	oc_aes_tv tv;
	oc_aes256_dec_init(&k, kek);
	aes_tv_load(&tv);
	memcpy(b, in, 8);
	memmove(out, in + 8, n - 8);
	oc_v s = v_load(b);
	for (size_t j = 6; j-- > 0;) {
		for (size_t i = nb; i >= 1; i--) {
			s = v_xor(s, v_be64((uint64_t)(nb * j + i)));
			s = v_load_hi64(out + 8 * (i - 1), s);
			s = aes_decrypt_v(&tv, k.rk, s);
			v_store_hi64(out + 8 * (i - 1), s);
		}
	}
	v_store(b, s);
	int ok = oc_ct_eq(b, kw_iv, 8);
	if (!ok)
		oc_wipe(out, n - 8);
	oc_wipe(b, sizeof b);
	oc_wipe(&k, sizeof k);
	return ok ? 0 : -1;
}
