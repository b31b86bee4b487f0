#include "oc_test.h"
#include "token/oc_props_cache.h"

static void key_for(uint8_t k[32], const char *id, const char *wrapped, const char *enc)
{
	oc_pcache_key(k, id, strlen(id), wrapped, strlen(wrapped), enc, strlen(enc));
}

OC_TEST(pcache_hit_and_miss_on_changed_record)
{
	uint8_t k[32], k2[32], k3[32], k4[32];
	size_t n = 0;
	oc_pcache_clear();
	key_for(k, "id1", "WRAPPED", "CIPHER");
	CHECK(oc_pcache_get(k, &n) == NULL);
	oc_pcache_put(k, "{\"a\":1}", 7);
	const char *p = oc_pcache_get(k, &n);
	REQUIRE(p != NULL);
	CHECK(n == 7 && memcmp(p, "{\"a\":1}", 7) == 0);
	key_for(k2, "id1", "WRAPPEX", "CIPHER"); /* another wrapped key */
	key_for(k3, "id1", "WRAPPED", "CIPHES"); /* another ciphertext */
	key_for(k4, "id2", "WRAPPED", "CIPHER"); /* another token */
	CHECK(oc_pcache_get(k2, &n) == NULL);
	CHECK(oc_pcache_get(k3, &n) == NULL);
	CHECK(oc_pcache_get(k4, &n) == NULL);
	/* Pieces are length-delimited: moving a byte between them changes the key. */
	key_for(k2, "id1W", "RAPPED", "CIPHER");
	CHECK(memcmp(k, k2, 32) != 0);
	/* Replacing an entry's props under the same key. */
	oc_pcache_put(k, "{}", 2);
	p = oc_pcache_get(k, &n);
	CHECK(p != NULL && n == 2 && memcmp(p, "{}", 2) == 0);
	CHECK(oc_pcache_count() == 1);
	oc_pcache_clear();
	CHECK(oc_pcache_get(k, &n) == NULL);
	CHECK(oc_pcache_count() == 0);
}

/* Keys of the same two sets: they are chosen by key bytes 0-1 and 2-3. */
static void set_key(uint8_t k[32], int way)
{
	memset(k, 0, 32);
	k[0] = 5;
	k[2] = 9;
	k[31] = (uint8_t)(way + 1);
}

OC_TEST(pcache_eviction_wipes_lru)
{
	enum { BOTH = 2 * OC_PCACHE_WAYS }; /* the slots of both sets */
	uint8_t k[BOTH + 1][32];
	char big[100];
	size_t n;
	oc_pcache_clear();
	memset(big, 'A', sizeof big);
	for (int i = 0; i <= BOTH; i++)
		set_key(k[i], i);
	oc_pcache_put(k[0], big, sizeof big);
	const char *slot0 = oc_pcache_get(k[0], &n);
	REQUIRE(slot0 != NULL && n == sizeof big);
	for (int i = 1; i < BOTH; i++)
		oc_pcache_put(k[i], "x", 1);
	/* Both sets fill before anything is evicted. */
	for (int i = 0; i < BOTH; i++)
		CHECK(oc_pcache_get(k[i], &n) != NULL);
	CHECK(oc_pcache_count() == BOTH);
	for (int i = 1; i < BOTH; i++)
		CHECK(oc_pcache_get(k[i], &n) != NULL); /* k[0] is now the least recently used */
	oc_pcache_put(k[BOTH], "BBBB", 4);
	CHECK(oc_pcache_get(k[0], &n) == NULL);
	const char *slot = oc_pcache_get(k[BOTH], &n);
	CHECK(slot == slot0); /* the evicted slot was reused */
	CHECK(memcmp(slot0, "BBBB", 4) == 0);
	int wiped = 1;
	for (size_t i = 4; i < sizeof big; i++)
		wiped &= slot0[i] == 0;
	CHECK(wiped); /* nothing of the evicted props remains */
	for (int i = 1; i < BOTH; i++)
		CHECK(oc_pcache_get(k[i], &n) != NULL);
	oc_pcache_clear();
}

OC_TEST(pcache_bounded)
{
	static char props[OC_PCACHE_MAX_PROPS + 1];
	uint8_t k[32];
	size_t n;
	char id[32];
	oc_pcache_clear();
	memset(props, 'p', sizeof props);
	key_for(k, "too-big", "w", "c");
	oc_pcache_put(k, props, OC_PCACHE_MAX_PROPS + 1);
	CHECK(oc_pcache_get(k, &n) == NULL);
	for (int i = 0; i < 4 * OC_PCACHE_ENTRIES; i++) {
		snprintf(id, sizeof id, "id%d", i);
		key_for(k, id, "w", "c");
		oc_pcache_put(k, props, OC_PCACHE_MAX_PROPS);
		CHECK(oc_pcache_get(k, &n) != NULL);
	}
	CHECK(oc_pcache_count() == OC_PCACHE_ENTRIES);
	CHECK(oc_pcache_bytes() <= (size_t)OC_PCACHE_ENTRIES * OC_PCACHE_MAX_PROPS);
	/* Disabled: nothing is kept, nothing is found. */
	oc_pcache_enable(0);
	CHECK(oc_pcache_count() == 0);
	oc_pcache_put(k, "{}", 2);
	CHECK(oc_pcache_get(k, &n) == NULL);
	oc_pcache_enable(1);
	oc_pcache_put(k, "{}", 2);
	CHECK(oc_pcache_get(k, &n) != NULL);
	oc_pcache_clear();
}

/* Two sets per key: distinct tokens up to most of the capacity all stay (one set per key kept about half). */
OC_TEST(pcache_holds_most_of_its_capacity)
{
	enum { KEEP = OC_PCACHE_ENTRIES * 3 / 4 };
	uint8_t k[32];
	size_t n;
	char id[32];
	oc_pcache_clear();
	for (int i = 0; i < KEEP; i++) {
		snprintf(id, sizeof id, "token%d", i);
		key_for(k, id, "w", "c");
		oc_pcache_put(k, "{}", 2);
	}
	int kept = 0;
	for (int i = 0; i < KEEP; i++) {
		snprintf(id, sizeof id, "token%d", i);
		key_for(k, id, "w", "c");
		kept += oc_pcache_get(k, &n) != NULL;
	}
	CHECK(kept == KEEP);
	oc_pcache_clear();
}
