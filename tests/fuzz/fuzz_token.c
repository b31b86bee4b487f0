/* Token strings: parse, rebuild, and the decoders of wrapped keys and props. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "token/oc_token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	oc_arena *a = oc_arena_new();
	oc_token_parts p;
	if (a == NULL)
		return 0;
	if (oc_token_parse(a, s, size, &p).code == OC_OK) {
		char *t;
		size_t n;
		char secret[OC_TOKEN_SECRET_LEN + 1];
		memcpy(secret, s + size - OC_TOKEN_SECRET_LEN, OC_TOKEN_SECRET_LEN);
		secret[OC_TOKEN_SECRET_LEN] = 0;
		if (oc_token_build(a, p.user_id, p.grant_id, secret, &t, &n).code != OC_OK
		    || n != size || memcmp(t, s, n) != 0)
			abort();
	}
	/* The input as a stored wrapped key and as sealed props. */
	static const uint8_t key[32] = { 1, 2, 3 };
	uint8_t out[32];
	char *json;
	size_t jn;
	(void)oc_token_unwrap(out, "u:ABCDEFGHijklmnop:0123456789abcdefghijABCDEFGHIJ-_", 51, s, size);
	if (oc_token_props_decrypt(a, key, s, size, &json, &jn).code == OC_OK && strlen(json) != jn)
		abort();
	oc_arena_free(a);
	return 0;
}
