/*
 * Internal: the table of operation kinds, their step functions, and what the
 * flows share. Each flow owns op->state from 0 when it starts.
 */
#ifndef OC_OP_KINDS_H
#define OC_OP_KINDS_H

#include "op/oc_op.h"
#include "op/oc_http.h"
#include "cJSON.h"
#include "store/oc_kv.h"
#include "base/oc_strs.h"

oc_op_fn oc_op_kind_fn(int kind);

/* ---- OC_KIND_HTTP: the dispatcher parses the request, then hands over ---- */
typedef struct {
	oc_http_req req;
	int route;            /* the apiRoute entry the request falls under, or -1 */
	void *sub;            /* the delegated flow's own state */
} oc_http_state;

#define OC_HTTP_REQ(op) (&((oc_http_state *)(op)->flow)->req)
#define OC_HTTP_SUB(op) (((oc_http_state *)(op)->flow)->sub)
#define OC_HTTP_ROUTE(op) (((oc_http_state *)(op)->flow)->route)

oc_op_status oc_flow_dispatch(oc_op *op);       /* dispatcher (oc_flow_dispatch.c) */
oc_op_status oc_flow_token(oc_op *op);      /* POST token endpoint (oc_flow_token.c) */
oc_op_status oc_flow_bearer(oc_op *op);        /* API route (oc_flow_bearer.c) */

/* ---- helper kinds: one JSON argument in, {"t":"value"|"error"} out ---- */
oc_op_status oc_helper_parse_auth_request(oc_op *op);
oc_op_status oc_helper_complete_authorization(oc_op *op);
oc_op_status oc_helper_create_client(oc_op *op);
oc_op_status oc_helper_lookup_client(oc_op *op);
oc_op_status oc_helper_list_user_grants(oc_op *op);
oc_op_status oc_helper_revoke_grant(oc_op *op);
oc_op_status oc_helper_insufficient_scope(oc_op *op);

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
/* Emits the KV read of client:{client_id}; -1 when out of memory. */
int oc_op_get_client(oc_op *op, const char *client_id);
/*
 * The client a KV read returned: 1 found (decoded into out), 0 missing or
 * unreadable, -1 the read failed (answer with oc_op_fx_error).
 */
int oc_op_client_result(oc_op *op, const oc_fx_result *r, oc_client *out);
/* The same for a grant record: 1 found and decoded, 0 missing or unreadable, -1 failed. */
int oc_op_grant_result(oc_op *op, const oc_fx_result *r, oc_grant *out);
/* The error answer for a failed KV effect: temporarily_unavailable when rate limited. */
oc_op_status oc_op_fx_error(oc_op *op, const oc_fx_result *r);

/*
 * Revoking grants (revokeGrant, completeAuthorization's revokeExistingGrants):
 * list each grant's access tokens (token:{userId}:{grantId}:, following
 * cursors), then delete the tokens and the grants in one batch (a listed
 * key outside the grant's prefix is not deleted). begin and
 * resume return 1 when effects were emitted (return OC_OP_EFFECTS and call
 * resume with the results), 0 when done, -1 when an effect failed (failed
 * points at its result) or memory ran out (failed NULL).
 */
typedef struct {
	const char *user_id;
	char **grants; size_t n;
	char **cursor;          /* per grant: next list cursor */
	unsigned char *listing; /* per grant: a list is pending */
	char **del; size_t ndel, cap;
	int phase;
	const oc_fx_result *failed;
} oc_revoke;

int oc_revoke_begin(oc_op *op, oc_revoke *rv, const char *user_id, char **grant_ids, size_t n);
int oc_revoke_resume(oc_op *op, oc_revoke *rv);

/* 1 if r names the configured resource (1.x: same origin, same path; 0.x: any absolute URI). */
int oc_authz_resource_ok(const oc_config *cfg, const char *r);

#endif
