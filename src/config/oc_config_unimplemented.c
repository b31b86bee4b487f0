/* Options accepted by 1.2.3 and not implemented here: refused by name (see oc_config_unimplemented.h). */
#include "config/oc_config_unimplemented.h"
#include <string.h>

#define NOT_YET " is not implemented by oc-oauth-provider yet; remove this option"

static const struct { const char *name, *err; } unimplemented[] = {
	{ "enterpriseManagedAuthorization", "enterpriseManagedAuthorization" NOT_YET },
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

int oc_config_refuse_unimplemented(const cJSON *o, const char **err)
{
	for (size_t i = 0; i < sizeof unimplemented / sizeof *unimplemented; i++) {
		if (oc_config_enabled(o, unimplemented[i].name)) {
			*err = unimplemented[i].err;
			return -1;
		}
	}
	return 0;
}
