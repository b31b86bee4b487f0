/* What scopes a client may obtain for itself (oc_client_scopes.h). */
#include "oauth/oc_client_scopes.h"
#include "oauth/oc_scope.h"
#include <string.h>

const char *oc_client_scopes_arg_check(const cJSON *v)
{
	const cJSON *e;
	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsArray(v))
		return "allowedScopes must be an array of scope tokens";
	cJSON_ArrayForEach(e, v)
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)))
			return "allowedScopes must be an array of scope tokens";
	return NULL;
}

oc_err oc_client_scopes_allowed(oc_arena *a, const oc_client *c, oc_strs *out)
{
	const cJSON *v = c->extra ? cJSON_GetObjectItemCaseSensitive(c->extra, "allowedScopes") : NULL;
	out->v = NULL;
	out->n = 0;
	if (v == NULL || cJSON_IsNull(v))
		return OC_ERR_NONE;
	return oc_strs_from_json(a, v, out, "Stored client is corrupt");
}

oc_err oc_client_scopes_select(oc_arena *a, const oc_strs *allowed, const oc_form_pair *p,
	oc_strs *out)
{
	oc_strs asked;
	oc_err e;

	*out = *allowed;
	if (p == NULL)
		return OC_ERR_NONE;
	if ((e = oc_scope_parse(a, p->value, p->value_len, &asked)).code != OC_OK)
		return e.code == OC_ERR_INVALID_SCOPE ? OC_ERR_WHY(OC_ERR_INVALID_SCOPE, "Invalid scope",
			OC_WHY("client-credentials-grant", "scope_malformed")) : e;
	if (asked.n == 0)
		return OC_ERR_NONE;
	if (!oc_scope_subset(&asked, allowed))
		return OC_ERR_WHY(OC_ERR_INVALID_SCOPE, "The requested scope exceeds the scopes allowed for this client",
			OC_WHY("client-credentials-grant", "scope_not_allowed"));
	*out = asked;
	return OC_ERR_NONE;
}
