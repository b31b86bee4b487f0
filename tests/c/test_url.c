#include "oc_test.h"
#include "base/oc_url.h"
#include <stdlib.h>

static int parse(oc_url *u, const char *s)
{
	return oc_url_parse(u, s, strlen(s));
}

static int slice_is(oc_slice a, const char *s)
{
	return oc_slice_eq(a, s);
}

OC_TEST(url_parse_parts)
{
	oc_url u;
	REQUIRE(parse(&u, "https://example.com:8443/a/b?x=1&y#frag") == 0);
	CHECK(slice_is(u.scheme, "https"));
	CHECK(slice_is(u.host, "example.com"));
	CHECK(slice_is(u.port, "8443"));
	CHECK(slice_is(u.origin, "https://example.com:8443"));
	CHECK(slice_is(u.path, "/a/b"));
	CHECK(u.has_query && slice_is(u.query, "x=1&y"));
	CHECK(u.has_fragment && slice_is(u.fragment, "frag"));

	REQUIRE(parse(&u, "https://example.com") == 0);
	CHECK(slice_is(u.origin, "https://example.com") && u.path.n == 0 && u.port.n == 0);
	CHECK(!u.has_query && !u.has_fragment);

	REQUIRE(parse(&u, "https://a.b?") == 0); /* empty query, no path */
	CHECK(u.path.n == 0 && u.has_query && u.query.n == 0);
	REQUIRE(parse(&u, "myapp://callback/x") == 0); /* private-use scheme */
	CHECK(slice_is(u.scheme, "myapp") && slice_is(u.host, "callback") && slice_is(u.path, "/x"));
	REQUIRE(parse(&u, "https://x:0/") == 0);
	CHECK(slice_is(u.port, "0"));
	REQUIRE(parse(&u, "https://x:65535/") == 0);
	CHECK(slice_is(u.port, "65535"));
}

OC_TEST(url_parse_ipv6)
{
	oc_url u;
	REQUIRE(parse(&u, "http://[::1]:8080/cb?code=1") == 0);
	CHECK(slice_is(u.host, "[::1]") && slice_is(u.port, "8080") && slice_is(u.path, "/cb"));
	CHECK(slice_is(u.origin, "http://[::1]:8080"));
	REQUIRE(parse(&u, "https://[2001:DB8::a:1]/") == 0);
	CHECK(slice_is(u.host, "[2001:DB8::a:1]") && u.port.n == 0);
	REQUIRE(parse(&u, "https://[::ffff:127.0.0.1]") == 0);
	CHECK(slice_is(u.host, "[::ffff:127.0.0.1]"));
	CHECK(parse(&u, "http://[::1/") == -1);        /* no ']' */
	CHECK(parse(&u, "http://[::g]/") == -1);       /* not hex */
	CHECK(parse(&u, "http://[::1]x/") == -1);      /* junk after ']' */
	CHECK(parse(&u, "http://[::1]:/") == -1);      /* empty port */
	CHECK(parse(&u, "http://::1/") == -1);         /* unbracketed */
}

OC_TEST(url_parse_refuses)
{
	static const char *const bad[] = {
		"", "example.com", "/path", "https:", "https:/x", "https://", "https:///path",
		"https://?q", "https://#f", "1https://x", "+a://x", "ht tp://x", "https://x y/",
		"https://x/a b", "https://x/\t", "https://user@x/", "https://user:pw@x/", "https://@x",
		"https://x:", "https://x:65536", "https://x:123456", "https://x:8a", "https://x:-1",
		"https://x:1:2", "https://ex$mple.com/", "https://ex\"ample.com/", "https://x/\x7f",
		"https//x", "https:x",
	};
	oc_url u;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(parse(&u, bad[i]) == -1);
		if (parse(&u, bad[i]) != -1)
			fprintf(stderr, "  accepted: %s\n", bad[i]);
	}
	CHECK(oc_url_parse(&u, "https://x/\0", 11) == -1); /* NUL */
	CHECK(oc_url_parse(&u, "https://x\n", 10) == -1);

	/* 8 KiB at most */
	size_t n = 8192;
	char *s = malloc(n + 1);
	REQUIRE(s != NULL);
	memcpy(s, "https://x/", 10);
	memset(s + 10, 'a', n + 1 - 10);
	CHECK(oc_url_parse(&u, s, n) == 0);
	CHECK(oc_url_parse(&u, s, n + 1) == -1);
	free(s);
}

/* The URL of the request served: no length cap, the host as the runtime gave it. */
OC_TEST(url_parse_request)
{
	oc_url u;
	size_t n = 100000;
	char *s = malloc(n);
	REQUIRE(s != NULL);
	memcpy(s, "https://example.com/api/x?q=", 28);
	memset(s + 28, 'a', n - 28);
	CHECK(oc_url_parse_request(&u, s, n) == 0);
	CHECK(u.path.n == 6 && memcmp(u.path.p, "/api/x", 6) == 0 && u.query.n == n - 26);
	CHECK(oc_url_parse(&u, s, n) == -1);
	free(s);
	CHECK(oc_url_parse_request(&u, "https://ex$mple.com/api", 23) == 0);
	CHECK(u.host.n == 11 && u.path.n == 4);
	CHECK(oc_url_parse_request(&u, "https://[::1]:8443/a", 20) == 0 && u.port.n == 4);
	/* still refused: what no runtime request URL is */
	static const char *const bad[] = { "", "/api", "https://", "https:///a", "https://u@x/",
		"https://x:99999/", "https://x/a b", "https://x/\x01" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(oc_url_parse_request(&u, bad[i], strlen(bad[i])) == -1);
}

static int loopback(const char *s)
{
	oc_url u;
	return parse(&u, s) == 0 && oc_url_is_loopback(&u);
}

static int secure(const char *s)
{
	oc_url u;
	return parse(&u, s) == 0 && oc_url_is_secure(&u);
}

OC_TEST(url_loopback)
{
	CHECK(loopback("http://127.0.0.1/"));
	CHECK(loopback("http://127.0.0.1:8787/cb"));
	CHECK(loopback("http://127.1.2.3/"));
	CHECK(loopback("http://127.255.255.255"));
	CHECK(loopback("http://localhost/"));
	CHECK(loopback("http://LocalHost:3000/"));
	CHECK(loopback("http://[::1]:3000/"));
	CHECK(!loopback("http://127.0.0.1.evil.com/"));
	CHECK(!loopback("http://127.0.0.1.1/"));
	CHECK(!loopback("http://127.0.0/"));
	CHECK(!loopback("http://127.0.0.1./"));
	CHECK(!loopback("http://127..0.1/"));
	CHECK(!loopback("http://127.0.0.1234/"));
	CHECK(!loopback("http://128.0.0.1/"));
	CHECK(!loopback("http://1127.0.0.1/"));
	CHECK(!loopback("http://localhost.evil.com/"));
	CHECK(!loopback("http://evil-localhost/"));
	CHECK(!loopback("http://[::2]/"));
	CHECK(!loopback("http://example.com/"));

	CHECK(secure("https://example.com/"));
	CHECK(secure("HTTPS://example.com/"));
	CHECK(secure("http://localhost:8787/"));
	CHECK(secure("HTTP://127.0.0.1/"));
	CHECK(secure("http://[::1]/"));
	CHECK(!secure("http://example.com/"));
	CHECK(!secure("http://127.0.0.1.evil.com/"));
	CHECK(!secure("ftp://localhost/"));
	CHECK(!secure("myapp://localhost/"));
}

static int same(const char *a, const char *b)
{
	oc_url u, v;
	if (parse(&u, a) != 0 || parse(&v, b) != 0)
		return -1;
	int r = oc_url_same_origin(&u, &v);
	return r == oc_url_same_origin(&v, &u) ? r : -2; /* symmetric */
}

OC_TEST(url_same_origin)
{
	CHECK(same("https://example.com/a", "https://example.com/b?x#y") == 1);
	CHECK(same("https://example.com", "https://example.com:443/") == 1);
	CHECK(same("http://example.com", "http://example.com:80/") == 1);
	CHECK(same("HTTPS://EXAMPLE.com/", "https://example.COM/") == 1);
	CHECK(same("http://[::1]:8080/", "http://[::1]:8080/x") == 1);
	CHECK(same("https://example.com", "https://example.com:8443") == 0);
	CHECK(same("https://example.com", "https://example.com:80") == 0);
	CHECK(same("http://example.com", "http://example.com:443") == 0);
	CHECK(same("http://example.com", "https://example.com") == 0);
	CHECK(same("http://example.com:443", "https://example.com:443") == 0);
	CHECK(same("https://example.com", "https://example.org") == 0);
	CHECK(same("https://a.example.com", "https://example.com") == 0);
	CHECK(same("myapp://x", "myapp://x:443") == 0);
	CHECK(same("myapp://x:1", "myapp://x:1/p") == 1);
	/* Regression: ports compare as numbers (WHATWG drops leading zeros, then the default). */
	CHECK(same("https://example.com:0443/api", "https://example.com/api") == 1);
	CHECK(same("http://example.com:080", "http://example.com") == 1);
	CHECK(same("https://example.com:08443", "https://example.com:8443") == 1);
	CHECK(same("https://example.com:00000", "https://example.com:0") == 1);
	CHECK(same("https://example.com:0080", "https://example.com") == 0);
}

/* u's origin through oc_url_origin_write, checked against want (and its length). */
static int origin_is(const char *url, const char *want)
{
	oc_url u;
	char out[128];
	if (parse(&u, url) != 0)
		return 0;
	size_t n = oc_url_origin_write(NULL, u.scheme, u.host, u.port);
	memset(out, 'x', sizeof out);
	return n < sizeof out && oc_url_origin_write(out, u.scheme, u.host, u.port) == n
		&& strlen(out) == n && strcmp(out, want) == 0;
}

OC_TEST(url_origin_write)
{
	CHECK(origin_is("https://example.com/a?b#c", "https://example.com"));
	CHECK(origin_is("HTTPS://Example.COM:443/", "https://example.com"));
	CHECK(origin_is("http://example.com:80/x", "http://example.com"));
	CHECK(origin_is("http://example.com:443/x", "http://example.com:443"));
	CHECK(origin_is("https://example.com:80", "https://example.com:80"));
	CHECK(origin_is("https://example.com:8443/", "https://example.com:8443"));
	CHECK(origin_is("http://[::1]:8787/x", "http://[::1]:8787"));
	CHECK(origin_is("http://127.0.0.1/", "http://127.0.0.1"));
}

OC_TEST(url_slice_compare)
{
	oc_slice s = { "HeLLo", 5 };
	CHECK(oc_slice_ieq(s, "hello") && oc_slice_ieq(s, "HELLO"));
	CHECK(!oc_slice_ieq(s, "hell") && !oc_slice_ieq(s, "hello!"));
	CHECK(oc_slice_eq(s, "HeLLo") && !oc_slice_eq(s, "hello"));
	oc_slice e = { NULL, 0 };
	CHECK(oc_slice_eq(e, "") && oc_slice_ieq(e, "") && !oc_slice_eq(e, "a"));
}

static int under(const char *path, const char *base)
{
	return oc_url_path_under((oc_slice){ path, strlen(path) }, (oc_slice){ base, strlen(base) });
}

OC_TEST(url_path_under)
{
	CHECK(under("/api", "/api") && under("/api/", "/api") && under("/api/x/y", "/api"));
	CHECK(!under("/apix", "/api") && !under("/api2/x", "/api") && !under("/api%2Fx", "/api"));
	CHECK(!under("/API/x", "/api") && !under("/", "/api") && !under("/ap", "/api"));
	CHECK(under("/api/x", "/api/") && under("/api/", "/api/") && !under("/api", "/api/"));
	CHECK(under("/anything", "/") && under("/anything", "") && under("", "/") && under("", ""));
	CHECK(!under("", "/api") && under("/api/?x=1", "/api") && !under("/api#x", "/api"));
}

static int normalised(const char *in, const char *want)
{
	char buf[128];
	size_t n = strlen(in);
	memcpy(buf, in, n);
	oc_url_path_normalize(buf, &n);
	int ok = n == strlen(want) && memcmp(buf, want, n) == 0;
	if (!ok)
		fprintf(stderr, "  %s -> %.*s (want %s)\n", in, (int)n, buf, want);
	return ok;
}

/* As WHATWG URL serialises an http(s) path (new URL(...).pathname). */
OC_TEST(url_path_normalize)
{
	CHECK(normalised("/", "/"));
	CHECK(normalised("/api/x", "/api/x"));
	CHECK(normalised("/api/../other/", "/other/"));
	CHECK(normalised("/api/%2e%2e/other/", "/other/"));
	CHECK(normalised("/api/.%2E/other", "/other"));
	CHECK(normalised("/%2e%2E/api/", "/api/"));
	CHECK(normalised("/a/./b/.", "/a/b/"));
	CHECK(normalised("/a/b/..", "/a/"));
	CHECK(normalised("/..", "/"));
	CHECK(normalised("/../../a", "/a"));
	CHECK(normalised("/a//..", "/a/"));
	CHECK(normalised("/a/.../b", "/a/.../b"));
	CHECK(normalised("/a/..b/.c", "/a/..b/.c"));
	CHECK(normalised("/api\\x\\..\\y", "/api/y"));
	CHECK(normalised("", ""));
}
