/*
 * A double as JavaScript writes it (oc_num.h). Integers up to 2^53 are their
 * digits; any other double gets its shortest digits from Steele and White's
 * free-format algorithm, as Burger and Dybvig state it, in exact big-integer
 * arithmetic: v and the half-gaps to its neighbours as fractions r/s, m+/s,
 * m-/s, scaled by a power of ten, then one digit at a time until the digits
 * so far, or the next one up, fall within the neighbours' half-gaps.
 */
#include "base/oc_num.h"
#include "base/oc_num_big.h"
#include <stdint.h>
#include <string.h>

/*
 * The shortest digits of v > 0, finite, into dig (at most 17, no NUL); *k gets
 * the decimal exponent: v is closest to 0.dig x 10^k. Returns the digit count.
 */
static int shortest(double v, char *dig, int *k)
{
	uint64_t bits, f;
	memcpy(&bits, &v, sizeof bits);
	int be = (int)(bits >> 52), e;
	f = bits & ((1ull << 52) - 1);
	if (be == 0) {
		e = -1074;
	} else {
		f |= 1ull << 52;
		e = be - 1075;
	}
	/* v = f 2^e. Reading back rounds ties to even: an even f owns its boundaries. */
	int even = (f & 1) == 0;
	/* Just above a power of two (not the smallest normal), the gap below is half as wide. */
	int narrow = be > 1 && f == 1ull << 52;
	oc_num_big r, s, mp, mm;
	/* Everything times 4, so that the half-gaps 2^(e-1) and 2^(e-2) are integers. */
	oc_num_big_set(&r, f);
	oc_num_big_set(&s, 1);
	oc_num_big_set(&mp, 2);
	oc_num_big_set(&mm, narrow ? 1 : 2);
	if (e >= 0) {
		oc_num_big_shl(&r, e + 2);
		oc_num_big_shl(&s, 2);
		oc_num_big_shl(&mp, e);
		oc_num_big_shl(&mm, e);
	} else {
		oc_num_big_shl(&r, 2);
		oc_num_big_shl(&s, 2 - e);
	}
	/* ceil(log10 v), or one less: v < 2^(e + bits(f)). */
	int bl = 64;
	while (bl > 0 && !(f >> (bl - 1)))
		bl--;
	double est = (e + bl - 1) * 0.30102999566398114 - 1e-10;
	int kk = (int)est;
	if (kk < est)
		kk++;
	if (kk >= 0) {
		oc_num_big_mul_pow10(&s, kk);
	} else {
		oc_num_big_mul_pow10(&r, -kk);
		oc_num_big_mul_pow10(&mp, -kk);
		oc_num_big_mul_pow10(&mm, -kk);
	}
	/* Until the upper boundary is below 10^kk (or at it, if it is excluded). */
	while (oc_num_big_addcmp(&r, &mp, &s) > (even ? -1 : 0)) {
		oc_num_big_muladd(&s, 10, 0);
		kk++;
	}
	int n = 0;
	for (;;) {
		oc_num_big_muladd(&r, 10, 0);
		oc_num_big_muladd(&mp, 10, 0);
		oc_num_big_muladd(&mm, 10, 0);
		int d = 0;
		while (oc_num_big_addcmp(&r, NULL, &s) >= 0) {
			oc_num_big_sub(&r, &s);
			d++;
		}
		/* Stop when the digits so far (low) or with this digit plus one (high) read back as v. */
		int low = oc_num_big_addcmp(&r, NULL, &mm) < (even ? 1 : 0);
		int high = oc_num_big_addcmp(&r, &mp, &s) > (even ? -1 : 0);
		if (low && high) {
			/* Both do: the closer one; on a tie, the even digit. */
			int c = oc_num_big_addcmp(&r, &r, &s);
			d += c > 0 || (c == 0 && (d & 1));
		} else {
			d += high;
		}
		dig[n++] = (char)('0' + d);
		if (low || high)
			break;
	}
	*k = kk;
	return n;
}

/* Digits dig[0..n) with decimal exponent k, laid out as Number::toString does. */
static char *layout(char *o, const char *dig, int n, int k)
{
	if (n <= k && k <= 21) {
		memcpy(o, dig, n);
		o += n;
		for (int i = n; i < k; i++)
			*o++ = '0';
	} else if (0 < k && k <= 21) {
		memcpy(o, dig, k);
		o += k;
		*o++ = '.';
		memcpy(o, dig + k, n - k);
		o += n - k;
	} else if (-6 < k && k <= 0) {
		*o++ = '0';
		*o++ = '.';
		for (int i = k; i < 0; i++)
			*o++ = '0';
		memcpy(o, dig, n);
		o += n;
	} else {
		*o++ = dig[0];
		if (n > 1) {
			*o++ = '.';
			memcpy(o, dig + 1, n - 1);
			o += n - 1;
		}
		*o++ = 'e';
		*o++ = k - 1 < 0 ? '-' : '+';
		int x = k - 1 < 0 ? 1 - k : k - 1;
		if (x >= 100)
			*o++ = (char)('0' + x / 100);
		if (x >= 10)
			*o++ = (char)('0' + x / 10 % 10);
		*o++ = (char)('0' + x % 10);
	}
	return o;
}

size_t oc_num_int(int64_t v, char *out)
{
	char tmp[20];
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, k = 0;
	if (v < 0)
		out[n++] = '-';
	do
		tmp[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (k)
		out[n++] = tmp[--k];
	out[n] = '\0';
	return n;
}

size_t oc_num_format(double v, char *out)
{
	char dig[20], *o = out;
	int n, k;
	if (v != v || v - v != 0) {
		memcpy(out, "null", 5);
		return 4;
	}
	if (v < 0) {
		*o++ = '-';
		v = -v;
	}
	/* An integer: its digits (-0 was not given a sign). */
	if (v <= 9007199254740992.0 && v == (double)(uint64_t)v)
		return (size_t)(o - out) + oc_num_int((int64_t)v, o);
	n = shortest(v, dig, &k);
	o = layout(o, dig, n, k);
	*o = '\0';
	return (size_t)(o - out);
}
