/* OAuthResourceServer's options (see oc_config_rs.h). */
#include "config/oc_config_rs.h"
#include "config/oc_config_resource.h"
#include "config/oc_config_routes.h"
#include "base/oc_json_print.h"
#include "base/oc_url.h"
#include "oauth/oc_scope.h"
#include <stdlib.h>
#include <string.h>

static const char BAD_RESOURCE[] = "resourceMetadata.resource must be a canonical absolute HTTPS URI without a "
	"fragment (http is accepted only on a loopback host)";
static const char BAD_SCOPES[] = "requiredScopes (or the deprecated resourceMetadata.scopes_supported) must "
	"contain valid OAuth scope tokens";

int oc_config_rs_is(const cJSON *o)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "role");
	return cJSON_IsString(r) && strcmp(r->valuestring, "resourceServer") == 0;
}

static int refuse(const char **err, const char *msg)
{
	*err = msg;
	return -1;
}

static int resource(oc_config *c, const cJSON *rm, const char **err)
{
	const cJSON *r = cJSON_IsObject(rm) ? cJSON_GetObjectItemCaseSensitive(rm, "resource") : NULL;
	int ok, ns;
	if (!cJSON_IsString(r))
		return refuse(err, BAD_RESOURCE);
	if (oc_config_rs_url(r->valuestring, 0, &ok, &ns))
		return refuse(err, NULL);
	if (!ok)
		return refuse(err, BAD_RESOURCE);
	if (ns)
		return refuse(err, "resourceMetadata.resource must not be inside the "
			"/.well-known/oauth-protected-resource namespace");
	if ((c->resource = oc_config_strdup(r->valuestring)) == NULL)
		return refuse(err, NULL);
	if (oc_url_parse(&c->resource_url, c->resource, strlen(c->resource)) != 0)
		return refuse(err, BAD_RESOURCE);
	return 0;
}

static int issuers(const cJSON *as, const char **err)
{
	const cJSON *e;
	int ok, ns;
	if (!cJSON_IsArray(as) || cJSON_GetArraySize(as) == 0)
		return refuse(err, "resourceMetadata.authorization_servers must contain at least one issuer");
	cJSON_ArrayForEach(e, as) {
		if (cJSON_IsString(e) && oc_config_rs_url(e->valuestring, 1, &ok, &ns))
			return refuse(err, NULL);
		if (!cJSON_IsString(e) || !ok)
			return refuse(err, "resourceMetadata.authorization_servers must contain canonical HTTPS issuer "
				"URLs (http is accepted only on a loopback host)");
	}
	return 0;
}

/* bearer_methods_supported: absent, or its length 1 and its first element "header". */
static int bearer_methods(const cJSON *bm, const char **err)
{
	if (bm == NULL)
		return 0;
	if (cJSON_IsNull(bm))
		return refuse(err, "Cannot read properties of null (reading 'length')");
	if (cJSON_IsArray(bm) && cJSON_GetArraySize(bm) == 1 && cJSON_IsString(bm->child) &&
	    strcmp(bm->child->valuestring, "header") == 0)
		return 0;
	return refuse(err, "resourceMetadata.bearer_methods_supported only supports 'header'");
}

/* Adds scope s[0..n) to c's required scopes unless it is there or is offline_access. */
static int add_scope(oc_config *c, const char *s, size_t n, const char **err)
{
	if (!oc_scope_token_ok(s, n))
		return refuse(err, BAD_SCOPES);
	if (n == 14 && memcmp(s, "offline_access", 14) == 0)
		return 0;
	for (size_t i = 0; i < c->nrequired_scopes; i++)
		if (strlen(c->required_scopes[i]) == n && memcmp(c->required_scopes[i], s, n) == 0)
			return 0;
	char *d = malloc(n + 1);
	if (d == NULL)
		return refuse(err, NULL);
	memcpy(d, s, n);
	d[n] = 0;
	c->required_scopes[c->nrequired_scopes++] = d;
	return 0;
}

/* The length of the UTF-8 sequence at s (a JavaScript string spreads by code point). */
static size_t code_point_len(const unsigned char *s)
{
	return *s < 0x80 ? 1 : *s < 0xe0 ? 2 : *s < 0xf0 ? 3 : 4;
}

static int required_scopes(oc_config *c, const cJSON *o, const cJSON *rm, const char **err)
{
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "requiredScopes");
	const cJSON *dep = cJSON_IsObject(rm) ? cJSON_GetObjectItemCaseSensitive(rm, "scopes_supported") : NULL;
	const cJSON *v, *e;
	if (req != NULL && dep != NULL)
		return refuse(err, "Set requiredScopes only: resourceMetadata.scopes_supported is deprecated in its favour");
	v = req != NULL && !cJSON_IsNull(req) ? req : dep; /* requiredScopes ?? scopes_supported */
	if (v == NULL || (v == req && cJSON_IsNull(v)))
		return 0;
	if (cJSON_IsString(v)) {
		size_t n = strlen(v->valuestring);
		if ((c->required_scopes = calloc(n ? n : 1, sizeof *c->required_scopes)) == NULL)
			return refuse(err, NULL);
		for (size_t i = 0, k; i < n; i += k) {
			k = code_point_len((const unsigned char *)v->valuestring + i);
			if (add_scope(c, v->valuestring + i, k > n - i ? n - i : k, err))
				return -1;
		}
	} else if (cJSON_IsArray(v)) {
		size_t n = (size_t)cJSON_GetArraySize(v);
		if ((c->required_scopes = calloc(n ? n : 1, sizeof *c->required_scopes)) == NULL)
			return refuse(err, NULL);
		cJSON_ArrayForEach(e, v) {
			if (!cJSON_IsString(e))
				return refuse(err, BAD_SCOPES);
			if (add_scope(c, e->valuestring, strlen(e->valuestring), err))
				return -1;
		}
	} else {
		return refuse(err, BAD_SCOPES);
	}
	c->has_required_scopes = c->nrequired_scopes > 0;
	return 0;
}

/* The RFC 9728 document, members in 1.2.3's order. */
static int metadata(oc_config *c, const cJSON *rm)
{
	cJSON *m = cJSON_CreateObject(), *a;
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(rm, "resource_name");
	int ok = m != NULL && cJSON_AddStringToObject(m, "resource", c->resource) != NULL &&
		cJSON_AddItemToObject(m, "authorization_servers",
			cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(rm, "authorization_servers"), 1));
	if (ok && c->nrequired_scopes) {
		ok = (a = cJSON_AddArrayToObject(m, "scopes_supported")) != NULL;
		for (size_t i = 0; ok && i < c->nrequired_scopes; i++)
			ok = cJSON_AddItemToArray(a, cJSON_CreateString(c->required_scopes[i]));
	}
	if (ok)
		ok = (a = cJSON_AddArrayToObject(m, "bearer_methods_supported")) != NULL &&
			cJSON_AddItemToArray(a, cJSON_CreateString("header"));
	if (ok && name != NULL)
		ok = cJSON_AddItemToObject(m, "resource_name", cJSON_Duplicate(name, 1));
	char *s = ok ? oc_json_print(m) : NULL;
	cJSON_Delete(m);
	if (s == NULL)
		return -1;
	c->rs_metadata_json = oc_config_strdup(s);
	cJSON_free(s);
	return c->rs_metadata_json ? 0 : -1;
}

int oc_config_rs_parse(oc_config *c, const cJSON *o, const char **err)
{
	const cJSON *rm = cJSON_GetObjectItemCaseSensitive(o, "resourceMetadata");
	c->profile = &oc_profile_1x;
	c->role = OC_ROLE_RESOURCE_SERVER;
	*err = NULL;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "optionsObject")))
		return refuse(err, "OAuth resource server options are required");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "badHandler")))
		return refuse(err, "handler must provide a fetch function or extend WorkerEntrypoint");
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "validateTokenFn")))
		return refuse(err, "validateToken must be a function");
	if (resource(c, rm, err) || issuers(cJSON_GetObjectItemCaseSensitive(rm, "authorization_servers"), err) ||
	    bearer_methods(cJSON_GetObjectItemCaseSensitive(rm, "bearer_methods_supported"), err) ||
	    required_scopes(c, o, rm, err))
		return -1;
	return metadata(c, rm) ? refuse(err, NULL) : 0;
}
