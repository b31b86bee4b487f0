/*
 * oc_callback: what a user callback answered, as the shim hands it back on
 * an OC_FX_CALLBACK effect, and the error answers built from it.
 *
 * The shim only calls the function and serialises (js-shim/provider.js);
 * every rule about the answer is the caller's, in C. Result statuses:
 *   OC_FXR_MISSING  the callback returned undefined
 *   OC_FXR_OK       it returned a value: its serialisation, which each
 *                   callback documents (oc_flow_token_callback.c,
 *                   oc_flow_bearer_external.c)
 *   OC_FXR_FAILED   it threw (or its value could not be serialised): data,
 *                   when present, a JSON object describing what was thrown:
 *                   "kind" ("OAuthError" or "ExternalTokenError" for an
 *                   instance of this package's class, else "other"), and the
 *                   error's "code", "description", "statusCode", "headers"
 *                   (an array of [name, value] strings, in the order of
 *                   the error's headers object) and "requiredScopes", as
 *                   the error holds them (absent when undefined); for
 *                   another thrown Error, "message" (its message). The shim
 *                   keeps the thrown value: oc_http_throw(op, NULL) rethrows it.
 */
#ifndef OC_CALLBACK_H
#define OC_CALLBACK_H

#include "op/oc_http.h"
#include "cJSON.h"

typedef enum {
	OC_CB_THROWN_OTHER = 0,
	OC_CB_THROWN_OAUTH,    /* an OAuthError of this package */
	OC_CB_THROWN_EXTERNAL  /* an ExternalTokenError of this package */
} oc_cb_thrown_kind;

typedef struct {
	oc_cb_thrown_kind kind;
	const cJSON *code, *description, *status_code, *headers, *required_scopes; /* NULL: absent */
	const cJSON *message; /* kind OTHER: an Error's message (NULL: not an Error) */
} oc_cb_thrown;

/* Reads a FAILED result's description (no data or not JSON: kind OTHER). Never fails. */
void oc_cb_thrown_read(const oc_fx_result *r, oc_cb_thrown *out);

/*
 * The answer createErrorResponse makes of a code, description, status and
 * headers: status (absent or null: 400), body {"error":code,
 * "error_description":description} (members whose value is absent left
 * out), Content-Type: application/json, Cache-Control: no-store, Pragma:
 * no-cache, then each given header, one named exactly as one already there
 * replacing its value (a JS object's keys). The error's own headers for
 * onError are Cache-Control onwards, its reason why (oc_err.h). Returns 0; 1 when the status is not an
 * integer in 200..599 (a Response cannot carry it: the caller throws);
 * -1 when out of memory or the headers do not fit.
 */
int oc_cb_error_response(oc_op *op, oc_http_resp *r, const cJSON *code, const cJSON *description,
	const cJSON *status, const cJSON *headers, const char *why);

/* 1 when a JSON value is truthy as JavaScript reads it (NULL: undefined, falsy). */
int oc_cb_truthy(const cJSON *v);

#endif
