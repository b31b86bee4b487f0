/*
 * The token, grant and client records read by oc_kv_scan against the same records
 * read through a cJSON tree (kv_cjson_ref.c): a record is accepted by the
 * scanner exactly when cJSON and oc_json_check (the JSON.parse grammar, with
 * cJSON's limits) both accept it, and it then decodes to the same struct.
 * Over records our encoder writes, records in 1.2.3's shape (JSON.stringify),
 * and every truncation and many one-byte changes of them.
 */
#include "oc_test.h"
#include "kv_cjson_ref.h"
#include "store/oc_kv.h"
#include "base/oc_json_check.h"
#include "base/oc_json_print.h"
#include <stdlib.h>

/* 1.2.3's shapes, with escapes, unicode, edge numbers, other member orders and unknown members. */
static const char *const TOKENS[] = {
	"{\"id\":\"t1\",\"grantId\":\"g1AAAAAAAAAAAAAA\",\"userId\":\"user-1\",\"createdAt\":1700000000,"
	"\"expiresAt\":1700003600,\"audience\":\"https://api.example.com/\",\"scope\":[\"read\"],"
	"\"wrappedEncryptionKey\":\"2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ==\","
	"\"grant\":{\"clientId\":\"c1BBBBBBBBBBBBBB\",\"scope\":[\"read\",\"write\"],\"encryptedProps\":\"eA==\"}}",
	/* other order, grant first, no clientId, audience an array, unknown members of every kind */
	"{\"grant\":{\"encryptedProps\":\"eA==\",\"x\":{\"a\":[1,{\"b\":\"]}\\\"\"}]},\"scope\":[]},"
	"\"wrappedEncryptionKey\":\"k\",\"future\":[true,false,null,-1.5e-7,\"}\"],\"expiresAt\":9007199254740992,"
	"\"createdAt\":-9007199254740992,\"userId\":\"u\",\"grantId\":\"g\",\"id\":\"t\",\"audience\":[\"a\",\"b\"]}",
	/* escapes and unicode: \u escapes, a surrogate pair, raw UTF-8, \/ and control escapes */
	"{\"id\":\"t\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\",\"grantId\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
	"\"userId\":\"\\u0041\\u07ff\\u0800\\uffff\",\"createdAt\":0,\"expiresAt\":-0,\"wrappedEncryptionKey\":\"k\","
	"\"grant\":{\"clientId\":\"c\",\"scope\":[\"a\\u0020b\",\"\"],\"encryptedProps\":\"p\"}}",
	/* nulls as absent, numbers written otherwise, duplicates (the first counts), escaped names */
	"\xef\xbb\xbf \t\r\n{ \"id\" : \"t\" , \"audience\":null,\"scope\":null,\"grantId\":\"g\",\"userId\":\"u\","
	"\"createdAt\":1.0,\"expiresAt\":1e3,\"id\":5,\"wrappedEncryptionKey\":\"k\",\"\\u0069d\":\"no\","
	"\"grant\":{\"clientId\":null,\"scope\":[\"s\"],\"encryptedProps\":\"p\",\"scope\":7},\"grant\":null} \n",
	("{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":9007199254740993,\"expiresAt\":0.5e1,"
	"\"wrappedEncryptionKey\":\"k\",\"scope\":[\"a\",\"b\"],\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}"),
	/* refused: a fraction, beyond 2^53, an infinity, a wrong type, a missing member, no grant object */
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1.5,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":9007199254740994,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1e400,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":\"0\",\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":[]}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[1],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"audience\":5,\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	/* what cJSON alone lets through: a leading zero, '+', a raw control character, \u0000, a lone surrogate, not UTF-8 */
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":01,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":+0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\x01\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\\u0000\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\\ud800\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\xff\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}",
	"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"}}\x0b",
};

static const char *const GRANTS[] = {
	"{\"id\":\"g1AAAAAAAAAAAAAA\",\"clientId\":\"c1BBBBBBBBBBBBBB\",\"userId\":\"user-1\","
	"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"laptop\",\"n\":[1,2.5,null,true,\"\\u00e9\"]},"
	"\"encryptedProps\":\"dZ7ArdBeoYcqycVce0mztfAtdGkZ/I5MOudYDQEx0vKryETOFJI=\","
	"\"createdAt\":1700000000,\"authCodeId\":\"60699b2d72ec173b88d301d7d38ccec03933cbd518fbe083e230a3f105950870\","
	"\"authCodeWrappedKey\":\"2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ==\","
	"\"codeChallenge\":\"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\","
	"\"codeChallengeMethod\":\"S256\",\"resource\":\"https://api.example.com/\","
	"\"redirectUri\":\"https://app.example.com/cb\"}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"metadata\":null,\"encryptedProps\":\"eA==\","
	"\"createdAt\":1700000000,\"resource\":[\"https://a/\",\"https://b/\"],\"refreshTokenId\":\"r2\","
	"\"refreshTokenWrappedKey\":\"w2\",\"expiresAt\":1702592000,\"previousRefreshTokenId\":\"r1\","
	"\"previousRefreshTokenWrappedKey\":\"w1\"}",
	"{\"previousRefreshTokenWrappedKey\":null,\"expiresAt\":null,\"metadata\":\"s\\\"}\",\"createdAt\":-0.0,"
	"\"encryptedProps\":\"p\",\"scope\":[\"\\ud83d\\ude00\"],\"userId\":\"\xe2\x82\xac\",\"clientId\":\"c\","
	"\"id\":\"g\",\"metadata\":5,\"unknown\":[[[[{}]]]],\"redirectUri\":null,\"resource\":null}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"p\",\"createdAt\":1,"
	"\"metadata\":[1e308,-1e-320,123456789012345678901234567890,{\"k\":{}}]}",
	/* refused */
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":\"s\",\"encryptedProps\":\"p\",\"createdAt\":1}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"p\",\"createdAt\":1,\"expiresAt\":true}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"p\",\"createdAt\":null}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"p\",\"createdAt\":1,\"redirectUri\":[]}",
	"{\"id\":\"g\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"p\",\"createdAt\":1,"
	"\"metadata\":1234567890123456789012345678901234567890123456789012345678901234567890}",
	/* client records: unknown members kept (duplicates too, a known name's duplicate not) */
	"{\"clientId\":\"c1BBBBBBBBBBBBBB\",\"redirectUris\":[\"https://app.example.com/cb\"],\"clientName\":\"App\","
	"\"i18n\":{\"client_name#ja\":\"\xe3\x82\xa2\"},\"contacts\":[\"a@example.com\"],"
	"\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"responseTypes\":[\"code\"],"
	"\"registrationDate\":1700000000,\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"authMethodExplicit\":true,"
	"\"clientSecret\":\"1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0\",\"registrationExpiresAt\":1707776000}",
	"{\"tokenEndpointAuthMethod\":\"none\",\"x\":null,\"redirectUris\":[],\"x\":[1,{}],\"clientId\":\"c\","
	"\"clientName\":null,\"clientId\":5,\"\\u0078\":\"\\u00e9\",\"logoUri\":\"l\",\"jwksUri\":\"j\"}",
	"{\"clientId\":\"c\",\"redirectUris\":[\"u\"],\"tokenEndpointAuthMethod\":\"none\",\"registrationDate\":1.5}",
	"{\"clientId\":\"c\",\"redirectUris\":[\"u\"],\"tokenEndpointAuthMethod\":\"none\",\"x\":01}",
	"[{\"id\":\"g\"}]",
	"",
};

static void check_agree(const char *s, size_t n, int *accepted)
{
	int r = kv_scan_same(s, n);
	CHECK(r >= 0);
	if (r < 0)
		fprintf(stderr, "  decoders disagree on: %.*s\n", (int)n, s);
	*accepted += r == 1;
}

/* s, every prefix of it, and s with each byte changed to each of a few bytes. */
static void check_mutations(const char *s, int *accepted)
{
	static const char subst[] = "\"\\{}[],:0-e. nu\x01\xc3";
	size_t n = strlen(s);
	char *m = malloc(n + 1);
	if (m == NULL)
		return;
	check_agree(s, n, accepted);
	for (size_t k = 0; k < n; k++)
		check_agree(s, k, accepted);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < sizeof subst - 1; j++) {
			memcpy(m, s, n + 1);
			m[i] = subst[j];
			check_agree(m, n, accepted);
		}
	free(m);
}

OC_TEST(kv_scan_samples_agree_with_cjson)
{
	int accepted = 0;
	for (size_t i = 0; i < sizeof TOKENS / sizeof TOKENS[0]; i++)
		check_agree(TOKENS[i], strlen(TOKENS[i]), &accepted);
	for (size_t i = 0; i < sizeof GRANTS / sizeof GRANTS[0]; i++)
		check_agree(GRANTS[i], strlen(GRANTS[i]), &accepted);
	/* 5 token, 4 grant and 2 client samples read; every other refused */
	CHECK(accepted == 5 + 4 + 2);
}

OC_TEST(kv_scan_mutations_agree_with_cjson)
{
	int accepted = 0;
	for (size_t i = 0; i < sizeof TOKENS / sizeof TOKENS[0]; i++)
		check_mutations(TOKENS[i], &accepted);
	for (size_t i = 0; i < sizeof GRANTS / sizeof GRANTS[0]; i++)
		check_mutations(GRANTS[i], &accepted);
	CHECK(accepted > 9); /* some mutations still read (a digit for a digit, a space for a space) */
}

/* Records our encoders write, with strings that need escapes, read back by both. */
OC_TEST(kv_scan_reads_what_we_write)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	char *scope[] = { "read", "w\"r\\i/te\x7f", "\xe2\x82\xac\xf0\x9f\x98\x80" }, *aud[] = { "https://a/", "\x01\x1f" };
	oc_access_rec t = { 0 };
	t.id = "t\n\t\b\f\r";
	t.grant_id = "g";
	t.user_id = "\xc3\xa9";
	t.created_at = -9007199254740992LL;
	t.expires_at = 9007199254740992LL;
	t.audience.form = OC_KV_ARRAY;
	t.audience.list = (oc_strs){ aud, 2 };
	t.has_scope = 1;
	t.scope = (oc_strs){ scope, 3 };
	t.wrapped_encryption_key = "k\x1b";
	t.grant.client_id = "c";
	t.grant.scope = (oc_strs){ scope, 1 };
	t.grant.encrypted_props = "p";
	char *out;
	REQUIRE(oc_access_rec_encode(a, &t, &out).code == OC_OK);
	CHECK(kv_scan_same(out, strlen(out)) == 1);
	oc_access_rec back;
	REQUIRE(oc_access_rec_decode(a, out, strlen(out), &back).code == OC_OK);
	CHECK_STR(back.id, t.id);
	CHECK_STR(back.scope.v[1], scope[1]);
	CHECK_STR(back.audience.list.v[1], aud[1]);
	CHECK(back.expires_at == t.expires_at && back.created_at == t.created_at);

	oc_grant g = { 0 };
	g.id = "g";
	g.client_id = "c\"";
	g.user_id = "u";
	g.scope = (oc_strs){ scope, 3 };
	g.metadata = cJSON_Parse("{\"a\":[1,\"\\u2028\",{\"b\":null}]}");
	g.encrypted_props = "p";
	g.created_at = 1;
	g.has_expires_at = 1;
	g.expires_at = 2;
	g.resource.form = OC_KV_STRING;
	g.resource.list = (oc_strs){ aud, 1 };
	g.refresh_token_id = "r";
	g.previous_refresh_token_wrapped_key = "w";
	REQUIRE(g.metadata != NULL);
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK(kv_scan_same(out, strlen(out)) == 1);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* cJSON's nesting limit, counted from the root: an unknown member 999 arrays deep is read, 1000 not. */
OC_TEST(kv_scan_nesting_limit_as_cjson)
{
	static const char head[] = "{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":0,"
		"\"wrappedEncryptionKey\":\"k\",\"grant\":{\"scope\":[],\"encryptedProps\":\"p\"";
	for (int in_grant = 0; in_grant <= 1; in_grant++)
		for (int k = 997; k <= 1000; k++) {
			char *s = malloc(sizeof head + 2 * (size_t)k + 16), *p = s;
			REQUIRE(s != NULL);
			memcpy(p, head, sizeof head - 1);
			p += sizeof head - 1;
			if (!in_grant)
				*p++ = '}';
			memcpy(p, ",\"x\":", 5);
			p += 5;
			memset(p, '[', (size_t)k);
			memset(p + k, ']', (size_t)k);
			p += 2 * k;
			if (in_grant)
				*p++ = '}';
			*p++ = '}';
			int accepted = 0;
			check_agree(s, (size_t)(p - s), &accepted);
			CHECK(accepted == (k + 1 + in_grant <= 1000));
			free(s);
		}
}

/*
 * The client record writer (oc_kv_client_write.c) against the tree it replaced
 * (kv_cjson_ref.c): the same bytes for strings that need escapes, absent and
 * present optional members, the extremes of registrationDate, and unknown
 * members (i18n and authMethodExplicit in their places, duplicates written
 * once, a known name's shadow not at all, an unnamed member skipped); the same
 * refusals (a NULL string in an array, an unprintable extra member, a missing
 * required member).
 */
OC_TEST(kv_client_writer_as_tree)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	char *uris[] = { "https://a.example/cb?x=\"1\"&y=\\", "http://127.0.0.1:8/\x01\x1f\x7f" };
	char *words[] = { "\xe2\x82\xac\xf0\x9f\x98\x80", "", "a\tb\nc\rd\be\ff/g" };
	char *holes[] = { "x", NULL };
	static const char *const extras[] = {
		NULL,
		"{}",
		"{\"i18n\":{\"client_name#ja\":\"\xe3\x82\xa2\"},\"authMethodExplicit\":true}",
		"{\"registrationExpiresAt\":1707776000,\"authMethodExplicit\":false,\"x\":[1,{\"y\":null}],\"x\":2,"
		"\"clientName\":\"shadow\",\"i18n\":{\"a\":\"\\u2028\"},\"i18n\":7,\"\":\"\\\"e\",\"z\":1e300,\"w\":-0.5}",
		"[1,{\"a\":1},\"s\"]",
		"{\"\\u0000k\":\"\\u0000v\",\"q\\\"\":\"\\\\\"}",
	};
	int same = 0;
	for (size_t e = 0; e < sizeof extras / sizeof extras[0]; e++)
		for (int variant = 0; variant < 4; variant++) {
			oc_client c = { 0 };
			c.client_id = variant == 3 ? "c\"\\\x01" : "c1BBBBBBBBBBBBBB";
			c.redirect_uris = (oc_strs){ uris, variant == 1 ? 0 : 2 };
			c.token_endpoint_auth_method = variant == 2 ? "none" : "client_secret_basic";
			if (variant != 1) {
				c.client_name = words[0];
				c.logo_uri = words[1];
				c.client_uri = words[2];
				c.policy_uri = uris[0];
				c.tos_uri = uris[1];
				c.jwks_uri = words[2];
				c.client_secret = variant == 2 ? NULL : "1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0";
			}
			c.has_contacts = variant != 1;
			c.contacts = (oc_strs){ words, variant == 3 ? 0 : 3 };
			c.has_grant_types = variant != 2;
			c.grant_types = (oc_strs){ words, 1 };
			c.has_response_types = variant != 3;
			c.response_types = (oc_strs){ words + 1, 2 };
			c.has_registration_date = variant != 1;
			c.registration_date = variant == 2 ? -9007199254740992LL : variant == 3 ? 9007199254740992LL : 1700000000;
			oc_arena_bind_json(a);
			if (extras[e] != NULL)
				REQUIRE((c.extra = cJSON_Parse(extras[e])) != NULL);
			int r = client_encode_same(a, &c);
			CHECK(r == 1);
			if (r != 1) {
				char *x, *y;
				oc_client_encode(a, &c, &x);
				oc_client_encode_cjson(a, &c, &y);
				fprintf(stderr, "  extras %zu variant %d:\n  %s\n  %s\n", e, variant, x ? x : "-", y ? y : "-");
			}
			same += r == 1;
		}
	CHECK(same == 6 * 4);

	/* refusals: the same error from both */
	oc_client c = { 0 };
	c.client_id = "c";
	c.redirect_uris = (oc_strs){ uris, 1 };
	c.token_endpoint_auth_method = NULL;
	CHECK(client_encode_same(a, &c) == 0);
	c.token_endpoint_auth_method = "none";
	c.has_contacts = 1;
	c.contacts = (oc_strs){ holes, 2 };
	CHECK(client_encode_same(a, &c) == 0);
	c.has_contacts = 0;
	oc_arena_bind_json(a);
	c.extra = cJSON_CreateObject();
	REQUIRE(c.extra != NULL);
	cJSON *raw = cJSON_CreateRaw("1");
	REQUIRE(raw != NULL);
	raw->valuestring = NULL; /* a Raw item without its text: neither printer writes it */
	cJSON_AddItemToObject(c.extra, "r", raw);
	CHECK(client_encode_same(a, &c) == 0);
	char *out;
	CHECK(oc_client_encode(a, &c, &out).code == OC_ERR_SERVER_ERROR && out == NULL);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}
