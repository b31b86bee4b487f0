/*
 * OC_KIND_TOKEN_LOOKUP: hash a presented access token, fetch its record, and
 * say whether it is live. The smallest real use of the op machine: one
 * KV read. Input fields: [Authorization header]. Output: {"valid":false} or
 * {"valid":true,"userId":…,"grantId":…,"expiresAt":…}.
 */
#include "oc_ops.h"
#include "oc_token.h"
#include "oc_kv.h"
#include "cJSON.h"
#include <string.h>

enum { START, GOT_RECORD };

static oc_op_status answer(oc_op *op, cJSON *o)
{
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	return oc_op_finish(op, s, s ? strlen(s) : 0);
}

static oc_op_status invalid(oc_op *op)
{
	static const char no[] = "{\"valid\":false}";
	return oc_op_finish(op, no, sizeof no - 1);
}

/* "Bearer <token>": the scheme is case-insensitive (RFC 7235 §2.1). */
static int bearer(const char *h, size_t n, const char **tok, size_t *len)
{
	static const char scheme[] = "bearer ";
	if (n < sizeof scheme)
		return -1;
	for (size_t i = 0; i < sizeof scheme - 1; i++)
		if ((h[i] | (scheme[i] == ' ' ? 0 : 0x20)) != scheme[i])
			return -1;
	*tok = h + sizeof scheme - 1;
	*len = n - (sizeof scheme - 1);
	return 0;
}

oc_op_status oc_flow_token_lookup(oc_op *op)
{
	const char *hdr, *tok;
	size_t hn, n;

	switch (op->state) {
	case START: {
		oc_token_parts t;
		char id[OC_TOKEN_ID_LEN + 1];
		if (oc_op_field(op, 0, &hdr, &hn) || bearer(hdr, hn, &tok, &n) ||
		    oc_token_parse(op->arena, tok, n, &t).code != OC_OK)
			return invalid(op);
		oc_token_id(id, tok, n);
		char *key = oc_kv_token_key(op->arena, t.user_id, t.grant_id, id);
		if (key == NULL || oc_op_emit(op, OC_FX_KV_GET, key, strlen(key)) == NULL)
			return OC_OP_FAILED;
		op->state = GOT_RECORD;
		return OC_OP_EFFECTS;
	}
	case GOT_RECORD: {
		const oc_fx_result *r = &op->res[0];
		oc_token_rec rec;
		if (r->status != OC_FXR_OK || oc_token_rec_decode(op->arena, r->data, r->len, &rec).code != OC_OK ||
		    rec.expires_at <= oc_op_now(op))
			return invalid(op);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "valid", 1);
		cJSON_AddStringToObject(o, "userId", rec.user_id);
		cJSON_AddStringToObject(o, "grantId", rec.grant_id);
		cJSON_AddNumberToObject(o, "expiresAt", (double)rec.expires_at);
		return answer(op, o);
	}
	default:
		return OC_OP_FAILED;
	}
}
