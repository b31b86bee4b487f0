/* A new client's id and secret (oc_client_meta.h). */
#include "oauth/oc_client_meta.h"
#include "token/oc_token.h"
#include <string.h>

/*
 * The id and a confidential client's secret come from one draw (one host
 * call): its first OC_TOKEN_CLIENT_ID_LEN characters are the id, the rest the
 * secret, as two draws in that order would give them.
 */
oc_err oc_client_mint(oc_arena *a, oc_client *c, int64_t now, char **secret)
{
	int confidential = strcmp(c->token_endpoint_auth_method, "none") != 0 &&
		strcmp(c->token_endpoint_auth_method, "private_key_jwt") != 0;
	size_t n = OC_TOKEN_CLIENT_ID_LEN + (confidential ? OC_TOKEN_CLIENT_SECRET_LEN : 0);
	char *id = oc_arena_alloc(a, OC_TOKEN_CLIENT_ID_LEN + 1), *draw = oc_arena_alloc(a, n + 1);
	*secret = NULL;
	if (id == NULL || draw == NULL || oc_token_random(draw, n).code != OC_OK)
		return OC_ERR(OC_ERR_SERVER_ERROR, "cannot mint a client id");
	memcpy(id, draw, OC_TOKEN_CLIENT_ID_LEN);
	id[OC_TOKEN_CLIENT_ID_LEN] = 0;
	c->client_id = id;
	c->client_secret = NULL;
	if (confidential) {
		char *s = draw + OC_TOKEN_CLIENT_ID_LEN; /* NUL-terminated by the draw */
		char *hash = oc_arena_alloc(a, OC_TOKEN_ID_LEN + 1);
		if (hash == NULL)
			return OC_ERR(OC_ERR_SERVER_ERROR, "cannot mint a client secret");
		oc_token_client_secret_hash(hash, s, OC_TOKEN_CLIENT_SECRET_LEN);
		c->client_secret = hash;
		*secret = s;
	}
	c->has_registration_date = 1;
	c->registration_date = now;
	return OC_ERR_NONE;
}
