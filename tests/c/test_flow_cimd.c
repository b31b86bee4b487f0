/*
 * Client ID Metadata Documents wired (oauth/oc_cimd_client.h): the document
 * fetch's answer as the host reports it (op/oc_fetch.h, document mode), and
 * the token endpoint resolving a URL client id through it (R-AUTH-16, 17).
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_fetch.h"
#include "oauth/oc_cimd_client.h"
#include "oauth/oc_cimd.h"
#include <stdlib.h>

#define URL "https://app.example.net/client.json"
#define ON ",\"enabledOptions\":[\"clientIdMetadataDocumentEnabled\"],\"globalFetchStrictlyPublic\":true"
#define DOC "{\"client_id\":\"" URL "\",\"client_name\":\"Doc\",\"redirect_uris\":[\"" FX_REDIRECT "\"]," \
	"\"token_endpoint_auth_method\":\"none\"}"

static oc_fetch_status doc_read(oc_arena *a, uint32_t status, const char *meta, const char *body, oc_fetch_doc *d)
{
	oc_fx_result r = { status, body, body ? (uint32_t)strlen(body) : 0, meta, meta ? (uint32_t)strlen(meta) : 0 };
	return oc_fetch_read_document(a, &r, d);
}

OC_TEST(fetch_document_answers)
{
	oc_arena *a = oc_arena_new();
	oc_fetch_doc d;
	CHECK(doc_read(a, OC_FXR_OK, "200\nb\n:12\n:max-age=60", "{\"a\":1}", &d) == OC_FETCH_OK);
	CHECK(d.status == 200 && d.has_body && !d.too_large && d.n == 7);
	CHECK_STR(d.content_length, "12");
	CHECK_STR(d.cache_control, "max-age=60");
	CHECK(doc_read(a, OC_FXR_OK, "404\n-\n\n", NULL, &d) == OC_FETCH_OK);
	CHECK(d.status == 404 && !d.has_body && d.content_length == NULL && d.cache_control == NULL);
	CHECK(doc_read(a, OC_FXR_OK, "200\n+\n:9999\n", NULL, &d) == OC_FETCH_OK);
	CHECK(d.has_body && d.too_large && d.body == NULL);
	CHECK(d.content_type == NULL && d.etag == NULL && d.last_modified == NULL);
	/* the headers a cache entry keeps, when reported */
	CHECK(doc_read(a, OC_FXR_OK, "200\nb\n\n\n:application/json\n\n:Wed, 21 Oct 2026 07:28:00 GMT", "{}", &d) == OC_FETCH_OK);
	CHECK(d.content_length == NULL && d.cache_control == NULL && d.etag == NULL);
	CHECK_STR(d.content_type, "application/json");
	CHECK_STR(d.last_modified, "Wed, 21 Oct 2026 07:28:00 GMT");
	CHECK(doc_read(a, OC_FXR_OK, "200\nb\n\n\n\n:\"e\"", "{}", &d) == OC_FETCH_OK);
	CHECK(d.content_type == NULL && strcmp(d.etag, "\"e\"") == 0 && d.last_modified == NULL);
	CHECK(doc_read(a, OC_FXR_TIMEOUT, NULL, NULL, &d) == OC_FETCH_TIMEOUT);
	CHECK(doc_read(a, OC_FXR_FAILED, NULL, "Network connection lost.", &d) == OC_FETCH_NETWORK);
	CHECK_STR(d.failure, "Network connection lost.");
	/* other shapes */
	static const char *const bad[] = { "200", "200\nb\n", "200\nb\n\n\n\n\n\n\n", "200\nb\n\n\n\nx", "20\nb\n\n", "200\nx\n\n", "099\nb\n\n",
		"200\nb\nx\n", "200\nb\n\nx", "2a0\nb\n\n" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(doc_read(a, OC_FXR_OK, bad[i], "", &d) == OC_FETCH_BAD_ANSWER);
	CHECK(doc_read(a, OC_FXR_MISSING, NULL, NULL, &d) == OC_FETCH_BAD_ANSWER);
	oc_arena_free(a);
}

/* got == want; else got is printed. */
static int same(const char *got, const char *want)
{
	if (strcmp(got, want) == 0)
		return 1;
	fprintf(stderr, "  got:  %s\n  want: %s\n", got, want);
	return 0;
}

/* A token request of the URL client; the document answer set on the fake host first. */
static const char *token_with(tfx *f, uint32_t status, const char *meta, const char *body)
{
	static char out[512];
	f->kv.fetch_status = status;
	f->kv.fetch_meta = meta;
	f->kv.fetch_body = body;
	tresp r = tfx_post(f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
	snprintf(out, sizeof out, "%s | %s", tresp_err(&r), tresp_why(&r));
	tresp_free(&r);
	return out;
}

OC_TEST(flow_cimd_token_endpoint)
{
	tfx f;
	tfx_init(&f, ON);
	CHECK(f.cfg != NULL && f.cfg->cimd_enabled && f.cfg->fetch_strictly_public);
	/* the document resolves: the client exists (an unknown code is then what is refused) */
	CHECK(same(token_with(&f, OC_FXR_OK, "200\nb\n\n", DOC),
		"400 invalid_grant: Grant not found or authorization code expired | authorization-code-grant grant_not_found"));
	CHECK(f.kv.fetches == 1);
	/* a document that does not resolve: onError is handed the Request (R-AUTH-27); a resolved client's refusal is not */
	{
		f.kv.fetch_status = OC_FXR_OK;
		f.kv.fetch_meta = "404\nb\n\n";
		f.kv.fetch_body = "no";
		tresp r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
		CHECK(r.status == 401 && cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.out, "error"), "request")));
		tresp_free(&r);
		f.kv.fetch_meta = "200\nb\n\n";
		f.kv.fetch_body = DOC;
		r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
		CHECK(r.status == 400 && cJSON_GetObjectItem(cJSON_GetObjectItem(r.out, "error"), "request") == NULL);
		tresp_free(&r);
		f.kv.fetches = 1;
	}
	/* and a code of its grant is exchanged, the document fetched again */
	char *code = tfx_pending_grant(&f, "user1", "grantAAAAAAAAAAA", URL, "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), body[1024];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&code_verifier=" FX_VERIFIER
		"&client_id=https%%3A%%2F%%2Fapp.example.net%%2Fclient.json", ec);
	tresp ok = tfx_post(&f, NULL, NULL, body, NULL);
	CHECK(ok.status == 200 && tresp_str(&ok, "access_token") != NULL && f.kv.fetches == 2);
	tresp_free(&ok);
	free(ec);
	free(code);
	CHECK_STR(f.kv.fetch_url, URL);
	CHECK(f.kv.fetch_limit == OC_CIMD_MAX_BYTES && f.kv.fetch_timeout_ms == OC_CIMD_TIMEOUT_MS);
	/* it cannot: 401 Client not found, the detail for onError */
	CHECK(same(token_with(&f, OC_FXR_OK, "404\nb\n\n", "no"), "401 invalid_client: Client not found | client-id-metadata-document metadata_resolution_failed "
		"{\"metadataUrl\":\"" URL "\",\"message\":\"Failed to fetch client metadata: HTTP 404\"}"));
	CHECK(same(token_with(&f, OC_FXR_TIMEOUT, NULL, NULL), "401 invalid_client: Client not found | client-id-metadata-document metadata_resolution_failed "
		"{\"metadataUrl\":\"" URL "\",\"message\":\"Client metadata fetch timed out after 10000ms\"}"));
	CHECK(same(token_with(&f, OC_FXR_OK, "200\nb\n:6000\n", DOC), "401 invalid_client: Client not found | client-id-metadata-document metadata_resolution_failed "
		"{\"metadataUrl\":\"" URL "\",\"message\":\"Client metadata exceeds size limit: 6000 bytes (max 5120)\"}"));
	/* a client secret presented: the document's client is public */
	f.kv.fetch_meta = "200\nb\n\n";
	f.kv.fetch_body = DOC;
	tresp r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_secret=x&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
	CHECK_STR(tresp_err(&r), "401 invalid_client: Client authentication failed");
	tresp_free(&r);
	unsigned before = f.kv.fetches;
	/* a URL refused before any fetch */
	r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fa%2F..%2Fc", NULL);
	CHECK(r.status == 401 && f.kv.fetches == before);
	CHECK_STR(tresp_err(&r), "401 invalid_client: Client not found");
	/* logged as the reference's console.warn logs it */
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "warn")),
		"CIMD fetch failed for https://app.example.net/a/../c: Client Identifier URL must not contain dot path segments");
	tresp_free(&r);
	/* an id that is not a CIMD URL is read from KV as before */
	r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net", NULL);
	CHECK(r.status == 401 && f.kv.fetches == before);
	CHECK_STR(tresp_why(&r), "client-authentication client_not_found");
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(flow_cimd_needs_the_host_flag)
{
	tfx f;
	tfx_init(&f, ",\"enabledOptions\":[\"clientIdMetadataDocumentEnabled\"]");
	tresp r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "t")), "throw");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "message")), OC_CIMD_NO_FLAG);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "name")), "Error"); /* not a TypeError, as the reference */
	CHECK(f.kv.fetches == 0);
	tresp_free(&r);
	/* the option off: a URL id is a stored client's */
	tfx_free(&f);
	tfx_init(&f, "");
	r = tfx_post(&f, NULL, NULL, "grant_type=authorization_code&code=u%3Ag%3As&client_id=https%3A%2F%2Fapp.example.net%2Fclient.json", NULL);
	CHECK(r.status == 401 && f.kv.fetches == 0);
	CHECK_STR(tresp_why(&r), "client-authentication client_not_found");
	tresp_free(&r);
	tfx_free(&f);
}

/* A token request of the URL client whose document answers meta (status 200, DOC) or body. */
static const char *token_doc(tfx *f, const char *meta, const char *body)
{
	return token_with(f, OC_FXR_OK, meta, body != NULL ? body : DOC);
}

#define RESOLVED "400 invalid_grant: Grant not found or authorization code expired | authorization-code-grant grant_not_found"
#define CACHE_KEY OC_CIMD_CACHE_NAME " " URL

/* Validated documents kept in the host's cache as the reference keeps them (oauth/oc_cimd_client.h). */
OC_TEST(flow_cimd_cache)
{
	tfx f;
	fake_kv cache;
	tfx_init(&f, ON);
	fake_kv_init(&cache, FX_NOW);
	f.kv.cache = &cache;
	/* a miss: fetched, then stored for its max-age with the reference's headers */
	CHECK(same(token_doc(&f, "200\nb\n\n:public, max-age=60\n:application/json\n:\"v1\"\n", NULL), RESOLVED));
	CHECK(f.kv.fetches == 1 && f.kv.cache_gets == 1 && f.kv.cache_hits == 0 && f.kv.cache_puts == 1);
	CHECK(f.kv.cache_ttl == 60);
	CHECK_STR(f.kv.cache_headers, "Cache-Control:public, max-age=60\nContent-Type:application/json\nETag:\"v1\"");
	const fake_kv_entry *e = fake_kv_find(&cache, CACHE_KEY);
	CHECK(e != NULL && strcmp(e->val, DOC) == 0);
	/* within max-age: the entry, nothing fetched; two batches (the body, then the cache read beside the grant's) */
	unsigned batches = f.kv.batches;
	CHECK(same(token_doc(&f, "500\nb\n\n", "{}"), RESOLVED));
	CHECK(f.kv.fetches == 1 && f.kv.cache_hits == 1 && f.kv.cache_puts == 1 && f.kv.batches == batches + 2);
	/* past it: fetched again */
	f.kv.now += 61;
	CHECK(same(token_doc(&f, "200\nb\n\n:s-maxage=9999999, max-age=5\n", NULL), RESOLVED));
	CHECK(f.kv.fetches == 2 && f.kv.cache_puts == 2 && f.kv.cache_ttl == OC_CIMD_CACHE_MAX_TTL);
	CHECK_STR(f.kv.cache_headers, "Cache-Control:public, max-age=604800");
	fake_kv_free(&cache);
	fake_kv_init(&cache, FX_NOW);
	/* no-store, max-age=0, no Cache-Control: fetched every time, never stored */
	static const char *const uncached[] = { "200\nb\n\n:no-store, max-age=60", "200\nb\n\n:max-age=0", "200\nb\n\n",
		"200\nb\n\n:private, max-age=60", "200\nb\n\n:no-cache" };
	for (size_t i = 0; i < sizeof uncached / sizeof *uncached; i++) {
		unsigned fetches = f.kv.fetches;
		CHECK(same(token_doc(&f, uncached[i], NULL), RESOLVED));
		CHECK(same(token_doc(&f, uncached[i], NULL), RESOLVED));
		CHECK(f.kv.fetches == fetches + 2 && f.kv.cache_puts == 2);
	}
	/* a document that does not resolve is never stored, whatever its lifetime */
	CHECK(same(token_doc(&f, "200\nb\n\n:max-age=60", "{\"client_id\":\"" URL "\"}"), "401 invalid_client: Client not found | "
		"client-id-metadata-document metadata_resolution_failed {\"metadataUrl\":\"" URL "\",\"message\":\"client_name is required and must not be empty\"}"));
	CHECK(same(token_doc(&f, "404\nb\n\n:max-age=60", "no"), "401 invalid_client: Client not found | client-id-metadata-document "
		"metadata_resolution_failed {\"metadataUrl\":\"" URL "\",\"message\":\"Failed to fetch client metadata: HTTP 404\"}"));
	CHECK(f.kv.cache_puts == 2 && fake_kv_find(&cache, CACHE_KEY) == NULL);
	/* an entry that no longer resolves: deleted, the document fetched and stored again */
	fake_kv_set(&cache, CACHE_KEY, "{\"client_id\":\"" URL "\"}", NULL, 0);
	unsigned fetches = f.kv.fetches;
	CHECK(same(token_doc(&f, "200\nb\n\n:max-age=30", NULL), RESOLVED));
	CHECK(f.kv.cache_deletes == 1 && f.kv.fetches == fetches + 1 && f.kv.cache_puts == 3 && f.kv.cache_ttl == 30);
	CHECK((e = fake_kv_find(&cache, CACHE_KEY)) != NULL && strcmp(e->val, DOC) == 0);
	/* an entry whose body cannot be read as a document (too large) is dropped the same way */
	char big[6000];
	memset(big, ' ', sizeof big - 1);
	big[sizeof big - 1] = 0;
	fake_kv_set(&cache, CACHE_KEY, big, NULL, 0);
	CHECK(same(token_doc(&f, "200\nb\n\n", NULL), RESOLVED));
	CHECK(f.kv.cache_deletes == 2 && f.kv.fetches == fetches + 2 && fake_kv_find(&cache, CACHE_KEY) == NULL);
	/* no cache in this runtime (reads and writes fail): every resolution fetches, none fails for it */
	f.kv.cache = NULL;
	fetches = f.kv.fetches;
	CHECK(same(token_doc(&f, "200\nb\n\n:max-age=60", NULL), RESOLVED));
	CHECK(same(token_doc(&f, "200\nb\n\n:max-age=60", NULL), RESOLVED));
	CHECK(f.kv.fetches == fetches + 2);
	fake_kv_free(&cache);
	tfx_free(&f);
}

static const cJSON *helper_value(const cJSON *out)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(out, "t"));
	return t != NULL && strcmp(t, "value") == 0 ? cJSON_GetObjectItem(out, "value") : NULL;
}

/*
 * The 0.10 profile's document clients (rules-0.10.4.md R010-CIMD-06, 08, 13,
 * R010-STORE-03): the GET without a User-Agent (1.x: the profile's), and
 * updateClient writing the client the document describes (1.x: TypeError),
 * listed then through its document.
 */
OC_TEST(flow_cimd_0_10_profile)
{
	tfx f;
	cJSON *out;
	const cJSON *v;
	/* 1.x: the User-Agent named, updateClient refused */
	tfx_init(&f, ON);
	f.kv.fetch_status = OC_FXR_OK;
	f.kv.fetch_meta = "200\nb\n\n";
	f.kv.fetch_body = DOC;
	out = tfx_helper(&f, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"" URL "\"}");
	CHECK(helper_value(out) != NULL && f.kv.fetches == 1);
	CHECK_STR(f.kv.fetch_agent, oc_profile_1x.cimd_user_agent);
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"" URL "\",\"updates\":{\"clientName\":\"N\"}}");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "name")), "TypeError");
	cJSON_Delete(out);
	tfx_free(&f);

	tfx_init(&f, ON ",\"generation\":\"0.10\"");
	REQUIRE(f.cfg != NULL && f.cfg->cimd_enabled);
	f.kv.fetch_status = OC_FXR_OK;
	f.kv.fetch_meta = "200\nb\n\n";
	f.kv.fetch_body = DOC;
	out = tfx_helper(&f, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"" URL "\"}");
	CHECK((v = helper_value(out)) != NULL && f.kv.fetches == 1 && f.kv.fetch_agent == NULL);
	CHECK(cJSON_GetObjectItem(v, "tokenEndpointAuthMethods") == NULL);
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"" URL "\",\"updates\":{\"clientName\":\"N\"}}");
	CHECK((v = helper_value(out)) != NULL && f.kv.fetches == 2);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(v, "clientName")), "N");
	cJSON_Delete(out);
	const fake_kv_entry *e = fake_kv_find(&f.kv, "client:" URL);
	REQUIRE(e != NULL);
	CHECK(strstr(e->val, "\"clientName\":\"N\"") != NULL && strstr(e->val, "\"tokenEndpointAuthMethod\":\"none\"") != NULL);
	CHECK(e->expiration == FX_NOW + 7776000);
	/* listed through its document (the stored name is not what lists) */
	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{}");
	CHECK((v = helper_value(out)) != NULL && f.kv.fetches == 3);
	const cJSON *items = cJSON_GetObjectItem(v, "items");
	CHECK(cJSON_GetArraySize(items) == 1);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(items, 0), "clientName")), "Doc");
	cJSON_Delete(out);
	/* a document that cannot be resolved: a CimdFetchError from either, nothing written */
	f.kv.fetch_meta = "404\nb\n\n";
	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{}");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "name")), "CimdFetchError");
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"" URL "\",\"updates\":{\"clientName\":\"M\"}}");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(out, "name")), "CimdFetchError");
	cJSON_Delete(out);
	CHECK((e = fake_kv_find(&f.kv, "client:" URL)) != NULL && strstr(e->val, "\"clientName\":\"N\"") != NULL);
	tfx_free(&f);
}
