/*
 * OC_KIND_CONSENT_REMEMBERED: the isConsentRemembered() helper.
 *
 * Args {"cookie": the Cookie header or null, "request": the AuthRequest,
 * "remember": {secret, subject?} (as approveConsent's; maxAgeSeconds is
 * checked too)}. A remember the rules refuse is a TypeError
 * (oc_remember_read). Answers true when the approvals cookie, verified with
 * the secret, holds an unexpired approval for the request's client,
 * redirect URI, resource and the subject, listing every scope the request
 * asks for (oc_approvals_cover); else false. A matching approval and
 * request scopes that are not an array: TypeError, as the reference cannot
 * iterate them.
 */
#include "consent/oc_consent_op.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"

oc_op_status oc_helper_consent_remembered(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const char *bad, *cookie, *name;
	oc_remember r;
	if (args == NULL)
		return OC_OP_FAILED;
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(args, "request");
	if ((bad = oc_remember_read(cJSON_GetObjectItemCaseSensitive(args, "remember"), &r)) != NULL)
		return oc_op_type_error(op, bad);
	if (oc_arg_str(args, "cookie", &cookie))
		cookie = NULL;
	cJSON *approvals = oc_consent_approvals_of(op, cookie, &r, &name);
	char *k = oc_approvals_key(op->arena, req, r.subject);
	if (approvals == NULL || k == NULL)
		return OC_OP_FAILED;
	int covered = oc_approvals_cover(approvals, k, oc_op_now(op),
		cJSON_GetObjectItemCaseSensitive(req, "scope"));
	if (covered < 0)
		return oc_op_type_error(op, "authRequest.scope.every is not a function");
	return oc_op_value(op, cJSON_CreateBool(covered));
}
