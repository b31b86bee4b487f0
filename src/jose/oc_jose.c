/* JOSE verdict names and the algorithm allow-list (RS256, ES256; never none or HS*). */
#include "jose/oc_jose.h"
#include <string.h>

const char *oc_jose_status_name(oc_jose_status s)
{
	static const char *const names[] = {
		[OC_JOSE_OK] = "ok",
		[OC_JOSE_MALFORMED] = "assertion_malformed",
		[OC_JOSE_ALG_NONE] = "alg_none",
		[OC_JOSE_ALG_HMAC] = "alg_hmac",
		[OC_JOSE_ALG_UNSUPPORTED] = "invalid_alg",
		[OC_JOSE_CRIT] = "crit_unsupported",
		[OC_JOSE_JWKS_INVALID] = "jwks_invalid",
		[OC_JOSE_NO_KEY] = "no_matching_key",
		[OC_JOSE_BAD_SIGNATURE] = "signature_failed",
		[OC_JOSE_NOMEM] = "out_of_memory",
	};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

oc_jose_status oc_jose_alg_parse(const char *alg, oc_jose_alg *out)
{
	if (strcmp(alg, "RS256") == 0) {
		*out = OC_JOSE_ALG_RS256;
		return OC_JOSE_OK;
	}
	if (strcmp(alg, "ES256") == 0) {
		*out = OC_JOSE_ALG_ES256;
		return OC_JOSE_OK;
	}
	/* Case-insensitive on purpose: "None" or "hs256" must not slip through as "unknown". */
	if ((alg[0] | 0x20) == 'n' && (alg[1] | 0x20) == 'o' && (alg[2] | 0x20) == 'n' &&
	    (alg[3] | 0x20) == 'e' && alg[4] == 0)
		return OC_JOSE_ALG_NONE;
	if ((alg[0] | 0x20) == 'h' && (alg[1] | 0x20) == 's')
		return OC_JOSE_ALG_HMAC;
	return OC_JOSE_ALG_UNSUPPORTED;
}

const char *oc_jose_alg_name(oc_jose_alg alg)
{
	return alg == OC_JOSE_ALG_ES256 ? "ES256" : "RS256";
}
