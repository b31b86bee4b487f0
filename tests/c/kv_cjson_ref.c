/*
 * The token, grant and client records decoded through a cJSON tree, as the core did
 * before oc_kv_scan: the reference the scanner is compared with
 * (test_kv_scan.c, tests/fuzz/fuzz_kv_scan.c); and the token, grant and client
 * records built as cJSON trees and printed, as the core did before it wrote them
 * with oc_jsonw (oc_kv_json.c, oc_kv_client_write.c): the reference the writers
 * are compared with (test_kv_write.c, test_kv_scan.c, tests/fuzz/fuzz_records.c,
 * tests/fuzz/fuzz_kv_scan.c). Not linked into the module.
 */
#include "kv_cjson_ref.h"
#include "store/oc_kv_json.h"
#include "base/oc_json_check.h"
#include "base/oc_json_print.h"
#include <stdint.h>
#include <string.h>

static const char BAD[] = "malformed record";
static const char NOENC[] = "cannot encode record";

/* The member, or NULL when missing or null. */
static const cJSON *member(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNull(m) ? NULL : m;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static oc_err kvj_parse(oc_arena *a, const char *json, size_t n, const char *desc, cJSON **root)
{
	const char *end = NULL;
	*root = NULL;
	oc_arena_bind_json(a);
	if (n == 0 || memchr(json, 0, n) != NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	cJSON *j = cJSON_ParseWithLengthOpts(json, n, &end, 0);
	if (j == NULL || !cJSON_IsObject(j))
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	while (end < json + n && is_ws(*end))
		end++;
	if (end != json + n)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	*root = j;
	return OC_ERR_NONE;
}

static oc_err kvj_str(const cJSON *o, const char *name, int required, const char *desc, char **out)
{
	const cJSON *m = member(o, name);
	*out = NULL;
	if (m == NULL)
		return required ? OC_ERR(OC_ERR_SERVER_ERROR, desc) : OC_ERR_NONE;
	if (!cJSON_IsString(m) || m->valuestring == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	*out = m->valuestring;
	return OC_ERR_NONE;
}

static oc_err kvj_int(const cJSON *o, const char *name, int required, const char *desc,
	int *has, int64_t *out)
{
	const cJSON *m = member(o, name);
	*out = 0;
	if (has)
		*has = 0;
	if (m == NULL)
		return required ? OC_ERR(OC_ERR_SERVER_ERROR, desc) : OC_ERR_NONE;
	if (!cJSON_IsNumber(m) || !kvj_int_of(m->valuedouble, out))
		return OC_ERR(OC_ERR_SERVER_ERROR, desc);
	if (has)
		*has = 1;
	return OC_ERR_NONE;
}

static oc_err kvj_strs(oc_arena *a, const cJSON *o, const char *name, int required,
	const char *desc, int *has, oc_strs *out)
{
	const cJSON *m = member(o, name);
	out->v = NULL;
	out->n = 0;
	if (has)
		*has = 0;
	if (m == NULL)
		return required ? OC_ERR(OC_ERR_SERVER_ERROR, desc) : OC_ERR_NONE;
	oc_err e = oc_strs_from_json(a, m, out, desc);
	if (e.code == OC_OK && has)
		*has = 1;
	return e;
}


oc_err oc_access_rec_decode_cjson(oc_arena *a, const char *json, size_t n, oc_access_rec *t)
{
	cJSON *j;
	memset(t, 0, sizeof *t);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "id", 1, BAD, &t->id));
	KVJ_TRY(kvj_str(j, "grantId", 1, BAD, &t->grant_id));
	KVJ_TRY(kvj_str(j, "userId", 1, BAD, &t->user_id));
	KVJ_TRY(kvj_int(j, "createdAt", 1, BAD, NULL, &t->created_at));
	KVJ_TRY(kvj_int(j, "expiresAt", 1, BAD, NULL, &t->expires_at));
	KVJ_TRY(kvj_multi(a, j, "audience", BAD, &t->audience));
	KVJ_TRY(kvj_strs(a, j, "scope", 0, BAD, &t->has_scope, &t->scope));
	KVJ_TRY(kvj_str(j, "wrappedEncryptionKey", 1, BAD, &t->wrapped_encryption_key));
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(j, "grant");
	if (!cJSON_IsObject(g))
		return OC_ERR(OC_ERR_SERVER_ERROR, BAD);
	KVJ_TRY(kvj_str(g, "clientId", 0, BAD, &t->grant.client_id));
	KVJ_TRY(kvj_strs(a, g, "scope", 1, BAD, NULL, &t->grant.scope));
	KVJ_TRY(kvj_str(g, "encryptedProps", 1, BAD, &t->grant.encrypted_props));
	return OC_ERR_NONE;
}

oc_err oc_grant_decode_cjson(oc_arena *a, const char *json, size_t n, oc_grant *g)
{
	cJSON *j;
	memset(g, 0, sizeof *g);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "id", 1, BAD, &g->id));
	KVJ_TRY(kvj_str(j, "clientId", 1, BAD, &g->client_id));
	KVJ_TRY(kvj_str(j, "userId", 1, BAD, &g->user_id));
	KVJ_TRY(kvj_strs(a, j, "scope", 1, BAD, NULL, &g->scope));
	cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "metadata");
	if (m != NULL)
		g->metadata = cJSON_DetachItemViaPointer(j, m);
	KVJ_TRY(kvj_str(j, "encryptedProps", 1, BAD, &g->encrypted_props));
	KVJ_TRY(kvj_int(j, "createdAt", 1, BAD, NULL, &g->created_at));
	KVJ_TRY(kvj_int(j, "expiresAt", 0, BAD, &g->has_expires_at, &g->expires_at));
	KVJ_TRY(kvj_multi(a, j, "resource", BAD, &g->resource));
	KVJ_TRY(kvj_str(j, "redirectUri", 0, BAD, &g->redirect_uri));
	KVJ_TRY(kvj_str(j, "authCodeId", 0, BAD, &g->auth_code_id));
	KVJ_TRY(kvj_str(j, "authCodeWrappedKey", 0, BAD, &g->auth_code_wrapped_key));
	KVJ_TRY(kvj_str(j, "codeChallenge", 0, BAD, &g->code_challenge));
	KVJ_TRY(kvj_str(j, "codeChallengeMethod", 0, BAD, &g->code_challenge_method));
	KVJ_TRY(kvj_str(j, "refreshTokenId", 0, BAD, &g->refresh_token_id));
	KVJ_TRY(kvj_str(j, "refreshTokenWrappedKey", 0, BAD, &g->refresh_token_wrapped_key));
	KVJ_TRY(kvj_str(j, "previousRefreshTokenId", 0, BAD, &g->previous_refresh_token_id));
	KVJ_TRY(kvj_str(j, "previousRefreshTokenWrappedKey", 0, BAD,
		&g->previous_refresh_token_wrapped_key));
	return OC_ERR_NONE;
}

/* The members oc_client has a field for. */
static const char *const known[] = {
	"clientId", "clientSecret", "redirectUris", "clientName", "logoUri",
	"clientUri", "policyUri", "tosUri", "jwksUri", "contacts", "grantTypes",
	"responseTypes", "registrationDate", "tokenEndpointAuthMethod",
};

static int is_known(const char *name)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i], name) == 0)
			return 1;
	return 0;
}

oc_err oc_client_decode_cjson(oc_arena *a, const char *json, size_t n, oc_client *c)
{
	cJSON *j;
	memset(c, 0, sizeof *c);
	KVJ_TRY(kvj_parse(a, json, n, BAD, &j));
	KVJ_TRY(kvj_str(j, "clientId", 1, BAD, &c->client_id));
	KVJ_TRY(kvj_str(j, "clientSecret", 0, BAD, &c->client_secret));
	KVJ_TRY(kvj_strs(a, j, "redirectUris", 1, BAD, NULL, &c->redirect_uris));
	KVJ_TRY(kvj_str(j, "clientName", 0, BAD, &c->client_name));
	KVJ_TRY(kvj_str(j, "logoUri", 0, BAD, &c->logo_uri));
	KVJ_TRY(kvj_str(j, "clientUri", 0, BAD, &c->client_uri));
	KVJ_TRY(kvj_str(j, "policyUri", 0, BAD, &c->policy_uri));
	KVJ_TRY(kvj_str(j, "tosUri", 0, BAD, &c->tos_uri));
	KVJ_TRY(kvj_str(j, "jwksUri", 0, BAD, &c->jwks_uri));
	KVJ_TRY(kvj_strs(a, j, "contacts", 0, BAD, &c->has_contacts, &c->contacts));
	KVJ_TRY(kvj_strs(a, j, "grantTypes", 0, BAD, &c->has_grant_types, &c->grant_types));
	KVJ_TRY(kvj_strs(a, j, "responseTypes", 0, BAD, &c->has_response_types,
		&c->response_types));
	KVJ_TRY(kvj_int(j, "registrationDate", 0, BAD, &c->has_registration_date,
		&c->registration_date));
	KVJ_TRY(kvj_str(j, "tokenEndpointAuthMethod", 1, BAD, &c->token_endpoint_auth_method));

	/* Move every other member into extra (after the reads above: the
	 * decoded strings stay valid, they live in the arena). */
	cJSON *m = j->child, *next;
	for (; m != NULL; m = next) {
		next = m->next;
		if (m->string == NULL || is_known(m->string))
			continue;
		if ((c->extra == NULL && (c->extra = cJSON_CreateObject()) == NULL)
		    || !cJSON_AddItemToObject(c->extra, m->string,
			cJSON_DetachItemViaPointer(j, m)))
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	}
	return OC_ERR_NONE;
}

/* Copies extra's member name into j, if extra has it: 0, or -1 when out of memory. */
static int put_extra(cJSON *j, const cJSON *extra, const char *name)
{
	const cJSON *m = extra ? cJSON_GetObjectItemCaseSensitive(extra, name) : NULL;
	cJSON *d;
	if (m == NULL)
		return 0;
	return (d = cJSON_Duplicate(m, 1)) == NULL || !cJSON_AddItemToObject(j, name, d) ? -1 : 0;
}

oc_err oc_client_encode_cjson(oc_arena *a, const oc_client *c, char **out)
{
	static const char NOENC[] = "cannot encode client record";
	*out = NULL;
	oc_arena_bind_json(a);
	if (c->client_id == NULL || c->token_endpoint_auth_method == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	if (j == NULL
	    || kvj_put_str(j, "clientId", c->client_id)
	    || kvj_put_strs(j, "redirectUris", &c->redirect_uris)
	    || kvj_put_str(j, "clientName", c->client_name)
	    || kvj_put_str(j, "logoUri", c->logo_uri)
	    || kvj_put_str(j, "clientUri", c->client_uri)
	    || kvj_put_str(j, "policyUri", c->policy_uri)
	    || kvj_put_str(j, "tosUri", c->tos_uri)
	    || kvj_put_str(j, "jwksUri", c->jwks_uri)
	    || put_extra(j, c->extra, "i18n")
	    || (c->has_contacts && kvj_put_strs(j, "contacts", &c->contacts))
	    || (c->has_grant_types && kvj_put_strs(j, "grantTypes", &c->grant_types))
	    || (c->has_response_types
		&& kvj_put_strs(j, "responseTypes", &c->response_types))
	    || (c->has_registration_date
		&& kvj_put_int(j, "registrationDate", c->registration_date))
	    || kvj_put_str(j, "tokenEndpointAuthMethod", c->token_endpoint_auth_method)
	    || put_extra(j, c->extra, "authMethodExplicit")
	    || kvj_put_str(j, "clientSecret", c->client_secret))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (c->extra != NULL) {
		const cJSON *m;
		cJSON_ArrayForEach(m, c->extra) {
			cJSON *d;
			if (m->string == NULL || is_known(m->string)
			    || cJSON_GetObjectItemCaseSensitive(j, m->string) != NULL)
				continue;
			if ((d = cJSON_Duplicate(m, 1)) == NULL
			    || !cJSON_AddItemToObject(j, m->string, d))
				return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
		}
	}
	return kvj_print(j, out);
}

/* A client record written by both encoders: 1 the same bytes, 0 both refused, -1 otherwise. */
int client_encode_same(oc_arena *a, const oc_client *c)
{
	char *x, *y;
	oc_err ex = oc_client_encode(a, c, &x), ey = oc_client_encode_cjson(a, c, &y);
	if (ex.code != OC_OK || ey.code != OC_OK)
		return ex.code == ey.code && (ex.desc == ey.desc || strcmp(ex.desc, ey.desc) == 0) ? 0 : -1;
	return strcmp(x, y) == 0 ? 1 : -1;
}

static int same_str(const char *x, const char *y)
{
	return x == NULL ? y == NULL : y != NULL && strcmp(x, y) == 0;
}

static int same_strs(const oc_strs *x, const oc_strs *y)
{
	if (x->n != y->n || (x->v == NULL) != (y->v == NULL))
		return 0;
	for (size_t i = 0; i < x->n; i++)
		if (!same_str(x->v[i], y->v[i]))
			return 0;
	return 1;
}

static int same_multi(const oc_kv_strs *x, const oc_kv_strs *y)
{
	return x->form == y->form && same_strs(&x->list, &y->list);
}

static int same_rec(const oc_access_rec *x, const oc_access_rec *y)
{
	return same_str(x->id, y->id) && same_str(x->grant_id, y->grant_id) && same_str(x->user_id, y->user_id)
		&& x->created_at == y->created_at && x->expires_at == y->expires_at
		&& same_multi(&x->audience, &y->audience) && x->has_scope == y->has_scope
		&& same_strs(&x->scope, &y->scope) && same_str(x->wrapped_encryption_key, y->wrapped_encryption_key)
		&& same_str(x->grant.client_id, y->grant.client_id) && same_strs(&x->grant.scope, &y->grant.scope)
		&& same_str(x->grant.encrypted_props, y->grant.encrypted_props);
}

static int same_json(const cJSON *x, const cJSON *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	char *px = oc_json_print(x), *py = oc_json_print(y);
	return px != NULL && py != NULL && strcmp(px, py) == 0;
}

static int same_grant(const oc_grant *x, const oc_grant *y)
{
	return same_str(x->id, y->id) && same_str(x->client_id, y->client_id) && same_str(x->user_id, y->user_id)
		&& same_strs(&x->scope, &y->scope) && same_json(x->metadata, y->metadata)
		&& same_str(x->encrypted_props, y->encrypted_props) && x->created_at == y->created_at
		&& x->has_expires_at == y->has_expires_at && x->expires_at == y->expires_at
		&& same_multi(&x->resource, &y->resource) && same_str(x->redirect_uri, y->redirect_uri)
		&& same_str(x->auth_code_id, y->auth_code_id) && same_str(x->auth_code_wrapped_key, y->auth_code_wrapped_key)
		&& same_str(x->code_challenge, y->code_challenge)
		&& same_str(x->code_challenge_method, y->code_challenge_method)
		&& same_str(x->refresh_token_id, y->refresh_token_id)
		&& same_str(x->refresh_token_wrapped_key, y->refresh_token_wrapped_key)
		&& same_str(x->previous_refresh_token_id, y->previous_refresh_token_id)
		&& same_str(x->previous_refresh_token_wrapped_key, y->previous_refresh_token_wrapped_key);
}

static int same_client(const oc_client *x, const oc_client *y)
{
	return same_str(x->client_id, y->client_id) && same_str(x->client_secret, y->client_secret)
		&& same_strs(&x->redirect_uris, &y->redirect_uris) && same_str(x->client_name, y->client_name)
		&& same_str(x->logo_uri, y->logo_uri) && same_str(x->client_uri, y->client_uri)
		&& same_str(x->policy_uri, y->policy_uri) && same_str(x->tos_uri, y->tos_uri)
		&& same_str(x->jwks_uri, y->jwks_uri) && x->has_contacts == y->has_contacts
		&& same_strs(&x->contacts, &y->contacts) && x->has_grant_types == y->has_grant_types
		&& same_strs(&x->grant_types, &y->grant_types) && x->has_response_types == y->has_response_types
		&& same_strs(&x->response_types, &y->response_types)
		&& x->has_registration_date == y->has_registration_date && x->registration_date == y->registration_date
		&& same_str(x->token_endpoint_auth_method, y->token_endpoint_auth_method)
		&& same_json(x->extra, y->extra);
}

/* 1 both read and the same, 0 both refused as they should be, -1 otherwise. */
#define AGREE(ok_new, ok_ref, same) \
	((ok_new) ? ((ok_ref) && json_ok && (same) ? 1 : -1) : ((ok_ref) && json_ok ? -1 : 0))

int kv_scan_same(const char *s, size_t n)
{
	oc_arena *a = oc_arena_new();
	if (a == NULL)
		return -1;
	int json_ok = oc_json_check(s, n, CJSON_NESTING_LIMIT, SIZE_MAX, NULL) == OC_JSON_OK;
	oc_access_rec t1, t2;
	oc_grant g1, g2;
	int tn = oc_access_rec_decode(a, s, n, &t1).code == OC_OK;
	int tr = oc_access_rec_decode_cjson(a, s, n, &t2).code == OC_OK;
	int gn = oc_grant_decode(a, s, n, &g1).code == OC_OK;
	int gr = oc_grant_decode_cjson(a, s, n, &g2).code == OC_OK;
	oc_client c1, c2;
	int cn = oc_client_decode(a, s, n, &c1).code == OC_OK;
	int cr = oc_client_decode_cjson(a, s, n, &c2).code == OC_OK;
	int rt = AGREE(tn, tr, same_rec(&t1, &t2));
	int rg = AGREE(gn, gr, same_grant(&g1, &g2));
	int rc = AGREE(cn, cr, same_client(&c1, &c2));
	/* a client read is written back the same by the writer and the tree */
	if (rc == 1 && client_encode_same(a, &c1) != 1)
		rc = -1;
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return rt < 0 || rg < 0 || rc < 0 ? -1 : rt || rg || rc;
}

oc_err oc_access_rec_encode_cjson(oc_arena *a, const oc_access_rec *t, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (t->id == NULL || t->grant_id == NULL || t->user_id == NULL
	    || t->wrapped_encryption_key == NULL || t->grant.encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject(), *g = cJSON_CreateObject();
	if (j == NULL || g == NULL
	    || kvj_put_str(j, "id", t->id)
	    || kvj_put_str(j, "grantId", t->grant_id)
	    || kvj_put_str(j, "userId", t->user_id)
	    || kvj_put_int(j, "createdAt", t->created_at)
	    || kvj_put_int(j, "expiresAt", t->expires_at)
	    || kvj_put_multi(j, "audience", &t->audience)
	    || (t->has_scope && kvj_put_strs(j, "scope", &t->scope))
	    || kvj_put_str(j, "wrappedEncryptionKey", t->wrapped_encryption_key)
	    || kvj_put_str(g, "clientId", t->grant.client_id)
	    || kvj_put_strs(g, "scope", &t->grant.scope)
	    || kvj_put_str(g, "encryptedProps", t->grant.encrypted_props)
	    || !cJSON_AddItemToObject(j, "grant", g))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	return kvj_print(j, out);
}

oc_err oc_grant_encode_cjson(oc_arena *a, const oc_grant *g, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (g->id == NULL || g->client_id == NULL || g->user_id == NULL
	    || g->encrypted_props == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	cJSON *meta = NULL;
	if (j == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (g->metadata != NULL && (meta = cJSON_Duplicate(g->metadata, 1)) == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (kvj_put_str(j, "id", g->id)
	    || kvj_put_str(j, "clientId", g->client_id)
	    || kvj_put_str(j, "userId", g->user_id)
	    || kvj_put_strs(j, "scope", &g->scope)
	    || (meta != NULL && !cJSON_AddItemToObject(j, "metadata", meta))
	    || kvj_put_str(j, "encryptedProps", g->encrypted_props)
	    || kvj_put_int(j, "createdAt", g->created_at)
	    || kvj_put_str(j, "authCodeId", g->auth_code_id)
	    || kvj_put_str(j, "authCodeWrappedKey", g->auth_code_wrapped_key)
	    || kvj_put_str(j, "codeChallenge", g->code_challenge)
	    || kvj_put_str(j, "codeChallengeMethod", g->code_challenge_method)
	    || kvj_put_multi(j, "resource", &g->resource)
	    || kvj_put_str(j, "redirectUri", g->redirect_uri)
	    || kvj_put_str(j, "refreshTokenId", g->refresh_token_id)
	    || kvj_put_str(j, "refreshTokenWrappedKey", g->refresh_token_wrapped_key)
	    || (g->has_expires_at && kvj_put_int(j, "expiresAt", g->expires_at))
	    || kvj_put_str(j, "previousRefreshTokenId", g->previous_refresh_token_id)
	    || kvj_put_str(j, "previousRefreshTokenWrappedKey",
		g->previous_refresh_token_wrapped_key))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	return kvj_print(j, out);
}

oc_err oc_grant_kv_metadata_cjson(oc_arena *a, const oc_grant *g, char **out)
{
	*out = NULL;
	oc_arena_bind_json(a);
	if (g->client_id == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	cJSON *j = cJSON_CreateObject();
	if (j == NULL
	    || kvj_put_str(j, "clientId", g->client_id)
	    || kvj_put_multi(j, "resource", &g->resource)
	    || kvj_put_str(j, "redirectUri", g->redirect_uri))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	char *s;
	KVJ_TRY(kvj_print(j, &s));
	if (strlen(s) <= OC_KV_METADATA_MAX)
		*out = s;
	return OC_ERR_NONE;
}

