/* enterpriseManagedAuthorization at construction (oc_config_ema.h). */
#include "config/oc_config_ema.h"
#include <math.h>
#include <string.h>

#define PRE "enterpriseManagedAuthorization."

/* The number the shim sent for name, or dflt when absent. */
static double number(const cJSON *o, const char *name, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	const char *s = cJSON_GetStringValue(v);
	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (s != NULL && strcmp(s, "Infinity") == 0)
		return INFINITY;
	if (s != NULL && strcmp(s, "-Infinity") == 0)
		return -INFINITY;
	if (s != NULL)
		return NAN;
	return dflt;
}

int oc_config_ema(oc_config *c, const cJSON *v, const char **err)
{
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "trustedIssuers")))
		return *err = PRE "trustedIssuers must be a resolver function: (input) => EmaTrustedIssuer | null", -1;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "mapClaims")))
		return *err = PRE "mapClaims must be a function", -1;
	if (c->profile->ema_requires_resource && c->resource == NULL)
		return *err = "enterpriseManagedAuthorization requires resourceMetadata.resource to be configured", -1;
	c->ema_jwks_ttl = number(v, "jwksCacheTtlSeconds", OC_EMA_DEFAULT_JWKS_TTL);
	c->ema_skew = number(v, "clockSkewSeconds", OC_EMA_DEFAULT_SKEW);
	c->ema_max_lifetime = number(v, "maxAssertionLifetimeSeconds", OC_EMA_DEFAULT_MAX_LIFETIME);
	if (c->ema_jwks_ttl <= 0)
		return *err = PRE "jwksCacheTtlSeconds must be greater than 0", -1;
	if (c->ema_skew < 0)
		return *err = PRE "clockSkewSeconds must be non-negative", -1;
	if (c->ema_max_lifetime <= 0)
		return *err = PRE "maxAssertionLifetimeSeconds must be greater than 0", -1;
	c->ema_allow_public = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "allowPublicClients"));
	c->ema = 1;
	return 0;
}
