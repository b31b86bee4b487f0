/* Facts and props per access token (see oc_props_cache.h). */
#include "token/oc_props_cache.h"
#include "crypto/oc_crypto.h"
#include <string.h>

typedef struct {
	char id[OC_TOKEN_ID_LEN];
	uint32_t tag;   /* id characters 8-11, compared before the whole id */
	uint32_t rec_len, len;
	uint32_t used;  /* LRU stamp; 0 = empty */
} slot_meta;

static slot_meta meta[OC_PCACHE_ENTRIES];
static char data[OC_PCACHE_ENTRIES][OC_PCACHE_SLOT]; /* record, then value */
static uint32_t clock_now;
static int disabled;

static unsigned hexval(char c)
{
	return (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10) & 15;
}

/* The first slot of the id's set number which (0 or 1): four of its hex digits. */
static size_t set_of(const char *id, int which)
{
	const char *h = id + 4 * which;
	unsigned v = hexval(h[0]) << 12 | hexval(h[1]) << 8 | hexval(h[2]) << 4 | hexval(h[3]);
	return (size_t)(v % OC_PCACHE_SETS) * OC_PCACHE_WAYS;
}

/* The entries set number which of id holds. */
static size_t set_load(const char *id, int which)
{
	size_t base = set_of(id, which), c = 0;
	for (size_t i = base; i < base + OC_PCACHE_WAYS; i++)
		c += meta[i].used != 0;
	return c;
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

static uint32_t tag_of(const char *id)
{
	uint32_t t;
	memcpy(&t, id + 8, 4);
	return t;
}

/* The slot holding id, or OC_PCACHE_ENTRIES. */
static size_t find(const char *id)
{
	uint32_t tag = tag_of(id);
	for (int which = 0; which < 2; which++) {
		size_t base = set_of(id, which);
		for (size_t i = base; i < base + OC_PCACHE_WAYS; i++)
			if (meta[i].used && meta[i].tag == tag && oc_ct_eq(meta[i].id, id, OC_TOKEN_ID_LEN))
				return i;
	}
	return OC_PCACHE_ENTRIES;
}

/*
 * Whether the n bytes at a and b are the same, eight at a time (libc's memcmp
 * in the module goes byte by byte). Not for secrets: a record as KV holds it.
 */
static int same_bytes(const char *a, const char *b, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

const char *oc_pcache_get(const char *id, const char *rec, size_t rec_len, size_t *len)
{
	if (disabled)
		return NULL;
	size_t i = find(id);
	if (i == OC_PCACHE_ENTRIES || meta[i].rec_len != rec_len || !same_bytes(data[i], rec, rec_len))
		return NULL;
	meta[i].used = tick();
	*len = meta[i].len;
	return data[i] + rec_len;
}

static void wipe_slot(size_t i)
{
	oc_wipe(data[i], (size_t)meta[i].rec_len + meta[i].len);
	oc_wipe(&meta[i], sizeof meta[i]);
}

void oc_pcache_put(const char *id, const char *rec, size_t rec_len, const char *val, size_t n)
{
	if (disabled || rec_len > OC_PCACHE_SLOT || n > OC_PCACHE_SLOT - rec_len)
		return;
	size_t victim = find(id);
	if (victim == OC_PCACHE_ENTRIES) {
		/*
		 * An empty slot (stamp 0) of the less loaded of the two sets (so that
		 * the sets fill evenly), else the least recently used of both.
		 */
		int first = set_load(id, 1) < set_load(id, 0);
		victim = set_of(id, first);
		for (int k = 0; k < 2; k++) {
			int which = k ? !first : first;
			size_t base = set_of(id, which);
			for (size_t i = base; i < base + OC_PCACHE_WAYS; i++)
				if (meta[i].used < meta[victim].used)
					victim = i;
		}
	}
	if (meta[victim].used)
		wipe_slot(victim);
	memcpy(data[victim], rec, rec_len);
	memcpy(data[victim] + rec_len, val, n);
	memcpy(meta[victim].id, id, OC_TOKEN_ID_LEN);
	meta[victim].tag = tag_of(id);
	meta[victim].rec_len = (uint32_t)rec_len;
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
			c += (size_t)meta[i].rec_len + meta[i].len;
	return c;
}
