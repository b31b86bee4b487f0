/*
 * resourceMetadata under the 1.x profile: the rules of the reference 1.2.3's
 * constructor, with its messages, in its order (docs/observed/rules-1.2.3.md,
 * R-CTOR-12 … R-CTOR-21; R-CTOR-20, the required scopes, is oc_config's and
 * comes between the two calls below).
 *
 * A resource URI (resourceMetadata.resource, and each issuer) is held to the
 * reference's syntax: printable ASCII among A-Z a-z 0-9 and :/?@!$&'()*+,;=._~%[]-
 * only, every '%' starting an escape, "scheme://" and a non-empty authority;
 * then it must parse as a URL (oc_url_whatwg) with the scheme https, or http
 * on a loopback host.
 */
#ifndef OC_CONFIG_RESOURCE_H
#define OC_CONFIG_RESOURCE_H

#include "config/oc_config.h"
#include "cJSON.h"

/* 1 if s has the resource URI syntax above (1.2.3's validateResourceUri before its URL parse). */
int oc_config_resource_syntax_ok(const char *s);

/*
 * resourceMetadata.resource and .authorization_servers. Refused (*err set to
 * the reference's message, -1): rm not an object or no resource, a resource
 * failing the URI syntax, not https (loopback http allowed) (R-CTOR-12/13);
 * scheme or host not in lower case (R-CTOR-14); userinfo, or neither its own
 * serialization nor its origin (R-CTOR-15); in the protected-resource
 * metadata namespace (R-CTOR-16); authorization_servers given and empty
 * (R-CTOR-17), with an entry that does not parse as a URL (R-CTOR-18) or that
 * fails the syntax, is not https (loopback http allowed), has userinfo,
 * upper case in scheme or host, a non-canonical serialization, '?' or '#'
 * (R-CTOR-19). A resource this project's URL reader (oc_url) cannot read
 * (a host with characters other than letters, digits and -._~%) is refused
 * with the R-CTOR-13 message. On success c->resource and c->resource_url are
 * set. -1 with *err NULL: out of memory.
 */
int oc_config_resource_check(oc_config *c, const cJSON *rm, const char **err);

/*
 * resourceMetadata under the 0.10.x profile, as 0.10.4's constructor checks
 * it when truthy (oc_config_resource_0_10.c): resource, when given, an
 * absolute http(s) URI without a fragment; authorization_servers, when given,
 * not empty, each parsing as a URL with scheme https, no query and no
 * fragment; scopes_supported, each a scope token; bearer_methods_supported,
 * "header" only. resourceMetadata.scopes_supported become the required scopes
 * (the challenges' and the metadata's); the resource, when given, is kept as
 * c->resource (c->resource_url is not set), pinning grants and tokens
 * (oc_resource_pinned). -1 with *err on a refusal (0.10.4's
 * message), or NULL when out of memory.
 */
int oc_config_resource_0_10_check(oc_config *c, const cJSON *rm, const char **err);

/*
 * OAuthResourceServer's canonical URL (oc_config_rs.c): *ok when s has the
 * resource URI syntax, parses, is https (loopback http allowed), has no
 * userinfo and is its own serialization or origin; with issuer set, also no
 * query (an empty one allowed, as URL.search reads it) and no fragment.
 * *in_namespace when its path is in the protected-resource metadata
 * namespace. -1 when out of memory.
 */
int oc_config_rs_url(const char *s, int issuer, int *ok, int *in_namespace);

/* bearer_methods_supported, if given, lists "header" only (R-CTOR-21); -1 and *err otherwise. */
int oc_config_bearer_methods_check(const cJSON *rm, const char **err);

#endif
