/*
 * The redirect URI policy (src/oauth/oc_redirect.c): which URIs a client may
 * register, which a request may use (exact match; any port on a loopback
 * host, RFC 8252 §7.3), and the redirects built from them. Expected
 * matches are the reference 1.2.3's where the header's contract and the
 * reference agree (its registration and request checks, observed directly).
 */
#include "oc_test.h"
#include "oauth/oc_redirect.h"
#include <stdlib.h>

#define R "https://client.example.org/cb"
#define L "http://127.0.0.1:8080/cb"

/* A provider configuration; private-use redirect URIs allowed or not. */
static oc_config *cfg_new(int allow_private)
{
	char json[512];
	const char *err = NULL;
	snprintf(json, sizeof json, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},"
		"\"allowPrivateUseRedirectUris\":%s}", allow_private ? "true" : "false");
	return oc_config_new(json, strlen(json), &err);
}

/* A registration from a NULL-terminated list of URIs. */
static oc_strs reg(const char *const *uris)
{
	oc_strs s = { (char **)uris, 0 };
	while (uris[s.n] != NULL)
		s.n++;
	return s;
}

typedef struct { const char *reg[4]; const char *uri; int want; } match_case;

static void match_cases(const oc_config *cfg, const match_case *c, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		oc_strs s = reg(c[i].reg);
		int got = oc_redirect_match(cfg, &s, c[i].uri);
		CHECK(got == c[i].want);
		if (got != c[i].want)
			fprintf(stderr, "  %s case %zu: %s against %s: got %d\n", what, i, c[i].uri,
				c[i].reg[0] ? c[i].reg[0] : "(none)", got);
	}
}

OC_TEST(redirect_match_exact)
{
	static const match_case c[] = {
		{ { R }, R, 1 },
		{ { R }, R "/", 0 },                                   /* trailing slash */
		{ { R "/" }, R, 0 },
		{ { R }, "https://CLIENT.example.org/cb", 0 },          /* no case folding of the host */
		{ { R }, "HTTPS://client.example.org/cb", 0 },          /* nor of the scheme */
		{ { "HTTPS://client.example.org/cb" }, "HTTPS://client.example.org/cb", 1 },
		{ { R }, "https://client.example.org/CB", 0 },
		{ { R }, "https://client.example.org:443/cb", 0 },      /* the default port written out */
		{ { R }, "https://client.example.org:8443/cb", 0 },
		{ { "https://client.example.org:8443/cb" }, "https://client.example.org:8443/cb", 1 },
		{ { "https://client.example.org:8443/cb" }, "https://client.example.org:8444/cb", 0 },
		{ { R }, "https://client.example.org/%63b", 0 },        /* no percent-decoding */
		{ { R }, R "?x=1", 0 },                                 /* query */
		{ { R "?x=1" }, R "?x=1", 1 },
		{ { R "?x=1" }, R "?x=2", 0 },
		{ { R "?x=1" }, R, 0 },
		{ { R }, R "?", 0 },
		{ { R "?" }, R "?", 1 },
		{ { R }, "https://client.example.org", 0 },             /* path */
		{ { "https://client.example.org" }, "https://client.example.org", 1 },
		{ { "https://client.example.org" }, "https://client.example.org/", 0 },
		{ { R }, R "#", 0 },                                    /* a fragment, even registered */
		{ { R }, R "#f", 0 },
		{ { R "#f" }, R "#f", 0 },
		{ { "https://a.example/cb", "https://b.example/cb" }, "https://b.example/cb", 1 },
		{ { "https://a.example/cb", "https://b.example/cb" }, "https://c.example/cb", 0 },
		{ { NULL }, R, 0 },
		{ { R }, "", 0 },
		{ { R }, " " R, 0 },
		{ { R }, R " ", 0 },
		{ { R }, "https:/client.example.org/cb", 0 },
		{ { R }, "https:client.example.org/cb", 0 },
		{ { "https://u:p@client.example.org/cb" }, "https://u:p@client.example.org/cb", 0 },
	};
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	match_cases(cfg, c, sizeof c / sizeof c[0], "exact");
	oc_config_free(cfg);
}

/* RFC 8252 §7.3: an http loopback redirect URI matches on any port; all else exactly. */
OC_TEST(redirect_match_loopback_ports)
{
	static const match_case c[] = {
		{ { L }, L, 1 },
		{ { L }, "http://127.0.0.1:9999/cb", 1 },
		{ { L }, "http://127.0.0.1/cb", 1 },
		{ { "http://127.0.0.1/cb" }, "http://127.0.0.1:1/cb", 1 },
		{ { L }, "http://127.0.0.1:0/cb", 1 },
		{ { L }, "http://127.0.0.1:65535/cb", 1 },
		{ { L }, "http://127.0.0.1:65536/cb", 0 },              /* not a port */
		{ { "http://127.0.0.1:08080/cb" }, "http://127.0.0.1:9/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/cb", 1 },
		{ { "http://[::1]:8080/cb" }, "http://[::1]:9/cb", 1 },
		{ { "http://127.255.255.254:1/cb" }, "http://127.255.255.254:2/cb", 1 },
		{ { "http://localhost:8080/cb" }, "HTTP://localhost:9/cb", 1 }, /* scheme in any case */
		/* path and query still match exactly */
		{ { L }, "http://127.0.0.1:9999/cb/", 0 },
		{ { L }, "http://127.0.0.1:9999/CB", 0 },
		{ { L }, "http://127.0.0.1:9999/other", 0 },
		{ { L "?a=1" }, "http://127.0.0.1:9999/cb?a=1", 1 },
		{ { L "?a=1" }, "http://127.0.0.1:9999/cb?a=2", 0 },
		{ { L }, "http://127.0.0.1:9999/cb?a=1", 0 },
		/* and the host: no loopback host stands for another */
		{ { L }, "http://localhost:8080/cb", 0 },
		{ { "http://localhost:8080/cb" }, "http://127.0.0.1:8080/cb", 0 },
		{ { L }, "http://127.0.0.2:8080/cb", 0 },
		/* nor does the scheme change */
		{ { L }, "https://127.0.0.1:8080/cb", 0 },
		{ { "https://127.0.0.1:8080/cb" }, "http://127.0.0.1:8080/cb", 0 },
		/* fragments and userinfo are refused on loopback too */
		{ { L }, "http://127.0.0.1:9/cb#", 0 },
		{ { "http://u:p@127.0.0.1:8080/cb" }, "http://u:p@127.0.0.1:9/cb", 0 },
		/* remote http is never usable, registered or not, on any port */
		{ { "http://evil.example/cb" }, "http://evil.example/cb", 0 },
		{ { "http://evil.example:1/cb" }, "http://evil.example:2/cb", 0 },
		{ { "http://localhost.example/cb" }, "http://localhost.example/cb", 0 },
	};
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	match_cases(cfg, c, sizeof c / sizeof c[0], "loopback");
	oc_config_free(cfg);
}

OC_TEST(redirect_match_private_use)
{
	static const match_case refused[] = {
		{ { "com.example.app:/cb" }, "com.example.app:/cb", 0 },
	};
	static const match_case allowed[] = {
		{ { "com.example.app:/cb" }, "com.example.app:/cb", 1 },
		{ { "com.example.app:/cb" }, "com.example.app:/other", 0 },
		{ { "com.example.app:/cb" }, "COM.EXAMPLE.APP:/cb", 0 },
		{ { "com.example.app:/cb", R }, R, 1 },
		/* dangerous schemes stay refused */
		{ { "javascript:alert(1)" }, "javascript:alert(1)", 0 },
		{ { "data:text/html,x" }, "data:text/html,x", 0 },
		{ { "file:///etc/passwd" }, "file:///etc/passwd", 0 },
		/* nor does the option make remote http usable */
		{ { "http://evil.example/cb" }, "http://evil.example/cb", 0 },
	};
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	match_cases(cfg, refused, sizeof refused / sizeof refused[0], "private-use refused");
	oc_config_free(cfg);
	cfg = cfg_new(1);
	REQUIRE(cfg != NULL);
	match_cases(cfg, allowed, sizeof allowed / sizeof allowed[0], "private-use allowed");
	oc_config_free(cfg);
}

OC_TEST(redirect_check_registration)
{
	static const char empty[] = "redirect_uris is required and must not be empty";
	static const char invalid[] = "Invalid redirect URI";
	static const char unusable[] = "Redirect URI must use https, or http on a loopback host";
	static const struct { int allow; const char *reg[4]; const char *want; } c[] = {
		{ 0, { NULL }, empty },
		{ 0, { R }, NULL },
		{ 0, { L }, NULL },
		{ 0, { "http://localhost/cb" }, NULL },
		{ 0, { "http://[::1]:3000/cb" }, NULL },
		{ 0, { R "?x=1" }, NULL },
		/* unusable ones are stored beside a usable one */
		{ 0, { "http://evil.example/cb", R }, NULL },
		{ 0, { "com.example.app:/cb", R }, NULL },
		{ 0, { "ftp://files.example/cb", R }, NULL },
		/* but a dangerous one refuses the whole registration */
		{ 0, { "javascript:alert(1)", R }, invalid },
		{ 0, { "JAVASCRIPT:alert(1)", R }, invalid },
		{ 0, { "data:text/html,x", R }, invalid },
		{ 0, { "vbscript:x", R }, invalid },
		{ 0, { "file:///etc/passwd", R }, invalid },
		{ 0, { "blob:https://client.example.org/x", R }, invalid },
		{ 0, { R, R "#" }, invalid },
		{ 0, { R "#f" }, invalid },
		{ 0, { "https://u@client.example.org/cb", R }, invalid },
		{ 0, { "https://u:p@client.example.org/cb" }, invalid },
		{ 0, { "no-scheme", R }, invalid },
		{ 0, { "/relative/cb", R }, invalid },
		{ 0, { "not a uri" }, invalid },
		{ 0, { "https://x.example:99999/cb", R }, invalid },
		{ 0, { R "\x01" }, invalid },
		{ 0, { R "\x7f" }, invalid },
		{ 1, { "javascript:alert(1)", "com.example.app:/cb" }, invalid },
		/* none usable */
		{ 0, { "http://evil.example/cb" }, unusable },
		{ 0, { "com.example.app:/cb" }, unusable },
		{ 0, { "http://evil.example/cb", "com.example.app:/cb" }, unusable },
		{ 1, { "com.example.app:/cb" }, NULL },
		{ 1, { "http://evil.example/cb" }, unusable },
	};
	oc_config *cfgs[2] = { cfg_new(0), cfg_new(1) };
	REQUIRE(cfgs[0] != NULL && cfgs[1] != NULL);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		oc_strs s = reg(c[i].reg);
		oc_err e = oc_redirect_check_registration(cfgs[c[i].allow], &s);
		int ok = c[i].want == NULL ? e.code == OC_OK
			: e.code == OC_ERR_INVALID_CLIENT_METADATA && e.desc != NULL && strcmp(e.desc, c[i].want) == 0;
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  registration case %zu: got %s: %s\n", i, oc_code_name(e.code), e.desc ? e.desc : "");
	}
	oc_config_free(cfgs[0]);
	oc_config_free(cfgs[1]);
}

/* oc_redirect_with over pairs, the answer compared with want. */
static void with_case(oc_arena *a, const char *uri, const char *const *pairs, const char *want, int line)
{
	const char *got = oc_redirect_with(a, uri, pairs);
	CHECK(got != NULL && strcmp(got, want) == 0);
	if (got == NULL || strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got ? got : "(null)", want);
}

OC_TEST(redirect_with_query)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	static const char *const code[] = { "code", "user1:g:s", "state", "st 1/2", "iss", "https://example.com", NULL };
	with_case(a, R, code, R "?code=user1%3Ag%3As&state=st+1%2F2&iss=https%3A%2F%2Fexample.com", __LINE__);
	with_case(a, R "?x=1", code, R "?x=1&code=user1%3Ag%3As&state=st+1%2F2&iss=https%3A%2F%2Fexample.com", __LINE__);
	/* form encoding: A-Z a-z 0-9 * - . _ kept, space as '+', every other byte %XX in upper case */
	static const char *const chars[] = { "error_description", "aZ09*-._ ~!'()+&=%\xc3\xbc\"<>", NULL };
	with_case(a, R, chars, R "?error_description=aZ09*-._+%7E%21%27%28%29%2B%26%3D%25%C3%BC%22%3C%3E", __LINE__);
	static const char *const name[] = { "a b&c", "1", NULL };
	with_case(a, R, name, R "?a+b%26c=1", __LINE__);
	/* a NULL or empty value leaves its pair out */
	static const char *const some[] = { "code", "c", "state", NULL, "scope", "", "iss", "i", NULL };
	with_case(a, R, some, R "?code=c&iss=i", __LINE__);
	static const char *const none[] = { "state", NULL, "scope", "", NULL };
	with_case(a, R, none, R, __LINE__);
	static const char *const nothing[] = { NULL };
	with_case(a, R, nothing, R, __LINE__);
	/* out of memory: NULL */
	while (oc_arena_alloc(a, 65536) != NULL)
		;
	while (oc_arena_alloc(a, 16) != NULL)
		;
	CHECK(oc_redirect_with(a, R, code) == NULL);
	oc_arena_free(a);
}

/* oc_redirect_fragment over pairs, the answer compared with want. */
static void fragment_case(oc_arena *a, const char *uri, const char *const *pairs, const char *want, int line)
{
	const char *got = oc_redirect_fragment(a, uri, pairs);
	CHECK(got != NULL && strcmp(got, want) == 0);
	if (got == NULL || strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got ? got : "(null)", want);
}

OC_TEST(redirect_fragment)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	static const char *const tok[] = { "access_token", "u:g:s", "token_type", "bearer", "expires_in", "3600",
		"scope", "read write", "state", "a b&c", NULL };
	fragment_case(a, R, tok, R "#access_token=u%3Ag%3As&token_type=bearer&expires_in=3600&scope=read+write&state=a+b%26c", __LINE__);
	/* the query stays, an earlier fragment goes */
	fragment_case(a, R "?x=1", tok, R "?x=1#access_token=u%3Ag%3As&token_type=bearer&expires_in=3600&scope=read+write&state=a+b%26c", __LINE__);
	fragment_case(a, R "#old=1", tok, R "#access_token=u%3Ag%3As&token_type=bearer&expires_in=3600&scope=read+write&state=a+b%26c", __LINE__);
	/* an empty value is kept, a NULL one left out */
	static const char *const some[] = { "access_token", "t", "scope", "", "state", NULL, "iss", "i", NULL };
	fragment_case(a, R, some, R "#access_token=t&scope=&iss=i", __LINE__);
	static const char *const first_null[] = { "state", NULL, "scope", "", NULL };
	fragment_case(a, R, first_null, R "#scope=", __LINE__);
	static const char *const nothing[] = { NULL };
	fragment_case(a, R "#old", nothing, R, __LINE__);
	while (oc_arena_alloc(a, 65536) != NULL)
		;
	while (oc_arena_alloc(a, 16) != NULL)
		;
	CHECK(oc_redirect_fragment(a, R, tok) == NULL);
	oc_arena_free(a);
}

/*
 * The reference 1.2.3 compares loopback redirect URIs as parsed URLs (scheme,
 * host name, path and query of the WHATWG URL; any port), for https as well
 * as http: host names in any case (RFC 3986 §6.2.2.1) and an empty path as
 * "/" (§6.2.3) match. RFC 8252 §7.3 asks the port freedom for http only: the
 * https cases are the reference's choice.
 */
OC_TEST(redirect_match_loopback_as_reference)
{
	static const match_case c[] = {
		{ { "http://localhost:8080/cb" }, "http://LOCALHOST:9/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://LocalHost:8080/cb", 1 },
		{ { "http://LOCALHOST:8080/cb" }, "http://localhost:9/cb", 1 },
		{ { "http://127.0.0.1:8080" }, "http://127.0.0.1:9999/", 1 },
		{ { "http://127.0.0.1:8080/" }, "http://127.0.0.1:9999", 1 },
		{ { "https://localhost/cb" }, "https://localhost:9999/cb", 1 },
		{ { "https://127.0.0.1:3/cb" }, "https://127.0.0.1:4/cb", 1 },
	};
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	match_cases(cfg, c, sizeof c / sizeof c[0], "loopback as the reference");
	oc_config_free(cfg);
}

/* The reference 1.2.3 refuses mailto: in a registration and stores about: beside a usable URI. */
OC_TEST(redirect_registration_schemes_as_reference)
{
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	static const char *const mailto[] = { "mailto:a@client.example.org", R, NULL };
	static const char *const about[] = { "about:blank", R, NULL };
	oc_strs s = reg(mailto);
	oc_err e = oc_redirect_check_registration(cfg, &s);
	CHECK(e.code == OC_ERR_INVALID_CLIENT_METADATA && e.desc && strcmp(e.desc, "Invalid redirect URI") == 0);
	s = reg(about);
	e = oc_redirect_check_registration(cfg, &s);
	CHECK(e.code == OC_OK);
	oc_config_free(cfg);
}

/*
 * Loopback URIs as the reference reads them (WHATWG URL): any of the forms of
 * 127.0.0.1 and ::1, dot segments, '\' in the path, an empty port, an empty
 * query; a percent-encoded host name. Host, path and query must still agree.
 */
OC_TEST(redirect_match_loopback_forms)
{
	static const match_case c[] = {
		{ { L }, "http://127.1:9/cb", 1 },
		{ { L }, "http://127.0.1:9/cb", 1 },
		{ { L }, "http://2130706433:9/cb", 1 },
		{ { L }, "http://0x7f000001:9/cb", 1 },
		{ { L }, "http://0177.0.0.1:9/cb", 1 },
		{ { L }, "http://127.000.000.001:9/cb", 1 },
		{ { L }, "http://127.0.0.1.:9/cb", 1 },
		{ { "http://127.1/cb" }, "http://127.0.0.1:9/cb", 1 },
		{ { "http://[::1]:8080/cb" }, "http://[0:0:0:0:0:0:0:1]:9/cb", 1 },
		{ { "http://[::1]:8080/cb" }, "http://[::0:1]:9/cb", 1 },
		{ { "http://[0:0:0:0:0:0:0:1]/cb" }, "http://[::1]:9/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://%6cocalhost:9/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/./cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/a/../cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/a/%2e%2e/cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9\\cb", 1 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/cb?", 1 },
		{ { "http://localhost:8080/cb" }, "http://@localhost:9/cb", 1 },      /* empty userinfo is none */
		{ { "http://127.0.0.1/a/../cb" }, "http://127.0.0.1:9/cb", 1 },
		{ { "http://localhost/cb?x=1" }, "http://localhost:9/cb?x=1", 1 },
		/* still refused */
		{ { "http://localhost:8080/cb" }, "http://localhost:9/%63b", 0 },     /* no percent-decoding of the path */
		{ { "http://localhost/cb?x=1" }, "http://localhost:9/cb?x=%31", 0 },  /* nor of the query */
		{ { "http://localhost:8080/cb" }, "http://localhost.:9/cb", 0 },      /* not a loopback name */
		{ { L }, "http://127.0.0.2:9/cb", 0 },
		{ { "http://[::1]:8080/cb" }, "http://[::ffff:127.0.0.1]:9/cb", 0 },
		{ { L }, "http://[::1]:9/cb", 0 },
		{ { "http://localhost:8080/cb" }, "http://u@localhost:9/cb", 0 },
		{ { "http://localhost:8080/cb" }, "http://localhost:9/cb?x=1#", 0 },
		/* the registered URI is read as `new URL()` reads it: spaces around it are stripped */
		{ { " http://127.0.0.1/cb" }, "http://127.0.0.1:9/cb", 1 },
		{ { "http://127.0.0.1/cb\n" }, "http://127.0.0.1:9/cb", 1 },
		{ { "\xc2\xa0http://127.0.0.1/cb" }, "http://127.0.0.1:9/cb", 0 },    /* but not U+00A0 */
		/* non-ASCII host names are not loopback hosts (a deliberate difference: no IDNA mapping) */
		{ { "http://localhost:8080/cb" }, "http://\xef\xbd\x8c\xef\xbd\x8f\xef\xbd\x83\xef\xbd\x81\xef\xbd\x8c"
			"\xef\xbd\x88\xef\xbd\x8f\xef\xbd\x93\xef\xbd\x94:9/cb", 0 },
	};
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	match_cases(cfg, c, sizeof c / sizeof c[0], "loopback forms");
	oc_config_free(cfg);
}

/*
 * allowPrivateUseRedirectUris: any scheme, reverse domain name or not (RFC
 * 8252 §7.1 says SHOULD). A private-use URI on a loopback host is compared as
 * the others on one: scheme, host (as written), path and query, any port.
 */
OC_TEST(redirect_match_private_use_any_scheme)
{
	static const match_case c[] = {
		{ { "cursor://anysphere.cursor-mcp/oauth/callback" }, "cursor://anysphere.cursor-mcp/oauth/callback", 1 },
		{ { "cursor://anysphere.cursor-mcp/oauth/callback" }, "cursor://anysphere.cursor-mcp/oauth/callback/", 0 },
		{ { "myapp:/cb" }, "myapp:/cb", 1 },
		{ { "about:blank" }, "about:blank", 1 },
		{ { "urn:ietf:wg:oauth:2.0:oob" }, "urn:ietf:wg:oauth:2.0:oob", 1 },
		{ { "exp://127.0.0.1:8081/--/cb" }, "exp://127.0.0.1:19000/--/cb", 1 },
		{ { "exp://127.0.0.1:8081/--/cb" }, "exp://127.0.0.1:19000/--/other", 0 },
		{ { "myapp://localhost/cb" }, "myapp://localhost:9/a/../cb", 1 },
		{ { "myapp://localhost/cb" }, "MYAPP://localhost/cb", 1 },
		{ { "myapp://localhost/cb" }, "myapp://LOCALHOST:9/cb", 0 },          /* an opaque host keeps its case */
		{ { "myapp://localhost/cb" }, "myapp://localhost/cb?x", 0 },
		{ { "myapp://localhost/cb" }, "other://localhost/cb", 0 },
		/* still refused: dangerous schemes, fragments, userinfo, remote http */
		{ { "mailto:a@client.example.org" }, "mailto:a@client.example.org", 0 },
		{ { "blob:https://client.example.org/x" }, "blob:https://client.example.org/x", 0 },
		{ { "myapp:/cb#" }, "myapp:/cb#", 0 },
		{ { "myapp://u@localhost/cb" }, "myapp://u@localhost/cb", 0 },
		{ { "http://evil.example/cb" }, "http://evil.example/cb", 0 },
	};
	oc_config *cfg = cfg_new(1);
	REQUIRE(cfg != NULL);
	match_cases(cfg, c, sizeof c / sizeof c[0], "private-use any scheme");
	oc_config_free(cfg);
	/* without the option, none of them is usable */
	cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	for (size_t i = 0; i < 10; i++) {
		oc_strs s = reg(c[i].reg);
		CHECK(!oc_redirect_match(cfg, &s, c[i].uri) && !oc_redirect_usable(cfg, c[i].uri));
	}
	oc_config_free(cfg);
}

/* Registration strings as the reference reads them: trimmed, then no control character (C0, DEL, C1). */
OC_TEST(redirect_registration_strings_as_reference)
{
	static const char invalid[] = "Invalid redirect URI";
	static const char unusable[] = "Redirect URI must use https, or http on a loopback host";
	static const struct { int allow; const char *reg[3]; const char *want; } c[] = {
		/* white space around is trimmed before the checks (and stored as given) */
		{ 0, { " " R " " }, NULL },
		{ 0, { "\t" R "\r\n" }, NULL },
		{ 0, { "\xc2\xa0\xef\xbb\xbf" R "\xe2\x80\xa8\xe3\x80\x80" }, NULL },  /* U+00A0 U+FEFF, U+2028 U+3000 */
		{ 0, { "\x0b\x0c" L "\xe1\x9a\x80\xe2\x80\x8a\xe2\x80\xaf\xe2\x81\x9f" }, NULL },
		{ 0, { " javascript:alert(1)", R }, invalid },
		/* inside, a space is no control; a URL parser reads it */
		{ 0, { "https://client.example.org/a b" }, NULL },
		{ 0, { "https://client.example.org/cb?a=b c" }, NULL },
		{ 0, { "https://client .example.org/cb", R }, invalid },
		{ 0, { "https://client.example.org/caf\xc3\xa9" }, NULL },
		/* controls, once trimmed: C0 (tab and newline too), DEL, C1 */
		{ 0, { "https://client.example.org/c\xc2\x85" "b", R }, invalid },
		{ 0, { "\xc2\x80" R, R }, invalid },
		{ 0, { R "\xc2\x9f", R }, invalid },
		{ 0, { "https://client.example.org/c\tb", R }, invalid },
		{ 0, { "https://client.example.org/c\x7f" "b", R }, invalid },
		{ 0, { "\x01" R, R }, invalid },
		{ 0, { "\xc2\x85" R, R }, invalid },                                  /* U+0085 is not trimmed */
		{ 0, { R "\xc2\xa1", R }, NULL },                                      /* U+00A1 is no control */
		/* the scheme: the text before the first ':', any case */
		{ 0, { "MAILTO:a@client.example.org", R }, invalid },
		{ 0, { ":cb", R }, invalid },
		{ 0, { "1http://client.example.org/cb", R }, invalid },
		/* parses as a URL */
		{ 0, { "https://client.example.org:/cb" }, NULL },
		{ 0, { "https:client.example.org/cb" }, NULL },
		{ 0, { "https:\\\\client.example.org\\cb" }, NULL },
		{ 0, { "https://", R }, invalid },
		{ 0, { "http://127.0.0.256/cb", R }, invalid },
		{ 0, { "http://[::1/cb", R }, invalid },
		{ 0, { "http://@127.0.0.1/cb" }, NULL },                               /* empty userinfo: none */
		{ 0, { "http://:@127.0.0.1/cb" }, NULL },
		/* usable: loopback in any form; private-use schemes only when allowed */
		{ 0, { "http://127.1/cb" }, NULL },
		{ 0, { "http://0x7f.0.0.1/cb" }, NULL },
		{ 0, { "http://[0:0:0:0:0:0:0:1]/cb" }, NULL },
		{ 0, { "HTTP://LOCALHOST/cb" }, NULL },
		{ 0, { "http://127.0.0.1./cb" }, NULL },
		{ 0, { "http://localhost./cb" }, unusable },
		{ 0, { "http://[::ffff:127.0.0.1]/cb" }, unusable },
		{ 0, { "about:blank" }, unusable },
		{ 1, { "about:blank" }, NULL },
		{ 0, { "cursor://anysphere.cursor-mcp/oauth/callback" }, unusable },
		{ 1, { "cursor://anysphere.cursor-mcp/oauth/callback" }, NULL },
		{ 0, { "cursor://anysphere.cursor-mcp/oauth/callback", R }, NULL },
		{ 1, { "myapp:/cb" }, NULL },
		{ 1, { "ws://localhost/cb" }, NULL },
		{ 1, { "urn:ietf:wg:oauth:2.0:oob" }, NULL },
	};
	oc_config *cfgs[2] = { cfg_new(0), cfg_new(1) };
	REQUIRE(cfgs[0] != NULL && cfgs[1] != NULL);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		oc_strs s = reg(c[i].reg);
		oc_err e = oc_redirect_check_registration(cfgs[c[i].allow], &s);
		int ok = c[i].want == NULL ? e.code == OC_OK
			: e.code == OC_ERR_INVALID_CLIENT_METADATA && e.desc != NULL && strcmp(e.desc, c[i].want) == 0;
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  registration case %zu: got %s: %s\n", i, oc_code_name(e.code), e.desc ? e.desc : "");
	}
	oc_config_free(cfgs[0]);
	oc_config_free(cfgs[1]);
}

/*
 * Registered and usable apart, as completeAuthorization needs them (R-CA-04,
 * R-CA-05): the loopback comparison ignores a fragment and userinfo, which
 * the policy then refuses; a request may hold no space or control character
 * at all (a deliberate difference: the reference trims the ends).
 */
OC_TEST(redirect_registered_and_usable)
{
	oc_config *cfg = cfg_new(0);
	REQUIRE(cfg != NULL);
	static const char *const v[] = { R, L, "http://evil.example/cb", "com.example.app:/cb", NULL };
	oc_strs s = reg(v);
	CHECK(oc_redirect_registered(&s, "http://evil.example/cb") && !oc_redirect_usable(cfg, "http://evil.example/cb"));
	CHECK(oc_redirect_registered(&s, "com.example.app:/cb") && !oc_redirect_usable(cfg, "com.example.app:/cb"));
	CHECK(oc_redirect_registered(&s, "http://127.0.0.1:9/cb#") && !oc_redirect_usable(cfg, "http://127.0.0.1:9/cb#"));
	CHECK(oc_redirect_registered(&s, "http://u@127.0.0.1:9/cb") && !oc_redirect_usable(cfg, "http://u@127.0.0.1:9/cb"));
	CHECK(oc_redirect_registered(&s, " http://127.0.0.1:9/cb") && !oc_redirect_usable(cfg, " http://127.0.0.1:9/cb"));
	CHECK(!oc_redirect_registered(&s, "https://client.example.org/other"));
	CHECK(!oc_redirect_registered(&s, "http://evil.example:1/cb"));
	CHECK(oc_redirect_usable(cfg, R) && oc_redirect_usable(cfg, "http://127.1/x"));
	/*
	 * U+00A0, U+3000 and U+FEFF at an end: the reference trims them when it
	 * checks, then new URL() cannot read the untrimmed URI it redirects to.
	 * Inside a URI they are percent-encoded like any other non-ASCII.
	 */
	CHECK(oc_redirect_usable(cfg, R "/\xc2\xa0x"));
	static const char *const spaced[] = { " " R, R " ", R "\n", "\t" R, "https://client.example.org/c b",
		R "\xc2\x85", R "\x7f", "\xc2\xa0" R, R "\xe3\x80\x80", "\xef\xbb\xbf" R, NULL };
	for (size_t i = 0; spaced[i] != NULL; i++) {
		CHECK(!oc_redirect_usable(cfg, spaced[i]));
		if (oc_redirect_usable(cfg, spaced[i]))
			fprintf(stderr, "  usable: [%s]\n", spaced[i]);
	}
	oc_config_free(cfg);
}

/*
 * The redirects as the reference builds them (new URL(), searchParams.set or
 * delete, href): every expected string read from workerd.
 */
OC_TEST(redirect_with_as_reference)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	static const char *const cs[] = { "code", "c", "state", "s", NULL };
	static const char *const c[] = { "code", "c", NULL };
	static const char *const cst[] = { "code", "c", "state", "s t", NULL };
	static const char *const ci[] = { "code", "c", "iss", "https://example.com", NULL };
	/* the URL serialized: scheme and host in lower case, IPv4 and IPv6 canonical, default port, dot segments */
	with_case(a, "HTTP://LOCALHOST:9/cb", cs, "http://localhost:9/cb?code=c&state=s", __LINE__);
	with_case(a, "http://127.1:80/a/../cb", c, "http://127.0.0.1/cb?code=c", __LINE__);
	with_case(a, "http://[0:0:0:0:0:0:0:1]:9/cb?", c, "http://[::1]:9/cb?code=c", __LINE__);
	with_case(a, "https:\\\\client.example.org\\cb", c, "https://client.example.org/cb?code=c", __LINE__);
	with_case(a, "https://client.example.org/a b/\xc3\xa9?q=\xc3\xa9'x", c,
		"https://client.example.org/a%20b/%C3%A9?q=%C3%A9%27x&code=c", __LINE__);
	/* the query re-serialized; set() replaces the first pair of its name in place and drops the others */
	with_case(a, "https://client.example.org:443/cb?x=a%20b&code=old&y&code=old2&=z", cst,
		"https://client.example.org/cb?x=a+b&code=c&y=&=z&state=s+t", __LINE__);
	with_case(a, "https://client.example.org/cb?a=%zz&b=%C3%BC+x&c=%FF", c,
		"https://client.example.org/cb?a=%25zz&b=%C3%BC+x&c=%FF&code=c", __LINE__);
	with_case(a, "https://x/cb?a=%00b&c=%E2%82", c, "https://x/cb?a=%00b&c=%E2%82&code=c", __LINE__);
	with_case(a, "https://x/cb?a=1#", c, "https://x/cb?a=1&code=c#", __LINE__);
	/* other schemes: with a host, a path alone, an opaque path */
	with_case(a, "myapp://localhost", c, "myapp://localhost?code=c", __LINE__);
	with_case(a, "cursor://anysphere.cursor-mcp/oauth/callback", ci,
		"cursor://anysphere.cursor-mcp/oauth/callback?code=c&iss=https%3A%2F%2Fexample.com", __LINE__);
	with_case(a, "myapp:/cb", c, "myapp:/cb?code=c", __LINE__);
	with_case(a, "myapp:/.//cb", c, "myapp:/.//cb?code=c", __LINE__);
	with_case(a, "about:blank", c, "about:blank?code=c", __LINE__);
	with_case(a, "urn:ietf:wg:oauth:2.0:oob", c, "urn:ietf:wg:oauth:2.0:oob?code=c", __LINE__);
	with_case(a, "myapp:opaque path?x=1", c, "myapp:opaque path?x=1&code=c", __LINE__);
	with_case(a, "myapp:caf\xc3\xa9", c, "myapp:caf%C3%A9?code=c", __LINE__);
	/* an error redirect first deletes error, error_description, error_uri, state and iss */
	static const char *const err[] = { "error", "invalid_request", "error_description", "Bad thing", "state", "st", NULL };
	static const char *const e1[] = { "error", "invalid_request", NULL };
	const char *got = oc_redirect_error(a, "https://client.example.org/cb?state=old&iss=i&error=e&error_uri=u&keep=1", err);
	CHECK(got != NULL && strcmp(got, "https://client.example.org/cb?keep=1&error=invalid_request"
		"&error_description=Bad+thing&state=st") == 0);
	got = oc_redirect_error(a, "https://client.example.org/cb?error=e", e1);
	CHECK(got != NULL && strcmp(got, "https://client.example.org/cb?error=invalid_request") == 0);
	/* a URI that does not parse has no redirect */
	CHECK(oc_redirect_with(a, "no scheme", c) == NULL && oc_redirect_error(a, "https://", e1) == NULL);
	oc_arena_free(a);
}
