/*
 * OC_KIND_TOKEN_LOOKUP: hash a presented access token, fetch its record, and
 * say whether it is live. The smallest real use of the op machine: one
 * KV read. Input fields: [Authorization header]. Output: {"valid":false} or
 * {"valid":true,"userId":…,"grantId":…,"expiresAt":…}.
 */
#include "oc_ops.h"
#include "oc_crypto.h"
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

/* {userId}:{grantId}:{secret}, split at the last two colons. */
static int split_token(const char *t, size_t n, size_t *user_len, size_t *grant_off)
{
	size_t c2 = n, c1;
	while (c2 > 0 && t[c2 - 1] != ':')
		c2--;
	if (c2 == 0)
		return -1;
	c1 = c2 - 1;
	while (c1 > 0 && t[c1 - 1] != ':')
		c1--;
	if (c1 == 0 || c1 - 1 == 0 || c2 - 1 == c1 || c2 == n)
		return -1;
	*user_len = c1 - 1;
	*grant_off = c1;
	return 0;
}

oc_op_status oc_flow_token_lookup(oc_op *op)
{
	const char *hdr, *tok;
	size_t hn, n;

	switch (op->state) {
	case START: {
		size_t ulen, goff;
		char id[65];
		if (oc_op_field(op, 0, &hdr, &hn) || bearer(hdr, hn, &tok, &n) || split_token(tok, n, &ulen, &goff))
			return invalid(op);
		oc_sha256_hex(id, tok, n);
		/* token:{userId}:{grantId}:{id} — userId:grantId is the token's prefix */
		size_t prefix = 0;
		while (tok[goff + prefix] != ':')
			prefix++;
		prefix += goff;
		size_t klen = 6 + prefix + 1 + 64;
		char *key = oc_arena_alloc(op->arena, klen + 1);
		if (key == NULL)
			return OC_OP_FAILED;
		memcpy(key, "token:", 6);
		memcpy(key + 6, tok, prefix);
		key[6 + prefix] = ':';
		memcpy(key + 7 + prefix, id, 65);
		if (oc_op_emit(op, OC_FX_KV_GET, key, klen) == NULL)
			return OC_OP_FAILED;
		op->state = GOT_RECORD;
		return OC_OP_EFFECTS;
	}
	case GOT_RECORD: {
		const oc_fx_result *r = &op->res[0];
		if (r->status != OC_FXR_OK)
			return invalid(op);
		cJSON *rec = cJSON_ParseWithLength(r->data, r->len);
		const cJSON *exp = cJSON_GetObjectItemCaseSensitive(rec, "expiresAt");
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(rec, "userId");
		const cJSON *gid = cJSON_GetObjectItemCaseSensitive(rec, "grantId");
		if (!cJSON_IsNumber(exp) || !cJSON_IsString(uid) || !cJSON_IsString(gid) ||
		    exp->valuedouble <= (double)oc_op_now(op))
			return invalid(op);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "valid", 1);
		cJSON_AddStringToObject(o, "userId", uid->valuestring);
		cJSON_AddStringToObject(o, "grantId", gid->valuestring);
		cJSON_AddNumberToObject(o, "expiresAt", exp->valuedouble);
		return answer(op, o);
	}
	default:
		return OC_OP_FAILED;
	}
}
