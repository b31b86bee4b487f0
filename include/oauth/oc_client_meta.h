/*
 * oc_client_meta: what a client may register, as the reference 1.2.3 decides
 * it, for dynamic registration (RFC 7591, flow/oc_flow_register.c) and for
 * createClient() (helper/oc_helper_clients.c).
 *
 * Server capabilities: grant types authorization_code and refresh_token
 * (and implicit when allowImplicitFlow, the 0.10 profile), response type
 * code (and token when allowImplicitFlow), token endpoint auth methods
 * client_secret_basic, client_secret_post and none.
 *
 * Every refusal is OC_ERR_INVALID_CLIENT_METADATA with the reference's
 * description; the redirect URI rules are oc_redirect_check_registration's.
 */
#ifndef OC_CLIENT_META_H
#define OC_CLIENT_META_H

#include <stdint.h>
#include "config/oc_config.h"
#include "store/oc_kv.h"
#include "base/oc_err.h"
#include "cJSON.h"

/*
 * The server's grant types, in the references' order (the RFC 8414
 * document's grant_types_supported): authorization_code, refresh_token,
 * client_credentials when cc (ours), implicit with allowImplicitFlow, the
 * token exchange grant with allowTokenExchangeGrant, the jwt-bearer grant
 * with enterpriseManagedAuthorization. Their number is returned.
 */
#define OC_CLIENT_CAPS_GRANTS 6
size_t oc_client_caps_grants(const oc_config *cfg, int cc, const char *out[OC_CLIENT_CAPS_GRANTS]);

/*
 * The capability check, in the reference's order: method a supported auth
 * method ("Unsupported token_endpoint_auth_method: <m>"), then the first
 * unsupported grant type ("Unsupported grant_type: <g>"), then response type
 * ("Unsupported response_type: <r>"), then authorization_code and code
 * registered together or not at all ("grant_types authorization_code and
 * response_types code must be registered together"). Descriptions live in a.
 */
oc_err oc_client_caps_check(oc_arena *a, const oc_config *cfg, const oc_strs *grants,
	const oc_strs *responses, const char *method);

/*
 * The same for createClient() and updateClient(): with
 * allowClientCredentialsGrant, client_credentials is a supported grant type
 * too; with allowPrivateKeyJwt, private_key_jwt a supported method
 * (oc_client_keys.h: its keys). Dynamic registration never offers
 * client_credentials (oc_client_caps_check): anyone who reaches the endpoint
 * may register, and would then choose its own machine scopes (README
 * "Machine identities"); it offers private_key_jwt with allowPrivateKeyJwt
 * (a way to authenticate, no grant of its own).
 */
oc_err oc_client_caps_check_managed(oc_arena *a, const oc_config *cfg, const oc_strs *grants,
	const oc_strs *responses, const char *method);

/*
 * Reads an RFC 7591 registration request (raw: the parsed body, any JSON
 * value) into c: redirect URIs, the display members (client_name, client_uri,
 * logo_uri, policy_uri, tos_uri, jwks_uri, contacts), grant and response types
 * (defaults ["authorization_code"] and ["code"]) and the negotiated
 * token_endpoint_auth_method; c->extra holds "i18n" (the members
 * <field>#<tag> of client_name, client_uri, logo_uri, tos_uri and policy_uri,
 * in order) when there is one, and "authMethodExplicit": true when the
 * request named token_endpoint_auth_method or token_endpoint_auth_methods_supported.
 * c->client_id, client_secret and registration_date are left unset. A member
 * given twice counts with its last value (at its first position), as
 * JSON.parse reads it. Other members are ignored.
 *
 * Refused, in this order (descriptions as quoted):
 *   - raw not an object: "Client metadata must be a JSON object"
 *   - a member of the wrong type, in the order token_endpoint_auth_method,
 *     token_endpoint_auth_methods_supported, token_endpoint_auth_signing_alg,
 *     token_endpoint_auth_signing_alg_values_supported (then the two choice
 *     checks below), client_id, redirect_uris, client_name, client_uri,
 *     logo_uri, policy_uri, tos_uri, jwks_uri, the #-members, contacts,
 *     grant_types, response_types: "Invalid <member>: expected string, got
 *     <typeof>", "Invalid <member>: expected array, got <typeof>", "Invalid
 *     <member>: array must contain only strings" (null is an "object");
 *   - a URI member (and a #-member of one) that new URL() does not read as
 *     http: or https:: "Invalid <member>: must be an absolute http: or https: URL"
 *   - "token_endpoint_auth_method must be included in
 *     token_endpoint_auth_methods_supported", the same for
 *     token_endpoint_auth_signing_alg in ..._values_supported;
 *   - no auth method both sides accept (the request's method if the server
 *     accepts it, else the server's first accepted among the request's
 *     supported list, or [method or client_secret_basic]): "Client does not
 *     support an accepted token endpoint authentication method. Supported
 *     methods: <server's, ", ">. Client advertised: <the request's, or (none)>";
 *   - oc_client_caps_check, then oc_redirect_check_registration.
 *   - with allowPrivateKeyJwt, private_key_jwt is accepted too (after none),
 *     and a client that negotiates it gives its keys (RFC 7591 §2): jwks or
 *     jwks_uri, refused as oc_client_keys_read refuses them (RFC 7591
 *     names: "jwks and jwks_uri must not both be present", "private_key_jwt
 *     requires jwks or jwks_uri", "private_key_jwt jwks_uri must be an
 *     https: URL …", "Invalid jwks: …", "private_key_jwt jwks has no key for
 *     RS256 or ES256"); they go to c->extra's clientAssertionKeys. Without
 *     it, jwks is ignored as any other member.
 * With disallowPublicClientRegistration, none is not accepted, and a request
 * refused that would have registered a public client with none accepted is
 * refused with "Public client registration is not allowed" instead.
 * Reasons (oc_err.h): client-registration public_client_forbidden for that
 * one, metadata_invalid (detail: the error) for the others.
 */
oc_err oc_client_meta_read(oc_arena *a, const oc_config *cfg, const cJSON *raw, oc_client *c);

/*
 * The first step of that reading, shared with Client ID Metadata Documents
 * (oauth/oc_cimd.h) as the reference shares parseOAuthClientMetadata: raw
 * an object, the member types, URI members and the two choice checks, in
 * the order above, with the same descriptions. Fills c's redirect_uris,
 * display members, contacts, grant_types and response_types (has_* as
 * given, no defaults) and f; nothing is negotiated or checked further.
 */
typedef struct {
	char *method;        /* token_endpoint_auth_method; NULL: absent */
	int has_methods;     /* token_endpoint_auth_methods_supported given */
	oc_strs methods;
	char *alg;           /* token_endpoint_auth_signing_alg; NULL: absent */
	int has_algs;        /* token_endpoint_auth_signing_alg_values_supported given */
	oc_strs algs;
	char *client_id;     /* NULL: absent */
	int has_redirect_uris;
	cJSON *i18n;         /* the #-members as an object; NULL when none */
} oc_client_meta_fields;

oc_err oc_client_meta_parse(oc_arena *a, const cJSON *raw, oc_client *c, oc_client_meta_fields *f);

/* The last member of object o named name (JSON.parse keeps the last value), or NULL. */
const cJSON *oc_client_meta_member(const cJSON *o, const char *name);

/*
 * The refusal when no auth method is acceptable: "<who> does not support an
 * accepted token endpoint authentication method. Supported methods:
 * <accepted, ", ">. Client advertised: <preferred, then supported (or
 * [preferred or fallback] without a list), without repeats, or (none)>".
 */
oc_err oc_client_meta_no_method(oc_arena *a, const char *who, const char *const *accepted, size_t naccepted,
	const char *preferred, int has_supported, const oc_strs *supported, const char *fallback);

/*
 * Mints a new client's credentials into c: a random client id, and unless
 * c->token_endpoint_auth_method is "none" or "private_key_jwt" a random secret (*secret, the
 * plaintext, in a: wiped when the arena is freed; NULL for a public client)
 * stored as its hex SHA-256 in c->client_secret; registrationDate = now.
 */
oc_err oc_client_mint(oc_arena *a, oc_client *c, int64_t now, char **secret);

/*
 * The lifetime of a dynamically registered client (clientRegistrationTTL):
 * its record is written to expire after the TTL and carries
 * registrationExpiresAt = now + TTL, the last member. createClient() records
 * and records written before the stamp existed carry none and are never
 * renewed.
 *
 * oc_client_stamp_expiry sets c's registrationExpiresAt (moved to the end of
 * c->extra) to now + TTL; 0, or -1 when out of memory. Nothing without a TTL,
 * nor under a profile without client_expiry_stamped (0.10.x: the KV TTL alone).
 *
 * oc_client_renewal_due: 1 when a successful token request (or revocation)
 * by c should write its record again with a fresh expiry: a TTL is set, the
 * record carries registrationExpiresAt, at most half the TTL is left, and
 * the profile stamps clients (client_expiry_stamped; 0.10.x renews nothing).
 */
int oc_client_stamp_expiry(const oc_config *cfg, oc_client *c, int64_t now);

/*
 * The same stamp on a record as JSON (updateClient's): registrationExpiresAt
 * removed, then, with a TTL, set to now + TTL as the last member. 0, or -1
 * when out of memory.
 */
int oc_client_restamp_json(const oc_config *cfg, cJSON *record, int64_t now);
int oc_client_renewal_due(const oc_config *cfg, const oc_client *c, int64_t now);

#endif
