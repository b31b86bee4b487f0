/*
 * A decimal number read into the nearest double (oc_num.h). Common numbers
 * take one exact floating-point operation (at most 2^53 with at most 22 powers
 * of ten: both operands exact, one rounding). Any other is rounded in exact
 * big-integer arithmetic: the value as a fraction P/Q, scaled by a power of
 * two into [1, 2), then one bit of the significand at a time by comparison,
 * and the remainder decides the rounding.
 *
 * A halfway point between two doubles has at most 767 significant digits, so
 * the first 768 digits and one nonzero digit standing for any nonzero rest
 * round as the whole number does. With D < 10^769 and the value between
 * 10^-324 and 10^310 (outside, it is 0 or infinite), P and Q stay below
 * 2^3640 (oc_num_big.h).
 */
#include "base/oc_num.h"
#include "base/oc_num_big.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

#define KEEP 768 /* significant digits read exactly; one more stands for the rest */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The double nearest to D x 10^dexp: D is the nd digits at p (no point), nd <= KEEP + 1. */
static double slow(const char *p, int nd, int64_t dexp)
{
	oc_num_big P, Q;
	oc_num_big_set(&P, 0);
	for (int i = 0; i < nd;) {
		uint32_t chunk = 0, scale = 1;
		for (; i < nd && scale < 1000000000u; i++, scale *= 10)
			chunk = chunk * 10 + (uint32_t)(p[i] - '0');
		oc_num_big_muladd(&P, scale, chunk);
	}
	oc_num_big_set(&Q, 1);
	if (dexp >= 0)
		oc_num_big_mul_pow10(&P, (int)dexp);
	else
		oc_num_big_mul_pow10(&Q, (int)-dexp);
	/* P/Q is in [2^(b-1), 2^(b+1)): below 2^-1075 it rounds to zero. */
	int b = oc_num_big_bits(&P) - oc_num_big_bits(&Q);
	if (b < -1075)
		return 0;
	if (b >= 0)
		oc_num_big_shl(&Q, b);
	else
		oc_num_big_shl(&P, -b);
	if (oc_num_big_addcmp(&P, NULL, &Q) < 0) {
		oc_num_big_shl(&P, 1);
		b--;
	}
	/* Now P/Q in [1, 2) and the value is P/Q 2^b. */
	if (b > 1023)
		return INFINITY;
	if (b < -1075)
		return 0;
	/* Normal: 53 bits; denormal: those down to 2^-1074. */
	int nbits = b >= -1022 ? 53 : b + 1075;
	uint64_t m = 0;
	for (int i = 0; i < nbits; i++) {
		m <<= 1;
		if (oc_num_big_addcmp(&P, NULL, &Q) >= 0) {
			oc_num_big_sub(&P, &Q);
			m |= 1;
		}
		oc_num_big_shl(&P, 1);
	}
	/* P/Q is now twice the rest, in units of the last bit. */
	int c = oc_num_big_addcmp(&P, NULL, &Q);
	m += c > 0 || (c == 0 && (m & 1));
	/* A carry out of the significand moves into the exponent field (up to infinity). */
	uint64_t bits = b >= -1022 ? ((uint64_t)(b + 1022) << 52) + m : m;
	double v;
	memcpy(&v, &bits, sizeof v);
	return v;
}

double oc_num_parse(const char *s, char **end)
{
	const char *p = s, *m0, *dot = NULL;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	m0 = p;
	while (is_digit(*p))
		p++;
	if (*p == '.') {
		dot = p++;
		while (is_digit(*p))
			p++;
	}
	int64_t ndig = (p - m0) - (dot != NULL);
	if (ndig == 0) {
		*end = (char *)s;
		return 0;
	}
	const char *m1 = p;
	int64_t e10 = 0;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		int eneg = 0;
		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		if (is_digit(*q)) {
			for (; is_digit(*q); q++)
				if (e10 < 1000000000)
					e10 = e10 * 10 + (*q - '0');
			e10 = eneg ? -e10 : e10;
			p = q;
		}
	}
	*end = (char *)p;
	/* The significant digits, without the point and the zeros before and after them. */
	int64_t frac = dot ? m1 - dot - 1 : 0, nd = 0, trail = 0;
	char dig[KEEP + 1];
	uint64_t mant = 0;
	for (const char *q = m0; q < m1; q++) {
		if (q == dot || (nd == 0 && *q == '0'))
			continue;
		if (*q == '0') {
			trail++;
			continue;
		}
		/* A nonzero digit: the zeros before it are significant. */
		for (; trail > 0; trail--, nd++) {
			if (nd < KEEP)
				dig[nd] = '0';
			mant = mant * 10;
		}
		if (nd < KEEP)
			dig[nd] = *q;
		else
			dig[KEEP] = '1';
		mant = mant * 10 + (uint64_t)(*q - '0');
		nd++;
	}
	double v;
	/* The value is D x 10^dexp, D the nd digits. */
	int64_t dexp = e10 - frac + trail;
	if (nd == 0) {
		v = 0;
	} else if (dexp + nd > 310) {
		v = INFINITY;
	} else if (dexp + nd < -323) {
		v = 0;
	} else if (nd <= 19 && mant <= (1ull << 53) && dexp >= -22 && dexp <= 22) {
		double pow10 = 1;
		for (int64_t i = dexp < 0 ? -dexp : dexp; i > 0; i--)
			pow10 *= 10;
		v = dexp < 0 ? (double)mant / pow10 : (double)mant * pow10;
	} else if (nd > KEEP) {
		v = slow(dig, KEEP + 1, dexp + nd - (KEEP + 1));
	} else {
		v = slow(dig, (int)nd, dexp);
	}
	return neg ? -v : v;
}
