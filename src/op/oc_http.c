/* The HTTP request of an OC_KIND_HTTP op, and the answers a flow can give. */
#include "op/oc_http.h"
#include "op/oc_http_binary.h"
#include "flow/oc_flow_dispatch.h"
#include "cJSON.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include <string.h>

static oc_slice field(const oc_op *op, unsigned i, int *bad)
{
	const char *p;
	size_t n;
	if (oc_op_field(op, i, &p, &n) != 0) {
		*bad = 1;
		return (oc_slice){ "", 0 };
	}
	return (oc_slice){ p, n };
}

int oc_http_req_read(oc_op *op, oc_http_req *req)
{
	int bad = 0;
	memset(req, 0, sizeof *req);
	req->method = field(op, OC_HTTP_F_METHOD, &bad);
	req->url_text = field(op, OC_HTTP_F_URL, &bad);
	req->authorization = field(op, OC_HTTP_F_AUTHORIZATION, &bad);
	req->content_type = field(op, OC_HTTP_F_CONTENT_TYPE, &bad);
	req->origin = field(op, OC_HTTP_F_ORIGIN, &bad);
	if (bad || oc_url_parse_request(&req->url, req->url_text.p, req->url_text.n) != 0)
		return -1;
	return 0;
}

int oc_http_body_request(oc_op *op, uint32_t max_bytes)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_BODY, "", 0);
	if (fx == NULL)
		return -1;
	fx->ttl = max_bytes;
	return 0;
}

oc_err oc_http_body_ready(oc_op *op, oc_http_req *req)
{
	if (op->nres != 1 || op->res[0].status == OC_FXR_FAILED)
		return OC_ERR(OC_ERR_INVALID_REQUEST, "Request body could not be read");
	if (op->res[0].status == OC_FXR_MISSING) /* the host saw more than the limit */
		return OC_ERR(OC_ERR_INVALID_REQUEST, "Request body too large");
	req->has_body = 1;
	req->body = op->res[0].data ? op->res[0].data : "";
	req->body_len = op->res[0].len;
	return OC_ERR_NONE;
}

void oc_http_resp_init(oc_http_resp *r, int status)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->own_to = -1;
}

void oc_http_resp_header(oc_http_resp *r, const char *name, const char *value)
{
	if (r->nheaders < OC_HTTP_MAX_HEADERS) {
		r->hname[r->nheaders] = name;
		r->hvalue[r->nheaders] = value;
		r->hmode[r->nheaders] = 's';
		r->nheaders++;
	}
}

void oc_http_resp_json(oc_http_resp *r, const char *json, size_t n)
{
	oc_http_resp_header(r, "Content-Type", "application/json");
	r->body = json;
	r->body_len = n;
}

void oc_http_resp_json_no_store(oc_http_resp *r, int status, const char *json, size_t n)
{
	oc_http_resp_init(r, status);
	oc_http_resp_json(r, json, n);
	r->own_from = r->nheaders; /* an error's own headers (onError): these and what follows */
	oc_http_resp_header(r, "Cache-Control", "no-store");
	oc_http_resp_header(r, "Pragma", "no-cache");
}

void oc_http_resp_oauth_error_named(oc_op *op, oc_http_resp *r, int status, const char *code, const char *desc)
{
	oc_jsonw w;
	size_t len = 0;
	oc_jsonw_init(&w, op->arena, 128);
	oc_jsonw_lit(&w, "{\"error\":");
	oc_jsonw_cstr(&w, code);
	oc_jsonw_lit(&w, ",\"error_description\":");
	oc_jsonw_cstr(&w, desc);
	oc_jsonw_lit(&w, "}");
	char *s = oc_jsonw_finish(&w, &len);
	oc_http_resp_json_no_store(r, status, s, len);
	r->err_code = code;
	r->err_desc = desc;
}

void oc_http_resp_oauth_error(oc_op *op, oc_http_resp *r, int status, oc_err e)
{
	oc_http_resp_oauth_error_named(op, r, status, oc_code_name(e.code), e.desc ? e.desc : "");
	r->err_why = e.why;
}

void oc_http_resp_cors(oc_op *op, oc_http_resp *r, const oc_http_req *q)
{
	if (q->origin.n == 0)
		return;
	char *origin = oc_arena_strndup(op->arena, q->origin.p, q->origin.n);
	if (origin == NULL)
		return;
	if (r->own_to < 0)
		r->own_to = r->nheaders;
	int from = r->nheaders;
	oc_http_resp_header(r, "Access-Control-Allow-Origin", origin);
	oc_http_resp_header(r, "Access-Control-Allow-Methods", "*");
	oc_http_resp_header(r, "Access-Control-Allow-Headers", "Authorization, *");
	oc_http_resp_header(r, "Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After");
	oc_http_resp_header(r, "Access-Control-Max-Age", "86400");
	if (op->cfg->profile->cors_vary)
		oc_http_resp_header(r, "Vary", "Origin");
	for (int i = from; op->cfg->profile->cors_keeps_existing && i < r->nheaders; i++)
		r->hmode[i] = strcmp(r->hname[i], "Vary") == 0 ||
			strcmp(r->hname[i], "Access-Control-Expose-Headers") == 0 ? 'a' : 'k';
}

void oc_http_resp_copy_header(oc_http_resp *r, const oc_http_resp *from, int i)
{
	int n = r->nheaders;
	oc_http_resp_header(r, from->hname[i], from->hvalue[i]);
	if (r->nheaders > n)
		r->hmode[n] = from->hmode[i];
}

int oc_http_resp_has_modes(const oc_http_resp *r)
{
	for (int i = 0; r != NULL && i < r->nheaders; i++)
		if (r->hmode[i] != 's')
			return 1;
	return 0;
}

oc_op_status oc_http_respond(oc_op *op, const oc_http_resp *r)
{
	/* HEAD: GET's status and headers, no body. */
	int head = r->no_body || (op->kind == OC_KIND_HTTP && op->flow != NULL &&
	                          oc_slice_eq(OC_HTTP_REQ(op)->method, "HEAD"));
	if (op->binary)
		return oc_http_binary_response(op, r, head);
	cJSON *o = cJSON_CreateObject(), *h = cJSON_CreateArray();
	if (o == NULL || h == NULL)
		return OC_OP_FAILED;
	cJSON_AddStringToObject(o, "t", "response");
	cJSON_AddNumberToObject(o, "status", r->status);
	for (int i = 0; i < r->nheaders; i++) {
		cJSON *pair = cJSON_CreateArray();
		cJSON_AddItemToArray(pair, cJSON_CreateString(r->hname[i]));
		cJSON_AddItemToArray(pair, cJSON_CreateString(r->hvalue[i]));
		cJSON_AddItemToArray(h, pair);
	}
	cJSON_AddItemToObject(o, "headers", h);
	if (oc_http_resp_has_modes(r)) {
		char *m = oc_arena_strndup(op->arena, r->hmode, (size_t)r->nheaders);
		if (m == NULL)
			return OC_OP_FAILED;
		cJSON_AddStringToObject(o, "modes", m);
	}
	if (r->body != NULL && !head) {
		char *b = oc_arena_strndup(op->arena, r->body, r->body_len);
		if (b == NULL)
			return OC_OP_FAILED;
		cJSON_AddStringToObject(o, "body", b);
	}
	if (r->err_code != NULL) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "code", r->err_code);
		cJSON_AddStringToObject(e, "description", r->err_desc ? r->err_desc : "");
		cJSON *own = cJSON_AddArrayToObject(e, "own");
		cJSON_AddItemToArray(own, cJSON_CreateNumber(r->own_from));
		cJSON_AddItemToArray(own, cJSON_CreateNumber(r->own_to < 0 ? r->nheaders : r->own_to));
		if (r->err_why != NULL) {
			const char *reason = r->err_why + strlen(r->err_why) + 1;
			cJSON *in = cJSON_AddObjectToObject(e, "internal");
			cJSON_AddStringToObject(in, "category", r->err_why);
			cJSON_AddStringToObject(in, "reason", reason);
			cJSON_AddStringToObject(in, "detail", reason + strlen(reason) + 1);
		}
		if (r->err_request)
			cJSON_AddTrueToObject(e, "request");
	}
	if (r->warn != NULL)
		cJSON_AddStringToObject(o, "warn", r->warn);
	char *s = oc_json_print(o);
	return oc_op_finish(op, s, s ? strlen(s) : 0);
}

oc_op_status oc_http_token_error(oc_op *op, oc_err e, int basic_challenge)
{
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, oc_code_status(e.code), e);
	if (basic_challenge && e.code == OC_ERR_INVALID_CLIENT)
		oc_http_resp_header(&r, "WWW-Authenticate", "Basic realm=\"OAuth\"");
	return oc_http_respond(op, &r);
}

oc_op_status oc_http_to_api(oc_op *op, int handler, const char *props, size_t props_len,
	const char *auth_json, const oc_http_resp *extra)
{
	oc_jsonw w;
	size_t auth_len = auth_json ? strlen(auth_json) : 4;
	size_t len;
	if (op->binary)
		return oc_http_binary_api(op, handler, props, props_len, auth_json ? auth_json : "null",
			auth_len, extra);
	oc_jsonw_init(&w, op->arena, 256 + (props != NULL ? props_len : 0) + auth_len);
	oc_jsonw_lit(&w, "{\"t\":\"api\",\"handler\":");
	oc_jsonw_int(&w, handler);
	if (props != NULL) {
		oc_jsonw_lit(&w, ",\"props\":");
		oc_jsonw_raw(&w, props, props_len);
	}
	oc_jsonw_lit(&w, ",\"auth\":");
	oc_jsonw_raw(&w, auth_json ? auth_json : "null", auth_len);
	if (extra != NULL) {
		oc_jsonw_lit(&w, ",\"headers\":[");
		for (int i = 0; i < extra->nheaders; i++) {
			oc_jsonw_lit(&w, i ? ",[" : "[");
			oc_jsonw_cstr(&w, extra->hname[i]);
			oc_jsonw_lit(&w, ",");
			oc_jsonw_cstr(&w, extra->hvalue[i]);
			oc_jsonw_lit(&w, "]");
		}
		oc_jsonw_lit(&w, "]");
		if (oc_http_resp_has_modes(extra)) {
			oc_jsonw_lit(&w, ",\"modes\":\"");
			oc_jsonw_raw(&w, extra->hmode, (size_t)extra->nheaders);
			oc_jsonw_lit(&w, "\"");
		}
	}
	oc_jsonw_lit(&w, "}");
	char *s = oc_jsonw_finish(&w, &len);
	return oc_op_finish(op, s, s ? len : 0);
}

oc_op_status oc_http_to_default(oc_op *op)
{
	static const char out[] = "{\"t\":\"default\"}";
	if (op->binary)
		return oc_http_binary_default(op);
	return oc_op_finish(op, out, sizeof out - 1);
}

/* fetch() throws: the callback's error (message NULL), else a TypeError or (plain) an Error. */
static oc_op_status throw_answer(oc_op *op, const char *message, int plain)
{
	oc_jsonw w;
	size_t len;
	if (op->binary)
		return oc_http_binary_throw(op, message, plain);
	oc_jsonw_init(&w, op->arena, 64);
	oc_jsonw_lit(&w, "{\"t\":\"throw\"");
	if (message != NULL) {
		oc_jsonw_lit(&w, plain ? ",\"name\":\"Error\",\"message\":" : ",\"message\":");
		oc_jsonw_cstr(&w, message);
	}
	oc_jsonw_lit(&w, "}");
	char *s = oc_jsonw_finish(&w, &len);
	return oc_op_finish(op, s, s ? len : 0);
}

oc_op_status oc_http_throw(oc_op *op, const char *type_error)
{
	return throw_answer(op, type_error, 0);
}

oc_op_status oc_http_throw_error(oc_op *op, const char *message)
{
	return throw_answer(op, message, 1);
}
