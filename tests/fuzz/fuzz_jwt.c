/*
 * A compact JWS: the input through oc_jws_split, oc_jws_header_read, the key
 * choice from a fixed JWKS (an RSA and a P-256 key) and oc_jws_verify. No
 * input may verify (nobody holds the keys' private halves here); a header
 * that is read names RS256 or ES256 only; kid is never empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../c/jose_vectors.h"
#include "jose/oc_jwk.h"
#include "jose/oc_jws.h"
#include "jose/oc_jws_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oc_arena *a = oc_arena_new();
	oc_jws jws;
	oc_jws_header h;
	oc_jwks set;
	const oc_jwk *key;

	if (a == NULL)
		return 0;
	if (oc_jws_split(a, (const char *)data, size, &jws) == OC_JOSE_OK) {
		if (jws.signing_input_len >= size || jws.header == NULL || jws.claims == NULL || jws.sig_len == 0)
			abort();
		if (oc_jws_header_read(&jws, &h) == OC_JOSE_OK) {
			if ((h.alg != OC_JOSE_ALG_RS256 && h.alg != OC_JOSE_ALG_ES256) || (h.kid != NULL && h.kid[0] == 0))
				abort();
			if (oc_jwks_parse(a, V_JWKS, strlen(V_JWKS), &set) != OC_JOSE_OK)
				abort();
			if (oc_jwks_select(&set, h.alg, h.kid, &key) == OC_JOSE_OK &&
			    oc_jws_verify(&jws, h.alg, key) == OC_JOSE_OK &&
			    !(size == strlen(V_JWS_RS256) && memcmp(data, V_JWS_RS256, size) == 0) &&
			    !(size == strlen(V_JWS_ES256) && memcmp(data, V_JWS_ES256, size) == 0) &&
			    !(size == strlen(V_JWS_ES256_NOKID) && memcmp(data, V_JWS_ES256_NOKID, size) == 0))
				abort();
		}
	}
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
