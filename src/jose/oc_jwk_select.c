/* The one key of a JWKS that may verify a JWS with this alg and kid. */
#include "jose/oc_jwk.h"
#include <string.h>

static int fits(const oc_jwk *k, oc_jose_alg alg)
{
	oc_jwk_type want = alg == OC_JOSE_ALG_ES256 ? OC_JWK_EC_P256 : OC_JWK_RSA;
	return k->type == want && k->for_signatures &&
		(k->alg == NULL || strcmp(k->alg, oc_jose_alg_name(alg)) == 0);
}

oc_jose_status oc_jwks_select(const oc_jwks *set, oc_jose_alg alg, const char *kid, const oc_jwk **out)
{
	const oc_jwk *found = NULL;

	*out = NULL;
	for (size_t i = 0; i < set->count; i++) {
		const oc_jwk *k = &set->keys[i];
		if (!fits(k, alg) || (kid != NULL && (k->kid == NULL || strcmp(k->kid, kid) != 0)))
			continue;
		if (kid != NULL) {
			*out = k;
			return OC_JOSE_OK;
		}
		if (found != NULL)
			return OC_JOSE_NO_KEY;
		found = k;
	}
	*out = found;
	return found != NULL ? OC_JOSE_OK : OC_JOSE_NO_KEY;
}

int oc_jwks_usable(const oc_jwks *set, oc_jose_alg alg)
{
	for (size_t i = 0; i < set->count; i++)
		if (fits(&set->keys[i], alg))
			return 1;
	return 0;
}
