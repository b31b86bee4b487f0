#include "oc_test.h"
#include "base/oc_form.h"
#include <stdlib.h>

/* Parses s[0..n) into f with limits lim, in arena a. */
static oc_err parse_n(oc_arena *a, const char *s, size_t n,
	const oc_form_limits *lim, oc_form *f)
{
	f->pairs = (oc_form_pair *)1; /* must be reset, success or not */
	f->count = 99;
	oc_err e = oc_form_parse(a, s, n, lim, f);
	if (e.code != OC_OK)
		CHECK(f->pairs == NULL && f->count == 0);
	return e;
}

/* 1 if s parses with the default limits. */
static int accepts(const char *s)
{
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_err e = parse_n(a, s, strlen(s), &oc_form_default_limits, &f);
	oc_arena_free(a);
	return e.code == OC_OK;
}

/* 1 if s is refused as invalid_request with description desc. */
static int refuses(const char *s, size_t n, const char *desc)
{
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_err e = parse_n(a, s, n, &oc_form_default_limits, &f);
	int ok = e.code == OC_ERR_INVALID_REQUEST && e.desc != NULL
		&& strcmp(e.desc, desc) == 0;
	if (!ok)
		fprintf(stderr, "  input %.*s: code %d desc %s\n", (int)n, s,
			(int)e.code, e.desc ? e.desc : "(null)");
	oc_arena_free(a);
	return ok;
}

#define REFUSES(s, desc) refuses((s), sizeof(s) - 1, (desc))

/* 1 if pair i of f is name=value (both NUL-terminated and of that length). */
static int pair_is(const oc_form *f, size_t i, const char *name, size_t nl,
	const char *value, size_t vl)
{
	const oc_form_pair *p = &f->pairs[i];
	return i < f->count && p->name_len == nl && p->value_len == vl
		&& memcmp(p->name, name, nl) == 0 && p->name[nl] == 0
		&& memcmp(p->value, value, vl) == 0 && p->value[vl] == 0;
}

#define PAIR(f, i, n, v) pair_is((f), (i), (n), sizeof(n) - 1, (v), sizeof(v) - 1)

OC_TEST(form_token_request)
{
	static const char body[] = "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
		"&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb&code_verifier=abc-._~";
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_err e = parse_n(a, body, sizeof body - 1, &oc_form_default_limits, &f);
	REQUIRE(e.code == OC_OK);
	REQUIRE(f.count == 4);
	CHECK(PAIR(&f, 0, "grant_type", "authorization_code"));
	CHECK(PAIR(&f, 1, "code", "SplxlOBeZQQYbYS6WxSbIA"));
	CHECK(PAIR(&f, 2, "redirect_uri", "https://client.example.com/cb"));
	CHECK(PAIR(&f, 3, "code_verifier", "abc-._~"));
	CHECK(oc_form_get(&f, "code") == &f.pairs[1]);
	CHECK(oc_form_get(&f, "redirect_uri") == &f.pairs[2]);
	CHECK(oc_form_get(&f, "cod") == NULL);
	CHECK(oc_form_get(&f, "code_") == NULL);
	CHECK(oc_form_get(&f, "CODE") == NULL);
	CHECK(oc_form_get(&f, "") == NULL);
	oc_arena_free(a);
}

OC_TEST(form_splitting)
{
	oc_arena *a = oc_arena_new();
	oc_form f;

	REQUIRE(parse_n(a, "a=b=c&d==&e", 11, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == 3);
	CHECK(PAIR(&f, 0, "a", "b=c"));
	CHECK(PAIR(&f, 1, "d", "="));
	CHECK(PAIR(&f, 2, "e", ""));
	CHECK(f.pairs[2].value != NULL);

	REQUIRE(parse_n(a, "x=&y", 4, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == 2);
	CHECK(PAIR(&f, 0, "x", ""));
	CHECK(PAIR(&f, 1, "y", ""));

	/* ';' is not a separator; '?' and '#' are ordinary bytes. */
	REQUIRE(parse_n(a, "a=1;b=2&c=?#", 12, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == 2);
	CHECK(PAIR(&f, 0, "a", "1;b=2"));
	CHECK(PAIR(&f, 1, "c", "?#"));

	/* An escaped '&' or '=' does not split. */
	REQUIRE(parse_n(a, "k%3D=v%26w%3D", 13, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == 1);
	CHECK(PAIR(&f, 0, "k=", "v&w="));
	oc_arena_free(a);
}

OC_TEST(form_empty_segments_skipped)
{
	static const struct { const char *s; size_t count; } v[] = {
		{ "", 0 }, { "&", 0 }, { "&&&", 0 }, { "a=1&&b=2", 2 }, { "&a=1", 1 },
		{ "a=1&", 1 }, { "&&a&&b&&", 2 },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		oc_arena *a = oc_arena_new();
		oc_form f;
		CHECK(parse_n(a, v[i].s, strlen(v[i].s), &oc_form_default_limits, &f).code == OC_OK);
		CHECK(f.count == v[i].count);
		if (v[i].count == 0)
			CHECK(f.pairs == NULL);
		oc_arena_free(a);
	}
	oc_arena *a = oc_arena_new();
	oc_form f;
	CHECK(parse_n(a, NULL, 0, &oc_form_default_limits, &f).code == OC_OK);
	CHECK(f.count == 0);
	REQUIRE(parse_n(a, "a=1&&b=2", 8, &oc_form_default_limits, &f).code == OC_OK);
	CHECK(PAIR(&f, 0, "a", "1") && PAIR(&f, 1, "b", "2"));
	oc_arena_free(a);
}

OC_TEST(form_plus_and_percent)
{
	oc_arena *a = oc_arena_new();
	oc_form f;
	static const char s[] = "a+b=c+d&%2B=%2b+%20&hex=%41%4a%4A%6a%6A%7e%7E&u=%C3%a9%c3%A9";

	REQUIRE(parse_n(a, s, sizeof s - 1, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == 4);
	CHECK(PAIR(&f, 0, "a b", "c d"));
	CHECK(PAIR(&f, 1, "+", "+  "));
	CHECK(PAIR(&f, 2, "hex", "AJJjj~~"));
	CHECK(PAIR(&f, 3, "u", "\xc3\xa9\xc3\xa9"));
	CHECK(oc_form_get(&f, "a b") == &f.pairs[0]);
	CHECK(oc_form_get(&f, "+") == &f.pairs[1]);
	oc_arena_free(a);
}

/* Every %XY with hex digits decodes to its byte; a lone byte decodes unless
 * it is NUL or not UTF-8 by itself. */
OC_TEST(form_every_escape)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	for (size_t i = 0; i < sizeof hex - 1; i++) {
		for (size_t j = 0; j < sizeof hex - 1; j++) {
			char s[6] = { 'v', '=', '%', hex[i], hex[j], 0 };
			unsigned byte = (unsigned)strtoul(s + 3, NULL, 16);
			oc_arena *a = oc_arena_new();
			oc_form f;
			oc_err e = parse_n(a, s, 5, &oc_form_default_limits, &f);
			if (byte == 0 || byte >= 0x80) {
				CHECK(e.code == OC_ERR_INVALID_REQUEST && strcmp(e.desc,
					byte ? "invalid UTF-8" : "NUL in parameter") == 0);
			} else {
				CHECK(e.code == OC_OK && f.count == 1 && f.pairs[0].value_len == 1
					&& (unsigned char)f.pairs[0].value[0] == byte);
			}
			oc_arena_free(a);
		}
	}
}

OC_TEST(form_malformed_percent)
{
	static const char *const bad[] = {
		"%", "a=%", "a=%4", "a=1%", "%4=1", "%G0=1", "%0G=1", "a=%zz", "a=%%41",
		"a=% 41", "a=%+1", "a=%-1", "a=%0x", "a=%x0", "a=1&b=%2", "%=1", "a=%4&b=1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(refuses(bad[i], strlen(bad[i]), "malformed percent-encoding"));
	/* Every non-hex byte, as either digit. */
	for (unsigned c = 0; c < 256; c++) {
		char s[6] = { 'a', '=', '%', '4', '1', 0 };
		if (memchr("0123456789abcdefABCDEF", (int)c, 22) != NULL && c != 0)
			continue;
		s[3] = (char)c;
		CHECK(refuses(s, 5, "malformed percent-encoding"));
		s[3] = '4';
		s[4] = (char)c;
		CHECK(refuses(s, 5, "malformed percent-encoding"));
	}
}

OC_TEST(form_utf8)
{
	CHECK(accepts("name=\xc3\xa9t\xc3\xa9"));          /* raw UTF-8 */
	CHECK(accepts("\xe2\x82\xac=1"));
	CHECK(accepts("e=%F0%9F%98%80&f=%f4%8f%bf%bf"));   /* U+1F600, U+10FFFF */
	CHECK(accepts("g=%ED%9F%BF&h=%EE%80%80"));         /* around the surrogates */
	CHECK(accepts("i=%C3\xa9"));                       /* half escaped */
	static const char *const bad[] = {
		"a=\xff", "\xff=a", "a=\xc3", "a=%C0%80", "a=%C1%BF", "a=%E0%80%80",
		"a=%F0%80%80%80", "a=%ED%A0%80", "a=%ED%BF%BF", "a=%F4%90%80%80",
		"a=%F5%80%80%80", "a=%E2%82", "a=%80", "a=%C3%A9%A9", "%C3=1",
		"a=%C3&%A9=1", "a=%C3+", "a=%e2%82%2b", "a=%c0%af",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(refuses(bad[i], strlen(bad[i]), "invalid UTF-8"));
}

OC_TEST(form_nul_refused)
{
	CHECK(REFUSES("a=%00", "NUL in parameter"));
	CHECK(REFUSES("%00=a", "NUL in parameter"));
	CHECK(REFUSES("a%00b=1", "NUL in parameter"));
	CHECK(REFUSES("a=\0", "NUL in parameter"));
	CHECK(REFUSES("a\0=1", "NUL in parameter"));
	CHECK(REFUSES("b=2&a=x\0y", "NUL in parameter"));
	CHECK(REFUSES("\0", "NUL in parameter"));
}

OC_TEST(form_empty_name_refused)
{
	CHECK(REFUSES("=", "empty parameter name"));
	CHECK(REFUSES("=a", "empty parameter name"));
	CHECK(REFUSES("==", "empty parameter name"));
	CHECK(REFUSES("a=1&=2", "empty parameter name"));
	CHECK(REFUSES("&=&", "empty parameter name"));
	CHECK(accepts("+=1"));   /* a space is a name */
	CHECK(accepts("%20=1"));
}

OC_TEST(form_duplicates_refused)
{
	CHECK(REFUSES("a=1&a=2", "Request parameter \"a\" must not be repeated"));
	CHECK(REFUSES("a=1&a=1", "Request parameter \"a\" must not be repeated"));
	CHECK(REFUSES("a&a", "Request parameter \"a\" must not be repeated"));
	CHECK(REFUSES("a=&a=", "Request parameter \"a\" must not be repeated"));
	CHECK(REFUSES("a=1&b=2&c=3&b=4", "Request parameter \"b\" must not be repeated"));
	CHECK(REFUSES("a=1&%61=2", "Request parameter \"a\" must not be repeated")); /* after decoding */
	CHECK(REFUSES("a+b=1&a%20b=2", "Request parameter \"a b\" must not be repeated"));
	CHECK(REFUSES("scope=a&&scope=b", "Request parameter \"scope\" must not be repeated"));
	CHECK(accepts("a=1&A=2"));
	CHECK(accepts("a=1&aa=2&b=1"));
	CHECK(accepts("ab=1&a=2"));
	CHECK(accepts("a=1&a+=2"));
}

/* Repeats kept (OC_FORM_REPEATS) are counted by name, after decoding. */
OC_TEST(form_count_and_repeat_err)
{
	static const oc_form_limits keep = { 65536, 64, OC_FORM_REPEATS | OC_FORM_WHATWG };
	static const char q[] = "state=1&scope=a&state=&%73tate=3&resource=x";
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_err e;

	REQUIRE(a != NULL);
	REQUIRE(parse_n(a, q, sizeof q - 1, &keep, &f).code == OC_OK);
	CHECK(oc_form_count(&f, "state") == 3);
	CHECK(oc_form_count(&f, "scope") == 1);
	CHECK(oc_form_count(&f, "resource") == 1);
	CHECK(oc_form_count(&f, "stat") == 0);
	CHECK(oc_form_count(&f, "") == 0);
	e = oc_form_repeat_err(a, "code_challenge", 14);
	CHECK(e.code == OC_ERR_INVALID_REQUEST
		&& strcmp(e.desc, "Request parameter \"code_challenge\" must not be repeated") == 0);
	e = oc_form_repeat_err(a, "", 0);
	CHECK(e.code == OC_ERR_INVALID_REQUEST && strcmp(e.desc, "Request parameter \"\" must not be repeated") == 0);
	oc_arena_free(a);
}

OC_TEST(form_byte_limit)
{
	size_t max = oc_form_default_limits.max_bytes;
	char *s = malloc(max + 2);
	REQUIRE(s != NULL);
	CHECK(max == 65536);
	memset(s, 'x', max + 1);
	memcpy(s, "a=", 2);

	oc_arena *a = oc_arena_new();
	oc_form f;
	REQUIRE(parse_n(a, s, max, &oc_form_default_limits, &f).code == OC_OK);
	CHECK(f.count == 1 && f.pairs[0].value_len == max - 2);
	oc_arena_free(a);
	CHECK(refuses(s, max + 1, "request body too large"));
	free(s);

	oc_form_limits lim = { 5, 64, 0 };
	a = oc_arena_new();
	CHECK(parse_n(a, "a=123", 5, &lim, &f).code == OC_OK);
	oc_err e = parse_n(a, "a=1234", 6, &lim, &f);
	CHECK(e.code == OC_ERR_INVALID_REQUEST && strcmp(e.desc, "request body too large") == 0);
	/* Checked before anything else, and before any allocation. */
	size_t used = oc_arena_used(a);
	CHECK(parse_n(a, "%%%%%%", 6, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_arena_used(a) == used);
	lim.max_bytes = 0;
	CHECK(parse_n(a, "", 0, &lim, &f).code == OC_OK);
	CHECK(parse_n(a, "&", 1, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

/* A body of n distinct pairs "p0=0&p1=1&…", with empty segments between. */
static size_t many_pairs(char *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, "&&p%zu=%zu", i, i);
	return len;
}

OC_TEST(form_pair_limit)
{
	size_t max = oc_form_default_limits.max_pairs;
	char s[2048];
	oc_arena *a = oc_arena_new();
	oc_form f;

	CHECK(max == 64);
	size_t n = many_pairs(s, max);
	REQUIRE(parse_n(a, s, n, &oc_form_default_limits, &f).code == OC_OK);
	REQUIRE(f.count == max);
	CHECK(PAIR(&f, 0, "p0", "0"));
	CHECK(PAIR(&f, 63, "p63", "63"));
	CHECK(oc_form_get(&f, "p42") == &f.pairs[42]);
	n = many_pairs(s, max + 1);
	CHECK(refuses(s, n, "too many parameters"));
	/* Counted before anything is decoded or allocated. */
	size_t used = oc_arena_used(a);
	memcpy(s, "%%", 2);
	CHECK(refuses(s, n, "too many parameters"));
	CHECK(oc_arena_used(a) == used);

	oc_form_limits lim = { 65536, 2, 0 };
	CHECK(parse_n(a, "a&&b&", 5, &lim, &f).code == OC_OK && f.count == 2);
	oc_err e = parse_n(a, "a&b&c", 5, &lim, &f);
	CHECK(e.code == OC_ERR_INVALID_REQUEST && strcmp(e.desc, "too many parameters") == 0);
	lim.max_pairs = 0;
	CHECK(parse_n(a, "&&", 2, &lim, &f).code == OC_OK && f.count == 0);
	CHECK(parse_n(a, "a", 1, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

OC_TEST(form_strings_live_in_arena)
{
	char s[] = "a=hello&b=%77orld";
	oc_arena *a = oc_arena_new();
	oc_form f;
	size_t before = oc_arena_used(a);

	REQUIRE(parse_n(a, s, sizeof s - 1, &oc_form_default_limits, &f).code == OC_OK);
	CHECK(oc_arena_used(a) > before);
	memset(s, 'z', sizeof s - 1); /* the result does not point into the input */
	CHECK(PAIR(&f, 0, "a", "hello"));
	CHECK(PAIR(&f, 1, "b", "world"));
	oc_arena_free(a);
}

OC_TEST(form_relaxations)
{
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_form_limits lim = { 65536, 64, OC_FORM_REPEATS };

	/* repeats kept in order; oc_form_get returns the first */
	REQUIRE(parse_n(a, "a=1&a=2", 7, &lim, &f).code == OC_OK && f.count == 2);
	CHECK(PAIR(&f, 0, "a", "1") && PAIR(&f, 1, "a", "2"));
	CHECK(oc_form_get(&f, "a") == &f.pairs[0]);
	/* still strict about bytes without OC_FORM_RAW */
	CHECK(parse_n(a, "a=%00", 5, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	CHECK(parse_n(a, "a=%FF", 5, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	lim.flags = OC_FORM_RAW;
	REQUIRE(parse_n(a, "a=x%00&b=%FF", 12, &lim, &f).code == OC_OK && f.count == 2);
	CHECK(f.pairs[0].value_len == 2 && memcmp(f.pairs[0].value, "x\0", 3) == 0);
	CHECK(f.pairs[1].value_len == 1 && (unsigned char)f.pairs[1].value[0] == 0xFF);
	/* OC_FORM_RAW alone still refuses repeats; malformed escapes are refused without OC_FORM_WHATWG */
	CHECK(parse_n(a, "a=1&a=1", 7, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	CHECK(parse_n(a, "a=%G0", 5, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

/* URLSearchParams' reading, as parseAuthRequest uses it: nothing is refused. */
OC_TEST(form_whatwg)
{
	static const char q[] = "a=%zz&=x&b=%E2%82&c=%00&a=2&d=+%2B&e=%&f=%4&g=%C3%A9%F0%9F%98%80&h=%FF%80&i&j==";
	oc_arena *a = oc_arena_new();
	oc_form f;
	oc_form_limits lim = { 65536, 64, OC_FORM_REPEATS | OC_FORM_WHATWG };

	REQUIRE(parse_n(a, q, sizeof q - 1, &lim, &f).code == OC_OK);
	REQUIRE(f.count == 12);
	CHECK(PAIR(&f, 0, "a", "%zz"));               /* a bad escape stays literal */
	CHECK(PAIR(&f, 1, "", "x"));                  /* an empty name is kept */
	CHECK(PAIR(&f, 2, "b", "\xef\xbf\xbd\xef\xbf\xbd")); /* one U+FFFD per stray byte */
	CHECK(PAIR(&f, 3, "c", "\xef\xbf\xbd"));      /* NUL too */
	CHECK(PAIR(&f, 4, "a", "2"));
	CHECK(oc_form_get(&f, "a") == &f.pairs[0]);
	CHECK(PAIR(&f, 5, "d", " +"));
	CHECK(PAIR(&f, 6, "e", "%"));
	CHECK(PAIR(&f, 7, "f", "%4"));
	CHECK(PAIR(&f, 8, "g", "\xc3\xa9\xf0\x9f\x98\x80"));
	CHECK(PAIR(&f, 9, "h", "\xef\xbf\xbd\xef\xbf\xbd"));
	CHECK(PAIR(&f, 10, "i", ""));
	CHECK(PAIR(&f, 11, "j", "="));
	CHECK(oc_form_get(&f, "") == &f.pairs[1]);
	/* with OC_FORM_RAW the bytes stay as decoded (workerd's URLSearchParams re-serializing a query) */
	lim.flags |= OC_FORM_RAW;
	REQUIRE(parse_n(a, "c=%00%FF&b=%E2%82&a=%zz+", 24, &lim, &f).code == OC_OK && f.count == 3);
	CHECK(PAIR(&f, 0, "c", "\0\xff"));
	CHECK(PAIR(&f, 1, "b", "\xe2\x82"));
	CHECK(PAIR(&f, 2, "a", "%zz "));
	/* the limits still hold; an empty input has no pairs */
	lim.max_pairs = 2;
	CHECK(parse_n(a, "a&b&c", 5, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	lim.max_bytes = 4;
	CHECK(parse_n(a, "a&b&c", 5, &lim, &f).code == OC_ERR_INVALID_REQUEST);
	REQUIRE(parse_n(a, "", 0, &lim, &f).code == OC_OK);
	CHECK(f.count == 0 && f.pairs == NULL);
	oc_arena_free(a);
}

OC_TEST(form_whatwg_decode)
{
	oc_arena *a = oc_arena_new();
	const char *out;
	size_t n;

	REQUIRE(oc_form_decode(a, "%41%4g+%e9", 10, OC_FORM_WHATWG, &out, &n).code == OC_OK);
	CHECK(n == 8 && strcmp(out, "A%4g \xef\xbf\xbd") == 0);
	/* without the flag the same input is refused */
	CHECK(oc_form_decode(a, "%41%4g", 6, 0, &out, &n).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

static int carries(const char *have, const char *need, int named_only)
{
	oc_arena *a = oc_arena_new();
	int r = oc_form_query_carries(a, have, have ? strlen(have) : 0, need, need ? strlen(need) : 0, named_only);
	oc_arena_free(a);
	return r;
}

/* A query carrying another's parameters, decoded as URLSearchParams (resource rules). */
OC_TEST(form_query_carries)
{
	CHECK(carries("x=1", "x=1", 0) == 1 && carries("y=2&x=1", "x=1", 0) == 1);
	CHECK(carries("x=2&x=1", "x=1", 0) == 1 && carries("x=a+b", "x=a%20b", 0) == 1);
	CHECK(carries("x=1", "x=%31", 0) == 1 && carries("x", "x=", 0) == 1);
	CHECK(carries("x=2", "x=1", 0) == 0 && carries("X=1", "x=1", 0) == 0);
	CHECK(carries("", "x=1", 0) == 0 && carries(NULL, "x=1", 0) == 0);
	CHECK(carries("x=1", "x=1&x=2", 0) == 0 && carries("x=2&x=1", "x=1&x=2", 0) == 1);
	CHECK(carries("anything", "", 0) == 1 && carries(NULL, NULL, 0) == 1);
	/* named_only: a name not given at all is not required */
	CHECK(carries("", "x=1", 1) == 1 && carries("y=2", "x=1", 1) == 1);
	CHECK(carries("x=2", "x=1", 1) == 0 && carries("x=1&x=2", "x=1", 1) == 1);
	CHECK(carries("x=1", "x=1&x=2", 1) == 0);
}
