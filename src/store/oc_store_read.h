/*
 * Internal: reading records inside a helper's op: the KV reads to emit, and
 * what their results hold.
 */
#ifndef OC_STORE_READ_H
#define OC_STORE_READ_H

#include "op/oc_op.h"
#include "store/oc_kv.h"

/*
 * A helper's read of one client, in two steps. oc_store_ask_client emits the
 * KV read of client:{client_id} and moves op to state next: 1 (the step
 * returns OC_OP_EFFECTS); 0 when no such client can exist (its key cannot
 * fit, oc_kv_key_fits): nothing emitted, answer as for an unknown client;
 * -1 when out of memory. oc_store_got_client, in state next, with the same
 * client_id: 1 found (decoded into out), 0 missing or unreadable, -1 the
 * read failed: *st is then the helpers' storage-error answer
 * (oc_op_fx_error) to return.
 * With clientIdMetadataDocumentEnabled a client id that is a CIMD URL
 * (oauth/oc_cimd_client.h) is resolved instead, as the reference's
 * getClient: its document fetched (1), or the answer given at once (-2,
 * *st to return): the Error "CIMD is enabled but …" without the host's
 * global_fetch_strictly_public flag, a CimdFetchError for a URL refused
 * before the fetch; a document that cannot be resolved is -1 with *st the
 * CimdFetchError answer (oc_store_cimd_error).
 */
int oc_store_ask_client(oc_op *op, const char *client_id, int next, oc_op_status *st);
int oc_store_got_client(oc_op *op, const char *client_id, oc_client *out, oc_op_status *st);
/* The same for the read that is op->res[i] (one of several emitted in one step). */
int oc_store_got_client_at(oc_op *op, uint32_t i, const char *client_id, oc_client *out, oc_op_status *st);

/*
 * {"t":"error",name:"CimdFetchError",description:"CIMD fetch failed for
 * <url>: <detail>",metadataUrl,detail,warn}: the shim throws CimdFetchError,
 * having written warn (the description) to the Worker's log, as the
 * reference's console.warn does.
 */
oc_op_status oc_store_cimd_error(oc_op *op, const char *url, const char *detail);

/*
 * The records a batch of KV reads found (op->res, in order), for a helper:
 * each handed to each with its index, a missing key skipped. 1 when every
 * one was handed; 0 when a read failed (*st: the helpers' storage-error
 * answer, oc_op_fx_error) or each returned non-zero (*st: OC_OP_FAILED).
 */
typedef int (*oc_store_found_fn)(oc_op *op, void *ctx, uint32_t i, const char *data, size_t len);
int oc_store_read_found(oc_op *op, oc_store_found_fn each, void *ctx, oc_op_status *st);

/*
 * A KV list answer (r OK): its "keys" array and the next page's cursor
 * (NULL when list_complete or no cursor is given). -1 when r failed or is
 * not a list answer (report it with oc_store_fx_err).
 */
int oc_store_list_result(const oc_fx_result *r, const cJSON **keys, const char **cursor);

#endif
