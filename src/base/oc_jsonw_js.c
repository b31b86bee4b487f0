/* JSON values in a detail as JavaScript's String() and JSON.stringify give them (oc_jsonw_js.h). */
#include "base/oc_jsonw_js.h"
#include "base/oc_json_print.h"

/* String(v)'s text, raw (escaped by the caller). */
static void js_text(oc_jsonw *t, const cJSON *v)
{
	const cJSON *it;
	if (v == NULL) {
		oc_jsonw_lit(t, "undefined");
		return;
	}
	switch (v->type & 0xff) {
	case cJSON_NULL:
		oc_jsonw_lit(t, "null");
		return;
	case cJSON_False:
		oc_jsonw_lit(t, "false");
		return;
	case cJSON_True:
		oc_jsonw_lit(t, "true");
		return;
	case cJSON_Number:
		oc_jsonw_num(t, v->valuedouble);
		return;
	case cJSON_String:
		oc_jsonw_lit(t, v->valuestring);
		return;
	case cJSON_Array:
		cJSON_ArrayForEach(it, v) {
			if (it != v->child)
				oc_jsonw_lit(t, ",");
			if (!cJSON_IsNull(it))
				js_text(t, it);
		}
		return;
	default:
		oc_jsonw_lit(t, "[object Object]");
	}
}

void oc_jsonw_js_string(oc_jsonw *w, const cJSON *v)
{
	oc_jsonw t;
	size_t n;
	oc_jsonw_init(&t, w->a, 32);
	js_text(&t, v);
	const char *s = oc_jsonw_finish(&t, &n);
	if (s == NULL)
		w->err = 1;
	else
		oc_jsonw_str(w, s, n);
}

void oc_jsonw_js_value(oc_jsonw *w, const cJSON *v)
{
	const char *s;
	if (cJSON_IsString(v)) {
		oc_jsonw_cstr(w, v->valuestring);
		return;
	}
	oc_arena_bind_json(w->a);
	if ((s = oc_json_print(v)) == NULL)
		w->err = 1;
	else
		oc_jsonw_lit(w, s);
}

void oc_jsonw_js_member(oc_jsonw *w, const char *name, const cJSON *v)
{
	oc_jsonw_lit(w, "\"");
	oc_jsonw_lit(w, name);
	oc_jsonw_lit(w, "\":");
	if (v != NULL) {
		oc_jsonw_js_value(w, v);
		return;
	}
	oc_jsonw_lit(w, "null,\"\\u0000\":\"");
	oc_jsonw_lit(w, name);
	oc_jsonw_lit(w, "\"");
}
