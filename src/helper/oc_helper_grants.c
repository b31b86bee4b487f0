/*
 * OC_KIND_LIST_USER_GRANTS and OC_KIND_REVOKE_GRANT: the listUserGrants()
 * and revokeGrant() helpers.
 *
 * listUserGrants({userId, cursor?, limit?}) lists one page of grant:{userId}:
 * (the host's KV list with that cursor and limit), reads the grants, and
 * answers {items: GrantSummary[], cursor?}: id, clientId, userId, scope,
 * metadata, createdAt, expiresAt?, redirectUri?, resource? (no secrets, no
 * token ids). Only the user's own keys are read (oc_kv_grant_key_id: user
 * ids may hold ':', so "grant:carol:x:…" lies under "grant:carol:" but is
 * "carol:x"'s); a page holding none of them is followed by the next one
 * (same limit), as the reference does. A grant gone or unreadable between
 * the list and the read is left out; cursor is present while the listing is
 * not complete.
 *
 * revokeGrant({grantId, userId}) deletes the grant's access tokens, then
 * the grant (oc_revoke), and answers null; after a storage failure the same
 * call again removes whatever is left.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_revoke.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include <string.h>

enum { START, LISTED, READ, REVOKING };

typedef struct {
	const char *user, *prefix; /* userId, grant:{userId}: */
	uint32_t limit;       /* the page size asked for; 0: the host's */
	const char *cursor;   /* the next page's, or NULL */
	size_t n;
	oc_revoke rv;
} grants_state;

static cJSON *summary(const oc_grant *g)
{
	cJSON *s = cJSON_CreateObject();
	if (s == NULL)
		return NULL;
	cJSON_AddStringToObject(s, "id", g->id);
	cJSON_AddStringToObject(s, "clientId", g->client_id);
	cJSON_AddStringToObject(s, "userId", g->user_id);
	cJSON_AddItemToObject(s, "scope", oc_strs_to_json(&g->scope));
	if (g->metadata != NULL)
		cJSON_AddItemToObject(s, "metadata", cJSON_Duplicate(g->metadata, 1));
	cJSON_AddNumberToObject(s, "createdAt", (double)g->created_at);
	if (g->has_expires_at)
		cJSON_AddNumberToObject(s, "expiresAt", (double)g->expires_at);
	if (g->redirect_uri != NULL)
		cJSON_AddStringToObject(s, "redirectUri", g->redirect_uri);
	if (g->resource.form == OC_KV_STRING)
		cJSON_AddStringToObject(s, "resource", g->resource.list.v[0]);
	else if (g->resource.form == OC_KV_ARRAY)
		cJSON_AddItemToObject(s, "resource", oc_strs_to_json(&g->resource.list));
	return s;
}

/* A grant read (oc_store_read_found): its summary added to the items (ctx); an unreadable one skipped. */
static int add_summary(oc_op *op, void *items, uint32_t i, const char *data, size_t len)
{
	oc_grant g;
	cJSON *s;
	(void)i;
	if (oc_grant_decode(op->arena, data, len, &g).code != OC_OK)
		return 0;
	return (s = summary(&g)) == NULL || !cJSON_AddItemToArray(items, s);
}

/* Lists the page of the user's grants after cursor (NULL: the first). */
static oc_op_status list_page(oc_op *op, grants_state *st, const char *cursor)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_KV_LIST, st->prefix, strlen(st->prefix));
	if (fx == NULL)
		return OC_OP_FAILED;
	if (cursor != NULL && cursor[0]) {
		fx->val = cursor;
		fx->val_len = (uint32_t)strlen(cursor);
	}
	fx->ttl = st->limit;
	op->state = LISTED;
	return OC_OP_EFFECTS;
}

static oc_op_status answer(oc_op *op, cJSON *items, const char *cursor)
{
	cJSON *v = cJSON_CreateObject();
	if (v == NULL || items == NULL || !cJSON_AddItemToObject(v, "items", items)
	    || (cursor != NULL && !cJSON_AddStringToObject(v, "cursor", cursor)))
		return OC_OP_FAILED;
	return oc_op_value(op, v);
}

oc_op_status oc_helper_list_user_grants(oc_op *op)
{
	grants_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *user, *cursor;
		if (args == NULL || oc_arg_str(args, "userId", &user) || user == NULL || user[0] == 0
		    || oc_arg_str(args, "cursor", &cursor))
			return oc_op_type_error(op, "userId must be a non-empty string");
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || (st->prefix = oc_kv_grant_prefix(op->arena, user)) == NULL)
			return OC_OP_FAILED;
		if (!oc_kv_key_fits(st->prefix)) /* no grant of this user can exist */
			return answer(op, cJSON_CreateArray(), NULL);
		st->user = user;
		st->limit = oc_arg_limit(args, "limit");
		return list_page(op, st, cursor);
	}
	case LISTED: {
		const oc_fx_result *r = &op->res[0];
		const cJSON *keys, *k;
		if (oc_store_list_result(r, &keys, &st->cursor))
			return oc_op_fx_error(op, r);
		cJSON_ArrayForEach(k, keys) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
			/* Only this user's grants are read, whatever the list answer holds. */
			if (cJSON_IsString(name) && oc_kv_grant_key_id(name->valuestring, st->user) != NULL) {
				if (oc_op_emit_get(op, name->valuestring) != 0)
					return OC_OP_FAILED;
				st->n++;
			}
		}
		if (st->n == 0)
			return st->cursor ? list_page(op, st, st->cursor) : answer(op, cJSON_CreateArray(), NULL);
		op->state = READ;
		return OC_OP_EFFECTS;
	}
	case READ: {
		cJSON *items = cJSON_CreateArray();
		oc_op_status s;
		if (items == NULL)
			return OC_OP_FAILED;
		return oc_store_read_found(op, add_summary, items, &s) ? answer(op, items, st->cursor) : s;
	}
	default:
		return OC_OP_FAILED;
	}
}

oc_op_status oc_helper_revoke_grant(oc_op *op)
{
	grants_state *st = op->flow;
	int r;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *user, *grant;
		if (args == NULL || oc_arg_str(args, "userId", &user) || oc_arg_str(args, "grantId", &grant)
		    || user == NULL || grant == NULL)
			return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, "grantId and userId must be strings"),
				cJSON_Parse("{\"name\":\"TypeError\"}"));
		char **ids = oc_arena_alloc(op->arena, sizeof *ids);
		char *tokens = oc_kv_token_key(op->arena, user, grant, "");
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL || ids == NULL || tokens == NULL)
			return OC_OP_FAILED;
		/* Its tokens' prefix cannot fit: no grant of ours can exist there (only the
		 * reference writes a grant key of exactly 512 bytes, and never a token for it). */
		if (!oc_kv_key_fits(tokens))
			return oc_op_value(op, NULL);
		ids[0] = (char *)grant;
		r = oc_revoke_begin(op, &st->rv, user, ids, 1);
		op->state = REVOKING;
		break;
	}
	case REVOKING:
		r = oc_revoke_resume(op, &st->rv);
		break;
	default:
		return OC_OP_FAILED;
	}
	if (r > 0)
		return OC_OP_EFFECTS;
	if (r < 0)
		return st->rv.failed ? oc_op_fx_error(op, st->rv.failed) : OC_OP_FAILED;
	return oc_op_value(op, NULL);
}
