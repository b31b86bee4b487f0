/*
 * OC_KIND_CREATE_CLIENT and OC_KIND_LOOKUP_CLIENT: the createClient() and
 * lookupClient() helpers.
 *
 * createClient(args = partial ClientInfo) applies the registration rules
 * (redirect URI policy, supported grant and response types and auth methods),
 * generates clientId (16) and, unless the method is "none", a 32-character
 * secret stored as its hex SHA-256, and writes client:{id} without expiry.
 * authMethodExplicit is stored only when the caller named the method. The
 * answer is the record as ClientInfo, with the plaintext secret (shown once).
 * clientId, clientSecret and registrationDate given by the caller are ignored.
 * Ours also keeps allowedScopes (oc_client_scopes.h; refused when not an
 * array of scope tokens), and accepts the grant type client_credentials with
 * allowClientCredentialsGrant (oc_client_caps_check_managed), and with
 * allowPrivateKeyJwt the method private_key_jwt with an inline jwks
 * (oc_client_keys.h; no secret is minted).
 *
 * lookupClient({clientId}) answers the stored record as ClientInfo
 * (oc_helper_client_public), or null.
 */
#include "oauth/oc_cimd_client.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "helper/oc_helper_clients.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_client_meta.h"
#include "oauth/oc_client_scopes.h"
#include "oauth/oc_client_keys.h"
#include <string.h>

enum { START, STORED };

typedef struct {
	char *record;  /* the stored JSON */
	char *secret;  /* plaintext, NULL for public clients */
} create_state;

static oc_op_status fail(oc_op *op, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", "Error"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, desc), x);
}

static oc_strs list_of(oc_op *op, const char *const *v, size_t n)
{
	oc_strs l = { oc_arena_alloc(op->arena, n * sizeof(char *)), n };
	if (l.v == NULL)
		l.n = 0;
	for (size_t i = 0; i < l.n; i++)
		l.v[i] = (char *)v[i];
	return l;
}

/* Reads the partial ClientInfo into c; an error description, or NULL. */
static const char *read_client(oc_op *op, const cJSON *args, oc_client *c, int *explicit_method)
{
	/* with allowTokenExchangeGrant, RFC 8693's grant type too, as both generations of the reference */
	static const char *const default_grants[] = { "authorization_code", "refresh_token",
		"urn:ietf:params:oauth:grant-type:token-exchange" };
	static const char *const default_responses[] = { "code" };
	static const struct { const char *name; size_t off; } strs[] = {
		{ "clientName", offsetof(oc_client, client_name) },
		{ "logoUri", offsetof(oc_client, logo_uri) },
		{ "clientUri", offsetof(oc_client, client_uri) },
		{ "policyUri", offsetof(oc_client, policy_uri) },
		{ "tosUri", offsetof(oc_client, tos_uri) },
		{ "jwksUri", offsetof(oc_client, jwks_uri) },
	};
	const char *method;
	int has;

	memset(c, 0, sizeof *c);
	if (oc_arg_strs(op->arena, args, "redirectUris", &has, &c->redirect_uris))
		return "redirectUris must be an array of strings";
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (oc_arg_str(args, strs[i].name, (const char **)((char *)c + strs[i].off)))
			return "client metadata must be strings";
	if (oc_arg_strs(op->arena, args, "contacts", &c->has_contacts, &c->contacts))
		return "contacts must be an array of strings";
	if (oc_arg_strs(op->arena, args, "grantTypes", &c->has_grant_types, &c->grant_types))
		return "grantTypes must be an array of strings";
	if (oc_arg_strs(op->arena, args, "responseTypes", &c->has_response_types, &c->response_types))
		return "responseTypes must be an array of strings";
	if (oc_arg_str(args, "tokenEndpointAuthMethod", &method))
		return "tokenEndpointAuthMethod must be a string";
	if (!c->has_grant_types)
		c->grant_types = list_of(op, default_grants, op->cfg->allow_token_exchange ? 3 : 2);
	if (!c->has_response_types)
		c->response_types = list_of(op, default_responses, 1);
	c->has_grant_types = c->has_response_types = 1;
	*explicit_method = method != NULL;
	c->token_endpoint_auth_method = (char *)(method != NULL ? method : "client_secret_basic");

	/* The reference's order: the redirect URIs, then the capabilities. */
	oc_err e = oc_redirect_check_registration(op->cfg, &c->redirect_uris);
	if (e.code == OC_OK)
		e = oc_client_caps_check_managed(op->arena, op->cfg, &c->grant_types, &c->response_types,
			c->token_endpoint_auth_method);
	if (e.code != OC_OK)
		return e.desc;

	const cJSON *i18n = cJSON_GetObjectItemCaseSensitive(args, "i18n");
	if (i18n != NULL && !cJSON_IsNull(i18n)) {
		const cJSON *m;
		if (!cJSON_IsObject(i18n))
			return "i18n must be an object of strings";
		cJSON_ArrayForEach(m, i18n)
			if (!cJSON_IsString(m))
				return "i18n must be an object of strings";
	}
	const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(args, "allowedScopes");
	const char *bad = oc_client_scopes_arg_check(allowed);
	if (bad != NULL)
		return bad;
	cJSON *keys;
	if ((bad = oc_client_keys_arg(op->arena, args, c->token_endpoint_auth_method, &keys)) != NULL)
		return bad;
	if ((c->extra = cJSON_CreateObject()) == NULL
	    || (i18n != NULL && !cJSON_IsNull(i18n)
		&& !cJSON_AddItemToObject(c->extra, "i18n", cJSON_Duplicate(i18n, 1)))
	    || (*explicit_method && !cJSON_AddTrueToObject(c->extra, "authMethodExplicit"))
	    || (allowed != NULL && !cJSON_IsNull(allowed)
		&& !cJSON_AddItemToObject(c->extra, "allowedScopes", cJSON_Duplicate(allowed, 1)))
	    || (keys != NULL && !cJSON_AddItemToObject(c->extra, "clientAssertionKeys", keys)))
		return "out of memory";
	return NULL;
}

cJSON *oc_helper_client_public(cJSON *record)
{
	static const char *const internal[] = {
		"authMethodExplicit", "registrationExpiresAt", "tokenEndpointAuthMethods", "clientAssertionKeys",
	};
	for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(record, internal[i]);
	return record;
}

/* The stored record as ClientInfo. */
static cJSON *client_info(const char *json, size_t n)
{
	cJSON *j = cJSON_ParseWithLength(json, n);
	return cJSON_IsObject(j) ? oc_helper_client_public(j) : NULL;
}

oc_op_status oc_helper_create_client(oc_op *op)
{
	create_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		oc_client c;
		int explicit_method;
		const char *bad;

		if (args == NULL)
			return fail(op, "createClient expects client metadata");
		if ((bad = read_client(op, args, &c, &explicit_method)) != NULL)
			return fail(op, bad);
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || oc_client_mint(op->arena, &c, oc_op_now(op), &st->secret).code != OC_OK)
			return OC_OP_FAILED;
		char *key = oc_kv_client_key(op->arena, c.client_id);
		oc_fx *fx;
		if (c.client_id == NULL || key == NULL || oc_client_encode(op->arena, &c, &st->record).code != OC_OK
		    || (fx = oc_op_emit(op, OC_FX_KV_PUT, key, strlen(key))) == NULL)
			return OC_OP_FAILED;
		fx->val = st->record;
		fx->val_len = (uint32_t)strlen(st->record);
		op->state = STORED;
		return OC_OP_EFFECTS;
	}
	case STORED: {
		if (op->res[0].status != OC_FXR_OK)
			return oc_op_fx_error(op, &op->res[0]);
		cJSON *info = client_info(st->record, strlen(st->record));
		if (info == NULL)
			return OC_OP_FAILED;
		if (st->secret != NULL
		    && !cJSON_ReplaceItemInObjectCaseSensitive(info, "clientSecret", cJSON_CreateString(st->secret)))
			return OC_OP_FAILED;
		return oc_op_value(op, info);
	}
	default:
		return OC_OP_FAILED;
	}
}

cJSON *oc_helper_client_described(oc_arena *a, const oc_client *c)
{
	char *json;
	if (oc_client_encode(a, c, &json).code != OC_OK)
		return NULL;
	return client_info(json, strlen(json));
}

/* lookupClient of a CIMD client: the client its document describes, as a record reads (or CimdFetchError). */
static oc_op_status lookup_document(oc_op *op, const char *url)
{
	oc_client c;
	oc_op_status st;
	cJSON *info;
	if (oc_store_got_client(op, url, &c, &st) < 0)
		return st;
	if ((info = oc_helper_client_described(op->arena, &c)) == NULL)
		return OC_OP_FAILED;
	return oc_op_value(op, info);
}

oc_op_status oc_helper_lookup_client(oc_op *op)
{
	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *id;
		if (args == NULL || oc_arg_str(args, "clientId", &id) || id == NULL)
			return oc_op_value(op, NULL);
		oc_op_status answered;
		int asked = oc_store_ask_client(op, id, STORED, &answered);
		if (asked <= 0) /* 0: no such client can exist */
			return asked == 0 ? oc_op_value(op, NULL) : asked == -2 ? answered : OC_OP_FAILED;
		return OC_OP_EFFECTS;
	}
	case STORED: {
		const oc_fx_result *r = &op->res[0];
		const char *id;
		if (oc_arg_str(oc_op_args(op), "clientId", &id) == 0 && oc_cimd_route_of(op->cfg, id) == OC_CIMD_FETCH)
			return lookup_document(op, id);
		if (r->status == OC_FXR_MISSING)
			return oc_op_value(op, NULL);
		if (r->status != OC_FXR_OK)
			return oc_op_fx_error(op, r);
		return oc_op_value(op, client_info(r->data, r->len));
	}
	default:
		return OC_OP_FAILED;
	}
}
