/*
 * Client authentication at the token endpoint (src/oauth/oc_client_auth.c):
 * reading Basic, body and public credentials, then checking them against a
 * stored client. Descriptions are the reference's (docs/observed/errors.md);
 * the rule ids are those of docs/observed/rules-1.2.3.md.
 */
#include "oc_test.h"
#include "oauth/oc_client_assertion.h"
#include "oauth/oc_client_auth.h"
#include "base/oc_b64.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define ID "clientC000000000"
#define SECRET "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
#define FAILED "invalid_client: Client authentication failed"
#define BAD_BASIC FAILED ": invalid Basic credentials"
#define NO_ID "invalid_client: Client ID is required"
#define BOTH "invalid_request: Client must not use multiple authentication methods"
#define TOGETHER "invalid_request: client_assertion and client_assertion_type must be sent together"
#define JWT_TYPE "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
/* How the 1.x profile reads the client parameters (the token endpoint's rules). */
#define R1X (OC_CREDS_EMPTY_UNSENT | OC_CREDS_ASSERTIONS)

/* "ok", or "code: description" of e (a static buffer). */
static const char *describe(oc_err e)
{
	static char buf[256];
	if (e.code == OC_OK)
		return "ok";
	snprintf(buf, sizeof buf, "%s: %s", oc_code_name(e.code), e.desc ? e.desc : "");
	return buf;
}

/* "Basic " and the base64 of raw (a static buffer). */
static const char *basic(const char *raw)
{
	static char buf[512];
	size_t n = strlen(raw);
	memcpy(buf, "Basic ", 6);
	buf[6 + oc_b64_encode(buf + 6, (const uint8_t *)raw, n)] = 0;
	return buf;
}

/* Every byte of s as %XX (a static buffer). */
static const char *pct(const char *s)
{
	static char buf[256];
	size_t o = 0;
	for (; *s; s++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%%%02X", (unsigned char)*s);
	return buf;
}

/* Reads the credentials of a token request under rules (auth NULL: no Authorization header). */
static const char *read_creds_as(oc_arena *a, const char *auth, const char *body, unsigned rules,
	oc_client_creds *cr)
{
	oc_form f;
	oc_form_limits lim = oc_form_default_limits;
	lim.flags = OC_FORM_REPEATS | OC_FORM_RAW; /* as the token endpoint parses its body */
	if (oc_form_parse(a, body, strlen(body), &lim, &f).code != OC_OK)
		return "form refused";
	oc_slice h = { auth ? auth : "", auth ? strlen(auth) : 0 };
	return describe(oc_client_creds_read(a, h, &f, rules, cr));
}

/* The same under the 1.x rules. */
static const char *read_creds(oc_arena *a, const char *auth, const char *body, oc_client_creds *cr)
{
	return read_creds_as(a, auth, body, R1X, cr);
}

static int creds_are(const oc_client_creds *cr, oc_client_auth_method m, const char *id, const char *secret)
{
	return cr->method == m && cr->client_id != NULL && cr->client_id_len == strlen(id) &&
		memcmp(cr->client_id, id, cr->client_id_len) == 0 &&
		(secret == NULL ? cr->secret == NULL : cr->secret != NULL && cr->secret_len == strlen(secret) &&
			memcmp(cr->secret, secret, cr->secret_len) == 0);
}

#define CHECK_DESC(got, want) do { const char *g_ = (got); CHECK(strcmp(g_, want) == 0); \
	if (strcmp(g_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", g_, want); } while (0)

OC_TEST(client_creds_basic)
{
	oc_arena *a = oc_arena_new();
	oc_client_creds cr;
	REQUIRE(a != NULL);
	CHECK_DESC(read_creds(a, basic(ID ":" SECRET), "grant_type=x", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, ID, SECRET) && cr.basic_sent == 1);
	/* the scheme in any case, any number of spaces before the credentials */
	static const char *const schemes[] = { "basic ", "BASIC ", "bAsIc ", "Basic   " };
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		char h[256];
		snprintf(h, sizeof h, "%s%s", schemes[i], basic(ID ":" SECRET) + 6);
		CHECK_DESC(read_creds(a, h, "", &cr), "ok");
		CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, ID, SECRET));
	}
	/* RFC 6749 §2.3.1: id and secret are form-encoded before base64 */
	char raw[256];
	snprintf(raw, sizeof raw, "%s:", pct(ID));
	snprintf(raw + strlen(raw), sizeof raw - strlen(raw), "%s", pct(SECRET));
	CHECK_DESC(read_creds(a, basic(raw), "", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, ID, SECRET));
	CHECK_DESC(read_creds(a, basic("a%3Ab+c:s+t%2B"), "", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, "a:b c", "s t+"));
	/* the first colon splits; the secret may hold more */
	CHECK_DESC(read_creds(a, basic(ID ":" SECRET ":x"), "", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, ID, SECRET ":x"));
	/* an empty secret is read as given (authentication refuses it) */
	CHECK_DESC(read_creds(a, basic(ID ":"), "", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_BASIC, ID, ""));
	/* an empty id is no id */
	CHECK_DESC(read_creds(a, basic(":" SECRET), "", &cr), NO_ID);
	CHECK(cr.basic_sent == 1);
	/* another scheme is not Basic: ignored, the body speaks */
	CHECK_DESC(read_creds(a, "Bearer user1:grantAAAAAAAAAAA:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "client_id=" ID, &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_NONE, ID, NULL) && cr.basic_sent == 0);
	char h[256];
	snprintf(h, sizeof h, "Basicx %s", basic(ID ":" SECRET) + 6);
	CHECK_DESC(read_creds(a, h, "", &cr), NO_ID);
	CHECK(cr.basic_sent == 0);
	oc_arena_free(a);
}

OC_TEST(client_creds_basic_malformed)
{
	oc_arena *a = oc_arena_new();
	oc_client_creds cr;
	REQUIRE(a != NULL);
	char spaced[256];
	snprintf(spaced, sizeof spaced, "Basic %.8s %s", basic(ID ":" SECRET) + 6, basic(ID ":" SECRET) + 14);
	/* a header as is, or (raw) "Basic " and the base64 of raw */
	const struct { const char *header, *raw; } bad[] = {
		{ "Basic", NULL },
		{ "Basic ", NULL },
		{ "Basic !!!not-base64***", NULL },
		{ "Basic YTpi=", NULL },                /* bad padding */
		{ spaced, NULL },                       /* a space inside the credentials */
		{ NULL, "justaclientid" },              /* no colon */
		{ NULL, "" },
		{ NULL, ID ":%ZZ" },                    /* malformed escape */
		{ NULL, ID ":%FF" },                    /* not UTF-8 once decoded */
		{ NULL, "%G1:" SECRET },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK_DESC(read_creds(a, bad[i].raw ? basic(bad[i].raw) : bad[i].header, "grant_type=authorization_code", &cr), BAD_BASIC);
		CHECK(cr.basic_sent == 1);
	}
	oc_arena_free(a);
}

OC_TEST(client_creds_body)
{
	oc_arena *a = oc_arena_new();
	oc_client_creds cr;
	REQUIRE(a != NULL);
	CHECK_DESC(read_creds(a, NULL, "grant_type=x&client_id=" ID, &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_NONE, ID, NULL) && cr.basic_sent == 0);
	CHECK_DESC(read_creds(a, NULL, "client_id=" ID "&client_secret=" SECRET, &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_POST, ID, SECRET) && cr.basic_sent == 0);
	CHECK_DESC(read_creds(a, NULL, "client_secret=%2B+x&client_id=a%3Ab", &cr), "ok");
	CHECK(creds_are(&cr, OC_CLIENT_AUTH_POST, "a:b", "+ x"));
	/* no id at all */
	CHECK_DESC(read_creds(a, NULL, "", &cr), NO_ID);
	CHECK_DESC(read_creds(a, NULL, "grant_type=authorization_code&code=x", &cr), NO_ID);
	CHECK_DESC(read_creds(a, NULL, "client_secret=" SECRET, &cr), NO_ID);
	CHECK_DESC(read_creds(a, NULL, "client_id=", &cr), NO_ID);
	/* Basic and body credentials together, whatever they say */
	const char *const both[] = {
		"client_id=" ID,
		"client_id=clientD000000000",
		"client_secret=" SECRET,
		"client_id=" ID "&client_secret=" SECRET,
	};
	for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
		CHECK_DESC(read_creds(a, basic(ID ":" SECRET), both[i], &cr), BOTH);
		CHECK(cr.basic_sent == 1);
	}
	/* checked before the Basic credentials themselves */
	CHECK_DESC(read_creds(a, "Basic !!!", "client_id=" ID, &cr), BOTH);
	oc_arena_free(a);
}

/* A client record as the reference stores it; secret NULL: none stored. */
static oc_client client(oc_arena *a, const char *method, const char *secret, int explicit_method)
{
	char json[512], hash[OC_TOKEN_ID_LEN + 1] = "";
	oc_client c;
	if (secret != NULL)
		oc_token_client_secret_hash(hash, secret, strlen(secret));
	snprintf(json, sizeof json, "{\"clientId\":\"" ID "\",\"redirectUris\":[\"https://client.example.org/cb\"],"
		"\"tokenEndpointAuthMethod\":\"%s\"%s%s%s%s}", method,
		explicit_method ? ",\"authMethodExplicit\":true" : "",
		secret ? ",\"clientSecret\":\"" : "", hash, secret ? "\"" : "");
	memset(&c, 0, sizeof c);
	oc_err e = oc_client_decode(a, json, strlen(json), &c);
	if (e.code != OC_OK)
		fprintf(stderr, "  client record refused: %s\n", describe(e));
	return c;
}

/* Reads the credentials of auth and body, then authenticates them as c. */
static const char *authenticate(oc_arena *a, const oc_client *c, const char *auth, const char *body)
{
	oc_client_creds cr;
	oc_assertion as;
	oc_assertion_ctx ctx = { "https://as.example", "https://as.example/token", 1899999950 };
	int jwt;
	const char *r = read_creds(a, auth, body, &cr);
	if (strcmp(r, "ok") != 0)
		return r;
	oc_err e = oc_client_authenticate(a, c, &cr, &jwt);
	if (e.code == OC_OK && jwt)
		e = oc_client_assertion_check(a, c, &cr, &ctx, &as);
	return describe(e);
}

OC_TEST(client_authenticate_confidential)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	oc_client cb = client(a, "client_secret_basic", SECRET, 1);
	oc_client cp = client(a, "client_secret_post", SECRET, 1);
	oc_client either = client(a, "client_secret_basic", SECRET, 0); /* DCR without a method named */
	REQUIRE(cb.client_secret != NULL && cp.client_secret != NULL && either.client_secret != NULL);
	static const char post[] = "client_id=" ID "&client_secret=" SECRET;
	static const char wrong[] = FAILED ": invalid client_secret";

	CHECK_DESC(authenticate(a, &cb, basic(ID ":" SECRET), ""), "ok");
	CHECK_DESC(authenticate(a, &cb, basic(ID ":CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCD"), ""), wrong);
	CHECK_DESC(authenticate(a, &cb, basic(ID ":" SECRET "C"), ""), wrong);
	CHECK_DESC(authenticate(a, &cb, basic(ID ":C"), ""), wrong);
	CHECK_DESC(authenticate(a, &cb, basic(ID ":" SECRET " "), ""), wrong);
	char stored[OC_TOKEN_ID_LEN + 1], raw[128];
	oc_token_client_secret_hash(stored, SECRET, strlen(SECRET));
	snprintf(raw, sizeof raw, ID ":%s", stored);      /* the stored hash is not the secret */
	CHECK_DESC(authenticate(a, &cb, basic(raw), ""), wrong);
	CHECK_DESC(authenticate(a, &cb, basic(ID ":"), ""), FAILED ": missing client_secret");
	/* the method registered explicitly is the only one */
	CHECK_DESC(authenticate(a, &cb, NULL, post), FAILED);
	CHECK_DESC(authenticate(a, &cb, NULL, "client_id=" ID "&client_secret=nope"), FAILED);
	CHECK_DESC(authenticate(a, &cb, NULL, "client_id=" ID), FAILED);
	CHECK_DESC(authenticate(a, &cp, NULL, post), "ok");
	CHECK_DESC(authenticate(a, &cp, NULL, "client_id=" ID "&client_secret=nope"), wrong);
	CHECK_DESC(authenticate(a, &cp, basic(ID ":" SECRET), ""), FAILED);
	CHECK_DESC(authenticate(a, &cp, NULL, "client_id=" ID), FAILED);
	/* without authMethodExplicit either secret method, never none */
	CHECK_DESC(authenticate(a, &either, basic(ID ":" SECRET), ""), "ok");
	CHECK_DESC(authenticate(a, &either, NULL, post), "ok");
	CHECK_DESC(authenticate(a, &either, NULL, "client_id=" ID "&client_secret=nope"), wrong);
	CHECK_DESC(authenticate(a, &either, basic(ID ":"), ""), FAILED ": missing client_secret");
	CHECK_DESC(authenticate(a, &either, NULL, "client_id=" ID), FAILED);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

OC_TEST(client_authenticate_public)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	oc_client pub = client(a, "none", NULL, 1);
	REQUIRE(pub.client_id != NULL && pub.client_secret == NULL);
	CHECK_DESC(authenticate(a, &pub, NULL, "client_id=" ID), "ok");
	CHECK_DESC(authenticate(a, &pub, NULL, "grant_type=refresh_token&client_id=" ID "&refresh_token=x"), "ok");
	/* a public client proves nothing and must not pretend to */
	CHECK_DESC(authenticate(a, &pub, NULL, "client_id=" ID "&client_secret=whatever"), FAILED);
	CHECK_DESC(authenticate(a, &pub, basic(ID ":whatever"), ""), FAILED);
	CHECK_DESC(authenticate(a, &pub, basic(ID ":"), ""), FAILED);
	CHECK_DESC(authenticate(a, &pub, NULL, ""), NO_ID);
	/* the method decides, not the stored secret: "none" with a secret on record is public */
	oc_client none_with_hash = client(a, "none", SECRET, 1);
	REQUIRE(none_with_hash.client_secret != NULL);
	CHECK_DESC(authenticate(a, &none_with_hash, NULL, "client_id=" ID), "ok");
	CHECK_DESC(authenticate(a, &none_with_hash, basic(ID ":" SECRET), ""), FAILED);
	CHECK_DESC(authenticate(a, &none_with_hash, NULL, "client_id=" ID "&client_secret=" SECRET), FAILED);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

#define CASE(auth, body, rules, want, m, id, secret) do { oc_client_creds cr_; \
	CHECK_DESC(read_creds_as(a, auth, body, rules, &cr_), want); \
	if (strcmp(want, "ok") == 0) CHECK(creds_are(&cr_, m, id, secret)); } while (0)

/* "Basic" + sep + base64 of raw, unpadded when pad is 0 (a static buffer). */
static const char *basic_as(const char *sep, const char *raw, int pad)
{
	static char buf[512];
	size_t n = (size_t)snprintf(buf, sizeof buf, "Basic%s%s", sep, basic(raw) + 6);
	while (!pad && buf[n - 1] == '=')
		buf[--n] = 0;
	return buf;
}

/* R-AUTH-05, R-AUTH-09: where the Basic credentials begin and end, and how they decode. */
OC_TEST(client_creds_basic_boundaries)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	/* a tab after the scheme, spaces and tabs, unpadded base64 (atob), a trailing form feed */
	CASE(basic_as("\t", "cid:sec", 1), "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "sec");
	CASE(basic_as(" \t ", "cid:sec", 1), "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "sec");
	CASE(basic_as(" ", "cid1:sec", 0), "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid1", "sec");
	CHECK(basic_as(" ", "cid1:sec", 0)[strlen(basic_as(" ", "cid1:sec", 0)) - 1] != '=');
	CASE("Basic Y2lkOnNlYw==\f", "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "sec");
	/* nothing but whitespace after the scheme; a tab inside; 4k+1 symbols; '=' inside */
	static const char *const bad[] = { "Basic \t ", "Basic Y2lkOn\tNlYw==", "Basic Y2lkO", "Basic Y2lkO=nNlYw" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CASE(bad[i], "", R1X, BAD_BASIC, 0, NULL, NULL);
	oc_arena_free(a);
}

/* R-AUTH-08, R-AUTH-13: each half as decodeURIComponent reads the Latin-1 string atob() returns. */
OC_TEST(client_creds_basic_halves)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	CASE(basic("cid:%C3%A9"), "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "\xC3\xA9");
	CASE(basic("cid:\xE9"), "", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "\xC3\xA9"); /* a raw byte is Latin-1 */
	CASE(basic("cid:%C3"), "", R1X, BAD_BASIC, 0, NULL, NULL);
	CASE(basic("cid:%C3\xA9"), "", R1X, BAD_BASIC, 0, NULL, NULL); /* an escape then a raw byte */
	/* NUL is a character like any other (the client is then not found) */
	oc_client_creds cr;
	CHECK_DESC(read_creds(a, basic("%00:s"), "", &cr), "ok");
	CHECK(cr.client_id_len == 1 && cr.client_id[0] == 0 && cr.secret_len == 1 && cr.secret[0] == 's');
	oc_arena_free(a);
}

/* R-TOKEN-04, R-AUTH-02, R-AUTH-03, R-AUTH-10, R-AUTH-11, R-AUTH-20: empty values and assertion parameters. */
OC_TEST(client_creds_profile_rules)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	const char *good = "Basic Y2lkOnNlYw==";
	CASE(good, "client_assertion=a.b.c", R1X, BOTH, 0, NULL, NULL);
	CASE(good, "client_assertion_type=" JWT_TYPE, R1X, BOTH, 0, NULL, NULL);
	/* empty values count as not sent (1.x) or sent (0.10.x) */
	CASE(good, "client_id=&client_secret=", R1X, "ok", OC_CLIENT_AUTH_BASIC, "cid", "sec");
	CASE(good, "client_id=", 0, BOTH, 0, NULL, NULL);
	CASE(NULL, "client_id=&client_id=cid", R1X, "ok", OC_CLIENT_AUTH_NONE, "cid", NULL);
	CASE(NULL, "client_id=cid&client_secret=", R1X, "ok", OC_CLIENT_AUTH_NONE, "cid", NULL);
	CASE(NULL, "client_id=cid&client_secret=", 0, "ok", OC_CLIENT_AUTH_POST, "cid", "");
	/* assertion parameters: a method of their own (1.x), ignored by 0.10.x */
	CASE(NULL, "client_id=cid&client_secret=s&client_assertion=a.b.c&client_assertion_type=" JWT_TYPE,
		R1X, BOTH, 0, NULL, NULL);
	CASE(NULL, "client_id=cid&client_assertion=a.b.c", R1X, TOGETHER, 0, NULL, NULL);
	CASE(NULL, "client_id=cid&client_assertion_type=x", R1X, TOGETHER, 0, NULL, NULL);
	CASE(NULL, "client_id=cid&client_assertion=&client_assertion_type=", R1X, "ok", OC_CLIENT_AUTH_NONE, "cid", NULL);
	CASE(NULL, "client_id=cid&client_assertion=a.b.c&client_assertion_type=x", R1X, "ok", OC_CLIENT_AUTH_JWT, "cid", NULL);
	CASE(NULL, "client_id=cid&client_assertion=a.b.c", 0, "ok", OC_CLIENT_AUTH_NONE, "cid", NULL);
	oc_arena_free(a);
}

/* base64url of s (one of four static buffers). */
static const char *b64u(const char *s)
{
	static char buf[4][512];
	static int k;
	char *o = buf[k++ & 3];
	o[oc_b64url_encode(o, (const uint8_t *)s, strlen(s))] = 0;
	return o;
}

/* R-AUTH-12: without client_id, the client named by the assertion's (unverified) iss. */
OC_TEST(client_creds_assertion_issuer)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	char form[2048];
	const char *hdr = b64u("{\"alg\":\"RS256\"}");
	static const struct { const char *claims, *sig, *want; } cases[] = {
		{ "{\"iss\":\"cidFromIss\"}", "c2ln", "cidFromIss" },
		{ "{\"iss\":\"first\",\"iss\":\"last\"}", "c2ln", "last" },
		{ "{\"iss\":\"\"}", "c2ln", NULL },
		{ "{\"iss\":5}", "c2ln", NULL },
		{ "{\"sub\":\"x\"}", "c2ln", NULL },
		{ "[\"iss\"]", "c2ln", NULL },
		{ "{\"iss\":\"x\"} trailing", "c2ln", NULL },
		{ "{\"iss\":\"x\"}", "c", NULL },   /* a signature of 4k+1 symbols does not decode */
		{ "{\"iss\":\"x\"}", "", NULL },    /* an empty part */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(form, sizeof form, "client_assertion=%s.%s.%s&client_assertion_type=x", hdr,
			b64u(cases[i].claims), cases[i].sig);
		if (cases[i].want)
			CASE(NULL, form, R1X, "ok", OC_CLIENT_AUTH_JWT, cases[i].want, NULL);
		else
			CASE(NULL, form, R1X, NO_ID, 0, NULL, NULL);
	}
	/* the header must be a JSON object too; client_id wins over iss */
	snprintf(form, sizeof form, "client_assertion=%s.%s.c2ln&client_assertion_type=x", b64u("[]"),
		b64u("{\"iss\":\"x\"}"));
	CASE(NULL, form, R1X, NO_ID, 0, NULL, NULL);
	snprintf(form, sizeof form, "client_id=cid&client_assertion=%s.%s.c2ln&client_assertion_type=x", hdr,
		b64u("{\"iss\":\"x\"}"));
	CASE(NULL, form, R1X, "ok", OC_CLIENT_AUTH_JWT, "cid", NULL);
	CASE(NULL, "client_assertion=a.b.c.d&client_assertion_type=x", R1X, NO_ID, 0, NULL, NULL);
	oc_arena_free(a);
}

/* R-AUTH-19, R-AUTH-20, R-AUTH-22: methods the record allows, and a secret method without a stored secret. */
OC_TEST(client_authenticate_profile_rules)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	static const char jwt[] = "client_id=" ID "&client_assertion=a.b.c&client_assertion_type=x";
	oc_client cb = client(a, "client_secret_basic", SECRET, 1), pub = client(a, "none", NULL, 1);
	oc_client cp_none = client(a, "client_secret_post", NULL, 1), pk = client(a, "private_key_jwt", NULL, 1);
	/* private_key_jwt: another method registered; or no keys (and a wrong type) */
	CHECK_DESC(authenticate(a, &cb, NULL, jwt), FAILED);
	CHECK_DESC(authenticate(a, &pub, NULL, jwt), FAILED);
	CHECK_DESC(authenticate(a, &pk, NULL, jwt), FAILED);
	/* an empty client_secret presents none */
	CHECK_DESC(authenticate(a, &cp_none, NULL, "client_id=" ID "&client_secret="), FAILED);
	/* a secret method, no stored secret: said after the missing-secret rule */
	CHECK_DESC(authenticate(a, &cp_none, NULL, "client_id=" ID "&client_secret=" SECRET),
		FAILED ": client has no registered secret");
	oc_client cb_none = client(a, "client_secret_basic", NULL, 1);
	CHECK_DESC(authenticate(a, &cb_none, basic(ID ":"), ""), FAILED ": missing client_secret");
	/* authMethodExplicit present in any form, null too, allows the registered method only */
	char json[512], hash[OC_TOKEN_ID_LEN + 1];
	oc_client cn;
	oc_token_client_secret_hash(hash, SECRET, strlen(SECRET));
	snprintf(json, sizeof json, "{\"clientId\":\"" ID "\",\"redirectUris\":[\"https://client.example.org/cb\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"authMethodExplicit\":null,\"clientSecret\":\"%s\"}", hash);
	REQUIRE(oc_client_decode(a, json, strlen(json), &cn).code == OC_OK);
	CHECK_DESC(authenticate(a, &cn, NULL, "client_id=" ID "&client_secret=" SECRET), FAILED);
	CHECK_DESC(authenticate(a, &cn, basic(ID ":" SECRET), ""), "ok");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
