/*
 * The authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6): the rules
 * that decide whether a presented code buys tokens, and the grant as it is
 * written once the code is spent. The code is single-use: the write that
 * stores the refresh token also drops authCodeWrappedKey, and a code whose
 * id matches a grant without that key is a replay, which revokes the grant
 * when the client the code was issued to presents it (any other client is
 * refused first).
 */
#include "flow/oc_flow_token.h"
#include "oauth/oc_pkce.h"
#include "oauth/oc_redirect.h"
#include <string.h>

#define WHY(reason) OC_WHY("authorization-code-grant", reason)
#define INVALID_GRANT(d, reason) OC_ERR_WHY(OC_ERR_INVALID_GRANT, d, WHY(reason))

/* The grant's PKCE challenge against the request's code_verifier (oc_pkce), once its method passed. */
static oc_err check_verifier(const oc_tep *t)
{
	const oc_form_pair *v = oc_form_get(&t->form, "code_verifier");
	const oc_grant *g = &t->grant;

	return oc_pkce_exchange_verify(g->code_challenge, g->code_challenge_method,
		v ? v->value : NULL, v ? v->value_len : 0);
}

/* The request's redirect_uri against the client's and the grant's (oc_redirect). */
static oc_err check_redirect(oc_op *op, const oc_tep *t)
{
	const oc_form_pair *r = oc_form_get(&t->form, "redirect_uri");
	const oc_grant *g = &t->grant;

	return oc_redirect_exchange_check(g->redirect_uri, &t->client.redirect_uris,
		r ? r->value : NULL, r ? r->value_len : 0,
		g->code_challenge != NULL && g->code_challenge[0] != 0,
		op->cfg->profile->redirect_uri_matches_authorization);
}

oc_err oc_flow_code_check(oc_op *op, oc_tep *t, int *replay)
{
	const oc_grant *g = &t->grant;
	oc_err e;

	*replay = 0;
	if (!t->has_grant)
		return INVALID_GRANT("Grant not found or authorization code expired", "grant_not_found");
	if (!oc_token_id_eq(g->auth_code_id, t->tok_id))
		return INVALID_GRANT("Invalid authorization code", "code_mismatch");
	/* The client first: a spent code another client presents must not revoke the grant. */
	if (strcmp(g->client_id, t->client.client_id) != 0)
		return INVALID_GRANT("Client ID mismatch", "client_mismatch");
	if (g->auth_code_wrapped_key == NULL) {
		*replay = 1;
		return INVALID_GRANT("Authorization code already used", "code_replayed");
	}
	/* the stored PKCE method, the redirect URI, then the verifier: the reference's order */
	if ((e = oc_pkce_exchange_method(op->arena, op->cfg->allow_plain_pkce, g->code_challenge,
	        g->code_challenge_method)).code != OC_OK ||
	    (e = check_redirect(op, t)).code != OC_OK ||
	    (e = check_verifier(t)).code != OC_OK ||
	    (e = oc_tep_grant_resource(op, t)).code != OC_OK ||
	    (e = oc_tep_scope_select(op, &t->form, &g->scope, &t->scope, WHY("scope_not_granted"))).code != OC_OK)
		return e;
	if (oc_token_unwrap(t->key, t->tok, t->tok_len, g->auth_code_wrapped_key,
	        strlen(g->auth_code_wrapped_key)).code != OC_OK)
		return INVALID_GRANT("Invalid authorization code", "code_key_unwrap_failed");
	return OC_ERR_NONE;
}

void oc_flow_code_consume(oc_op *op, oc_tep *t)
{
	oc_grant *g = &t->grant;

	(void)op;
	g->auth_code_wrapped_key = NULL; /* authCodeId stays: it recognises a replay */
	g->code_challenge = NULL;
	g->code_challenge_method = NULL;
}
