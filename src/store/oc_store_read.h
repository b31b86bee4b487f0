/*
 * Internal: reading client and grant records inside an op: the KV read to
 * emit, and the decoded record its result holds.
 */
#ifndef OC_STORE_READ_H
#define OC_STORE_READ_H

#include "op/oc_op.h"
#include "store/oc_kv.h"

/*
 * Emits the KV read of client:{client_id}: 0. 1 when no such client can exist
 * (its key cannot fit, oc_kv_key_fits): nothing emitted, answer as for an
 * unknown client. -1 when out of memory.
 */
int oc_store_get_client(oc_op *op, const char *client_id);
/*
 * The client a KV read returned: 1 found (decoded into out), 0 missing or
 * unreadable, -1 the read failed (answer with the flow's storage error).
 */
int oc_store_client_result(oc_op *op, const oc_fx_result *r, oc_client *out);
/* The same for a grant record: 1 found and decoded, 0 missing or unreadable, -1 failed. */
int oc_store_grant_result(oc_op *op, const oc_fx_result *r, oc_grant *out);

/*
 * A KV list answer (r OK): its "keys" array and the next page's cursor
 * (NULL when list_complete or no cursor is given). -1 when r failed or is
 * not a list answer (report it with oc_store_fx_err).
 */
int oc_store_list_result(const oc_fx_result *r, const cJSON **keys, const char **cursor);

#endif
