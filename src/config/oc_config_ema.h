/*
 * Internal: the enterpriseManagedAuthorization option, as 1.2.3 checks it at
 * construction (rules R-CTOR-40…44), and 0.10.4 under its profile
 * (ema_requires_resource: R010-EMA-01). c->profile and c->resource are set.
 *
 * The shim sends the option, when it is truthy, as a JSON object:
 * "trustedIssuers" and "mapClaims" true when each is a function;
 * "jwksCacheTtlSeconds", "clockSkewSeconds" and "maxAssertionLifetimeSeconds"
 * absent when undefined, else the number JavaScript's Number() reads of them
 * (NaN, Infinity and -Infinity as the strings "NaN", "Infinity",
 * "-Infinity": the reference compares them as numbers); "allowPublicClients"
 * true when truthy. Refused, in this order, with 1.2.3's TypeError messages:
 * trustedIssuers not a function; mapClaims not a function; with the
 * profile's ema_requires_resource, no configured resource (0.10.4's
 * message); jwksCacheTtlSeconds <= 0; clockSkewSeconds < 0;
 * maxAssertionLifetimeSeconds <= 0 (a NaN passes each comparison, as there).
 */
#ifndef OC_CONFIG_EMA_H
#define OC_CONFIG_EMA_H

#include "config/oc_config.h"
#include "cJSON.h"

/* Reads v (NULL or null: the option not given: off) into c; 0, or -1 with *err. */
int oc_config_ema(oc_config *c, const cJSON *v, const char **err);

#endif
