/* private_key_jwt at the token and introspection endpoints: the keys (inline, or a jwks_uri's,
 * cached), the signature, then the jti spent once. */
#include "flow/oc_flow_token.h"
#include "flow/oc_flow_discovery.h"
#include "op/oc_fetch.h"
#include "jose/oc_jwk.h"
#include "store/oc_kv_jwks.h"
#include <string.h>

/* The batch awaited. */
enum { MARKER_READ = 0, MARKER_READ_AFTER_PUT, MARKER_WRITE, CACHE_READ, FETCHING, CACHE_PUT_THEN_REFUSE };

static int ask_marker(oc_op *op, oc_tep_assertion *t, int stage)
{
	if (oc_op_emit_get(op, t->as.marker_key) != 0)
		return -2;
	t->stage = stage;
	return 1;
}

static int ask_fetch(oc_op *op, oc_tep_assertion *t)
{
	if (oc_fetch_emit(op, t->as.jwks_uri, OC_JWKS_MAX_BYTES, OC_JWKS_TIMEOUT_MS) == NULL)
		return -2;
	t->stage = FETCHING;
	return 1;
}

static int refused(oc_err got, oc_err *e)
{
	*e = got;
	return got.code == OC_ERR_SERVER_ERROR ? -2 : -1;
}

/* The round's first batch, from the assertion; as step below. */
static int begin(oc_op *op, const oc_client *c, const oc_client_creds *cr, oc_tep_assertion *t, oc_err *e)
{
	oc_http_req *req = OC_HTTP_REQ(op);
	oc_assertion_ctx ctx = {
		oc_flow_discovery_issuer(op, req),
		oc_flow_discovery_absolute(op, req, &op->cfg->token_endpoint),
		oc_op_now(op)
	};
	memset(t, 0, sizeof *t);
	t->fetched_at = -1;
	if (ctx.issuer == NULL || ctx.token_endpoint == NULL)
		return -2;
	if ((*e = oc_client_assertion_check(op->arena, c, cr, &ctx, &t->as)).code != OC_OK)
		return e->code == OC_ERR_SERVER_ERROR ? -2 : -1;
	if (t->as.jwks_uri == NULL)
		return ask_marker(op, t, MARKER_READ);
	if (oc_fetch_url_check(t->as.jwks_uri, strlen(t->as.jwks_uri)) != NULL)
		return refused(oc_client_assertion_refuse(op->arena, c, "jwks_fetch_failed", "fetch", "fetch_url_refused"), e);
	t->cache_key = oc_kv_jwks_key(op->arena, t->as.jwks_uri);
	if (oc_op_emit_get(op, t->cache_key) != 0)
		return -2;
	t->stage = CACHE_READ;
	return 1;
}

/* CACHE_READ: a cached set verifies, lacks the key (fetched again when old enough), or is fetched. */
static int on_cached(oc_op *op, const oc_client *c, oc_tep_assertion *t, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];
	const char *set;
	size_t n;
	int64_t at;
	int no_key;

	if (r->status == OC_FXR_MISSING || (r->status == OC_FXR_OK && oc_kv_jwks_decode(r->data, r->len, &at, &set, &n) != 0))
		return ask_fetch(op, t);
	if (r->status != OC_FXR_OK)
		return refused(oc_store_fx_err(r, OC_STORE_ERR_HTTP), e);
	oc_err v = oc_client_assertion_verify(op->arena, c, &t->as, set, n, &no_key);
	if (v.code == OC_OK)
		return ask_marker(op, t, MARKER_READ);
	if (!no_key || oc_op_now(op) - at < OC_JWKS_REFETCH_AFTER)
		return refused(v, e);
	t->fetched_at = at;
	return ask_fetch(op, t);
}

/* FETCHING: the document judged, parsed, cached, and the signature verified under it. */
static int on_fetched(oc_op *op, const oc_client *c, oc_tep_assertion *t, oc_err *e)
{
	const char *body;
	size_t n, rec_len;
	oc_jwks set;
	int no_key;
	oc_fetch_status st = oc_fetch_read(&op->res[0], OC_JWKS_MAX_BYTES, &body, &n);
	oc_fx *put;

	if (st == OC_FETCH_STATUS) /* 1.2.3's detail: the status */
		return refused(oc_client_assertion_refuse_status(op->arena, c, oc_fetch_http_status(&op->res[0])), e);
	if (st != OC_FETCH_OK)
		return refused(oc_client_assertion_refuse(op->arena, c, "jwks_fetch_failed", "fetch", oc_fetch_status_name(st)), e);
	oc_jose_status ps = oc_jwks_parse(op->arena, body, n, &set);
	if (ps == OC_JOSE_NOMEM)
		return -2;
	if (ps != OC_JOSE_OK)
		return refused(oc_client_assertion_refuse(op->arena, c, "jwks_invalid", NULL, NULL), e);
	oc_err v = oc_client_assertion_verify(op->arena, c, &t->as, body, n, &no_key);
	if (v.code == OC_ERR_SERVER_ERROR)
		return -2;
	char *rec = oc_kv_jwks_encode(op->arena, oc_op_now(op), body, n, &rec_len);
	if (rec == NULL || (put = oc_op_emit(op, OC_FX_KV_PUT, t->cache_key, strlen(t->cache_key))) == NULL)
		return -2;
	put->val = rec;
	put->val_len = (uint32_t)rec_len;
	put->ttl = OC_JWKS_CACHE_TTL;
	if (v.code == OC_OK)
		return ask_marker(op, t, MARKER_READ_AFTER_PUT);
	t->refusal = v;
	t->stage = CACHE_PUT_THEN_REFUSE;
	return 1;
}

/* MARKER_READ(_AFTER_PUT): a marker found is a replay; none is written. */
static int on_marker(oc_op *op, const oc_client *c, oc_tep_assertion *t, const oc_fx_result *r, oc_err *e)
{
	oc_fx *fx;
	if (r->status == OC_FXR_OK)
		return refused(oc_client_assertion_refuse(op->arena, c, "replayed", "jti",
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t->as.jws.claims, "jti"))), e);
	if (r->status != OC_FXR_MISSING)
		return refused(oc_store_fx_err(r, OC_STORE_ERR_HTTP), e);
	if ((fx = oc_op_emit(op, OC_FX_KV_PUT, t->as.marker_key, strlen(t->as.marker_key))) == NULL)
		return -2;
	fx->val = "1";
	fx->val_len = 1;
	fx->ttl = (uint32_t)t->as.marker_ttl;
	t->stage = MARKER_WRITE;
	return 1;
}

/* The next batch from the last one's results: 1 effects emitted, 0 authenticated, -1 refused (*e), -2 out of memory. */
static int step(oc_op *op, const oc_client *c, oc_tep_assertion *t, oc_err *e)
{
	const oc_fx_result *r = &op->res[0];

	switch (t->stage) {
	case CACHE_READ:
		return on_cached(op, c, t, e);
	case FETCHING:
		return on_fetched(op, c, t, e);
	case CACHE_PUT_THEN_REFUSE: /* the cache write's own outcome does not change the verdict */
		*e = t->refusal;
		return -1;
	case MARKER_READ:
		return on_marker(op, c, t, r, e);
	case MARKER_READ_AFTER_PUT: /* [0] the cache write (a failed one is fetched again next time), [1] the marker */
		return on_marker(op, c, t, &op->res[1], e);
	case MARKER_WRITE:
		return r->status == OC_FXR_OK ? 0 : (*e = oc_store_fx_err(r, OC_STORE_ERR_HTTP), -1);
	default:
		return -2;
	}
}

oc_tep_verdict oc_tep_assert_round(oc_op *op, int first, const oc_client *c, const oc_client_creds *cr,
	oc_tep_assertion *as, int wait_state, oc_err *e)
{
	int r = first ? begin(op, c, cr, as, e) : step(op, c, as, e);
	if (r > 0)
		op->state = wait_state;
	return r > 0 ? OC_TEP_WAIT : r == 0 ? OC_TEP_GO : r == -1 ? OC_TEP_REFUSE : OC_TEP_FAILED;
}
