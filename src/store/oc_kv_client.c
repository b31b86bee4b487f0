/* The client record, client:{clientId}, read; unknown members survive a re-encode (oc_kv_client_write.c). */
#include "store/oc_kv_json.h"
#include "store/oc_kv_scan.h"
#include <stddef.h>
#include <string.h>

static const char BAD[] = "malformed client record";

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

int oc_client_known_member(const char *name)
{
	for (size_t i = 0; i < TABLE.n; i++)
		if (strcmp(MEMBERS[i].name, name) == 0)
			return 1;
	return 0;
}
