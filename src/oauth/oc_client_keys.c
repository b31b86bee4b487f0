/* createClient's jwks for a private_key_jwt client, checked and kept as clientAssertionKeys. */
#include "oauth/oc_client_keys.h"
#include "jose/oc_jwk.h"
#include "op/oc_fetch.h"
#include <string.h>

/* A jwksUri's clientAssertionKeys: {"jwksUri": …, "algorithms": ["RS256", "ES256"]}. */
static const char *uri_keys(oc_arena *a, const cJSON *uri, cJSON **out)
{
	cJSON *algs;
	if (!cJSON_IsString(uri))
		return "jwksUri must be a string";
	if (oc_fetch_url_check(uri->valuestring, strlen(uri->valuestring)) != NULL)
		return "private_key_jwt jwksUri must be an https: URL without userinfo or a fragment, "
			"naming no localhost, loopback, private, link-local or reserved address";
	oc_arena_bind_json(a);
	if ((*out = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddItemToObject(*out, "jwksUri", cJSON_CreateString(uri->valuestring)) ||
	    (algs = cJSON_AddArrayToObject(*out, "algorithms")) == NULL ||
	    !cJSON_AddItemToArray(algs, cJSON_CreateString("RS256")) ||
	    !cJSON_AddItemToArray(algs, cJSON_CreateString("ES256")))
		return "out of memory";
	return NULL;
}

const char *oc_client_keys_arg(oc_arena *a, const cJSON *args, const char *method, cJSON **out)
{
	const cJSON *jwks = cJSON_GetObjectItemCaseSensitive(args, "jwks");
	const cJSON *uri = cJSON_GetObjectItemCaseSensitive(args, "jwksUri");
	int has_jwks = jwks != NULL && !cJSON_IsNull(jwks), has_uri = uri != NULL && !cJSON_IsNull(uri);
	oc_jwks set;
	oc_jose_status st;
	cJSON *algs;

	*out = NULL;
	if (strcmp(method, "private_key_jwt") != 0)
		return has_jwks ? "jwks requires tokenEndpointAuthMethod private_key_jwt" : NULL;
	if (has_jwks && has_uri)
		return "jwks and jwksUri must not both be present";
	if (has_uri)
		return uri_keys(a, uri, out);
	if (!has_jwks)
		return "private_key_jwt requires jwks or jwksUri";
	if ((st = oc_jwks_read(a, jwks, &set)) == OC_JOSE_NOMEM)
		return "out of memory";
	if (st != OC_JOSE_OK)
		return "Invalid jwks: a key is malformed, too weak, or holds private material";
	int rs = oc_jwks_usable(&set, OC_JOSE_ALG_RS256), es = oc_jwks_usable(&set, OC_JOSE_ALG_ES256);
	if (!rs && !es)
		return "private_key_jwt jwks has no key for RS256 or ES256";
	oc_arena_bind_json(a);
	if ((*out = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddItemToObject(*out, "jwks", cJSON_Duplicate(jwks, 1)) ||
	    (algs = cJSON_AddArrayToObject(*out, "algorithms")) == NULL ||
	    (rs && !cJSON_AddItemToArray(algs, cJSON_CreateString("RS256"))) ||
	    (es && !cJSON_AddItemToArray(algs, cJSON_CreateString("ES256"))))
		return "out of memory";
	return NULL;
}
