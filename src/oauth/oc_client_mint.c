/* A new client's id and secret (oc_client_meta.h). */
#include "oauth/oc_client_meta.h"
#include "token/oc_token.h"
#include <string.h>

oc_err oc_client_mint(oc_arena *a, oc_client *c, int64_t now, char **secret)
{
	char *id = oc_arena_alloc(a, OC_TOKEN_CLIENT_ID_LEN + 1);
	*secret = NULL;
	if (id == NULL || oc_token_random(id, OC_TOKEN_CLIENT_ID_LEN).code != OC_OK)
		return OC_ERR(OC_ERR_SERVER_ERROR, "cannot mint a client id");
	c->client_id = id;
	c->client_secret = NULL;
	if (strcmp(c->token_endpoint_auth_method, "none") != 0 &&
	    strcmp(c->token_endpoint_auth_method, "private_key_jwt") != 0) {
		char *s = oc_arena_alloc(a, OC_TOKEN_CLIENT_SECRET_LEN + 1);
		char *hash = oc_arena_alloc(a, OC_TOKEN_ID_LEN + 1);
		if (s == NULL || hash == NULL || oc_token_random(s, OC_TOKEN_CLIENT_SECRET_LEN).code != OC_OK)
			return OC_ERR(OC_ERR_SERVER_ERROR, "cannot mint a client secret");
		oc_token_client_secret_hash(hash, s, OC_TOKEN_CLIENT_SECRET_LEN);
		c->client_secret = hash;
		*secret = s;
	}
	c->has_registration_date = 1;
	c->registration_date = now;
	return OC_ERR_NONE;
}
