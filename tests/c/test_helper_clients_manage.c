/*
 * listClients, updateClient and deleteClient (src/helper/oc_helper_clients_{list,update,delete}.c),
 * natively against the fake KV of token_fixture.h.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_op.h"
#include "token/oc_token.h"
#include <stdlib.h>

static const cJSON *value_of(const cJSON *out)
{
	const cJSON *t = cJSON_GetObjectItem(out, "t");
	return cJSON_IsString(t) && strcmp(t->valuestring, "value") == 0 ? cJSON_GetObjectItem(out, "value") : NULL;
}

static int is_error(const cJSON *out, const char *desc, const char *name)
{
	const cJSON *t = cJSON_GetObjectItem(out, "t"), *d = cJSON_GetObjectItem(out, "description");
	const cJSON *n = cJSON_GetObjectItem(out, "name");
	return cJSON_IsString(t) && strcmp(t->valuestring, "error") == 0 && cJSON_IsString(d)
		&& strcmp(d->valuestring, desc) == 0 && cJSON_IsString(n) && strcmp(n->valuestring, name) == 0;
}

static const char *str_of(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItem(o, name);
	return cJSON_IsString(m) ? m->valuestring : NULL;
}

OC_TEST(helper_list_clients_pages)
{
	tfx f;
	tfx_init(&f, "");
	tfx_client(&f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 1);
	tfx_client(&f, "clientB000000000", "none", NULL, 0);
	tfx_client(&f, "clientC000000000", "client_secret_post", FX_SECRET_C2, 0);
	fake_kv_set(&f.kv, "client:clientD000000000", "{\"clientId\":\"clientD000000000\",\"redirectUris\":[],"
		"\"tokenEndpointAuthMethod\":\"none\",\"registrationExpiresAt\":1,\"tokenEndpointAuthMethods\":[\"none\"],"
		"\"clientAssertionKeys\":[],\"custom\":7}", NULL, 0);
	fake_kv_set(&f.kv, "grant:u:AAAAAAAAAAAAAAAA", "{}", NULL, 0);

	cJSON *out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{}");
	const cJSON *v = value_of(out), *items = cJSON_GetObjectItem(v, "items");
	REQUIRE(cJSON_GetArraySize(items) == 4);
	CHECK(cJSON_GetObjectItem(v, "cursor") == NULL);
	const cJSON *a = cJSON_GetArrayItem(items, 0), *d = cJSON_GetArrayItem(items, 3);
	CHECK_STR(str_of(a, "clientId"), "clientA000000000");
	CHECK(str_of(a, "clientSecret") != NULL && strlen(str_of(a, "clientSecret")) == 64); /* the hash */
	CHECK(cJSON_GetObjectItem(a, "authMethodExplicit") == NULL);
	char *dp = cJSON_PrintUnformatted(d);
	CHECK_STR(dp, "{\"clientId\":\"clientD000000000\",\"redirectUris\":[],\"tokenEndpointAuthMethod\":\"none\",\"custom\":7}");
	free(dp);
	cJSON_Delete(out);

	/* pages of 3, then the rest; the cursor passes through */
	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{\"limit\":3}");
	v = value_of(out);
	REQUIRE(cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 3 && str_of(v, "cursor") != NULL);
	char args[256];
	snprintf(args, sizeof args, "{\"limit\":3,\"cursor\":\"%s\"}", str_of(v, "cursor"));
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, args);
	v = value_of(out);
	REQUIRE(cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 1);
	CHECK_STR(str_of(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "items"), 0), "clientId"), "clientD000000000");
	CHECK(cJSON_GetObjectItem(v, "cursor") == NULL);
	cJSON_Delete(out);

	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{\"cursor\":5}");
	CHECK(is_error(out, "cursor must be a string", "TypeError"));
	cJSON_Delete(out);
	tfx_free(&f);

	/* no clients at all */
	tfx_init(&f, "");
	out = tfx_helper(&f, OC_KIND_LIST_CLIENTS, "{\"limit\":0}");
	v = value_of(out);
	char *p = cJSON_PrintUnformatted(v);
	CHECK_STR(p, "{\"items\":[]}");
	free(p);
	cJSON_Delete(out);
	tfx_free(&f);
}

/* The stored record of a client, printed (malloc'd). */
static char *stored(tfx *f, const char *id)
{
	char key[128];
	snprintf(key, sizeof key, "client:%s", id);
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	return e ? strcpy(malloc(strlen(e->val) + 1), e->val) : NULL;
}

OC_TEST(helper_update_client_merges_as_reference)
{
	tfx f;
	char hash[OC_TOKEN_ID_LEN + 1], want[1024];
	tfx_init(&f, "");
	tfx_client(&f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 0);

	/* display members laid over the record, a new member last; the secret's hash kept */
	cJSON *out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientA000000000\",\"updates\":"
		"{\"clientName\":\"New\",\"logoUri\":\"https://l/x.png\",\"clientId\":\"other\",\"unknown\":[1]},\"unset\":[]}");
	const cJSON *v = value_of(out);
	REQUIRE(v != NULL);
	oc_token_client_secret_hash(hash, FX_SECRET_C, strlen(FX_SECRET_C));
	snprintf(want, sizeof want, "{\"clientId\":\"clientA000000000\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"clientName\":\"New\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"responseTypes\":[\"code\"],"
		"\"registrationDate\":1700000000,\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"%s\","
		"\"logoUri\":\"https://l/x.png\",\"unknown\":[1]}", hash);
	char *s = stored(&f, "clientA000000000");
	CHECK_STR(s, want);
	free(s);
	char *p = cJSON_PrintUnformatted(v);
	CHECK_STR(p, want); /* no new secret: the answer is the record */
	free(p);
	cJSON_Delete(out);

	/* a new secret: stored as its hash, answered once in plaintext; the method named: authMethodExplicit */
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientA000000000\",\"updates\":"
		"{\"clientSecret\":\"" FX_SECRET_C2 "\",\"tokenEndpointAuthMethod\":\"client_secret_post\"}}");
	v = value_of(out);
	REQUIRE(v != NULL);
	CHECK_STR(str_of(v, "clientSecret"), FX_SECRET_C2);
	CHECK(cJSON_GetObjectItem(v, "authMethodExplicit") == NULL);
	s = stored(&f, "clientA000000000");
	oc_token_client_secret_hash(hash, FX_SECRET_C2, strlen(FX_SECRET_C2));
	CHECK(strstr(s, hash) != NULL && strstr(s, FX_SECRET_C2) == NULL);
	CHECK(strstr(s, "\"tokenEndpointAuthMethod\":\"client_secret_post\"") != NULL);
	CHECK(strstr(s, "\"authMethodExplicit\":true") != NULL);
	free(s);
	cJSON_Delete(out);

	/* to a public client: the secret goes; undefined members go (not redirectUris) */
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientA000000000\",\"updates\":"
		"{\"tokenEndpointAuthMethod\":\"none\"},\"unset\":[\"logoUri\",\"redirectUris\",\"clientId\"]}");
	REQUIRE(value_of(out) != NULL);
	s = stored(&f, "clientA000000000");
	CHECK(strstr(s, "clientSecret") == NULL && strstr(s, "logoUri") == NULL && strstr(s, "redirectUris") != NULL);
	CHECK(strstr(s, "\"clientId\":\"clientA000000000\"") != NULL);
	free(s);
	cJSON_Delete(out);

	/* an empty method falls back to the stored one */
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientA000000000\",\"updates\":"
		"{\"tokenEndpointAuthMethod\":\"\"}}");
	CHECK_STR(str_of(value_of(out), "tokenEndpointAuthMethod"), "none");
	cJSON_Delete(out);

	/* unknown client: null, nothing written */
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"nope\",\"updates\":{\"redirectUris\":[]}}");
	CHECK(cJSON_IsNull(value_of(out)) && fake_kv_find(&f.kv, "client:nope") == NULL);
	cJSON_Delete(out);
	tfx_free(&f);
}

OC_TEST(helper_update_client_refusals)
{
	static const struct { const char *updates, *desc, *name; } cases[] = {
		{ "{\"redirectUris\":[]}", "redirectUris must not be empty", "Error" },
		{ "{\"redirectUris\":null}", "redirectUris must not be empty", "Error" },
		{ "{\"redirectUris\":\"https://a/cb\"}", "redirectUris must not be empty", "Error" },
		{ "{\"redirectUris\":[\"javascript:alert(1)\"]}", "Invalid redirect URI", "Error" },
		{ "{\"redirectUris\":[\"https://a/cb#f\"]}", "Invalid redirect URI", "Error" },
		{ "{\"redirectUris\":[\"http://remote.example/cb\"]}", "Redirect URI must use https, or http on a loopback host", "Error" },
		{ "{\"redirectUris\":[5]}", "redirectUris must be an array of strings", "Error" },
		{ "{\"clientName\":5}", "clientName must be a string", "Error" },
		{ "{\"contacts\":\"a\"}", "contacts must be an array of strings", "Error" },
		{ "{\"i18n\":{\"x\":1}}", "i18n must be an object of strings", "Error" },
		{ "{\"tokenEndpointAuthMethod\":\"private_key_jwt\"}", "Unsupported token_endpoint_auth_method: private_key_jwt", "Error" },
		{ "{\"grantTypes\":[\"authorization_code\",\"client_credentials\"]}", "Unsupported grant_type: client_credentials", "Error" },
		{ "{\"responseTypes\":[\"code\",\"token\"]}", "Unsupported response_type: token", "Error" },
		{ "{\"grantTypes\":[\"refresh_token\"]}", "grant_types authorization_code and response_types code must be registered together", "Error" },
		{ "{\"registrationDate\":\"soon\"}", "Invalid client metadata", "Error" },
	};
	tfx f;
	tfx_init(&f, "");
	tfx_client(&f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 0);
	char *before = stored(&f, "clientA000000000"), args[512];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(args, sizeof args, "{\"clientId\":\"clientA000000000\",\"updates\":%s}", cases[i].updates);
		cJSON *out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, args);
		if (!is_error(out, cases[i].desc, cases[i].name))
			fprintf(stderr, "update case %zu: %s\n", i, out ? cJSON_PrintUnformatted(out) : "(failed)");
		CHECK(is_error(out, cases[i].desc, cases[i].name));
		cJSON_Delete(out);
		char *after = stored(&f, "clientA000000000");
		CHECK_STR(after, before);
		free(after);
	}
	/* the stored grant types are checked only when the update names grantTypes, responseTypes or the method */
	fake_kv_set(&f.kv, "client:odd0000000000000", "{\"clientId\":\"odd0000000000000\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"grantTypes\":[\"client_credentials\"],\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"none\"}", NULL, 0);
	cJSON *out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"odd0000000000000\",\"updates\":{\"clientName\":\"x\"}}");
	CHECK(value_of(out) != NULL && strcmp(str_of(value_of(out), "clientName"), "x") == 0);
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"odd0000000000000\",\"updates\":{\"responseTypes\":null}}");
	CHECK(is_error(out, "Unsupported grant_type: client_credentials", "Error"));
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":5,\"updates\":{}}");
	CHECK(is_error(out, "clientId must be a string", "TypeError"));
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"clientA000000000\",\"updates\":3}");
	CHECK(is_error(out, "updates must be an object", "Error"));
	cJSON_Delete(out);
	free(before);
	tfx_free(&f);
}

OC_TEST(helper_update_client_registered_restamped)
{
	tfx f;
	tfx_init(&f, "");
	fake_kv_set(&f.kv, "client:dcr0000000000000", "{\"clientId\":\"dcr0000000000000\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"tokenEndpointAuthMethod\":\"none\",\"registrationExpiresAt\":1}", NULL, 0);
	cJSON *out = tfx_helper(&f, OC_KIND_UPDATE_CLIENT, "{\"clientId\":\"dcr0000000000000\",\"updates\":{\"clientName\":\"N\"}}");
	const cJSON *v = value_of(out);
	REQUIRE(v != NULL);
	CHECK(cJSON_GetObjectItem(v, "registrationExpiresAt") == NULL);
	const fake_kv_entry *e = fake_kv_find(&f.kv, "client:dcr0000000000000");
	char want[64];
	snprintf(want, sizeof want, "\"registrationExpiresAt\":%lld}", (long long)(FX_NOW + 7776000));
	REQUIRE(e != NULL);
	CHECK(strstr(e->val, want) != NULL);
	CHECK(e->expiration == FX_NOW + 7776000);
	cJSON_Delete(out);
	tfx_free(&f);
}

OC_TEST(helper_delete_client_every_user)
{
	static const char *const own[] = { "grant:alice:AAAAAAAAAAAAAAAA", "grant:bob:BBBBBBBBBBBBBBBB",
		"grant:carol:x:CCCCCCCCCCCCCCCC", "grant:dave:DDDDDDDDDDDDDDDD" };
	tfx f;
	char tok[256];
	tfx_init(&f, "");
	tfx_client(&f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 0);
	tfx_client(&f, "clientB000000000", "client_secret_basic", FX_SECRET_C, 0);
	/* with metadata (alice, carol:x), without (bob, dave: read), another client's (erin, frank) */
	fake_kv_set(&f.kv, own[0], "{}", "{\"clientId\":\"clientA000000000\"}", 0);
	fake_kv_set(&f.kv, own[1], "{\"clientId\":\"clientA000000000\"}", NULL, 0);
	fake_kv_set(&f.kv, own[2], "{}", "{\"clientId\":\"clientA000000000\",\"resource\":[\"https://r/\"]}", 0);
	fake_kv_set(&f.kv, own[3], "{\"clientId\":\"clientA000000000\"}", "{\"clientId\":5}", 0);
	fake_kv_set(&f.kv, "grant:erin:EEEEEEEEEEEEEEEE", "{\"clientId\":\"clientA000000000\"}", "{\"clientId\":\"clientB000000000\"}", 0);
	fake_kv_set(&f.kv, "grant:frank:FFFFFFFFFFFFFFFF", "{\"clientId\":\"clientB000000000\"}", NULL, 0);
	fake_kv_set(&f.kv, "grant:bad", "{\"clientId\":\"clientA000000000\"}", NULL, 0);
	for (int i = 0; i < 3; i++) {
		snprintf(tok, sizeof tok, "token:alice:AAAAAAAAAAAAAAAA:%064d", i);
		fake_kv_set(&f.kv, tok, "{}", NULL, 0);
	}
	fake_kv_set(&f.kv, "token:carol:x:CCCCCCCCCCCCCCCC:" "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "{}", NULL, 0);
	fake_kv_set(&f.kv, "token:erin:EEEEEEEEEEEEEEEE:" "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "{}", NULL, 0);

	cJSON *out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{\"clientId\":\"clientA000000000\"}");
	CHECK(out != NULL && cJSON_IsNull(value_of(out)));
	cJSON_Delete(out);
	CHECK(fake_kv_find(&f.kv, "client:clientA000000000") == NULL);
	CHECK(fake_kv_find(&f.kv, "client:clientB000000000") != NULL);
	for (size_t i = 0; i < 4; i++)
		CHECK(fake_kv_find(&f.kv, own[i]) == NULL);
	CHECK(fake_kv_count(&f.kv, "token:alice:") == 0 && fake_kv_count(&f.kv, "token:carol:") == 0);
	CHECK(fake_kv_find(&f.kv, "grant:erin:EEEEEEEEEEEEEEEE") != NULL && fake_kv_count(&f.kv, "token:erin:") == 1);
	CHECK(fake_kv_find(&f.kv, "grant:frank:FFFFFFFFFFFFFFFF") != NULL && fake_kv_find(&f.kv, "grant:bad") != NULL);

	/* nothing left: answers null again; bad argument: TypeError */
	out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{\"clientId\":\"clientA000000000\"}");
	CHECK(out != NULL && cJSON_IsNull(value_of(out)));
	cJSON_Delete(out);
	out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{}");
	CHECK(is_error(out, "clientId must be a string", "TypeError"));
	cJSON_Delete(out);
	tfx_free(&f);
}

/* A failure at any effect leaves a store the same call again finishes: no token outlives its grant. */
OC_TEST(helper_delete_client_resumes_after_failure)
{
	for (unsigned at = 1; at <= 12; at++) {
		tfx f;
		char tok[256];
		tfx_init(&f, "");
		tfx_client(&f, "clientA000000000", "client_secret_basic", FX_SECRET_C, 0);
		fake_kv_set(&f.kv, "grant:alice:AAAAAAAAAAAAAAAA", "{\"clientId\":\"clientA000000000\"}", NULL, 0);
		fake_kv_set(&f.kv, "grant:bob:BBBBBBBBBBBBBBBB", "{}", "{\"clientId\":\"clientA000000000\"}", 0);
		for (int i = 0; i < 2; i++) {
			snprintf(tok, sizeof tok, "token:alice:AAAAAAAAAAAAAAAA:%064d", i);
			fake_kv_set(&f.kv, tok, "{}", NULL, 0);
			snprintf(tok, sizeof tok, "token:bob:BBBBBBBBBBBBBBBB:%064d", i);
			fake_kv_set(&f.kv, tok, "{}", NULL, 0);
		}
		f.kv.fail_at = at;
		f.kv.fail_status = OC_FXR_FAILED;
		cJSON *out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{\"clientId\":\"clientA000000000\"}");
		CHECK(out != NULL);
		cJSON_Delete(out);
		/* wherever it stopped, no grant is gone while a token of it remains */
		CHECK(fake_kv_find(&f.kv, "grant:alice:AAAAAAAAAAAAAAAA") != NULL || fake_kv_count(&f.kv, "token:alice:") == 0);
		CHECK(fake_kv_find(&f.kv, "grant:bob:BBBBBBBBBBBBBBBB") != NULL || fake_kv_count(&f.kv, "token:bob:") == 0);
		f.kv.fail_at = 0;
		f.kv.performed = 0;
		out = tfx_helper(&f, OC_KIND_DELETE_CLIENT, "{\"clientId\":\"clientA000000000\"}");
		CHECK(out != NULL && cJSON_IsNull(value_of(out)));
		cJSON_Delete(out);
		CHECK(fake_kv_count(&f.kv, "") == 0);
		tfx_free(&f);
	}
}
