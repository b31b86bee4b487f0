/*
 * AES-256-GCM and RFC 3394 key wrap for oc_crypto.h: every AES use goes
 * through oc_aes (constant-time vector-permute AES, src/oc_aes*.c).
 */
#include "crypto/oc_crypto.h"
#include "crypto/oc_aes.h"

void oc_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n)
{
	oc_aes_gcm_seal(out, key, iv, aad, aad_len, pt, n);
}

int oc_gcm_open(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *ct, size_t ct_len)
{
	return oc_aes_gcm_open(out, key, iv, aad, aad_len, ct, ct_len);
}

int oc_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	return oc_aes_kw_wrap(out, kek, in, n);
}

int oc_kw_unwrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	return oc_aes_kw_unwrap(out, kek, in, n);
}
