/* AES-256-GCM (NIST SP 800-38D) with a 12-byte IV and a 16-byte tag. */
#include "crypto/oc_aes.h"
#include "crypto/oc_crypto.h"
#include <string.h>
#include "crypto/oc_aes_impl.h"

/* Tag over aad and ciphertext c, and the key state for CTR from counter 2. */
static void gcm_tag(uint8_t tag[16], const oc_aes256_ekey *k, const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *c, size_t n)
{
	_Alignas(16) uint8_t h[16] = { 0 }, y[16] = { 0 }, len[16], j0[16];
	oc_aes_tv tv;
	memcpy(j0, iv, 12);
	j0[12] = 0, j0[13] = 0, j0[14] = 0, j0[15] = 1;
	/* H = E(0) and E(J0) in one pass: two independent blocks overlap. */
	oc_v hv = v_load(h), jv = v_load(j0);
	aes_tv_load(&tv);
	aes_encrypt2_v(&tv, k->rk, &hv, &jv);
	v_store(h, hv);
	v_store(j0, jv);
	oc_ghash(y, h, aad, aad_len);
	oc_ghash(y, h, c, n);
	uint64_t abits = (uint64_t)aad_len * 8, cbits = (uint64_t)n * 8;
	for (int i = 0; i < 8; i++) {
		len[i] = (uint8_t)(abits >> (56 - 8 * i));
		len[8 + i] = (uint8_t)(cbits >> (56 - 8 * i));
	}
	oc_ghash(y, h, len, 16);
	for (int i = 0; i < 16; i++)
		tag[i] = (uint8_t)(j0[i] ^ y[i]);
	oc_wipe(h, sizeof h);
	oc_wipe(y, sizeof y);
	oc_wipe(j0, sizeof j0);
}

void oc_aes_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n)
{
	oc_aes256_ekey k;
	oc_aes256_enc_init(&k, key);
	oc_aes256_ctr(&k, iv, 2, out, pt, n);
	gcm_tag(out + n, &k, iv, aad, aad_len, out, n);
	oc_wipe(&k, sizeof k);
}

int oc_aes_gcm_open(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *ct, size_t ct_len)
{
	if (ct_len < 16)
		return -1;
	size_t n = ct_len - 16;
	oc_aes256_ekey k;
	uint8_t tag[16];
	oc_aes256_enc_init(&k, key);
	gcm_tag(tag, &k, iv, aad, aad_len, ct, n);
	int ok = oc_ct_eq(tag, ct + n, 16);
	if (ok)
		oc_aes256_ctr(&k, iv, 2, out, ct, n);
	else
		oc_wipe(out, n);
	oc_wipe(&k, sizeof k);
	oc_wipe(tag, sizeof tag);
	return ok ? 0 : -1;
}
