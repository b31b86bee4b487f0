/*
 * Bearer check rules of the reference 1.2.3 (docs/observed/rules-1.2.3.md):
 * the Authorization syntax (R-API-02), the stored audience compared as a
 * resource identifier (R-API-06), the binding checked before the expiry
 * (R-API-07). R-API-09 (expiresAt == now) is in test_api.c; the comparison
 * itself, oc_resource_matches, in test_resource.c.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "token/oc_token.h"
#include <stdlib.h>

#define URL "https://example.com/api/data"
#define GRANT "gApi000000000000"
#define UNBOUND "401 invalid_token: Access token is not bound to the configured resource"

static const char *kind(const tresp *r)
{
	return cJSON_GetStringValue(cJSON_GetObjectItem(r->out, "t"));
}

/* The access token record of tok, with member set to v (NULL: removed). */
static void edit_record(tfx *f, const char *tok, const char *member, cJSON *v)
{
	char id[OC_TOKEN_ID_LEN + 1], key[200];
	oc_token_id(id, tok, strlen(tok));
	snprintf(key, sizeof key, "token:user1:" GRANT ":%s", id);
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	REQUIRE(e != NULL);
	cJSON *rec = tfx_record(f, key);
	cJSON_DeleteItemFromObjectCaseSensitive(rec, member);
	if (v != NULL)
		cJSON_AddItemToObject(rec, member, v);
	char *s = cJSON_PrintUnformatted(rec);
	fake_kv_set(&f->kv, key, s, NULL, e->expiration);
	free(s);
	cJSON_Delete(rec);
}

/* A request with Authorization h: "api <audience>" when it reached the handler, else the error. */
static void expect(tfx *f, const char *h, const char *want, int line)
{
	char got[512];
	tresp r = tfx_request(f, "GET", URL, h, NULL, NULL, NULL);
	if (kind(&r) && strcmp(kind(&r), "api") == 0) {
		cJSON *auth = cJSON_GetObjectItem(r.out, "auth");
		snprintf(got, sizeof got, "api %s", cJSON_GetStringValue(cJSON_GetObjectItem(auth, "audience")));
	} else {
		snprintf(got, sizeof got, "%s", tresp_err(&r));
	}
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
}

OC_TEST(bearer_rule_header_syntax)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT);
	char h[512];
	REQUIRE(tok != NULL);
	/* R-API-02: a tab, or spaces and tabs, after the scheme */
	snprintf(h, sizeof h, "Bearer\t%s", tok);
	expect(&f, h, "api " FX_RESOURCE, __LINE__);
	snprintf(h, sizeof h, "bearer \t %s", tok);
	expect(&f, h, "api " FX_RESOURCE, __LINE__);
	/* whitespace inside the credential: no credential at all (a bare 401) */
	snprintf(h, sizeof h, "Bearer %s\tx", tok);
	tresp r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 401 && (r.body == NULL || r.body[0] == 0));
	tresp_free(&r);
	snprintf(h, sizeof h, "Bearer %s\vx", tok);
	r = tfx_request(&f, "GET", URL, h, NULL, NULL, NULL);
	CHECK(r.status == 401 && (r.body == NULL || r.body[0] == 0));
	tresp_free(&r);
	free(tok);
	tfx_free(&f);
}

OC_TEST(bearer_rule_audience_as_resource)
{
	static const struct { const char *aud; const char *want; } cases[] = {
		/* R-API-06: scheme and host case folded; ctx.auth.audience is the configured resource */
		{ "\"https://EXAMPLE.com/api\"", "api " FX_RESOURCE },
		{ "\"HTTPS://example.com/api\"", "api " FX_RESOURCE },
		{ "[\"https://other.example/api\",\"https://example.com/api\"]", "api " FX_RESOURCE },
		{ NULL, "api " FX_RESOURCE },
		{ "\"https://example.com/API\"", UNBOUND },
		{ "\"https://example.com/api/\"", UNBOUND },
		{ "\"https://example.com:443/api\"", UNBOUND },
		{ "[]", UNBOUND },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tfx f;
		tfx_init(&f, "");
		char *tok = tfx_access_token(&f, "user1", GRANT), h[512];
		REQUIRE(tok != NULL);
		snprintf(h, sizeof h, "Bearer %s", tok);
		edit_record(&f, tok, "audience", cases[i].aud ? cJSON_Parse(cases[i].aud) : NULL);
		expect(&f, h, cases[i].want, __LINE__);
		/* R-API-07: an unbound record that is also expired is refused for its binding */
		edit_record(&f, tok, "expiresAt", cJSON_CreateNumber((double)(FX_NOW - 10)));
		expect(&f, h, cases[i].want[0] == 'a' ? "401 invalid_token: Access token expired" : UNBOUND, __LINE__);
		free(tok);
		tfx_free(&f);
	}
}
