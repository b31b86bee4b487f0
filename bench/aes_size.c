/* Size probe: a module exporting a 32-byte key unwrap and a GCM open, over
 * oc_aes, or over BearSSL's aes_ct64 with -DSIZE_CT64=1. */
#include "crypto/oc_aes.h"
#include "bearssl.h"
#include <string.h>

#define EXPORT(name) __attribute__((export_name(#name)))

#ifndef SIZE_CT64
EXPORT(unwrap) int unwrap(uint8_t *out, const uint8_t *kek, const uint8_t *in)
{
	return oc_aes_kw_unwrap(out, kek, in, 40);
}

EXPORT(open) int open(uint8_t *out, const uint8_t *key, const uint8_t *iv, const uint8_t *ct, size_t n)
{
	return oc_aes_gcm_open(out, key, iv, NULL, 0, ct, n);
}
#else
EXPORT(unwrap) int unwrap(uint8_t *out, const uint8_t *kek, const uint8_t *in)
{
	br_aes_ct64_cbcdec_keys dk;
	uint8_t a[8], b[16], z[16];
	br_aes_ct64_cbcdec_init(&dk, kek, 32);
	memcpy(a, in, 8);
	memmove(out, in + 8, 32);
	for (size_t j = 6; j-- > 0;) {
		for (size_t i = 4; i >= 1; i--) {
			uint64_t t = 4 * j + i;
			for (int m = 0; m < 8; m++)
				b[m] = (uint8_t)(a[m] ^ (t >> (56 - 8 * m)));
			memcpy(b + 8, out + 8 * (i - 1), 8);
			memset(z, 0, 16);
			br_aes_ct64_cbcdec_run(&dk, z, b, 16);
			memcpy(a, b, 8);
			memcpy(out + 8 * (i - 1), b + 8, 8);
		}
	}
	uint8_t d = 0;
	for (int m = 0; m < 8; m++)
		d |= a[m] ^ 0xa6;
	return d ? -1 : 0;
}

EXPORT(open) int open(uint8_t *out, const uint8_t *key, const uint8_t *iv, const uint8_t *ct, size_t n)
{
	br_aes_ct64_ctr_keys bc;
	br_gcm_context gc;
	br_aes_ct64_ctr_init(&bc, key, 32);
	br_gcm_init(&gc, &bc.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, 12);
	br_gcm_flip(&gc);
	memmove(out, ct, n - 16);
	br_gcm_run(&gc, 0, out, n - 16);
	return br_gcm_check_tag(&gc, ct + n - 16) ? 0 : -1;
}
#endif
