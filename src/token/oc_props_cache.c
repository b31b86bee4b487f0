/* Decrypted props per access token (see oc_props_cache.h). */
#include "token/oc_props_cache.h"
#include "crypto/oc_crypto.h"
#include <string.h>

typedef struct {
	uint8_t key[32];
	uint32_t len;
	uint32_t used;  /* LRU stamp; 0 = empty */
} slot_meta;

static slot_meta meta[OC_PCACHE_ENTRIES];
static char data[OC_PCACHE_ENTRIES][OC_PCACHE_MAX_PROPS];
static uint32_t clock_now;
static int disabled;

void oc_pcache_key(uint8_t key[32], const char *token_id, size_t id_len,
	const char *wrapped, size_t wrapped_len, const char *enc, size_t enc_len)
{
	/* Length-prefixed pieces, so no two triples hash the same input. */
	uint8_t buf[512];
	size_t total = 12 + id_len + wrapped_len + enc_len;
	const char *parts[3] = { token_id, wrapped, enc };
	size_t lens[3] = { id_len, wrapped_len, enc_len };
	if (total <= sizeof buf) {
		size_t off = 0;
		for (int i = 0; i < 3; i++) {
			uint32_t l = (uint32_t)lens[i];
			memcpy(buf + off, &l, 4);
			memcpy(buf + off + 4, parts[i], lens[i]);
			off += 4 + lens[i];
		}
		oc_sha256(key, buf, off);
		return;
	}
	/* Large records: hash of the three pieces' hashes. */
	uint8_t h[3 * 32 + 12];
	for (int i = 0; i < 3; i++) {
		uint32_t l = (uint32_t)lens[i];
		memcpy(h + i * 36, &l, 4);
		oc_sha256(h + i * 36 + 4, parts[i], lens[i]);
	}
	oc_sha256(key, h, sizeof h);
}

/* The first slot of the key's set number which (0 or 1). */
static size_t set_of(const uint8_t key[32], int which)
{
	const uint8_t *b = key + 2 * which;
	return (size_t)(b[0] | b[1] << 8) % OC_PCACHE_SETS * OC_PCACHE_WAYS;
}

static uint32_t tick(void)
{
	if (++clock_now == 0) { /* wrapped: restart the stamps, keeping order roughly */
		for (size_t i = 0; i < OC_PCACHE_ENTRIES; i++)
			if (meta[i].used)
				meta[i].used = 1;
		clock_now = 2;
	}
	return clock_now;
}

/* The slot holding key, or OC_PCACHE_ENTRIES. */
static size_t find(const uint8_t key[32])
{
	for (int which = 0; which < 2; which++) {
		size_t base = set_of(key, which);
		for (size_t i = base; i < base + OC_PCACHE_WAYS; i++)
			if (meta[i].used && memcmp(meta[i].key, key, 32) == 0)
				return i;
	}
	return OC_PCACHE_ENTRIES;
}

const char *oc_pcache_get(const uint8_t key[32], size_t *len)
{
	if (disabled)
		return NULL;
	size_t i = find(key);
	if (i == OC_PCACHE_ENTRIES)
		return NULL;
	meta[i].used = tick();
	*len = meta[i].len;
	return data[i];
}

static void wipe_slot(size_t i)
{
	oc_wipe(data[i], meta[i].len);
	oc_wipe(&meta[i], sizeof meta[i]);
}

void oc_pcache_put(const uint8_t key[32], const char *props, size_t n)
{
	if (disabled || n > OC_PCACHE_MAX_PROPS)
		return;
	size_t victim = find(key);
	if (victim == OC_PCACHE_ENTRIES) {
		/* An empty slot (stamp 0) or the least recently used, of both sets. */
		victim = set_of(key, 0);
		for (int which = 0; which < 2; which++) {
			size_t base = set_of(key, which);
			for (size_t i = base; i < base + OC_PCACHE_WAYS; i++)
				if (meta[i].used < meta[victim].used)
					victim = i;
		}
	}
	if (meta[victim].used)
		wipe_slot(victim);
	memcpy(data[victim], props, n);
	memcpy(meta[victim].key, key, 32);
	meta[victim].len = (uint32_t)n;
	meta[victim].used = tick();
}

void oc_pcache_clear(void)
{
	for (size_t i = 0; i < OC_PCACHE_ENTRIES; i++)
		if (meta[i].used)
			wipe_slot(i);
}

void oc_pcache_enable(int on)
{
	disabled = !on;
	if (disabled)
		oc_pcache_clear();
}

size_t oc_pcache_count(void)
{
	size_t c = 0;
	for (size_t i = 0; i < OC_PCACHE_ENTRIES; i++)
		c += meta[i].used != 0;
	return c;
}

size_t oc_pcache_bytes(void)
{
	size_t c = 0;
	for (size_t i = 0; i < OC_PCACHE_ENTRIES; i++)
		if (meta[i].used)
			c += meta[i].len;
	return c;
}
