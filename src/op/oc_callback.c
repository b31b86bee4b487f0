/* A user callback's answer as the shim serialises it, and the error answers made of it (oc_callback.h). */
#include "op/oc_callback.h"
#include "base/oc_jsonw.h"
#include "base/oc_json_print.h"
#include <string.h>

void oc_cb_thrown_read(const oc_fx_result *r, oc_cb_thrown *out)
{
	memset(out, 0, sizeof *out);
	cJSON *o = r->len ? cJSON_ParseWithLength(r->data, r->len) : NULL;
	if (!cJSON_IsObject(o))
		return;
	const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kind"));
	if (kind != NULL && strcmp(kind, "OAuthError") == 0)
		out->kind = OC_CB_THROWN_OAUTH;
	else if (kind != NULL && strcmp(kind, "ExternalTokenError") == 0)
		out->kind = OC_CB_THROWN_EXTERNAL;
	out->code = cJSON_GetObjectItemCaseSensitive(o, "code");
	out->description = cJSON_GetObjectItemCaseSensitive(o, "description");
	out->status_code = cJSON_GetObjectItemCaseSensitive(o, "statusCode");
	out->headers = cJSON_GetObjectItemCaseSensitive(o, "headers");
	out->required_scopes = cJSON_GetObjectItemCaseSensitive(o, "requiredScopes");
	out->message = cJSON_GetObjectItemCaseSensitive(o, "message");
}

int oc_cb_truthy(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsString(v))
		return v->valuestring[0] != 0;
	return 1;
}

/* A value as onError is given it: a string as it is, anything else as its JSON text ("" when absent). */
static const char *as_text(const cJSON *v)
{
	if (v == NULL)
		return "";
	if (cJSON_IsString(v))
		return v->valuestring;
	char *s = oc_json_print(v);
	return s != NULL ? s : "";
}

/* One member of the error body, its value as the callback gave it. */
static void body_member(oc_jsonw *w, int *first, const char *name, const cJSON *v)
{
	if (v == NULL)
		return;
	char *s = oc_json_print(v);
	if (s == NULL) {
		w->err = 1;
		return;
	}
	oc_jsonw_lit(w, *first ? "{\"" : ",\"");
	oc_jsonw_lit(w, name);
	oc_jsonw_lit(w, "\":");
	oc_jsonw_lit(w, s);
	*first = 0;
}

int oc_cb_error_response(oc_op *op, oc_http_resp *r, const cJSON *code, const cJSON *description,
	const cJSON *status, const cJSON *headers, const char *why)
{
	int st = 400;
	if (status != NULL && !cJSON_IsNull(status)) {
		double d = status->valuedouble;
		if (!cJSON_IsNumber(status) || !(d >= 200 && d <= 599) || d != (double)(int)d)
			return 1;
		st = (int)d;
	}
	oc_jsonw w;
	int first = 1;
	size_t len;
	oc_jsonw_init(&w, op->arena, 128);
	body_member(&w, &first, "error", code);
	body_member(&w, &first, "error_description", description);
	oc_jsonw_lit(&w, first ? "{}" : "}");
	char *body = oc_jsonw_finish(&w, &len);
	if (body == NULL)
		return -1;
	oc_http_resp_json_no_store(r, st, body, len);
	r->err_code = as_text(code);
	r->err_desc = as_text(description);
	r->err_why = why;
	const cJSON *h;
	cJSON_ArrayForEach(h, headers) {
		const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		const char *value = cJSON_GetStringValue(cJSON_GetArrayItem(h, 1));
		if (name == NULL || value == NULL)
			continue;
		int i;
		for (i = 0; i < r->nheaders && strcmp(r->hname[i], name) != 0; i++)
			;
		if (i < r->nheaders) {
			r->hvalue[i] = value;
			continue;
		}
		if (r->nheaders == OC_HTTP_MAX_HEADERS - 8) /* room kept for CORS and a challenge */
			return -1;
		oc_http_resp_header(r, name, value);
	}
	return 0;
}
