/* Which options the application gave (see oc_config_enabled.h). */
#include "config/oc_config_enabled.h"
#include "base/oc_strs.h"

int oc_config_enabled(const cJSON *o, const char *name)
{
	return oc_strs_json_has(cJSON_GetObjectItemCaseSensitive(o, "enabledOptions"), name);
}
