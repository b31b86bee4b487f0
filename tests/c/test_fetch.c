/*
 * The outbound GET effect (oc_fetch.h): which URLs may be fetched, the
 * effect as emitted, and every verdict on the host's answer.
 */
#include "oc_test.h"
#include "op/oc_fetch.h"
#include <stdlib.h>

#define NOT_HTTPS "must be an https: URL without userinfo or a fragment"
#define NOT_PUBLIC "must not name localhost or a loopback, private, link-local or reserved address"

static const char *url(const char *s)
{
	const char *d = oc_fetch_url_check(s, strlen(s));
	return d ? d : "ok";
}

OC_TEST(fetch_url_https_only)
{
	CHECK_STR(url("https://keys.example.com/jwks.json"), "ok");
	CHECK_STR(url("HTTPS://Keys.Example.com:8443/a?b=c"), "ok");
	CHECK_STR(url("http://keys.example.com/jwks.json"), NOT_HTTPS);
	CHECK_STR(url("ftp://keys.example.com/jwks.json"), NOT_HTTPS);
	CHECK_STR(url("//keys.example.com/jwks.json"), NOT_HTTPS);
	CHECK_STR(url("/jwks.json"), NOT_HTTPS);
	CHECK_STR(url(""), NOT_HTTPS);
	CHECK_STR(url("https://user:pw@keys.example.com/jwks"), NOT_HTTPS);
	CHECK_STR(url("https://@keys.example.com/jwks"), NOT_HTTPS);
	CHECK_STR(url("https://keys.example.com/jwks#frag"), NOT_HTTPS);
	CHECK_STR(url("https://keys.example.com/jwks#"), NOT_HTTPS);
	CHECK_STR(url("https://keys.example.com/a b"), NOT_HTTPS);
	CHECK_STR(url("https://keys.example.com/a\tb"), NOT_HTTPS);
	CHECK_STR(url("https:///jwks"), NOT_HTTPS);
	CHECK_STR(url("https://keys.example.com:99999/jwks"), NOT_HTTPS);
	CHECK_STR(url("https://k\xc3\xa9ys.example.com/"), NOT_HTTPS);  /* non-ASCII host: IDNA is the runtime's */
}

OC_TEST(fetch_url_refuses_local_names)
{
	CHECK_STR(url("https://localhost/jwks"), NOT_PUBLIC);
	CHECK_STR(url("https://LocalHost:8443/jwks"), NOT_PUBLIC);
	CHECK_STR(url("https://localhost./jwks"), NOT_PUBLIC);
	CHECK_STR(url("https://app.localhost/jwks"), NOT_PUBLIC);
	CHECK_STR(url("https://notlocalhost/jwks"), "ok");
	CHECK_STR(url("https://localhost.example.com/jwks"), "ok");
	CHECK_STR(url("https://[::1]/jwks"), NOT_PUBLIC);
	CHECK_STR(url("https://[2001:db8::1]/jwks"), NOT_PUBLIC);  /* every IPv6 literal */
	CHECK_STR(url("https://%6cocalhost/jwks"), NOT_PUBLIC);    /* a runtime decodes % in hosts */
	CHECK_STR(url("https://127.0.0.%31/jwks"), NOT_PUBLIC);
}

OC_TEST(fetch_url_refuses_private_ipv4)
{
	static const char *const refused[] = {
		"https://127.0.0.1/", "https://127.255.255.254/", "https://10.1.2.3/", "https://172.16.0.1/",
		"https://172.31.255.255/", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data",
		"https://100.64.0.1/", "https://100.127.255.255/", "https://0.0.0.0/", "https://192.0.0.8/",
		"https://198.18.0.1/", "https://198.19.255.255/", "https://224.0.0.1/", "https://255.255.255.255/",
		"https://240.0.0.1/",
		/* the forms a WHATWG URL parser reads as those addresses */
		"https://127.1/", "https://0x7f.0.0.1/", "https://0X7F000001/", "https://2130706433/",
		"https://0177.0.0.1/", "https://017700000001/", "https://127.0.0.1./", "https://10.0x10203/",
		"https://0/", "https://0x/", "https://169.254.43518/",
		/* IPv4-looking hosts that are no address: the runtime refuses them, so do we */
		"https://1.2.3.4.5/", "https://256.1.1.1/", "https://1.2.3.256/", "https://08.1.1.1/",
		"https://4294967296/", "https://a.1/", "https://1..2/",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (strcmp(url(refused[i]), NOT_PUBLIC) != 0) {
			CHECK_STR(refused[i], "refused");
		}
	static const char *const public[] = {
		"https://8.8.8.8/", "https://1.1.1.1/jwks", "https://172.15.255.255/", "https://172.32.0.1/",
		"https://100.63.255.255/", "https://100.128.0.1/", "https://192.167.1.1/", "https://169.253.1.1/",
		"https://223.255.255.255/", "https://0x08080808/", "https://134744072/", "https://1.2.3.x/",
		"https://a1.example/", "https://1x.example/", "https://example.123a/", "https://1.0x1g/",
	};
	for (size_t i = 0; i < sizeof public / sizeof public[0]; i++)
		if (strcmp(url(public[i]), "ok") != 0) {
			CHECK_STR(public[i], "allowed");
		}
}

static oc_fx_result answer(uint32_t status, const char *meta, const char *body)
{
	return (oc_fx_result){ status, body, body ? (uint32_t)strlen(body) : 0, meta, meta ? (uint32_t)strlen(meta) : 0 };
}

static oc_fetch_status read(oc_fx_result r, uint32_t limit)
{
	const char *b;
	size_t n;
	oc_fetch_status st = oc_fetch_read(&r, limit, &b, &n);
	if (st == OC_FETCH_OK)
		CHECK(n == r.len && (n == 0 || b == r.data));
	else
		CHECK(b == NULL && n == 0);
	return st;
}

OC_TEST(fetch_read_verdicts)
{
	CHECK(read(answer(OC_FXR_OK, "200\napplication/json", "{\"keys\":[]}"), 64) == OC_FETCH_OK);
	CHECK(read(answer(OC_FXR_OK, "200\nApplication/JSON; charset=utf-8", "{}"), 64) == OC_FETCH_OK);
	CHECK(read(answer(OC_FXR_OK, "200\n application/jwk-set+json ", "{}"), 64) == OC_FETCH_OK);
	CHECK(read(answer(OC_FXR_OK, "200\napplication/json", ""), 64) == OC_FETCH_OK);
	CHECK(read(answer(OC_FXR_OK, "200\ntext/plain", "{}"), 64) == OC_FETCH_CONTENT_TYPE);
	CHECK(read(answer(OC_FXR_OK, "200\n", "{}"), 64) == OC_FETCH_CONTENT_TYPE);
	CHECK(read(answer(OC_FXR_OK, "200\napplication/+json", "{}"), 64) == OC_FETCH_CONTENT_TYPE);
	CHECK(read(answer(OC_FXR_OK, "200\napplication/jsonx", "{}"), 64) == OC_FETCH_CONTENT_TYPE);
	CHECK(read(answer(OC_FXR_OK, "200\ntext/json", "{}"), 64) == OC_FETCH_CONTENT_TYPE);
	CHECK(read(answer(OC_FXR_OK, "301\napplication/json", "{}"), 64) == OC_FETCH_REDIRECT);
	CHECK(read(answer(OC_FXR_OK, "302\n", NULL), 64) == OC_FETCH_REDIRECT);
	CHECK(read(answer(OC_FXR_OK, "307\n", NULL), 64) == OC_FETCH_REDIRECT);
	CHECK(read(answer(OC_FXR_OK, "201\napplication/json", "{}"), 64) == OC_FETCH_STATUS);
	CHECK(read(answer(OC_FXR_OK, "204\napplication/json", NULL), 64) == OC_FETCH_STATUS);
	CHECK(read(answer(OC_FXR_OK, "404\napplication/json", "{}"), 64) == OC_FETCH_STATUS);
	CHECK(read(answer(OC_FXR_OK, "500\napplication/json", "{}"), 64) == OC_FETCH_STATUS);
	CHECK(read(answer(OC_FXR_OK, "200\napplication/json", "{\"keys\":[1,2,3]}"), 8) == OC_FETCH_TOO_LARGE);
	CHECK(read(answer(OC_FXR_OK, "200\napplication/json", "\"\xff\""), 64) == OC_FETCH_NOT_UTF8);
	CHECK(read(answer(OC_FXR_TIMEOUT, NULL, NULL), 64) == OC_FETCH_TIMEOUT);
	CHECK(read(answer(OC_FXR_TOO_LARGE, NULL, NULL), 64) == OC_FETCH_TOO_LARGE);
	CHECK(read(answer(OC_FXR_FAILED, NULL, NULL), 64) == OC_FETCH_NETWORK);
	/* answers of no documented shape */
	CHECK(read(answer(OC_FXR_MISSING, NULL, NULL), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(OC_FXR_RATE_LIMITED, NULL, NULL), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(OC_FXR_OK, NULL, "{}"), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(OC_FXR_OK, "200", "{}"), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(OC_FXR_OK, "20\napplication/json", "{}"), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(OC_FXR_OK, "2000\napplication/json", "{}"), 64) == OC_FETCH_BAD_ANSWER);
	CHECK(read(answer(99, NULL, NULL), 64) == OC_FETCH_BAD_ANSWER);
	CHECK_STR(oc_fetch_status_name(OC_FETCH_TIMEOUT), "fetch_timeout");
	CHECK_STR(oc_fetch_status_name(OC_FETCH_REDIRECT), "fetch_redirect");
	CHECK_STR(oc_fetch_status_name((oc_fetch_status)99), "fetch_bad_answer");
	/* the status an answer holds (a refused key set's detail, R-REST-08) */
	oc_fx_result r = answer(OC_FXR_OK, "404\napplication/json", "{}");
	CHECK(oc_fetch_http_status(&r) == 404);
	r = answer(OC_FXR_OK, "000\n", NULL);
	CHECK(oc_fetch_http_status(&r) == 0);
	r = answer(OC_FXR_OK, "2000\napplication/json", "{}");
	CHECK(oc_fetch_http_status(&r) == -1);
	r = answer(OC_FXR_TIMEOUT, NULL, NULL);
	CHECK(oc_fetch_http_status(&r) == -1);
}
