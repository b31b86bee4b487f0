/* What the server lets a client register: auth method, grant and response types (oc_client_meta.h). */
#include "oauth/oc_client_meta.h"
#include <string.h>

static const char *const responses[] = { "code", "token" };
static const char *const methods[] = { "client_secret_basic", "client_secret_post", "none", "private_key_jwt" };

static int known(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

/* "Unsupported <what>: <value>" in the arena. */
static oc_err unsupported(oc_arena *a, const char *what, const char *value)
{
	static const char pre[] = "Unsupported ";
	size_t w = strlen(what), v = strlen(value);
	char *s = oc_arena_alloc(a, sizeof pre + w + 2 + v);
	if (s == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	memcpy(s, pre, sizeof pre - 1);
	memcpy(s + sizeof pre - 1, what, w);
	memcpy(s + sizeof pre - 1 + w, ": ", 2);
	memcpy(s + sizeof pre + 1 + w, value, v + 1);
	return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, s);
}

size_t oc_client_caps_grants(const oc_config *cfg, int cc, const char *out[OC_CLIENT_CAPS_GRANTS])
{
	size_t n = 0;
	out[n++] = "authorization_code";
	out[n++] = "refresh_token";
	if (cc)
		out[n++] = "client_credentials";
	if (cfg->allow_implicit_flow)
		out[n++] = "implicit";
	if (cfg->allow_token_exchange)
		out[n++] = "urn:ietf:params:oauth:grant-type:token-exchange";
	if (cfg->ema)
		out[n++] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
	return n;
}

/* The check, with the server's grant types (client_credentials when cc), private_key_jwt among the methods when pkj. */
static oc_err check(oc_arena *a, const oc_config *cfg, const oc_strs *g, const oc_strs *r,
	const char *method, int cc, int pkj)
{
	const char *gv[OC_CLIENT_CAPS_GRANTS];
	size_t ng = oc_client_caps_grants(cfg, cc, gv), nr = cfg->allow_implicit_flow ? 2 : 1;
	if (!known(method, methods, pkj ? 4 : 3))
		return unsupported(a, "token_endpoint_auth_method", method);
	for (size_t i = 0; i < g->n; i++)
		if (!known(g->v[i], gv, ng))
			return unsupported(a, "grant_type", g->v[i]);
	for (size_t i = 0; i < r->n; i++)
		if (!known(r->v[i], responses, nr))
			return unsupported(a, "response_type", r->v[i]);
	if (oc_strs_has(g, "authorization_code") != oc_strs_has(r, "code"))
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA,
			"grant_types authorization_code and response_types code must be registered together");
	return OC_ERR_NONE;
}

oc_err oc_client_caps_check(oc_arena *a, const oc_config *cfg, const oc_strs *g,
	const oc_strs *r, const char *method)
{
	return check(a, cfg, g, r, method, 0, cfg->allow_private_key_jwt);
}

oc_err oc_client_caps_check_managed(oc_arena *a, const oc_config *cfg, const oc_strs *g,
	const oc_strs *r, const char *method)
{
	return check(a, cfg, g, r, method, cfg->allow_client_credentials, cfg->allow_private_key_jwt);
}
