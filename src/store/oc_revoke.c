/* Revoking grants: list their access tokens, delete them, then the grants. */
#include "store/oc_revoke.h"
#include "store/oc_kv.h"
#include <string.h>

enum { LISTING, TOKENS_DELETING, GRANTS_DELETING };

/* An answer no KV list or delete gives (MISSING, a list without a key array): a failed effect. */
static const oc_fx_result bad_answer = { OC_FXR_FAILED, NULL, 0, NULL, 0 };

static int add_del(oc_op *op, oc_revoke *rv, char *key)
{
	if (rv->ndel == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 16;
		char **d = oc_arena_alloc(op->arena, cap * sizeof *d);
		if (d == NULL)
			return -1;
		if (rv->ndel)
			memcpy(d, rv->del, rv->ndel * sizeof *d);
		rv->del = d;
		rv->cap = cap;
	}
	rv->del[rv->ndel++] = key;
	return 0;
}

/* Emits a token list for every grant whose listing is pending: 1, or 0 if none. */
static int emit_lists(oc_op *op, oc_revoke *rv)
{
	int any = 0;
	for (size_t i = 0; i < rv->n; i++) {
		if (!rv->listing[i])
			continue;
		char *prefix = oc_kv_token_key(op->arena, rv->user_id, rv->grants[i], "");
		oc_fx *fx;
		if (prefix == NULL)
			return -1;
		if (!oc_kv_key_fits(prefix)) { /* no token of this grant can exist */
			rv->listing[i] = 0;
			continue;
		}
		if ((fx = oc_op_emit(op, OC_FX_KV_LIST, prefix, strlen(prefix))) == NULL)
			return -1;
		if (rv->cursor[i] != NULL) {
			fx->val = rv->cursor[i];
			fx->val_len = (uint32_t)strlen(rv->cursor[i]);
		}
		any = 1;
	}
	return any;
}

/* Round 2: every listed token; the grants wait until these deletes succeeded. */
static int emit_token_deletes(oc_op *op, oc_revoke *rv)
{
	for (size_t i = 0; i < rv->ndel; i++)
		if (oc_op_emit(op, OC_FX_KV_DELETE, rv->del[i], strlen(rv->del[i])) == NULL)
			return -1;
	rv->phase = TOKENS_DELETING;
	return 1;
}

/* Round 3: the grant records, last. */
static int emit_grant_deletes(oc_op *op, oc_revoke *rv)
{
	for (size_t i = 0; i < rv->n; i++) {
		char *key = oc_kv_grant_key(op->arena, rv->user_id, rv->grants[i]);
		if (key == NULL || oc_op_emit(op, OC_FX_KV_DELETE, key, strlen(key)) == NULL)
			return -1;
	}
	rv->phase = GRANTS_DELETING;
	return 1;
}

int oc_revoke_begin(oc_op *op, oc_revoke *rv, const char *user_id, char **grant_ids, size_t n)
{
	memset(rv, 0, sizeof *rv);
	rv->user_id = user_id;
	rv->grants = grant_ids;
	rv->n = n;
	if (n == 0)
		return 0;
	rv->cursor = oc_arena_calloc(op->arena, n * sizeof *rv->cursor);
	rv->listing = oc_arena_alloc(op->arena, n);
	if (rv->cursor == NULL || rv->listing == NULL)
		return -1;
	memset(rv->listing, 1, n);
	rv->phase = LISTING;
	int r = emit_lists(op, rv);
	return r != 0 ? r : emit_grant_deletes(op, rv);
}

int oc_revoke_resume(oc_op *op, oc_revoke *rv)
{
	uint32_t k = 0;
	for (uint32_t i = 0; i < op->nres; i++)
		if (op->res[i].status != OC_FXR_OK) {
			rv->failed = op->res[i].status == OC_FXR_MISSING ? &bad_answer : &op->res[i];
			return -1;
		}
	if (rv->phase == GRANTS_DELETING)
		return 0;
	if (rv->phase == TOKENS_DELETING)
		return emit_grant_deletes(op, rv);
	for (size_t i = 0; i < rv->n; i++) {
		if (!rv->listing[i])
			continue;
		const oc_fx_result *r = &op->res[k++];
		cJSON *j = cJSON_ParseWithLength(r->data, r->len), *m;
		const cJSON *keys = cJSON_GetObjectItemCaseSensitive(j, "keys");
		const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "cursor");
		if (!cJSON_IsArray(keys)) {
			rv->failed = &bad_answer;
			return -1;
		}
		/* Only this grant's tokens are deleted, whatever the list answer holds:
		 * another user's ("carol:{grantId}") lie under the same prefix. */
		cJSON_ArrayForEach(m, keys) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(m, "name");
			if (cJSON_IsString(name) && oc_kv_token_key_id(name->valuestring, rv->user_id, rv->grants[i])
			    && add_del(op, rv, name->valuestring))
				return -1;
		}
		rv->listing[i] = !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "list_complete"))
			&& cJSON_IsString(cur) && cur->valuestring[0];
		rv->cursor[i] = rv->listing[i] ? cur->valuestring : NULL;
	}
	int more = emit_lists(op, rv);
	if (more != 0)
		return more;
	return rv->ndel ? emit_token_deletes(op, rv) : emit_grant_deletes(op, rv);
}

/* Starts the revocation of the next run of one user's pairs: 1, or 0 when none is left. */
static int each_next(oc_op *op, oc_revoke_each *re)
{
	for (; re->at < re->n; re->at = re->end) {
		re->end = re->at + 1;
		while (re->end < re->n && strcmp(re->users[re->end], re->users[re->at]) == 0)
			re->end++;
		int r = oc_revoke_begin(op, &re->rv, re->users[re->at], re->grants + re->at, re->end - re->at);
		if (r != 0)
			return r;
	}
	return 0;
}

int oc_revoke_each_begin(oc_op *op, oc_revoke_each *re, char **users, char **grants, size_t n)
{
	memset(re, 0, sizeof *re);
	re->users = users;
	re->grants = grants;
	re->n = n;
	return each_next(op, re);
}

int oc_revoke_each_resume(oc_op *op, oc_revoke_each *re)
{
	int r = oc_revoke_resume(op, &re->rv);
	if (r != 0)
		return r;
	re->at = re->end;
	return each_next(op, re);
}
