/*
 * oc_crypto: the primitives the core needs, behind one small API.
 *
 * SHA-256 and HMAC-SHA-256 come from BearSSL. AES-256 (GCM and RFC 3394 key
 * wrap) comes from oc_aes (constant-time, vector-permute). Comparisons of
 * secrets are constant-time; oc_wipe is a zeroing the compiler cannot drop.
 * Randomness comes from the host (WASI random_get / getentropy); the core
 * never seeds a generator of its own.
 */
#ifndef OC_CRYPTO_H
#define OC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define OC_SHA256_LEN 32

void oc_sha256(uint8_t out[32], const void *data, size_t n);

/* Lowercase hex of SHA-256(data): 64 chars plus a NUL. */
void oc_sha256_hex(char out[65], const void *data, size_t n);

void oc_hmac_sha256(uint8_t out[32], const void *key, size_t key_len,
	const void *data, size_t n);

/*
 * An HMAC-SHA-256 key with its two padded blocks already hashed (the inner
 * and outer chaining values): a MAC under it then hashes the data and the
 * inner hash only, two compressions fewer. It holds what the key holds: wipe
 * it after use unless the key is public.
 */
typedef struct {
	uint8_t inner[32], outer[32];
} oc_hmac_sha256_key;

void oc_hmac_sha256_key_init(oc_hmac_sha256_key *k, const void *key, size_t key_len);
void oc_hmac_sha256_with(uint8_t out[32], const oc_hmac_sha256_key *k, const void *data, size_t n);

/*
 * AES-256-GCM, 12-byte IV, 16-byte tag appended. seal writes n + 16 bytes to
 * out. open reads ct of ct_len bytes (tag included), writes ct_len - 16 bytes
 * and returns 0, or returns -1 (short input or bad tag) with out zeroed.
 * out may equal the input buffer.
 */
void oc_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n);
int oc_gcm_open(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *ct, size_t ct_len);

/*
 * AES key wrap (RFC 3394, default IV A6A6A6A6A6A6A6A6) under a 256-bit KEK.
 * wrap: n is a multiple of 8 and at least 16 (else returns -1); writes n + 8.
 * unwrap: n is a multiple of 8 and at least 24; writes n - 8 and returns 0, or
 * returns -1 on a bad length or failed integrity check, with out zeroed.
 */
int oc_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n);
int oc_kw_unwrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n);

/* 1 if a[0..n) == b[0..n), else 0; time depends on n only. */
int oc_ct_eq(const void *a, const void *b, size_t n);

/* Zero n bytes in a way the optimiser keeps. */
void oc_wipe(void *p, size_t n);

/* n random bytes from the host; 0 on success, -1 if the host failed. */
int oc_random(void *out, size_t n);

#endif
