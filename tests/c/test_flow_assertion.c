/*
 * private_key_jwt at the token and introspection endpoints (ours;
 * oc_flow_assertion.c, oc_client_assertion.c): the assertion verified, its
 * jti spent once (a KV marker), every refusal 401 invalid_client.
 */
#include "oc_test.h"
#include "jose_vectors.h"
#include "token_flow.h"
#include "oauth/oc_client_assertion.h"
#include "crypto/oc_crypto.h"
#include <stdlib.h>

#define M "clientM000000000"
#define OPTS ",\"allowClientCredentialsGrant\":true,\"introspectionEndpoint\":\"/introspect\""
#define TYPE "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"

/* M registered for private_key_jwt with the vectors' inline JWKS. */
static void setup(tfx *f)
{
	static char json[8192];
	tfx_init(f, OPTS);
	snprintf(json, sizeof json, "{\"clientId\":\"" M "\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"grantTypes\":[\"client_credentials\"],\"responseTypes\":[],"
		"\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"authMethodExplicit\":true,"
		"\"clientAssertionKeys\":{\"jwks\":%s,\"algorithms\":[\"RS256\",\"ES256\"]}}", V_JWKS);
	fake_kv_set(&f->kv, "client:" M, json, NULL, 0);
}

/* POSTs grant_type=client_credentials (or to url) with the assertion: "200" or "status error: description [why]". */
static const char *post_to(tfx *f, const char *url, const char *assertion, const char *extra)
{
	static char out[768];
	char body[4096];
	snprintf(body, sizeof body, "%sclient_assertion_type=%s&client_assertion=%s%s",
		url ? "token=x&" : "grant_type=client_credentials&", TYPE, assertion, extra);
	tresp r = tfx_request(f, "POST", url ? url : "https://example.com/token", NULL,
		"application/x-www-form-urlencoded", body, NULL);
	if (r.status == 200)
		snprintf(out, sizeof out, "200");
	else
		snprintf(out, sizeof out, "%s [%s]%s", tresp_err(&r), tresp_why(&r),
			tresp_header(&r, "WWW-Authenticate") ? " challenge" : "");
	tresp_free(&r);
	return out;
}

static const char *post(tfx *f, const char *assertion)
{
	return post_to(f, NULL, assertion, "");
}

#define REFUSED(reason) "401 invalid_client: Client authentication failed [client-authentication client_assertion_invalid " \
	"{\"clientId\":\"" M "\",\"reason\":\"" reason "\""

OC_TEST(flow_assertion_token_and_replay)
{
	tfx f;
	setup(&f);
	REQUIRE(f.cfg != NULL);
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	/* the marker lives until exp + 60 s */
	char key[128], hex[65];
	oc_sha256_hex(hex, M "\nflow-1", strlen(M) + 7);
	snprintf(key, sizeof key, OC_ASSERTION_JTI_PREFIX "%s", hex);
	const fake_kv_entry *e = fake_kv_find(&f.kv, key);
	CHECK(e != NULL && e->expiration == FX_NOW + 120);
	/* the same assertion again: replayed, nothing issued */
	CHECK_STR(post(&f, V_FLOW_ES256), REFUSED("replayed") ",\"jti\":\"flow-1\"}]");
	/* the token endpoint's URL as audience; a client_id parameter naming the client */
	CHECK_STR(post_to(&f, NULL, V_FLOW_RS256_TOKEN_AUD, "&client_id=" M), "200");
	tfx_free(&f);
}

OC_TEST(flow_assertion_refusals)
{
	tfx f;
	setup(&f);
	REQUIRE(f.cfg != NULL);
	CHECK_STR(post(&f, V_FLOW_WRONG_AUD),
		REFUSED("aud_mismatch") ",\"expected\":\"https://example.com\",\"got\":\"https://example.org\"}]");
	/* the vectors' assertions expire in 2030: more than an hour ahead */
	CHECK(strncmp(post(&f, V_JWS_RS256), "401 invalid_client", 18) == 0);
	/* a client_id parameter naming another client: that client's record is read (none: not found) */
	CHECK_STR(post_to(&f, NULL, V_FLOW_ES256, "&client_id=clientX000000000"),
		"401 invalid_client: Client not found [client-authentication client_not_found]");
	/* a wrong assertion type */
	tresp r = tfx_request(&f, "POST", "https://example.com/token", NULL, "application/x-www-form-urlencoded",
		"grant_type=client_credentials&client_assertion_type=x&client_assertion=" V_FLOW_ES256, NULL);
	CHECK(r.status == 401 && strcmp(tresp_why(&r), "client-authentication client_assertion_type_unsupported") == 0);
	tresp_free(&r);
	/* nothing was spent by the refusals: the good assertion still passes once */
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	tfx_free(&f);
}

OC_TEST(flow_assertion_introspection)
{
	tfx f;
	setup(&f);
	REQUIRE(f.cfg != NULL);
	/* a private_key_jwt client is a confidential caller: an unknown token is inactive */
	CHECK_STR(post_to(&f, "https://example.com/introspect", V_FLOW_ES256, ""), "200");
	/* replayed: refused with the introspection endpoint's Basic challenge (RFC 7662 §2.3) */
	const char *r = post_to(&f, "https://example.com/introspect", V_FLOW_ES256, "");
	CHECK(strncmp(r, REFUSED("replayed"), strlen(REFUSED("replayed"))) == 0 && strstr(r, "] challenge") != NULL);
	tfx_free(&f);
}

/* updateClient's answer: "value" or the error's description. */
static const char *update(tfx *f, const char *updates)
{
	static char out[512], args[8192];
	snprintf(args, sizeof args, "{\"clientId\":\"" M "\",\"updates\":%s}", updates);
	cJSON *a = tfx_helper(f, OC_KIND_UPDATE_CLIENT, args);
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(a, "t"));
	const cJSON *v = cJSON_GetObjectItem(a, "value");
	if (t != NULL && strcmp(t, "value") == 0)
		snprintf(out, sizeof out, "%s", cJSON_GetObjectItem(v, "clientAssertionKeys") ? "value with keys" : "value");
	else
		snprintf(out, sizeof out, "%s", tfx_str(a, "description") ? tfx_str(a, "description") : "?");
	cJSON_Delete(a);
	return out;
}

/* 1 if the stored record of M has member m. */
static int stored_has(tfx *f, const char *m)
{
	const fake_kv_entry *e = fake_kv_find(&f->kv, "client:" M);
	cJSON *rec = e ? cJSON_Parse(e->val) : NULL;
	int has = cJSON_GetObjectItem(rec, m) != NULL;
	cJSON_Delete(rec);
	return has;
}

OC_TEST(flow_assertion_update_client_keys)
{
	tfx f;
	tfx_init(&f, OPTS ",\"allowPrivateKeyJwt\":true");
	REQUIRE(f.cfg != NULL);
	tfx_machine(&f, M, "client_secret_basic", "[\"client_credentials\"]", NULL);
	CHECK(strncmp(post(&f, V_FLOW_ES256), "401 invalid_client", 18) == 0);
	/* refused, nothing written */
	CHECK_STR(update(&f, "{\"jwks\":" V_JWKS "}"), "jwks requires tokenEndpointAuthMethod private_key_jwt");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\"}"), "private_key_jwt requires jwks or jwksUri");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":null}"),
		"private_key_jwt requires jwks or jwksUri");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":" V_JWKS_PRIVATE "}"),
		"Invalid jwks: a key is malformed, too weak, or holds private material");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":" V_JWKS_RSA_SMALL "}"),
		"Invalid jwks: a key is malformed, too weak, or holds private material");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwksUri\":\"http://c.example/jwks\"}"),
		"private_key_jwt jwksUri must be an https: URL without userinfo or a fragment, naming no localhost, "
		"loopback, private, link-local or reserved address");
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"clientAssertionKeys\":"
		"{\"jwks\":" V_JWKS ",\"algorithms\":[\"ES256\"]}}"), "clientAssertionKeys cannot be set: give jwks");
	CHECK(!stored_has(&f, "clientAssertionKeys") && !stored_has(&f, "jwks"));
	/* the keys are checked and kept as clientAssertionKeys (never answered), jwks itself not stored */
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":" V_JWKS "}"), "value");
	CHECK(stored_has(&f, "clientAssertionKeys") && !stored_has(&f, "jwks") && !stored_has(&f, "clientSecret"));
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	/* another update keeps them; new keys replace them */
	CHECK_STR(update(&f, "{\"clientName\":\"bot\"}"), "value");
	CHECK_STR(post_to(&f, NULL, V_FLOW_RS256_TOKEN_AUD, "&client_id=" M), "200");
	CHECK_STR(update(&f, "{\"jwks\":" V_JWKS_TWO_RSA "}"), "value");
	/* the EC key is gone: the spent ES256 assertion now fails on its key, before the jti is looked at */
	const char *r = post(&f, V_FLOW_ES256);
	CHECK_STR(r, REFUSED("invalid_alg") ",\"got\":\"ES256\"}]");
	/* unset cannot leave a private_key_jwt client without keys */
	cJSON *u = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"" M "\",\"updates\":{},"
		"\"unset\":[\"clientAssertionKeys\"]}");
	CHECK_STR(tfx_str(u, "description"), "private_key_jwt requires jwks or jwksUri");
	cJSON_Delete(u);
	CHECK(stored_has(&f, "clientAssertionKeys"));
	/* another method drops the keys */
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"s3cr3t-s3cr3t\"}"), "value");
	CHECK(!stored_has(&f, "clientAssertionKeys"));
	tfx_free(&f);

	/* off: jwks is a member like any other, as in 1.2.3 */
	tfx_init(&f, OPTS);
	REQUIRE(f.cfg != NULL);
	tfx_machine(&f, M, "client_secret_basic", "[\"client_credentials\"]", NULL);
	CHECK_STR(update(&f, "{\"jwks\":" V_JWKS "}"), "value");
	CHECK(stored_has(&f, "jwks") && !stored_has(&f, "clientAssertionKeys"));
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwks\":" V_JWKS "}"),
		"Unsupported token_endpoint_auth_method: private_key_jwt");
	tfx_free(&f);
}

/* ---- a jwks_uri client: the set fetched (OC_FX_FETCH), cached, fetched again for a new key ---- */

#define JWKS_URL "https://keys.example/jwks"
#define JSON_200 "200\napplication/json"

/* M registered for private_key_jwt with keys at JWKS_URL (or url), the host serving body. */
static void setup_uri(tfx *f, const char *url, const char *body)
{
	char json[1024];
	tfx_init(f, OPTS);
	snprintf(json, sizeof json, "{\"clientId\":\"" M "\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"grantTypes\":[\"client_credentials\"],\"responseTypes\":[],"
		"\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"authMethodExplicit\":true,\"jwksUri\":\"%s\","
		"\"clientAssertionKeys\":{\"jwksUri\":\"%s\",\"algorithms\":[\"RS256\",\"ES256\"]}}", url, url);
	fake_kv_set(&f->kv, "client:" M, json, NULL, 0);
	f->kv.fetch_status = OC_FXR_OK;
	f->kv.fetch_meta = JSON_200;
	f->kv.fetch_body = body;
}

/* The cached record of JWKS_URL, or NULL. */
static const fake_kv_entry *cached(tfx *f)
{
	char hex[65], key[128];
	oc_sha256_hex(hex, JWKS_URL, strlen(JWKS_URL));
	snprintf(key, sizeof key, "oc-client-jwks:%s", hex);
	return fake_kv_find(&f->kv, key);
}

#define STARTS(s, p) (strncmp((s), (p), strlen(p)) == 0)

OC_TEST(flow_assertion_jwks_uri_fetch_and_cache)
{
	tfx f;
	setup_uri(&f, JWKS_URL, V_JWKS);
	REQUIRE(f.cfg != NULL);
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	/* one GET of the URL with the limits, the set cached for 5 minutes with its fetch time */
	CHECK(f.kv.fetches == 1 && strcmp(f.kv.fetch_url, JWKS_URL) == 0);
	CHECK(f.kv.fetch_limit == 65536 && f.kv.fetch_timeout_ms == 5000);
	const fake_kv_entry *e = cached(&f);
	REQUIRE(e != NULL);
	CHECK(e->expiration == FX_NOW + 300);
	CHECK(strncmp(e->val, "1800000000\n", 11) == 0 && strcmp(e->val + 11, V_JWKS) == 0);
	/* the jti is spent as with an inline set */
	CHECK(STARTS(post(&f, V_FLOW_ES256), REFUSED("replayed")));
	/* a second assertion: the cached set, no second GET (the introspection endpoint too) */
	CHECK_STR(post_to(&f, NULL, V_FLOW_RS256_TOKEN_AUD, "&client_id=" M), "200");
	CHECK(f.kv.fetches == 1);
	/* a signature that does not verify under a cached key: refused, no GET */
	CHECK(STARTS(post(&f, V_JWS_RS256_TAMPERED), "401 invalid_client"));
	CHECK(f.kv.fetches == 1);
	/* a cache record that does not read is fetched again */
	fake_kv_set(&f.kv, e->key, "not a record", NULL, 0);
	CHECK(STARTS(post(&f, V_FLOW_ES256), REFUSED("replayed")));
	CHECK(f.kv.fetches == 2 && strncmp(cached(&f)->val, "1800000000\n{", 12) == 0);
	tfx_free(&f);
}

OC_TEST(flow_assertion_jwks_uri_new_key_refetched_at_most_once_in_30s)
{
	tfx f;
	setup_uri(&f, JWKS_URL, V_JWKS_TWO_RSA); /* no EC key yet */
	REQUIRE(f.cfg != NULL);
	/* fetched, cached, no key for the ES256 assertion: refused, not fetched again at once */
	CHECK_STR(post(&f, V_FLOW_ES256), REFUSED("no_matching_key") ",\"kid\":\"ec-1\"}]");
	CHECK(f.kv.fetches == 1 && cached(&f) != NULL);
	/* the client publishes its EC key; within 30 s of the fetch the cached set answers */
	f.kv.fetch_body = V_JWKS;
	f.kv.now += 29;
	CHECK(STARTS(post(&f, V_FLOW_ES256), REFUSED("no_matching_key")));
	CHECK(f.kv.fetches == 1);
	/* 30 s after the fetch: one new GET, the new set verifies and replaces the cached one */
	f.kv.now += 1;
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	CHECK(f.kv.fetches == 2);
	CHECK(strncmp(cached(&f)->val, "1800000030\n", 11) == 0 && strcmp(cached(&f)->val + 11, V_JWKS) == 0);
	tfx_free(&f);
}

OC_TEST(flow_assertion_jwks_uri_fetch_refusals)
{
	static const struct { uint32_t status; const char *meta, *body, *verdict; } cases[] = {
		{ OC_FXR_TIMEOUT, NULL, NULL, "fetch_timeout" },
		{ OC_FXR_TOO_LARGE, NULL, NULL, "fetch_too_large" },
		{ OC_FXR_FAILED, NULL, NULL, "fetch_network" },
		{ OC_FXR_OK, "302\n", "", "fetch_redirect" },
		{ OC_FXR_OK, "404\napplication/json", V_JWKS, "fetch_status" },
		{ OC_FXR_OK, "500\napplication/json", V_JWKS, "fetch_status" },
		{ OC_FXR_OK, "200\ntext/html", V_JWKS, "fetch_content_type" },
		{ OC_FXR_OK, JSON_200, "\"\xc3\x28\"", "fetch_not_utf8" },
		{ OC_FXR_RATE_LIMITED, NULL, NULL, "fetch_bad_answer" },
	};
	char want[256];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		setup_uri(&f, JWKS_URL, cases[i].body);
		REQUIRE(f.cfg != NULL);
		f.kv.fetch_status = cases[i].status;
		f.kv.fetch_meta = cases[i].meta;
		/* an HTTP status: 1.2.3's member (R-REST-08); our other verdicts named */
		if (strcmp(cases[i].verdict, "fetch_status") == 0)
			snprintf(want, sizeof want, REFUSED("jwks_fetch_failed") ",\"status\":%.3s}]", cases[i].meta);
		else
			snprintf(want, sizeof want, REFUSED("jwks_fetch_failed") ",\"fetch\":\"%s\"}]", cases[i].verdict);
		CHECK_STR(post(&f, V_FLOW_ES256), want);
		/* nothing cached, the jti not spent */
		CHECK(f.kv.fetches == 1 && cached(&f) == NULL && fake_kv_count(&f.kv, OC_ASSERTION_JTI_PREFIX) == 0);
		tfx_free(&f);
	}
	/* a document that is no acceptable set: jwks_invalid, nothing cached */
	static const char *const sets[] = { "{\"keys\":\"x\"}", "[]", "not json", V_JWKS_PRIVATE };
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		tfx f;
		setup_uri(&f, JWKS_URL, sets[i]);
		REQUIRE(f.cfg != NULL);
		CHECK_STR(post(&f, V_FLOW_ES256), REFUSED("jwks_invalid") "}]");
		CHECK(cached(&f) == NULL);
		tfx_free(&f);
	}
	/* a stored URL the fetch rules refuse (written by other means): no GET */
	static const char *const urls[] = { "http://keys.example/jwks", "https://127.0.0.1/jwks", "https://localhost/jwks" };
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		tfx f;
		setup_uri(&f, urls[i], V_JWKS);
		REQUIRE(f.cfg != NULL);
		CHECK_STR(post(&f, V_FLOW_ES256), REFUSED("jwks_fetch_failed") ",\"fetch\":\"fetch_url_refused\"}]");
		CHECK(f.kv.fetches == 0);
		tfx_free(&f);
	}
	/* the cache read failing is the store's error (429 when rate limited), nothing fetched */
	tfx f;
	setup_uri(&f, JWKS_URL, V_JWKS);
	REQUIRE(f.cfg != NULL);
	f.kv.fail_at = 2; /* [1] the client record, [2] the cache read */
	f.kv.fail_status = OC_FXR_RATE_LIMITED;
	CHECK(STARTS(post(&f, V_FLOW_ES256), "429 temporarily_unavailable"));
	CHECK(f.kv.fetches == 0);
	tfx_free(&f);
}

OC_TEST(flow_assertion_jwks_uri_by_update_client)
{
	tfx f;
	tfx_init(&f, OPTS ",\"allowPrivateKeyJwt\":true");
	REQUIRE(f.cfg != NULL);
	tfx_machine(&f, M, "client_secret_basic", "[\"client_credentials\"]", NULL);
	f.kv.fetch_status = OC_FXR_OK;
	f.kv.fetch_meta = JSON_200;
	f.kv.fetch_body = V_JWKS;
	CHECK_STR(update(&f, "{\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"jwksUri\":\"" JWKS_URL "\"}"), "value");
	CHECK(stored_has(&f, "clientAssertionKeys") && stored_has(&f, "jwksUri") && !stored_has(&f, "clientSecret"));
	CHECK_STR(post(&f, V_FLOW_ES256), "200");
	CHECK(f.kv.fetches == 1);
	tfx_free(&f);
}
