/*
 * OC_KIND_DENY_CONSENT: the denyConsent() helper.
 *
 * Args {"cookie", "handle" (as approveConsent's), "description": a string or
 * null}. Opens and deletes the consent transaction (oc_consent_op.h), then
 * builds the error redirect from the stored request, never from the form:
 * its redirectUri with error=access_denied, error_description when given,
 * and its state and issuer when they are non-empty strings (oc_redirect_error,
 * as authorizationErrorRedirect). Answer {request, redirectTo, headers:
 * Cache-Control: no-store, Location, the binding cookie cleared}. A stored
 * redirectUri that is not a URL is a TypeError "Invalid URL string." after
 * the transaction was consumed, as in the reference.
 */
#include "consent/oc_consent_op.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_redirect.h"
#include <string.h>

typedef struct {
	oc_consent_txn t;
	const char *description;
} deny_state;

/* A member of the stored request when it is a non-empty string (the reference's truthiness), else NULL. */
static const char *text(const cJSON *req, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(req, name);
	return cJSON_IsString(m) && m->valuestring[0] ? m->valuestring : NULL;
}

static oc_op_status answer(oc_op *op)
{
	deny_state *st = op->flow;
	cJSON *req = cJSON_GetObjectItemCaseSensitive(st->t.record, "request");
	const char *uri = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(req, "redirectUri"))
		? cJSON_GetObjectItemCaseSensitive(req, "redirectUri")->valuestring : NULL;
	const char *pairs[] = { "error", "access_denied", "error_description", st->description,
		"state", text(req, "state"), "iss", text(req, "issuer"), NULL };
	char *to = uri != NULL ? oc_redirect_error(op->arena, uri, pairs) : NULL;
	if (to == NULL)
		return oc_op_type_error(op, "Invalid URL string.");
	cJSON *hs, *v = oc_consent_txn_answer(op, &st->t, &hs);
	if (v == NULL || oc_consent_header(hs, "Location", to) || !cJSON_AddStringToObject(v, "redirectTo", to))
		return OC_OP_FAILED;
	return oc_op_value(op, v);
}

static const oc_consent_steps steps = { "consent", NULL, answer };

oc_op_status oc_helper_deny_consent(oc_op *op)
{
	const char *handle, *cookie;
	deny_state *st;
	if (op->state != OC_CONSENT_START)
		return oc_consent_txn_resume(op, &steps);
	cJSON *args = oc_op_args(op);
	if (args == NULL || (st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL)
		return OC_OP_FAILED;
	if (oc_arg_str(args, "handle", &handle))
		handle = NULL;
	if (oc_arg_str(args, "cookie", &cookie))
		cookie = NULL;
	if (oc_arg_str(args, "description", &st->description) || (st->description && !st->description[0]))
		st->description = NULL;
	return oc_consent_txn_ask(op, &st->t, handle, cookie, "consent", OC_CONSENT_READ);
}
