/* resourceMetadata under the 0.10.x profile (see oc_config_resource.h). */
#include "config/oc_config_resource.h"
#include "config/oc_config_routes.h"
#include "base/oc_url_whatwg.h"
#include "oauth/oc_scope.h"
#include "oauth/oc_resource.h"
#include "op/oc_callback.h"
#include "base/oc_json_print.h"
#include <stdlib.h>
#include <string.h>

/* s parses as a URL: its parts in *u (buf malloc'd, freed by the caller); 1, 0, or -1 out of memory. */
static int whatwg(const char *s, oc_url_whatwg *u, char **buf)
{
	size_t n = strlen(s);
	if ((*buf = malloc(OC_URL_WHATWG_BUF(n))) == NULL)
		return -1;
	return oc_url_whatwg_parse(u, s, n, *buf, OC_URL_WHATWG_BUF(n)) == 0;
}

static int is_scheme(const oc_url_whatwg *u, const char *s)
{
	return u->scheme.n == strlen(s) && memcmp(u->scheme.p, s, u->scheme.n) == 0;
}

/* An absolute http(s) URI without a fragment (RFC 8707 §2): 1, 0, or -1. */
static int resource_ok(const char *s)
{
	oc_url_whatwg u;
	char *buf;
	int r = s[0] != 0 ? whatwg(s, &u, &buf) : (buf = NULL, 0);
	if (r == 1)
		r = oc_resource_uri_parts_ok(&u);
	free(buf);
	return r;
}

/* An issuer: https, no query, no fragment (an empty '?' or '#' counts as none): 1, 0, or -1. */
static int issuer_ok(const char *s)
{
	oc_url_whatwg u;
	char *buf;
	int r = whatwg(s, &u, &buf);
	if (r == 1)
		r = is_scheme(&u, "https") && u.query.n <= 1 && u.fragment.n <= 1;
	free(buf);
	return r;
}

static int refuse(const char **err, const char *msg)
{
	*err = msg;
	return -1;
}

static int issuers(const cJSON *as, const char **err)
{
	static const char bad[] = "resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs";
	const cJSON *e;
	if (as == NULL)
		return 0;
	if (cJSON_IsNull(as)) /* 0.10.4 reads its length */
		return refuse(err, "Cannot read properties of null (reading 'length')");
	if (!cJSON_IsArray(as))
		return refuse(err, bad);
	if (cJSON_GetArraySize(as) == 0)
		return refuse(err, "resourceMetadata.authorization_servers must contain at least one issuer");
	cJSON_ArrayForEach(e, as) {
		int ok = cJSON_IsString(e) ? issuer_ok(e->valuestring) : 0;
		if (ok < 0)
			return *err = NULL, -1;
		if (!ok)
			return refuse(err, bad);
	}
	return 0;
}

static int required_scopes(oc_config *c, const cJSON *ss, const char **err)
{
	static const char bad[] = "resourceMetadata.scopes_supported must contain valid OAuth scope tokens";
	const cJSON *e;
	if (ss == NULL || cJSON_IsNull(ss))
		return 0;
	if (!cJSON_IsArray(ss))
		return refuse(err, bad);
	size_t k = (size_t)cJSON_GetArraySize(ss);
	if ((c->required_scopes = calloc(k ? k : 1, sizeof(char *))) == NULL)
		return *err = NULL, -1;
	c->has_required_scopes = 1;
	cJSON_ArrayForEach(e, ss) {
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)))
			return refuse(err, bad);
		if ((c->required_scopes[c->nrequired_scopes++] = oc_config_strdup(e->valuestring)) == NULL)
			return *err = NULL, -1;
	}
	return 0;
}

int oc_config_resource_0_10_check(oc_config *c, const cJSON *rm, const char **err)
{
	if (!oc_cb_truthy(rm) || !cJSON_IsObject(rm))
		return 0;
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(rm, "resource");
	if (r != NULL) { /* null is given, and no URI */
		int ok = cJSON_IsString(r) ? resource_ok(r->valuestring) : 0;
		if (ok < 0)
			return *err = NULL, -1;
		if (!ok)
			return refuse(err, "resourceMetadata.resource must be an absolute HTTP(S) URI without a fragment");
		/* it pins grants and tokens (oc_resource_pinned) */
		if ((c->resource = oc_config_strdup(r->valuestring)) == NULL)
			return *err = NULL, -1;
	}
	if (issuers(cJSON_GetObjectItemCaseSensitive(rm, "authorization_servers"), err) ||
	    required_scopes(c, cJSON_GetObjectItemCaseSensitive(rm, "scopes_supported"), err) ||
	    oc_config_bearer_methods_check(rm, err))
		return -1;
	/* kept for the RFC 9728 document (authorization_servers, bearer_methods_supported, resource_name) */
	char *s = oc_json_print(rm);
	if (s == NULL || (c->resource_metadata_json = oc_config_strdup(s)) == NULL) {
		cJSON_free(s);
		return *err = NULL, -1;
	}
	cJSON_free(s);
	return 0;
}
