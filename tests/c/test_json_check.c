/* oc_json_check: RFC 8259 as JSON.parse reads it, with the core's limits. */
#include "oc_test.h"
#include "base/oc_json_check.h"
#include <stdlib.h>

static oc_json_verdict chk(const char *s)
{
	return oc_json_check(s, strlen(s), 4, 16, NULL);
}

OC_TEST(json_check_grammar_as_json_parse)
{
	static const char *const ok[] = {
		"{}", "[]", " {\"a\":1} ", "\t\r\n[1,-0,0.5,1e5,1E+5,-1.25e-3]", "\"x\"", "true", "false", "null", "0",
		"{\"a\":{\"b\":[true,null,\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"]}}",
		"{\"a\":1,\"a\":2}", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "\"\x7f\"",
	};
	static const char *const bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "{'a':1}", "01", "-01", "1.", ".5", "+1", "1e", "1e+",
		"-", "0x10", "NaN", "Infinity", "tru", "nul", "[1 2]", "{\"a\" 1}", "{\"a\":}", "\"a", "\"\\x\"",
		"\"\\u12\"", "\"\\u12g4\"", "\"a\tb\"", "\"a\nb\"", "{}{}", "{} x", "/*c*/{}", "{}\v", "\f{}",
		"\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"",
		"\"\xff\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xe2\x82\"",
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		CHECK(chk(ok[i]) == OC_JSON_OK);
		if (chk(ok[i]) != OC_JSON_OK)
			fprintf(stderr, "  refused: %s\n", ok[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(chk(bad[i]) == OC_JSON_SYNTAX);
		if (chk(bad[i]) != OC_JSON_SYNTAX)
			fprintf(stderr, "  accepted: %s\n", bad[i]);
	}
	/* a NUL byte anywhere is no JSON text */
	CHECK(oc_json_check("{}\0", 3, 4, 16, NULL) == OC_JSON_SYNTAX);
	CHECK(oc_json_check("\"a\0b\"", 5, 4, 16, NULL) == OC_JSON_SYNTAX);
}

OC_TEST(json_check_bom_and_limits)
{
	size_t start = 99;
	CHECK(oc_json_check("\xef\xbb\xbf{}", 5, 4, 16, &start) == OC_JSON_OK && start == 3);
	CHECK(oc_json_check("{}", 2, 4, 16, &start) == OC_JSON_OK && start == 0);
	CHECK(chk("\xef\xbb\xbf\xef\xbb\xbf{}") == OC_JSON_SYNTAX); /* one BOM only */
	CHECK(chk(" \xef\xbb\xbf{}") == OC_JSON_SYNTAX);
	/* depth: 4 nested containers pass, 5 do not, wherever they are */
	CHECK(chk("[[[[1]]]]") == OC_JSON_OK);
	CHECK(chk("[[[[[1]]]]]") == OC_JSON_TOO_DEEP);
	CHECK(chk("{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}") == OC_JSON_TOO_DEEP);
	CHECK(chk("[[],[[[]]],{\"a\":[{}]}]") == OC_JSON_OK);
	/* values: 16 in all (the root counts), 17 do not */
	CHECK(chk("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]") == OC_JSON_OK);
	CHECK(chk("[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]") == OC_JSON_TOO_MANY);
	CHECK(chk("{\"a\":[1,2,3,4,5,6,7],\"b\":[1,2,3,4,5,6]}") == OC_JSON_OK);
	CHECK(chk("{\"a\":[1,2,3,4,5,6,7],\"b\":[1,2,3,4,5,6,7]}") == OC_JSON_TOO_MANY);
	/* a syntax error after a limit is passed still reports the limit */
	CHECK(chk("[[[[[1]]]]") == OC_JSON_TOO_DEEP);
	/* numbers up to OC_JSON_NUMBER_MAX characters */
	char num[OC_JSON_NUMBER_MAX + 2];
	memset(num, '1', sizeof num - 1);
	num[OC_JSON_NUMBER_MAX] = 0;
	CHECK(chk(num) == OC_JSON_OK);
	num[OC_JSON_NUMBER_MAX] = '1';
	num[OC_JSON_NUMBER_MAX + 1] = 0;
	CHECK(chk(num) == OC_JSON_SYNTAX);
}

OC_TEST(json_check_large_input)
{
	/* 1 MiB of one string: linear, no recursion */
	size_t n = 1u << 20;
	char *s = malloc(n);
	REQUIRE(s != NULL);
	memset(s, 'a', n);
	s[0] = '"';
	s[n - 1] = '"';
	CHECK(oc_json_check(s, n, 32, 4096, NULL) == OC_JSON_OK);
	/* deep nesting far beyond the limit stops at the limit */
	memset(s, '[', n);
	CHECK(oc_json_check(s, n, 32, 4096, NULL) == OC_JSON_TOO_DEEP);
	free(s);
}
