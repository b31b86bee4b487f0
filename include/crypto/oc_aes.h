/*
 * oc_aes: constant-time AES-256 by vector permute (Hamburg, CHES 2009), and
 * the modes the core uses on top of it: CTR, AES-256-GCM, RFC 3394 key wrap.
 *
 * No secret ever indexes memory or decides a branch: the S-box is computed in
 * GF((2^4)^2) with 16-entry lookups done as byte shuffles of registers
 * (i8x16.swizzle or relaxed_swizzle in wasm, pshufb natively, or a plain-C
 * emulation of swizzle). Tables come from tools/gen_aes_tables.c. Expanded
 * keys and temporaries are wiped with oc_wipe before return.
 */
#ifndef OC_AES_H
#define OC_AES_H

#include <stddef.h>
#include <stdint.h>

/* Round keys, already mapped into the bases the rounds use. */
typedef struct { _Alignas(16) uint8_t rk[15][16]; } oc_aes256_ekey;
typedef struct { _Alignas(16) uint8_t rk[15][16]; } oc_aes256_dkey;

void oc_aes256_enc_init(oc_aes256_ekey *k, const uint8_t key[32]);
void oc_aes256_dec_init(oc_aes256_dkey *k, const uint8_t key[32]);

/* One block; out may equal in. */
void oc_aes256_encrypt(const oc_aes256_ekey *k, uint8_t out[16], const uint8_t in[16]);
void oc_aes256_decrypt(const oc_aes256_dkey *k, uint8_t out[16], const uint8_t in[16]);

/*
 * CTR as in GCM: counter block iv || be32(ctr), ctr incremented mod 2^32 per
 * block. XORs n bytes of keystream into in, writes out (may equal in) and
 * returns the next counter. Blocks go two at a time.
 */
uint32_t oc_aes256_ctr(const oc_aes256_ekey *k, const uint8_t iv[12], uint32_t ctr,
	uint8_t *out, const uint8_t *in, size_t n);

/* GHASH (constant-time, 64-bit multiplies): y = (y ^ block) * h for each
 * 16-byte block of data, the last one zero-padded. */
void oc_ghash(uint8_t y[16], const uint8_t h[16], const void *data, size_t n);

/* AES-256-GCM and RFC 3394 key wrap, with exactly the contracts of
 * oc_gcm_seal/oc_gcm_open and oc_kw_wrap/oc_kw_unwrap in oc_crypto.h. */
void oc_aes_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n);
int oc_aes_gcm_open(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *ct, size_t ct_len);
int oc_aes_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n);
int oc_aes_kw_unwrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n);

/* Which vector backend this build uses, e.g. "wasm-relaxed-swizzle". */
const char *oc_aes_backend(void);

#endif
