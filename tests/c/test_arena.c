#include "oc_test.h"
#include "base/oc_arena.h"
#include "cJSON.h"

OC_TEST(arena_alloc_align_and_free)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	for (int i = 1; i < 2000; i++) {
		unsigned char *p = oc_arena_alloc(a, (size_t)i);
		REQUIRE(p != NULL);
		CHECK(((uintptr_t)p & 15u) == 0);
		memset(p, 0xab, (size_t)i);
	}
	CHECK(oc_arena_used(a) == 1999u * 2000u / 2u);
	char *s = oc_arena_strndup(a, "hello world", 5);
	CHECK_STR(s, "hello");
	oc_arena_free(a);
	oc_arena_free(NULL);
}

OC_TEST(arena_cap_refuses_not_aborts)
{
	oc_arena *a = oc_arena_new();
	CHECK(oc_arena_alloc(a, OC_ARENA_MAX + 1) == NULL);
	CHECK(oc_arena_alloc(a, (size_t)-1) == NULL);
	size_t got = 0;
	while (oc_arena_alloc(a, 100000) != NULL)
		got++;
	CHECK(got > 0 && got <= OC_ARENA_MAX / 100000);
	oc_arena_free(a);
}

OC_TEST(arena_backs_cjson)
{
	oc_arena *a = oc_arena_new();
	oc_arena_bind_json(a);
	size_t before = oc_arena_used(a);
	cJSON *j = cJSON_Parse("{\"a\":[1,2,3],\"b\":\"x\"}");
	REQUIRE(j != NULL);
	CHECK(oc_arena_used(a) > before);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(j, "a")) == 3);
	cJSON_Delete(j); /* a no-op: the arena owns the nodes */
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
