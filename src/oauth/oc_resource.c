/* Resource indicators (RFC 8707) against the configured resource. */
#include "oauth/oc_resource.h"
#include "base/oc_url.h"
#include <string.h>

/* Scheme and host compare case-insensitively; the query is not compared. */
int oc_resource_ok(const oc_config *cfg, const char *r)
{
	oc_url u;
	if (oc_url_parse(&u, r, strlen(r)) || u.has_fragment)
		return 0;
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_REQUESTED)
		return 1;
	return oc_url_same_origin(&u, &cfg->resource_url) && u.path.n == cfg->resource_url.path.n
		&& memcmp(u.path.p, cfg->resource_url.path.p, u.path.n) == 0;
}
