/* The JOSE header of a JWS: alg (RS256/ES256 only), kid, typ; crit and b64 refused. */
#include "jose/oc_jws.h"
#include <string.h>

oc_jose_status oc_jws_header_read(const oc_jws *jws, oc_jws_header *out)
{
	const cJSON *alg = cJSON_GetObjectItemCaseSensitive(jws->header, "alg");
	const cJSON *kid = cJSON_GetObjectItemCaseSensitive(jws->header, "kid");
	const cJSON *typ = cJSON_GetObjectItemCaseSensitive(jws->header, "typ");
	oc_jose_status st;

	memset(out, 0, sizeof *out);
	if (!cJSON_IsString(alg))
		return OC_JOSE_ALG_UNSUPPORTED;
	if ((st = oc_jose_alg_parse(alg->valuestring, &out->alg)) != OC_JOSE_OK)
		return st;
	if (cJSON_GetObjectItemCaseSensitive(jws->header, "crit") != NULL)
		return OC_JOSE_CRIT;
	if (cJSON_GetObjectItemCaseSensitive(jws->header, "b64") != NULL)
		return OC_JOSE_MALFORMED;
	if (kid != NULL && (!cJSON_IsString(kid) || kid->valuestring[0] == 0))
		return OC_JOSE_MALFORMED;
	if (typ != NULL && !cJSON_IsString(typ))
		return OC_JOSE_MALFORMED;
	out->kid = kid ? kid->valuestring : NULL;
	out->typ = typ ? typ->valuestring : NULL;
	return OC_JOSE_OK;
}
