/*
 * oc_aes against BearSSL's aes_ct64 (tests/c/aes_ref.c) on arbitrary inputs.
 * Input: mode byte, 32-byte key, 12-byte IV, AAD length byte, then data.
 * Any disagreement, or a failed open/unwrap whose output is not zeroed, aborts.
 */
#include "crypto/oc_aes.h"
#include "../c/aes_ref.c"
#include <stdlib.h>

#define ENSURE(c) do { if (!(c)) abort(); } while (0)

static _Alignas(16) uint8_t a[4200], b[4200], c[4200];
/* BearSSL reads words from its inputs (fine in wasm, UB for UBSan): keep them aligned. */
static _Alignas(16) uint8_t key[32], iv[16], aad[256], d[4200];

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	if (len < 46 || len > 4096 + 46)
		return 0;
	unsigned mode = in[0] % 4;
	memcpy(key, in + 1, 32);
	memcpy(iv, in + 33, 12);
	size_t aad_len = in[45], n = len - 46;
	if (aad_len > n)
		aad_len = n;
	memcpy(aad, in + 46, aad_len);
	n -= aad_len;
	memcpy(d, in + 46 + aad_len, n);

	switch (mode) {
	case 0: { /* blocks */
		oc_aes256_ekey ek;
		oc_aes256_dkey dk;
		oc_aes256_enc_init(&ek, key);
		oc_aes256_dec_init(&dk, key);
		for (size_t i = 0; i + 16 <= n; i += 16) {
			oc_aes256_encrypt(&ek, a, d + i);
			ref_aes256_encrypt(key, b, d + i);
			ENSURE(memcmp(a, b, 16) == 0);
			oc_aes256_decrypt(&dk, a, d + i);
			ref_aes256_decrypt(key, b, d + i);
			ENSURE(memcmp(a, b, 16) == 0);
		}
		break;
	}
	case 1: /* GCM seal, and open of what was sealed */
		oc_aes_gcm_seal(a, key, iv, aad, aad_len, d, n);
		ref_gcm_seal(b, key, iv, aad, aad_len, d, n);
		ENSURE(memcmp(a, b, n + 16) == 0);
		ENSURE(oc_aes_gcm_open(c, key, iv, aad, aad_len, a, n + 16) == 0);
		ENSURE(memcmp(c, d, n) == 0);
		break;
	case 2: { /* GCM open of arbitrary bytes: accept exactly what BearSSL would tag the same */
		int r = oc_aes_gcm_open(a, key, iv, aad, aad_len, d, n);
		if (n < 16) {
			ENSURE(r == -1);
			break;
		}
		/* Decrypting is encrypting in CTR: re-seal our output and compare tags. */
		if (r == 0) {
			ref_gcm_seal(c, key, iv, aad, aad_len, a, n - 16);
			ENSURE(memcmp(c, d, n) == 0);
		} else {
			for (size_t i = 0; i < n - 16; i++)
				ENSURE(a[i] == 0);
		}
		break;
	}
	default: { /* key wrap, and unwrap of arbitrary bytes */
		int rw = oc_aes_kw_wrap(a, key, d, n), rr = ref_kw_wrap(b, key, d, n);
		ENSURE(rw == rr);
		if (rw == 0) {
			ENSURE(memcmp(a, b, n + 8) == 0);
			ENSURE(oc_aes_kw_unwrap(c, key, a, n + 8) == 0);
			ENSURE(memcmp(c, d, n) == 0);
		}
		memset(a, 0x5a, n);
		int ru = oc_aes_kw_unwrap(a, key, d, n);
		if (ru == 0) {
			ENSURE(n % 8 == 0 && n >= 24);
			ENSURE(ref_kw_wrap(b, key, a, n - 8) == 0 && memcmp(b, d, n) == 0);
		} else if (n >= 8) {
			for (size_t i = 0; i < n - 8; i++)
				ENSURE(a[i] == 0);
		}
		break;
	}
	}
	return 0;
}
