/*
 * oc_client_keys: the keys of a private_key_jwt client, as createClient()
 * takes them (ours, with allowPrivateKeyJwt) and as the record keeps them
 * (clientAssertionKeys, 1.2.3's member: {"jwks": {"keys": [...]} or
 * "jwksUri": "https://…", "algorithms": [...]}; internal, never in ClientInfo answers).
 *
 * oc_client_keys_arg reads the arguments' jwks and jwksUri for a client
 * whose method is method. For private_key_jwt it requires one of them,
 * refusing (the description returned):
 *   - both jwks and jwksUri: "jwks and jwksUri must not both be present";
 *   - neither: "private_key_jwt requires jwks or jwksUri";
 *   - a jwksUri that is not a string: "jwksUri must be a string"; one
 *     oc_fetch_url_check refuses (not https, userinfo, a fragment, a local
 *     or private address): "private_key_jwt jwksUri must be an https: URL
 *     without userinfo or a fragment, naming no localhost, loopback,
 *     private, link-local or reserved address";
 *   - a set oc_jwks_read refuses (private or symmetric members, RSA below
 *     2048 bits, malformed keys): "Invalid jwks: a key is malformed, too
 *     weak, or holds private material";
 *   - a set with no key usable for RS256 or ES256: "private_key_jwt jwks has
 *     no key for RS256 or ES256".
 * *out is then the clientAssertionKeys object: {"jwks": …, "algorithms": the
 * ones the set has keys for}, or {"jwksUri": …, "algorithms": ["RS256",
 * "ES256"]} (the set is fetched when an assertion comes). For another method, jwks given is refused ("jwks
 * requires tokenEndpointAuthMethod private_key_jwt") and *out is NULL.
 * NULL means accepted; "out of memory" when a is exhausted.
 */
#ifndef OC_CLIENT_KEYS_H
#define OC_CLIENT_KEYS_H

#include "base/oc_arena.h"
#include "cJSON.h"

const char *oc_client_keys_arg(oc_arena *a, const cJSON *args, const char *method, cJSON **out);

/*
 * The same rules on the members themselves (NULL: absent), for a
 * registration request (RFC 7591 §2) when rfc7591 is 1: the descriptions
 * then name jwks_uri where they name jwksUri ("jwks and jwks_uri must not
 * both be present", "private_key_jwt requires jwks or jwks_uri", …).
 */
const char *oc_client_keys_read(oc_arena *a, const cJSON *jwks, const cJSON *uri, const char *method, int rfc7591,
	cJSON **out);

#endif
