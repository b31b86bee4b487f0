/*
 * The refresh_token grant (RFC 6749 §6) with the reference's rotation: the
 * grant keeps a current and a previous refresh token. Presenting the current
 * one makes it previous and a new one current; presenting the previous one
 * (a client retrying after a lost response) keeps it previous and replaces
 * the current one. Anything else is invalid_grant.
 *
 * Access never outlives the grant: a grant with less than GRANT_MIN_LEFT
 * seconds left refuses the refresh, and the new access token lasts at most
 * until the grant ends (its end moved first by an idle TTL), as the reference.
 */
#include "flow/oc_flow_token.h"
#include <string.h>

#define WHY(reason) OC_WHY("refresh-token-grant", reason)
#define INVALID_GRANT(d, reason) OC_ERR_WHY(OC_ERR_INVALID_GRANT, d, WHY(reason))

/* KV's minimum expiration: a grant ending sooner cannot be written again. */
#define GRANT_MIN_LEFT 60

/* When the grant ends once this refresh is done (idle TTL: from now), or 0: never. */
static int64_t grant_end(const oc_op *op, const oc_tep *t)
{
	if (t->idle_ttl)
		return oc_op_now(op) + t->idle_ttl;
	return t->grant.has_expires_at ? t->grant.expires_at : 0;
}

int oc_flow_refresh_expired(const oc_op *op, const oc_tep *t)
{
	const oc_grant *g = &t->grant;
	return g->has_expires_at && g->expires_at - oc_op_now(op) < GRANT_MIN_LEFT;
}

oc_err oc_flow_refresh_check(oc_op *op, oc_tep *t, int *was_previous)
{
	const oc_grant *g = &t->grant;
	const char *wrapped;
	oc_err e;

	*was_previous = 0;
	if (!t->has_grant)
		return INVALID_GRANT("Grant not found", "grant_not_found");
	if (oc_token_id_eq(g->refresh_token_id, t->tok_id)) {
		wrapped = g->refresh_token_wrapped_key;
	} else if (oc_token_id_eq(g->previous_refresh_token_id, t->tok_id)) {
		wrapped = g->previous_refresh_token_wrapped_key;
		*was_previous = 1;
	} else {
		return INVALID_GRANT("Invalid refresh token", "refresh_token_mismatch");
	}
	if (strcmp(g->client_id, t->client.client_id) != 0)
		return INVALID_GRANT("Client ID mismatch", "client_mismatch");
	if (oc_flow_refresh_expired(op, t))
		return INVALID_GRANT("Refresh token has expired", "refresh_token_expired");
	if ((e = oc_tep_grant_resource(op, t)).code != OC_OK ||
	    (e = oc_tep_scope_select(op, &t->form, &g->scope, &t->scope, WHY("scope_not_granted"))).code != OC_OK)
		return e;
	if (wrapped == NULL || oc_token_unwrap(t->key, t->tok, t->tok_len, wrapped,
	        strlen(wrapped)).code != OC_OK)
		return INVALID_GRANT("Invalid refresh token", "refresh_token_key_unwrap_failed");
	t->presented_wrapped = wrapped;
	t->idle_ttl = op->cfg->refresh_token_idle_ttl;
	return OC_ERR_NONE;
}

double oc_flow_refresh_access_ttl(const oc_op *op, const oc_tep *t)
{
	double ttl = t->access_ttl;
	int64_t end = grant_end(op, t);
	if (end != 0 && (double)(end - oc_op_now(op)) < ttl)
		ttl = (double)(end - oc_op_now(op));
	return ttl;
}

void oc_flow_refresh_rotate(oc_op *op, oc_tep *t, int was_previous, const char *new_id,
	const char *new_wrapped)
{
	oc_grant *g = &t->grant;

	if (!was_previous)
		g->previous_refresh_token_id = g->refresh_token_id;
	g->previous_refresh_token_wrapped_key = (char *)t->presented_wrapped;
	g->refresh_token_id = (char *)new_id;
	g->refresh_token_wrapped_key = (char *)new_wrapped;
	if (t->idle_ttl) {
		g->expires_at = grant_end(op, t);
		g->has_expires_at = 1;
	}
}
