#include "oc_test.h"
#include "token/oc_props_cache.h"
#include "crypto/oc_crypto.h"
#include "token/oc_token.h"
#include <stdio.h>

/* A token id (64 hex characters) for a name: the hex SHA-256 of it. */
static void id_for(char id[OC_TOKEN_ID_LEN + 1], const char *name)
{
	oc_token_id(id, name, strlen(name));
}

OC_TEST(pcache_hit_and_miss_on_changed_record)
{
	char id[OC_TOKEN_ID_LEN + 1], id2[OC_TOKEN_ID_LEN + 1];
	static const char rec[] = "{\"wrapped\":\"W\",\"enc\":\"C\"}";
	size_t n = 0;
	oc_pcache_clear();
	id_for(id, "token1");
	id_for(id2, "token2");
	CHECK(oc_pcache_get(id, rec, sizeof rec - 1, &n) == NULL);
	oc_pcache_put(id, rec, sizeof rec - 1, "{\"a\":1}", 7);
	const char *p = oc_pcache_get(id, rec, sizeof rec - 1, &n);
	REQUIRE(p != NULL);
	CHECK(n == 7 && memcmp(p, "{\"a\":1}", 7) == 0);
	CHECK(oc_pcache_get(id, "{\"wrapped\":\"W\",\"enc\":\"D\"}", sizeof rec - 1, &n) == NULL); /* one byte changed */
	CHECK(oc_pcache_get(id, rec, sizeof rec - 2, &n) == NULL); /* a prefix */
	CHECK(oc_pcache_get(id2, rec, sizeof rec - 1, &n) == NULL); /* another token */
	/* Replacing an entry's value under the same id. */
	oc_pcache_put(id, rec, sizeof rec - 1, "{}", 2);
	p = oc_pcache_get(id, rec, sizeof rec - 1, &n);
	CHECK(p != NULL && n == 2 && memcmp(p, "{}", 2) == 0);
	CHECK(oc_pcache_count() == 1);
	CHECK(oc_pcache_bytes() == sizeof rec - 1 + 2);
	oc_pcache_clear();
	CHECK(oc_pcache_get(id, rec, sizeof rec - 1, &n) == NULL);
	CHECK(oc_pcache_count() == 0);
}

/* A record of every length up to 40 bytes and of 451: a hit with its own bytes, a miss with any one byte changed (eight at a time, then the rest). */
OC_TEST(pcache_miss_on_any_changed_byte)
{
	char id[OC_TOKEN_ID_LEN + 1], rec[451], other[451];
	size_t n = 0, lens[41];
	for (size_t i = 0; i < sizeof rec; i++)
		rec[i] = (char)('!' + i % 90);
	for (size_t k = 0; k < 40; k++)
		lens[k] = k + 1;
	lens[40] = sizeof rec;
	id_for(id, "token-bytes");
	for (size_t k = 0; k < 41; k++) {
		size_t len = lens[k];
		oc_pcache_clear();
		oc_pcache_put(id, rec, len, "v", 1);
		memcpy(other, rec, len);
		CHECK(oc_pcache_get(id, other, len, &n) != NULL && n == 1);
		for (size_t at = 0; at < len; at++) {
			other[at] ^= 0x20;
			CHECK(oc_pcache_get(id, other, len, &n) == NULL);
			other[at] ^= 0x20;
		}
		CHECK(oc_pcache_get(id, other, len, &n) != NULL);
	}
	oc_pcache_clear();
}

/* Ids of the same two sets: they are chosen by the first eight characters. */
static void set_id(char id[OC_TOKEN_ID_LEN + 1], int way)
{
	snprintf(id, OC_TOKEN_ID_LEN + 1, "5a5a9c9c%056d", way + 1);
}

OC_TEST(pcache_eviction_wipes_lru)
{
	enum { BOTH = 2 * OC_PCACHE_WAYS }; /* the slots of both sets */
	static char id[BOTH + 1][OC_TOKEN_ID_LEN + 1];
	char big[100];
	size_t n;
	oc_pcache_clear();
	memset(big, 'A', sizeof big);
	for (int i = 0; i <= BOTH; i++)
		set_id(id[i], i);
	oc_pcache_put(id[0], "R", 1, big, sizeof big);
	const char *slot0 = oc_pcache_get(id[0], "R", 1, &n);
	REQUIRE(slot0 != NULL && n == sizeof big);
	for (int i = 1; i < BOTH; i++)
		oc_pcache_put(id[i], "R", 1, "x", 1);
	/* Both sets fill before anything is evicted. */
	for (int i = 0; i < BOTH; i++)
		CHECK(oc_pcache_get(id[i], "R", 1, &n) != NULL);
	CHECK(oc_pcache_count() == BOTH);
	for (int i = 1; i < BOTH; i++)
		CHECK(oc_pcache_get(id[i], "R", 1, &n) != NULL); /* id[0] is now the least recently used */
	oc_pcache_put(id[BOTH], "R", 1, "BBBB", 4);
	CHECK(oc_pcache_get(id[0], "R", 1, &n) == NULL);
	const char *slot = oc_pcache_get(id[BOTH], "R", 1, &n);
	CHECK(slot == slot0); /* the evicted slot was reused */
	CHECK(memcmp(slot0, "BBBB", 4) == 0);
	int wiped = 1;
	for (size_t i = 4; i < sizeof big; i++)
		wiped &= slot0[i] == 0;
	CHECK(wiped); /* nothing of the evicted value remains */
	for (int i = 1; i < BOTH; i++)
		CHECK(oc_pcache_get(id[i], "R", 1, &n) != NULL);
	oc_pcache_clear();
}

OC_TEST(pcache_bounded)
{
	static char val[OC_PCACHE_SLOT + 1];
	char id[OC_TOKEN_ID_LEN + 1], name[32];
	size_t n;
	oc_pcache_clear();
	memset(val, 'p', sizeof val);
	id_for(id, "too-big");
	oc_pcache_put(id, "r", 1, val, OC_PCACHE_SLOT);
	CHECK(oc_pcache_get(id, "r", 1, &n) == NULL);
	oc_pcache_put(id, val, OC_PCACHE_SLOT + 1, "", 0);
	CHECK(oc_pcache_get(id, val, OC_PCACHE_SLOT + 1, &n) == NULL);
	for (int i = 0; i < 4 * OC_PCACHE_ENTRIES; i++) {
		snprintf(name, sizeof name, "id%d", i);
		id_for(id, name);
		oc_pcache_put(id, "r", 1, val, OC_PCACHE_SLOT - 1);
		CHECK(oc_pcache_get(id, "r", 1, &n) != NULL);
	}
	CHECK(oc_pcache_count() == OC_PCACHE_ENTRIES);
	CHECK(oc_pcache_bytes() <= (size_t)OC_PCACHE_ENTRIES * OC_PCACHE_SLOT);
	/* Disabled: nothing is kept, nothing is found. */
	oc_pcache_enable(0);
	CHECK(oc_pcache_count() == 0);
	oc_pcache_put(id, "r", 1, "{}", 2);
	CHECK(oc_pcache_get(id, "r", 1, &n) == NULL);
	oc_pcache_enable(1);
	oc_pcache_put(id, "r", 1, "{}", 2);
	CHECK(oc_pcache_get(id, "r", 1, &n) != NULL);
	oc_pcache_clear();
}

/* Two sets per key: distinct tokens up to most of the capacity all stay (one set per key kept about half). */
OC_TEST(pcache_holds_most_of_its_capacity)
{
	enum { KEEP = OC_PCACHE_ENTRIES * 3 / 4 };
	char id[OC_TOKEN_ID_LEN + 1], name[32];
	size_t n;
	oc_pcache_clear();
	for (int i = 0; i < KEEP; i++) {
		snprintf(name, sizeof name, "token%d", i);
		id_for(id, name);
		oc_pcache_put(id, "r", 1, "{}", 2);
	}
	int kept = 0;
	for (int i = 0; i < KEEP; i++) {
		snprintf(name, sizeof name, "token%d", i);
		id_for(id, name);
		kept += oc_pcache_get(id, "r", 1, &n) != NULL;
	}
	CHECK(kept == KEEP);
	oc_pcache_clear();
}
