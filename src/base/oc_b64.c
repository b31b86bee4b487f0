/*
 * Base64 and base64url, constant-time in the data: symbols are mapped with
 * range masks (oc_ct.h), never through a table indexed by a secret, and
 * decoding errors are accumulated, not branched on, until the end. Lengths,
 * and so the amount of padding, are public.
 */
#include "base/oc_b64.h"
#include "base/oc_ct.h"
#include "crypto/oc_crypto.h"
#include <string.h>

#define BAD 0x100u /* set in a decoded symbol outside the alphabet */

/* The symbol for x in 0..63; c62 and c63 name the alphabet's last two. */
static char enc_sym(uint32_t x, uint32_t c62, uint32_t c63)
{
	return (char)((oc_ct_in(x, 0, 25) & (x + 'A'))
		| (oc_ct_in(x, 26, 51) & (x + 'a' - 26))
		| (oc_ct_in(x, 52, 61) & (x - 52 + '0'))
		| (oc_ct_is(x, 62) & c62)
		| (oc_ct_is(x, 63) & c63));
}

/* The value 0..63 of symbol c, or BAD if c is not in the alphabet. */
static uint32_t dec_sym(uint32_t c, uint32_t c62, uint32_t c63)
{
	uint32_t up = oc_ct_in(c, 'A', 'Z'), lo = oc_ct_in(c, 'a', 'z');
	uint32_t dg = oc_ct_in(c, '0', '9');
	uint32_t s62 = oc_ct_is(c, c62), s63 = oc_ct_is(c, c63);

	return (up & (c - 'A')) | (lo & (c - 'a' + 26)) | (dg & (c + 52 - '0'))
		| (s62 & 62) | (s63 & 63) | (~(up | lo | dg | s62 | s63) & BAD);
}

static size_t encode(char *dst, const uint8_t *src, size_t n,
	uint32_t c62, uint32_t c63, int pad)
{
	char *d = dst;
	size_t i;
	uint32_t w;

	for (i = 0; n - i >= 3; i += 3) {
		w = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8 | src[i + 2];
		*d++ = enc_sym(w >> 18, c62, c63);
		*d++ = enc_sym((w >> 12) & 63, c62, c63);
		*d++ = enc_sym((w >> 6) & 63, c62, c63);
		*d++ = enc_sym(w & 63, c62, c63);
	}
	if (i < n) {
		w = (uint32_t)src[i] << 16;
		if (n - i == 2)
			w |= (uint32_t)src[i + 1] << 8;
		*d++ = enc_sym(w >> 18, c62, c63);
		*d++ = enc_sym((w >> 12) & 63, c62, c63);
		if (n - i == 2)
			*d++ = enc_sym((w >> 6) & 63, c62, c63);
		else if (pad)
			*d++ = '=';
		if (pad)
			*d++ = '=';
	}
	return (size_t)(d - dst);
}

size_t oc_b64_encode(char *dst, const uint8_t *src, size_t n)
{
	return encode(dst, src, n, '+', '/', 1);
}

size_t oc_b64url_encode(char *dst, const uint8_t *src, size_t n)
{
	return encode(dst, src, n, '-', '_', 0);
}

/*
 * Decodes the four symbols s[0..4) into d[0..3). pad2 and pad3 (masks; pad2
 * implies pad3) say that symbols 2 and 3 are padding: they count as zero, and
 * the bits of the symbol before them that no byte uses must be zero. Returns
 * zero, or nonzero if the quantum is malformed.
 */
static uint32_t dec_quantum(uint8_t *d, const unsigned char *s,
	uint32_t c62, uint32_t c63, uint32_t pad2, uint32_t pad3)
{
	uint32_t v0 = dec_sym(s[0], c62, c63), v1 = dec_sym(s[1], c62, c63);
	uint32_t v2 = dec_sym(s[2], c62, c63) & ~pad2;
	uint32_t v3 = dec_sym(s[3], c62, c63) & ~pad3;
	uint32_t w = (v0 & 63) << 18 | (v1 & 63) << 12 | (v2 & 63) << 6 | (v3 & 63);

	d[0] = (uint8_t)(w >> 16);
	d[1] = (uint8_t)(w >> 8);
	d[2] = (uint8_t)w;
	return ((v0 | v1 | v2 | v3) & BAD) | (pad2 & v1 & 0x0F)
		| (pad3 & ~pad2 & v2 & 0x03);
}

/* Reports the result; on error, wipes the written bytes dst[0..wrote). */
static int finish(uint8_t *dst, size_t *outlen, size_t wrote, size_t len,
	uint32_t err)
{
	if (err != 0) {
		oc_wipe(dst, wrote);
		*outlen = 0;
		return -1;
	}
	*outlen = len;
	return 0;
}

int oc_b64_decode(uint8_t *dst, size_t *outlen, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	uint32_t err = 0, pad2, pad3;
	size_t i;

	*outlen = 0;
	if (n % 4 != 0)
		return -1;
	if (n == 0)
		return 0;
	for (i = 0; i < n - 4; i += 4)
		err |= dec_quantum(dst + i / 4 * 3, s + i, '+', '/', 0, 0);
	/* A '=' is valid only as the last symbol, or the last two. */
	pad3 = oc_ct_is(s[i + 3], '=');
	pad2 = oc_ct_is(s[i + 2], '=') & pad3;
	err |= dec_quantum(dst + i / 4 * 3, s + i, '+', '/', pad2, pad3);
	return finish(dst, outlen, n / 4 * 3,
		n / 4 * 3 - (pad2 & 1) - (pad3 & 1), err);
}

int oc_b64url_decode(uint8_t *dst, size_t *outlen, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned char tail[4] = { 'A', 'A', 'A', 'A' };
	uint8_t last[3];
	uint32_t err = 0;
	size_t i, len, r = n % 4;

	*outlen = 0;
	if (r == 1)
		return -1;
	for (i = 0; i < n - r; i += 4)
		err |= dec_quantum(dst + i / 4 * 3, s + i, '-', '_', 0, 0);
	if (r != 0) {
		memcpy(tail, s + i, r);
		err |= dec_quantum(last, tail, '-', '_', r == 2 ? ~0u : 0, ~0u);
		memcpy(dst + i / 4 * 3, last, r - 1);
		oc_wipe(tail, sizeof tail);
		oc_wipe(last, sizeof last);
	}
	len = n / 4 * 3 + (r ? r - 1 : 0);
	return finish(dst, outlen, len, len, err);
}

static int is_ascii_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

int oc_b64_decode_forgiving(uint8_t *dst, size_t *outlen, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t count = 0, pad = 0, k = 0, len = 0, i;
	uint32_t err = 0, acc = 0, bits = 0;

	*outlen = 0;
	for (i = 0; i < n; i++)
		count += !is_ascii_ws(s[i]);
	if (count % 4 == 0)
		for (i = n; i > 0 && pad < 2; i--) {
			if (is_ascii_ws(s[i - 1]))
				continue;
			if (s[i - 1] != '=')
				break;
			pad++;
		}
	count -= pad;
	if (count % 4 == 1)
		return -1;
	for (i = 0; i < n && k < count; i++) {
		if (is_ascii_ws(s[i]))
			continue;
		uint32_t v = dec_sym(s[i], '+', '/');
		err |= v & BAD;
		acc = (acc << 6 | (v & 63)) & 0xFFFFFF;
		bits += 6;
		k++;
		if (bits >= 8) {
			bits -= 8;
			dst[len++] = (uint8_t)(acc >> bits);
		}
	}
	return finish(dst, outlen, len, len, err);
}
