/*
 * POST to clientRegistrationEndpoint: dynamic client registration (RFC 7591
 * §3), as the reference 1.2.3 answers it.
 *
 *   START   ask for the body (at most OC_REG_BODY_MAX bytes)
 *   BODY    the body as one JSON text within the limits, the client metadata
 *           (oauth/oc_client_meta.h), new credentials; with a
 *           clientRegistrationCallback, call it with the body (the host hands
 *           it {clientMetadata: JSON.parse(body), request})
 *   CALLED  the callback returned nothing: go on; it threw: 500 server_error
 *           "Client registration callback failed"; it returned a value: its
 *           status (default 400; one outside 200..599, or a null answer,
 *           which the reference cannot read, answers as a throw), its
 *           code (default invalid_client_metadata) and description (default
 *           "Client registration denied"), nothing written. Then the
 *           client:{id} write, expiring after clientRegistrationTTL when one
 *           is set (the record then carries registrationExpiresAt)
 *   STORED  201 with the registered metadata and, for a confidential client,
 *           its secret: the one time it is shown; the record keeps its hash
 *
 * Refused: a body over 1 MiB (declared or read: 413 invalid_request "Request
 * payload too large, must be under 1 MiB"); a body that is not one JSON text
 * (oc_json_check: 400 invalid_request "Invalid JSON payload"; any content type
 * is read as JSON, as the reference does); nesting deeper than OC_REG_DEPTH
 * or more than OC_REG_VALUES values (400 invalid_client_metadata, "Client
 * metadata nests too deeply" / "Client metadata has too many values": RFC
 * 8259 §9 parser limits, where the reference reads any); metadata the rules
 * refuse (400 invalid_client_metadata, their description). A failed write
 * answers the storage error (oc_store_err.h). Every answer carries CORS
 * headers for a request with an Origin; errors carry Cache-Control: no-store
 * and Pragma: no-cache, and so does the 201. Each refusal carries its reason
 * for onError (oc_err.h), category client-registration, the reference's:
 * declared_payload_too_large (the host saw a Content-Length over the limit),
 * payload_too_large, json_malformed, metadata_invalid, public_client_forbidden,
 * callback_failed, callback_denied (detail: what the callback returned); and
 * body_unreadable, ours.
 */
#include "op/oc_op_kinds.h"
#include "flow/oc_flow_dispatch.h"
#include "op/oc_http.h"
#include "op/oc_callback.h"
#include "store/oc_kv.h"
#include "store/oc_store_err.h"
#include "oauth/oc_client_meta.h"
#include "base/oc_json_check.h"
#include "base/oc_jsonw.h"
#include <string.h>

#define OC_REG_BODY_MAX (1u << 20)
#define OC_REG_DEPTH 32
#define OC_REG_VALUES 4096
#define WHY(reason) OC_WHY("client-registration", reason)

enum { START = 0, BODY, CALLED, STORED };

typedef struct {
	oc_client c;
	char *secret;  /* plaintext, NULL for a public client */
	size_t body_len;
	char *record;
} reg_state;

static oc_op_status send(oc_op *op, oc_http_resp *r)
{
	oc_http_resp_cors(op, r, OC_HTTP_REQ(op));
	return oc_http_respond(op, r);
}

static oc_op_status fail(oc_op *op, int status, oc_err e)
{
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, status, e);
	return send(op, &r);
}

/* The RFC 7591 §3.2.1 answer, in the reference's member order. */
static oc_op_status registered(oc_op *op, const reg_state *st)
{
	const oc_client *c = &st->c;
	const cJSON *i18n = c->extra ? cJSON_GetObjectItemCaseSensitive(c->extra, "i18n") : NULL, *m;
	const cJSON *keys_jwks = c->extra ? cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(c->extra, "clientAssertionKeys"), "jwks") : NULL;
	const oc_config *cfg = op->cfg;
	oc_jsonw w;
	size_t len;

	/* The answer repeats what the body said, with a few members more: sized so that a
	 * 1 MiB registration fits in the op's memory without the writer growing. */
	oc_jsonw_init(&w, op->arena, st->body_len + 1024);
	oc_jsonw_lit(&w, "{\"client_id\":");
	oc_jsonw_cstr(&w, c->client_id);
	(void)oc_jsonw_strs_member(&w, "redirect_uris", &c->redirect_uris);
	oc_jsonw_str_member(&w, "client_name", c->client_name);
	oc_jsonw_str_member(&w, "logo_uri", c->logo_uri);
	oc_jsonw_str_member(&w, "client_uri", c->client_uri);
	oc_jsonw_str_member(&w, "policy_uri", c->policy_uri);
	oc_jsonw_str_member(&w, "tos_uri", c->tos_uri);
	oc_jsonw_str_member(&w, "jwks_uri", c->jwks_uri);
	if (keys_jwks != NULL) { /* private_key_jwt (ours): the set as registered */
		char *set = cJSON_PrintUnformatted(keys_jwks);
		if (set == NULL)
			return OC_OP_FAILED;
		oc_jsonw_name(&w, "jwks");
		oc_jsonw_raw(&w, set, strlen(set));
	}
	if (c->has_contacts)
		(void)oc_jsonw_strs_member(&w, "contacts", &c->contacts);
	(void)oc_jsonw_strs_member(&w, "grant_types", &c->grant_types);
	(void)oc_jsonw_strs_member(&w, "response_types", &c->response_types);
	oc_jsonw_str_member(&w, "token_endpoint_auth_method", c->token_endpoint_auth_method);
	oc_jsonw_int_member(&w, "client_id_issued_at", c->registration_date);
	cJSON_ArrayForEach(m, i18n)
		oc_jsonw_str_member(&w, m->string, m->valuestring);
	if (st->secret != NULL) {
		oc_jsonw_str_member(&w, "client_secret", st->secret);
		oc_jsonw_int_member(&w, "client_secret_expires_at", cfg->has_client_registration_ttl && c->registration_date
			? c->registration_date + cfg->client_registration_ttl : 0);
		oc_jsonw_int_member(&w, "client_secret_issued_at", c->registration_date);
	}
	oc_jsonw_lit(&w, "}");
	char *body = oc_jsonw_finish(&w, &len);
	if (body == NULL)
		return OC_OP_FAILED;
	oc_http_resp r;
	oc_http_resp_json_no_store(&r, 201, body, len);
	return send(op, &r);
}

/* Emits the client:{id} write. */
static oc_op_status write_record(oc_op *op, reg_state *st)
{
	const oc_config *cfg = op->cfg;
	char *key = oc_kv_client_key(op->arena, st->c.client_id);
	oc_fx *fx;
	if (key == NULL || oc_client_encode(op->arena, &st->c, &st->record).code != OC_OK
	    || (fx = oc_op_emit(op, OC_FX_KV_PUT, key, strlen(key))) == NULL)
		return OC_OP_FAILED;
	fx->val = st->record;
	fx->val_len = (uint32_t)strlen(st->record);
	fx->ttl = cfg->has_client_registration_ttl ? cfg->client_registration_ttl : 0;
	op->state = STORED;
	return OC_OP_EFFECTS;
}

/* The body read: check it, read the metadata, mint the credentials. */
static oc_op_status got_body(oc_op *op, reg_state *st)
{
	oc_http_req *q = OC_HTTP_REQ(op);
	const oc_config *cfg = op->cfg;
	size_t start;

	if (op->nres == 1 && op->res[0].status == OC_FXR_MISSING)
		return fail(op, 413, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Request payload too large, must be under 1 MiB",
			op->res[0].len > 0 ? WHY("declared_payload_too_large") : WHY("payload_too_large")));
	oc_err e = oc_http_body_ready(op, q);
	if (e.code != OC_OK)
		return fail(op, 400, oc_err_why(e, WHY("body_unreadable")));
	/* 0.10.x reads the body as text and JSON.parse refuses the byte order mark it keeps */
	if (cfg->profile->register_bom_refused && q->body_len >= 3 && memcmp(q->body, "\xef\xbb\xbf", 3) == 0)
		return fail(op, 400, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Invalid JSON payload", WHY("json_malformed")));
	switch (oc_json_check(q->body, q->body_len, OC_REG_DEPTH, OC_REG_VALUES, &start)) {
	case OC_JSON_OK:
		break;
	case OC_JSON_TOO_DEEP:
		return fail(op, 400, OC_ERR_WHY(OC_ERR_INVALID_CLIENT_METADATA, "Client metadata nests too deeply",
			OC_WHY_ERROR("client-registration", "metadata_invalid")));
	case OC_JSON_TOO_MANY:
		return fail(op, 400, OC_ERR_WHY(OC_ERR_INVALID_CLIENT_METADATA, "Client metadata has too many values",
			OC_WHY_ERROR("client-registration", "metadata_invalid")));
	default:
		return fail(op, 400, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Invalid JSON payload", WHY("json_malformed")));
	}
	st->body_len = q->body_len;
	oc_arena_bind_json(op->arena);
	cJSON *raw = cJSON_ParseWithLength(q->body + start, q->body_len - start);
	if (raw == NULL)
		return OC_OP_FAILED; /* checked above: only memory can fail here */
	e = oc_client_meta_read(op->arena, cfg, raw, &st->c);
	if (e.code == OC_ERR_SERVER_ERROR)
		return OC_OP_FAILED;
	if (e.code != OC_OK)
		return fail(op, 400, e);
	if (oc_client_mint(op->arena, &st->c, oc_op_now(op), &st->secret).code != OC_OK)
		return OC_OP_FAILED;
	if (oc_client_stamp_expiry(cfg, &st->c, st->c.registration_date) != 0)
		return OC_OP_FAILED;
	if (!cfg->has_registration_callback)
		return write_record(op, st);
	static const char name[] = "clientRegistrationCallback";
	oc_fx *fx = oc_op_emit(op, OC_FX_CALLBACK, name, sizeof name - 1);
	if (fx == NULL)
		return OC_OP_FAILED;
	fx->val = q->body + start;
	fx->val_len = (uint32_t)(q->body_len - start);
	op->state = CALLED;
	return OC_OP_EFFECTS;
}

/* What a failed callback answers: its Error's message under the 0.10.x profile, else the 1.x text. */
static const char *callback_failure(oc_op *op, const oc_fx_result *r)
{
	oc_cb_thrown t;
	if (r->status != OC_FXR_FAILED || !op->cfg->profile->register_callback_message)
		return "Client registration callback failed";
	oc_cb_thrown_read(r, &t);
	const char *m = cJSON_GetStringValue(t.message);
	return m != NULL ? m : "Client registration callback failed";
}

/* A string member of the callback's answer when it is a non-empty string, else dflt. */
static const char *answer_str(const cJSON *o, const char *name, const char *dflt)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
	return v != NULL && v[0] != 0 ? v : dflt;
}

/* The callback's verdict: go on, or its refusal (any error code it names). */
static oc_op_status called(oc_op *op, reg_state *st)
{
	const oc_fx_result *r = &op->res[0];
	if (r->status == OC_FXR_MISSING)
		return write_record(op, st);
	cJSON *o = r->status == OC_FXR_OK ? cJSON_ParseWithLength(r->data, r->len) : NULL;
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(o, "status");
	double st_code = cJSON_IsNumber(status) ? status->valuedouble : 400;
	/* (the range is checked before the cast) */
	if (r->status != OC_FXR_OK || o == NULL || cJSON_IsNull(o)
	    || (status != NULL && !cJSON_IsNull(status) && !cJSON_IsNumber(status))
	    || st_code < 200 || st_code > 599 || st_code != (double)(int)st_code)
		return fail(op, 500, OC_ERR_WHY(OC_ERR_SERVER_ERROR, callback_failure(op, r),
			OC_WHY_ERROR("client-registration", "callback_failed")));
	oc_http_resp h;
	oc_jsonw w;
	oc_http_resp_oauth_error_named(op, &h, (int)st_code, answer_str(o, "code", "invalid_client_metadata"),
		answer_str(o, "description", "Client registration denied"));
	/* the reason's detail: what the callback returned */
	oc_jsonw_init(&w, op->arena, 40 + r->len);
	oc_jsonw_why(&w, WHY("callback_denied"));
	oc_jsonw_raw(&w, r->data, r->len);
	h.err_why = oc_jsonw_finish(&w, NULL);
	return send(op, &h);
}

oc_op_status oc_flow_register(oc_op *op)
{
	reg_state *st = OC_HTTP_SUB(op);

	switch (op->state) {
	case START:
		if ((st = OC_HTTP_SUB(op) = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || oc_http_body_request(op, OC_REG_BODY_MAX) != 0)
			return OC_OP_FAILED;
		op->state = BODY;
		return OC_OP_EFFECTS;
	case BODY:
		return got_body(op, st);
	case CALLED:
		return called(op, st);
	case STORED:
		if (op->res[0].status != OC_FXR_OK) {
			oc_err e = oc_store_fx_err(&op->res[0], OC_STORE_ERR_HTTP);
			return fail(op, oc_code_status(e.code), e);
		}
		return registered(op, st);
	default:
		return OC_OP_FAILED;
	}
}
