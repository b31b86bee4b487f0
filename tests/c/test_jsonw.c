#include "oc_test.h"
#include "base/oc_jsonw.h"
#include "base/oc_arena.h"
#include "cJSON.h"
#include <stdlib.h>

/*
 * The writer's string must be what cJSON prints for the same string: from a
 * tiny buffer (the room counted first, then grown) and from one where the
 * worst case already fits (written in one pass).
 */
static void same_as_cjson(oc_arena *a, const char *s, size_t n)
{
	static const size_t caps[] = { 1, 4096 };
	char *copy = malloc(n + 1);
	memcpy(copy, s, n);
	copy[n] = 0;
	for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
		oc_jsonw w;
		char *ref, *got;
		oc_jsonw_init(&w, a, caps[k]);
		oc_jsonw_lit(&w, "[");
		oc_jsonw_str(&w, s, n);
		oc_jsonw_lit(&w, "]");
		got = oc_jsonw_finish(&w, NULL);
		oc_arena_bind_json(NULL);
		cJSON *j = cJSON_CreateArray();
		cJSON_AddItemToArray(j, cJSON_CreateString(copy));
		ref = cJSON_PrintUnformatted(j);
		CHECK(got != NULL && ref != NULL && strcmp(got, ref) == 0);
		if (got && ref && strcmp(got, ref) != 0)
			fprintf(stderr, "  got %s\n  ref %s\n", got, ref);
		cJSON_free(ref);
		cJSON_Delete(j);
	}
	free(copy);
}

OC_TEST(jsonw_escapes_like_cjson)
{
	oc_arena *a = oc_arena_new();
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	same_as_cjson(a, "", 0);
	same_as_cjson(a, "plain", 5);
	same_as_cjson(a, "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f", 14);
	same_as_cjson(a, "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80", 15);
	same_as_cjson(a, all, 255);
	oc_arena_free(a);
}

OC_TEST(jsonw_escape_text)
{
	oc_arena *a = oc_arena_new();
	oc_jsonw w;
	size_t n;
	oc_jsonw_init(&w, a, 8);
	oc_jsonw_lit(&w, "{");
	oc_jsonw_cstr(&w, "k");
	oc_jsonw_raw(&w, ":", 1);
	oc_jsonw_str(&w, "a\"\\\n\x00\x1f\xc3\xa9/", 9);
	oc_jsonw_lit(&w, "}");
	char *s = oc_jsonw_finish(&w, &n);
	REQUIRE(s != NULL);
	CHECK_STR(s, "{\"k\":\"a\\\"\\\\\\n\\u0000\\u001f\xc3\xa9/\"}");
	CHECK(n == strlen(s));
	oc_arena_free(a);
}

static void int_as_cjson(oc_arena *a, int64_t v)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 4);
	oc_jsonw_int(&w, v);
	char *got = oc_jsonw_finish(&w, NULL);
	oc_arena_bind_json(NULL);
	cJSON *j = cJSON_CreateNumber((double)v);
	char *ref = cJSON_PrintUnformatted(j);
	CHECK(got != NULL && ref != NULL && strcmp(got, ref) == 0);
	if (got && ref && strcmp(got, ref) != 0)
		fprintf(stderr, "  got %s ref %s\n", got, ref);
	cJSON_free(ref);
	cJSON_Delete(j);
}

OC_TEST(jsonw_integers_like_cjson)
{
	oc_arena *a = oc_arena_new();
	static const int64_t v[] = { 0, 1, -1, 9, 10, 42, -42, 2147483647LL, 2147483648LL, -2147483648LL,
		-2147483649LL, 1764240000LL, 4102444800LL, 999999999999999LL, -999999999999999LL,
		1000000000000000LL, 1234567890123456LL, 9007199254740992LL, -9007199254740992LL };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		int_as_cjson(a, v[i]);
	oc_arena_free(a);
}

/*
 * Members: a comma before each but the first of its object, the name escaped
 * as a string (an i18n tag is the client's text), absent members omitted, a
 * list holding a NULL string refused with nothing written.
 */
OC_TEST(jsonw_members)
{
	oc_arena *a = oc_arena_new();
	oc_jsonw w;
	const char *v[] = { "x", "y\"" }, *holey[] = { "x", NULL };
	oc_strs two = { (char **)v, 2 }, none = { NULL, 0 }, bad = { (char **)holey, 2 };

	oc_jsonw_init(&w, a, 1);
	oc_jsonw_lit(&w, "{");
	oc_jsonw_str_member(&w, "absent", NULL);
	oc_jsonw_str_member(&w, "a", "1");
	oc_jsonw_str_member(&w, "absent", NULL);
	oc_jsonw_int_member(&w, "n", -42);
	CHECK(oc_jsonw_strs_member(&w, "l", &two) == 0);
	CHECK(oc_jsonw_strs_member(&w, "e", &none) == 0);
	oc_jsonw_lit(&w, ",\"o\":{");
	oc_jsonw_str_member(&w, "client_name#a\"b\\\n\x01/\x7f\xc3\xa9", "v");
	oc_jsonw_lit(&w, "}}");
	char *got = oc_jsonw_finish(&w, NULL);
	CHECK(got != NULL);
	if (got != NULL) {
		CHECK_STR(got, "{\"a\":\"1\",\"n\":-42,\"l\":[\"x\",\"y\\\"\"],\"e\":[],"
			"\"o\":{\"client_name#a\\\"b\\\\\\n\\u0001/\x7f\xc3\xa9\":\"v\"}}");
		oc_arena_bind_json(NULL);
		cJSON *j = cJSON_Parse(got);
		CHECK(j != NULL);
		cJSON_Delete(j);
	}

	/* Only a '{' before it spares the comma (a text of members alone starts with one). */
	oc_jsonw_init(&w, a, 4);
	oc_jsonw_int_member(&w, "n", 1);
	got = oc_jsonw_finish(&w, NULL);
	CHECK(got != NULL && strcmp(got, ",\"n\":1") == 0);

	oc_jsonw_init(&w, a, 64);
	oc_jsonw_lit(&w, "{");
	CHECK(oc_jsonw_strs_member(&w, "l", &bad) == -1);
	CHECK(w.err && w.n == 1);
	oc_jsonw_str_member(&w, "a", "1");
	CHECK(w.n == 1);
	CHECK(oc_jsonw_finish(&w, NULL) == NULL);
	oc_arena_free(a);
}
