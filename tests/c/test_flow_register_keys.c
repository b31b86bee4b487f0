/*
 * Dynamic registration of private_key_jwt clients (ours, with
 * allowPrivateKeyJwt; oc_client_meta.h): jwks or jwks_uri (RFC 7591 §2),
 * no secret minted, the keys kept as clientAssertionKeys and echoed. Without
 * the option, registration is 1.2.3's.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "jose_vectors.h"
#include <stdlib.h>

#define REGURL "https://example.com/register"
#define ON ",\"clientRegistrationEndpoint\":\"/register\",\"allowPrivateKeyJwt\":true"
#define PKJ "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"token_endpoint_auth_method\":\"private_key_jwt\""

static tresp reg(tfx *f, const char *body)
{
	return tfx_request(f, "POST", REGURL, NULL, "application/json", body, NULL);
}

/* The stored record of the client r registered, parsed (NULL: none). */
static cJSON *stored(tfx *f, tresp *r)
{
	char key[64];
	const char *id = tresp_str(r, "client_id");
	if (id == NULL)
		return NULL;
	snprintf(key, sizeof key, "client:%s", id);
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	return e ? cJSON_Parse(e->val) : NULL;
}

/* "status error: description" of a refused registration, nothing stored. */
static const char *refused(tfx *f, const char *body)
{
	static char out[512];
	tresp r = reg(f, body);
	snprintf(out, sizeof out, "%s", tresp_err(&r));
	CHECK(fake_kv_count(&f->kv, "client:") == 0);
	tresp_free(&r);
	return out;
}

OC_TEST(register_keys_off_is_the_reference)
{
	tfx f;
	tfx_init(&f, ",\"clientRegistrationEndpoint\":\"/register\"");
	REQUIRE(f.cfg != NULL);
	CHECK_STR(refused(&f, PKJ ",\"jwks\":" V_JWKS "}"), "400 invalid_client_metadata: Client does not support an "
		"accepted token endpoint authentication method. Supported methods: client_secret_basic, client_secret_post, "
		"none. Client advertised: private_key_jwt");
	/* jwks with another method: ignored, as any unknown member */
	tresp r = reg(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"jwks\":" V_JWKS ",\"jwks_uri\":\"http://k.example/j\"}");
	REQUIRE(r.status == 201);
	CHECK(tresp_str(&r, "client_secret") != NULL && strstr(r.body, "\"jwks\"") == NULL);
	CHECK_STR(tresp_str(&r, "jwks_uri"), "http://k.example/j");
	cJSON *rec = stored(&f, &r);
	CHECK(rec != NULL && cJSON_GetObjectItem(rec, "clientAssertionKeys") == NULL);
	cJSON_Delete(rec);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_keys_jwks)
{
	tfx f;
	tfx_init(&f, ON);
	REQUIRE(f.cfg != NULL);
	tresp r = reg(&f, PKJ ",\"jwks\":" V_JWKS "}");
	REQUIRE(r.status == 201);
	CHECK_STR(tresp_str(&r, "token_endpoint_auth_method"), "private_key_jwt");
	CHECK(tresp_str(&r, "client_secret") == NULL && strstr(r.body, "client_secret") == NULL);
	/* the set echoed after jwks_uri's place, as registered */
	CHECK(strstr(r.body, ",\"jwks\":" V_JWKS ",\"grant_types\"") != NULL);
	cJSON *rec = stored(&f, &r);
	REQUIRE(rec != NULL);
	CHECK(cJSON_GetObjectItem(rec, "clientSecret") == NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "tokenEndpointAuthMethod")), "private_key_jwt");
	char *keys = cJSON_PrintUnformatted(cJSON_GetObjectItem(rec, "clientAssertionKeys"));
	CHECK(keys != NULL && strcmp(keys, "{\"jwks\":" V_JWKS ",\"algorithms\":[\"RS256\",\"ES256\"]}") == 0);
	free(keys);
	cJSON_Delete(rec);
	tresp_free(&r);
	/* private_key_jwt negotiated from the supported list alone */
	r = reg(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
		"\"jwks\":" V_JWKS "}");
	CHECK(r.status == 201 && strcmp(tresp_str(&r, "token_endpoint_auth_method"), "private_key_jwt") == 0);
	tresp_free(&r);
	/* another method: jwks ignored, a secret minted */
	r = reg(&f, "{\"redirect_uris\":[\"" FX_REDIRECT "\"],\"jwks\":" V_JWKS "}");
	REQUIRE(r.status == 201);
	CHECK(tresp_str(&r, "client_secret") != NULL && strstr(r.body, "\"jwks\"") == NULL);
	rec = stored(&f, &r);
	CHECK(rec != NULL && cJSON_GetObjectItem(rec, "clientAssertionKeys") == NULL);
	cJSON_Delete(rec);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_keys_jwks_uri)
{
	tfx f;
	tfx_init(&f, ON);
	REQUIRE(f.cfg != NULL);
	tresp r = reg(&f, PKJ ",\"jwks_uri\":\"https://keys.example/jwks\"}");
	REQUIRE(r.status == 201);
	CHECK_STR(tresp_str(&r, "jwks_uri"), "https://keys.example/jwks");
	CHECK(tresp_str(&r, "client_secret") == NULL && strstr(r.body, "\"jwks\"") == NULL);
	cJSON *rec = stored(&f, &r);
	REQUIRE(rec != NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(rec, "jwksUri")), "https://keys.example/jwks");
	char *keys = cJSON_PrintUnformatted(cJSON_GetObjectItem(rec, "clientAssertionKeys"));
	CHECK(keys != NULL && strcmp(keys, "{\"jwksUri\":\"https://keys.example/jwks\",\"algorithms\":[\"RS256\",\"ES256\"]}") == 0);
	free(keys);
	cJSON_Delete(rec);
	tresp_free(&r);
	tfx_free(&f);
}

OC_TEST(register_keys_refusals)
{
	tfx f;
	tfx_init(&f, ON);
	REQUIRE(f.cfg != NULL);
	CHECK_STR(refused(&f, PKJ ",\"jwks\":" V_JWKS ",\"jwks_uri\":\"https://keys.example/jwks\"}"),
		"400 invalid_client_metadata: jwks and jwks_uri must not both be present");
	CHECK_STR(refused(&f, PKJ "}"), "400 invalid_client_metadata: private_key_jwt requires jwks or jwks_uri");
	CHECK_STR(refused(&f, PKJ ",\"jwks\":null}"), "400 invalid_client_metadata: private_key_jwt requires jwks or jwks_uri");
	static const char *const uris[] = { "http://keys.example/jwks", "https://u@keys.example/jwks",
		"https://keys.example/jwks#k", "https://localhost/jwks", "https://192.168.0.1/jwks", "https://0x7f000001/jwks" };
	char body[512];
	for (size_t i = 0; i < sizeof uris / sizeof uris[0]; i++) {
		snprintf(body, sizeof body, PKJ ",\"jwks_uri\":\"%s\"}", uris[i]);
		const char *got = refused(&f, body);
		CHECK(strncmp(got, "400 invalid_client_metadata: ", 29) == 0);
		CHECK(strstr(got, "private_key_jwt jwks_uri must be an https: URL") != NULL || strstr(got, "Invalid jwks_uri") != NULL);
	}
	CHECK_STR(refused(&f, PKJ ",\"jwks_uri\":7}"), "400 invalid_client_metadata: Invalid jwks_uri: expected string, got number");
	CHECK_STR(refused(&f, PKJ ",\"jwks\":" V_JWKS_PRIVATE "}"),
		"400 invalid_client_metadata: Invalid jwks: a key is malformed, too weak, or holds private material");
	CHECK_STR(refused(&f, PKJ ",\"jwks\":" V_JWKS_RSA_SMALL "}"),
		"400 invalid_client_metadata: Invalid jwks: a key is malformed, too weak, or holds private material");
	CHECK_STR(refused(&f, PKJ ",\"jwks\":\"keys\"}"),
		"400 invalid_client_metadata: Invalid jwks: a key is malformed, too weak, or holds private material");
	CHECK_STR(refused(&f, PKJ ",\"jwks\":{\"keys\":[]}}"),
		"400 invalid_client_metadata: private_key_jwt jwks has no key for RS256 or ES256");
	/* client_credentials stays refused at registration */
	CHECK_STR(refused(&f, PKJ ",\"jwks\":" V_JWKS ",\"grant_types\":[\"client_credentials\"],\"response_types\":[]}"),
		"400 invalid_client_metadata: Unsupported grant_type: client_credentials");
	tfx_free(&f);
}
