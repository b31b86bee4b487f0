/*
 * oc_config: a provider's options, parsed and validated once at construction.
 *
 * The host passes the serialisable options as JSON, in the names of the
 * reference's OAuthProviderOptions (apiRoute, tokenEndpoint, resourceMetadata,
 * accessTokenTTL, …), where a JSON null stands for `undefined` given
 * explicitly, plus what only the host can see: "nullOptions" (the options
 * whose value was JS null), "resourceMatchOriginOnly" (present when the key
 * is), "hasApiHandler" (apiHandler is truthy), "badApiHandler" (it is not a
 * handler), "apiHandlerRoutes" (the keys of a truthy apiHandlers, in order),
 * "badApiHandlers" (the indexes of its values that are not handlers).
 * Construction fails, naming the rule, exactly where the reference's
 * constructor throws, in the profile's order (oc_profile.options).
 *
 * Options of this project (no counterpart in the reference), read after the
 * profile's, in both generations: allowClientCredentialsGrant (true turns the
 * grant on), introspectionEndpoint (an endpoint option as tokenEndpoint is:
 * refused as it is, and when its path is the token, authorize or
 * registration endpoint's: "introspectionEndpoint must differ from
 * tokenEndpoint, authorizeEndpoint and clientRegistrationEndpoint"),
 * introspectionClients (an array of client id strings, else "introspectionClients
 * must be an array of client ids"), and clientCredentialsCallback from the
 * host's "enabledOptions".
 *
 * Profile (config/oc_profile.h): the behaviours in which 1.x and 0.10.x
 * differ, chosen here once by the host's "generation": "0.10" (the entry
 * oc-oauth-provider/0.10) for 0.10.x, anything else for 1.x; never by the
 * options (0.10.x accepts resourceMetadata too). Under 1.x a falsy
 * resourceMetadata is refused with 1.2.3's message and a sentence naming the
 * 0.10 entry. Nothing after construction asks which.
 *
 * With "role": "resourceServer" the options are OAuthResourceServer's
 * instead (src/config/oc_config_rs.h); with "role": "authorizationServer"
 * OAuthAuthorizationServer's (src/config/oc_config_as.h): its endpoints are
 * then full URLs (a path on the issuer's origin), and it has no API routes.
 *
 * The config lives outside any operation's arena until oc_config_free.
 */
#ifndef OC_CONFIG_H
#define OC_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_url.h"
#include "config/oc_profile.h"

/*
 * An apiRoute entry: a path prefix (any host) or a full URL (host and path).
 * 1.x: every route lies under the resource (oc_config_routes.h).
 */
typedef struct {
	char *text;       /* as configured */
	int full_url;
	oc_url url;       /* when full_url */
	char *path;       /* the path prefix to match (a full URL's, normalised) */
	int handler;      /* index into the host's handler list */
} oc_route;

/* An endpoint given as a path or a full URL. */
typedef struct {
	char *text;
	int full_url;
	oc_url url;
	char *path;
	char *origin;     /* a full URL's origin as `new URL(text).origin` serialises it ("null" for a scheme without one) */
} oc_endpoint;

/* Which class the options are for: what OC_KIND_HTTP serves (oc_flow_dispatch). */
typedef enum {
	OC_ROLE_PROVIDER = 0,           /* OAuthProvider (both generations) */
	OC_ROLE_RESOURCE_SERVER = 1,    /* OAuthResourceServer (1.x): src/config/oc_config_rs.c */
	OC_ROLE_AUTHORIZATION_SERVER = 2 /* OAuthAuthorizationServer (1.x): src/config/oc_config_as.c */
} oc_role;

typedef struct oc_config {
	const oc_profile *profile;      /* never NULL: oc_profile_1x or oc_profile_0_10 */
	oc_role role;
	oc_route *routes; size_t nroutes;
	oc_endpoint token_endpoint, authorize_endpoint, registration_endpoint;
	int has_registration_endpoint;
	uint32_t access_token_ttl;      /* default 3600 */
	int has_refresh_token_ttl;      /* absent or undefined: never expire */
	uint32_t refresh_token_ttl;     /* 0: no refresh tokens (1.x) */
	uint32_t refresh_token_idle_ttl;/* 0: fixed lifetime */
	int has_client_registration_ttl;
	uint32_t client_registration_ttl;
	char **scopes_supported; size_t nscopes_supported; int has_scopes_supported;
	char **required_scopes; size_t nrequired_scopes; int has_required_scopes;
	char *resource;                 /* resourceMetadata.resource (OC_PROFILE_BIND_CONFIGURED) */
	oc_url resource_url;
	/* OAuthAuthorizationServer with more than one resource (oauth/oc_resource_registry.h): the
	 * registry as declared, and defaultResource and legacyGrantResource as registry entries
	 * (NULL when not given); else NULL and 0, the sole resource being resource. */
	char **resources; size_t nresources;
	const char *default_resource, *legacy_resource;
	char *resource_metadata_json;   /* resourceMetadata as given (JSON object text) */
	int resource_match_origin_only; /* 0.10.x: resourceMatchOriginOnly truthy (the host sends a boolean) */
	int allow_plain_pkce;
	int allow_implicit_flow;
	int allow_private_use_redirect_uris;
	int disallow_public_client_registration;
	int has_registration_callback;  /* clientRegistrationCallback given (host: in "enabledOptions") */
	/* This project's additions, off unless given (README "Machine identities"). */
	int allow_client_credentials;   /* allowClientCredentialsGrant: true */
	int allow_private_key_jwt;      /* allowPrivateKeyJwt: true (createClient's jwks, metadata) */
	int has_client_credentials_callback; /* clientCredentialsCallback given (host: in "enabledOptions") */
	oc_endpoint introspection_endpoint; /* introspectionEndpoint (RFC 7662) */
	int has_introspection_endpoint;
	char **introspection_clients; size_t nintrospection_clients; /* introspectionClients: resource servers */
	int has_token_exchange_callback;  /* tokenExchangeCallback truthy ("enabledOptions"; 1.x only) */
	int allow_token_exchange;         /* allowTokenExchangeGrant truthy ("enabledOptions"): RFC 8693 grant */
	int has_external_token_resolver;  /* resolveExternalToken truthy ("enabledOptions"; 1.x only) */
	int cimd_enabled;                 /* clientIdMetadataDocumentEnabled truthy ("enabledOptions"; 1.x only) */
	int fetch_strictly_public;        /* the host's global_fetch_strictly_public compatibility flag
	                                     ("globalFetchStrictlyPublic": true, set by the shim) */
	char *issuer;                   /* OAuthAuthorizationServer: its issuer (else derived per request) */
	oc_url issuer_url;
	char *as_metadata_path;         /* OAuthAuthorizationServer: its RFC 8414 metadata path */
	char *rs_metadata_json;         /* OAuthResourceServer: its RFC 9728 document (JSON text) */
	char *cookie_prefix;            /* cookiePrefix (1.x), else "__Host-oauth-" (include/consent/oc_consent.h) */
	/* enterpriseManagedAuthorization (1.x; src/config/oc_config_ema.h): the ID-JAG jwt-bearer grant */
	int ema;                        /* the option given */
	double ema_jwks_ttl;            /* jwksCacheTtlSeconds (OC_EMA_DEFAULT_JWKS_TTL) */
	double ema_skew;                /* clockSkewSeconds (OC_EMA_DEFAULT_SKEW) */
	double ema_max_lifetime;        /* maxAssertionLifetimeSeconds (OC_EMA_DEFAULT_MAX_LIFETIME) */
	int ema_allow_public;           /* allowPublicClients truthy */
} oc_config;

/* 1.2.3's defaults of enterpriseManagedAuthorization's numbers (seconds). */
#define OC_EMA_DEFAULT_JWKS_TTL 300
#define OC_EMA_DEFAULT_SKEW 60
#define OC_EMA_DEFAULT_MAX_LIFETIME 300

/*
 * Parses options JSON. Returns NULL and sets *err to a message naming the
 * rule that failed when the options are invalid (static, or, when it names
 * an option, a route or a key, valid until the next oc_config_new).
 */
oc_config *oc_config_new(const char *json, size_t n, const char **err);
void oc_config_free(oc_config *cfg);

#endif
