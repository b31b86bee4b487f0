/*
 * oc_jsonw_js: a parsed JSON value written into a detail as the reference's
 * JavaScript writes it: oc_jsonw_js_string as the JSON string of String(v)
 * (NULL, an absent member, is "undefined"; an array its elements' texts
 * joined with ",", null as ""; an object "[object Object]"), oc_jsonw_js_value
 * as the value itself (JSON.stringify's text), printed in the writer's arena.
 */
#ifndef OC_JSONW_JS_H
#define OC_JSONW_JS_H

#include "base/oc_jsonw.h"
#include "cJSON.h"

void oc_jsonw_js_string(oc_jsonw *w, const cJSON *v);
void oc_jsonw_js_value(oc_jsonw *w, const cJSON *v);

#endif
