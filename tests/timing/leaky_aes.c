/*
 * TEST-ONLY, DELIBERATELY LEAKY AES-256 encryption: a textbook implementation
 * with a 256-byte S-box table indexed by secret bytes and an xtime that
 * branches on the secret top bit. It exists so that tests/timing/dudect_aes.c
 * can show its test detects a leak. Never link it into the core.
 */
#include <stdint.h>
#include <string.h>

static uint8_t sbox[256];
static volatile unsigned leak_sink;

static uint8_t xtime_branchy(uint8_t x)
{
	if (x & 0x80) {
		leak_sink++;
		return (uint8_t)((x << 1) ^ 0x1b);
	}
	return (uint8_t)(x << 1);
}

void leaky_aes_init(void)
{
	/* S-box from its definition: inverse by brute force, then the affine map. */
	for (unsigned x = 0; x < 256; x++) {
		unsigned inv = 0;
		for (unsigned y = 1; y < 256 && x; y++) {
			unsigned a = x, b = y, p = 0;
			while (b) {
				if (b & 1) p ^= a;
				a <<= 1;
				if (a & 0x100) a ^= 0x11b;
				b >>= 1;
			}
			if (p == 1) { inv = y; break; }
		}
		unsigned s = inv;
		for (int r = 1; r < 5; r++)
			s ^= ((inv << r) | (inv >> (8 - r))) & 0xff;
		sbox[x] = (uint8_t)(s ^ 0x63);
	}
}

void leaky_aes256_encrypt(const uint8_t key[32], uint8_t out[16], const uint8_t in[16])
{
	uint8_t w[240], s[16], t[16];
	uint8_t rcon = 1;
	memcpy(w, key, 32);
	for (int i = 8; i < 60; i++) {
		uint8_t v[4];
		memcpy(v, w + 4 * (i - 1), 4);
		if (i % 8 == 0) {
			uint8_t v0 = v[0];
			v[0] = (uint8_t)(sbox[v[1]] ^ rcon), v[1] = sbox[v[2]], v[2] = sbox[v[3]], v[3] = sbox[v0];
			rcon = xtime_branchy(rcon);
		} else if (i % 8 == 4) {
			for (int n = 0; n < 4; n++) v[n] = sbox[v[n]];
		}
		for (int n = 0; n < 4; n++)
			w[4 * i + n] = (uint8_t)(w[4 * (i - 8) + n] ^ v[n]);
	}
	for (int n = 0; n < 16; n++)
		s[n] = (uint8_t)(in[n] ^ w[n]);
	for (int r = 1; r <= 14; r++) {
		for (int n = 0; n < 16; n++) /* SubBytes + ShiftRows */
			t[n] = sbox[s[(n + 4 * (n & 3)) & 15]];
		if (r < 14) {
			for (int c = 0; c < 16; c += 4) {
				uint8_t a0 = t[c], a1 = t[c + 1], a2 = t[c + 2], a3 = t[c + 3], all = a0 ^ a1 ^ a2 ^ a3;
				t[c] ^= all ^ xtime_branchy(a0 ^ a1);
				t[c + 1] ^= all ^ xtime_branchy(a1 ^ a2);
				t[c + 2] ^= all ^ xtime_branchy(a2 ^ a3);
				t[c + 3] ^= all ^ xtime_branchy(a3 ^ a0);
			}
		}
		for (int n = 0; n < 16; n++)
			s[n] = (uint8_t)(t[n] ^ w[16 * r + n]);
	}
	memcpy(out, s, 16);
}
