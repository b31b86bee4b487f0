/* Host randomness: getentropy (WASI random_get under wasi-libc). */
#include "crypto/oc_crypto.h"
#include <sys/random.h>

#define GETENTROPY_MAX 256 /* bytes per getentropy call, per POSIX */

int oc_random(void *out, size_t n)
{
	uint8_t *p = out;

	while (n > 0) {
		size_t k = n < GETENTROPY_MAX ? n : GETENTROPY_MAX;
		if (getentropy(p, k) != 0)
			return -1;
		p += k;
		n -= k;
	}
	return 0;
}
