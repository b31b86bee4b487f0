/* Secret hygiene: wiping and constant-time comparison. */
#include "crypto/oc_crypto.h"
#include <string.h>

void oc_wipe(void *p, size_t n)
{
	if (n == 0)
		return;
	memset(p, 0, n);
	/* The barrier makes the stores observable, so they cannot be elided. */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

int oc_ct_eq(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned)(x[i] ^ y[i]);
	return (int)(1u & ((d - 1u) >> 8));
}
