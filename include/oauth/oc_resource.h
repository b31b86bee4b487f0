/* Resource indicators (RFC 8707) against the configured protected resource. */
#ifndef OC_RESOURCE_H
#define OC_RESOURCE_H

#include "config/oc_config.h"

/* 1 if r names the configured resource (1.x: same origin, same path; 0.x: any absolute URI). */
int oc_resource_ok(const oc_config *cfg, const char *r);

#endif
