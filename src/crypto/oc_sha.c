/*
 * SHA-256 and HMAC-SHA-256 over BearSSL's br_sha256; contexts and padded keys
 * are wiped after use, and so is the stack below them: br_sha256_out pads the
 * last block (the end of the hashed data: a client secret, a token) in a local
 * buffer it does not wipe, and its rounds expand each block on the stack.
 *
 * HMAC (RFC 2104) is written out over direct br_sha256 calls rather than
 * br_hmac: br_hmac reaches SHA-256 through BearSSL's hash vtable, whose
 * entries are called through pointers of another type, which UBSan's
 * -fsanitize=function rejects.
 */
#include "crypto/oc_crypto.h"
#include "bearssl_hash.h"
#include <string.h>

#define SHA256_BLOCK 64

/*
 * Zeroes STACK_SCRUB bytes of the stack below its caller's frame, where the
 * frames of the br_sha256 calls just made lay (out-padding buffer, message
 * schedule: well under 1 KB). Not inlined, so that its buffer is a frame of
 * its own at the same depth.
 */
#define STACK_SCRUB 1024
__attribute__((noinline)) static void scrub_stack(void)
{
	unsigned char b[STACK_SCRUB];
	oc_wipe(b, sizeof b);
}

void oc_sha256(uint8_t out[32], const void *data, size_t n)
{
	br_sha256_context c;

	br_sha256_init(&c);
	br_sha256_update(&c, data, n);
	br_sha256_out(&c, out);
	oc_wipe(&c, sizeof c);
	scrub_stack();
}

void oc_sha256_hex(char out[65], const void *data, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t h[32];

	oc_sha256(h, data, n);
	for (size_t i = 0; i < 32; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[64] = '\0';
	oc_wipe(h, sizeof h);
}

void oc_hmac_sha256_key_init(oc_hmac_sha256_key *k, const void *key, size_t key_len)
{
	br_sha256_context c;
	uint8_t pad[SHA256_BLOCK];

	memset(pad, 0, sizeof pad);
	if (key_len > SHA256_BLOCK)
		oc_sha256(pad, key, key_len);
	else if (key_len > 0)
		memcpy(pad, key, key_len);

	for (size_t i = 0; i < sizeof pad; i++)
		pad[i] ^= 0x36;
	br_sha256_init(&c);
	br_sha256_update(&c, pad, sizeof pad);
	br_sha256_state(&c, k->inner);

	for (size_t i = 0; i < sizeof pad; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	br_sha256_init(&c);
	br_sha256_update(&c, pad, sizeof pad);
	br_sha256_state(&c, k->outer);

	oc_wipe(&c, sizeof c);
	oc_wipe(pad, sizeof pad);
	scrub_stack();
}

void oc_hmac_sha256_with(uint8_t out[32], const oc_hmac_sha256_key *k, const void *data, size_t n)
{
	br_sha256_context c;
	uint8_t inner[32];

	br_sha256_init(&c);
	br_sha256_set_state(&c, k->inner, SHA256_BLOCK);
	br_sha256_update(&c, data, n);
	br_sha256_out(&c, inner);

	br_sha256_set_state(&c, k->outer, SHA256_BLOCK);
	br_sha256_update(&c, inner, sizeof inner);
	br_sha256_out(&c, out);

	oc_wipe(&c, sizeof c);
	oc_wipe(inner, sizeof inner);
	scrub_stack();
}

void oc_hmac_sha256(uint8_t out[32], const void *key, size_t key_len,
	const void *data, size_t n)
{
	oc_hmac_sha256_key k;

	oc_hmac_sha256_key_init(&k, key, key_len);
	oc_hmac_sha256_with(out, &k, data, n);
	oc_wipe(&k, sizeof k);
}
