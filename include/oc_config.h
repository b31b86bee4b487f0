/*
 * oc_config: a provider's options, parsed and validated once at construction.
 *
 * The host passes the options as JSON (the serialisable subset of the
 * OAuthProvider options: endpoints, TTLs, scopes, resource metadata, flags).
 * The config lives outside any operation's arena until oc_config_free.
 */
#ifndef OC_CONFIG_H
#define OC_CONFIG_H

#include <stddef.h>
#include <stdint.h>

typedef struct oc_config {
	uint32_t access_token_ttl;     /* seconds, default 3600 */
	uint32_t refresh_token_ttl;    /* seconds, 0 = never expire */
	uint32_t refresh_token_idle_ttl;
	int allow_plain_pkce;
	int allow_implicit_flow;
} oc_config;

/*
 * Parses options JSON. Returns NULL and sets *err to a static message naming
 * the rule that failed when the options are invalid.
 */
oc_config *oc_config_new(const char *json, size_t n, const char **err);
void oc_config_free(oc_config *cfg);

#endif
