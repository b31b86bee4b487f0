/*
 * The C library's string, memory and sort functions the wasm32-wasi builds
 * call, in place of wasi-libc's (about 5 KB of the module: its strstr is a
 * two-way search, its qsort a smoothsort, its memcpy and friends unrolled
 * word loops built without bulk memory). The module's strings are short
 * (fields of one request, a KV record), so plain loops do; memcpy, memmove
 * and memset become the single bulk-memory instructions memory.copy and
 * memory.fill (the module is built with -mbulk-memory, so the builtins below
 * are those instructions, not calls back into these functions).
 *
 * Contracts as in C11 (7.24, 7.22.5.2). qsort is a heapsort: O(n log n)
 * comparisons in the worst case (a client's metadata may hold many
 * members), not stable, as C allows. Other platforms keep their C library.
 */
#if defined(__wasm__) && defined(__wasi__)
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	__builtin_memcpy(d, s, n);
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	__builtin_memmove(d, s, n);
	return d;
}

void *memset(void *d, int c, size_t n)
{
	__builtin_memset(d, c, n);
	return d;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == 0)
			return NULL;
	}
}

size_t strcspn(const char *s, const char *reject)
{
	size_t i = 0;
	for (; s[i]; i++)
		for (const char *r = reject; *r; r++)
			if (s[i] == *r)
				return i;
	return i;
}

char *strstr(const char *h, const char *n)
{
	size_t k = strlen(n);
	for (; *h; h++)
		if (strncmp(h, n, k) == 0)
			return (char *)h;
	return k == 0 ? (char *)h : NULL;
}

static void swap(unsigned char *a, unsigned char *b, size_t w)
{
	for (size_t i = 0; i < w; i++) {
		unsigned char t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

/* Moves element i of the heap of n elements down to its place. */
static void sift(unsigned char *b, size_t i, size_t n, size_t w, int (*cmp)(const void *, const void *))
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && cmp(b + c * w, b + (c + 1) * w) < 0)
			c++;
		if (cmp(b + i * w, b + c * w) >= 0)
			return;
		swap(b + i * w, b + c * w, w);
	}
}

void qsort(void *base, size_t n, size_t w, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;
	for (size_t i = n / 2; i-- > 0;)
		sift(b, i, n, w, cmp);
	for (size_t e = n; e-- > 1;) {
		swap(b, b + e * w, w);
		sift(b, 0, e, w, cmp);
	}
}
#endif
