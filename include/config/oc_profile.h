/*
 * oc_profile: the behaviours in which the two generations of the reference
 * differ, as data. A provider has exactly one profile, chosen once when its
 * options are parsed (oc_config_new) and read as cfg->profile; flows read the
 * named behaviour they need and never ask which generation they run.
 *
 * Two constant profiles exist: oc_profile_1x (as 1.2.3 behaves) and
 * oc_profile_0_10 (as 0.10.4 behaves). Each field below says what it decides
 * and what each profile sets. A profile is never modified.
 */
#ifndef OC_PROFILE_H
#define OC_PROFILE_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_err.h"

/* What grants and access tokens are bound to (RFC 8707 resource indicators). */
typedef enum {
	/*
	 * The configured resource (resourceMetadata.resource, required at
	 * construction): a resource parameter (authorization request, token
	 * request, the AuthRequest given to completeAuthorization) must name it;
	 * the AuthRequest, the grant and every access token's audience name it,
	 * and the token response carries it as "resource".
	 */
	OC_PROFILE_BIND_CONFIGURED,
	/*
	 * What the client asked for: a resource parameter may be any absolute URI
	 * without a fragment; the AuthRequest and the grant keep the one (string)
	 * or several (array) given, or none; access tokens carry no audience and
	 * the token response no "resource". Unless resourceMetadata.resource is
	 * given (oc_resource_pinned): then a resource parameter, when given, must
	 * be exactly it (invalid_target "The resource parameter must exactly
	 * match <it>"); the AuthRequest, the grant and every access token's
	 * audience name it, the token response carries it; the token endpoint
	 * refuses a grant bound to anything else (invalid_target "The
	 * authorization grant is not bound to the configured resource"); an API
	 * route refuses an access token whose audience is not exactly it (401
	 * "Access token is not bound to the configured resource").
	 */
	OC_PROFILE_BIND_REQUESTED
} oc_profile_binding;

/* How an API request's Authorization header yields the bearer token. */
typedef enum {
	/* The scheme "Bearer" in any case, a run of spaces and tabs, then
	 * exactly one credential (no whitespace or comma in it). */
	OC_PROFILE_BEARER_ONE_CREDENTIAL,
	/* Exactly "Bearer " (that case, one space); everything after it is the token. */
	OC_PROFILE_BEARER_PREFIX
} oc_profile_bearer;

/* Which audience an access token presented at an API route must carry. */
typedef enum {
	/* Its audience, when stored, includes the configured resource, and the
	 * request falls under that resource (oc_resource_covers: its origin, and
	 * its path at or below the resource's). */
	OC_PROFILE_AUDIENCE_CONFIGURED,
	/* Its audience, when stored, has an identifier that serves the request
	 * (oc_resource_audience_serves: its origin, its query, its path prefix). */
	OC_PROFILE_AUDIENCE_SERVES_REQUEST
} oc_profile_audience;

/* How resolveExternalToken is asked and its answer judged (oc_flow_bearer_external.c). */
typedef enum {
	/*
	 * Asked for a token not of the issued shape only (one of that shape
	 * without a record is refused unasked); its answer's audience must be a
	 * string naming the configured resource (oc_resource_matches) and the
	 * request must fall under that resource (oc_resource_covers).
	 */
	OC_PROFILE_EXTERNAL_CONFIGURED,
	/*
	 * Asked for every token that has no record (of the issued shape or not);
	 * with a configured resource, the answer's audience must be exactly it
	 * (the string, or an array of that one string), else 401 "External access
	 * token is not bound to the configured resource"; then an audience given
	 * (truthy) must serve the request (oc_resource_audience_serves: the
	 * string, or one member of the array; anything else serves nothing),
	 * else 401 "Token audience does not match resource server".
	 */
	OC_PROFILE_EXTERNAL_AUDIENCE
} oc_profile_external;

/* Which protected resource the RFC 9728 metadata document describes. */
typedef enum {
	/*
	 * The configured one: served only at its own metadata path
	 * (/.well-known/oauth-protected-resource + the resource's path) on its
	 * origin, other paths under that prefix answer 404; "resource" and the
	 * other members come from resourceMetadata; Bearer challenges point there.
	 */
	OC_PROFILE_PRM_CONFIGURED,
	/*
	 * The one the request names: every path under the prefix is served, the
	 * resource being the configured one (0.10.x: when given), else the
	 * request's origin + the path after the prefix (none, or "/": the origin);
	 * Bearer challenges point to the request's origin + its path. Its
	 * members are 0.10.4's only: resource, authorization_servers (given, else
	 * the token endpoint's origin), scopes_supported (the required scopes,
	 * each once, without offline_access, when any remain),
	 * bearer_methods_supported (given, else ["header"]) and resource_name
	 * (when truthy); nothing else resourceMetadata holds.
	 */
	OC_PROFILE_PRM_PER_PATH
} oc_profile_prm;

/* Which constructor's rules the options are held to, and in which order (oc_config_new). */
typedef enum {
	/*
	 * 1.2.3's, in its order (docs/observed/rules-1.2.3.md section 1): the key
	 * resourceMatchOriginOnly refused; requiredScopes and the deprecated
	 * resourceMetadata.scopes_supported never both; authorizeEndpoint and
	 * tokenEndpoint required (no defaults), and they may be equal;
	 * resourceMetadata held to the resource rules (resource URI syntax, https
	 * or loopback http, lower-case scheme and host, canonical serialization,
	 * issuers); then the API routes; an explicit undefined or null
	 * accessTokenTTL and an explicit null refreshTokenTTL,
	 * refreshTokenIdleTTL or clientRegistrationTTL refused, the idle lifetime
	 * checked before the refresh token's.
	 */
	OC_PROFILE_OPTIONS_1_2,
	/*
	 * 0.10.4's, in its order (docs/observed/rules-0.10.4.md section 1): the
	 * API route shape, then the default handler, the API handlers and routes;
	 * authorizeEndpoint and tokenEndpoint required (no defaults; they may be
	 * equal); accessTokenTTL an integer of at least 60 (undefined or null
	 * refused); refreshTokenTTL and clientRegistrationTTL undefined or null:
	 * no expiry, clientRegistrationTTL 0 too; no refreshTokenIdleTTL or
	 * requiredScopes (ignored); resourceMatchOriginOnly accepted;
	 * resourceMetadata, when truthy, held to 0.10.4's own rules.
	 */
	OC_PROFILE_OPTIONS_0_10
} oc_profile_options;

/* What a tokenExchangeCallback may say of the refresh token. */
typedef enum {
	/* Code exchange: refreshTokenTTL, when not undefined, is 0 (no refresh
	 * token) or an integer >= 60, else invalid_request; refresh:
	 * refreshTokenIdleTTL, when not undefined, an integer >= 60, else
	 * invalid_request, and it becomes the grant's idle lifetime. Each is
	 * ignored by the other grant. */
	OC_PROFILE_EXCHANGE_TTL_CHECKED,
	/* Code exchange: a refreshTokenTTL member, even undefined, replaces the
	 * lifetime (undefined: the grant never expires; 0: no refresh token; an
	 * integer: from now, as given); any other value is refused with
	 * invalid_request. Refresh: a refreshTokenTTL member, even undefined, is
	 * refused with invalid_request "refreshTokenTTL cannot be changed during
	 * refresh token exchange" (before accessTokenScope is read).
	 * refreshTokenIdleTTL is ignored. */
	OC_PROFILE_EXCHANGE_TTL_CODE_ONLY,
} oc_profile_exchange_ttl;

/* Which clients may exchange a subject token (RFC 8693, oc_flow_exchange.c). */
typedef enum {
	/* The subject token's client only, unless the tokenExchangeCallback
	 * answers allowCrossClientExchange: true (without a callback: refused at
	 * once); the new token's record names the exchanging client. */
	OC_PROFILE_EXCHANGE_SAME_CLIENT,
	/* Any authenticated client, unasked; the new token's record names the
	 * client its subject token's record names. */
	OC_PROFILE_EXCHANGE_ANY_CLIENT
} oc_profile_exchange_client;

/* The audience of a token minted by token exchange (oc_flow_exchange.c). */
typedef enum {
	/* The subject token's audience must name the configured resource
	 * (oc_resource_audience_bound), and a requested resource (the form's, or
	 * the helper's aud) the same; the new token's audience, and the answer's
	 * "resource", is the configured resource. */
	OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED,
	/* With a pinned resource (oc_resource_pinned) the subject token's
	 * audience must be exactly it (oc_resource_exactly), else invalid_target
	 * "Subject token is not bound to the configured resource". Then a
	 * requested resource is resolved against the subject token's grant as
	 * the token endpoint resolves one (oc_tep_requested_audience; the
	 * helper's aud, when given, must be a non-empty string or a non-empty
	 * array of resource URIs, else invalid_target with resource_refused);
	 * none requested: the subject token's audience is kept, absent included.
	 * The answer carries "resource" only when the new token has an audience. */
	OC_PROFILE_EXCHANGE_AUDIENCE_RESOLVED
} oc_profile_exchange_audience;

/* What the resource claim of an ID-JAG must be, and what it binds (oc_ema_claims, oc_flow_ema.c). */
typedef enum {
	/*
	 * The resource is chosen from the request's resource parameter before
	 * any effect (oc_tep_resource_new: the configured resource it names, else
	 * the default one; R-EMA-02). The claim, when present, is a resource URI
	 * as 1.2.3's validateResourceUri reads it (resource_invalid) naming the
	 * chosen resource (oc_resource_matches: resource_mismatch). The mapper's
	 * "resource", the grant's resource, the access token's audience and the
	 * answer's "resource" are the chosen resource.
	 */
	OC_PROFILE_EMA_RESOURCE_CHOSEN,
	/*
	 * No resource parameter is read. The claim, when present, is a resource
	 * URI as 0.10.4's validateResourceUri reads it (oc_resource_uri_valid: resource_invalid)
	 * matching the configured resource as 0.10.4's resourceMatches does
	 * (oc_resource_granted_match: exactly, or by origin with
	 * resourceMatchOriginOnly; resource_mismatch). The mapper's "resource",
	 * the grant's resource, the access token's audience and the answer's
	 * "resource" are the claim's (the configured resource when it is absent).
	 */
	OC_PROFILE_EMA_RESOURCE_CLAIMED
} oc_profile_ema_resource;

typedef struct oc_profile {
	/* Construction. */
	/* 1.x: OC_PROFILE_OPTIONS_1_2; 0.10.x: OC_PROFILE_OPTIONS_0_10. */
	oc_profile_options options;
	/* Least accessTokenTTL accepted. 1.x and 0.10.x: 60 (KV's minimum). */
	uint32_t access_token_ttl_min;
	/* Refresh token lifetime when refreshTokenTTL is absent; 0: they never
	 * expire. 1.x and 0.10.x: 2592000 (30 days). */
	uint32_t refresh_token_ttl_default;

	/* Resources and audiences. */
	/* 1.x: OC_PROFILE_BIND_CONFIGURED; 0.10.x: OC_PROFILE_BIND_REQUESTED. */
	oc_profile_binding resource_binding;
	/* error_description of invalid_target for a refused resource parameter.
	 * 1.x: "… must name exactly one configured protected resource";
	 * 0.10.x: "… must be a valid absolute URI without a fragment". */
	const char *resource_refused;
	/* 1.x: OC_PROFILE_AUDIENCE_CONFIGURED; 0.10.x: OC_PROFILE_AUDIENCE_SERVES_REQUEST. */
	oc_profile_audience audience;

	/* API routes. */
	/* 1.x: OC_PROFILE_BEARER_ONE_CREDENTIAL; 0.10.x: OC_PROFILE_BEARER_PREFIX. */
	oc_profile_bearer bearer;
	/* Every API route must lie under the configured resource, refused at
	 * construction otherwise (config/oc_config_routes.h). 1.x: 1; 0.10.x: 0. */
	int routes_under_resource;
	/* An API route covers the paths below it at a segment boundary ("/api"
	 * covers "/api/x", not "/apix"); otherwise it is a plain prefix of the
	 * path. 1.x: 1; 0.10.x: 0. */
	int route_segment_boundary;
	/* An API route ending in "/" also covers the path without that "/"
	 * ("/api/" covers "/api"). 1.x: 1; 0.10.x: 0. */
	int route_covers_bare_prefix;
	/* Bearer challenges carry resource_metadata only for a request that falls
	 * under the configured resource (so never for an audience mismatch);
	 * otherwise always. 1.x: 1; 0.10.x: 0. */
	int challenge_metadata_under_resource_only;
	/* The CORS headers (every endpoint's, and those added to an API
	 * handler's response) include "Vary: Origin". 1.x: 1; 0.10.x: 0. */
	int cors_vary;
	/* A 405 answer (token, registration, metadata endpoints) carries an
	 * Allow header naming the methods served. 1.x: 1; 0.10.x: 0. */
	int method_not_allowed_allow;
	/* An API handler's context carries ctx.auth (the verified token's
	 * facts). 1.x: 1; 0.10.x: 0 (ctx.props only). */
	int api_context_auth;
	/* A CORS header a response already has (an API handler's, or onError's
	 * replacement of an error answer) is kept; Vary and
	 * Access-Control-Expose-Headers get the provider's values added to
	 * theirs (R-CORS-05). Otherwise the provider's values replace the
	 * response's. 1.x: 1; 0.10.x: 0. */
	int cors_keeps_existing;
	/* 1.x: OC_PROFILE_EXTERNAL_CONFIGURED; 0.10.x: OC_PROFILE_EXTERNAL_AUDIENCE. */
	oc_profile_external external_token;

	/* Token endpoint. */
	/* A grant type the client's record does not list in grantTypes is refused
	 * with unauthorized_client, right after client authentication
	 * (refresh_token counts as listed with authorization_code; a record
	 * without grantTypes may use any). 1.x: 1; 0.10.x: 0. */
	int grant_type_must_be_registered;
	/* A scope parameter none of whose scopes were granted is refused with
	 * invalid_scope; otherwise the token carries no scope. So is a token
	 * exchange's scope (the form's, or the exchangeToken helper's) none of
	 * whose scopes the subject token holds. 1.x: 1; 0.10.x: 0. */
	int invalid_scope_when_none_granted;
	/* An empty client_id, client_secret, client_assertion or
	 * client_assertion_type counts as not sent (and is no repeat); otherwise
	 * it is sent (an empty client_secret presents client_secret_post).
	 * 1.x: 1; 0.10.x: 0. */
	int empty_client_params_unsent;
	/* client_assertion and client_assertion_type present private_key_jwt
	 * (RFC 7523): with Basic or client_secret they are multiple methods, one
	 * without the other is refused, and without client_id the assertion's
	 * iss names the client; otherwise they are ignored. 1.x: 1; 0.10.x: 0. */
	int client_assertion_params;
	/* The resource parameter is checked once the client is authenticated,
	 * before the grant is read; otherwise after the grant's own checks.
	 * 1.x: 1; 0.10.x: 0. */
	int resource_checked_before_grant;
	/* At code exchange, a redirect_uri registered for the client must also be
	 * the one the authorization request used (stored in the grant).
	 * 1.x: 1; 0.10.x: 0. */
	int redirect_uri_matches_authorization;
	/* tokenExchangeCallback (oc_flow_token_callback.c). Its options carry
	 * subjectClientId and resource (and the shim adds env); otherwise only
	 * grantType, clientId, userId, grantId, scope, requestedScope and props.
	 * 1.x: 1; 0.10.x: 0. */
	int exchange_full_options;
	/* What the callback may say of the refresh token. 1.x:
	 * OC_PROFILE_EXCHANGE_TTL_CHECKED; 0.10.x: OC_PROFILE_EXCHANGE_TTL_CODE_ONLY. */
	oc_profile_exchange_ttl exchange_ttl;
	/* A thrown OAuthError invalid_grant revokes the grant (and its tokens)
	 * before it is answered; otherwise it is only answered. 1.x: 1; 0.10.x: 0. */
	int exchange_invalid_grant_revokes;

	/* Token exchange (RFC 8693: allowTokenExchangeGrant, the exchangeToken
	 * helper; oc_flow_exchange.c). The code of the refusals "Invalid or
	 * expired subject token", "Grant not found" and "Subject token is too
	 * close to expiry to exchange". 1.x: OC_ERR_INVALID_REQUEST; 0.10.x:
	 * OC_ERR_INVALID_GRANT. */
	oc_code exchange_subject_refusal;
	/* 1.x: OC_PROFILE_EXCHANGE_SAME_CLIENT; 0.10.x: OC_PROFILE_EXCHANGE_ANY_CLIENT. */
	oc_profile_exchange_client exchange_client;
	/* 1.x: OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED; 0.10.x: OC_PROFILE_EXCHANGE_AUDIENCE_RESOLVED. */
	oc_profile_exchange_audience exchange_audience;

	/* completeAuthorization and the token endpoint. */
	/* Every grant write (authorization, code exchange, refresh) carries KV
	 * key metadata {clientId, resource?, redirectUri?}. 1.x: 1; 0.10.x: 0. */
	int grant_kv_metadata;
	/* An implicit grant's record expires with its access token (KV
	 * expiration). 1.x: 1; 0.10.x: 0 (it never expires). */
	int implicit_grant_expires_with_token;
	/* A code exchange that issues no refresh token (refreshTokenTTL 0, of
	 * the options or of tokenExchangeCallback) makes the grant expire with
	 * its access token (expiresAt and KV expiration); otherwise the grant is
	 * written as it was, without expiration. 1.x: 1; 0.10.x: 0. */
	int code_grant_without_refresh_expires;
	/* Revoking the user's earlier grants for the client spares those bound to
	 * another resource (a grant without resource counts as the same).
	 * 1.x: 1; 0.10.x: 0 (every earlier grant of the client). */
	int revoke_same_resource_only;

	/* Enterprise-managed authorization (enterpriseManagedAuthorization: the
	 * ID-JAG jwt-bearer grant; config/oc_config_ema.h, oauth/oc_ema.h). */
	/* The option is refused at construction without a configured resource
	 * (resourceMetadata.resource): "enterpriseManagedAuthorization requires
	 * resourceMetadata.resource to be configured", checked after mapClaims and
	 * before jwksCacheTtlSeconds. 1.x: 0 (R-CTOR-13 requires the resource
	 * first); 0.10.x: 1. */
	int ema_requires_resource;
	/* An ID-JAG "alg" its trusted issuer does not list among its algorithms
	 * is refused as issuer_not_trusted (detail {iss}); otherwise as
	 * invalid_alg (detail {got}). Both answer invalid_grant "Invalid
	 * assertion". 1.x: 0; 0.10.x: 1. */
	int ema_alg_untrusted;
	/* 1.x: OC_PROFILE_EMA_RESOURCE_CHOSEN; 0.10.x: OC_PROFILE_EMA_RESOURCE_CLAIMED. */
	oc_profile_ema_resource ema_resource;

	/* updateClient writes every client with the KV TTL clientRegistrationTTL
	 * (when there is one), stamping nothing; otherwise only a registered
	 * client (one with registrationExpiresAt) is re-stamped and given it.
	 * 1.x: 0; 0.10.x: 1. */
	int update_client_ttl_all;

	/* A client registered with clientRegistrationTTL carries registrationExpiresAt,
	 * a token request renews it at half its life, updateClient re-stamps it (1.x: 1);
	 * 0.10.x: 0, the record holds no stamp (the KV TTL alone expires it), nothing
	 * renews it, and updateClient keeps a stored stamp as it is. */
	int client_expiry_stamped;

	/* Dynamic registration (oc_flow_register.c), 0.10.x: 1, 1.x: 0 for each.
	 * register_bom_refused: a body that starts with a UTF-8 byte order mark
	 * is not JSON (400 invalid_request "Invalid JSON payload"); 1.x reads past it.
	 * register_public_after_metadata: with disallowPublicClientRegistration,
	 * none stays among the methods negotiated and a client that comes out
	 * public is refused after every metadata rule ("Public client registration
	 * is not allowed"); 1.x negotiates without none.
	 * register_callback_message: a clientRegistrationCallback that threw an
	 * Error answers its message as the description (500 server_error); 1.x,
	 * or a thrown value that is no Error: "Client registration callback failed". */
	int register_bom_refused;
	int register_public_after_metadata;
	int register_callback_message;

	/* The metadata documents (RFC 8414, RFC 9728) answer every method but
	 * OPTIONS with the document (0.10.x: 1); 1.x: 0, a method other than GET
	 * or HEAD is 405. */
	int discovery_any_method;

	/* Client ID Metadata Documents (clientIdMetadataDocumentEnabled; oauth/oc_cimd.h). */
	/* A document may offer private_key_jwt with its keys (jwks or jwks_uri):
	 * the client may then authenticate with it, and the RFC 8414 document
	 * lists the method and its algorithms while documents are resolved;
	 * otherwise none is the only method a document client can have (a
	 * document offering only private_key_jwt is refused as offering no
	 * accepted method). 1.x: 1; 0.10.x: 0. */
	int cimd_private_key_jwt;
	/* The User-Agent header of the document's GET; NULL: none is sent.
	 * 1.x: ours, naming 1.2.3 ("oc-oauth-provider/0.1.0 (compatible;
	 * workers-oauth-provider/1.2.3)"); 0.10.x: NULL (0.10.4 sends none). */
	const char *cimd_user_agent;
	/* updateClient of a document client id is refused with a TypeError;
	 * otherwise the document is resolved (CimdFetchError when it cannot be)
	 * and the client it describes, the updates laid over it, is written to
	 * client:{url} as any client is (documents are still read for the id).
	 * 1.x: 1; 0.10.x: 0. */
	int cimd_update_refused;

	/* Discovery. */
	/* 1.x: OC_PROFILE_PRM_CONFIGURED; 0.10.x: OC_PROFILE_PRM_PER_PATH. */
	oc_profile_prm resource_metadata;
	/* The RFC 8414 document lists the configured resource in
	 * "protected_resources". 1.x: 1; 0.10.x: 0. */
	int as_metadata_lists_resource;
} oc_profile;

/* As @cloudflare/workers-oauth-provider 1.2.3 behaves. */
extern const oc_profile oc_profile_1x;
/* As @cloudflare/workers-oauth-provider 0.10.4 behaves. */
extern const oc_profile oc_profile_0_10;

#endif
