/* createClient's jwks for a private_key_jwt client, checked and kept as clientAssertionKeys. */
#include "oauth/oc_client_keys.h"
#include "jose/oc_jwk.h"
#include "op/oc_fetch.h"
#include <string.h>

/* The descriptions naming the URI member: createClient's jwksUri [0], RFC 7591's jwks_uri [1]. */
#define NOT_FETCHABLE(name) "private_key_jwt " name " must be an https: URL without userinfo or a fragment, " \
	"naming no localhost, loopback, private, link-local or reserved address"
static const char *const both[] = { "jwks and jwksUri must not both be present", "jwks and jwks_uri must not both be present" };
static const char *const neither[] = { "private_key_jwt requires jwks or jwksUri", "private_key_jwt requires jwks or jwks_uri" };
static const char *const not_string[] = { "jwksUri must be a string", "jwks_uri must be a string" };
static const char *const not_fetchable[] = { NOT_FETCHABLE("jwksUri"), NOT_FETCHABLE("jwks_uri") };

/* A jwksUri's clientAssertionKeys: {"jwksUri": …, "algorithms": ["RS256", "ES256"]}. */
static const char *uri_keys(oc_arena *a, const cJSON *uri, int rfc7591, cJSON **out)
{
	cJSON *algs;
	if (!cJSON_IsString(uri))
		return not_string[rfc7591];
	if (oc_fetch_url_check(uri->valuestring, strlen(uri->valuestring)) != NULL)
		return not_fetchable[rfc7591];
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
	return oc_client_keys_read(a, cJSON_GetObjectItemCaseSensitive(args, "jwks"),
		cJSON_GetObjectItemCaseSensitive(args, "jwksUri"), method, 0, out);
}

const char *oc_client_keys_read(oc_arena *a, const cJSON *jwks, const cJSON *uri, const char *method, int rfc7591,
	cJSON **out)
{
	int has_jwks = jwks != NULL && !cJSON_IsNull(jwks), has_uri = uri != NULL && !cJSON_IsNull(uri);
	oc_jwks set;
	oc_jose_status st;
	cJSON *algs;

	*out = NULL;
	if (strcmp(method, "private_key_jwt") != 0)
		return has_jwks ? "jwks requires tokenEndpointAuthMethod private_key_jwt" : NULL;
	if (has_jwks && has_uri)
		return both[rfc7591];
	if (has_uri)
		return uri_keys(a, uri, rfc7591, out);
	if (!has_jwks)
		return neither[rfc7591];
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
