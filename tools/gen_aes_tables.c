/*
 * Generates src/crypto/oc_aes_tables.h: the 16-entry tables of the vector-permute
 * AES in src/crypto/oc_aes_impl.h. Build and run: ./tools/gen_aes_tables.sh
 *
 * The math (the idea is Hamburg's, CHES 2009; the derivation here is ours):
 * GF(16) = GF(2)[z]/(z^4+z+1), GF(256) = GF(16)[u]/(u^2 + a u + a) with a
 * chosen so the quadratic is irreducible (trace(1/a) = 1). x = i u + k has
 * norm N = x * conj(x) = a i^2 + a i k + k^2 and conj(x) = i conj(u) + k.
 * With j = i + k and the GF(16) lookups 1/n and a/n:
 *   io = 1/(1/i + a/k) + j = N / (k + a i)
 *   jo = 1/(1/j + a/k) + i = N / (k + a j)
 * and x^-1 = conj(x)/N = p (k + a i)/N + q (k + a j)/N for two constants p, q
 * of GF(256), so x^-1 is linear in the pair (1/io, 1/jo): an output table of
 * io XORed with one of jo. Zero cases work because 1/0 and a/0 are 0x80, an
 * index a shuffle turns into 0 (every case is checked below, on all inputs).
 * Every other table is a GF(2)-linear map of nibbles: the isomorphism phi from
 * the AES field to ours, the S-box's linear part, xtime and InvMixColumns'
 * multipliers. The generator simulates the whole S-box and inverse S-box on
 * all 256 inputs with exact swizzle semantics and exits non-zero on a mismatch.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned gf16_mul(unsigned x, unsigned y)
{
	unsigned r = 0;
	for (int b = 0; b < 4; b++) {
		if (y >> b & 1)
			r ^= x << b;
	}
	for (int b = 7; b >= 4; b--) {
		if (r >> b & 1)
			r ^= 0x13u << (b - 4);
	}
	return r;
}

static unsigned gf16_inv(unsigned x)
{
	for (unsigned y = 1; y < 16; y++) {
		if (gf16_mul(x, y) == 1)
			return y;
	}
	return 0;
}

static unsigned A; /* the constant a of the tower */

/* Tower field element: i << 4 | k means i u + k. */
static unsigned tw_mul(unsigned x, unsigned y)
{
	unsigned i1 = x >> 4, k1 = x & 15, i2 = y >> 4, k2 = y & 15;
	unsigned ii = gf16_mul(gf16_mul(i1, i2), A);
	unsigned hi = ii ^ gf16_mul(i1, k2) ^ gf16_mul(k1, i2);
	unsigned lo = ii ^ gf16_mul(k1, k2);
	return hi << 4 | lo;
}

static unsigned aes_mul(unsigned x, unsigned y)
{
	unsigned r = 0;
	for (int b = 0; b < 8; b++) {
		if (y >> b & 1)
			r ^= x << b;
	}
	for (int b = 14; b >= 8; b--) {
		if (r >> b & 1)
			r ^= 0x11bu << (b - 8);
	}
	return r;
}

static unsigned aes_inv(unsigned x)
{
	for (unsigned y = 1; y < 256; y++) {
		if (aes_mul(x, y) == 1)
			return y;
	}
	return 0;
}

/* The linear part of the S-box's affine map (FIPS-197 5.1.1). */
static unsigned aff(unsigned b)
{
	unsigned r = 0;
	for (int i = 0; i < 8; i++) {
		unsigned bit = (b >> i) ^ (b >> ((i + 4) & 7)) ^ (b >> ((i + 5) & 7))
			^ (b >> ((i + 6) & 7)) ^ (b >> ((i + 7) & 7));
		r |= (bit & 1) << i;
	}
	return r;
}

static unsigned PHI[256], PHI_INV[256], AFF_INV[256];

static unsigned phi(unsigned y) { return PHI[y]; }
static unsigned psi(unsigned y) { return PHI[AFF_INV[y]]; }

static uint8_t T[64][16];
static const char *NAMES[64];
static int NT;

static int table(const char *name, unsigned (*f)(unsigned, unsigned), unsigned arg)
{
	for (unsigned n = 0; n < 16; n++)
		T[NT][n] = (uint8_t)f(n, arg);
	NAMES[NT] = name;
	return NT++;
}

static unsigned t_inv(unsigned n, unsigned _) { (void)_; return n ? gf16_inv(n) : 0x80; }
static unsigned t_ak(unsigned n, unsigned _) { (void)_; return n ? gf16_mul(A, gf16_inv(n)) : 0x80; }
static unsigned t_phi(unsigned n, unsigned sh) { return phi(n << sh); }
static unsigned t_psi(unsigned n, unsigned sh) { return psi(n << sh); }

/* The inverse's share carried by output index n, in AES basis: phi^-1(p/n). */
static unsigned P, Q;
static unsigned share(unsigned n, unsigned pq) { return PHI_INV[tw_mul(gf16_inv(n), pq)]; }
/* Encryption: phi(c * aff(share)); last round and key schedule: aff(share). */
static unsigned t_enc1(unsigned n, unsigned pq) { return phi(aff(share(n, pq))); }
static unsigned t_enc2(unsigned n, unsigned pq) { return phi(aes_mul(2, aff(share(n, pq)))); }
static unsigned t_sbox(unsigned n, unsigned pq) { return aff(share(n, pq)); }
/* Decryption: psi(c * share) for InvMixColumns' c; last round: share. */
static unsigned DEC_C;
static unsigned t_dec(unsigned n, unsigned pq) { return psi(aes_mul(DEC_C, share(n, pq))); }
static unsigned t_keymul(unsigned n, unsigned sh) { return psi(aes_mul(DEC_C, n << sh)); }
static unsigned t_isbox(unsigned n, unsigned pq) { return share(n, pq); }

/*
 * Byte permutations of the column-major state (byte 4c + r is row r, column c)
 * as shuffle indices, out[n] = in[idx[n]]; idx of f o g is g(f(n)).
 */
static unsigned p_sr(unsigned n) { return 4 * (((n >> 2) + (n & 3)) & 3) + (n & 3); }
static unsigned p_isr(unsigned n) { return 4 * (((n >> 2) - (n & 3)) & 3) + (n & 3); }
static unsigned p_rot(unsigned n, unsigned m) { return (n & ~3u) + ((n + m) & 3); }

static unsigned t_perm(unsigned n, unsigned which)
{
	switch (which) {
	case 0: return p_sr(n);
	case 1: return p_isr(n);
	case 2: case 3: case 5: return p_rot(n, which == 2 ? 1 : which == 3 ? 3 : 2);
	case 6: case 7: case 8: return p_isr(p_rot(n, which - 5)); /* R^m o InvShiftRows */
	case 9: case 10: return p_sr(p_rot(n, which == 9 ? 1 : 3)); /* R^m o ShiftRows */
	case 11: return p_sr(p_rot(p_isr(n), 1)); /* ShiftRows^-1 o R o ShiftRows */
	case 12: return n >= 4 ? n - 4 : 0x80; /* words shifted up by one, zero in */
	case 13: return n >= 8 ? n - 8 : 0x80; /* by two */
	case 14: return 12 + ((n + 1) & 3); /* RotWord(word 3) in every word */
	case 15: return 12 + (n & 3); /* word 3 in every word */
	case 16: return (n & 3) ? 0 : 1; /* Rcon 1 in every word */
	default: return 0x0f;
	}
}

static unsigned swz(const uint8_t *t, unsigned idx)
{
	if (idx >= 16 && idx < 0x80) {
		fprintf(stderr, "index %u outside 0..15 and 0x80..0x8f\n", idx);
		exit(1);
	}
	return idx < 16 ? t[idx] : 0;
}

/* The inversion exactly as src/crypto/oc_aes_impl.h does it, one byte. */
static void invert(unsigned x, unsigned *io, unsigned *jo, int tinv, int tak)
{
	unsigned i = x >> 4, k = x & 15, j = i ^ k;
	unsigned ak = swz(T[tak], k);
	unsigned iak = swz(T[tinv], i) ^ ak, jak = swz(T[tinv], j) ^ ak;
	*io = swz(T[tinv], iak) ^ j;
	*jo = swz(T[tinv], jak) ^ i;
}

int main(void)
{
	/* a: the first with trace(1/a) = 1, i.e. u^2 + a u + a irreducible. */
	for (A = 1; A < 16; A++) {
		int irreducible = 1;
		for (unsigned x = 0; x < 256; x++) {
			unsigned i = x >> 4, k = x & 15;
			if (x && (gf16_mul(gf16_mul(i, i), A) ^ gf16_mul(gf16_mul(i, k), A) ^ gf16_mul(k, k)) == 0)
				irreducible = 0;
		}
		if (irreducible)
			break;
	}
	/* phi: AES field -> tower, sending X to the first root beta of X^8+X^4+X^3+X+1. */
	unsigned beta;
	for (beta = 2; beta < 256; beta++) {
		unsigned pw[9] = { 1 };
		for (int m = 1; m <= 8; m++)
			pw[m] = tw_mul(pw[m - 1], beta);
		if ((pw[8] ^ pw[4] ^ pw[3] ^ pw[1] ^ pw[0]) == 0)
			break;
	}
	for (unsigned y = 0; y < 256; y++) {
		unsigned v = 0, pw = 1;
		for (int m = 0; m < 8; m++, pw = tw_mul(pw, beta)) {
			if (y >> m & 1)
				v ^= pw;
		}
		PHI[y] = v;
		PHI_INV[v] = y;
		AFF_INV[aff(y)] = y;
	}
	for (unsigned x = 0; x < 256; x++)
		for (unsigned y = 0; y < 256; y++)
			if (PHI[aes_mul(x, y)] != tw_mul(PHI[x], PHI[y])) {
				fprintf(stderr, "phi is not a field isomorphism\n");
				return 1;
			}
	/* conj(u) = u + a; p = conj(u)/a + u/a^2, q = u/a^2. */
	unsigned a_t = A, u = 0x10, ubar = u ^ a_t;
	unsigned inv_a = gf16_inv(A), inv_a2 = gf16_mul(inv_a, inv_a);
	Q = tw_mul(u, inv_a2);
	P = tw_mul(ubar, inv_a) ^ Q;

	int tinv = table("inv", t_inv, 0), tak = table("ak", t_ak, 0);
	int tphil = table("phi_lo", t_phi, 0), tphih = table("phi_hi", t_phi, 4);
	int tpsil = table("psi_lo", t_psi, 0), tpsih = table("psi_hi", t_psi, 4);
	int te1p = table("enc1_p", t_enc1, P), te1q = table("enc1_q", t_enc1, Q);
	int te2p = table("enc2_p", t_enc2, P), te2q = table("enc2_q", t_enc2, Q);
	int tsp = table("sbox_p", t_sbox, P), tsq = table("sbox_q", t_sbox, Q);
	static const unsigned dc[4] = { 0x0e, 0x0b, 0x0d, 0x09 };
	static const char *dn[8] = { "dec_e_p", "dec_e_q", "dec_b_p", "dec_b_q",
		"dec_d_p", "dec_d_q", "dec_9_p", "dec_9_q" };
	int td[8];
	for (int c = 0; c < 4; c++) {
		DEC_C = dc[c];
		td[2 * c] = table(dn[2 * c], t_dec, P);
		td[2 * c + 1] = table(dn[2 * c + 1], t_dec, Q);
	}
	int tip = table("isbox_p", t_isbox, P), tiq = table("isbox_q", t_isbox, Q);
	/* Key schedule: psi(c * y) of a round key byte y, by nibbles, for InvMixColumns. */
	static const char *kn[8] = { "key_e_lo", "key_e_hi", "key_b_lo", "key_b_hi",
		"key_d_lo", "key_d_hi", "key_9_lo", "key_9_hi" };
	for (int c = 0; c < 4; c++) {
		DEC_C = dc[c];
		table(kn[2 * c], t_keymul, 0);
		table(kn[2 * c + 1], t_keymul, 4);
	}
	/* Byte permutations of the column-major state (byte 4c + r is row r, column c). */
	table("shift_rows", t_perm, 0);
	table("inv_shift_rows", t_perm, 1);
	table("rot1", t_perm, 2);
	table("rot2", t_perm, 5);
	table("rot3", t_perm, 3);
	table("low_nibble", t_perm, 4);
	/* ShiftRows folded into the rotations: rounds permute after the S-box. */
	table("rot1_isr", t_perm, 6);
	table("rot2_isr", t_perm, 7);
	table("rot3_isr", t_perm, 8);
	table("rot1_sr", t_perm, 9);
	table("rot3_sr", t_perm, 10);
	table("rot1_conj", t_perm, 11);
	/* Key expansion, four words at a time. */
	table("sll4", t_perm, 12);
	table("sll8", t_perm, 13);
	table("bcast_rot3", t_perm, 14);
	table("bcast3", t_perm, 15);
	table("rcon", t_perm, 16);

	/* Check every table through the exact algorithm on all 256 inputs. */
	for (unsigned y = 0; y < 256; y++) {
		unsigned sb = aff(aes_inv(y)) ^ 0x63, isb = aes_inv(AFF_INV[y ^ 0x63]);
		unsigned x = swz(T[tphil], y & 15) ^ swz(T[tphih], y >> 4), io, jo;
		if (x != phi(y))
			return fprintf(stderr, "phi tables wrong at %u\n", y), 1;
		invert(x, &io, &jo, tinv, tak);
		unsigned s = swz(T[tsp], io) ^ swz(T[tsq], jo);
		unsigned e1 = swz(T[te1p], io) ^ swz(T[te1q], jo);
		unsigned e2 = swz(T[te2p], io) ^ swz(T[te2q], jo);
		if ((s ^ 0x63) != sb || e1 != phi(s) || e2 != phi(aes_mul(2, s)))
			return fprintf(stderr, "S-box wrong at %u\n", y), 1;
		/* Decryption state: psi(y) ^ phi(5), where 5 = aff^-1(0x63). */
		unsigned xd = (swz(T[tpsil], y & 15) ^ swz(T[tpsih], y >> 4)) ^ phi(AFF_INV[0x63]);
		invert(xd, &io, &jo, tinv, tak);
		unsigned is = swz(T[tip], io) ^ swz(T[tiq], jo);
		if (is != isb)
			return fprintf(stderr, "inverse S-box wrong at %u\n", y), 1;
		for (int c = 0; c < 4; c++)
			if ((swz(T[td[2 * c]], io) ^ swz(T[td[2 * c + 1]], jo)) != psi(aes_mul(dc[c], isb)))
				return fprintf(stderr, "InvMixColumns table wrong at %u\n", y), 1;
	}

	printf("/* Generated by tools/gen_aes_tables.c (a = %u, beta = 0x%02x); do not edit. */\n", A, beta);
	printf("/* Each row is 16 bytes; indices are in 0..15 or 0x80..0x8f only. */\n");
	printf("enum {");
	for (int t = 0; t < NT; t++)
		printf("%s OC_AES_T_%s = %d,", t % 4 ? "" : "\n\t", NAMES[t], t);
	printf("\n\tOC_AES_T_COUNT = %d\n};\n", NT);
	printf("#define OC_AES_ENC_CONST 0x%02xu /* phi(0x63) */\n", phi(0x63));
	printf("#define OC_AES_DEC_CONST 0x%02xu /* phi(aff^-1(0x63)) = phi(0x05) */\n", phi(AFF_INV[0x63]));
	printf("static const uint8_t oc_aes_tables[OC_AES_T_COUNT][16] __attribute__((aligned(16))) = {\n");
	for (int t = 0; t < NT; t++) {
		printf("\t{");
		for (int n = 0; n < 16; n++)
			printf("%s0x%02x", n ? "," : "", T[t][n]);
		printf("}, /* %s */\n", NAMES[t]);
	}
	printf("};\n");
	return 0;
}
