/*
 * Client ID Metadata Documents (oauth/oc_client_id.h, oauth/oc_cimd.h)
 * against the reference 1.2.3's answers: cimd_vectors.h holds each case and
 * what 1.2.3 made of it (tools/gen-cimd-vectors.mjs), a CimdFetchError
 * message or the client it built; rows R-CIMD-01…29.
 */
#include "oc_test.h"
#include "oauth/oc_client_id.h"
#include "oauth/oc_cimd.h"
#include "store/oc_kv.h"
#include "cimd_vectors.h"
#include <stdlib.h>

/* The providers the vectors and cases resolve for: 1.2.3's, with the token exchange grant, and 0.10.4's. */
static const oc_config cfg_1x = { .profile = &oc_profile_1x };
static const oc_config cfg_1x_exchange = { .profile = &oc_profile_1x, .allow_token_exchange = 1 };

/* The pipeline as the provider runs it, for one vector: the reference's line, "OK <client>" or its message. */
static const char *run(oc_arena *a, const struct cimd_vector *v, oc_client *c)
{
	const char *why;
	cJSON *raw;
	oc_err e;
	if (!oc_client_id_is_url(v->url))
		return "OK null";
	if ((why = oc_client_id_url_check(v->url)) != NULL)
		return why;
	if (v->status < 200 || v->status > 299)
		e = oc_cimd_status_error(a, v->status);
	else if ((e = oc_cimd_body_read(a, &(oc_cimd_body){ v->content_length, v->has_body, 0, v->body, v->n },
			&raw)).code == OC_OK)
		e = oc_cimd_resolve(a, v->url, raw, &cfg_1x, c);
	return e.code == OC_OK ? NULL : e.desc;
}

/* Our client as the reference's object: the record's members, and extra's. */
static cJSON *as_object(oc_arena *a, const oc_client *c)
{
	char *rec;
	if (oc_client_encode(a, c, &rec).code != OC_OK)
		return NULL;
	return cJSON_Parse(rec);
}

/*
 * Where this version answers otherwise, deliberately: a document nesting
 * deeper than OC_CIMD_DEPTH (registration's parser limit; the reference
 * reads any depth).
 */
static const struct { const char *name, *ours; } deliberate[] = {
	{ "nested", "Client metadata nests too deeply" },
};

static const char *ours_instead(const char *name)
{
	for (size_t i = 0; i < sizeof deliberate / sizeof deliberate[0]; i++)
		if (strcmp(deliberate[i].name, name) == 0)
			return deliberate[i].ours;
	return NULL;
}

OC_TEST(cimd_vectors_as_the_reference)
{
	for (size_t i = 0; i < sizeof cimd_vectors / sizeof cimd_vectors[0]; i++) {
		const struct cimd_vector *v = &cimd_vectors[i];
		oc_arena *a = oc_arena_new();
		oc_client c;
		REQUIRE(a != NULL);
		oc_arena_bind_json(a);
		const char *got = run(a, v, &c);
		int ok;
		if (ours_instead(v->name) != NULL) {
			ok = got != NULL && strcmp(got, ours_instead(v->name)) == 0;
		} else if (got != NULL && strcmp(got, "OK null") == 0) {
			ok = strcmp(v->want, got) == 0;
		} else if (got != NULL) {
			static const char pre[] = "CIMD fetch failed for ";
			size_t nu = strlen(v->url);
			ok = strncmp(v->want, pre, sizeof pre - 1) == 0 && strncmp(v->want + sizeof pre - 1, v->url, nu) == 0
				&& strncmp(v->want + sizeof pre - 1 + nu, ": ", 2) == 0
				&& strcmp(v->want + sizeof pre + 1 + nu, got) == 0;
		} else {
			cJSON *want = strncmp(v->want, "OK ", 3) == 0 ? cJSON_Parse(v->want + 3) : NULL;
			cJSON *ours = as_object(a, &c);
			ok = want != NULL && ours != NULL && cJSON_Compare(want, ours, 1);
			if (!ok && ours != NULL)
				got = cJSON_PrintUnformatted(ours);
		}
		CHECK(ok);
		if (!ok)
			fprintf(stderr, "  vector %s\n  got  %s\n  want %s\n", v->name, got ? got : "(client)", v->want);
		oc_arena_bind_json(NULL);
		oc_arena_free(a);
	}
}

/* The body's refusals the vectors cannot reach: a host that stopped reading at the limit. */
OC_TEST(cimd_body_stopped_at_the_limit)
{
	oc_arena *a = oc_arena_new();
	cJSON *raw;
	REQUIRE(a != NULL);
	oc_err e = oc_cimd_body_read(a, &(oc_cimd_body){ NULL, 1, 1, "{}", 2 }, &raw);
	CHECK(e.code == OC_ERR_INVALID_CLIENT_METADATA && strcmp(e.desc, "Response exceeded size limit of 5120 bytes") == 0);
	e = oc_cimd_body_read(a, &(oc_cimd_body){ "5121", 1, 0, "{}", 2 }, &raw);
	CHECK(strcmp(e.desc, "Client metadata exceeds size limit: 5121 bytes (max 5120)") == 0);
	e = oc_cimd_body_read(a, &(oc_cimd_body){ "5120.5", 0, 0, NULL, 0 }, &raw);
	CHECK(strcmp(e.desc, "Client metadata exceeds size limit: 5120.5 bytes (max 5120)") == 0);
	e = oc_cimd_body_read(a, &(oc_cimd_body){ "1e9x", 0, 0, NULL, 0 }, &raw);
	CHECK(strcmp(e.desc, "Client metadata response body is empty") == 0);
	e = oc_cimd_body_read(a, &(oc_cimd_body){ "", 1, 0, "{}", 2 }, &raw);
	CHECK(e.code == OC_OK && cJSON_IsObject(raw));
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* The grant types kept: token exchange, jwt-bearer, only when the server offers them (allowTokenExchangeGrant, enterpriseManagedAuthorization). */
OC_TEST(cimd_grants_with_token_exchange)
{
	static const char doc[] = "{\"client_id\":\"https://c.example/m.json\",\"client_name\":\"C\","
		"\"redirect_uris\":[\"https://c.example/cb\"],\"grant_types\":[\"urn:ietf:params:oauth:grant-type:token-exchange\","
		"\"authorization_code\",\"client_credentials\"]}";
	oc_arena *a = oc_arena_new();
	cJSON *raw;
	oc_client c;
	REQUIRE(a != NULL);
	CHECK(oc_cimd_body_read(a, &(oc_cimd_body){ NULL, 1, 0, doc, sizeof doc - 1 }, &raw).code == OC_OK);
	CHECK(oc_cimd_resolve(a, "https://c.example/m.json", raw, &cfg_1x, &c).code == OC_OK);
	CHECK(c.grant_types.n == 1 && strcmp(c.grant_types.v[0], "authorization_code") == 0);
	CHECK(oc_cimd_resolve(a, "https://c.example/m.json", raw, &cfg_1x_exchange, &c).code == OC_OK);
	CHECK(c.grant_types.n == 2 && strcmp(c.grant_types.v[0], "urn:ietf:params:oauth:grant-type:token-exchange") == 0
		&& strcmp(c.grant_types.v[1], "authorization_code") == 0);
	/* the jwt-bearer grant with enterpriseManagedAuthorization, as the reference's serverCapabilities */
	static const char ema_doc[] = "{\"client_id\":\"https://c.example/m.json\",\"client_name\":\"C\","
		"\"redirect_uris\":[\"https://c.example/cb\"],\"grant_types\":[\"authorization_code\","
		"\"urn:ietf:params:oauth:grant-type:jwt-bearer\"]}";
	static const oc_config cfg_1x_ema = { .profile = &oc_profile_1x, .ema = 1 };
	CHECK(oc_cimd_body_read(a, &(oc_cimd_body){ NULL, 1, 0, ema_doc, sizeof ema_doc - 1 }, &raw).code == OC_OK);
	CHECK(oc_cimd_resolve(a, "https://c.example/m.json", raw, &cfg_1x, &c).code == OC_OK && c.grant_types.n == 1);
	CHECK(oc_cimd_resolve(a, "https://c.example/m.json", raw, &cfg_1x_ema, &c).code == OC_OK && c.grant_types.n == 2
		&& strcmp(c.grant_types.v[1], "urn:ietf:params:oauth:grant-type:jwt-bearer") == 0);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* The document's detail (NULL: resolved into *c) for the provider cfg. */
static const char *resolved(oc_arena *a, const oc_config *cfg, const char *doc, oc_client *c)
{
	cJSON *raw;
	oc_err e = oc_cimd_body_read(a, &(oc_cimd_body){ NULL, 1, 0, doc, strlen(doc) }, &raw);
	if (e.code == OC_OK)
		e = oc_cimd_resolve(a, "https://c.example/m.json", raw, cfg, c);
	return e.code == OC_OK ? NULL : e.desc;
}

/*
 * The 0.10 profile (rules-0.10.4.md R010-CIMD-02, 03): no private_key_jwt for
 * documents, so none is the only accepted method; with allowImplicitFlow the
 * implicit grant and the token response type are kept, and held together.
 */
OC_TEST(cimd_resolved_under_the_0_10_profile)
{
#define DOC(x) "{\"client_id\":\"https://c.example/m.json\",\"client_name\":\"C\",\"redirect_uris\":[\"https://c.example/cb\"]" x "}"
	static const char jwk[] = ",\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
	static const oc_config v010 = { .profile = &oc_profile_0_10 };
	static const oc_config v010_implicit = { .profile = &oc_profile_0_10, .allow_implicit_flow = 1 };
	char only_pkj[512], both[512];
	oc_arena *a = oc_arena_new();
	oc_client c;
	const char *why;
	REQUIRE(a != NULL);
	oc_arena_bind_json(a);
	snprintf(only_pkj, sizeof only_pkj, DOC(",\"token_endpoint_auth_method\":\"private_key_jwt\"%s"), jwk);
	snprintf(both, sizeof both, DOC(",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"none\"]%s"), jwk);
	/* 1.x: keys make private_key_jwt the client's method */
	CHECK(resolved(a, &cfg_1x, only_pkj, &c) == NULL && strcmp(c.token_endpoint_auth_method, "private_key_jwt") == 0);
	/* 0.10.x: no keys are read; private_key_jwt alone is no accepted method */
	why = resolved(a, &v010, only_pkj, &c);
	CHECK(why != NULL && strcmp(why, "CIMD client does not support an accepted token endpoint authentication method. "
		"Supported methods: none. Client advertised: private_key_jwt") == 0);
	why = resolved(a, &v010, DOC(",\"token_endpoint_auth_method\":\"private_key_jwt\""), &c);
	CHECK(why != NULL && strstr(why, "Supported methods: none. Client advertised: private_key_jwt") != NULL);
	CHECK(resolved(a, &v010, both, &c) == NULL && strcmp(c.token_endpoint_auth_method, "none") == 0
		&& cJSON_GetObjectItemCaseSensitive(c.extra, "tokenEndpointAuthMethods") == NULL
		&& cJSON_GetObjectItemCaseSensitive(c.extra, "clientAssertionKeys") == NULL);
	/* implicit: dropped without allowImplicitFlow, kept with it, and held together with token */
	CHECK(resolved(a, &v010, DOC(",\"grant_types\":[\"authorization_code\",\"implicit\"],\"response_types\":[\"code\",\"token\"]"), &c) == NULL
		&& c.grant_types.n == 1 && c.response_types.n == 1);
	CHECK(resolved(a, &v010_implicit, DOC(",\"grant_types\":[\"authorization_code\",\"implicit\"],\"response_types\":[\"code\",\"token\"]"), &c) == NULL
		&& c.grant_types.n == 2 && c.response_types.n == 2 && strcmp(c.response_types.v[1], "token") == 0);
	why = resolved(a, &v010_implicit, DOC(",\"response_types\":[\"code\",\"token\"]"), &c);
	CHECK(why != NULL && strcmp(why, "grant_types implicit and response_types token must be registered together") == 0);
	why = resolved(a, &v010, DOC(",\"response_types\":[\"code\",\"token\"]"), &c);
	CHECK(why == NULL);
#undef DOC
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
}

/* The cache lifetime from the origin's Cache-Control, as the reference's cacheTtlSeconds reads it. */
OC_TEST(cimd_cache_ttl)
{
	CHECK(oc_cimd_cache_ttl(NULL) == 0);
	CHECK(oc_cimd_cache_ttl("") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=300") == 300);
	CHECK(oc_cimd_cache_ttl("public, max-age=300") == 300);
	CHECK(oc_cimd_cache_ttl("public,max-age=300, s-maxage=60") == 60);
	CHECK(oc_cimd_cache_ttl("S-MAXAGE = \"90\"") == 90);
	CHECK(oc_cimd_cache_ttl("max-age=0") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=99999999999999999999") == OC_CIMD_CACHE_MAX_TTL);
	CHECK(oc_cimd_cache_ttl("max-age=604801") == OC_CIMD_CACHE_MAX_TTL);
	CHECK(oc_cimd_cache_ttl("max-age=12.5") == 12);
	CHECK(oc_cimd_cache_ttl("max-age=1e3") == 1);
	CHECK(oc_cimd_cache_ttl("max-age=x, max-age=7") == 7);
	CHECK(oc_cimd_cache_ttl("public max-age=300") == 0);
	CHECK(oc_cimd_cache_ttl("no-store, max-age=300") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=300, Private") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=300,no-cache=\"Set-Cookie\"") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=300, no-cache-ext") == 0);
	CHECK(oc_cimd_cache_ttl("max-age=300, no-cachex") == 300);
	CHECK(oc_cimd_cache_ttl("max-age=300, x-private") == 300);
	CHECK(oc_cimd_cache_ttl("s-maxage=, max-age=5") == 5);
	/* JavaScript's \s as the host hands the value over (UTF-8): NBSP and the other Unicode spaces */
	CHECK(oc_cimd_cache_ttl("public,\xc2\xa0max-age=300") == 300);
	CHECK(oc_cimd_cache_ttl("\xe2\x80\x83no-store, max-age=300") == 0);
	CHECK(oc_cimd_cache_ttl("max-age\xe3\x80\x80=\xc2\xa0\"40\"") == 40);
	CHECK(oc_cimd_cache_ttl("\xc2max-age=300") == 0);
	/* only ASCII letters fold: a CR is not a '-' */
	CHECK(oc_cimd_cache_ttl("no\rstore, max-age=300") == 300);
	CHECK(oc_cimd_cache_ttl("s\rmaxage=5, max-age=300") == 300);
}
