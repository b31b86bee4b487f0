/*
 * OC_KIND_FINISH_UPSTREAM: the finishUpstream() helper, at the third-party
 * provider's callback.
 *
 * Args {"cookie": the Cookie header or null, "url": the request's URL}. The
 * handle is the query's first "state" parameter, decoded as URLSearchParams
 * decodes it; none, or an empty one, is refused ("Missing state parameter",
 * AuthorizationError invalid_request). Then the upstream transaction is
 * opened and deleted (oc_consent_op.h). Answer {request, data (absent when
 * beginUpstream stored none), headers: Cache-Control: no-store, the binding
 * cookie cleared}.
 */
#include "consent/oc_consent_op.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "base/oc_url.h"
#include "base/oc_form.h"
#include <stdint.h>
#include <string.h>

/* URLSearchParams' reading of a runtime request URL's query. */
static const oc_form_limits query_limits = { SIZE_MAX, SIZE_MAX, OC_FORM_REPEATS | OC_FORM_WHATWG };

static const char *state_of(oc_op *op, const char *url)
{
	oc_url u;
	oc_form q;
	const oc_form_pair *p;
	if (url == NULL || oc_url_parse_request(&u, url, strlen(url))
	    || oc_form_parse(op->arena, u.query.p, u.query.n, &query_limits, &q).code != OC_OK
	    || (p = oc_form_get(&q, "state")) == NULL)
		return NULL;
	return p->value;
}

static oc_op_status answer(oc_op *op)
{
	oc_consent_txn *t = op->flow;
	cJSON *data = cJSON_GetObjectItemCaseSensitive(t->record, "data");
	cJSON *hs, *v = oc_consent_txn_answer(op, t, &hs);
	if (v == NULL)
		return OC_OP_FAILED;
	if (data != NULL)
		cJSON_AddItemToObject(v, "data", cJSON_DetachItemViaPointer(t->record, data));
	return oc_op_value(op, v);
}

static const oc_consent_steps steps = { "upstream", NULL, answer };

oc_op_status oc_helper_finish_upstream(oc_op *op)
{
	const char *url, *cookie, *state;
	oc_consent_txn *t;
	if (op->state != OC_CONSENT_START)
		return oc_consent_txn_resume(op, &steps);
	cJSON *args = oc_op_args(op);
	if (args == NULL || (t = op->flow = oc_arena_calloc(op->arena, sizeof *t)) == NULL)
		return OC_OP_FAILED;
	if (oc_arg_str(args, "url", &url))
		url = NULL;
	if (oc_arg_str(args, "cookie", &cookie))
		cookie = NULL;
	if ((state = state_of(op, url)) == NULL || state[0] == 0)
		return oc_consent_refuse(op, OC_ERR_INVALID_REQUEST, "Missing state parameter");
	return oc_consent_txn_ask(op, t, state, cookie, "upstream", OC_CONSENT_READ);
}
