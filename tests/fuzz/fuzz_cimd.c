/*
 * A Client ID Metadata Document: the input as the fetched body through
 * oc_cimd_body_read and oc_cimd_resolve (for a fixed client id URL), then
 * the guarantees of oauth/oc_cimd.h on an accepted client: its id is the
 * URL, it has redirect URIs each oc_redirect_safe, its method is the first
 * of its tokenEndpointAuthMethods (none or private_key_jwt, the latter with
 * clientAssertionKeys; under the 0.10 profile none, without the list),
 * authorization_code and code go together, implicit and token too, and it
 * encodes. The input is also read as a client id: oc_client_id_url_check
 * accepts only what oc_client_id_is_url calls a URL and never a dot segment;
 * and as the host's answer to the document fetch (op/oc_fetch.h: the meta
 * lines, then the body after a NUL): oc_fetch_read_document accepts only a
 * status of three digits, a body mark and headers as documented. Read as a
 * Cache-Control value, oc_cimd_cache_ttl is never above the cap, and not 0
 * only where a max-age or s-maxage directive is written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oauth/oc_cimd.h"
#include "oauth/oc_client_id.h"
#include "oauth/oc_redirect.h"
#include "op/oc_fetch.h"

#define URL "https://client.example/oauth/metadata.json"

/* The providers a document is resolved for: 1.2.3's, with token exchange, and 0.10.4's with the implicit flow. */
static const oc_config profiles[] = {
	{ .profile = &oc_profile_1x },
	{ .profile = &oc_profile_1x, .allow_token_exchange = 1 },
	{ .profile = &oc_profile_0_10, .allow_implicit_flow = 1 },
};

static void check_client(oc_arena *a, const oc_config *cfg, const oc_client *c)
{
	const cJSON *methods = cJSON_GetObjectItemCaseSensitive(c->extra, "tokenEndpointAuthMethods");
	const cJSON *first = cJSON_GetArrayItem(methods, 0);
	char *rec;
	if (strcmp(c->client_id, URL) != 0 || c->redirect_uris.n == 0 || c->client_secret != NULL ||
	    (strcmp(c->token_endpoint_auth_method, "none") != 0 && strcmp(c->token_endpoint_auth_method, "private_key_jwt") != 0) ||
	    oc_strs_has(&c->grant_types, "authorization_code") != oc_strs_has(&c->response_types, "code") ||
	    oc_strs_has(&c->grant_types, "implicit") != oc_strs_has(&c->response_types, "token"))
		abort();
	/* without private_key_jwt for documents (0.10.x): none, and no list of methods */
	if (cfg->profile->cimd_private_key_jwt ? !cJSON_IsString(first) || strcmp(first->valuestring, c->token_endpoint_auth_method) != 0
	    : methods != NULL || strcmp(c->token_endpoint_auth_method, "none") != 0)
		abort();
	for (size_t i = 0; i < c->redirect_uris.n; i++)
		if (!oc_redirect_safe(c->redirect_uris.v[i]))
			abort();
	for (int i = 0; i < cJSON_GetArraySize(methods); i++)
		if (strcmp(cJSON_GetArrayItem(methods, i)->valuestring, "private_key_jwt") == 0 &&
		    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(c->extra, "clientAssertionKeys")))
			abort();
	if (oc_client_encode(a, c, &rec).code != OC_OK)
		abort();
}

/* 1 if the path as written (after the authority, up to '?' or '#') has a literal "." or ".." segment. */
static int dot_segment(const char *id)
{
	const char *p = strstr(id, "://");
	if (p == NULL || (p = strchr(p + 3, '/')) == NULL)
		return 0;
	size_t n = strcspn(p, "?#");
	for (size_t i = 0; i < n; i++)
		if (p[i] == '/') {
			size_t k = strcspn(p + i + 1, "/?#");
			if ((k == 1 && p[i + 1] == '.') || (k == 2 && p[i + 1] == '.' && p[i + 2] == '.'))
				return 1;
		}
	return 0;
}

/* id: the input, NUL-terminated (size bytes before the NUL when it holds none). */
static void check_url(const char *id, size_t size)
{
	if (strlen(id) == size && oc_client_id_url_check(id) == NULL &&
	    (!oc_client_id_is_url(id) || dot_segment(id)))
		abort();
}

/* strcasestr for ASCII letters. */
static int has_name(const char *s, const char *name)
{
	for (; *s != 0; s++) {
		size_t i = 0;
		while (name[i] != 0 && (s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]) == name[i])
			i++;
		if (name[i] == 0)
			return 1;
	}
	return 0;
}

static void check_cache_control(const char *h)
{
	uint32_t ttl = oc_cimd_cache_ttl(h);
	if (ttl > OC_CIMD_CACHE_MAX_TTL || (ttl != 0 && !has_name(h, "max-age") && !has_name(h, "s-maxage")))
		abort();
}

static void check_answer(oc_arena *a, const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, 0, size);
	size_t m = nul != NULL ? (size_t)(nul - (const char *)data) : size;
	oc_fx_result r = { OC_FXR_OK, nul != NULL ? nul + 1 : NULL, nul != NULL ? (uint32_t)(size - m - 1) : 0,
		(const char *)data, (uint32_t)m };
	oc_fetch_doc d;
	if (oc_fetch_read_document(a, &r, &d) != OC_FETCH_OK)
		return;
	if (d.status < 100 || d.status > 999 || (d.too_large && d.body != NULL) || (!d.has_body && d.body != NULL)
	    || (d.body != NULL && d.n != r.len) || (d.content_length != NULL && strchr(d.content_length, '\n') != NULL)
	    || (d.last_modified != NULL && strchr(d.last_modified, '\n') != NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	oc_arena *a = oc_arena_new();
	cJSON *raw;
	oc_client c;

	if (a == NULL)
		return 0;
	char *text = malloc(size + 1);
	if (text != NULL) {
		memcpy(text, data, size);
		text[size] = 0;
		check_url(text, size);
		check_cache_control(text);
		free(text);
	}
	check_answer(a, data, size);
	oc_arena_bind_json(a);
	if (oc_cimd_body_read(a, &(oc_cimd_body){ NULL, 1, 0, (const char *)data, size }, &raw).code == OC_OK &&
	    oc_cimd_resolve(a, URL, raw, &profiles[size % 3], &c).code == OC_OK)
		check_client(a, &profiles[size % 3], &c);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return 0;
}
