/*
 * oc_client_scopes: the scopes a client may obtain for itself with the
 * client_credentials grant (RFC 6749 §4.4, this project's addition), kept in
 * the client record as "allowedScopes", an array of scope tokens, set only
 * through createClient() and updateClient() (ClientInfo.allowedScopes).
 * Dynamic registration never sets it (README "Machine identities").
 */
#ifndef OC_CLIENT_SCOPES_H
#define OC_CLIENT_SCOPES_H

#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "base/oc_form.h"
#include "store/oc_kv.h"
#include "cJSON.h"

/*
 * createClient's and updateClient's check of a given allowedScopes: NULL
 * when it is absent, null, or an array of scope tokens (oc_scope_token_ok);
 * else the description "allowedScopes must be an array of scope tokens".
 */
const char *oc_client_scopes_arg_check(const cJSON *v);

/*
 * The stored client's allowed scopes (c->extra's allowedScopes): an empty
 * list when it has none. A stored value that is not an array of strings:
 * OC_ERR_SERVER_ERROR "Stored client is corrupt".
 */
oc_err oc_client_scopes_allowed(oc_arena *a, const oc_client *c, oc_strs *out);

/*
 * The scope of a client_credentials token: every allowed scope when the
 * request's scope parameter (p) is absent or names none; else exactly the
 * requested scopes (repeats once, in the request's order), each of which must
 * be allowed. Refused with OC_ERR_INVALID_SCOPE: a scope parameter that is
 * not scope-tokens ("Invalid scope"), or one naming a scope not allowed
 * ("The requested scope exceeds the scopes allowed for this client").
 */
oc_err oc_client_scopes_select(oc_arena *a, const oc_strs *allowed, const oc_form_pair *p,
	oc_strs *out);

#endif
