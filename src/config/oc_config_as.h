/*
 * OAuthAuthorizationServer's own options (1.2.3's role-based constructor,
 * docs/observed/rules-1.2.3.md 9.8): the issuer, the resource registry and
 * the collisions of its endpoints. The rest of its options are
 * OAuthProvider's, checked as there (oc_config.c's parse_as, which calls
 * these in 1.2.3's order). The shim sends "role": "authorizationServer",
 * "issuer", "resources", "defaultResource", "legacyGrantResource" as
 * JSON.stringify writes them (undefined left out).
 */
#ifndef OC_CONFIG_AS_H
#define OC_CONFIG_AS_H

#include "config/oc_config.h"
#include "cJSON.h"

/* 1 when the options are OAuthAuthorizationServer's ("role": "authorizationServer"). */
int oc_config_as_is(const cJSON *o);

/*
 * The issuer (R-AS-01/02): it must parse as a URL ("authorizationServer.issuer
 * must be a canonical absolute HTTPS URL"), then have the resource URI
 * syntax, be https (loopback http), without userinfo, query or fragment, its
 * own serialization or origin ("… (http is accepted only on a loopback
 * host)"). Sets c->issuer, c->issuer_url and c->as_metadata_path
 * ("/.well-known/oauth-authorization-server" then the issuer's path without
 * trailing slashes). -1 with *err (NULL: out of memory).
 */
int oc_config_as_issuer(oc_config *c, const cJSON *issuer, const char **err);

/*
 * The endpoint defaults: the issuer without trailing slashes, then
 * "/authorize" or "/oauth/token" (malloc'd, or NULL when out of memory).
 */
char *oc_config_as_default_endpoint(const oc_config *c, const char *path);

/*
 * resources (R-AS-03/04): a non-empty array of strings, none naming an
 * earlier one (oc_resource_matches); "resources must be unique; duplicate
 * <resource>". -1 with *err.
 */
int oc_config_as_resources(const cJSON *resources, const char **err);

/*
 * The endpoints' collisions (R-AS-08), as fetch() would route their URLs:
 * token or authorize at the metadata URL, authorize at the token or the
 * registration endpoint, registration at the token endpoint or the metadata
 * URL. -1 with *err.
 */
int oc_config_as_isolation(const oc_config *c, const char **err);

/* 1 if the URL u is the authorization server's metadata URL (origin and path). */
int oc_config_as_is_metadata_url(const oc_config *c, const oc_url *u);

#endif
