/* Fixed-capacity unsigned big integers for the number converters (oc_num_big.h). */
#include "base/oc_num_big.h"
#include <string.h>

#define CAP OC_NUM_BIG_WORDS

static void trim(oc_num_big *a)
{
	while (a->n > 0 && a->w[a->n - 1] == 0)
		a->n--;
}

void oc_num_big_set(oc_num_big *a, uint64_t v)
{
	memset(a, 0, sizeof *a);
	a->w[0] = (uint32_t)v;
	a->w[1] = (uint32_t)(v >> 32);
	a->n = 2;
	trim(a);
}

void oc_num_big_muladd(oc_num_big *a, uint32_t m, uint32_t add)
{
	uint64_t carry = add;
	for (int i = 0; i < a->n; i++) {
		uint64_t t = (uint64_t)a->w[i] * m + carry;
		a->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry != 0 && a->n < CAP)
		a->w[a->n++] = (uint32_t)carry;
	trim(a);
}

void oc_num_big_mul_pow10(oc_num_big *a, int k)
{
	for (; k >= 9; k -= 9)
		oc_num_big_muladd(a, 1000000000u, 0);
	static const uint32_t p10[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
	oc_num_big_muladd(a, p10[k], 0);
}

void oc_num_big_shl(oc_num_big *a, int k)
{
	int words = k / 32, bits = k % 32;
	if (a->n == 0)
		return;
	int n = a->n + words + 1;
	if (n > CAP)
		n = CAP;
	for (int i = n - 1; i >= 0; i--) {
		int src = i - words;
		uint32_t hi = src >= 0 ? a->w[src] : 0;
		uint32_t lo = src >= 1 ? a->w[src - 1] : 0;
		a->w[i] = bits ? (hi << bits) | (lo >> (32 - bits)) : hi;
	}
	a->n = n;
	trim(a);
}

void oc_num_big_sub(oc_num_big *a, const oc_num_big *b)
{
	int64_t borrow = 0;
	for (int i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->w[i] - b->w[i] - borrow;
		borrow = t < 0;
		a->w[i] = (uint32_t)t;
	}
	trim(a);
}

int oc_num_big_addcmp(const oc_num_big *a, const oc_num_big *b, const oc_num_big *c)
{
	oc_num_big s = *a;
	if (b != NULL) {
		uint64_t carry = 0;
		int n = a->n > b->n ? a->n : b->n;
		for (int i = 0; i < n; i++) {
			uint64_t t = (uint64_t)s.w[i] + b->w[i] + carry;
			s.w[i] = (uint32_t)t;
			carry = t >> 32;
		}
		s.n = n;
		if (carry != 0 && n < CAP)
			s.w[s.n++] = 1;
	}
	if (s.n != c->n)
		return s.n > c->n ? 1 : -1;
	for (int i = s.n - 1; i >= 0; i--)
		if (s.w[i] != c->w[i])
			return s.w[i] > c->w[i] ? 1 : -1;
	return 0;
}

int oc_num_big_bits(const oc_num_big *a)
{
	if (a->n == 0)
		return 0;
	uint32_t top = a->w[a->n - 1];
	int bits = 32 * (a->n - 1);
	while (top) {
		bits++;
		top >>= 1;
	}
	return bits;
}
