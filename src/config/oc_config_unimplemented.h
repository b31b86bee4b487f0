/*
 * Internal: the options 1.2.3 accepts that this package does not implement
 * yet. A provider given one is
 * refused at construction, with a message naming it, instead of being built and silently ignoring it.
 */
#ifndef OC_CONFIG_UNIMPLEMENTED_H
#define OC_CONFIG_UNIMPLEMENTED_H

#include "cJSON.h"

/*
 * 1 if o's "enabledOptions" (the names of the options the application gave,
 * as the shim reads them: a truthy value, a function for the function-typed
 * ones it marks) names name.
 */
int oc_config_enabled(const cJSON *o, const char *name);

/*
 * o's "enabledOptions" against the unimplemented ones:
 * enterpriseManagedAuthorization (clientIdMetadataDocumentEnabled: for the
 * 0.10.x generation only, refused by oc_config.c's parse). 0 when
 * none is given; else -1 with *err naming the first of that list given.
 */
int oc_config_refuse_unimplemented(const cJSON *o, const char **err);

#endif
