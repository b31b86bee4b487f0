/*
 * oc_url_whatwg against what workerd's `new URL(s)` answers: every expected
 * href below (or failure) was read from workerd (Miniflare, compatibility
 * date 2025-01-01).
 */
#include "oc_test.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>

/* The href of s (special schemes), "FAIL" when it does not parse, "OK" for other schemes. */
static const char *href(const char *s)
{
	static char out[1024];
	size_t n = strlen(s);
	char *buf = malloc(OC_URL_WHATWG_BUF(n));
	oc_url_whatwg u;
	if (buf == NULL)
		return "ENOMEM";
	if (oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) != 0)
		snprintf(out, sizeof out, "FAIL");
	else if (!u.special || u.host_idn)
		snprintf(out, sizeof out, "OK");
	else
		snprintf(out, sizeof out, "%.*s://%.*s%s%.*s%.*s%.*s%.*s", (int)u.scheme.n, u.scheme.p,
			(int)u.host.n, u.host.p, u.port.n ? ":" : "", (int)u.port.n, u.port.p,
			(int)u.path.n, u.path.p, (int)u.query.n, u.query.p, (int)u.fragment.n, u.fragment.p);
	free(buf);
	return out;
}

OC_TEST(url_whatwg_serialization)
{
	static const char *const v[][2] = {
		{ "https://example.com/api", "https://example.com/api" },
		{ "https://example.com", "https://example.com/" },
		{ "https://example.com?x", "https://example.com/?x" },
		{ "HTTPS://Example.COM/A", "https://example.com/A" },
		{ "  https://exa\tmple.com/a\n ", "https://example.com/a" },
		{ "https:example.com", "https://example.com/" },
		{ "https:\\\\example.com\\a\\b", "https://example.com/a/b" },
		/* ports */
		{ "https://x:443/", "https://x/" }, { "http://x:0080/a", "http://x/a" },
		{ "https://x:/a", "https://x/a" }, { "https://x:0443/", "https://x/" },
		{ "https://x:65535/", "https://x:65535/" }, { "https://x:65536/", "FAIL" },
		{ "https://x:8a/", "FAIL" },
		/* hosts */
		{ "https://EXA%41mple.com/", "https://exaample.com/" }, { "https://a%2Eb/", "https://a.b/" },
		{ "https://a%/", "FAIL" }, { "https://a%25b/", "FAIL" }, { "https://a%20b/", "FAIL" },
		{ "https://a b/", "FAIL" }, { "https://a<b/", "FAIL" }, { "https://a..b/", "https://a..b/" },
		{ "https://example.com./", "https://example.com./" },
		{ "https://ex!$&()*+,;=ample.com/", "https://ex!$&()*+,;=ample.com/" },
		{ "https://%C3%BC.de/", "OK" }, { "https://%FF.de/", "FAIL" },
		/* IPv4 */
		{ "https://127.1/", "https://127.0.0.1/" }, { "https://0x7f.1/", "https://127.0.0.1/" },
		{ "https://0177.0.0.1/", "https://127.0.0.1/" }, { "https://127.0.0.1./", "https://127.0.0.1/" },
		{ "https://4294967295/", "https://255.255.255.255/" }, { "https://4294967296/", "FAIL" },
		{ "https://1.2.3.4.5/", "FAIL" }, { "https://256.0.0.1/", "FAIL" },
		{ "https://example.123/", "FAIL" }, { "https://09/", "FAIL" }, { "https://0x/", "https://0.0.0.0/" },
		{ "https://1.2.65536/", "FAIL" }, { "https://99999999999999999999/", "FAIL" },
		/* IPv6 */
		{ "https://[0:0::1]/", "https://[::1]/" }, { "https://[::ABCD]/", "https://[::abcd]/" },
		{ "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/" },
		{ "https://[1:0:0:2:0:0:0:3]/", "https://[1:0:0:2::3]/" },
		{ "https://[0:1:0:0:1:0:0:0]/", "https://[0:1:0:0:1::]/" },
		{ "https://[1:2:3:4:5:6:7:8:9]/", "FAIL" }, { "https://[::1/", "FAIL" }, { "https://[]/", "FAIL" },
		{ "https://[1::2::3]/", "FAIL" }, { "https://[::01.2.3.4]/", "FAIL" }, { "https://[::1]x/", "FAIL" },
		/* userinfo: dropped when empty; a host is still required */
		{ "https://:@x/", "https://x/" }, { "https://@x/", "https://x/" }, { "https://x@/", "FAIL" },
		/* paths, queries, fragments */
		{ "https://x/a^b", "https://x/a%5Eb" }, { "https://x/a|b", "https://x/a|b" },
		{ "https://x/a{b}`c", "https://x/a%7Bb%7D%60c" }, { "https://x/?a'b#f`g", "https://x/?a%27b#f%60g" },
		{ "https://x/a'b", "https://x/a'b" }, { "https://x/a b", "https://x/a%20b" },
		{ "https://x/%2e/a", "https://x/a" }, { "https://x/a/%2E%2e/b", "https://x/b" },
		{ "https://x/a/./b/../c", "https://x/a/c" }, { "https://x/a/.", "https://x/a/" },
		{ "https://x/a/..", "https://x/" }, { "https://x/..", "https://x/" }, { "https://x//a", "https://x//a" },
		{ "https://x/a/.../b", "https://x/a/.../b" }, { "https://x/%zz", "https://x/%zz" },
		{ "https://x/?", "https://x/?" }, { "https://x/#", "https://x/#" },
		/* other schemes */
		{ "foo://exa mple/", "FAIL" }, { "foo://x:99999/", "FAIL" }, { "foo://:80/", "FAIL" },
		{ "foo:///x", "OK" }, { "mailto:a@b", "OK" }, { "com.example.app:/cb", "OK" },
		{ "1http://x", "FAIL" }, { "http//x", "FAIL" }, { "", "FAIL" }, { "   ", "FAIL" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		const char *got = href(v[i][0]);
		CHECK(strcmp(got, v[i][1]) == 0);
		if (strcmp(got, v[i][1]) != 0)
			fprintf(stderr, "  %s: %s, want %s\n", v[i][0], got, v[i][1]);
	}
}

static int parse(oc_url_whatwg *u, const char *s, char *buf, size_t cap)
{
	return oc_url_whatwg_parse(u, s, strlen(s), buf, cap);
}

OC_TEST(url_whatwg_comparisons)
{
	char buf[512];
	oc_url_whatwg u;
	const char *s;

	s = "https://example.com/api";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(oc_url_whatwg_is_href(&u, s, strlen(s)) && !oc_url_whatwg_is_origin(&u, s, strlen(s)));
	s = "https://example.com";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(!oc_url_whatwg_is_href(&u, s, strlen(s)) && oc_url_whatwg_is_origin(&u, s, strlen(s)));
	s = "https://example.com:8443";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(oc_url_whatwg_is_origin(&u, s, strlen(s)));
	s = "https://u:p@example.com/";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(u.has_userinfo && !oc_url_whatwg_is_href(&u, s, strlen(s)));
	s = "https://:@example.com/";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(!u.has_userinfo && !oc_url_whatwg_is_href(&u, s, strlen(s)));
	s = "https://::@example.com/"; /* password ":" */
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(u.has_userinfo);
	s = "https://%C3%BC.de/";
	REQUIRE(parse(&u, s, buf, sizeof buf) == 0);
	CHECK(u.host_idn && !oc_url_whatwg_is_href(&u, s, strlen(s)) && !oc_url_whatwg_is_loopback(&u));

	static const char *const loop[] = { "http://localhost/", "http://LOCALHOST/", "http://127.1/",
		"http://127.255.255.255/", "http://[::1]/", "http://[0::1]:8/" };
	for (size_t i = 0; i < sizeof loop / sizeof loop[0]; i++) {
		REQUIRE(parse(&u, loop[i], buf, sizeof buf) == 0);
		CHECK(oc_url_whatwg_is_loopback(&u));
	}
	static const char *const remote[] = { "http://localhost./", "http://127.0.0.1.evil/",
		"http://0.0.0.0/", "http://128.0.0.1/", "http://[::2]/" };
	for (size_t i = 0; i < sizeof remote / sizeof remote[0]; i++) {
		REQUIRE(parse(&u, remote[i], buf, sizeof buf) == 0);
		CHECK(!oc_url_whatwg_is_loopback(&u));
	}
	/* too small a buffer is a refusal, never an overflow */
	s = "https://example.com/a%20b";
	CHECK(oc_url_whatwg_parse(&u, s, strlen(s), buf, OC_URL_WHATWG_BUF(strlen(s)) - 1) == -1);
}

/* Another scheme with an authority: host, port, path, query and fragment as workerd reads them. */
OC_TEST(url_whatwg_other_schemes)
{
	static const char *const v[][2] = {
		{ "myapp://localhost/cb", "localhost||/cb||" },
		{ "myapp://localhost", "localhost||||" },
		{ "myapp://localhost/", "localhost||/||" },
		{ "myapp://LOCALHOST:9/a/../cb", "LOCALHOST|9|/cb||" },
		{ "myapp://h/..", "h||/||" }, { "myapp://h/a/..", "h||/||" }, { "myapp://h/x/../..", "h||/||" },
		{ "myapp://h/.", "h||/||" }, { "myapp://h/a/.", "h||/a/||" }, { "myapp://h/a/%2e", "h||/a/||" },
		{ "myapp://h/%2e%2E", "h||/||" },
		/* '\' is no separator here; the path set as for special schemes; the query set without '\'' */
		{ "myapp://h/a^b{}\\c", "h||/a%5Eb%7B%7D\\c||" },
		{ "myapp://h/a b?c d'e#f g", "h||/a%20b|?c%20d'e|#f%20g" },
		{ "myapp://h?q", "h|||?q|" },
		{ "myapp://h/?", "h||/|?|" },
		{ "exp://127.0.0.1:8081/--/cb?x", "127.0.0.1|8081|/--/cb|?x|" },
		{ "myapp://[0:0::1]:5/x", "[::1]|5|/x||" },
		{ "myapp://127.000.0.1/", "127.000.0.1||/||" },
	};
	char buf[512], got[512];
	oc_url_whatwg u;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		REQUIRE(parse(&u, v[i][0], buf, sizeof buf) == 0);
		snprintf(got, sizeof got, "%.*s|%.*s|%.*s|%.*s|%.*s", (int)u.host.n, u.host.p, (int)u.port.n, u.port.p,
			(int)u.path.n, u.path.p, (int)u.query.n, u.query.p, (int)u.fragment.n, u.fragment.p);
		CHECK(!u.special && u.has_host && strcmp(got, v[i][1]) == 0);
		if (strcmp(got, v[i][1]) != 0)
			fprintf(stderr, "  %s: %s, want %s\n", v[i][0], got, v[i][1]);
	}
}

/* The reference's loopback rule on an opaque host: any case; 127. and three octets of 1-3 digits up to 255. */
OC_TEST(url_whatwg_loopback_opaque_hosts)
{
	static const struct { const char *s; int want; } v[] = {
		{ "myapp://localhost/", 1 }, { "myapp://LocalHost/", 1 }, { "myapp://127.0.0.1/", 1 },
		{ "myapp://127.000.0.1/", 1 }, { "myapp://127.255.255.255/", 1 }, { "myapp://[0::1]/", 1 },
		{ "myapp://127.0.0.256/", 0 }, { "myapp://127.0000.0.1/", 0 }, { "myapp://127.1/", 0 },
		{ "myapp://127.0.0.1./", 0 }, { "myapp://127..0.1/", 0 }, { "myapp://127.0.0.1.2/", 0 },
		{ "myapp://localhost./", 0 }, { "myapp://%6cocalhost/", 0 }, { "myapp:///cb", 0 },
		{ "myapp:/cb", 0 },
	};
	char buf[512];
	oc_url_whatwg u;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		REQUIRE(parse(&u, v[i].s, buf, sizeof buf) == 0);
		CHECK(oc_url_whatwg_is_loopback(&u) == v[i].want);
		if (oc_url_whatwg_is_loopback(&u) != v[i].want)
			fprintf(stderr, "  %s: want %d\n", v[i].s, v[i].want);
	}
}
