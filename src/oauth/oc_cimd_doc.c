/*
 * A Client ID Metadata Document read into the client it describes, as the
 * reference resolves one under the provider's profile (oauth/oc_cimd.h
 * states the rules).
 */
#include "oauth/oc_cimd.h"
#include "oauth/oc_client_meta.h"
#include "oauth/oc_redirect.h"
#include "base/oc_js_trim.h"
#include "oc_cimd_keys.h"
#include <string.h>

#define DETAIL(d) OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, (d))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
#define TRY(x) do { oc_err e_ = (x); if (e_.code != OC_OK) return e_; } while (0)

static const char *const secret_methods[] = { "client_secret_basic", "client_secret_post", "client_secret_jwt" };

static int in(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* The strings of l the server supports (sv), in l's order, into out (in a). */
static oc_err keep(oc_arena *a, const oc_strs *l, const char *const *sv, size_t n, oc_strs *out)
{
	out->n = 0;
	if ((out->v = oc_arena_alloc(a, (l->n + 1) * sizeof(char *))) == NULL)
		return NOMEM;
	for (size_t i = 0; i < l->n; i++)
		if (in(sv, n, l->v[i]))
			out->v[out->n++] = l->v[i];
	return OC_ERR_NONE;
}

/* x y z concatenated in a, as a document refusal. */
static oc_err detail3(oc_arena *a, const char *x, const char *y, const char *z)
{
	char *s = oc_arena_cat3(a, x, strlen(x), y, strlen(y), z, strlen(z));
	return s != NULL ? DETAIL(s) : NOMEM;
}

static oc_err mismatch(oc_arena *a, const char *id, const char *url)
{
	char *head = oc_arena_cat3(a, "client_id \"", 11, id, strlen(id), "\" does not match metadata URL \"", 31);
	return head != NULL ? detail3(a, head, url, "\"") : NOMEM;
}

/*
 * The client's methods: those accepted (none, and private_key_jwt when
 * keyed) it advertises, in that order, into methods; or the refusal
 * (problem, the private_key_jwt offer's, when there is one).
 */
static oc_err methods_of(oc_arena *a, const oc_client_meta_fields *f, int keyed, const char *problem,
	oc_strs *methods)
{
	static const char *const accepted[] = { "none", "private_key_jwt" };
	const char *one = f->method != NULL ? f->method : "none";
	size_t naccepted = keyed ? 2 : 1;

	if (f->method != NULL && in(secret_methods, 3, f->method))
		return detail3(a, "CIMD clients cannot use symmetric token endpoint authentication method: ", f->method, "");
	if ((methods->v = oc_arena_alloc(a, 2 * sizeof(char *))) == NULL)
		return NOMEM;
	methods->n = 0;
	for (size_t i = 0; i < naccepted; i++)
		if (f->has_methods ? oc_strs_has(&f->methods, accepted[i]) : strcmp(one, accepted[i]) == 0)
			methods->v[methods->n++] = (char *)accepted[i];
	if (methods->n > 0)
		return OC_ERR_NONE;
	if (problem != NULL)
		return DETAIL(problem);
	return oc_client_meta_no_method(a, "CIMD client", accepted, naccepted, f->method, f->has_methods, &f->methods,
		"none");
}

static int offers_pkj(const oc_client_meta_fields *f)
{
	return (f->method != NULL && strcmp(f->method, "private_key_jwt") == 0)
		|| (f->has_methods && oc_strs_has(&f->methods, "private_key_jwt"));
}

/* c->extra: i18n, and with private_key_jwt in the profile tokenEndpointAuthMethods and (for that method) clientAssertionKeys. */
static oc_err extra(oc_client *c, cJSON *i18n, int pkj, const oc_strs *methods, cJSON *keys)
{
	cJSON *arr;
	if ((c->extra = cJSON_CreateObject()) == NULL
	    || (i18n != NULL && !cJSON_AddItemToObject(c->extra, "i18n", i18n)))
		return NOMEM;
	if (!pkj)
		return OC_ERR_NONE;
	if ((arr = cJSON_AddArrayToObject(c->extra, "tokenEndpointAuthMethods")) == NULL)
		return NOMEM;
	for (size_t i = 0; i < methods->n; i++)
		if (!cJSON_AddItemToArray(arr, cJSON_CreateString(methods->v[i])))
			return NOMEM;
	if (oc_strs_has(methods, "private_key_jwt") && !cJSON_AddItemToObject(c->extra, "clientAssertionKeys", keys))
		return NOMEM;
	return OC_ERR_NONE;
}

oc_err oc_cimd_resolve(oc_arena *a, const char *url, const cJSON *raw, const oc_config *cfg, oc_client *c)
{
	static const char *const default_grants[] = { "authorization_code" };
	static const char *const default_responses[] = { "code" };
	static const char *const server_responses[] = { "code", "token" };
	const char *server_grants[OC_CLIENT_CAPS_GRANTS];
	size_t nserver_grants = oc_client_caps_grants(cfg, 0, server_grants);
	int pkj = cfg->profile->cimd_private_key_jwt;
	oc_client_meta_fields f;
	const cJSON *keys;
	cJSON *assertion_keys = NULL;
	const char *problem = NULL;
	oc_strs methods, grants, responses;

	TRY(oc_client_meta_parse(a, raw, c, &f));
	if (f.client_id == NULL || strcmp(f.client_id, url) != 0)
		return mismatch(a, f.client_id != NULL ? f.client_id : "undefined", url);
	size_t nname = c->client_name != NULL ? strlen(c->client_name) : 0;
	if (c->client_name == NULL || (oc_js_trim(c->client_name, &nname), nname == 0))
		return DETAIL("client_name is required and must not be empty");
	if (!f.has_redirect_uris || c->redirect_uris.n == 0)
		return DETAIL("redirect_uris is required and must not be empty");
	for (size_t i = 0; i < c->redirect_uris.n; i++)
		if (!oc_redirect_safe(c->redirect_uris.v[i]))
			return DETAIL("Invalid redirect URI");
	if (oc_client_meta_member(raw, "client_secret") != NULL || oc_client_meta_member(raw, "client_secret_expires_at") != NULL)
		return DETAIL("CIMD documents must not contain client secrets");
	TRY(oc_cimd_jwks_read(oc_client_meta_member(raw, "jwks"), &keys));
	if (pkj && offers_pkj(&f) && (problem = oc_cimd_keys_resolve(a, &f, c->jwks_uri, keys, &assertion_keys)) != NULL
	    && strcmp(problem, "out of memory") == 0)
		return NOMEM;
	TRY(methods_of(a, &f, assertion_keys != NULL, problem, &methods));

	TRY(keep(a, c->has_grant_types ? &c->grant_types : &(oc_strs){ (char **)default_grants, 1 },
		server_grants, nserver_grants, &grants));
	TRY(keep(a, c->has_response_types ? &c->response_types : &(oc_strs){ (char **)default_responses, 1 },
		server_responses, cfg->allow_implicit_flow ? 2 : 1, &responses));
	if (oc_strs_has(&grants, "authorization_code") != oc_strs_has(&responses, "code"))
		return DETAIL("grant_types authorization_code and response_types code must be registered together");
	if (oc_strs_has(&grants, "implicit") != oc_strs_has(&responses, "token"))
		return DETAIL("grant_types implicit and response_types token must be registered together");
	c->client_id = (char *)url;
	c->grant_types = grants;
	c->response_types = responses;
	c->has_grant_types = c->has_response_types = 1;
	c->token_endpoint_auth_method = methods.v[0];
	return extra(c, f.i18n, pkj, &methods, assertion_keys);
}
