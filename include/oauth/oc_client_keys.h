/*
 * oc_client_keys: the keys of a private_key_jwt client, as createClient()
 * takes them (ours, with allowPrivateKeyJwt) and as the record keeps them
 * (clientAssertionKeys, 1.2.3's member: {"jwks": {"keys": [...]},
 * "algorithms": [...]}; internal, never in ClientInfo answers).
 *
 * oc_client_keys_arg reads the arguments' jwks and jwksUri for a client
 * whose method is method. For private_key_jwt it requires jwks, refusing
 * (the description returned):
 *   - both jwks and jwksUri: "jwks and jwksUri must not both be present";
 *   - jwksUri alone: "private_key_jwt requires jwks (jwksUri is not fetched
 *     by this version)";
 *   - neither: "private_key_jwt requires jwks or jwksUri";
 *   - a set oc_jwks_read refuses (private or symmetric members, RSA below
 *     2048 bits, malformed keys): "Invalid jwks: a key is malformed, too
 *     weak, or holds private material";
 *   - a set with no key usable for RS256 or ES256: "private_key_jwt jwks has
 *     no key for RS256 or ES256".
 * *out is then the clientAssertionKeys object, algorithms being those the
 * set has keys for. For another method, jwks given is refused ("jwks
 * requires tokenEndpointAuthMethod private_key_jwt") and *out is NULL.
 * NULL means accepted; "out of memory" when a is exhausted.
 */
#ifndef OC_CLIENT_KEYS_H
#define OC_CLIENT_KEYS_H

#include "base/oc_arena.h"
#include "cJSON.h"

const char *oc_client_keys_arg(oc_arena *a, const cJSON *args, const char *method, cJSON **out);

#endif
