/*
 * The keys a Client ID Metadata Document publishes (oauth/oc_cimd.h, where
 * the rules are stated): its inline jwks, and what private_key_jwt can use.
 */
#ifndef OC_CIMD_KEYS_H
#define OC_CIMD_KEYS_H

#include "oauth/oc_client_meta.h"

/*
 * The document's jwks member (NULL: absent): *keys its "keys" array (NULL
 * when absent), each an object without private members; else the refusal.
 */
oc_err oc_cimd_jwks_read(const cJSON *jwks, const cJSON **keys);

/*
 * For a document offering private_key_jwt: NULL and *out the
 * clientAssertionKeys object (in a), or the reason its keys can't be used
 * ("out of memory" with *out NULL when a is exhausted). keys is the jwks'
 * "keys" array (NULL: no jwks), jwks_uri the document's (NULL: absent).
 */
const char *oc_cimd_keys_resolve(oc_arena *a, const oc_client_meta_fields *f, const char *jwks_uri,
	const cJSON *keys, cJSON **out);

#endif
