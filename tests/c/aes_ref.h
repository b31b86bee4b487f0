/* BearSSL (aes_ct64, br_gcm, ghash_ctmul64) references for oc_aes tests and fuzzing. */
#ifndef AES_REF_H
#define AES_REF_H

#include <stddef.h>
#include <stdint.h>

void ref_aes256_encrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16]);
void ref_aes256_decrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16]);
void ref_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n);
int ref_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n);
void ref_ghash(uint8_t y[16], const uint8_t h[16], const void *data, size_t n);

#endif
