/*
 * oc_ct: branch-free masks for byte arithmetic on secret data.
 *
 * Each function returns 0xFFFFFFFF when its condition holds and 0 when it does
 * not, without branches or memory lookups, so codecs can select values with
 * '&' and '|' instead of an if or a table indexed by a secret. Arguments must
 * be below 2^31 (bytes and small counts always are).
 */
#ifndef OC_CT_H
#define OC_CT_H

#include <stdint.h>

/* x < y */
static inline uint32_t oc_ct_lt(uint32_t x, uint32_t y)
{
	return (uint32_t)0 - ((x - y) >> 31);
}

/* lo <= x <= hi */
static inline uint32_t oc_ct_in(uint32_t x, uint32_t lo, uint32_t hi)
{
	return ~oc_ct_lt(x, lo) & ~oc_ct_lt(hi, x);
}

/* x == y */
static inline uint32_t oc_ct_is(uint32_t x, uint32_t y)
{
	return oc_ct_in(x, y, y);
}

#endif
