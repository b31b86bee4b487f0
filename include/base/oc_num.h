/*
 * oc_num: numbers in JSON text, written and read as JavaScript does, exactly,
 * without the C library's printf, scanf or strtod.
 *
 * oc_num_format writes v as JSON.stringify does (ECMAScript Number::toString):
 * the fewest significant digits that read back as v, the closest to v when
 * several qualify, an even last digit on a tie; plain digits for 1e-6 <= |v| <
 * 1e21 ("123", "0.000001", "1.5"), otherwise one digit, a fraction if any and
 * an exponent with its sign ("1e+21", "1.5e-7"); -0 as "0"; NaN and the
 * infinities as "null". Integers up to 2^53 in magnitude are their digits.
 * It writes at most OC_NUM_MAX - 1 bytes and a NUL, and returns the length.
 *
 * oc_num_int writes an integer as printf's "%lld" does: a '-' when it is
 * negative, then its digits; at most OC_NUM_INT_MAX - 1 bytes and a NUL. It
 * returns the length.
 *
 * oc_num_parse reads the longest prefix of s in strtod's decimal syntax:
 * an optional sign, digits with an optional point ("1.", ".5" and "01" are
 * numbers), an optional exponent (e or E, an optional sign, digits; left unread
 * when no digit follows it). No leading space, hex, "inf" or "nan". It returns
 * the double nearest to that decimal (ties to an even significand), signed
 * zero when the value is below half the smallest denormal, an infinity when
 * it is beyond the largest double; every digit counts, however many there
 * are. *end gets the byte after the prefix; with no number there, *end = s
 * and 0 is returned.
 */
#ifndef OC_NUM_H
#define OC_NUM_H

#include <stddef.h>
#include <stdint.h>

#define OC_NUM_MAX 26 /* "-0.0000012345678901234567" and its NUL */

#define OC_NUM_INT_MAX 21 /* "-9223372036854775808" and its NUL */

size_t oc_num_format(double v, char *out);
size_t oc_num_int(int64_t v, char *out);
double oc_num_parse(const char *s, char **end);

#endif
