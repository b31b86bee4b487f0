/*
 * OC_KIND_PURGE_EXPIRED_DATA: the purgeExpiredData() helper.
 *
 * purgeExpiredData({batchSize?, cursor?, purgeOrphanedGrants?,
 * purgeExpiredGrants?, purgeOrphanedTokens?}) sweeps OAUTH_KV in two
 * phases, each checking at most batchSize keys per call (default 50; each
 * flag is on unless given as false):
 *   1. grants (when expired or orphaned grants are purged): list grant:
 *      (pages of min(1000, what is left of the batch)); every listed key
 *      counts as checked; its record is read: a grant whose expiresAt has
 *      come (now >= expiresAt) is purged when expired grants are, else one
 *      whose client record is gone (its clientId not a Client ID Metadata
 *      Document URL, oc_client_id_is_url) when orphaned grants are. Each
 *      client is read once per call. Purged grants are revoked
 *      (oc_revoke_each: their access tokens first, then the grant).
 *   2. tokens (when orphaned tokens are purged): list token:, read each
 *      record, and delete the token when grant:{userId}:{grantId} (its
 *      record's) is gone; each grant is read once per call.
 * The answer is {grantsChecked, grantsPurged, tokensChecked, tokensPurged,
 * done, cursor?}: when a phase's budget ran out before its listing was
 * complete, the call stops there with done false and cursor
 * "grants:<KV cursor>" or "tokens:<KV cursor>" (the KV cursor empty: the
 * phase's start); passing it back resumes there. Otherwise done is true and
 * there is no cursor. Records gone, unreadable or not of the expected shape
 * between the list and the read count as checked and are left alone.
 *
 * Refused with a TypeError: a cursor that is not a string of the form
 * "grants:…" or "tokens:…" ("Invalid purgeExpiredData cursor", as the
 * reference); a batchSize that is not an integer from 1 to 2^31 - 1
 * ("batchSize must be a positive integer"; the reference takes any number
 * and makes no progress with one below 1). A storage failure answers the
 * storage error; everything done before it stays done (a revocation stops
 * in a state the next sweep finishes).
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_revoke.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include "oauth/oc_client_id.h"
#include <string.h>

enum { START, GRANTS_LISTED, GRANTS_READ, GRANTS_CLIENTS, GRANTS_REVOKING, TOKENS_LISTED, TOKENS_READ,
	TOKENS_GRANTS, TOKENS_DELETING };

#define PAGE_MAX 1000

/* Keys already read this call: present, gone, or asked (read in the batch being answered). */
enum { GONE = 0, PRESENT = 1, ASKED = 2 };
typedef struct {
	const char **key;
	unsigned char *present;
	size_t n, cap;
} known_set;

typedef struct {
	uint32_t batch;
	int orphaned_grants, expired_grants, orphaned_tokens;
	uint32_t grants_checked, grants_purged, tokens_checked, tokens_purged;
	const char *cursor;        /* the KV cursor of the phase's next page, or NULL */
	int complete;              /* the phase's listing is complete */
	known_set known;           /* clients (phase 1), grants (phase 2) */
	/* the page being worked on */
	char **users, **grants;    /* phase 1: listed keys' owners; then the grants to revoke */
	const char **keys;         /* phase 2: listed token keys */
	const char **wait;         /* per read record: the key whose answer decides it, or NULL */
	unsigned char *purge;      /* per read record: decided to purge */
	size_t n, npurge;
	oc_revoke_each re;
} purge_state;

static const char grant_prefix[] = "grant:", token_prefix[] = "token:";

static long known_find(const known_set *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->key[i], key) == 0)
			return (long)i;
	return -1;
}

static int known_add(oc_op *op, known_set *k, const char *key, int present)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 32;
		const char **nk = oc_arena_alloc(op->arena, cap * sizeof *nk);
		unsigned char *np = oc_arena_alloc(op->arena, cap);
		if (nk == NULL || np == NULL)
			return -1;
		if (k->n) {
			memcpy(nk, k->key, k->n * sizeof *nk);
			memcpy(np, k->present, k->n);
		}
		k->key = nk;
		k->present = np;
		k->cap = cap;
	}
	k->key[k->n] = key;
	k->present[k->n++] = (unsigned char)present;
	return 0;
}

/*
 * Record i of the page is purged when key is gone: decided now when key is
 * known, else after its read (emitted once per call; a key that cannot fit
 * names nothing: gone). 0, or -1 when out of memory (key NULL included).
 */
static int decide_by(oc_op *op, purge_state *st, size_t i, const char *key)
{
	if (key == NULL)
		return -1;
	long k = known_find(&st->known, key);
	if (k < 0) {
		int fits = oc_kv_key_fits(key);
		if (known_add(op, &st->known, key, fits ? ASKED : GONE)
		    || (fits && oc_op_emit_get(op, key) != 0))
			return -1;
		k = (long)st->known.n - 1;
	}
	if (st->known.present[k] == ASKED)
		st->wait[i] = st->known.key[k];
	else
		st->purge[i] = st->known.present[k] == GONE;
	return 0;
}

static oc_op_status answer(oc_op *op, purge_state *st, const char *phase)
{
	cJSON *v = cJSON_CreateObject();
	if (v == NULL || !cJSON_AddNumberToObject(v, "grantsChecked", st->grants_checked)
	    || !cJSON_AddNumberToObject(v, "grantsPurged", st->grants_purged)
	    || !cJSON_AddNumberToObject(v, "tokensChecked", st->tokens_checked)
	    || !cJSON_AddNumberToObject(v, "tokensPurged", st->tokens_purged)
	    || !cJSON_AddBoolToObject(v, "done", phase == NULL))
		return OC_OP_FAILED;
	if (phase != NULL) {
		size_t a = strlen(phase), b = st->cursor ? strlen(st->cursor) : 0;
		char *c = oc_arena_alloc(op->arena, a + b + 1);
		if (c == NULL)
			return OC_OP_FAILED;
		memcpy(c, phase, a);
		if (b)
			memcpy(c + a, st->cursor, b);
		c[a + b] = 0;
		if (!cJSON_AddStringToObject(v, "cursor", c))
			return OC_OP_FAILED;
	}
	return oc_op_value(op, v);
}

static oc_op_status list_page(oc_op *op, purge_state *st, const char *prefix, uint32_t checked, int state)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_KV_LIST, prefix, strlen(prefix));
	if (fx == NULL)
		return OC_OP_FAILED;
	if (st->cursor != NULL) {
		fx->val = st->cursor;
		fx->val_len = (uint32_t)strlen(st->cursor);
	}
	fx->ttl = st->batch - checked < PAGE_MAX ? st->batch - checked : PAGE_MAX;
	op->state = state;
	return OC_OP_EFFECTS;
}

/* Phase 2 from its start (cursor: where to resume, or NULL), or the end of the sweep. */
static oc_op_status tokens_phase(oc_op *op, purge_state *st, const char *cursor)
{
	if (!st->orphaned_tokens)
		return answer(op, st, NULL);
	st->cursor = cursor;
	st->known.n = 0;
	return list_page(op, st, token_prefix, 0, TOKENS_LISTED);
}

/* After a page of phase 1: the next page, phase 2, or a stop with a cursor. */
static oc_op_status grants_next(oc_op *op, purge_state *st)
{
	if (st->complete)
		return tokens_phase(op, st, NULL);
	if (st->grants_checked < st->batch)
		return list_page(op, st, grant_prefix, st->grants_checked, GRANTS_LISTED);
	return answer(op, st, "grants:");
}

static oc_op_status tokens_next(oc_op *op, purge_state *st)
{
	if (st->complete)
		return answer(op, st, NULL);
	if (st->tokens_checked < st->batch)
		return list_page(op, st, token_prefix, st->tokens_checked, TOKENS_LISTED);
	return answer(op, st, "tokens:");
}

/* Reads the page's keys under prefix (each counted as checked); the number read, or -1. */
static long read_page(oc_op *op, purge_state *st, const char *prefix, uint32_t *checked)
{
	const cJSON *keys, *k;
	size_t plen = strlen(prefix);
	if (oc_store_list_result(&op->res[0], &keys, &st->cursor))
		return -2;
	st->complete = st->cursor == NULL;
	size_t cap = (size_t)cJSON_GetArraySize(keys) + 1;
	st->users = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->grants = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->keys = oc_arena_alloc(op->arena, cap * sizeof(char *));
	st->wait = oc_arena_calloc(op->arena, cap * sizeof(char *));
	st->purge = oc_arena_calloc(op->arena, cap);
	if (st->users == NULL || st->grants == NULL || st->keys == NULL || st->wait == NULL || st->purge == NULL)
		return -1;
	st->n = 0;
	cJSON_ArrayForEach(k, keys) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
		if (*checked >= st->batch)
			break;
		if (!cJSON_IsString(name) || strncmp(name->valuestring, prefix, plen) != 0)
			continue;
		(*checked)++;
		char *user = NULL, *grant = NULL;
		if (prefix == grant_prefix && oc_kv_grant_key_split(op->arena, name->valuestring, &user, &grant))
			continue; /* not a grant key this version can revoke */
		if (oc_op_emit_get(op, name->valuestring) != 0)
			return -1;
		st->users[st->n] = user;
		st->grants[st->n] = grant;
		st->keys[st->n++] = name->valuestring;
	}
	return (long)st->n;
}

/* Revokes the grants marked to purge, then goes on. */
static oc_op_status grants_revoke(oc_op *op, purge_state *st)
{
	size_t m = 0;
	for (size_t i = 0; i < st->n; i++)
		if (st->purge[i]) {
			st->users[m] = st->users[i];
			st->grants[m++] = st->grants[i];
		}
	st->grants_purged += (uint32_t)m;
	int r = oc_revoke_each_begin(op, &st->re, st->users, st->grants, m);
	if (r > 0) {
		op->state = GRANTS_REVOKING;
		return OC_OP_EFFECTS;
	}
	if (r < 0)
		return st->re.rv.failed ? oc_op_fx_error(op, st->re.rv.failed) : OC_OP_FAILED;
	return grants_next(op, st);
}

/* A grant record read (oc_store_read_found): expired, or waiting on its client's read. */
static int grant_read(oc_op *op, void *ctx, uint32_t i, const char *data, size_t len)
{
	purge_state *st = ctx;
	oc_grant g;
	if (oc_grant_decode(op->arena, data, len, &g).code != OC_OK)
		return 0;
	if (st->expired_grants && g.has_expires_at && oc_op_now(op) >= g.expires_at) {
		st->purge[i] = 1;
		return 0;
	}
	if (!st->orphaned_grants || oc_client_id_is_url(g.client_id))
		return 0;
	return decide_by(op, st, i, oc_kv_client_key(op->arena, g.client_id));
}

/* Phase 1: the page's grant records read; decides what it can, reads unknown clients. */
static oc_op_status grants_read(oc_op *op, purge_state *st)
{
	oc_op_status s;
	if (!oc_store_read_found(op, grant_read, st, &s))
		return s;
	if (op->nfx > 0) {
		op->state = GRANTS_CLIENTS;
		return OC_OP_EFFECTS;
	}
	return grants_revoke(op, st);
}

/*
 * The answers to the reads of the keys ASKED, in the order they were asked:
 * present or gone. The purge marks of the records waiting on them follow.
 */
static oc_op_status settle(oc_op *op, purge_state *st)
{
	uint32_t r = 0;
	for (size_t k = 0; k < st->known.n; k++) {
		if (st->known.present[k] != ASKED)
			continue;
		if (r >= op->nres)
			return OC_OP_FAILED;
		const oc_fx_result *res = &op->res[r++];
		if (res->status != OC_FXR_OK && res->status != OC_FXR_MISSING)
			return oc_op_fx_error(op, res);
		st->known.present[k] = res->status == OC_FXR_OK ? PRESENT : GONE;
	}
	for (size_t i = 0; i < st->n; i++)
		if (st->wait[i] != NULL)
			st->purge[i] = st->known.present[known_find(&st->known, st->wait[i])] == GONE;
	return OC_OP_DONE;
}

/* Phase 2: deletes the tokens marked, then goes on. */
static oc_op_status tokens_delete(oc_op *op, purge_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->purge[i]) {
			if (oc_op_emit(op, OC_FX_KV_DELETE, st->keys[i], strlen(st->keys[i])) == NULL)
				return OC_OP_FAILED;
			st->tokens_purged++;
		}
	if (op->nfx > 0) {
		op->state = TOKENS_DELETING;
		return OC_OP_EFFECTS;
	}
	return tokens_next(op, st);
}

/* A token record read (oc_store_read_found): waiting on its grant's read. */
static int token_read(oc_op *op, void *ctx, uint32_t i, const char *data, size_t len)
{
	cJSON *t = cJSON_ParseWithLength(data, len);
	const char *user, *grant;
	if (!cJSON_IsObject(t) || oc_arg_str(t, "userId", &user) || oc_arg_str(t, "grantId", &grant)
	    || user == NULL || grant == NULL)
		return 0;
	return decide_by(op, ctx, i, oc_kv_grant_key(op->arena, user, grant));
}

/* Phase 2: the page's token records read; decides what it can, reads unknown grants. */
static oc_op_status tokens_read(oc_op *op, purge_state *st)
{
	oc_op_status s;
	if (!oc_store_read_found(op, token_read, st, &s))
		return s;
	if (op->nfx > 0) {
		op->state = TOKENS_GRANTS;
		return OC_OP_EFFECTS;
	}
	return tokens_delete(op, st);
}

/* Reads the arguments into st; NULL, or the TypeError's description. */
static const char *read_args(oc_op *op, purge_state *st, const char **phase)
{
	cJSON *args = oc_op_args(op);
	const cJSON *b = args ? cJSON_GetObjectItemCaseSensitive(args, "batchSize") : NULL;
	const char *cursor;
	if (args == NULL)
		return "purgeExpiredData options must be an object";
	st->batch = 50;
	if (b != NULL && !cJSON_IsNull(b)) {
		if (!cJSON_IsNumber(b) || !(b->valuedouble >= 1 && b->valuedouble <= 2147483647.0)
		    || b->valuedouble != (double)(int64_t)b->valuedouble)
			return "batchSize must be a positive integer";
		st->batch = (uint32_t)b->valuedouble;
	}
	st->orphaned_grants = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(args, "purgeOrphanedGrants"));
	st->expired_grants = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(args, "purgeExpiredGrants"));
	st->orphaned_tokens = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(args, "purgeOrphanedTokens"));
	if (oc_arg_str(args, "cursor", &cursor))
		return "Invalid purgeExpiredData cursor";
	*phase = grant_prefix;
	st->cursor = NULL;
	if (cursor != NULL) {
		const char *colon = strchr(cursor, ':');
		if (colon == NULL)
			return "Invalid purgeExpiredData cursor";
		if ((size_t)(colon - cursor) == 6 && strncmp(cursor, "grants", 6) == 0)
			*phase = grant_prefix;
		else if ((size_t)(colon - cursor) == 6 && strncmp(cursor, "tokens", 6) == 0)
			*phase = token_prefix;
		else
			return "Invalid purgeExpiredData cursor";
		st->cursor = colon[1] ? colon + 1 : NULL;
	}
	return NULL;
}

oc_op_status oc_helper_purge_expired_data(oc_op *op)
{
	purge_state *st = op->flow;
	long n;

	switch (op->state) {
	case START: {
		const char *phase, *bad;
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL)
			return OC_OP_FAILED;
		if ((bad = read_args(op, st, &phase)) != NULL)
			return oc_op_type_error(op, bad);
		if (phase == grant_prefix && (st->orphaned_grants || st->expired_grants))
			return list_page(op, st, grant_prefix, 0, GRANTS_LISTED);
		return tokens_phase(op, st, phase == token_prefix ? st->cursor : NULL);
	}
	case GRANTS_LISTED:
		if ((n = read_page(op, st, grant_prefix, &st->grants_checked)) < 0)
			return n == -2 ? oc_op_fx_error(op, &op->res[0]) : OC_OP_FAILED;
		if (n == 0)
			return grants_next(op, st);
		op->state = GRANTS_READ;
		return OC_OP_EFFECTS;
	case GRANTS_READ:
		return grants_read(op, st);
	case GRANTS_CLIENTS: {
		oc_op_status s = settle(op, st);
		return s == OC_OP_DONE ? grants_revoke(op, st) : s;
	}
	case GRANTS_REVOKING: {
		int r = oc_revoke_each_resume(op, &st->re);
		if (r > 0)
			return OC_OP_EFFECTS;
		if (r < 0)
			return st->re.rv.failed ? oc_op_fx_error(op, st->re.rv.failed) : OC_OP_FAILED;
		return grants_next(op, st);
	}
	case TOKENS_LISTED:
		if ((n = read_page(op, st, token_prefix, &st->tokens_checked)) < 0)
			return n == -2 ? oc_op_fx_error(op, &op->res[0]) : OC_OP_FAILED;
		if (n == 0)
			return tokens_next(op, st);
		op->state = TOKENS_READ;
		return OC_OP_EFFECTS;
	case TOKENS_READ:
		return tokens_read(op, st);
	case TOKENS_GRANTS: {
		oc_op_status s = settle(op, st);
		return s == OC_OP_DONE ? tokens_delete(op, st) : s;
	}
	case TOKENS_DELETING:
		for (uint32_t i = 0; i < op->nres; i++)
			if (op->res[i].status != OC_FXR_OK)
				return oc_op_fx_error(op, &op->res[i]);
		return tokens_next(op, st);
	default:
		return OC_OP_FAILED;
	}
}
