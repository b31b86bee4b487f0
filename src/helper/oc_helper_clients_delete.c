/*
 * OC_KIND_DELETE_CLIENT: the deleteClient() helper.
 *
 * deleteClient({clientId}) deletes client:{clientId} first (from then on
 * the client can neither authenticate nor authorize), then revokes every
 * grant of that client, of every user: it lists grant: a page of 1000 keys
 * at a time; a listed key is a grant of the client when its KV metadata
 * names it (oc_grant_kv_metadata_client), or, for a key without such
 * metadata (written before metadata existed, or too large for it), when the
 * record read says so. The matches of a page are revoked as oc_revoke_each
 * does it (each grant's access tokens, then the grant) before the next page
 * is listed. Answers null.
 *
 * Keys that are not grant:{userId}:{grantId} with a 16-character grant id
 * are skipped. KV has no transactions: after a failed effect the call
 * answers the storage error, and the same call again finishes the work
 * (the grants left still name the client; purgeExpiredData also removes
 * them as orphans). A clientId that is not a string is refused with a
 * TypeError; one whose key cannot fit has no record to delete, its grants
 * are still revoked.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_revoke.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include <string.h>

enum { START, DELETED, LISTED, READ, REVOKING };

#define PAGE 1000

typedef struct {
	const char *client_id;
	const char *cursor;       /* the next page's, or NULL */
	char **users, **grants;   /* the page's matches */
	size_t n;
	char **read_users, **read_grants; /* the page's grants read for their client */
	size_t nread;
	oc_revoke_each re;
} delete_state;

static const char grant_prefix[] = "grant:";

static oc_op_status list_page(oc_op *op, delete_state *st)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_KV_LIST, grant_prefix, sizeof grant_prefix - 1);
	if (fx == NULL)
		return OC_OP_FAILED;
	if (st->cursor != NULL) {
		fx->val = st->cursor;
		fx->val_len = (uint32_t)strlen(st->cursor);
	}
	fx->ttl = PAGE;
	op->state = LISTED;
	return OC_OP_EFFECTS;
}

static int names_client(const cJSON *o, const char *client_id)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "clientId");
	return cJSON_IsString(c) && strcmp(c->valuestring, client_id) == 0;
}

/* Revokes the page's matches, or lists the next page, or answers. */
static oc_op_status revoke_or_next(oc_op *op, delete_state *st)
{
	int r = oc_revoke_each_begin(op, &st->re, st->users, st->grants, st->n);
	if (r > 0) {
		op->state = REVOKING;
		return OC_OP_EFFECTS;
	}
	if (r < 0)
		return st->re.rv.failed ? oc_op_fx_error(op, st->re.rv.failed) : OC_OP_FAILED;
	return st->cursor != NULL ? list_page(op, st) : oc_op_value(op, NULL);
}

static oc_op_status listed(oc_op *op, delete_state *st)
{
	const cJSON *keys, *k;
	if (oc_store_list_result(&op->res[0], &keys, &st->cursor))
		return oc_op_fx_error(op, &op->res[0]);
	size_t cap = (size_t)cJSON_GetArraySize(keys) + 1;
	st->users = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->grants = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->read_users = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->read_grants = oc_arena_alloc(op->arena, cap * sizeof(char *));
	if (st->users == NULL || st->grants == NULL || st->read_users == NULL || st->read_grants == NULL)
		return OC_OP_FAILED;
	st->n = st->nread = 0;
	cJSON_ArrayForEach(k, keys) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
		const char *meta_client = oc_grant_kv_metadata_client(cJSON_GetObjectItemCaseSensitive(k, "metadata"));
		char *user, *grant;
		if (!cJSON_IsString(name) || oc_kv_grant_key_split(op->arena, name->valuestring, &user, &grant))
			continue;
		if (meta_client != NULL) {
			if (strcmp(meta_client, st->client_id) == 0) {
				st->users[st->n] = user;
				st->grants[st->n++] = grant;
			}
			continue;
		}
		if (oc_op_emit_get(op, name->valuestring) != 0)
			return OC_OP_FAILED;
		st->read_users[st->nread] = user;
		st->read_grants[st->nread++] = grant;
	}
	if (st->nread == 0)
		return revoke_or_next(op, st);
	op->state = READ;
	return OC_OP_EFFECTS;
}

/* A grant read for its client (oc_store_read_found): a match when it names the client. */
static int match_read(oc_op *op, void *ctx, uint32_t i, const char *data, size_t len)
{
	delete_state *st = ctx;
	(void)op;
	if (names_client(cJSON_ParseWithLength(data, len), st->client_id)) {
		st->users[st->n] = st->read_users[i];
		st->grants[st->n++] = st->read_grants[i];
	}
	return 0;
}

static oc_op_status read_done(oc_op *op, delete_state *st)
{
	oc_op_status s;
	return oc_store_read_found(op, match_read, st, &s) ? revoke_or_next(op, st) : s;
}

oc_op_status oc_helper_delete_client(oc_op *op)
{
	delete_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *id;
		char *key;
		if (args == NULL || oc_arg_str(args, "clientId", &id) || id == NULL)
			return oc_op_type_error(op, "clientId must be a string");
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || (key = oc_kv_client_key(op->arena, id)) == NULL)
			return OC_OP_FAILED;
		st->client_id = id;
		if (!oc_kv_key_fits(key))
			return list_page(op, st);
		if (oc_op_emit(op, OC_FX_KV_DELETE, key, strlen(key)) == NULL)
			return OC_OP_FAILED;
		op->state = DELETED;
		return OC_OP_EFFECTS;
	}
	case DELETED:
		if (op->res[0].status != OC_FXR_OK)
			return oc_op_fx_error(op, &op->res[0]);
		return list_page(op, st);
	case LISTED:
		return listed(op, st);
	case READ:
		return read_done(op, st);
	case REVOKING: {
		int r = oc_revoke_each_resume(op, &st->re);
		if (r > 0)
			return OC_OP_EFFECTS;
		if (r < 0)
			return st->re.rv.failed ? oc_op_fx_error(op, st->re.rv.failed) : OC_OP_FAILED;
		return st->cursor != NULL ? list_page(op, st) : oc_op_value(op, NULL);
	}
	default:
		return OC_OP_FAILED;
	}
}
