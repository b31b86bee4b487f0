/*
 * oc_props_cache: what a bearer check learned from an access token's record
 * (its decoded facts and decrypted props, as one opaque value), remembered per
 * token, so that a repeated check needs no record decode, HMAC, AES key
 * unwrap or GCM open.
 *
 * An entry is found by the token's id (the hex SHA-256 of the presented
 * token, which only its holder can compute) and holds a copy of the exact KV
 * record bytes it was learned from: a lookup with other record bytes misses
 * (a record rewritten in any byte is decoded and decrypted again). Only the
 * decode and the crypto are skipped; the KV read and every expiry/audience
 * check still run on each request, on the remembered facts.
 *
 * Bounded and allocated up front (static storage, never the heap): 32 sets x
 * 8 ways of OC_PCACHE_SLOT bytes each (record and value together), so at most
 * 256 entries and 768 KiB. A key may live in either of two sets (chosen by
 * the id's first and next four hex digits): a new entry takes a free slot of
 * either, else the least recently used of both, so the cache stays nearly
 * full before it evicts (one set per key held about 40 % of 256 tokens used
 * in turn, two hold about 85 %). Slots are wiped (oc_wipe) when their entry
 * is evicted or replaced, and by oc_pcache_clear.
 */
#ifndef OC_PROPS_CACHE_H
#define OC_PROPS_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "token/oc_token.h"

#define OC_PCACHE_SETS 32
#define OC_PCACHE_WAYS 8
#define OC_PCACHE_ENTRIES (OC_PCACHE_SETS * OC_PCACHE_WAYS)
#define OC_PCACHE_SLOT 3072 /* record bytes + value bytes of one entry */

/*
 * The value remembered for the token id (OC_TOKEN_ID_LEN characters) and
 * these exact record bytes, or NULL. The pointer stays valid until the next
 * oc_pcache_put or oc_pcache_clear.
 */
const char *oc_pcache_get(const char *id, const char *rec, size_t rec_len, size_t *len);

/* Remembers val[0..n) for id and rec; does nothing when rec_len + n >
 * OC_PCACHE_SLOT or the cache is disabled. */
void oc_pcache_put(const char *id, const char *rec, size_t rec_len, const char *val, size_t n);

/* Wipes every entry. */
void oc_pcache_clear(void);

/* 0 disables the cache (and clears it), 1 enables it (the default). */
void oc_pcache_enable(int on);

/* Live entries and the bytes (record and value) they hold (for tests). */
size_t oc_pcache_count(void);
size_t oc_pcache_bytes(void);

#endif
