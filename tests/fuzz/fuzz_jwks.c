/*
 * A JWKS: the input through oc_jwks_parse, then every key's guarantees
 * (oc_jwk.h): an RSA modulus of 2048 to 4096 bits, odd, without a leading
 * zero, an odd exponent of 1 to 4 bytes, at least 3; a P-256 point in
 * uncompressed form; then the key choice for both algorithms, with and
 * without a kid, which must return a key that fits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "jose/oc_jwk.h"

static void check_select(const oc_jwks *set, oc_jose_alg alg, const char *kid)
{
	const oc_jwk *k;
	if (oc_jwks_select(set, alg, kid, &k) != OC_JOSE_OK)
		return;
	if (k == NULL || !k->for_signatures ||
	    k->type != (alg == OC_JOSE_ALG_ES256 ? OC_JWK_EC_P256 : OC_JWK_RSA) ||
	    (kid != NULL && (k->kid == NULL || strcmp(k->kid, kid) != 0)) || !oc_jwks_usable(set, alg))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oc_arena *a = oc_arena_new();
	oc_jwks set;

	if (a == NULL)
		return 0;
	if (oc_jwks_parse(a, (const char *)data, size, &set) == OC_JOSE_OK) {
		if (set.count > OC_JWKS_MAX_KEYS)
			abort();
		for (size_t i = 0; i < set.count; i++) {
			const oc_jwk *k = &set.keys[i];
			if (k->type == OC_JWK_RSA) {
				if (k->n_len < 256 || k->n_len > 512 || k->n[0] == 0 || !(k->n[k->n_len - 1] & 1) ||
				    k->e_len < 1 || k->e_len > 4 || k->e[0] == 0 || !(k->e[k->e_len - 1] & 1) ||
				    (k->e_len == 1 && k->e[0] < 3))
					abort();
			} else if (k->type != OC_JWK_EC_P256 || k->point[0] != 0x04) {
				abort();
			}
			check_select(&set, OC_JOSE_ALG_RS256, k->kid);
			check_select(&set, OC_JOSE_ALG_ES256, k->kid);
		}
		check_select(&set, OC_JOSE_ALG_RS256, NULL);
		check_select(&set, OC_JOSE_ALG_ES256, NULL);
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
