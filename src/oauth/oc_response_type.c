/* The authorization request's response_type against the server and the client (see oc_response_type.h). */
#include "oauth/oc_response_type.h"
#include <string.h>

/* prefix then rt, in a; NULL when out of memory. */
static const char *naming(oc_arena *a, const char *prefix, const char *rt)
{
	size_t np = strlen(prefix), nr = strlen(rt);
	char *s = oc_arena_alloc(a, np + nr + 1);
	if (s != NULL) {
		memcpy(s, prefix, np);
		memcpy(s + np, rt, nr + 1);
	}
	return s;
}

static oc_err refusal(oc_arena *a, oc_code code, const char *prefix, const char *rt)
{
	const char *d = naming(a, prefix, rt);
	return d ? OC_ERR(code, d) : OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
}

oc_err oc_response_type_check(oc_arena *a, const oc_config *cfg, const oc_client *client, const char *rt)
{
	if (rt == NULL || rt[0] == 0)
		return OC_ERR(OC_ERR_INVALID_REQUEST, "response_type is required");
	if (!(strcmp(rt, "code") == 0 || (cfg->allow_implicit_flow && strcmp(rt, "token") == 0)))
		return refusal(a, OC_ERR_UNSUPPORTED_RESPONSE_TYPE,
			"The authorization server does not support response_type ", rt);
	if (client->has_response_types ? !oc_strs_has(&client->response_types, rt) : strcmp(rt, "code") != 0)
		return refusal(a, OC_ERR_UNAUTHORIZED_CLIENT, "The client is not registered for response_type ", rt);
	return OC_ERR_NONE;
}
