/*
 * Internal: what the client helpers share (helper/oc_helper_clients*.c).
 */
#ifndef OC_HELPER_CLIENTS_H
#define OC_HELPER_CLIENTS_H

#include "cJSON.h"

/*
 * A stored client record (a JSON object) as ClientInfo, in place: the
 * internal members authMethodExplicit, registrationExpiresAt,
 * tokenEndpointAuthMethods and clientAssertionKeys removed, every other
 * member kept (the secret as its hash). Returns record.
 */
cJSON *oc_helper_client_public(cJSON *record);

#endif
