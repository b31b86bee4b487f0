#include "oc_test.h"
#include "base/oc_num.h"
#include "base/oc_cjson_libc.h"
#include "base/oc_arena.h"
#include "cJSON.h"
#include <math.h>
#include <stdlib.h>
#include "num_vectors.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static uint64_t bits_of(double v)
{
	uint64_t b;
	memcpy(&b, &v, sizeof b);
	return b;
}

static double from_bits(uint64_t b)
{
	double v;
	memcpy(&v, &b, sizeof v);
	return v;
}

/* Every double as V8's String(x), and back to the same double (-0 reads as 0). */
OC_TEST(num_format_as_v8)
{
	for (size_t i = 0; i < COUNT(num_format_vectors); i++) {
		double v = from_bits(num_format_vectors[i].bits);
		char out[OC_NUM_MAX + 8];
		memset(out, 'X', sizeof out);
		size_t n = oc_num_format(v, out);
		CHECK(n == strlen(num_format_vectors[i].text) && n < OC_NUM_MAX);
		CHECK_STR(out, num_format_vectors[i].text);
		if (strcmp(out, num_format_vectors[i].text) != 0)
			fprintf(stderr, "  %016llx: got %s\n", (unsigned long long)num_format_vectors[i].bits, out);
		char *end;
		double back = oc_num_parse(out, &end);
		CHECK(*end == '\0' && bits_of(back) == bits_of(v == 0 ? 0.0 : v));
	}
}

/* Every decimal as V8's Number(s): halfway points, just above them, extremes. */
OC_TEST(num_parse_as_v8)
{
	for (size_t i = 0; i < COUNT(num_parse_vectors); i++) {
		const char *s = num_parse_vectors[i].text;
		char *end;
		double v = oc_num_parse(s, &end);
		CHECK(end == s + strlen(s));
		CHECK(bits_of(v) == num_parse_vectors[i].bits);
		if (bits_of(v) != num_parse_vectors[i].bits)
			fprintf(stderr, "  %.60s: got %016llx\n", s, (unsigned long long)bits_of(v));
	}
}

OC_TEST(num_format_edges)
{
	char out[OC_NUM_MAX];
	CHECK(oc_num_format(NAN, out) == 4 && strcmp(out, "null") == 0);
	CHECK(oc_num_format(INFINITY, out) == 4 && strcmp(out, "null") == 0);
	CHECK(oc_num_format(-INFINITY, out) == 4 && strcmp(out, "null") == 0);
	oc_num_format(-0.0000012345678901234567, out);
	CHECK_STR(out, "-0.0000012345678901234567"); /* the longest form: OC_NUM_MAX - 1 */
	oc_num_format(-1.2345678901234567e-308, out);
	CHECK_STR(out, "-1.2345678901234567e-308");
}

/* Integers as printf's "%lld": the extremes, around 2^53 and powers of ten, then a sweep against printf. */
OC_TEST(num_int_as_printf)
{
	static const struct { int64_t v; const char *text; } c[] = {
		{ 0, "0" }, { 7, "7" }, { -1, "-1" }, { 10, "10" }, { -10, "-10" }, { 999, "999" },
		{ 9007199254740991LL, "9007199254740991" }, { 9007199254740992LL, "9007199254740992" },
		{ 9007199254740993LL, "9007199254740993" }, { -9007199254740993LL, "-9007199254740993" },
		{ 1000000000000000000LL, "1000000000000000000" },
		{ INT64_MAX, "9223372036854775807" }, { INT64_MIN, "-9223372036854775808" },
	};
	char out[OC_NUM_INT_MAX + 4], want[32];
	for (size_t i = 0; i < COUNT(c); i++) {
		memset(out, 'X', sizeof out);
		size_t n = oc_num_int(c[i].v, out);
		CHECK(n == strlen(c[i].text) && n < OC_NUM_INT_MAX);
		CHECK_STR(out, c[i].text);
	}
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < 4000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int64_t v = (int64_t)(x >> (i % 64)) * (i & 1 ? -1 : 1);
		snprintf(want, sizeof want, "%lld", (long long)v);
		CHECK(oc_num_int(v, out) == strlen(want));
		CHECK_STR(out, want);
	}
}

/* strtod's syntax: the longest numeric prefix, the rest left unread. */
OC_TEST(num_parse_prefix)
{
	static const struct { const char *s; size_t used; double v; } c[] = {
		{ "1.", 2, 1 }, { ".5", 2, 0.5 }, { "-.5e1", 5, -5 }, { "01", 2, 1 }, { "+5", 2, 5 },
		{ "1e", 1, 1 }, { "1e+", 1, 1 }, { "1E-2x", 4, 0.01 }, { "2.5.1", 3, 2.5 }, { "1-2", 1, 1 },
		{ "1e99999999999999999999", 22, INFINITY }, { "1e-99999999999999999999", 23, 0 },
		{ "0e999999", 8, 0 }, { "-0", 2, -0.0 }, { "00000.00000", 11, 0 },
	};
	for (size_t i = 0; i < COUNT(c); i++) {
		char *end;
		double v = oc_num_parse(c[i].s, &end);
		CHECK((size_t)(end - c[i].s) == c[i].used && bits_of(v) == bits_of(c[i].v));
	}
	static const char *none[] = { "", "-", "+", ".", "-.", "e5", "-e5", ".e1", "x" };
	for (size_t i = 0; i < COUNT(none); i++) {
		char *end;
		CHECK(oc_num_parse(none[i], &end) == 0 && end == none[i]);
	}
}

/* Past the 768 exact digits, a nonzero rest still decides a halfway case. */
OC_TEST(num_parse_long_digits)
{
	/* 1 + 2^-53: halfway between 1 and the next double. */
	static const char half[] = "1.00000000000000011102230246251565404236316680908203125";
	size_t n = strlen(half), zeros = 5000;
	char *s = malloc(n + zeros + 2);
	REQUIRE(s != NULL);
	memcpy(s, half, n);
	memset(s + n, '0', zeros);
	s[n + zeros] = '\0';
	char *end;
	CHECK(bits_of(oc_num_parse(s, &end)) == 0x3ff0000000000000ull); /* tie: even */
	CHECK(end == s + n + zeros);
	s[n + zeros] = '1';
	s[n + zeros + 1] = '\0';
	CHECK(bits_of(oc_num_parse(s, &end)) == 0x3ff0000000000001ull); /* just above: up */
	free(s);
}

/* cJSON, through oc_cjson_libc.h: numbers as JavaScript writes them. */
OC_TEST(num_cjson_prints_as_js)
{
	static const struct { const char *in, *out; } c[] = {
		{ "[0.1,1e21,1e-7,1e15,-0,9007199254740993,1.5E300,-.5,1e400]",
		  "[0.1,1e+21,1e-7,1000000000000000,0,9007199254740992,1.5e+300,-0.5,null]" },
		{ "{\"a\":1700000000,\"b\":0.30000000000000004,\"c\":123.456}",
		  "{\"a\":1700000000,\"b\":0.30000000000000004,\"c\":123.456}" },
		{ "[\"\\u0001\\u001f\"]", "[\"\\u0001\\u001f\"]" },
	};
	oc_arena_bind_json(NULL);
	for (size_t i = 0; i < COUNT(c); i++) {
		cJSON *j = cJSON_Parse(c[i].in);
		char *s = j ? cJSON_PrintUnformatted(j) : NULL;
		CHECK(s != NULL && strcmp(s, c[i].out) == 0);
		if (s && strcmp(s, c[i].out) != 0)
			fprintf(stderr, "  got %s\n", s);
		cJSON_free(s);
		cJSON_Delete(j);
	}
	CHECK_STR(cJSON_Version(), "1.7.15");
}

OC_TEST(num_cjson_libc_refuses_other_formats)
{
	char buf[32];
	double d = 7;
	CHECK(oc_cjson_sprintf(buf, "%s", "x") == -1);
	CHECK(oc_cjson_sprintf(buf, "%d|%i|%04x|%1.17g", -2147483647 - 1, 7, 0x1fu, 0.5) == 22);
	CHECK_STR(buf, "-2147483648|7|001f|0.5");
	CHECK(oc_cjson_sscanf("2.5", "%g", &d) == 0 && d == 7);
	CHECK(oc_cjson_sscanf("x", "%lg", &d) == 0 && d == 7);
	CHECK(oc_cjson_sscanf("2.5", "%lg", &d) == 1 && d == 2.5);
}
