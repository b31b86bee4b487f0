/*
 * Internal: what the client helpers share (helper/oc_helper_clients*.c).
 */
#ifndef OC_HELPER_CLIENTS_H
#define OC_HELPER_CLIENTS_H

#include "cJSON.h"
#include "base/oc_arena.h"
#include "store/oc_kv.h"

/*
 * A stored client record (a JSON object) as ClientInfo, in place: the
 * internal members authMethodExplicit, registrationExpiresAt,
 * tokenEndpointAuthMethods and clientAssertionKeys removed, every other
 * member kept (the secret as its hash). Returns record.
 */
cJSON *oc_helper_client_public(cJSON *record);

/* The client a Client ID Metadata Document describes (oc_cimd_resolve's) as ClientInfo; NULL out of memory. */
cJSON *oc_helper_client_described(oc_arena *a, const oc_client *c);

#endif
