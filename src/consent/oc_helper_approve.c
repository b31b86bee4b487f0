/*
 * OC_KIND_APPROVE_CONSENT: the approveConsent() helper.
 *
 * Args {"cookie": the request's Cookie header or null, "handle": the posted
 * handle (null when not a string), "scope"?: the approved scopes as given
 * (false when not an array), "remember"?: RememberConsentOptions}.
 *
 * In order: remember, when given, is checked (oc_remember_read: TypeError);
 * the consent transaction is opened (oc_consent_op.h: AuthorizationError
 * invalid_request); scope, when given, must be an array of scope tokens,
 * each in scopesSupported when that is configured ("Approved scopes must be
 * ones this server supports", AuthorizationError invalid_scope; the
 * transaction is then left unused), and replaces the stored request's scope
 * with its members once each, in order; the transaction is deleted. The
 * answer is {request: the stored request (scope replaced), headers:
 * Cache-Control: no-store, the binding cookie cleared, and with remember the
 * approvals cookie (oc_consent_approvals.h) remembering the request's scope
 * for its client, redirect URI, resource and remember.subject}.
 */
#include "consent/oc_consent_op.h"
#include "consent/oc_consent_approvals.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_scope.h"
#include <string.h>

typedef struct {
	oc_consent_txn t;
	int remember;
	oc_remember r;
	cJSON *request;
} approve_state;

/* The stored request with scope (a checked array) replacing its scope, in place; -1 when out of memory. */
static int replace_scope(approve_state *st, const oc_strs *scope)
{
	cJSON *req = cJSON_GetObjectItemCaseSensitive(st->t.record, "request");
	cJSON *s = oc_scope_to_json(scope);
	if (!cJSON_IsObject(req)) {
		if ((req = cJSON_CreateObject()) == NULL || !cJSON_AddItemToObject(st->t.record, "request", req))
			return -1;
	}
	if (s == NULL)
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(req, "scope") != NULL)
		return cJSON_ReplaceItemInObjectCaseSensitive(req, "scope", s) ? 0 : -1;
	return cJSON_AddItemToObject(req, "scope", s) ? 0 : -1;
}

/* The approved scopes check; 1 when accepted (the request updated), 0 refused, -1 out of memory. */
static int approved_scope(oc_op *op, approve_state *st, const cJSON *scope)
{
	oc_strs list, supported = { op->cfg->scopes_supported, op->cfg->nscopes_supported };
	if (oc_scope_from_json(op->arena, scope, &list).code != OC_OK)
		return 0;
	for (size_t i = 0; op->cfg->has_scopes_supported && i < list.n; i++)
		if (!oc_strs_has(&supported, list.v[i]))
			return 0;
	return replace_scope(st, &list) ? -1 : 1;
}

static oc_op_status answer(oc_op *op)
{
	approve_state *st = op->flow;
	cJSON *req = cJSON_GetObjectItemCaseSensitive(st->t.record, "request");
	char *remembered = NULL;
	if (st->remember) {
		const char *name;
		cJSON *approvals = oc_consent_approvals_of(op, st->t.cookies, &st->r, &name);
		char *k = oc_approvals_key(op->arena, req, st->r.subject);
		if (approvals == NULL || k == NULL || (remembered = oc_approvals_remember(op->arena, name, approvals, k,
		        cJSON_GetObjectItemCaseSensitive(req, "scope"), &st->r, oc_op_now(op))) == NULL)
			return OC_OP_FAILED;
	}
	cJSON *hs, *v = oc_consent_txn_answer(op, &st->t, &hs);
	if (v == NULL || (remembered && oc_consent_header(hs, "Set-Cookie", remembered)))
		return OC_OP_FAILED;
	return oc_op_value(op, v);
}

/* scope, when given, checked and put in the stored request. */
static int check(oc_op *op, oc_op_status *out)
{
	approve_state *st = op->flow;
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(st->request, "scope");
	int ok = scope != NULL ? approved_scope(op, st, scope) : 1;
	if (ok > 0)
		return 0;
	*out = ok < 0 ? OC_OP_FAILED : oc_consent_refuse(op, OC_ERR_INVALID_SCOPE, "Approved scopes must be ones this server supports");
	return -1;
}

static const oc_consent_steps steps = { "consent", check, answer };

oc_op_status oc_helper_approve_consent(oc_op *op)
{
	const char *handle, *cookie, *bad;
	approve_state *st;
	if (op->state != OC_CONSENT_START)
		return oc_consent_txn_resume(op, &steps);
	cJSON *args = oc_op_args(op);
	if (args == NULL || (st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL)
		return OC_OP_FAILED;
	const cJSON *rem = cJSON_GetObjectItemCaseSensitive(args, "remember");
	if (rem != NULL) {
		if ((bad = oc_remember_read(rem, &st->r)) != NULL)
			return oc_op_type_error(op, bad);
		st->remember = 1;
	}
	if (oc_arg_str(args, "handle", &handle))
		handle = NULL;
	if (oc_arg_str(args, "cookie", &cookie))
		cookie = NULL;
	st->request = args;
	return oc_consent_txn_ask(op, &st->t, handle, cookie, "consent", OC_CONSENT_READ);
}
