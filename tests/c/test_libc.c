/*
 * The C library functions the wasm builds take from src/base/oc_libc.c (the
 * native builds from the system's C library): the same contracts either way.
 */
#include "oc_test.h"
#include <stdlib.h>

static int by_key(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

OC_TEST(libc_qsort)
{
	/* Pairs {key, original position}: sorted by key, every element kept once. */
	int v[257][2];
	for (size_t n = 0; n <= 257; n += n < 10 ? 1 : 61) {
		unsigned seed = 7;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i][0] = (int)(seed >> 16) % 13 - 6;
			v[i][1] = (int)i;
		}
		qsort(v, n, sizeof v[0], by_key);
		int seen[257] = { 0 };
		for (size_t i = 0; i < n; i++) {
			CHECK(i == 0 || v[i - 1][0] <= v[i][0]);
			seen[v[i][1]]++;
		}
		for (size_t i = 0; i < n; i++)
			CHECK(seen[i] == 1);
	}
}

OC_TEST(libc_strings)
{
	const char *s = "https://a.example:8443/p?q#f";
	CHECK(strstr(s, "://") == s + 5);
	CHECK(strstr(s, "") == s);
	CHECK(strstr(s, "#f") == s + 26);
	CHECK(strstr(s, "#fx") == NULL);
	CHECK(strstr("", "") != NULL && strstr("", "a") == NULL);
	CHECK(strcspn(s + 8, "/?#") == 14);
	CHECK(strcspn("abc", "") == 3 && strcspn("", "a") == 0);
	CHECK(strchr(s, '?') == s + 24 && strchr(s, 'z') == NULL && strchr(s, 0) == s + strlen(s));
	CHECK(strlen("") == 0 && strlen(s) == 28);
	CHECK(memchr(s, ':', 5) == NULL && memchr(s, ':', 6) == s + 5 && memchr(s, 0, 29) == s + 28);

	char b[16] = "0123456789";
	memmove(b + 2, b, 8); /* overlapping, upwards */
	CHECK_STR(b, "0101234567");
	memmove(b, b + 3, 8); /* and downwards */
	CHECK_MEM(b, "1234567", 8);
	memcpy(b, "abc", 3);
	CHECK_MEM(b, "abc4", 4);
	memset(b, 'z', 2);
	CHECK_MEM(b, "zzc4", 4);
}
