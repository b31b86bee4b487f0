/*
 * The client record, client:{clientId}, written straight into its text
 * (oc_jsonw, no cJSON tree): byte for byte what the tree printed by
 * oc_json_print gave (tests/c/kv_cjson_ref.c keeps that encoder;
 * tests/c/test_kv_scan.c and tests/fuzz/fuzz_kv_scan.c compare the two).
 *
 * Member order is the reference's: i18n after jwksUri, then authMethodExplicit
 * and clientSecret after tokenEndpointAuthMethod, then the other extra members
 * (registrationExpiresAt, …) in their stored order, each name once (its first
 * value), none that shadows a known member.
 */
#include "store/oc_kv_json.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include <string.h>

static const char NOENC[] = "cannot encode client record";
static const char OOM[] = "out of memory"; /* what the tree's printer reported */

/* The extra members written after clientSecret: named, unknown, first of their name. */
static int kept_after(const cJSON *extra, const cJSON *m)
{
	return m->string != NULL && !oc_client_known_member(m->string)
		&& strcmp(m->string, "i18n") != 0 && strcmp(m->string, "authMethodExplicit") != 0
		&& cJSON_GetObjectItemCaseSensitive(extra, m->string) == m;
}

/* An extra member's value as oc_json_print prints it: 0, or -1 when it cannot be. */
static int json_member(oc_jsonw *w, const char *n, const cJSON *v)
{
	char *text = oc_json_print(v);
	if (text == NULL)
		return -1;
	oc_jsonw_name(w, n);
	oc_jsonw_raw(w, text, strlen(text));
	return 0;
}

static size_t strs_bytes(const oc_strs *l)
{
	size_t n = 2;
	for (size_t i = 0; i < l->n; i++)
		n += (l->v[i] ? strlen(l->v[i]) : 0) + 3;
	return n;
}

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) + 3 : 0;
}

/* The record's size without escapes (each member's name and punctuation within 32 bytes). */
static size_t estimate(const oc_client *c)
{
	const char *s[] = { c->client_id, c->client_secret, c->client_name, c->logo_uri, c->client_uri,
		c->policy_uri, c->tos_uri, c->jwks_uri, c->token_endpoint_auth_method };
	size_t n = 64 + 32 * 16 + strs_bytes(&c->redirect_uris) + strs_bytes(&c->contacts)
		+ strs_bytes(&c->grant_types) + strs_bytes(&c->response_types);
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		n += str_bytes(s[i]);
	return n;
}

oc_err oc_client_encode(oc_arena *a, const oc_client *c, char **out)
{
	const cJSON *extra = c->extra, *i18n, *explicit_, *m;
	oc_jsonw w;
	*out = NULL;
	oc_arena_bind_json(a);
	if (c->client_id == NULL || c->token_endpoint_auth_method == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	i18n = extra ? cJSON_GetObjectItemCaseSensitive(extra, "i18n") : NULL;
	explicit_ = extra ? cJSON_GetObjectItemCaseSensitive(extra, "authMethodExplicit") : NULL;
	oc_jsonw_init(&w, a, estimate(c));
	oc_jsonw_lit(&w, "{");
	oc_jsonw_str_member(&w, "clientId", c->client_id);
	if (oc_jsonw_strs_member(&w, "redirectUris", &c->redirect_uris) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	oc_jsonw_str_member(&w, "clientName", c->client_name);
	oc_jsonw_str_member(&w, "logoUri", c->logo_uri);
	oc_jsonw_str_member(&w, "clientUri", c->client_uri);
	oc_jsonw_str_member(&w, "policyUri", c->policy_uri);
	oc_jsonw_str_member(&w, "tosUri", c->tos_uri);
	oc_jsonw_str_member(&w, "jwksUri", c->jwks_uri);
	if (i18n != NULL && json_member(&w, "i18n", i18n) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, OOM);
	if ((c->has_contacts && oc_jsonw_strs_member(&w, "contacts", &c->contacts) != 0)
	    || (c->has_grant_types && oc_jsonw_strs_member(&w, "grantTypes", &c->grant_types) != 0)
	    || (c->has_response_types && oc_jsonw_strs_member(&w, "responseTypes", &c->response_types) != 0))
		return OC_ERR(OC_ERR_SERVER_ERROR, NOENC);
	if (c->has_registration_date)
		oc_jsonw_int_member(&w, "registrationDate", c->registration_date);
	oc_jsonw_str_member(&w, "tokenEndpointAuthMethod", c->token_endpoint_auth_method);
	if (explicit_ != NULL && json_member(&w, "authMethodExplicit", explicit_) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, OOM);
	oc_jsonw_str_member(&w, "clientSecret", c->client_secret);
	cJSON_ArrayForEach(m, extra) {
		if (kept_after(extra, m) && json_member(&w, m->string, m) != 0)
			return OC_ERR(OC_ERR_SERVER_ERROR, OOM);
	}
	oc_jsonw_lit(&w, "}");
	*out = oc_jsonw_finish(&w, NULL);
	return *out == NULL ? OC_ERR(OC_ERR_SERVER_ERROR, OOM) : OC_ERR_NONE;
}
