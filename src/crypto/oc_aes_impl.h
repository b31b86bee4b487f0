/*
 * The vector-permute AES-256 algorithm over the layer in oc_aes_vec.h. Every
 * lookup that depends on a secret is a 16-byte shuffle of a register; tables
 * (src/crypto/oc_aes_tables.h, see tools/gen_aes_tables.c for the math) are loaded
 * from fixed addresses once per call. Included by src/oc_aes.c, and by a test
 * that builds the same algorithm over the plain-C swizzle.
 *
 * State bases: encryption rounds keep phi(state), the state mapped into the
 * tower field; decryption rounds keep psi(state) ^ phi(5), psi = phi o aff^-1,
 * which is phi of the inverse S-box's field input. The S-box's affine constant
 * and these bases are folded into the round keys.
 *
 * Latency first (key unwrap is 24 dependent decryptions): a round starts with
 * the S-box on the state as it is, and (Inv)ShiftRows is folded into the
 * (Inv)MixColumns rotations that follow, so no permutation leads the round.
 */
#ifndef OC_AES_IMPL_H
#define OC_AES_IMPL_H

#include "crypto/oc_aes_vec.h"
#include "crypto/oc_aes_tables.h"

typedef struct { oc_v t[OC_AES_T_COUNT]; } oc_aes_tv;
#define TV(name) (tv->t[OC_AES_T_##name])

/*
 * The pointer is laundered so the compiler cannot fold the rows into
 * v128.const at each use: workerd rematerializes such constants per use.
 */
static inline void aes_tv_load(oc_aes_tv *tv)
{
	const uint8_t (*t)[16] = oc_aes_tables;
	__asm__("" : "+r"(t));
	for (int n = 0; n < OC_AES_T_COUNT; n++)
		tv->t[n] = v_load(t[n]);
}

/* A GF(2)-linear byte map given by its images of low and high nibbles. */
static inline oc_v aes_lin(const oc_aes_tv *tv, oc_v lo_t, oc_v hi_t, oc_v x)
{
	return v_xor(v_shuf(lo_t, v_and(x, TV(low_nibble))), v_shuf(hi_t, v_hi4(x, TV(low_nibble))));
}

/* Field inversion split into the two output indices io, jo (see the generator). */
static inline void aes_inv(const oc_aes_tv *tv, oc_v x, oc_v *io, oc_v *jo)
{
	oc_v i = v_hi4(x, TV(low_nibble)), k = v_and(x, TV(low_nibble)), j = v_xor(i, k);
	oc_v ak = v_shuf(TV(ak), k);
	oc_v iak = v_xor(v_shuf(TV(inv), i), ak);
	oc_v jak = v_xor(v_shuf(TV(inv), j), ak);
	*io = v_xor(v_shuf(TV(inv), iak), j);
	*jo = v_xor(v_shuf(TV(inv), jak), i);
}

static inline oc_v aes_out(oc_v p_t, oc_v q_t, oc_v io, oc_v jo)
{
	return v_xor(v_shuf(p_t, io), v_shuf(q_t, jo));
}

/* The S-box on 16 bytes, in the AES basis (key schedule). */
static inline oc_v aes_sbox(const oc_aes_tv *tv, oc_v y)
{
	oc_v io, jo;
	aes_inv(tv, aes_lin(tv, TV(phi_lo), TV(phi_hi), y), &io, &jo);
	return v_xor(aes_out(TV(sbox_p), TV(sbox_q), io, jo), v_splat(0x63));
}

static inline oc_v aes_enc_round(const oc_aes_tv *tv, oc_v s, oc_v rk)
{
	oc_v io, jo;
	aes_inv(tv, s, &io, &jo);
	oc_v a = aes_out(TV(enc1_p), TV(enc1_q), io, jo);
	oc_v b = aes_out(TV(enc2_p), TV(enc2_q), io, jo);
	/*
	 * MixColumns(ShiftRows(a)) with S the shift and R the column rotation:
	 * x = 2a + R'(a) with R' = S^-1 R S; out = S(x) + RS(x) + R^3 S(a).
	 */
	oc_v x = v_xor(b, v_shuf(a, TV(rot1_conj)));
	return v_xor(v_xor(v_shuf(x, TV(shift_rows)), v_shuf(x, TV(rot1_sr))),
		v_xor(v_shuf(a, TV(rot3_sr)), rk));
}

static inline oc_v aes_enc_last(const oc_aes_tv *tv, oc_v s, oc_v rk)
{
	oc_v io, jo;
	aes_inv(tv, s, &io, &jo);
	return v_xor(v_shuf(aes_out(TV(sbox_p), TV(sbox_q), io, jo), TV(shift_rows)), rk);
}

static inline oc_v aes_encrypt_v(const oc_aes_tv *tv, const uint8_t rk[15][16], oc_v s)
{
	s = v_xor(aes_lin(tv, TV(phi_lo), TV(phi_hi), s), v_load(rk[0]));
	for (int r = 1; r < 14; r++)
		s = aes_enc_round(tv, s, v_load(rk[r]));
	return aes_enc_last(tv, s, v_load(rk[14]));
}

/* Two independent blocks, round by round, so their dependency chains overlap. */
static inline void aes_encrypt2_v(const oc_aes_tv *tv, const uint8_t rk[15][16], oc_v *s0, oc_v *s1)
{
	oc_v k = v_load(rk[0]);
	oc_v a = v_xor(aes_lin(tv, TV(phi_lo), TV(phi_hi), *s0), k);
	oc_v b = v_xor(aes_lin(tv, TV(phi_lo), TV(phi_hi), *s1), k);
	for (int r = 1; r < 14; r++) {
		k = v_load(rk[r]);
		a = aes_enc_round(tv, a, k);
		b = aes_enc_round(tv, b, k);
	}
	k = v_load(rk[14]);
	*s0 = aes_enc_last(tv, a, k);
	*s1 = aes_enc_last(tv, b, k);
}

/*
 * One inner decryption round. The round key k comes ShiftRows-permuted (see
 * aes_dec_keys) and joins the first lookup, off the critical path:
 * InvMixColumns(InvShiftRows(a)) + K = P(e a + S(K)) + RP(b a) + R^2P(d a)
 * + R^3P(9 a), P = InvShiftRows, S = P^-1, R the column rotation.
 */
static inline oc_v aes_dec_round(const oc_aes_tv *tv, oc_v s, oc_v k)
{
	oc_v io, jo;
	aes_inv(tv, s, &io, &jo);
	oc_v e = v_xor(v_xor(v_shuf(TV(dec_e_p), io), k), v_shuf(TV(dec_e_q), jo));
	oc_v b = aes_out(TV(dec_b_p), TV(dec_b_q), io, jo);
	oc_v d = aes_out(TV(dec_d_p), TV(dec_d_q), io, jo);
	oc_v n = aes_out(TV(dec_9_p), TV(dec_9_q), io, jo);
	return v_xor(v_xor(v_shuf(e, TV(inv_shift_rows)), v_shuf(b, TV(rot1_isr))),
		v_xor(v_shuf(d, TV(rot2_isr)), v_shuf(n, TV(rot3_isr))));
}

static inline oc_v aes_decrypt_v(const oc_aes_tv *tv, const uint8_t dk[15][16], oc_v s)
{
	oc_v io, jo;
	s = v_xor(aes_lin(tv, TV(psi_lo), TV(psi_hi), s), v_load(dk[0]));
	for (int r = 1; r < 14; r++)
		s = aes_dec_round(tv, s, v_load(dk[r]));
	aes_inv(tv, s, &io, &jo);
	return v_xor(v_shuf(aes_out(TV(isbox_p), TV(isbox_q), io, jo), TV(inv_shift_rows)), v_load(dk[14]));
}

/* x with word n replaced by words 0..n XORed. */
static inline oc_v aes_prefix(const oc_aes_tv *tv, oc_v x)
{
	x = v_xor(x, v_shuf(x, TV(sll4)));
	return v_xor(x, v_shuf(x, TV(sll8)));
}

/* The 15 AES-256 round keys in the AES basis (FIPS-197 5.2), four words a step. */
static inline void aes_expand(const oc_aes_tv *tv, uint8_t w[15][16], const uint8_t key[32])
{
	oc_v a = v_load(key), b = v_load(key + 16), rcon = TV(rcon);
	v_store(w[0], a);
	v_store(w[1], b);
	for (int r = 2; r < 15; r += 2) {
		a = v_xor(aes_prefix(tv, a), v_xor(v_shuf(aes_sbox(tv, b), TV(bcast_rot3)), rcon));
		v_store(w[r], a);
		if (r == 14)
			break;
		rcon = v_add8(rcon, rcon);
		b = v_xor(aes_prefix(tv, b), v_shuf(aes_sbox(tv, a), TV(bcast3)));
		v_store(w[r + 1], b);
	}
}

static inline void aes_enc_keys(const oc_aes_tv *tv, uint8_t rk[15][16], const uint8_t w[15][16])
{
	oc_v c = v_splat(OC_AES_ENC_CONST);
	v_store(rk[0], aes_lin(tv, TV(phi_lo), TV(phi_hi), v_load(w[0])));
	for (int r = 1; r < 14; r++)
		v_store(rk[r], v_xor(aes_lin(tv, TV(phi_lo), TV(phi_hi), v_load(w[r])), c));
	v_store(rk[14], v_xor(v_load(w[14]), v_splat(0x63)));
}

/* ShiftRows(psi(InvMixColumns(w)) ^ c) for one round key w, by shuffles as well. */
static inline oc_v aes_dec_key(const oc_aes_tv *tv, oc_v w, oc_v c)
{
	oc_v lo = v_and(w, TV(low_nibble)), hi = v_hi4(w, TV(low_nibble));
	oc_v e = v_xor(v_shuf(TV(key_e_lo), lo), v_shuf(TV(key_e_hi), hi));
	oc_v b = v_xor(v_shuf(TV(key_b_lo), lo), v_shuf(TV(key_b_hi), hi));
	oc_v d = v_xor(v_shuf(TV(key_d_lo), lo), v_shuf(TV(key_d_hi), hi));
	oc_v n = v_xor(v_shuf(TV(key_9_lo), lo), v_shuf(TV(key_9_hi), hi));
	oc_v k = v_xor(v_xor(e, v_shuf(b, TV(rot1))), v_xor(v_shuf(d, TV(rot2)), v_xor(v_shuf(n, TV(rot3)), c)));
	return v_shuf(k, TV(shift_rows));
}

static inline void aes_dec_keys(const oc_aes_tv *tv, uint8_t dk[15][16], const uint8_t w[15][16])
{
	oc_v c = v_splat(OC_AES_DEC_CONST);
	v_store(dk[0], v_xor(aes_lin(tv, TV(psi_lo), TV(psi_hi), v_load(w[14])), c));
	for (int r = 1; r < 14; r++)
		v_store(dk[r], aes_dec_key(tv, v_load(w[14 - r]), c));
	memcpy(dk[14], w[0], 16);
}

#undef TV
#endif
