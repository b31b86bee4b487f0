/* Resource indicators (RFC 8707) against the configured protected resource. */
#ifndef OC_RESOURCE_H
#define OC_RESOURCE_H

#include "config/oc_config.h"

/*
 * 1 if the profile accepts r as a resource indicator: an absolute URI without
 * fragment, and with OC_PROFILE_BIND_CONFIGURED the configured resource's
 * origin and path.
 */
int oc_resource_ok(const oc_config *cfg, const char *r);

#endif
