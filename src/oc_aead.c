/*
 * AES-256-GCM and RFC 3394 key wrap.
 *
 * All AES goes through the backend section just below: key setup and two
 * one-block functions for key wrap, and the CTR class GCM runs on. Replacing the AES implementation
 * touches that section only. Key schedules, GCM state and block temporaries
 * are wiped before return.
 */
#include "oc_crypto.h"
#include "bearssl_aead.h"
#include "bearssl_block.h"
#include "bearssl_hash.h"
#include <string.h>

/* ---------- AES-256 backend: BearSSL aes_ct64 (constant-time) ---------- */

typedef br_aes_ct64_cbcenc_keys aes_enc_keys;
typedef br_aes_ct64_cbcdec_keys aes_dec_keys;
typedef br_aes_ct64_ctr_keys aes_ctr_keys;

static void aes_enc_setup(aes_enc_keys *k, const uint8_t key[32])
{
	br_aes_ct64_cbcenc_init(k, key, 32);
}

static void aes_dec_setup(aes_dec_keys *k, const uint8_t key[32])
{
	br_aes_ct64_cbcdec_init(k, key, 32);
}

/* One block in place: CBC with a zero IV over a single block is raw AES. */
static void aes_encrypt_block(const aes_enc_keys *k, uint8_t b[16])
{
	uint8_t iv[16] = { 0 };

	br_aes_ct64_cbcenc_run(k, iv, b, 16);
	oc_wipe(iv, sizeof iv);
}

static void aes_decrypt_block(const aes_dec_keys *k, uint8_t b[16])
{
	uint8_t iv[16] = { 0 };

	br_aes_ct64_cbcdec_run(k, iv, b, 16);
	oc_wipe(iv, sizeof iv);
}

/*
 * br_gcm drives AES-CTR through a br_block_ctr_class. BearSSL's own
 * br_aes_ct64_ctr_vtable holds functions cast to the class's pointer types,
 * a call UBSan's -fsanitize=function rejects; this class has exact types.
 */
static void aes_ctr_init(const br_block_ctr_class **ctx, const void *key, size_t len);

static uint32_t aes_ctr_run(const br_block_ctr_class *const *ctx,
	const void *iv, uint32_t cc, void *data, size_t len)
{
	return br_aes_ct64_ctr_run((const aes_ctr_keys *)(const void *)ctx,
		iv, cc, data, len);
}

static const br_block_ctr_class aes_ctr_class = {
	sizeof(aes_ctr_keys), 16, 4, aes_ctr_init, aes_ctr_run
};

static void aes_ctr_init(const br_block_ctr_class **ctx, const void *key, size_t len)
{
	aes_ctr_keys *ck = (aes_ctr_keys *)(void *)ctx;

	br_aes_ct64_ctr_init(ck, key, len);
	ck->vtable = &aes_ctr_class;
}

/* Keys, IV and AAD into a GCM context, ready for br_gcm_run. */
static void gcm_start(br_gcm_context *gc, aes_ctr_keys *ck, const uint8_t key[32],
	const uint8_t iv[12], const void *aad, size_t aad_len)
{
	aes_ctr_init(&ck->vtable, key, 32);
	br_gcm_init(gc, &ck->vtable, br_ghash_ctmul64);
	br_gcm_reset(gc, iv, 12);
	if (aad_len > 0)
		br_gcm_aad_inject(gc, aad, aad_len);
	br_gcm_flip(gc);
}

/* ---------- AES-256-GCM ---------- */

#define GCM_TAG 16

void oc_gcm_seal(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *pt, size_t n)
{
	aes_ctr_keys ck;
	br_gcm_context gc;

	gcm_start(&gc, &ck, key, iv, aad, aad_len);
	if (n > 0) {
		memmove(out, pt, n);
		br_gcm_run(&gc, 1, out, n);
	}
	br_gcm_get_tag(&gc, out + n);
	oc_wipe(&gc, sizeof gc);
	oc_wipe(&ck, sizeof ck);
}

int oc_gcm_open(uint8_t *out, const uint8_t key[32], const uint8_t iv[12],
	const void *aad, size_t aad_len, const uint8_t *ct, size_t ct_len)
{
	aes_ctr_keys ck;
	br_gcm_context gc;
	uint8_t want[GCM_TAG], got[GCM_TAG];
	size_t n;
	int ok;

	if (ct_len < GCM_TAG)
		return -1;
	n = ct_len - GCM_TAG;
	memcpy(want, ct + n, GCM_TAG);
	gcm_start(&gc, &ck, key, iv, aad, aad_len);
	if (n > 0) {
		memmove(out, ct, n);
		br_gcm_run(&gc, 0, out, n);
	}
	br_gcm_get_tag(&gc, got);
	ok = oc_ct_eq(got, want, GCM_TAG);
	oc_wipe(&gc, sizeof gc);
	oc_wipe(&ck, sizeof ck);
	oc_wipe(got, sizeof got);
	if (!ok) {
		oc_wipe(out, n);
		return -1;
	}
	return 0;
}

/* ---------- RFC 3394 key wrap ---------- */

static const uint8_t kw_iv[8] = { 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6 };

/* A ^= t, t as a 64-bit big-endian integer (RFC 3394 §2.2.1). */
static void kw_xor_t(uint8_t a[8], uint64_t t)
{
	for (int i = 7; i >= 0; i--, t >>= 8)
		a[i] ^= (uint8_t)t;
}

int oc_kw_wrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	aes_enc_keys k;
	uint8_t b[16]; /* A || R[i] */
	size_t m;

	if (n < 16 || n % 8 != 0)
		return -1;
	m = n / 8;
	memmove(out + 8, in, n);
	memcpy(b, kw_iv, 8);
	aes_enc_setup(&k, kek);
	for (uint64_t j = 0; j < 6; j++) {
		for (size_t i = 1; i <= m; i++) {
			uint8_t *r = out + 8 * i;
			memcpy(b + 8, r, 8);
			aes_encrypt_block(&k, b);
			kw_xor_t(b, m * j + i);
			memcpy(r, b + 8, 8);
		}
	}
	memcpy(out, b, 8);
	oc_wipe(b, sizeof b);
	oc_wipe(&k, sizeof k);
	return 0;
}

int oc_kw_unwrap(uint8_t *out, const uint8_t kek[32], const uint8_t *in, size_t n)
{
	aes_dec_keys k;
	uint8_t b[16]; /* A || R[i] */
	size_t m;
	int ok;

	if (n < 24 || n % 8 != 0) {
		if (n > 8)
			oc_wipe(out, n - 8);
		return -1;
	}
	m = n / 8 - 1;
	memcpy(b, in, 8);
	memmove(out, in + 8, n - 8);
	aes_dec_setup(&k, kek);
	for (uint64_t j = 6; j-- > 0;) {
		for (size_t i = m; i >= 1; i--) {
			uint8_t *r = out + 8 * (i - 1);
			kw_xor_t(b, m * j + i);
			memcpy(b + 8, r, 8);
			aes_decrypt_block(&k, b);
			memcpy(r, b + 8, 8);
		}
	}
	ok = oc_ct_eq(b, kw_iv, 8);
	oc_wipe(b, sizeof b);
	oc_wipe(&k, sizeof k);
	if (!ok) {
		oc_wipe(out, n - 8);
		return -1;
	}
	return 0;
}
