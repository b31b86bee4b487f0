/*
 * oc_kv_jwks: the KV cache of a private_key_jwt client's key set fetched
 * from its jwks_uri (ours: 1.2.3 keeps the sets it fetches for Client ID
 * Metadata Document clients in an in-isolate map, not in KV).
 *
 * Key: "oc-client-jwks:" + hex SHA-256 of the URL (a prefix no key of
 * 1.2.3 or 0.10.x has). Value: the fetch time in seconds since the epoch
 * in decimal, '\n', then the document exactly as fetched (valid UTF-8, a
 * set oc_jwks_parse accepts). Written with expirationTtl
 * OC_JWKS_CACHE_TTL; a set is fetched again before then only for an
 * assertion whose key it lacks, and only when it is at least
 * OC_JWKS_REFETCH_AFTER seconds old, so unknown kids cannot make the
 * server fetch more than once in that time. Sets are shared by every
 * client naming the same URL.
 *
 * A fetch reads at most OC_JWKS_MAX_BYTES within OC_JWKS_TIMEOUT_MS.
 */
#ifndef OC_KV_JWKS_H
#define OC_KV_JWKS_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"

#define OC_JWKS_CACHE_PREFIX "oc-client-jwks:"
#define OC_JWKS_CACHE_TTL 300
#define OC_JWKS_REFETCH_AFTER 30
#define OC_JWKS_MAX_BYTES 65536
#define OC_JWKS_TIMEOUT_MS 5000

/* The cache key of url (arena); NULL when out of memory. */
char *oc_kv_jwks_key(oc_arena *a, const char *url);

/* The record for a set fetched at fetched_at (arena, *len set); NULL when out of memory. */
char *oc_kv_jwks_encode(oc_arena *a, int64_t fetched_at, const char *set, size_t n, size_t *len);

/* 0 with *fetched_at and the set (a slice of s) for a record; -1 for anything else. */
int oc_kv_jwks_decode(const char *s, size_t n, int64_t *fetched_at, const char **set, size_t *set_len);

#endif
