/*
 * OC_KIND_BEGIN_CONSENT and OC_KIND_BEGIN_UPSTREAM: the beginConsent() and
 * beginUpstream() helpers. Neither checks the request: it is stored as
 * given (the caller's AuthRequest from parseAuthRequest, approveConsent or
 * isConsentRemembered).
 *
 * beginConsent({request}) stores {"kind":"consent","request"} as a new
 * transaction (oc_consent.h) and answers {handle, headers}: the binding
 * cookie "{prefix}consent-…" (Max-Age=600), Cache-Control: no-store,
 * Content-Security-Policy: frame-ancestors 'none', X-Frame-Options: DENY.
 *
 * beginUpstream({request, data?}) stores {"kind":"upstream","request","data"}
 * and answers {state: the handle, headers}: the binding cookie
 * "{prefix}upstream-…" and Cache-Control: no-store.
 *
 * A KV write that fails is the helpers' storage error (oc_op_fx_error).
 */
#include "consent/oc_consent_op.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "crypto/oc_crypto.h"

enum { START, WRITTEN };

static oc_op_status begin(oc_op *op, const char *which)
{
	oc_consent_handle *h = op->flow;
	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		if (args == NULL || (h = op->flow = oc_arena_calloc(op->arena, sizeof *h)) == NULL)
			return OC_OP_FAILED;
		return oc_consent_txn_create(op, h, which, cJSON_GetObjectItemCaseSensitive(args, "request"),
			cJSON_GetObjectItemCaseSensitive(args, "data"), WRITTEN);
	}
	case WRITTEN: {
		int consent = which[0] == 'c';
		cJSON *v = cJSON_CreateObject(), *hs = cJSON_CreateArray();
		if (op->res[0].status != OC_FXR_OK)
			return oc_op_fx_error(op, &op->res[0]);
		if (v == NULL || hs == NULL || !cJSON_AddStringToObject(v, consent ? "handle" : "state", h->handle)
		    || oc_consent_header(hs, "Set-Cookie", oc_consent_bind_cookie(op, which, h->hash))
		    || oc_consent_header(hs, "Cache-Control", "no-store")
		    || (consent && (oc_consent_header(hs, "Content-Security-Policy", "frame-ancestors 'none'")
		                    || oc_consent_header(hs, "X-Frame-Options", "DENY")))
		    || !cJSON_AddItemToObject(v, "headers", hs))
			return OC_OP_FAILED;
		oc_wipe(h->handle, sizeof h->handle);
		return oc_op_value(op, v);
	}
	default:
		return OC_OP_FAILED;
	}
}

oc_op_status oc_helper_begin_consent(oc_op *op)
{
	return begin(op, "consent");
}

oc_op_status oc_helper_begin_upstream(oc_op *op)
{
	return begin(op, "upstream");
}
