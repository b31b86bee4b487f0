/* PKCE: the input split into method, verifier and challenge. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oauth/oc_pkce.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *bar = memchr(s, '|', size);
	size_t vn = bar ? (size_t)(bar - s) : size;
	const char *c = bar ? bar + 1 : s;
	size_t cn = bar ? size - vn - 1 : size;
	oc_pkce_method m;
	int ok_v = oc_pkce_verifier_check(s, vn).code == OC_OK;
	for (int allow = 0; allow < 2; allow++) {
		if (oc_pkce_method_parse(s, vn, allow, &m).code == OC_OK)
			(void)oc_pkce_challenge_check(m, c, cn);
		if (oc_pkce_verify(OC_PKCE_S256, allow, s, vn, c, cn).code == OC_OK && !ok_v)
			abort();
		int plain = oc_pkce_verify(OC_PKCE_PLAIN, allow, s, vn, c, cn).code == OC_OK;
		if (plain && (!allow || !ok_v || vn != cn || memcmp(s, c, vn) != 0))
			abort();
	}
	return 0;
}
