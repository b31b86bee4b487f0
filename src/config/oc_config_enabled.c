/* Which options the application gave (see oc_config_enabled.h). */
#include "config/oc_config_enabled.h"
#include <string.h>

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
