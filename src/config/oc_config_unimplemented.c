/* Options accepted by 1.2.3 and not implemented here: refused by name (see oc_config_unimplemented.h). */
#include "config/oc_config_unimplemented.h"
#include <string.h>

#define NOT_YET " is not implemented by oc-oauth-provider yet; remove this option"

#define NOT_YET_0_10 " is not implemented by oc-oauth-provider for the 0.10.x generation (oc-oauth-provider/0.10) yet; remove this option"

/* only_0_10: implemented for the 1.x generation, not yet for 0.10.x (whose rules for it differ). */
static const struct { const char *name, *err; int only_0_10; } unimplemented[] = {
	{ "allowTokenExchangeGrant", "allowTokenExchangeGrant (RFC 8693 token exchange)" NOT_YET_0_10, 1 },
	{ "clientIdMetadataDocumentEnabled", "clientIdMetadataDocumentEnabled (Client ID Metadata Documents)" NOT_YET, 0 },
};

int oc_config_enabled(const cJSON *o, const char *name)
{
	const cJSON *names = cJSON_GetObjectItemCaseSensitive(o, "enabledOptions"), *e;
	if (!cJSON_IsArray(names))
		return 0;
	cJSON_ArrayForEach(e, names)
		if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
			return 1;
	return 0;
}

int oc_config_refuse_unimplemented(const cJSON *o, const oc_profile *p, const char **err)
{
	for (size_t i = 0; i < sizeof unimplemented / sizeof *unimplemented; i++) {
		if (unimplemented[i].only_0_10 && p->options == OC_PROFILE_OPTIONS_1_2)
			continue;
		if (oc_config_enabled(o, unimplemented[i].name)) {
			*err = unimplemented[i].err;
			return -1;
		}
	}
	return 0;
}
