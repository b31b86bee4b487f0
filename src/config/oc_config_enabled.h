/*
 * Internal: which options the application gave, as the shim lists them.
 */
#ifndef OC_CONFIG_ENABLED_H
#define OC_CONFIG_ENABLED_H

#include "cJSON.h"

/*
 * 1 if o's "enabledOptions" (the names of the options the application gave,
 * as the shim reads them: a truthy value, a function for the function-typed
 * ones it marks) names name.
 */
int oc_config_enabled(const cJSON *o, const char *name);

#endif
