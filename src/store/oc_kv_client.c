/* The client record, client:{clientId}; unknown members survive a re-encode. */
#include "store/oc_kv_json.h"
#include <string.h>

static const char BAD[] = "malformed client record";
static const char NOENC[] = "cannot encode client record";

/* The members oc_client has a field for. */
static const char *const known[] = {
	"clientId", "clientSecret", "redirectUris", "clientName", "logoUri",
	"clientUri", "policyUri", "tosUri", "jwksUri", "contacts", "grantTypes",
	"responseTypes", "registrationDate", "tokenEndpointAuthMethod",
};

static int is_known(const char *name)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i], name) == 0)
			return 1;
	return 0;
}

oc_err oc_client_decode(oc_arena *a, const char *json, size_t n, oc_client *c)
{
	cJSON *j;
	memset(c, 0, sizeof *c);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "clientId", 1, BAD, &c->client_id));
	KVJ_TRY(kvj_str(j, "clientSecret", 0, BAD, &c->client_secret));
	KVJ_TRY(kvj_strs(a, j, "redirectUris", 1, BAD, NULL, &c->redirect_uris));
	KVJ_TRY(kvj_str(j, "clientName", 0, BAD, &c->client_name));
	KVJ_TRY(kvj_str(j, "logoUri", 0, BAD, &c->logo_uri));
	KVJ_TRY(kvj_str(j, "clientUri", 0, BAD, &c->client_uri));
	KVJ_TRY(kvj_str(j, "policyUri", 0, BAD, &c->policy_uri));
	KVJ_TRY(kvj_str(j, "tosUri", 0, BAD, &c->tos_uri));
	KVJ_TRY(kvj_str(j, "jwksUri", 0, BAD, &c->jwks_uri));
	KVJ_TRY(kvj_strs(a, j, "contacts", 0, BAD, &c->has_contacts, &c->contacts));
	KVJ_TRY(kvj_strs(a, j, "grantTypes", 0, BAD, &c->has_grant_types, &c->grant_types));
	KVJ_TRY(kvj_strs(a, j, "responseTypes", 0, BAD, &c->has_response_types,
		&c->response_types));
	KVJ_TRY(kvj_int(j, "registrationDate", 0, BAD, &c->has_registration_date,
		&c->registration_date));
	KVJ_TRY(kvj_str(j, "tokenEndpointAuthMethod", 1, BAD, &c->token_endpoint_auth_method));

	/* Move every other member into extra (after the reads above: the
	 * decoded strings stay valid, they live in the arena). */
	cJSON *m = j->child, *next;
	for (; m != NULL; m = next) {
		next = m->next;
		if (m->string == NULL || is_known(m->string))
			continue;
		if ((c->extra == NULL && (c->extra = cJSON_CreateObject()) == NULL)
		    || !cJSON_AddItemToObject(c->extra, m->string,
			cJSON_DetachItemViaPointer(j, m)))
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	}
	return OC_ERR_NONE;
}

/* Copies extra's member name into j, if extra has it: 0, or -1 when out of memory. */
static int put_extra(cJSON *j, const cJSON *extra, const char *name)
{
	const cJSON *m = extra ? cJSON_GetObjectItemCaseSensitive(extra, name) : NULL;
	cJSON *d;
	if (m == NULL)
		return 0;
	return (d = cJSON_Duplicate(m, 1)) == NULL || !cJSON_AddItemToObject(j, name, d) ? -1 : 0;
}

/*
 * Member order is the reference's: i18n after jwksUri, then authMethodExplicit
 * and clientSecret after tokenEndpointAuthMethod, then the other extra members
 * (registrationExpiresAt, …) in their stored order.
 */
oc_err oc_client_encode(oc_arena *a, const oc_client *c, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (c->client_id == NULL || c->token_endpoint_auth_method == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	if (j == NULL
	    || kvj_put_str(j, "clientId", c->client_id)
	    || kvj_put_strs(j, "redirectUris", &c->redirect_uris)
	    || kvj_put_str(j, "clientName", c->client_name)
	    || kvj_put_str(j, "logoUri", c->logo_uri)
	    || kvj_put_str(j, "clientUri", c->client_uri)
	    || kvj_put_str(j, "policyUri", c->policy_uri)
	    || kvj_put_str(j, "tosUri", c->tos_uri)
	    || kvj_put_str(j, "jwksUri", c->jwks_uri)
	    || put_extra(j, c->extra, "i18n")
	    || (c->has_contacts && kvj_put_strs(j, "contacts", &c->contacts))
	    || (c->has_grant_types && kvj_put_strs(j, "grantTypes", &c->grant_types))
	    || (c->has_response_types
		&& kvj_put_strs(j, "responseTypes", &c->response_types))
	    || (c->has_registration_date
		&& kvj_put_int(j, "registrationDate", c->registration_date))
	    || kvj_put_str(j, "tokenEndpointAuthMethod", c->token_endpoint_auth_method)
	    || put_extra(j, c->extra, "authMethodExplicit")
	    || kvj_put_str(j, "clientSecret", c->client_secret))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (c->extra != NULL) {
		const cJSON *m;
		cJSON_ArrayForEach(m, c->extra) {
			cJSON *d;
			if (m->string == NULL || is_known(m->string)
			    || cJSON_GetObjectItemCaseSensitive(j, m->string) != NULL)
				continue;
			if ((d = cJSON_Duplicate(m, 1)) == NULL
			    || !cJSON_AddItemToObject(j, m->string, d))
				return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
		}
	}
	return kvj_print(j, out);
}
