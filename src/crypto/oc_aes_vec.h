/*
 * The 128-bit vector layer under oc_aes: load, store, xor, and, the high
 * nibbles of the bytes (v_hi4, given the 0x0f mask), a byte add, 8-byte
 * half loads and stores, and a 16-byte shuffle. Backends:
 *   wasm SIMD     i8x16.swizzle, or i8x16.relaxed_swizzle when built with
 *                 -mrelaxed-simd -DOC_AES_RELAXED_SWIZZLE=1
 *   SSSE3         pshufb
 *   plain C       exact wasm swizzle semantics (OC_AES_EMULATE=1 forces it);
 *                 an index outside 0..15 and 0x80..0x8f aborts, so tests
 *                 prove every index stays where swizzle, relaxed swizzle and
 *                 pshufb agree.
 */
#ifndef OC_AES_VEC_H
#define OC_AES_VEC_H

#include <stdint.h>
#include <string.h>

#if defined(OC_AES_EMULATE) || !(defined(__wasm_simd128__) || defined(__SSSE3__))
#include <stdlib.h>
#define OC_AES_BACKEND "c-emulated-swizzle"
typedef struct { uint8_t b[16]; } oc_v;
static inline oc_v v_load(const void *p) { oc_v v; memcpy(v.b, p, 16); return v; }
static inline void v_store(void *p, oc_v v) { memcpy(p, v.b, 16); }
static inline oc_v v_xor(oc_v a, oc_v b)
{
	for (int n = 0; n < 16; n++) a.b[n] ^= b.b[n];
	return a;
}
static inline oc_v v_and(oc_v a, oc_v b)
{
	for (int n = 0; n < 16; n++) a.b[n] &= b.b[n];
	return a;
}
static inline oc_v v_hi4(oc_v a, oc_v m)
{
	(void)m;
	for (int n = 0; n < 16; n++) a.b[n] = (uint8_t)(a.b[n] >> 4);
	return a;
}
static inline oc_v v_add8(oc_v a, oc_v b)
{
	for (int n = 0; n < 16; n++) a.b[n] = (uint8_t)(a.b[n] + b.b[n]);
	return a;
}
static inline oc_v v_load_hi64(const void *p, oc_v v) { memcpy(v.b + 8, p, 8); return v; }
static inline void v_store_hi64(void *p, oc_v v) { memcpy(p, v.b + 8, 8); }
static inline oc_v v_be64(uint64_t x)
{
	oc_v v = { { 0 } };
	for (int n = 0; n < 8; n++) v.b[n] = (uint8_t)(x >> (56 - 8 * n));
	return v;
}
static inline oc_v v_shuf(oc_v t, oc_v idx)
{
	oc_v r;
	for (int n = 0; n < 16; n++) {
		unsigned i = idx.b[n];
		if (i >= 16 && (i & 0xf0) != 0x80)
			abort(); /* swizzle and relaxed swizzle would differ */
		r.b[n] = i < 16 ? t.b[i] : 0;
	}
	return r;
}
static inline oc_v v_splat(uint8_t x) { oc_v v; memset(v.b, x, 16); return v; }

#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
typedef v128_t oc_v;
static inline oc_v v_load(const void *p) { return wasm_v128_load(p); }
static inline void v_store(void *p, oc_v v) { wasm_v128_store(p, v); }
static inline oc_v v_xor(oc_v a, oc_v b) { return wasm_v128_xor(a, b); }
static inline oc_v v_and(oc_v a, oc_v b) { return wasm_v128_and(a, b); }
/* andnot then a 32-bit shift: two instructions, where u8x16.shr is five in V8. */
static inline oc_v v_hi4(oc_v a, oc_v m) { return wasm_u32x4_shr(wasm_v128_andnot(a, m), 4); }
static inline oc_v v_add8(oc_v a, oc_v b) { return wasm_i8x16_add(a, b); }
static inline oc_v v_load_hi64(const void *p, oc_v v) { return wasm_v128_load64_lane(p, v, 1); }
static inline void v_store_hi64(void *p, oc_v v) { wasm_v128_store64_lane(p, v, 1); }
static inline oc_v v_be64(uint64_t x) { return wasm_i64x2_make((int64_t)__builtin_bswap64(x), 0); }
#if defined(OC_AES_RELAXED_SWIZZLE) && defined(__wasm_relaxed_simd__)
#define OC_AES_BACKEND "wasm-relaxed-swizzle"
static inline oc_v v_shuf(oc_v t, oc_v idx) { return wasm_i8x16_relaxed_swizzle(t, idx); }
#else
#define OC_AES_BACKEND "wasm-swizzle"
static inline oc_v v_shuf(oc_v t, oc_v idx) { return wasm_i8x16_swizzle(t, idx); }
#endif
static inline oc_v v_splat(uint8_t x) { return wasm_u8x16_splat(x); }

#else
#include <tmmintrin.h>
#define OC_AES_BACKEND "ssse3-pshufb"
typedef __m128i oc_v;
static inline oc_v v_load(const void *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline void v_store(void *p, oc_v v) { _mm_storeu_si128((__m128i *)p, v); }
static inline oc_v v_xor(oc_v a, oc_v b) { return _mm_xor_si128(a, b); }
static inline oc_v v_and(oc_v a, oc_v b) { return _mm_and_si128(a, b); }
static inline oc_v v_hi4(oc_v a, oc_v m) { return _mm_srli_epi32(_mm_andnot_si128(m, a), 4); }
static inline oc_v v_add8(oc_v a, oc_v b) { return _mm_add_epi8(a, b); }
static inline oc_v v_load_hi64(const void *p, oc_v v)
{
	return _mm_castpd_si128(_mm_loadh_pd(_mm_castsi128_pd(v), (const double *)p));
}
static inline void v_store_hi64(void *p, oc_v v) { _mm_storeh_pd((double *)p, _mm_castsi128_pd(v)); }
static inline oc_v v_be64(uint64_t x) { return _mm_set_epi64x(0, (long long)__builtin_bswap64(x)); }
static inline oc_v v_shuf(oc_v t, oc_v idx) { return _mm_shuffle_epi8(t, idx); }
static inline oc_v v_splat(uint8_t x) { return _mm_set1_epi8((char)x); }
#endif

#endif
