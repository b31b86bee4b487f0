/* The client record, client:{clientId}; unknown members survive a re-encode. */
#include "store/oc_kv_json.h"
#include "store/oc_kv_scan.h"
#include <stddef.h>
#include <string.h>

static const char BAD[] = "malformed client record";
static const char NOENC[] = "cannot encode client record";

/* The members oc_client has a field for; every other one is kept in extra. */
static const kvs_member MEMBERS[] = {
	KVS_M("clientId", KVS_STR, 1, oc_client, client_id),
	KVS_M("clientSecret", KVS_STR, 0, oc_client, client_secret),
	KVS_M("redirectUris", KVS_STRS, 1, oc_client, redirect_uris),
	KVS_M("clientName", KVS_STR, 0, oc_client, client_name),
	KVS_M("logoUri", KVS_STR, 0, oc_client, logo_uri),
	KVS_M("clientUri", KVS_STR, 0, oc_client, client_uri),
	KVS_M("policyUri", KVS_STR, 0, oc_client, policy_uri),
	KVS_M("tosUri", KVS_STR, 0, oc_client, tos_uri),
	KVS_M("jwksUri", KVS_STR, 0, oc_client, jwks_uri),
	KVS_H("contacts", KVS_STRS, 0, oc_client, contacts, has_contacts),
	KVS_H("grantTypes", KVS_STRS, 0, oc_client, grant_types, has_grant_types),
	KVS_H("responseTypes", KVS_STRS, 0, oc_client, response_types, has_response_types),
	KVS_H("registrationDate", KVS_INT, 0, oc_client, registration_date, has_registration_date),
	KVS_M("tokenEndpointAuthMethod", KVS_STR, 1, oc_client, token_endpoint_auth_method),
};
static const kvs_table TABLE = { MEMBERS, sizeof MEMBERS / sizeof MEMBERS[0], 1, offsetof(oc_client, extra) };

oc_err oc_client_decode(oc_arena *a, const char *json, size_t n, oc_client *c)
{
	return kvs_decode(a, json, n, &TABLE, c, sizeof *c, BAD);
}

static int is_known(const char *name)
{
	for (size_t i = 0; i < TABLE.n; i++)
		if (strcmp(MEMBERS[i].name, name) == 0)
			return 1;
	return 0;
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
