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
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_store_read.h"
#include "helper/oc_helper_clients.h"
#include <string.h>

enum { START, LISTED, READ };

static const char prefix[] = "client:";

/* {items, cursor?}: the clients the reads res[0..n) found. */
static oc_op_status answer(oc_op *op, const char *cursor, const oc_fx_result *res, uint32_t n)
{
	cJSON *v = cJSON_CreateObject(), *items = cJSON_CreateArray();
	if (v == NULL || items == NULL || !cJSON_AddItemToObject(v, "items", items)
	    || (cursor != NULL && !cJSON_AddStringToObject(v, "cursor", cursor)))
		return OC_OP_FAILED;
	for (uint32_t i = 0; i < n; i++) {
		if (res[i].status == OC_FXR_MISSING)
			continue;
		if (res[i].status != OC_FXR_OK)
			return oc_op_fx_error(op, &res[i]);
		cJSON *c = cJSON_ParseWithLength(res[i].data, res[i].len);
		if (cJSON_IsObject(c) && !cJSON_AddItemToArray(items, oc_helper_client_public(c)))
			return OC_OP_FAILED;
	}
	return oc_op_value(op, v);
}

oc_op_status oc_helper_list_clients(oc_op *op)
{
	const char **cursor = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *given;
		oc_fx *fx;
		if (args == NULL || oc_arg_str(args, "cursor", &given))
			return oc_op_type_error(op, "cursor must be a string");
		if ((op->flow = oc_arena_calloc(op->arena, sizeof *cursor)) == NULL
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
		if (oc_store_list_result(&op->res[0], &keys, cursor))
			return oc_op_fx_error(op, &op->res[0]);
		cJSON_ArrayForEach(k, keys) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
			if (cJSON_IsString(name) && strncmp(name->valuestring, prefix, sizeof prefix - 1) == 0
			    && oc_op_emit_get(op, name->valuestring) != 0)
				return OC_OP_FAILED;
		}
		if (op->nfx == 0)
			return answer(op, *cursor, NULL, 0);
		op->state = READ;
		return OC_OP_EFFECTS;
	}
	case READ:
		return answer(op, *cursor, op->res, op->nres);
	default:
		return OC_OP_FAILED;
	}
}
