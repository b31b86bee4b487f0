/* Opening, consuming and creating transactions inside a helper op (oc_consent_op.h). */
#include "consent/oc_consent_op.h"
#include "op/oc_op_answer.h"
#include "base/oc_json_print.h"
#include "base/oc_num.h"
#include "crypto/oc_crypto.h"
#include <string.h>

static const char EXPIRED[] = "This authorization expired or was already used; start again";

const char *oc_consent_prefix(const oc_op *op)
{
	return op->cfg && op->cfg->cookie_prefix ? op->cfg->cookie_prefix : OC_CONSENT_DEFAULT_PREFIX;
}

oc_op_status oc_consent_refuse(oc_op *op, int code, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", "AuthorizationError"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(code, desc), x);
}

oc_op_status oc_consent_txn_ask(oc_op *op, oc_consent_txn *t, const char *handle, const char *cookies,
	const char *which, int next)
{
	size_t vn = 0;
	if (handle == NULL || handle[0] == 0)
		return oc_consent_refuse(op, OC_ERR_INVALID_REQUEST, "Missing transaction handle");
	t->handle = handle;
	t->handle_len = strlen(handle);
	t->cookies = cookies;
	oc_consent_hash(t->hash, handle, t->handle_len);
	if ((t->cookie_name = oc_consent_cookie_name(op->arena, oc_consent_prefix(op), which, t->hash)) == NULL
	    || (t->key = oc_consent_kv_key(op->arena, t->hash)) == NULL)
		return OC_OP_FAILED;
	const char *bound = cookies ? oc_cookie_find(cookies, strlen(cookies), t->cookie_name, &vn) : NULL;
	if (bound == NULL || vn == 0)
		return oc_consent_refuse(op, OC_ERR_INVALID_REQUEST,
			"This authorization was not started in this browser; start again");
	if (!oc_consent_bound(t->hash, bound, vn))
		return oc_consent_refuse(op, OC_ERR_INVALID_REQUEST,
			"This authorization belongs to a different browser session; start again");
	if (oc_op_emit_get(op, t->key) != 0)
		return OC_OP_FAILED;
	op->state = next;
	return OC_OP_EFFECTS;
}

int oc_consent_txn_got(oc_op *op, oc_consent_txn *t, const char *which, oc_op_status *st)
{
	const oc_fx_result *r = &op->res[0];
	char *plain;
	size_t n;
	if (r->status != OC_FXR_OK && r->status != OC_FXR_MISSING) {
		*st = oc_op_fx_error(op, r);
		return -1;
	}
	if (r->status == OC_FXR_OK
	    && oc_consent_open(op->arena, t->handle, t->handle_len, r->data, r->len, &plain, &n) == 0) {
		t->record = cJSON_ParseWithLength(plain, n);
		const cJSON *kind = cJSON_GetObjectItemCaseSensitive(t->record, "kind");
		oc_wipe(plain, n);
		if (cJSON_IsObject(t->record) && cJSON_IsString(kind) && strcmp(kind->valuestring, which) == 0)
			return 0;
	}
	*st = oc_consent_refuse(op, OC_ERR_INVALID_REQUEST, EXPIRED);
	return -1;
}

oc_op_status oc_consent_txn_resume(oc_op *op, const oc_consent_steps *s)
{
	oc_consent_txn *t = op->flow;
	oc_op_status st;
	switch (op->state) {
	case OC_CONSENT_READ:
		if (oc_consent_txn_got(op, t, s->which, &st) || (s->check != NULL && s->check(op, &st)))
			return st;
		if (oc_op_emit(op, OC_FX_KV_DELETE, t->key, strlen(t->key)) == NULL)
			return OC_OP_FAILED;
		op->state = OC_CONSENT_CONSUMED;
		return OC_OP_EFFECTS;
	case OC_CONSENT_CONSUMED:
		return op->res[0].status == OC_FXR_OK ? s->answer(op) : oc_op_fx_error(op, &op->res[0]);
	default:
		return OC_OP_FAILED;
	}
}

oc_op_status oc_consent_txn_create(oc_op *op, oc_consent_handle *h, const char *which,
	const cJSON *request, const cJSON *data, int next)
{
	cJSON *rec = cJSON_CreateObject();
	char *text, *key, *val;
	oc_fx *fx;
	if (rec == NULL || oc_consent_handle_new(h) || !cJSON_AddStringToObject(rec, "kind", which)
	    || (request != NULL && !cJSON_AddItemToObject(rec, "request", cJSON_Duplicate(request, 1)))
	    || (data != NULL && !cJSON_AddItemToObject(rec, "data", cJSON_Duplicate(data, 1)))
	    || (text = oc_json_print(rec)) == NULL
	    || (val = oc_consent_seal(op->arena, h->handle, OC_CONSENT_HANDLE_LEN, text, strlen(text))) == NULL
	    || (key = oc_consent_kv_key(op->arena, h->hash)) == NULL
	    || (fx = oc_op_emit(op, OC_FX_KV_PUT, key, strlen(key))) == NULL)
		return OC_OP_FAILED;
	oc_wipe(text, strlen(text));
	fx->val = val;
	fx->val_len = (uint32_t)strlen(val);
	fx->ttl = OC_CONSENT_TTL;
	op->state = next;
	return OC_OP_EFFECTS;
}

char *oc_consent_bind_cookie(oc_op *op, const char *which, const char *hash)
{
	char *name = oc_consent_cookie_name(op->arena, oc_consent_prefix(op), which, hash);
	char age[OC_NUM_MAX];
	oc_num_format(OC_CONSENT_TTL, age);
	return name ? oc_cookie_set(op->arena, name, hash, age) : NULL;
}

char *oc_consent_clear_cookie(oc_op *op, const char *name)
{
	return oc_cookie_set(op->arena, name, "", "0");
}

cJSON *oc_consent_approvals_of(oc_op *op, const char *cookies, const oc_remember *r, const char **name)
{
	const char *prefix = oc_consent_prefix(op);
	size_t pn = strlen(prefix), vn = 0;
	char *nm = oc_arena_alloc(op->arena, pn + sizeof "approvals");
	if (nm == NULL)
		return NULL;
	memcpy(nm, prefix, pn);
	memcpy(nm + pn, "approvals", sizeof "approvals");
	*name = nm;
	const char *v = cookies ? oc_cookie_find(cookies, strlen(cookies), nm, &vn) : NULL;
	return oc_approvals_read(op->arena, v, vn, r);
}

cJSON *oc_consent_txn_answer(oc_op *op, oc_consent_txn *t, cJSON **hs)
{
	cJSON *v = cJSON_CreateObject(), *h = cJSON_CreateArray();
	cJSON *req = cJSON_GetObjectItemCaseSensitive(t->record, "request");
	if (v == NULL || h == NULL || !cJSON_AddItemToObject(v, "headers", h)
	    || oc_consent_header(h, "Cache-Control", "no-store")
	    || oc_consent_header(h, "Set-Cookie", oc_consent_clear_cookie(op, t->cookie_name)))
		return NULL;
	if (req != NULL)
		cJSON_AddItemToObject(v, "request", cJSON_DetachItemViaPointer(t->record, req));
	*hs = h;
	return v;
}

int oc_consent_header(cJSON *h, const char *name, const char *value)
{
	cJSON *pair = cJSON_CreateArray();
	if (pair == NULL || value == NULL || !cJSON_AddItemToArray(pair, cJSON_CreateString(name))
	    || !cJSON_AddItemToArray(pair, cJSON_CreateString(value)) || !cJSON_AddItemToArray(h, pair))
		return -1;
	return 0;
}
