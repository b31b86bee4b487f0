/*
 * OAuthResourceServer's fetch (1.2.3, docs/observed/rules-1.2.3.md 9.7,
 * R-RS-11 … R-RS-20): one protected resource, its token checked by the
 * application's validateToken (a user callback: the authorization server's
 * validateToken over a Service Binding, or in this Worker).
 *
 *   - A path in the /.well-known/oauth-protected-resource namespace:
 *     OPTIONS 204; the resource's own metadata URL (its origin, its path,
 *     the resource's query carried) with GET or HEAD: the RFC 9728 document
 *     (no-store); with another method 405 (Allow: GET, HEAD, OPTIONS); any
 *     other path there a bare 404. Each with CORS.
 *   - Outside the resource (oc_resource_covers): a bare 404, no CORS.
 *   - OPTIONS 204 (CORS); no usable Bearer credential (1.2.3's
 *     /^Bearer[\t ]+([^\s,]+)$/i): 401 with the challenge (realm,
 *     resource_metadata, the required scopes), no body.
 *   - Else the callback "validateToken" is asked with the token (what
 *     crosses back: js-shim/resource-server.js). What it threw: an
 *     OAuthError answers {error, error_description} with its status and
 *     headers, invalid_token as 401 and insufficient_scope as 403 with a
 *     challenge unless its headers bring one (insufficient_scope's names
 *     its requiredScopes, else the required scopes; a scope that is not a
 *     scope token makes it a bare 503); anything else a bare 503.
 *   - Its result must be an object whose audience names the resource
 *     (oc_resource_matches), with own props, expiresAt (when given) a
 *     finite number after now, scope (when given) an array of scope
 *     tokens, userId and clientId (when given) strings; else 401 with the
 *     challenge and error="invalid_token". Then the handler, with the
 *     result's props and ctx.auth {token, audience: the resource,
 *     expiresAt?, scope, userId?, clientId?}.
 * Every answer but the bare 404 gets CORS when the request has an Origin
 * (the handler's response too, keeping what it set).
 */
#include "op/oc_op_kinds.h"
#include "flow/oc_flow_dispatch.h"
#include "flow/oc_flow_bearer.h"
#include "flow/oc_flow_discovery.h"
#include "op/oc_http.h"
#include "op/oc_callback.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_scope.h"
#include "base/oc_form.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include "cJSON.h"
#include <string.h>

#define PRM "/.well-known/oauth-protected-resource"

enum { START, VALIDATED };

typedef struct {
	const char *tok;
	size_t tok_len;
} rs_state;

static oc_op_status respond(oc_op *op, oc_http_resp *r, const oc_http_req *q, int cors)
{
	if (cors)
		oc_http_resp_cors(op, r, q);
	return oc_http_respond(op, r);
}

static oc_op_status bare(oc_op *op, const oc_http_req *q, int status, int cors)
{
	oc_http_resp r;
	oc_http_resp_init(&r, status);
	if (status == 204)
		oc_http_resp_header(&r, "Content-Length", "0");
	if (status == 503) {
		oc_http_resp_header(&r, "Cache-Control", "no-store");
		oc_http_resp_header(&r, "Pragma", "no-cache");
	}
	return respond(op, &r, q, cors);
}

static int in_namespace(oc_slice p)
{
	size_t k = strlen(PRM);
	return p.n >= k && memcmp(p.p, PRM, k) == 0 && (p.n == k || p.p[k] == '/');
}

/* The request is for the resource's metadata URL; -1 when out of memory. */
static int is_metadata_url(oc_op *op, const oc_http_req *q)
{
	const oc_url *r = &op->cfg->resource_url;
	oc_slice p = q->url.path, rp = r->path;
	size_t k = strlen(PRM);
	if (rp.n == 1 && rp.p[0] == '/')
		rp.n = 0;
	if (!oc_url_same_origin(&q->url, r) || p.n != k + rp.n || memcmp(p.p + k, rp.p, rp.n) != 0)
		return 0;
	return r->query.n == 0 ? 1 : oc_form_query_carries(op->arena, q->url.query.p, q->url.query.n,
		r->query.p, r->query.n, 0);
}

static oc_op_status metadata(oc_op *op, const oc_http_req *q)
{
	if (oc_slice_eq(q->method, "OPTIONS"))
		return bare(op, q, 204, 1);
	int mine = is_metadata_url(op, q);
	if (mine < 0)
		return OC_OP_FAILED;
	if (!mine)
		return bare(op, q, 404, 1);
	oc_http_resp r;
	if (!oc_slice_eq(q->method, "GET") && !oc_slice_eq(q->method, "HEAD")) {
		oc_http_resp_init(&r, 405);
		oc_http_resp_header(&r, "Allow", "GET, HEAD, OPTIONS");
		return respond(op, &r, q, 1);
	}
	const char *doc = op->cfg->rs_metadata_json;
	oc_http_resp_json_no_store(&r, 200, doc, strlen(doc));
	return respond(op, &r, q, 1);
}

/* 1.2.3's /^Bearer[\t ]+([^\s,]+)$/i on the header (as Headers.get trims it). */
static void bearer(oc_slice h, const char **tok, size_t *n)
{
	size_t i = 6;
	*tok = NULL;
	*n = 0;
	if (h.n < 8)
		return;
	for (size_t k = 0; k < 6; k++)
		if ((char)(h.p[k] | 0x20) != "bearer"[k])
			return;
	while (i < h.n && (h.p[i] == ' ' || h.p[i] == '\t'))
		i++;
	if (i == 6 || i == h.n)
		return;
	for (size_t k = i; k < h.n; k++) {
		unsigned char c = (unsigned char)h.p[k];
		if (c == ',' || c == ' ' || (c >= '\t' && c <= '\r') ||
		    (c == 0xc2 && k + 1 < h.n && (unsigned char)h.p[k + 1] == 0xa0))
			return;
	}
	*tok = h.p + i;
	*n = h.n - i;
}

static int has_challenge(const cJSON *headers)
{
	const cJSON *h;
	cJSON_ArrayForEach(h, headers) {
		const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		if (name != NULL && strlen(name) == 16) {
			size_t i;
			for (i = 0; i < 16 && (char)(name[i] | (name[i] >= 'A' && name[i] <= 'Z' ? 0x20 : 0)) == "www-authenticate"[i]; i++)
				;
			if (i == 16)
				return 1;
		}
	}
	return 0;
}

/*
 * insufficient_scope's challenge: its requiredScopes (an array; null or
 * absent: the required scopes) deduplicated; NULL with *bad set when one is
 * not a scope token (or they are not an array), NULL alone when out of memory.
 */
static char *scope_challenge(oc_op *op, const cJSON *req, int *bad)
{
	const oc_config *cfg = op->cfg;
	size_t cap = (req && !cJSON_IsNull(req) ? (size_t)cJSON_GetArraySize(req) : cfg->nrequired_scopes), n = 0;
	const char **v = oc_arena_alloc(op->arena, (cap ? cap : 1) * sizeof *v);
	const cJSON *e;
	size_t len = 128;
	*bad = 0;
	if (v == NULL)
		return NULL;
	if (req == NULL || cJSON_IsNull(req)) {
		for (size_t i = 0; i < cfg->nrequired_scopes; i++)
			v[n++] = cfg->required_scopes[i];
	} else if (!cJSON_IsArray(req)) {
		*bad = 1;
		return NULL;
	} else {
		cJSON_ArrayForEach(e, req) {
			const char *s = cJSON_GetStringValue(e);
			if (s == NULL || !oc_scope_token_ok(s, strlen(s))) {
				*bad = 1;
				return NULL;
			}
			size_t k;
			for (k = 0; k < n && strcmp(v[k], s) != 0; k++)
				;
			if (k == n)
				v[n++] = s;
		}
	}
	char *md = oc_flow_discovery_resource_metadata_url(op, NULL);
	if (md == NULL)
		return NULL;
	oc_jsonw w; /* as a plain text builder (raw pieces only) */
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	oc_jsonw_init(&w, op->arena, len + strlen(md));
	oc_jsonw_lit(&w, "Bearer realm=\"OAuth\", error=\"insufficient_scope\"");
	for (size_t i = 0; i < n; i++) {
		oc_jsonw_lit(&w, i ? " " : ", scope=\"");
		oc_jsonw_raw(&w, v[i], strlen(v[i]));
	}
	if (n)
		oc_jsonw_lit(&w, "\"");
	oc_jsonw_lit(&w, ", resource_metadata=\"");
	oc_jsonw_raw(&w, md, strlen(md));
	oc_jsonw_lit(&w, "\"");
	return oc_jsonw_finish(&w, NULL);
}

/* What validateToken threw. */
static oc_op_status thrown(oc_op *op, const oc_http_req *q, const oc_fx_result *r)
{
	oc_cb_thrown x;
	oc_cb_thrown_read(r, &x);
	if (x.kind != OC_CB_THROWN_OAUTH)
		return bare(op, q, 503, 1);
	const char *code = cJSON_GetStringValue(x.code);
	int invalid = code != NULL && strcmp(code, "invalid_token") == 0;
	int scope = code != NULL && strcmp(code, "insufficient_scope") == 0;
	char *ch = NULL;
	if ((invalid || scope) && !has_challenge(x.headers)) {
		int bad = 0;
		ch = invalid ? oc_bearer_challenge(op, q, "invalid_token", 0, NULL, 0)
		             : scope_challenge(op, x.required_scopes, &bad);
		if (bad)
			return bare(op, q, 503, 1);
		if (ch == NULL)
			return OC_OP_FAILED;
	}
	oc_http_resp resp;
	int rc = oc_cb_error_response(op, &resp, x.code, x.description, invalid || scope ? NULL : x.status_code,
		x.headers, NULL);
	if (rc < 0)
		return OC_OP_FAILED;
	if (rc > 0)
		return oc_http_throw(op, "OAuthError statusCode must be an integer from 200 to 599");
	if (invalid || scope)
		resp.status = invalid ? 401 : 403;
	if (ch != NULL)
		oc_http_resp_header(&resp, "WWW-Authenticate", ch);
	return respond(op, &resp, q, 1);
}

/* A string member, or "bad" listed: 1 ok (s set or absent), 0 unusable. */
static int listed_bad(const cJSON *v, const char *name)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(v, "bad"))
		if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
			return 1;
	return 0;
}

/* The result's checks (see the header); 1 usable. */
static int usable(oc_op *op, const cJSON *v)
{
	const char *aud = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "audience"));
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(v, "expiresAt");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(v, "scope"), *e;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "object")) || aud == NULL ||
	    !oc_resource_matches(aud, strlen(aud), op->cfg->resource) ||
	    !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "props")) ||
	    listed_bad(v, "expiresAt") || listed_bad(v, "scope") || listed_bad(v, "userId") || listed_bad(v, "clientId"))
		return 0;
	if (exp != NULL && (!cJSON_IsNumber(exp) || exp->valuedouble <= op->now_ms / 1000.0))
		return 0;
	cJSON_ArrayForEach(e, scope)
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)))
			return 0;
	return (scope == NULL || cJSON_IsArray(scope)) &&
		(cJSON_GetObjectItemCaseSensitive(v, "userId") == NULL || cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "userId"))) &&
		(cJSON_GetObjectItemCaseSensitive(v, "clientId") == NULL || cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "clientId")));
}

static void member(oc_jsonw *w, const cJSON *v, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(v, name);
	if (m == NULL)
		return;
	oc_jsonw_name(w, name);
	char *t = oc_json_print(m); /* a string or a finite number (usable) */
	if (t == NULL) {
		w->err = 1;
		return;
	}
	oc_jsonw_lit(w, t);
}

static oc_op_status validated(oc_op *op, const oc_http_req *q, rs_state *s)
{
	const oc_fx_result *r = &op->res[0];
	if (r->status == OC_FXR_FAILED)
		return thrown(op, q, r);
	cJSON *v = r->status == OC_FXR_OK ? cJSON_ParseWithLength(r->data, r->len) : NULL;
	if (r->status == OC_FXR_OK && v == NULL)
		return OC_OP_FAILED;
	if (v == NULL || !usable(op, v))
		return oc_bearer_unauthorized(op, q, "invalid_token");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(v, "scope"), *e;
	oc_jsonw w;
	oc_jsonw_init(&w, op->arena, 256 + s->tok_len + r->len);
	oc_jsonw_lit(&w, "{\"token\":");
	oc_jsonw_str(&w, s->tok, s->tok_len);
	oc_jsonw_lit(&w, ",\"audience\":");
	oc_jsonw_cstr(&w, op->cfg->resource);
	member(&w, v, "expiresAt");
	oc_jsonw_lit(&w, ",\"scope\":[");
	int first = 1;
	cJSON_ArrayForEach(e, scope) {
		if (!first)
			oc_jsonw_lit(&w, ",");
		oc_jsonw_cstr(&w, e->valuestring);
		first = 0;
	}
	oc_jsonw_lit(&w, "]");
	member(&w, v, "userId");
	member(&w, v, "clientId");
	oc_jsonw_lit(&w, "}");
	char *auth = oc_jsonw_finish(&w, NULL);
	if (auth == NULL)
		return OC_OP_FAILED;
	oc_http_resp cors, *extra = NULL;
	if (q->origin.n) {
		oc_http_resp_init(&cors, 0);
		oc_http_resp_cors(op, &cors, q);
		extra = &cors;
	}
	return oc_http_to_api(op, 0, NULL, 0, auth, extra);
}

oc_op_status oc_flow_rs(oc_op *op)
{
	oc_http_req *q = OC_HTTP_REQ(op);
	rs_state *s = OC_HTTP_SUB(op);
	static const char name[] = "validateToken";

	switch (op->state) {
	case START: {
		if (in_namespace(q->url.path))
			return metadata(op, q);
		int covered = oc_resource_covers(op->arena, op->cfg, &q->url);
		if (covered < 0)
			return OC_OP_FAILED;
		if (!covered)
			return bare(op, q, 404, 0);
		if (oc_slice_eq(q->method, "OPTIONS"))
			return bare(op, q, 204, 1);
		if ((s = oc_arena_calloc(op->arena, sizeof *s)) == NULL)
			return OC_OP_FAILED;
		OC_HTTP_SUB(op) = s;
		bearer(q->authorization, &s->tok, &s->tok_len);
		if (s->tok_len == 0)
			return oc_bearer_unauthorized(op, q, NULL);
		oc_fx *fx = oc_op_emit(op, OC_FX_CALLBACK, name, sizeof name - 1);
		if (fx == NULL)
			return OC_OP_FAILED;
		fx->val = s->tok;
		fx->val_len = (uint32_t)s->tok_len;
		op->state = VALIDATED;
		return OC_OP_EFFECTS;
	}
	case VALIDATED:
		return validated(op, q, s);
	default:
		return OC_OP_FAILED;
	}
}
