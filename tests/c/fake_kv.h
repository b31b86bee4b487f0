/*
 * An in-memory Workers KV and an op driver for native tests.
 *
 * fake_kv_run drives an operation to its end, performing each batch's
 * effects in the order the op emitted them against the fake store: KV get,
 * put (value, metadata, absolute expiration or TTL), delete, list (prefix,
 * cursor, limit; the answer is KV's list JSON, the cursor an opaque resume
 * point after the last key returned), OC_FX_BODY (answered with
 * kv->body) and OC_FX_FETCH (answered fetch_status, with fetch_meta and
 * fetch_body when that is OC_FXR_OK; counted, its URL and limits kept). Entries whose expiration is at or before kv->now are invisible.
 * Faults: the effect numbered fail_at (1-based, over the whole run) answers
 * fail_status instead of being performed; when list_answer is set, every
 * KV list answers that text (a lying host). As Workers KV does, a key or list
 * prefix over 512 bytes is refused (OC_FXR_FAILED, counted in too_long).
 */
#ifndef FAKE_KV_H
#define FAKE_KV_H

#include <stddef.h>
#include <stdint.h>
#include "op/oc_op.h"

typedef struct {
	char *key, *val, *meta; /* meta NULL: none */
	int64_t expiration;     /* 0: never */
} fake_kv_entry;

typedef struct fake_kv {
	fake_kv_entry *e;
	size_t n, cap;
	int64_t now;            /* seconds since the epoch, for expiry */
	const char *body;       /* the request body OC_FX_BODY returns */
	size_t body_len;
	unsigned fail_at;       /* 0: no fault */
	uint32_t fail_status;   /* OC_FXR_FAILED, OC_FXR_RATE_LIMITED … */
	uint32_t faulted_kind;  /* the kind (oc_fx_kind) of the effect fail_at hit */
	const char *list_answer; /* NULL: real list answers */
	unsigned performed;     /* effects performed (or faulted) so far */
	unsigned batches;       /* effect batches so far */
	unsigned callbacks;     /* callback/fetch effects seen */
	const char *callback_answer; /* NULL: callbacks answer MISSING (returned nothing) */
	uint32_t callback_status;    /* with callback_answer: OC_FXR_OK (returned it) or OC_FXR_FAILED (threw) */
	size_t callback_answer_len;  /* its length when it holds NUL bytes (0: strlen) */
	char *callback_arg;     /* the last callback's argument (malloc'd, freed by fake_kv_free) */
	/* When set, answers every callback instead (its name and argument; *data its text, NULL: none). */
	uint32_t (*on_callback)(void *ctx, const char *name, const char *arg, const char **data);
	void *callback_ctx;
	unsigned too_long;      /* KV effects refused for a key over 512 bytes */
	unsigned fetches;       /* OC_FX_FETCH effects performed */
	char *fetch_url;        /* the last one's URL (malloc'd, freed by fake_kv_free) */
	uint32_t fetch_limit, fetch_timeout_ms; /* the last one's byte and time limits */
	char *fetch_agent;      /* the last one's meta (a document GET's User-Agent), NULL when none (malloc'd) */
	uint32_t fetch_status;  /* the answer: OC_FXR_OK (with the two below), _TIMEOUT, _TOO_LARGE, _FAILED */
	const char *fetch_meta, *fetch_body; /* "<status>\n<content-type>", the body */
	/*
	 * The host's HTTP cache (OC_FX_CACHE, op/oc_cache.h) when a test sets
	 * one (fake_kv_init'd; its clock set to this one's): entries keyed
	 * "<cache name> <url>", the body as value, live for the put's ttl; a
	 * get answers a hit as status 200 with its body and Content-Length.
	 * NULL: gets and puts answer OC_FXR_FAILED, as without the Cache API.
	 */
	struct fake_kv *cache;
	unsigned cache_gets, cache_hits, cache_puts, cache_deletes;
	uint32_t cache_ttl;     /* the last put's lifetime */
	char *cache_headers;    /* the last put's headers, "name:value" lines (malloc'd) */
} fake_kv;

void fake_kv_init(fake_kv *kv, int64_t now);
void fake_kv_free(fake_kv *kv);

/* Stores a copy (meta may be NULL; expiration 0 = never). */
void fake_kv_set(fake_kv *kv, const char *key, const char *val, const char *meta,
	int64_t expiration);
/* The live entry for key, or NULL. */
const fake_kv_entry *fake_kv_find(const fake_kv *kv, const char *key);
/* Live entries whose key starts with prefix. */
size_t fake_kv_count(const fake_kv *kv, const char *prefix);
/* A malloc'd text of every live entry (sorted), to compare states. */
char *fake_kv_dump(const fake_kv *kv);

/* Drives op until it is done or failed; returns the last status. */
oc_op_status fake_kv_run(fake_kv *kv, oc_op *op);

#endif
