/* private_key_jwt at the token and introspection endpoints: verify, then spend the jti once. */
#include "flow/oc_flow_token.h"
#include "flow/oc_flow_discovery.h"
#include <string.h>

int oc_tep_assert_begin(oc_op *op, const oc_client *c, const oc_client_creds *cr, oc_assertion *as, oc_err *e)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	oc_assertion_ctx ctx = {
		oc_arena_strndup(op->arena, req->url.origin.p, req->url.origin.n),
		oc_flow_discovery_absolute(op, req, &op->cfg->token_endpoint),
		oc_op_now(op)
	};
	if (ctx.issuer == NULL || ctx.token_endpoint == NULL)
		return -2;
	if ((*e = oc_client_assertion_check(op->arena, c, cr, &ctx, as)).code != OC_OK)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if (as->jwks_uri != NULL) {
		*e = oc_client_assertion_refuse(op->arena, c, "jwks_uri_unsupported");
		return -1;
	}
	if (oc_op_emit_get(op, as->marker_key) != 0)
		return -2;
	return 1;
}

int oc_tep_assert_step(oc_op *op, const oc_client *c, oc_assertion *as, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	oc_fx *fx;

	if (as->marker_key == NULL) /* the marker is written: done */
		return r->status == OC_FXR_OK ? 0 : (*e = oc_store_fx_err(r, OC_STORE_ERR_HTTP), -1);
	if (r->status == OC_FXR_OK) {
		*e = oc_client_assertion_refuse(op->arena, c, "replayed");
		return -1;
	}
	if (r->status != OC_FXR_MISSING) {
		*e = oc_store_fx_err(r, OC_STORE_ERR_HTTP);
		return -1;
	}
	if ((fx = oc_op_emit(op, OC_FX_KV_PUT, as->marker_key, strlen(as->marker_key))) == NULL)
		return -2;
	fx->val = "1";
	fx->val_len = 1;
	fx->ttl = (uint32_t)as->marker_ttl;
	as->marker_key = NULL;
	return 1;
}
