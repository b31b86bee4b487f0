/*
 * Private to oc_num_format.c and oc_num_parse.c: unsigned big integers of
 * fixed capacity, just the operations exact decimal <-> binary conversion
 * needs. Not constant time (numbers in JSON are not secrets).
 *
 * Capacity: OC_NUM_BIG_WORDS 32-bit words. The largest value either converter
 * builds is below 2^3640 (oc_num_parse.c states the bound), so 116 words
 * (3712 bits) hold every intermediate. Operations never write past the
 * capacity whatever their operands: a carry out of the top word is dropped.
 */
#ifndef OC_NUM_BIG_H
#define OC_NUM_BIG_H

#include <stdint.h>

#define OC_NUM_BIG_WORDS 116

typedef struct {
	uint32_t w[OC_NUM_BIG_WORDS]; /* little-endian; words at and above n are zero */
	int n;                        /* words in use; no leading zero word */
} oc_num_big;

/* a = v. */
void oc_num_big_set(oc_num_big *a, uint64_t v);
/* a = a * m + add. */
void oc_num_big_muladd(oc_num_big *a, uint32_t m, uint32_t add);
/* a = a * 10^k, k >= 0. */
void oc_num_big_mul_pow10(oc_num_big *a, int k);
/* a = a * 2^k, k >= 0. */
void oc_num_big_shl(oc_num_big *a, int k);
/* a = a - b; requires a >= b. */
void oc_num_big_sub(oc_num_big *a, const oc_num_big *b);
/* Sign (-1, 0, 1) of a + b - c. b may be NULL (then of a - c). */
int oc_num_big_addcmp(const oc_num_big *a, const oc_num_big *b, const oc_num_big *c);
/* Bits needed to write a (0 for zero). */
int oc_num_big_bits(const oc_num_big *a);

#endif
