/*
 * RFC 8414 and RFC 9728 metadata documents. Ours adds, only when enabled,
 * client_credentials to grant_types_supported and introspection_endpoint
 * with its auth methods.
 */
#include "flow/oc_flow_discovery.h"
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_ema.h"
#include "oauth/oc_client_meta.h"
#include "op/oc_http.h"
#include "cJSON.h"
#include "base/oc_json_print.h"
#include "base/oc_url.h"
#include "op/oc_callback.h"
#include <string.h>

#define AS_WELL_KNOWN "/.well-known/oauth-authorization-server"
#define PR_WELL_KNOWN "/.well-known/oauth-protected-resource"

static int starts(oc_slice s, const char *pre)
{
	size_t n = strlen(pre);
	return s.n >= n && memcmp(s.p, pre, n) == 0;
}

int oc_flow_discovery_match(const oc_config *cfg, const oc_http_req *q)
{
	oc_slice p = q->url.path;
	size_t n = strlen(PR_WELL_KNOWN);
	if (oc_slice_eq(p, AS_WELL_KNOWN))
		return OC_DOC_AS;
	if (!starts(p, PR_WELL_KNOWN) || (p.n > n && p.p[n] != '/'))
		return OC_DOC_NONE;
	if (cfg->profile->resource_metadata == OC_PROFILE_PRM_PER_PATH)
		return OC_DOC_RESOURCE;
	/* Only the configured resource's own metadata path, on its origin. */
	oc_slice rest = { p.p + n, p.n - n };
	oc_slice rp = cfg->resource_url.path;
	if (rp.n == 1 && rp.p[0] == '/')
		rp.n = 0;
	if (rest.n == rp.n && (rp.n == 0 || memcmp(rest.p, rp.p, rp.n) == 0) &&
	    oc_url_same_origin(&q->url, &cfg->resource_url))
		return OC_DOC_RESOURCE;
	return OC_DOC_RESOURCE_404;
}

char *oc_flow_discovery_resource_metadata_url(oc_op *op, const oc_http_req *q)
{
	const oc_config *cfg = op->cfg;
	const oc_url *u = cfg->profile->resource_metadata == OC_PROFILE_PRM_CONFIGURED
		? &cfg->resource_url : &q->url;
	oc_slice path = u->path;
	if (path.n == 1 && path.p[0] == '/')
		path.n = 0;
	char *md = oc_arena_cat3(op->arena, u->origin.p, u->origin.n, PR_WELL_KNOWN, strlen(PR_WELL_KNOWN), path.p, path.n);
	/* RFC 9728 §3.1: the configured resource's query follows the path. */
	if (md == NULL || u != &cfg->resource_url || u->query.n == 0)
		return md;
	return oc_arena_cat3(op->arena, md, strlen(md), "?", 1, u->query.p, u->query.n);
}

char *oc_flow_discovery_absolute(oc_op *op, const oc_http_req *q, const oc_endpoint *ep)
{
	if (ep->full_url)
		return ep->text;
	return oc_arena_cat3(op->arena, q->url.origin.p, q->url.origin.n, ep->text, strlen(ep->text), "", 0);
}

char *oc_flow_discovery_fixed_issuer(const oc_config *cfg)
{
	if (cfg->issuer != NULL)
		return cfg->issuer;
	if (cfg->token_endpoint.full_url)
		return cfg->token_endpoint.origin;
	return NULL;
}

char *oc_flow_discovery_issuer(oc_op *op, const oc_http_req *q)
{
	char *fixed = oc_flow_discovery_fixed_issuer(op->cfg);
	return fixed != NULL ? fixed : oc_arena_strndup(op->arena, q->url.origin.p, q->url.origin.n);
}

static cJSON *str_array(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

static cJSON *lit_array(const char *const *v)
{
	cJSON *a = cJSON_CreateArray();
	for (; *v; v++)
		cJSON_AddItemToArray(a, cJSON_CreateString(*v));
	return a;
}

/* The grant types, in the references' order (ours, client_credentials, before implicit). */
static cJSON *grant_types(const oc_config *cfg)
{
	const char *v[OC_CLIENT_CAPS_GRANTS + 1];
	v[oc_client_caps_grants(cfg, cfg->allow_client_credentials, v)] = NULL;
	return lit_array(v);
}

static cJSON *as_metadata(oc_op *op, const oc_http_req *q)
{
	const oc_config *cfg = op->cfg;
	static const char *const code[] = { "code", NULL }, *const code_token[] = { "code", "token", NULL };
	static const char *const query[] = { "query", NULL }, *const query_fragment[] = { "query", "fragment", NULL };
	static const char *const auth_methods[] = { "client_secret_basic", "client_secret_post", "none", NULL };
	static const char *const s256[] = { "S256", NULL }, *const s256_plain[] = { "plain", "S256", NULL };
	static const char *const secret_methods[] = { "client_secret_basic", "client_secret_post", NULL };
	/* allowPrivateKeyJwt (ours): the method and its algorithms, at both endpoints */
	static const char *const auth_methods_pkj[] = { "client_secret_basic", "client_secret_post", "none",
		"private_key_jwt", NULL };
	static const char *const secret_methods_pkj[] = { "client_secret_basic", "client_secret_post",
		"private_key_jwt", NULL };
	static const char *const jws_algs[] = { "RS256", "ES256", NULL };
	/* clientIdMetadataDocumentEnabled with the host's global_fetch_strictly_public: the reference's cimdSupported */
	int cimd = cfg->cimd_enabled && cfg->fetch_strictly_public;
	/* private_key_jwt at the token endpoint: ours (allowPrivateKeyJwt), or document clients' (the profile's) */
	int token_pkj = cfg->allow_private_key_jwt || (cimd && cfg->profile->cimd_private_key_jwt);
	int pkj = cfg->allow_private_key_jwt;
	char *issuer = oc_flow_discovery_issuer(op, q);
	cJSON *o = cJSON_CreateObject();
	if (issuer == NULL || o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "issuer", issuer);
	cJSON_AddStringToObject(o, "authorization_endpoint", oc_flow_discovery_absolute(op, q, &cfg->authorize_endpoint));
	cJSON_AddStringToObject(o, "token_endpoint", oc_flow_discovery_absolute(op, q, &cfg->token_endpoint));
	if (cfg->profile->as_metadata_lists_resource) {
		cJSON *pr = cJSON_AddArrayToObject(o, "protected_resources");
		for (size_t i = 0; i < oc_resource_count(cfg); i++)
			cJSON_AddItemToArray(pr, cJSON_CreateString(oc_resource_nth(cfg, i)));
	}
	if (cfg->has_registration_endpoint)
		cJSON_AddStringToObject(o, "registration_endpoint", oc_flow_discovery_absolute(op, q, &cfg->registration_endpoint));
	if (cfg->has_scopes_supported)
		cJSON_AddItemToObject(o, "scopes_supported", str_array(cfg->scopes_supported, cfg->nscopes_supported));
	cJSON_AddItemToObject(o, "response_types_supported", lit_array(cfg->allow_implicit_flow ? code_token : code));
	cJSON_AddItemToObject(o, "response_modes_supported", lit_array(cfg->allow_implicit_flow ? query_fragment : query));
	cJSON_AddItemToObject(o, "grant_types_supported", grant_types(cfg));
	if (cfg->ema) {
		static const char *const id_jag[] = { OC_EMA_GRANT_PROFILE, NULL };
		cJSON_AddItemToObject(o, "authorization_grant_profiles_supported", lit_array(id_jag));
	}
	cJSON_AddItemToObject(o, "token_endpoint_auth_methods_supported", lit_array(token_pkj ? auth_methods_pkj : auth_methods));
	if (token_pkj)
		cJSON_AddItemToObject(o, "token_endpoint_auth_signing_alg_values_supported", lit_array(jws_algs));
	cJSON_AddStringToObject(o, "revocation_endpoint", oc_flow_discovery_absolute(op, q, &cfg->token_endpoint));
	if (cfg->has_introspection_endpoint) { /* ours: RFC 7662, RFC 8414 §2 */
		cJSON_AddStringToObject(o, "introspection_endpoint", oc_flow_discovery_absolute(op, q, &cfg->introspection_endpoint));
		cJSON_AddItemToObject(o, "introspection_endpoint_auth_methods_supported",
			lit_array(pkj ? secret_methods_pkj : secret_methods));
		if (pkj)
			cJSON_AddItemToObject(o, "introspection_endpoint_auth_signing_alg_values_supported", lit_array(jws_algs));
	}
	cJSON_AddItemToObject(o, "code_challenge_methods_supported", lit_array(cfg->allow_plain_pkce ? s256_plain : s256));
	cJSON_AddBoolToObject(o, "authorization_response_iss_parameter_supported", 1);
	cJSON_AddBoolToObject(o, "client_id_metadata_document_supported", cimd);
	return o;
}

/* scopes_supported of both documents: the required scopes once each, without offline_access, when any remain. */
static void add_resource_scopes(cJSON *o, const oc_config *cfg)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a != NULL && cfg->has_required_scopes && i < cfg->nrequired_scopes; i++) {
		const char *sc = cfg->required_scopes[i];
		int seen = strcmp(sc, "offline_access") == 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(cfg->required_scopes[j], sc) == 0;
		if (!seen)
			cJSON_AddItemToArray(a, cJSON_CreateString(sc));
	}
	if (cJSON_GetArraySize(a) > 0)
		cJSON_AddItemToObject(o, "scopes_supported", a);
	else
		cJSON_Delete(a);
}

/* A member of resourceMetadata that is given: neither absent nor null (JavaScript's `??`). */
static const cJSON *given_member(const cJSON *given, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(given, name);
	return cJSON_IsNull(v) ? NULL : v;
}

/*
 * OC_PROFILE_PRM_PER_PATH (0.10.4's document): resource (the configured one,
 * else the request's origin plus the path after the well-known prefix, the
 * origin alone for none or "/"); authorization_servers as given, else the
 * issuer (oc_flow_discovery_issuer: the token endpoint's origin); scopes_supported from resourceMetadata's,
 * deduplicated, without offline_access, when any remain;
 * bearer_methods_supported as given, else ["header"]; resource_name when
 * truthy. Nothing else resourceMetadata holds.
 */
static cJSON *resource_metadata_per_path(oc_op *op, const oc_http_req *q)
{
	const oc_config *cfg = op->cfg;
	cJSON *given = cfg->resource_metadata_json ? cJSON_Parse(cfg->resource_metadata_json) : NULL;
	char *issuer = oc_flow_discovery_issuer(op, q);
	cJSON *o = cJSON_CreateObject(), *a;
	const cJSON *v;
	size_t n = strlen(PR_WELL_KNOWN);

	if (o == NULL || issuer == NULL)
		return NULL;
	if (cfg->resource != NULL)
		cJSON_AddStringToObject(o, "resource", cfg->resource);
	else {
		/* the path after the prefix; none, or "/" alone, names the origin */
		size_t k = q->url.path.n - n == 1 && q->url.path.p[n] == '/' ? 0 : q->url.path.n - n;
		cJSON_AddStringToObject(o, "resource", oc_arena_cat3(op->arena, q->url.origin.p, q->url.origin.n,
			q->url.path.p + n, k, "", 0));
	}
	if ((v = given_member(given, "authorization_servers")) != NULL)
		cJSON_AddItemToObject(o, "authorization_servers", cJSON_Duplicate(v, 1));
	else if ((a = cJSON_AddArrayToObject(o, "authorization_servers")) != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString(issuer));
	add_resource_scopes(o, cfg);
	if ((v = given_member(given, "bearer_methods_supported")) != NULL)
		cJSON_AddItemToObject(o, "bearer_methods_supported", cJSON_Duplicate(v, 1));
	else if ((a = cJSON_AddArrayToObject(o, "bearer_methods_supported")) != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString("header"));
	if (oc_cb_truthy(v = cJSON_GetObjectItemCaseSensitive(given, "resource_name")))
		cJSON_AddItemToObject(o, "resource_name", cJSON_Duplicate(v, 1));
	return o;
}

/*
 * OC_PROFILE_PRM_CONFIGURED (1.2.3's document): resource; authorization_servers
 * as given, else the request's origin; scopes_supported, the required scopes
 * once each without offline_access, when any remain; bearer_methods_supported
 * ["header"] (the only value construction accepts); resource_name when
 * truthy. Nothing else resourceMetadata holds.
 */
static cJSON *resource_metadata(oc_op *op, const oc_http_req *q)
{
	const oc_config *cfg = op->cfg;
	if (cfg->profile->resource_metadata == OC_PROFILE_PRM_PER_PATH)
		return resource_metadata_per_path(op, q);
	char *issuer = oc_flow_discovery_issuer(op, q);
	cJSON *given = cfg->resource_metadata_json ? cJSON_Parse(cfg->resource_metadata_json) : NULL;
	cJSON *o = cJSON_CreateObject(), *a;
	const cJSON *v;
	if (issuer == NULL || o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "resource", cfg->resource);
	if ((v = given_member(given, "authorization_servers")) != NULL)
		cJSON_AddItemToObject(o, "authorization_servers", cJSON_Duplicate(v, 1));
	else if ((a = cJSON_AddArrayToObject(o, "authorization_servers")) != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString(issuer));
	add_resource_scopes(o, cfg);
	if ((a = cJSON_AddArrayToObject(o, "bearer_methods_supported")) != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString("header"));
	if (oc_cb_truthy(v = cJSON_GetObjectItemCaseSensitive(given, "resource_name")))
		cJSON_AddItemToObject(o, "resource_name", cJSON_Duplicate(v, 1));
	return o;
}

oc_op_status oc_flow_discovery_serve(oc_op *op, const oc_http_req *q, int doc)
{
	oc_http_resp r;
	/* A metadata path that is not the resource's is 404 whatever the method. */
	if (doc == OC_DOC_RESOURCE_404) {
		oc_http_resp_init(&r, 404);
		oc_http_resp_cors(op, &r, q);
		return oc_http_respond(op, &r);
	}
	if (!op->cfg->profile->discovery_any_method && !oc_slice_eq(q->method, "GET") && !oc_slice_eq(q->method, "HEAD")) {
		oc_http_resp_init(&r, 405);
		if (op->cfg->profile->method_not_allowed_allow)
			oc_http_resp_header(&r, "Allow", "GET, HEAD, OPTIONS");
		oc_http_resp_cors(op, &r, q);
		return oc_http_respond(op, &r);
	}
	cJSON *o = doc == OC_DOC_AS ? as_metadata(op, q) : resource_metadata(op, q);
	char *s = o ? oc_json_print(o) : NULL;
	if (s == NULL)
		return OC_OP_FAILED;
	oc_http_resp_init(&r, 200);
	oc_http_resp_json(&r, s, strlen(s));
	oc_http_resp_cors(op, &r, q);
	return oc_http_respond(op, &r);
}
