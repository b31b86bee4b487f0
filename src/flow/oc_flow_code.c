/*
 * The authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6): the rules
 * that decide whether a presented code buys tokens, and the grant as it is
 * written once the code is spent. The code is single-use: the write that
 * stores the refresh token also drops authCodeWrappedKey, and a code whose
 * id matches a grant without that key is a replay.
 */
#include "flow/oc_flow_token.h"
#include "crypto/oc_crypto.h"
#include "oauth/oc_pkce.h"
#include "oauth/oc_redirect.h"
#include <string.h>

#define INVALID_GRANT(d) OC_ERR(OC_ERR_INVALID_GRANT, d)

/* The request's redirect_uri against the grant's and the client's (oc_redirect). */
static oc_err check_redirect(const oc_tep *t)
{
	const oc_form_pair *r = oc_form_get(&t->form, "redirect_uri");
	const oc_grant *g = &t->grant;

	return oc_redirect_exchange_check(g->redirect_uri, &t->client.redirect_uris,
		r ? r->value : NULL, r ? r->value_len : 0, g->code_challenge != NULL);
}

/*
 * The stored method first (absent: plain): plain refused unless allowed, any
 * other name than plain or S256 refused; then the verifier must be given; a
 * plain challenge is compared as is (no verifier syntax check), an S256 one
 * through oc_pkce_verify.
 */
static oc_err check_pkce(oc_op *op, const oc_tep *t)
{
	static const char unsupported[] = "Unsupported PKCE code_challenge_method: ";
	const oc_form_pair *v = oc_form_get(&t->form, "code_verifier");
	const oc_grant *g = &t->grant;
	const char *mn = g->code_challenge_method ? g->code_challenge_method : "plain";
	int plain = strcmp(mn, "plain") == 0;

	if (g->code_challenge == NULL) {
		if (v != NULL)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"code_verifier given but the authorization request used no PKCE");
		return OC_ERR_NONE;
	}
	if (plain && !op->cfg->allow_plain_pkce)
		return INVALID_GRANT("The plain PKCE method is not allowed. Use S256 instead.");
	if (!plain && strcmp(mn, "S256") != 0) {
		size_t n = strlen(mn);
		char *d = oc_arena_alloc(op->arena, sizeof unsupported + n);
		if (d == NULL)
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
		memcpy(d, unsupported, sizeof unsupported - 1);
		memcpy(d + sizeof unsupported - 1, mn, n + 1);
		return INVALID_GRANT(d);
	}
	if (v == NULL || v->value_len == 0)
		return OC_ERR(OC_ERR_INVALID_REQUEST, "code_verifier is required for PKCE");
	if (plain) {
		size_t cn = strlen(g->code_challenge);
		if (cn == v->value_len && oc_ct_eq(v->value, g->code_challenge, cn))
			return OC_ERR_NONE;
	} else if (oc_pkce_verify(OC_PKCE_S256, 0, v->value, v->value_len,
	               g->code_challenge, strlen(g->code_challenge)).code == OC_OK) {
		return OC_ERR_NONE;
	}
	return INVALID_GRANT("Invalid PKCE code_verifier");
}

oc_err oc_flow_code_check(oc_op *op, oc_tep *t, int *replay)
{
	const oc_grant *g = &t->grant;
	oc_err e;

	*replay = 0;
	if (!t->has_grant)
		return INVALID_GRANT("Grant not found or authorization code expired");
	if (!oc_token_id_eq(g->auth_code_id, t->tok_id))
		return INVALID_GRANT("Invalid authorization code");
	if (g->auth_code_wrapped_key == NULL) {
		*replay = 1;
		return INVALID_GRANT("Authorization code already used");
	}
	if (strcmp(g->client_id, t->client.client_id) != 0)
		return INVALID_GRANT("Client ID mismatch");
	if ((e = check_redirect(t)).code != OC_OK ||
	    (e = check_pkce(op, t)).code != OC_OK ||
	    (e = oc_tep_resource_check(op->cfg, &t->form)).code != OC_OK ||
	    (e = oc_tep_scope_select(op, &t->form, &g->scope, &t->scope)).code != OC_OK)
		return e;
	if (oc_token_unwrap(t->key, t->tok, t->tok_len, g->auth_code_wrapped_key,
	        strlen(g->auth_code_wrapped_key)).code != OC_OK)
		return INVALID_GRANT("Invalid authorization code");
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
