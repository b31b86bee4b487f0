/*
 * resolveExternalToken, as the reference asks it: 1.2.3 for a bearer token
 * that is not of this provider's issued shape ("{user}:{16-character grant
 * id}:{32-character secret}"; a token of that shape that has no record is
 * refused without asking); 0.10.4 for every token without a record (the
 * profile's external_token, oc_flow_bearer.c). The shim calls it with
 * {token, request, env} and serialises its result: undefined as MISSING; an
 * object (or function) as {"audience": its audience}, keeping the object,
 * whose props the handler gets as they are; any other value as its JSON.
 * Rules:
 *   - falsy: 401 invalid_token "Invalid access token";
 *   - OC_PROFILE_EXTERNAL_AUDIENCE: as oc_profile.h says, then the API
 *     handler with its props alone; else (OC_PROFILE_EXTERNAL_CONFIGURED):
 *   - audience not a string naming the configured resource
 *     (oc_resource_matches): 401 invalid_token "External access token is not
 *     bound to the configured resource";
 *   - the request URL not under it (oc_resource_covers): 401 invalid_token
 *     "Token audience does not match resource server", the challenge saying
 *     error_description="Invalid audience";
 *   - else the API handler, with its props and ctx.auth {token, audience:
 *     the configured resource, scope: []}.
 * Each 401 carries the Bearer challenge. What it throws: an
 * ExternalTokenError answers with its code, description, statusCode and
 * headers (createErrorResponse's shape); for invalid_token with 401 and
 * insufficient_scope with 403 a Bearer challenge naming its error and its
 * requiredScopes (deduplicated; none given: the required scopes) is added
 * unless its headers hold a WWW-Authenticate of their own, and a required
 * scope that is not a scope-token throws a TypeError instead ("ExternalTokenError
 * requiredScopes must contain valid OAuth scope tokens"). Anything else thrown
 * escapes fetch() as it was.
 */
#include "flow/oc_flow_bearer.h"
#include "flow/oc_flow_dispatch.h"
#include "op/oc_callback.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_scope.h"
#include "base/oc_jsonw.h"
#include <string.h>

int oc_bearer_external_ask(oc_op *op, const char *tok, size_t n)
{
	static const char name[] = "resolveExternalToken";
	oc_fx *fx = oc_op_emit(op, OC_FX_CALLBACK, name, sizeof name - 1);
	if (fx == NULL)
		return -1;
	fx->val = tok;
	fx->val_len = (uint32_t)n;
	return 0;
}

/* 1 when one of the headers ([name, value] pairs) is named WWW-Authenticate, in any case. */
static int has_challenge(const cJSON *headers)
{
	static const char want[] = "www-authenticate";
	const cJSON *h;
	cJSON_ArrayForEach(h, headers) {
		const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		size_t i;
		for (i = 0; name != NULL && name[i] && i < sizeof want - 1; i++) {
			char c = name[i];
			if ((c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c) != want[i])
				break;
		}
		if (name != NULL && i == sizeof want - 1 && name[i] == 0)
			return 1;
	}
	return 0;
}

/* The status is exactly want (a JSON number). */
static int status_is(const cJSON *s, double want)
{
	return cJSON_IsNumber(s) && s->valuedouble == want;
}

/* What the resolver threw: an ExternalTokenError's answer, or it escapes. */
static oc_op_status thrown(oc_op *op, const oc_http_req *q, const oc_fx_result *r)
{
	oc_cb_thrown x;
	oc_cb_thrown_read(r, &x);
	if (x.kind != OC_CB_THROWN_EXTERNAL)
		return oc_http_throw(op, NULL);
	const char *code = cJSON_GetStringValue(x.code);
	int bearer = code != NULL && ((strcmp(code, "invalid_token") == 0 && status_is(x.status_code, 401)) ||
		(strcmp(code, "insufficient_scope") == 0 && status_is(x.status_code, 403)));
	char *ch = NULL;
	if (bearer && !has_challenge(x.headers)) {
		size_t cap = (size_t)cJSON_GetArraySize(x.required_scopes), n = 0;
		char **scopes = oc_arena_alloc(op->arena, (cap ? cap : 1) * sizeof *scopes);
		const cJSON *e;
		if (scopes == NULL)
			return OC_OP_FAILED;
		cJSON_ArrayForEach(e, x.required_scopes) {
			const char *s = cJSON_GetStringValue(e);
			if (s == NULL || !oc_scope_token_ok(s, strlen(s)))
				return oc_http_throw(op, "ExternalTokenError requiredScopes must contain valid OAuth scope tokens");
			size_t k;
			for (k = 0; k < n && strcmp(scopes[k], s) != 0; k++)
				;
			if (k == n)
				scopes[n++] = (char *)s;
		}
		/* none given: the required scopes; given but all offline_access: none */
		if ((ch = oc_bearer_challenge(op, q, code, 0, scopes, n)) == NULL)
			return OC_OP_FAILED;
	}
	oc_http_resp resp;
	int rc = oc_cb_error_response(op, &resp, x.code, x.description, x.status_code, x.headers,
		OC_WHY_ERROR("protected-resource", "resolver_rejected"));
	if (rc < 0)
		return OC_OP_FAILED;
	if (rc > 0)
		return oc_http_throw(op, "ExternalTokenError statusCode must be an integer from 200 to 599");
	if (ch != NULL)
		oc_http_resp_header(&resp, "WWW-Authenticate", ch);
	oc_http_resp_cors(op, &resp, q);
	return oc_http_respond(op, &resp);
}

/* The audience member e serves the request: 1, 0 (not a string included), -1 out of memory. */
static int serves(oc_op *op, const oc_http_req *q, const cJSON *e)
{
	return cJSON_IsString(e) ? oc_resource_audience_serves(op->arena, q->url_text.p, q->url_text.n, e->valuestring,
		strlen(e->valuestring)) : 0;
}

/* OC_PROFILE_EXTERNAL_AUDIENCE (oc_profile.h): the truthy answer v judged. */
static oc_op_status judge_audience(oc_op *op, const oc_http_req *q, const cJSON *v)
{
	const cJSON *aud = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "audience") : NULL, *e;
	if (oc_resource_pinned(op->cfg) && !oc_resource_exactly_json(aud, op->cfg->resource))
		return oc_bearer_invalid_token(op, q, "External access token is not bound to the configured resource", 0,
			OC_WHY("protected-resource", "external_audience_unbound"));
	if (oc_cb_truthy(aud)) {
		int served = 0;
		if (cJSON_IsArray(aud)) {
			cJSON_ArrayForEach(e, aud)
				if ((served = serves(op, q, e)) != 0)
					break;
		} else {
			served = serves(op, q, aud);
		}
		if (served < 0)
			return OC_OP_FAILED;
		if (!served)
			return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1,
				OC_WHY("protected-resource", "external_audience_mismatch"));
	}
	return oc_bearer_to_api(op, q, NULL, 0, NULL);
}

oc_op_status oc_bearer_external_judge(oc_op *op, const oc_http_req *q, const char *tok, size_t n)
{
	const oc_fx_result *r = &op->res[0];
	const oc_config *cfg = op->cfg;

	if (r->status == OC_FXR_FAILED)
		return thrown(op, q, r);
	cJSON *v = r->status == OC_FXR_OK ? cJSON_ParseWithLength(r->data, r->len) : NULL;
	if (r->status == OC_FXR_OK && v == NULL)
		return OC_OP_FAILED;
	if (!oc_cb_truthy(v))
		return oc_bearer_invalid_token(op, q, "Invalid access token", 0,
			OC_WHY("protected-resource", "external_token_rejected"));
	if (cfg->profile->external_token == OC_PROFILE_EXTERNAL_AUDIENCE)
		return judge_audience(op, q, v);
	const char *aud = cJSON_IsObject(v) ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "audience")) : NULL;
	if (aud == NULL || !oc_resource_matches(aud, strlen(aud), cfg->resource))
		return oc_bearer_invalid_token(op, q, "External access token is not bound to the configured resource", 0,
			OC_WHY("protected-resource", "external_audience_unbound"));
	int covered = oc_resource_covers(op->arena, cfg, &q->url);
	if (covered < 0)
		return OC_OP_FAILED;
	if (!covered)
		return oc_bearer_invalid_token(op, q, "Token audience does not match resource server", 1,
			OC_WHY("protected-resource", "external_audience_mismatch"));
	oc_jsonw w;
	oc_jsonw_init(&w, op->arena, 64 + n + strlen(cfg->resource));
	oc_jsonw_lit(&w, "{\"token\":");
	oc_jsonw_str(&w, tok, n);
	oc_jsonw_lit(&w, ",\"audience\":");
	oc_jsonw_cstr(&w, cfg->resource);
	oc_jsonw_lit(&w, ",\"scope\":[]}");
	char *auth = oc_jsonw_finish(&w, NULL);
	if (auth == NULL)
		return OC_OP_FAILED;
	return oc_bearer_to_api(op, q, NULL, 0, auth);
}
