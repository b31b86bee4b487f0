/*
 * oc_cache: the host's HTTP cache (the Workers Cache API), asked as the
 * effect OC_FX_CACHE. The core decides what is stored, under which key and
 * for how long; the host (js-shim/core.js performCache) opens the named
 * cache and performs the one call it is given, deciding nothing.
 *
 * The effect: key = the URL the entry is stored under (the host makes it a
 * GET Request, as cache.put(url) and cache.match(url) do); meta = the verb,
 * then NUL-separated: the cache's name, and for a put the stored response's
 * header names and values in pairs; val = the put's body; ttl = get: the
 * most body bytes to read, put: the entry's lifetime in seconds (what its
 * Cache-Control header says; a host that keeps entries itself may use it).
 *
 * The host answers:
 *   - get: OC_FXR_OK, a stored response, as op/oc_fetch.h's document mode
 *     reports a fetched one (meta lines, data the body: read it with
 *     oc_fetch_read_document); OC_FXR_MISSING, no entry; OC_FXR_FAILED, the
 *     cache could not be opened or read (none in this runtime, or it threw);
 *   - put, delete: OC_FXR_OK, or OC_FXR_FAILED.
 */
#ifndef OC_CACHE_H
#define OC_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "op/oc_op.h"

/* Each appends one effect (strings not copied unless said); NULL if out of memory. */
oc_fx *oc_cache_emit_get(oc_op *op, const char *cache, const char *url, uint32_t max_bytes);
/* headers: "name\0value\0…" pairs, hn bytes, the last NUL left out (copied). */
oc_fx *oc_cache_emit_put(oc_op *op, const char *cache, const char *url, const char *body, size_t n,
	const char *headers, size_t hn, uint32_t ttl);
oc_fx *oc_cache_emit_delete(oc_op *op, const char *cache, const char *url);

#endif
