/*
 * oc_num against the C library (glibc, correctly rounded):
 * - reading: on the bytes cJSON hands to strtod (a run of 0-9 + - . e E),
 *   oc_num_parse must read the same prefix and give the same double;
 * - writing: the first 8 bytes as a double must be written in fewer than
 *   OC_NUM_MAX bytes, read back as itself, use no more significant digits than
 *   the shortest correctly rounded "%.*e" that reads back, and, with as many,
 *   the same digits (the closest).
 */
#include "base/oc_num.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int numeric(uint8_t c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

static void check_read(const uint8_t *data, size_t size)
{
	size_t n = 0;
	while (n < size && numeric(data[n]))
		n++;
	char *s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	char *end, *lend;
	double v = oc_num_parse(s, &end), w = strtod(s, &lend);
	if (end != lend || memcmp(&v, &w, sizeof v) != 0)
		__builtin_trap();
	free(s);
}

/* The significant digits of a number's text (no sign, point, exponent, outer zeros). */
static size_t sig_digits(const char *s, char *out)
{
	size_t n = 0;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9' && (n > 0 || *s != '0'))
			out[n++] = *s;
	while (n > 0 && out[n - 1] == '0')
		n--;
	out[n] = '\0';
	return n;
}

static void check_write(const uint8_t *data, size_t size)
{
	double v;
	if (size < sizeof v)
		return;
	memcpy(&v, data, sizeof v);
	char out[OC_NUM_MAX + 16], ref[40], a[32], b[32];
	size_t len = oc_num_format(v, out);
	if (len >= OC_NUM_MAX || strlen(out) != len)
		__builtin_trap();
	if (v != v || v - v != 0) {
		if (strcmp(out, "null") != 0)
			__builtin_trap();
		return;
	}
	char *end;
	double back = oc_num_parse(out, &end);
	if (*end != '\0' || back != v)
		__builtin_trap();
	if (v == 0)
		return;
	int p = 1;
	for (; p <= 17; p++) {
		snprintf(ref, sizeof ref, "%.*e", p - 1, v);
		if (strtod(ref, NULL) == v)
			break;
	}
	size_t mine = sig_digits(out, a), theirs = sig_digits(ref, b);
	if (mine > theirs || (mine == theirs && strcmp(a, b) != 0))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_read(data, size);
	check_write(data, size);
	return 0;
}
