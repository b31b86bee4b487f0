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

/*
 * The member "name":v of a detail object, v as oc_jsonw_js_value writes it.
 * An absent v is a member the reference's object holds as undefined (kept by
 * Object.keys, left out by JSON.stringify): written "name":null,"\u0000":"name",
 * which the shim reads back as name: undefined in its place (js-shim/provider.js,
 * detailOf). name is plain ASCII, written as it is.
 */
void oc_jsonw_js_member(oc_jsonw *w, const char *name, const cJSON *v);

#endif
