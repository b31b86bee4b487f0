/* The lifetime of a dynamically registered client (oc_client_meta.h). */
#include "oauth/oc_client_meta.h"

int oc_client_restamp_json(const oc_config *cfg, cJSON *record, int64_t now)
{
	cJSON_DeleteItemFromObjectCaseSensitive(record, "registrationExpiresAt");
	if (!cfg->has_client_registration_ttl)
		return 0;
	return cJSON_AddNumberToObject(record, "registrationExpiresAt",
		(double)(now + (int64_t)cfg->client_registration_ttl)) ? 0 : -1;
}

int oc_client_stamp_expiry(const oc_config *cfg, oc_client *c, int64_t now)
{
	if (!cfg->has_client_registration_ttl || !cfg->profile->client_expiry_stamped)
		return 0;
	if (c->extra == NULL && (c->extra = cJSON_CreateObject()) == NULL)
		return -1;
	return oc_client_restamp_json(cfg, c->extra, now);
}

int oc_client_renewal_due(const oc_config *cfg, const oc_client *c, int64_t now)
{
	const cJSON *at = c->extra ? cJSON_GetObjectItemCaseSensitive(c->extra, "registrationExpiresAt") : NULL;
	if (!cfg->has_client_registration_ttl || !cfg->profile->client_expiry_stamped || !cJSON_IsNumber(at))
		return 0;
	return at->valuedouble - (double)now <= (double)cfg->client_registration_ttl / 2;
}
