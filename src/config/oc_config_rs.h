/*
 * OAuthResourceServer's options (1.2.3's constructor, docs/observed/rules-1.2.3.md
 * 9.7, R-RS-01 … R-RS-10), as the shim sends them: "role": "resourceServer",
 * what only JavaScript can see ("optionsObject": the options are a non-null
 * object; "badHandler": handler has no fetch function and is no
 * WorkerEntrypoint class; "validateTokenFn": validateToken is a function),
 * resourceMetadata as JSON.stringify writes it, and requiredScopes when it
 * is not undefined (null kept).
 *
 * Refused, in this order, each with 1.2.3's TypeError message: options not
 * an object; a bad handler; validateToken not a function; a resource that
 * is not canonical (oc_config_rs_url); one inside the metadata namespace;
 * authorization_servers not a non-empty array; an issuer not canonical or
 * with a query or fragment; bearer_methods_supported given and not exactly
 * ["header"] (null: the TypeError reading its length); requiredScopes and
 * resourceMetadata.scopes_supported both given; a required scope (of the
 * array, or of a string, which JavaScript spreads into its characters)
 * that is not a scope token, or required scopes neither an array nor a
 * string.
 *
 * Kept: the resource (cfg->resource, cfg->resource_url), the required
 * scopes without duplicates and without offline_access (the challenge's
 * and the metadata's), and the RFC 9728 document (cfg->rs_metadata_json):
 * resource, authorization_servers, scopes_supported when there are some,
 * bearer_methods_supported (["header"]), resource_name when given.
 */
#ifndef OC_CONFIG_RS_H
#define OC_CONFIG_RS_H

#include "config/oc_config.h"
#include "cJSON.h"

/* 1 when the options are OAuthResourceServer's ("role": "resourceServer"). */
int oc_config_rs_is(const cJSON *o);

/* Parses them into c (role OC_ROLE_RESOURCE_SERVER, 1.x profile); -1 with *err (NULL: out of memory). */
int oc_config_rs_parse(oc_config *c, const cJSON *o, const char **err);

#endif
