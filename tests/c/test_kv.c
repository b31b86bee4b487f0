#include "oc_test.h"
#include "store/oc_kv.h"
#include "store/oc_kv_jwks.h"

/* Records in the shape the reference writes (compat.md, oauth-provider.d.ts). */
static const char GRANT_PENDING[] =
	"{\"id\":\"g1AAAAAAAAAAAAAA\",\"clientId\":\"c1BBBBBBBBBBBBBB\",\"userId\":\"user-1\","
	"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"laptop\",\"n\":[1,2.5,null,true]},"
	"\"encryptedProps\":\"dZ7ArdBeoYcqycVce0mztfAtdGkZ/I5MOudYDQEx0vKryETOFJI=\","
	"\"createdAt\":1700000000,\"authCodeId\":\""
	"60699b2d72ec173b88d301d7d38ccec03933cbd518fbe083e230a3f105950870\","
	"\"authCodeWrappedKey\":\"2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ==\","
	"\"codeChallenge\":\"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\","
	"\"codeChallengeMethod\":\"S256\",\"resource\":\"https://api.example.com/\","
	"\"redirectUri\":\"https://app.example.com/cb\"}";

static const char GRANT_ROTATED[] =
	"{\"id\":\"g1AAAAAAAAAAAAAA\",\"clientId\":\"c1BBBBBBBBBBBBBB\",\"userId\":\"user-1\","
	"\"scope\":[],\"metadata\":null,\"encryptedProps\":\"eA==\",\"createdAt\":1700000000,"
	"\"resource\":[\"https://a/\",\"https://b/\"],"
	"\"refreshTokenId\":\"r2\",\"refreshTokenWrappedKey\":\"w2\",\"expiresAt\":1702592000,"
	"\"previousRefreshTokenId\":\"r1\",\"previousRefreshTokenWrappedKey\":\"w1\"}";

static const char TOKEN[] =
	"{\"id\":\"t1\",\"grantId\":\"g1AAAAAAAAAAAAAA\",\"userId\":\"user-1\","
	"\"createdAt\":1700000000,\"expiresAt\":1700003600,"
	"\"audience\":\"https://api.example.com/\",\"scope\":[\"read\"],"
	"\"wrappedEncryptionKey\":\"2kOrnpwm5O6f4cA3RKhiXoF2A0UXIzREtph+vmj5CijxPBunK91qnQ==\","
	"\"grant\":{\"clientId\":\"c1BBBBBBBBBBBBBB\",\"scope\":[\"read\",\"write\"],"
	"\"encryptedProps\":\"eA==\"}}";

static const char CLIENT[] =
	"{\"clientId\":\"c1BBBBBBBBBBBBBB\","
	"\"redirectUris\":[\"https://app.example.com/cb\"],\"clientName\":\"App\","
	"\"logoUri\":\"https://app.example.com/l.png\",\"clientUri\":\"https://app.example.com/\","
	"\"policyUri\":\"https://app.example.com/p\",\"tosUri\":\"https://app.example.com/t\","
	"\"jwksUri\":\"https://app.example.com/jwks\","
	"\"i18n\":{\"client_name#ja\":\"\xe3\x82\xa2\xe3\x83\x97\xe3\x83\xaa\"},"
	"\"contacts\":[\"a@example.com\"],"
	"\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"responseTypes\":[\"code\"],"
	"\"registrationDate\":1700000000,\"tokenEndpointAuthMethod\":\"client_secret_basic\","
	"\"authMethodExplicit\":true,"
	"\"clientSecret\":\"1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0\","
	"\"registrationExpiresAt\":1707776000}";

/* Every string of bad[] is refused by dec as a corrupt record. */
#define CHECK_ALL_REFUSED(dec, rec, bad) do { \
	for (size_t i_ = 0; i_ < sizeof(bad) / sizeof((bad)[0]); i_++) { \
		oc_err e_ = dec(a, (bad)[i_], strlen((bad)[i_]), &(rec)); \
		CHECK(e_.code == OC_ERR_SERVER_ERROR); \
		if (e_.code != OC_ERR_SERVER_ERROR) \
			fprintf(stderr, "  accepted: %s\n", (bad)[i_]); \
	} } while (0)

static oc_arena *arena(void)
{
	oc_arena *a = oc_arena_new();
	oc_arena_bind_json(a);
	return a;
}

static void done(oc_arena *a)
{
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

OC_TEST(kv_keys)
{
	oc_arena *a = arena();
	CHECK_STR(oc_kv_client_key(a, "abc"), "client:abc");
	CHECK_STR(oc_kv_grant_key(a, "u:1", "gid"), "grant:u:1:gid");
	CHECK_STR(oc_kv_grant_prefix(a, "user-1"), "grant:user-1:");
	CHECK_STR(oc_kv_token_key(a, "u", "g", "t"), "token:u:g:t");
	CHECK_STR(oc_kv_grant_prefix(a, ""), "grant::");
	done(a);
}

OC_TEST(kv_grant_pending_round_trip)
{
	oc_arena *a = arena();
	oc_grant g, g2;
	char *out, *out2;
	REQUIRE(oc_grant_decode(a, GRANT_PENDING, strlen(GRANT_PENDING), &g).code == OC_OK);
	CHECK_STR(g.id, "g1AAAAAAAAAAAAAA");
	CHECK_STR(g.client_id, "c1BBBBBBBBBBBBBB");
	CHECK_STR(g.user_id, "user-1");
	CHECK(g.scope.n == 2 && strcmp(g.scope.v[1], "write") == 0);
	REQUIRE(g.metadata != NULL);
	CHECK_STR(cJSON_PrintUnformatted(g.metadata), "{\"label\":\"laptop\",\"n\":[1,2.5,null,true]}");
	CHECK(g.created_at == 1700000000);
	CHECK(!g.has_expires_at);
	CHECK(g.resource.form == OC_KV_STRING && g.resource.list.n == 1);
	CHECK_STR(g.resource.list.v[0], "https://api.example.com/");
	CHECK_STR(g.redirect_uri, "https://app.example.com/cb");
	CHECK_STR(g.code_challenge_method, "S256");
	CHECK(g.refresh_token_id == NULL && g.previous_refresh_token_wrapped_key == NULL);
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK_STR(out, GRANT_PENDING); /* same member order as the reference's records */
	REQUIRE(oc_grant_decode(a, out, strlen(out), &g2).code == OC_OK);
	REQUIRE(oc_grant_encode(a, &g2, &out2).code == OC_OK);
	CHECK_STR(out, out2);

	/* the exchange: code fields dropped, refresh token added */
	g.auth_code_wrapped_key = NULL;
	g.code_challenge = g.code_challenge_method = NULL;
	g.refresh_token_id = "r1";
	g.refresh_token_wrapped_key = "w1";
	g.has_expires_at = 1;
	g.expires_at = 1702592000;
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK(strstr(out, "codeChallenge") == NULL && strstr(out, "authCodeWrappedKey") == NULL);
	CHECK(strstr(out, "\"authCodeId\":\"6069") != NULL);
	CHECK(strstr(out, "\"redirectUri\":\"https://app.example.com/cb\",\"refreshTokenId\":\"r1\","
		"\"refreshTokenWrappedKey\":\"w1\",\"expiresAt\":1702592000}") != NULL);
	done(a);
}

OC_TEST(kv_grant_rotated_and_minimal)
{
	oc_arena *a = arena();
	oc_grant g;
	char *out;
	REQUIRE(oc_grant_decode(a, GRANT_ROTATED, strlen(GRANT_ROTATED), &g).code == OC_OK);
	CHECK(g.scope.n == 0);
	CHECK(cJSON_IsNull(g.metadata)); /* JSON null metadata is kept as null */
	CHECK(g.has_expires_at && g.expires_at == 1702592000);
	CHECK(g.resource.form == OC_KV_ARRAY && g.resource.list.n == 2);
	CHECK_STR(g.previous_refresh_token_id, "r1");
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK_STR(out, GRANT_ROTATED);

	/* no metadata, no resource: members omitted, not null */
	const char *min = "{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[\"s\"],"
		"\"encryptedProps\":\"e\",\"createdAt\":0}";
	REQUIRE(oc_grant_decode(a, min, strlen(min), &g).code == OC_OK);
	CHECK(g.metadata == NULL && g.resource.form == OC_KV_ABSENT);
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK_STR(out, min);

	/* unknown members and optional nulls do not break decoding; whitespace is fine */
	const char *extra = " {\"future\":{\"x\":[1]},\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\","
		"\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":5,\"redirectUri\":null,"
		"\"expiresAt\":null,\"resource\":null}\n";
	REQUIRE(oc_grant_decode(a, extra, strlen(extra), &g).code == OC_OK);
	CHECK(g.redirect_uri == NULL && !g.has_expires_at && g.resource.form == OC_KV_ABSENT);
	REQUIRE(oc_grant_encode(a, &g, &out).code == OC_OK);
	CHECK(strstr(out, "future") == NULL && strstr(out, "null") == NULL);
	done(a);
}

OC_TEST(kv_grant_rejections)
{
	oc_arena *a = arena();
	oc_grant g;
	static const char *const bad[] = {
		"", "[]", "null", "\"x\"", "{", "{}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\"}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"encryptedProps\":\"e\",\"createdAt\":1}",
		"{\"id\":1,\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":\"a b\",\"encryptedProps\":\"e\",\"createdAt\":1}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[1],\"encryptedProps\":\"e\",\"createdAt\":1}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":\"1\"}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1.5}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1e300}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1,\"expiresAt\":true}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1,\"resource\":5}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1,\"resource\":[5]}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1,\"authCodeId\":{}}",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":\"e\",\"createdAt\":1} x",
		"{\"id\":\"i\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],\"encryptedProps\":null,\"createdAt\":1}",
	};
	CHECK_ALL_REFUSED(oc_grant_decode, g, bad);
	static const char nul[] = "{\"id\":\"i\0\",\"clientId\":\"c\",\"userId\":\"u\",\"scope\":[],"
		"\"encryptedProps\":\"e\",\"createdAt\":1}";
	CHECK(oc_grant_decode(a, nul, sizeof nul - 1, &g).code == OC_ERR_SERVER_ERROR);
	/* encode refuses an incomplete grant */
	char *out;
	memset(&g, 0, sizeof g);
	CHECK(oc_grant_encode(a, &g, &out).code == OC_ERR_SERVER_ERROR && out == NULL);
	done(a);
}

OC_TEST(kv_grant_metadata)
{
	oc_arena *a = arena();
	oc_grant g;
	char *m;
	REQUIRE(oc_grant_decode(a, GRANT_PENDING, strlen(GRANT_PENDING), &g).code == OC_OK);
	REQUIRE(oc_grant_kv_metadata(a, &g, &m).code == OC_OK);
	CHECK_STR(m, "{\"clientId\":\"c1BBBBBBBBBBBBBB\",\"resource\":\"https://api.example.com/\","
		"\"redirectUri\":\"https://app.example.com/cb\"}");
	g.resource.form = OC_KV_ABSENT;
	g.redirect_uri = NULL;
	REQUIRE(oc_grant_kv_metadata(a, &g, &m).code == OC_OK);
	CHECK_STR(m, "{\"clientId\":\"c1BBBBBBBBBBBBBB\"}");
	/* exactly at the limit fits; one byte more is omitted */
	char uri[1100];
	size_t base = strlen("{\"clientId\":\"c1BBBBBBBBBBBBBB\",\"redirectUri\":\"\"}");
	memset(uri, 'x', sizeof uri);
	uri[OC_KV_METADATA_MAX - base] = 0;
	g.redirect_uri = uri;
	REQUIRE(oc_grant_kv_metadata(a, &g, &m).code == OC_OK);
	REQUIRE(m != NULL);
	CHECK(strlen(m) == OC_KV_METADATA_MAX);
	uri[OC_KV_METADATA_MAX - base] = 'x';
	uri[OC_KV_METADATA_MAX - base + 1] = 0;
	REQUIRE(oc_grant_kv_metadata(a, &g, &m).code == OC_OK);
	CHECK(m == NULL);
	g.client_id = NULL;
	CHECK(oc_grant_kv_metadata(a, &g, &m).code == OC_ERR_SERVER_ERROR);
	done(a);
}

OC_TEST(kv_token_round_trip)
{
	oc_arena *a = arena();
	oc_access_rec t;
	char *out;
	REQUIRE(oc_access_rec_decode(a, TOKEN, strlen(TOKEN), &t).code == OC_OK);
	CHECK_STR(t.id, "t1");
	CHECK(t.created_at == 1700000000 && t.expires_at == 1700003600);
	CHECK(t.audience.form == OC_KV_STRING);
	CHECK(t.has_scope && t.scope.n == 1);
	CHECK_STR(t.grant.client_id, "c1BBBBBBBBBBBBBB");
	CHECK(t.grant.scope.n == 2);
	REQUIRE(oc_access_rec_encode(a, &t, &out).code == OC_OK);
	CHECK_STR(out, TOKEN);

	/* audience as an array, scope absent */
	const char *t2 = "{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,"
		"\"expiresAt\":2,\"audience\":[\"x\",\"y\"],\"wrappedEncryptionKey\":\"w\","
		"\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"e\"}}";
	REQUIRE(oc_access_rec_decode(a, t2, strlen(t2), &t).code == OC_OK);
	CHECK(t.audience.form == OC_KV_ARRAY && t.audience.list.n == 2 && !t.has_scope);
	REQUIRE(oc_access_rec_encode(a, &t, &out).code == OC_OK);
	CHECK_STR(out, t2);
	done(a);
}

OC_TEST(kv_token_rejections)
{
	oc_arena *a = arena();
	oc_access_rec t;
	static const char *const bad[] = {
		"{}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\"}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\",\"grant\":[]}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"e\"}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"e\"}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":5,\"scope\":[],\"encryptedProps\":\"e\"}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":\"c\",\"encryptedProps\":\"e\"}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":\"c\",\"scope\":[]}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"audience\":{},\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"e\"}}",
		"{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,\"expiresAt\":2,\"scope\":\"a\",\"wrappedEncryptionKey\":\"w\",\"grant\":{\"clientId\":\"c\",\"scope\":[],\"encryptedProps\":\"e\"}}",
	};
	CHECK_ALL_REFUSED(oc_access_rec_decode, t, bad);
	/* a record without grant.clientId is read (its grant names the client, R-REVOKE-05) and kept so */
	static const char no_client[] = "{\"id\":\"t\",\"grantId\":\"g\",\"userId\":\"u\",\"createdAt\":1,"
		"\"expiresAt\":2,\"wrappedEncryptionKey\":\"w\",\"grant\":{\"scope\":[],\"encryptedProps\":\"e\"}}";
	char *out;
	REQUIRE(oc_access_rec_decode(a, no_client, sizeof no_client - 1, &t).code == OC_OK);
	CHECK(t.grant.client_id == NULL);
	REQUIRE(oc_access_rec_encode(a, &t, &out).code == OC_OK);
	CHECK_STR(out, no_client);
	memset(&t, 0, sizeof t);
	CHECK(oc_access_rec_encode(a, &t, &out).code == OC_ERR_SERVER_ERROR);
	/* a STRING-form member must hold exactly one string */
	REQUIRE(oc_access_rec_decode(a, TOKEN, strlen(TOKEN), &t).code == OC_OK);
	t.audience.list.n = 2;
	CHECK(oc_access_rec_encode(a, &t, &out).code == OC_ERR_SERVER_ERROR);
	done(a);
}

OC_TEST(kv_client_round_trip_keeps_unknown)
{
	oc_arena *a = arena();
	oc_client c;
	char *out;
	REQUIRE(oc_client_decode(a, CLIENT, strlen(CLIENT), &c).code == OC_OK);
	CHECK_STR(c.client_id, "c1BBBBBBBBBBBBBB");
	CHECK(c.client_secret != NULL && strlen(c.client_secret) == 64);
	CHECK(c.redirect_uris.n == 1);
	CHECK_STR(c.jwks_uri, "https://app.example.com/jwks");
	CHECK(c.has_contacts && c.has_grant_types && c.grant_types.n == 2);
	CHECK(c.has_response_types && c.response_types.n == 1);
	CHECK(c.has_registration_date && c.registration_date == 1700000000);
	CHECK_STR(c.token_endpoint_auth_method, "client_secret_basic");
	REQUIRE(c.extra != NULL);
	CHECK(cJSON_GetArraySize(c.extra) == 3);
	CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c.extra, "authMethodExplicit")));
	REQUIRE(oc_client_encode(a, &c, &out).code == OC_OK);
	CHECK_STR(out, CLIENT);

	/* a public client with only the required members */
	const char *pub = "{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\"}";
	REQUIRE(oc_client_decode(a, pub, strlen(pub), &c).code == OC_OK);
	CHECK(c.client_secret == NULL && c.extra == NULL && !c.has_grant_types
		&& !c.has_registration_date);
	REQUIRE(oc_client_encode(a, &c, &out).code == OC_OK);
	CHECK_STR(out, pub);

	/* extra never shadows a known member */
	c.extra = cJSON_Parse("{\"clientId\":\"evil\",\"x\":1,\"x\":2}");
	REQUIRE(c.extra != NULL);
	REQUIRE(oc_client_encode(a, &c, &out).code == OC_OK);
	CHECK_STR(out, "{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"x\":1}");
	done(a);
}

OC_TEST(kv_client_rejections)
{
	oc_arena *a = arena();
	oc_client c;
	static const char *const bad[] = {
		"{}", "[]",
		"{\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\"}",
		"{\"clientId\":\"p\",\"tokenEndpointAuthMethod\":\"none\"}",
		"{\"clientId\":\"p\",\"redirectUris\":[]}",
		"{\"clientId\":\"p\",\"redirectUris\":\"https://x\",\"tokenEndpointAuthMethod\":\"none\"}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"clientSecret\":5}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"contacts\":[1]}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"grantTypes\":{}}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"registrationDate\":\"x\"}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"logoUri\":[]}",
		"{\"clientId\":\"p\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\"}}",
	};
	CHECK_ALL_REFUSED(oc_client_decode, c, bad);
	char *out;
	memset(&c, 0, sizeof c);
	CHECK(oc_client_encode(a, &c, &out).code == OC_ERR_SERVER_ERROR);
	done(a);
}

OC_TEST(kv_codecs_refuse_when_arena_full)
{
	/* Exhaust the arena first: decoders fail cleanly, never crash. */
	oc_arena *a = arena();
	while (oc_arena_alloc(a, 65536) != NULL)
		;
	while (oc_arena_alloc(a, 64) != NULL)
		;
	oc_grant g;
	oc_client c;
	oc_access_rec t;
	CHECK(oc_grant_decode(a, GRANT_PENDING, strlen(GRANT_PENDING), &g).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_client_decode(a, CLIENT, strlen(CLIENT), &c).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_access_rec_decode(a, TOKEN, strlen(TOKEN), &t).code == OC_ERR_SERVER_ERROR);
	CHECK(oc_kv_client_key(a, "x") == NULL);
	done(a);
}

/* A cached key set's record: the fetch time's digits, '\n', the set; and read back. */
OC_TEST(kv_jwks_record)
{
	oc_arena *a = oc_arena_new();
	static const struct { int64_t at; const char *head; } c[] = {
		{ 0, "0\n" }, { 1800000000, "1800000000\n" }, { 9007199254740993LL, "9007199254740993\n" },
		{ 999999999999999999LL, "999999999999999999\n" },
	};
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		size_t len, set_len;
		char *s = oc_kv_jwks_encode(a, c[i].at, "{\"keys\":[]}", 11, &len);
		REQUIRE(s != NULL);
		CHECK(len == strlen(c[i].head) + 11 && strncmp(s, c[i].head, strlen(c[i].head)) == 0);
		CHECK_MEM(s + strlen(c[i].head), "{\"keys\":[]}", 11);
		int64_t at;
		const char *set;
		CHECK(oc_kv_jwks_decode(s, len, &at, &set, &set_len) == 0 && at == c[i].at && set_len == 11);
	}
	oc_arena_free(a);
}
