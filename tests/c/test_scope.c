#include "oc_test.h"
#include "oauth/oc_scope.h"
#include "base/oc_arena.h"

static int list_is(const oc_strs *l, const char *joined_expect, oc_arena *a)
{
	char *j = oc_scope_join(a, l);
	return j != NULL && strcmp(j, joined_expect) == 0;
}

OC_TEST(scope_parse_basic)
{
	oc_arena *a = oc_arena_new();
	oc_strs s;
	const char *in = "read write  profile read   ";
	REQUIRE(oc_scope_parse(a, in, strlen(in), &s).code == OC_OK);
	CHECK(s.n == 3);
	CHECK(list_is(&s, "read write profile", a));
	REQUIRE(oc_scope_parse(a, "", 0, &s).code == OC_OK);
	CHECK(s.n == 0 && list_is(&s, "", a));
	REQUIRE(oc_scope_parse(a, "   ", 3, &s).code == OC_OK);
	CHECK(s.n == 0);
	/* the whole charset edge: %x21 %x23 %x5B %x5D %x7E */
	REQUIRE(oc_scope_parse(a, "! # [ ] ~ a:b/c?d=e", 19, &s).code == OC_OK);
	CHECK(s.n == 6);
	CHECK_STR(s.v[5], "a:b/c?d=e");
	/* length-bounded: bytes past n are not read */
	REQUIRE(oc_scope_parse(a, "abc def", 3, &s).code == OC_OK);
	CHECK(s.n == 1 && strcmp(s.v[0], "abc") == 0);
	oc_arena_free(a);
}

OC_TEST(scope_parse_rejections)
{
	oc_arena *a = oc_arena_new();
	oc_strs s;
	static const char *const bad[] = {
		"a\"b", "a\\b", "a\tb", "a\nb", "\x7f", "caf\xc3\xa9", "a\x01", "read\x20\x20write\r",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(oc_scope_parse(a, bad[i], strlen(bad[i]), &s).code == OC_ERR_INVALID_SCOPE);
	CHECK(oc_scope_parse(a, "a\0b", 3, &s).code == OC_ERR_INVALID_SCOPE);
	CHECK(oc_scope_token_ok("abc", 3));
	CHECK(!oc_scope_token_ok("", 0));
	CHECK(!oc_scope_token_ok("a b", 3));
	oc_arena_free(a);
}

OC_TEST(scope_subset_intersect)
{
	oc_arena *a = oc_arena_new();
	oc_strs x, y, z, e;
	REQUIRE(oc_scope_parse(a, "a b c", 5, &x).code == OC_OK);
	REQUIRE(oc_scope_parse(a, "c a", 3, &y).code == OC_OK);
	REQUIRE(oc_scope_parse(a, "", 0, &e).code == OC_OK);
	CHECK(oc_scope_subset(&y, &x));
	CHECK(!oc_scope_subset(&x, &y));
	CHECK(oc_scope_subset(&e, &x));
	CHECK(oc_scope_subset(&e, &e));
	CHECK(!oc_scope_subset(&x, &e));
	REQUIRE(oc_scope_intersect(a, &x, &y, &z).code == OC_OK);
	CHECK(list_is(&z, "a c", a));
	REQUIRE(oc_scope_intersect(a, &y, &x, &z).code == OC_OK);
	CHECK(list_is(&z, "c a", a));
	REQUIRE(oc_scope_intersect(a, &x, &e, &z).code == OC_OK);
	CHECK(z.n == 0);
	REQUIRE(oc_scope_intersect(a, &e, &x, &z).code == OC_OK);
	CHECK(z.n == 0);
	/* raw lists with repeats intersect without repeats */
	char *rv[] = { "b", "b", "a" };
	oc_strs r = { rv, 3 };
	REQUIRE(oc_scope_intersect(a, &r, &x, &z).code == OC_OK);
	CHECK(list_is(&z, "b a", a));
	oc_arena_free(a);
}

OC_TEST(scope_json)
{
	oc_arena *a = oc_arena_new();
	oc_arena_bind_json(a);
	oc_strs s;
	cJSON *j = cJSON_Parse("[\"read\",\"write\",\"read\"]");
	REQUIRE(j != NULL);
	REQUIRE(oc_scope_from_json(a, j, &s).code == OC_OK);
	CHECK(list_is(&s, "read write", a));
	cJSON *out = oc_scope_to_json(&s);
	REQUIRE(out != NULL);
	char *txt = cJSON_PrintUnformatted(out);
	CHECK_STR(txt, "[\"read\",\"write\"]");
	REQUIRE(oc_scope_parse(a, "", 0, &s).code == OC_OK);
	txt = cJSON_PrintUnformatted(oc_scope_to_json(&s));
	CHECK_STR(txt, "[]");
	j = cJSON_Parse("[]");
	REQUIRE(oc_scope_from_json(a, j, &s).code == OC_OK);
	CHECK(s.n == 0);
	static const char *const bad[] = {
		"{}", "\"read\"", "[1]", "[\"a b\"]", "[\"\"]", "[null]", "[[\"a\"]]", "[\"a\\\"\"]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = cJSON_Parse(bad[i]);
		REQUIRE(j != NULL);
		CHECK(oc_scope_from_json(a, j, &s).code == OC_ERR_INVALID_SCOPE);
	}
	CHECK(oc_scope_from_json(a, NULL, &s).code == OC_ERR_INVALID_SCOPE);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
