/*
 * OC_KIND_UNWRAP_TOKEN: the unwrapToken() helper.
 *
 * unwrapToken({token}) reads the access token's record
 * (token:{userId}:{grantId}:{hex SHA-256 of the token}) and answers its
 * summary with the props decrypted:
 *   {id, grantId, userId, createdAt, expiresAt, audience?, scope,
 *    grant: {clientId, scope, props}}
 * where scope is the token's own scope when its record has one, else the
 * grant's. null when the token is not "{userId}:{grantId}:{secret}" with
 * exactly two ':' (a user id holding ':' is not unwrapped, as the reference
 * splits the string into exactly three parts) and a 16-character grant id
 * and 32-character secret, when its key cannot fit, when no record is found
 * or it cannot be read, when expiresAt < now (expiresAt == now is still
 * valid), and when the record's key or props do not open with this token
 * (a tampered record), and when it holds a NUL character. Refresh tokens and authorization codes have no
 * token record: null. A token that is not a string is refused with a
 * TypeError. The props key is wiped after use; the token and the plaintext
 * live only in the op's arena, wiped when it ends.
 *
 * OC_KIND_VALIDATE_TOKEN: OAuthAuthorizationServer.validateToken(resource,
 * token): {resource, token}. A resource that is not a string naming one
 * registered resource (oc_resource_find: the resource URI syntax, then
 * oc_resource_matches) is refused with a TypeError "resource must name one
 * registered protected resource". Then the token is read as unwrapToken
 * reads it; null as there, and when its audience does not name that resource
 * (oc_resource_audience_is: a record without one is bound to the legacy
 * grants' resource, and to none without it); else {props, audience: the
 * registered resource as declared, expiresAt, scope, userId, clientId}.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_kv.h"
#include "token/oc_token.h"
#include "crypto/oc_crypto.h"
#include "oauth/oc_resource_registry.h"
#include <string.h>

enum { START, READ };

typedef struct {
	const char *tok;
	size_t tok_len;
	int validate;  /* OC_KIND_VALIDATE_TOKEN */
	const char *resource; /* validate: the registered resource asked about */
} unwrap_state;

static cJSON *strs_or_string(const oc_kv_strs *s)
{
	if (s->form == OC_KV_STRING)
		return cJSON_CreateString(s->list.v[0]);
	return oc_strs_to_json(&s->list);
}

static cJSON *summary(const oc_access_rec *t, cJSON *props)
{
	cJSON *s = cJSON_CreateObject(), *g = cJSON_CreateObject();
	if (s == NULL || g == NULL)
		return NULL;
	cJSON_AddStringToObject(s, "id", t->id);
	cJSON_AddStringToObject(s, "grantId", t->grant_id);
	cJSON_AddStringToObject(s, "userId", t->user_id);
	cJSON_AddNumberToObject(s, "createdAt", (double)t->created_at);
	cJSON_AddNumberToObject(s, "expiresAt", (double)t->expires_at);
	if (t->audience.form != OC_KV_ABSENT)
		cJSON_AddItemToObject(s, "audience", strs_or_string(&t->audience));
	cJSON_AddItemToObject(s, "scope", oc_strs_to_json(t->has_scope ? &t->scope : &t->grant.scope));
	if (t->grant.client_id != NULL)
		cJSON_AddStringToObject(g, "clientId", t->grant.client_id);
	cJSON_AddItemToObject(g, "scope", oc_strs_to_json(&t->grant.scope));
	cJSON_AddItemToObject(g, "props", props);
	cJSON_AddItemToObject(s, "grant", g);
	return s;
}

/* The decrypted props of t as JSON, or NULL when they do not open with tok. */
static cJSON *open_props(oc_op *op, const unwrap_state *st, const oc_access_rec *t)
{
	uint8_t key[OC_TOKEN_KEY_LEN];
	char *plain;
	size_t n;
	oc_err e = oc_token_unwrap(key, st->tok, st->tok_len, t->wrapped_encryption_key,
		strlen(t->wrapped_encryption_key));
	if (e.code == OC_OK)
		e = oc_token_props_decrypt(op->arena, key, t->grant.encrypted_props,
			strlen(t->grant.encrypted_props), &plain, &n);
	oc_wipe(key, sizeof key);
	return e.code == OC_OK ? cJSON_ParseWithLength(plain, n) : NULL;
}

/* validateToken's answer (field order as 1.2.3's). */
static cJSON *validated(const char *resource, const oc_access_rec *t, cJSON *props)
{
	cJSON *v = cJSON_CreateObject();
	if (v == NULL)
		return NULL;
	cJSON_AddItemToObject(v, "props", props);
	cJSON_AddStringToObject(v, "audience", resource);
	cJSON_AddNumberToObject(v, "expiresAt", (double)t->expires_at);
	cJSON_AddItemToObject(v, "scope", oc_strs_to_json(t->has_scope ? &t->scope : &t->grant.scope));
	cJSON_AddStringToObject(v, "userId", t->user_id);
	if (t->grant.client_id != NULL)
		cJSON_AddStringToObject(v, "clientId", t->grant.client_id);
	return v;
}

/* Reads the token's record (validate: for validateToken, its resource checked first). */
static oc_op_status start(oc_op *op, int validate)
{
	unwrap_state *st;
	cJSON *args = oc_op_args(op);
	const cJSON *tok = args ? cJSON_GetObjectItemCaseSensitive(args, "token") : NULL;
	const char *resource = NULL;
	if (validate) {
		const cJSON *r = args ? cJSON_GetObjectItemCaseSensitive(args, "resource") : NULL;
		char *one[1] = { cJSON_IsString(r) ? r->valuestring : NULL };
		oc_strs asked = { one, 1 };
		if (one[0] != NULL && oc_resource_find(op->arena, op->cfg, &asked, &resource) != 0)
			return OC_OP_FAILED;
		if (resource == NULL)
			return oc_op_type_error(op, "resource must name one registered protected resource");
	}
	oc_token_parts parts;
	char id[OC_TOKEN_ID_LEN + 1], *key;
	if (!cJSON_IsString(tok))
		return oc_op_type_error(op, "token must be a string");
	size_t n = strlen(tok->valuestring);
	const char *first = memchr(tok->valuestring, ':', n);
	if (first == NULL || oc_op_args_have_nul(op) || strchr(first + 1, ':') == NULL
	    || strchr(strchr(first + 1, ':') + 1, ':') != NULL
	    || oc_token_parse(op->arena, tok->valuestring, n, &parts).code != OC_OK)
		return oc_op_value(op, NULL);
	oc_token_id(id, tok->valuestring, n);
	if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
	    || (key = oc_kv_token_key(op->arena, parts.user_id, parts.grant_id, id)) == NULL)
		return OC_OP_FAILED;
	if (!oc_kv_key_fits(key))
		return oc_op_value(op, NULL);
	if (oc_op_emit_get(op, key) != 0)
		return OC_OP_FAILED;
	st->tok = tok->valuestring;
	st->tok_len = n;
	st->validate = validate;
	st->resource = resource;
	op->state = READ;
	return OC_OP_EFFECTS;
}

/* The record read: the summary (or validateToken's answer), or null. */
static oc_op_status read_record(oc_op *op)
{
	unwrap_state *st = op->flow;
	switch (op->state) {
	case READ: {
		const oc_fx_result *r = &op->res[0];
		oc_access_rec t;
		cJSON *props;
		if (r->status == OC_FXR_MISSING)
			return oc_op_value(op, NULL);
		if (r->status != OC_FXR_OK)
			return oc_op_fx_error(op, r);
		if (oc_access_rec_decode(op->arena, r->data, r->len, &t).code != OC_OK
		    || t.expires_at < oc_op_now(op) || (st->validate && !oc_resource_audience_is(op->cfg, &t.audience, st->resource))
		    || (props = open_props(op, st, &t)) == NULL)
			return oc_op_value(op, NULL);
		cJSON *s = st->validate ? validated(st->resource, &t, props) : summary(&t, props);
		return s != NULL ? oc_op_value(op, s) : OC_OP_FAILED;
	}
	default:
		return OC_OP_FAILED;
	}
}

oc_op_status oc_helper_unwrap_token(oc_op *op)
{
	return op->state == START ? start(op, 0) : read_record(op);
}

oc_op_status oc_helper_validate_token(oc_op *op)
{
	return op->state == START ? start(op, 1) : read_record(op);
}
