/*
 * authorizationErrorRedirect(request, code, description?): the OAuth error
 * redirect back to a client (RFC 6749 §4.1.2.1, RFC 9207), as 1.2.3 builds
 * it: request.redirectUri in its WHATWG serialization, its query with every
 * error, error_description, error_uri, state and iss pair removed, then
 * error=code (always, even empty), error_description, state and iss (each
 * when given and not empty), form-encoded (oc_redirect_error).
 *
 * Args: {"redirectUri","code", "description"?, "state"?, "issuer"?}, every
 * member a string or null (the shim turns the caller's values into strings
 * as JavaScript's String() does, and a falsy one into null).
 * Output: {"t":"value","value":"<the URL>"}; a redirectUri that does not parse
 * as a URL (or is missing) is a TypeError "Invalid URL string." (what
 * `new URL()` throws in workerd).
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_redirect.h"

static oc_op_status type_error(oc_op *op, const char *msg)
{
	cJSON *extra = cJSON_CreateObject();
	if (extra == NULL || !cJSON_AddStringToObject(extra, "name", "TypeError"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, msg), extra);
}

oc_op_status oc_helper_error_redirect(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const char *uri = NULL, *code = NULL, *desc = NULL, *state = NULL, *iss = NULL;

	if (args == NULL || oc_arg_str(args, "redirectUri", &uri) || oc_arg_str(args, "code", &code) ||
	    oc_arg_str(args, "description", &desc) || oc_arg_str(args, "state", &state) ||
	    oc_arg_str(args, "issuer", &iss) || code == NULL)
		return type_error(op, "authorizationErrorRedirect: arguments must be strings");
	const char *pairs[] = { "error", code, "error_description", desc, "state", state, "iss", iss, NULL };
	char *to = uri != NULL ? oc_redirect_error(op->arena, uri, pairs) : NULL;
	if (to == NULL)
		return type_error(op, "Invalid URL string.");
	cJSON *v = cJSON_CreateString(to);
	return v != NULL ? oc_op_value(op, v) : OC_OP_FAILED;
}
