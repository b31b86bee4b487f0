/*
 * Internal: the answers of the helper kinds ({"t":"value",…} and
 * {"t":"error",…}) and the readers of their JSON argument (field 0).
 */
#ifndef OC_OP_ANSWER_H
#define OC_OP_ANSWER_H

#include "op/oc_op.h"
#include "base/oc_strs.h"
#include "cJSON.h"

/* The helper's argument object (field 0 parsed), or NULL if not a JSON object. */
cJSON *oc_op_args(oc_op *op);
/* {"t":"value","value":v} (v NULL: null). */
oc_op_status oc_op_value(oc_op *op, cJSON *v);
/* {"t":"error","code":…,"description":…}: the shim throws it as an OAuthError. */
oc_op_status oc_op_error(oc_op *op, oc_err e);
/*
 * The same with extra's members merged in after them (extra is consumed; a
 * member named t, code or description is ignored). "name" tells the shim which
 * class to throw: "AuthorizationError" (with redirectUri, state, issuer,
 * redirectTo when a redirect is safe), "TypeError" or "Error" (message =
 * description); without it, OAuthError.
 */
oc_op_status oc_op_error_ex(oc_op *op, oc_err e, cJSON *extra);
/*
 * Argument readers: 0 with the value (absent or null: NULL / *has = 0), -1 if
 * the member has another type (an array must hold only strings).
 */
int oc_arg_str(const cJSON *o, const char *name, const char **out);
int oc_arg_strs(oc_arena *a, const cJSON *o, const char *name, int *has, oc_strs *out);

/*
 * A page size argument (listUserGrants, listClients): a number of at least 1,
 * at most 1000 (KV's largest page); 0 (the host's default) when absent or not
 * such a number.
 */
uint32_t oc_arg_limit(const cJSON *o, const char *name);
/*
 * 1 if the argument text (field 0) escapes a NUL character (\u0000) in some
 * string: cJSON's strings end at it, so a helper that must read a string
 * whole (a token) refuses it instead.
 */
int oc_op_args_have_nul(const oc_op *op);
/* {"t":"error",…,"name":"TypeError"}: the shim throws a TypeError(desc). */
oc_op_status oc_op_type_error(oc_op *op, const char *desc);

/* The error answer for a failed KV effect (oc_store_fx_err, in the helpers' wording). */
oc_op_status oc_op_fx_error(oc_op *op, const oc_fx_result *r);

#endif
