/*
 * OC_KIND_LIST_CLIENTS: the listClients() helper.
 *
 * listClients({limit?, cursor?}) lists one page of client: (the host's KV
 * list with that cursor, and limit as oc_arg_limit reads it), reads every
 * listed client in one batch, and answers {items: ClientInfo[], cursor?}
 * (oc_helper_client_public: secrets as their hashes, internal members
 * removed), in key order. A listed key outside client: is not read; a client
 * gone or unreadable between the list and the read is left out; cursor is
 * present while the listing is not complete. A cursor that is not a string
 * is refused with a TypeError; nothing else is.
 *
 * Each listed client is read as the references' getClient reads it: with
 * clientIdMetadataDocumentEnabled, a client id that is a CIMD URL (a
 * client:<url> record, such as 0.10.x's updateClient writes) is answered by
 * its document (oc_store_ask_client), after the stored clients (the
 * references list in the order the reads finish, and a fetch finishes after
 * the KV reads), resolved one after another in key order (a resolution takes
 * rounds of its own: cache, fetch, cache write); the first that cannot be
 * resolved fails the whole list (the flag's Error, or its CimdFetchError).
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_store_read.h"
#include "helper/oc_helper_clients.h"
#include "oauth/oc_cimd_client.h"
#include <string.h>

enum { START, LISTED, READ, RESOLVED };

typedef struct {
	const char *cursor;
	const char **docs; /* the document client ids, in key order */
	size_t ndocs, next; /* how many; the one being resolved */
	cJSON *v, *items;  /* the answer, filled as the rounds come back */
} list_state;

static const char prefix[] = "client:";

/* The stored clients the reads res[0..n) found, into the answer's items: 0, else -1 with *failed the answer. */
static int stored(oc_op *op, list_state *st, uint32_t n, oc_op_status *failed)
{
	for (uint32_t i = 0; i < n; i++) {
		const oc_fx_result *r = &op->res[i];
		if (r->status == OC_FXR_MISSING)
			continue;
		if (r->status != OC_FXR_OK)
			return *failed = oc_op_fx_error(op, r), -1;
		cJSON *c = cJSON_ParseWithLength(r->data, r->len);
		if (cJSON_IsObject(c) && !cJSON_AddItemToArray(st->items, oc_helper_client_public(c)))
			return *failed = OC_OP_FAILED, -1;
	}
	return 0;
}

/* The next document client's resolution (one at a time: each takes rounds of its own), else the answer. */
static oc_op_status resolve_next(oc_op *op, list_state *st)
{
	oc_op_status answered;
	if (st->next == st->ndocs)
		return oc_op_value(op, st->v);
	int asked = oc_store_ask_client(op, st->docs[st->next], RESOLVED, &answered);
	return asked > 0 ? OC_OP_EFFECTS : asked == -2 ? answered : OC_OP_FAILED;
}

oc_op_status oc_helper_list_clients(oc_op *op)
{
	list_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *given;
		oc_fx *fx;
		if (args == NULL || oc_arg_str(args, "cursor", &given))
			return oc_op_type_error(op, "cursor must be a string");
		if ((op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || (fx = oc_op_emit(op, OC_FX_KV_LIST, prefix, sizeof prefix - 1)) == NULL)
			return OC_OP_FAILED;
		if (given != NULL && given[0]) {
			fx->val = given;
			fx->val_len = (uint32_t)strlen(given);
		}
		fx->ttl = oc_arg_limit(args, "limit");
		op->state = LISTED;
		return OC_OP_EFFECTS;
	}
	case LISTED: {
		const cJSON *keys, *k;
		oc_op_status answered;
		if (oc_store_list_result(&op->res[0], &keys, &st->cursor))
			return oc_op_fx_error(op, &op->res[0]);
		size_t nkeys = (size_t)cJSON_GetArraySize(keys) + 1;
		if ((st->docs = oc_arena_alloc(op->arena, nkeys * sizeof *st->docs)) == NULL
		    || (st->v = cJSON_CreateObject()) == NULL || (st->items = cJSON_AddArrayToObject(st->v, "items")) == NULL
		    || (st->cursor != NULL && !cJSON_AddStringToObject(st->v, "cursor", st->cursor)))
			return OC_OP_FAILED;
		cJSON_ArrayForEach(k, keys) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
			if (!cJSON_IsString(name) || strncmp(name->valuestring, prefix, sizeof prefix - 1) != 0)
				continue;
			const char *id = name->valuestring + sizeof prefix - 1;
			if (oc_cimd_route_of(op->cfg, id) == OC_CIMD_FETCH) {
				st->docs[st->ndocs++] = id;
				continue;
			}
			int asked = oc_store_ask_client(op, id, READ, &answered);
			if (asked == -2)
				return answered;
			if (asked < 0)
				return OC_OP_FAILED;
		}
		if (op->nfx > 0) {
			op->state = READ;
			return OC_OP_EFFECTS;
		}
		return resolve_next(op, st);
	}
	case READ: {
		oc_op_status failed;
		return stored(op, st, op->nres, &failed) ? failed : resolve_next(op, st);
	}
	case RESOLVED: {
		oc_client c;
		oc_op_status failed;
		cJSON *info;
		if (oc_store_got_client(op, st->docs[st->next], &c, &failed) < 0)
			return failed;
		if ((info = oc_helper_client_described(op->arena, &c)) == NULL || !cJSON_AddItemToArray(st->items, info))
			return OC_OP_FAILED;
		st->next++;
		return resolve_next(op, st);
	}
	default:
		return OC_OP_FAILED;
	}
}
