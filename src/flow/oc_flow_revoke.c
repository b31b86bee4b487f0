/*
 * Token revocation (RFC 7009) as the reference serves it on the token
 * endpoint: an access token loses its record; a refresh token (current or
 * previous) loses its whole grant and every access token of it. Tokens of
 * other clients, pending codes and unknown tokens are left alone, and the
 * answer is the same 200 either way (§2.2).
 */
#include "flow/oc_flow_token.h"
#include <string.h>

int oc_tep_revoke_decide(oc_op *op, oc_tep *t)
{
	const char *me = t->client.client_id;
	/* An access token record without grant.clientId belongs to its grant's client. */
	const char *owner = t->has_rec ? t->rec.grant.client_id : NULL;

	(void)op;
	if (owner == NULL && t->has_rec && t->has_grant)
		owner = t->grant.client_id;
	if (owner != NULL && strcmp(owner, me) == 0 && oc_token_id_eq(t->rec.id, t->tok_id))
		return 0;
	if (t->has_grant && strcmp(t->grant.client_id, me) == 0 &&
	    (oc_token_id_eq(t->grant.refresh_token_id, t->tok_id) ||
	     oc_token_id_eq(t->grant.previous_refresh_token_id, t->tok_id)))
		return 1;
	return -1;
}
