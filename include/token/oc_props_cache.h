/*
 * oc_props_cache: decrypted props remembered per access token, so that a
 * repeated bearer check needs no HMAC, AES key unwrap or GCM open.
 *
 * An entry's key is SHA-256 over the token's id (the SHA-256 of the presented
 * token, which only its holder can compute) and the exact stored
 * wrappedEncryptionKey and encryptedProps strings: a record rewritten with
 * other bytes misses. Only the crypto is skipped; the KV read and every
 * expiry/audience check still run on each request.
 *
 * Bounded and allocated up front (static storage, never the heap): 32 sets x
 * 8 ways, props of at most OC_PCACHE_MAX_PROPS bytes each, so at most 256
 * entries and 256 KiB of props. A key may live in either of two sets (chosen
 * by its first and by its next two bytes): a new entry takes a free slot of
 * either, else the least recently used of both, so the cache stays nearly
 * full before it evicts (one set per key held about 40 % of 256 tokens used
 * in turn, two hold about 85 %). Slots are wiped (oc_wipe) when their entry
 * is evicted or replaced, and by oc_pcache_clear.
 */
#ifndef OC_PROPS_CACHE_H
#define OC_PROPS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define OC_PCACHE_SETS 32
#define OC_PCACHE_WAYS 8
#define OC_PCACHE_ENTRIES (OC_PCACHE_SETS * OC_PCACHE_WAYS)
#define OC_PCACHE_MAX_PROPS 1024

/* The entry key for a token id and the stored record strings. */
void oc_pcache_key(uint8_t key[32], const char *token_id, size_t id_len,
	const char *wrapped, size_t wrapped_len, const char *enc, size_t enc_len);

/*
 * The cached props for key, or NULL. The pointer stays valid until the next
 * oc_pcache_put or oc_pcache_clear.
 */
const char *oc_pcache_get(const uint8_t key[32], size_t *len);

/* Remembers props[0..n) under key; does nothing when n > OC_PCACHE_MAX_PROPS
 * or the cache is disabled. */
void oc_pcache_put(const uint8_t key[32], const char *props, size_t n);

/* Wipes every entry. */
void oc_pcache_clear(void);

/* 0 disables the cache (and clears it), 1 enables it (the default). */
void oc_pcache_enable(int on);

/* Live entries and the bytes of props they hold (for tests). */
size_t oc_pcache_count(void);
size_t oc_pcache_bytes(void);

#endif
