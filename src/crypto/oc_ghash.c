/*
 * GHASH with 64-bit integer multiplies only: no table, no branch on data.
 * A carry-less 64x64 product is four integer products of words whose bits
 * are spread four apart, so carries fall into the holes; the high half comes
 * from the same product of bit-reversed operands. Blocks are big-endian
 * 128-bit integers, i.e. GCM's reflected polynomials, so the reduction by
 * x^128 + x^7 + x^2 + x + 1 becomes right shifts by 1, 2 and 7.
 */
#include "crypto/oc_aes.h"
#include "crypto/oc_crypto.h"
#include <string.h>

static uint64_t bmul64(uint64_t x, uint64_t y)
{
	const uint64_t m0 = 0x1111111111111111u, m1 = m0 << 1, m2 = m0 << 2, m3 = m0 << 3;
	uint64_t x0 = x & m0, x1 = x & m1, x2 = x & m2, x3 = x & m3;
	uint64_t y0 = y & m0, y1 = y & m1, y2 = y & m2, y3 = y & m3;
	uint64_t z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
	uint64_t z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
	uint64_t z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
	uint64_t z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
	return (z0 & m0) | (z1 & m1) | (z2 & m2) | (z3 & m3);
}

static uint64_t rev64(uint64_t x)
{
	x = ((x >> 1) & 0x5555555555555555u) | ((x & 0x5555555555555555u) << 1);
	x = ((x >> 2) & 0x3333333333333333u) | ((x & 0x3333333333333333u) << 2);
	x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fu) | ((x & 0x0f0f0f0f0f0f0f0fu) << 4);
	x = ((x >> 8) & 0x00ff00ff00ff00ffu) | ((x & 0x00ff00ff00ff00ffu) << 8);
	x = ((x >> 16) & 0x0000ffff0000ffffu) | ((x & 0x0000ffff0000ffffu) << 16);
	return (x >> 32) | (x << 32);
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* Carry-less 64x64: low and high halves of the 127-bit product. */
static void clmul64(uint64_t *lo, uint64_t *hi, uint64_t x, uint64_t y, uint64_t xr, uint64_t yr)
{
	*lo = bmul64(x, y);
	*hi = rev64(bmul64(xr, yr)) >> 1;
}

void oc_ghash(uint8_t y[16], const uint8_t h[16], const void *data, size_t n)
{
	const uint8_t *p = data;
	uint64_t h1 = be64(h), h0 = be64(h + 8), h2 = h0 ^ h1;
	uint64_t h1r = rev64(h1), h0r = rev64(h0), h2r = h1r ^ h0r;
	uint64_t y1 = be64(y), y0 = be64(y + 8);
	uint8_t last[16];
	while (n > 0) {
		const uint8_t *b = p;
		if (n < 16) {
			memset(last, 0, sizeof last);
			memcpy(last, p, n);
			b = last;
		}
		y1 ^= be64(b), y0 ^= be64(b + 8);
		uint64_t y2 = y0 ^ y1, y1r = rev64(y1), y0r = rev64(y0), y2r = y1r ^ y0r;
		uint64_t z0l, z0h, z1l, z1h, z2l, z2h;
		clmul64(&z0l, &z0h, y0, h0, y0r, h0r);
		clmul64(&z1l, &z1h, y1, h1, y1r, h1r);
		clmul64(&z2l, &z2h, y2, h2, y2r, h2r);
		z2l ^= z0l ^ z1l, z2h ^= z0h ^ z1h;
		/* 255-bit product w3:w2:w1:w0, then shifted left by one. */
		uint64_t w0 = z0l, w1 = z0h ^ z2l, w2 = z1l ^ z2h, w3 = z1h;
		w3 = w3 << 1 | w2 >> 63, w2 = w2 << 1 | w1 >> 63;
		w1 = w1 << 1 | w0 >> 63, w0 <<= 1;
		/* Fold the low half (the reflected high-degree part) twice. */
		w1 ^= (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
		y1 = w3 ^ w1 ^ (w1 >> 1) ^ (w1 >> 2) ^ (w1 >> 7);
		y0 = w2 ^ w0 ^ (w0 >> 1 | w1 << 63) ^ (w0 >> 2 | w1 << 62) ^ (w0 >> 7 | w1 << 57);
		size_t m = n < 16 ? n : 16;
		p += m, n -= m;
	}
	put_be64(y, y1);
	put_be64(y + 8, y0);
	oc_wipe(last, sizeof last);
}
