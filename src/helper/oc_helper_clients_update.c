/*
 * OC_KIND_UPDATE_CLIENT: the updateClient() helper.
 *
 * updateClient({clientId, updates, unset?}) reads client:{clientId}; null
 * when there is none. Otherwise the new record is the stored one with every
 * member of updates laid over it (a member already there keeps its place,
 * a new one comes last), then:
 *   - clientId stays the stored one;
 *   - tokenEndpointAuthMethod is updates' (when a non-empty string), else
 *     the stored one, else client_secret_basic;
 *   - authMethodExplicit is true when updates names tokenEndpointAuthMethod
 *     (even as null), else the stored value (absent if none);
 *   - clientSecret: none for the method "none" (and, with
 *     allowPrivateKeyJwt, for private_key_jwt); the hex SHA-256 of updates'
 *     clientSecret when one is given (non-empty); else the stored hash (none
 *     if there was none).
 * unset names members the caller gave as undefined: they are removed, as
 * the reference's object spread drops them, except clientId,
 * tokenEndpointAuthMethod, authMethodExplicit, clientSecret (set above) and
 * redirectUris (kept: a client without redirect URIs cannot be read).
 *
 * Refused, nothing written (the reference's order and messages), all Error:
 *   - updates not an object: "updates must be an object";
 *   - redirectUris given (not undefined) but not a non-empty array:
 *     "redirectUris must not be empty"; then the registration rules of
 *     oc_redirect_check_registration;
 *   - a given member of the wrong type (the types createClient accepts:
 *     strings, arrays of strings, i18n an object of strings):
 *     "<member> must be a string" / "... an array of strings" / "i18n must
 *     be an object of strings" (the reference stores any value);
 *   - allowedScopes given but not an array of scope tokens (ours:
 *     oc_client_scopes_arg_check);
 *   - when updates names grantTypes, responseTypes or
 *     tokenEndpointAuthMethod: oc_client_caps_check_managed on the new record's
 *     (grantTypes, else authorization_code and refresh_token; responseTypes,
 *     else code; the method);
 *   - with allowPrivateKeyJwt (ours; off, jwks is a member like any other):
 *     updates naming clientAssertionKeys: "clientAssertionKeys cannot be
 *     set: give jwks"; jwks or jwksUri given (not null), or a method other
 *     than private_key_jwt: oc_client_keys_arg on updates and the new
 *     method (its refusals), the keys replacing the stored
 *     clientAssertionKeys (none for another method); a private_key_jwt
 *     record updated without them keeps the stored keys, and without stored
 *     keys is refused: "private_key_jwt requires jwks or jwksUri". The
 *     member jwks itself is never stored;
 *   - a new record ours could not read back (oc_client_decode: e.g. a
 *     registrationDate that is not an integer): "Invalid client metadata".
 * A clientId that is not a string: TypeError. With
 * clientIdMetadataDocumentEnabled, a document client id (oauth/oc_cimd_client.h)
 * is refused with a TypeError "Client ID Metadata Document clients are
 * updated by changing their document" when the profile says so
 * (cimd_update_refused, 1.x); otherwise (0.10.x) its document is resolved as
 * lookupClient resolves it (the Error without the host's flag, a
 * CimdFetchError when it cannot be) and the client it describes is the
 * stored record above, written to client:{url}.
 *
 * The write: a record without registrationExpiresAt (createClient's, never
 * expiring) is written as it is; a registered one (with
 * registrationExpiresAt) is re-stamped with now + clientRegistrationTTL and
 * that KV TTL, or written without the stamp when the TTL is unset. Under
 * the profile's update_client_ttl_all (0.10.x) every record is written
 * with that KV TTL, and without client_expiry_stamped (0.10.x) a stored
 * stamp is kept as it is. The
 * answer is the new record as ClientInfo (oc_helper_client_public), with
 * the plaintext of a new secret (shown once); the plaintext lives only in
 * the arena, wiped when the op ends.
 */
#include "oauth/oc_cimd_client.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include "token/oc_token.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_client_meta.h"
#include "oauth/oc_client_scopes.h"
#include "oauth/oc_client_keys.h"
#include "helper/oc_helper_clients.h"
#include "base/oc_json_print.h"
#include <string.h>

enum { START, READ, STORED };

typedef struct {
	const char *client_id;
	const cJSON *updates, *unset;
	cJSON *record;       /* the new record */
	const char *secret;  /* a new secret's plaintext, or NULL */
} update_state;

static oc_op_status fail(oc_op *op, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", "Error"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, desc), x);
}

/* Sets o[name] = v in place when present, else last; v NULL: removes it. 0, or -1 out of memory. */
static int set(cJSON *o, const char *name, cJSON *v)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(o, name);
	if (v == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, name);
		return 0;
	}
	if (old != NULL)
		return cJSON_ReplaceItemInObjectCaseSensitive(o, name, v) ? 0 : -1;
	return cJSON_AddItemToObject(o, name, v) ? 0 : -1;
}

/* A given member's type, as createClient reads it; an error description, or NULL. */
static const char *check_types(oc_op *op, const cJSON *u)
{
	static const char *const strs[] = { "clientName", "logoUri", "clientUri", "policyUri", "tosUri", "jwksUri",
		"tokenEndpointAuthMethod", "clientSecret" };
	static const char *const lists[] = { "redirectUris", "contacts", "grantTypes", "responseTypes" };
	static const char *const str_desc[] = { "clientName must be a string", "logoUri must be a string",
		"clientUri must be a string", "policyUri must be a string", "tosUri must be a string",
		"jwksUri must be a string", "tokenEndpointAuthMethod must be a string", "clientSecret must be a string" };
	static const char *const list_desc[] = { "redirectUris must be an array of strings",
		"contacts must be an array of strings", "grantTypes must be an array of strings",
		"responseTypes must be an array of strings" };
	const char *s;
	int has;
	oc_strs l;
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (oc_arg_str(u, strs[i], &s))
			return str_desc[i];
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (oc_arg_strs(op->arena, u, lists[i], &has, &l))
			return list_desc[i];
	if ((s = oc_client_scopes_arg_check(cJSON_GetObjectItemCaseSensitive(u, "allowedScopes"))) != NULL)
		return s;
	const cJSON *i18n = cJSON_GetObjectItemCaseSensitive(u, "i18n"), *m;
	if (i18n != NULL && !cJSON_IsNull(i18n)) {
		if (!cJSON_IsObject(i18n))
			return "i18n must be an object of strings";
		cJSON_ArrayForEach(m, i18n)
			if (!cJSON_IsString(m))
				return "i18n must be an object of strings";
	}
	return NULL;
}

/* The new record's grant types, response types or their defaults, for the capability check. */
static oc_err check_caps(oc_op *op, const cJSON *rec, const char *method)
{
	static char *grants_default[] = { "authorization_code", "refresh_token" };
	static char *responses_default[] = { "code" };
	oc_strs g, r;
	int has;
	if (oc_arg_strs(op->arena, rec, "grantTypes", &has, &g))
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "grantTypes must be an array of strings");
	if (!has)
		g = (oc_strs){ grants_default, 2 };
	if (oc_arg_strs(op->arena, rec, "responseTypes", &has, &r))
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "responseTypes must be an array of strings");
	if (!has)
		r = (oc_strs){ responses_default, 1 };
	return oc_client_caps_check_managed(op->arena, op->cfg, &g, &r, method);
}

/* allowPrivateKeyJwt: the new record's clientAssertionKeys (the contract above); an error, or NULL. */
static const char *merge_keys(oc_op *op, cJSON *rec, const cJSON *u, const char *method)
{
	const cJSON *jwks = cJSON_GetObjectItemCaseSensitive(u, "jwks");
	const cJSON *uri = cJSON_GetObjectItemCaseSensitive(u, "jwksUri");
	const char *bad;
	cJSON *keys;
	if (cJSON_GetObjectItemCaseSensitive(u, "clientAssertionKeys") != NULL)
		return "clientAssertionKeys cannot be set: give jwks";
	if (jwks != NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(rec, "jwks");
	if ((jwks != NULL && !cJSON_IsNull(jwks)) || (uri != NULL && !cJSON_IsNull(uri))
	    || strcmp(method, "private_key_jwt") != 0) {
		if ((bad = oc_client_keys_arg(op->arena, u, method, &keys)) != NULL)
			return bad;
		return set(rec, "clientAssertionKeys", keys) ? "" : NULL;
	}
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "clientAssertionKeys")))
		return "private_key_jwt requires jwks or jwksUri";
	return NULL;
}

/* Builds st->record from the stored record; an error description, or NULL (out of memory: "") */
static const char *merge(oc_op *op, update_state *st, cJSON *stored)
{
	static const char *const fixed[] = { "clientId", "tokenEndpointAuthMethod", "authMethodExplicit",
		"clientSecret", "redirectUris" };
	const cJSON *u = st->updates, *m;
	cJSON *rec = cJSON_Duplicate(stored, 1);
	if (rec == NULL)
		return "";
	cJSON_ArrayForEach(m, u)
		if (set(rec, m->string, cJSON_Duplicate(m, 1)))
			return "";
	cJSON_ArrayForEach(m, st->unset) {
		size_t k = 0;
		while (k < sizeof fixed / sizeof fixed[0] && strcmp(m->valuestring, fixed[k]) != 0)
			k++;
		if (k == sizeof fixed / sizeof fixed[0])
			cJSON_DeleteItemFromObjectCaseSensitive(rec, m->valuestring);
	}

	const char *given, *method;
	const cJSON *stored_method = cJSON_GetObjectItemCaseSensitive(stored, "tokenEndpointAuthMethod");
	int explicit_method = cJSON_GetObjectItemCaseSensitive(u, "tokenEndpointAuthMethod") != NULL;
	oc_arg_str(u, "tokenEndpointAuthMethod", &given);
	if (given != NULL && given[0])
		method = given;
	else if (cJSON_IsString(stored_method) && stored_method->valuestring[0])
		method = stored_method->valuestring;
	else
		method = "client_secret_basic";
	const cJSON *stored_explicit = cJSON_GetObjectItemCaseSensitive(stored, "authMethodExplicit");
	if (set(rec, "clientId", cJSON_CreateString(st->client_id))
	    || set(rec, "tokenEndpointAuthMethod", cJSON_CreateString(method))
	    || set(rec, "authMethodExplicit", explicit_method ? cJSON_CreateTrue()
		: stored_explicit ? cJSON_Duplicate(stored_explicit, 1) : NULL))
		return "";

	/* no secret for "none", nor (allowPrivateKeyJwt) for a private_key_jwt client, as createClient */
	int public_client = strcmp(method, "none") == 0
		|| (op->cfg->allow_private_key_jwt && strcmp(method, "private_key_jwt") == 0);
	const char *secret;
	const cJSON *stored_hash = cJSON_GetObjectItemCaseSensitive(stored, "clientSecret");
	cJSON *hash = NULL;
	oc_arg_str(u, "clientSecret", &secret);
	if (!public_client && secret != NULL && secret[0]) {
		char h[OC_TOKEN_ID_LEN + 1];
		oc_token_client_secret_hash(h, secret, strlen(secret));
		hash = cJSON_CreateString(h);
		st->secret = secret;
	} else if (!public_client && cJSON_IsString(stored_hash) && stored_hash->valuestring[0]) {
		hash = cJSON_Duplicate(stored_hash, 1);
	}
	if (set(rec, "clientSecret", hash))
		return "";

	if (explicit_method || cJSON_GetObjectItemCaseSensitive(u, "grantTypes") != NULL
	    || cJSON_GetObjectItemCaseSensitive(u, "responseTypes") != NULL) {
		oc_err e = check_caps(op, rec, method);
		if (e.code != OC_OK)
			return e.desc;
	}
	const char *bad_keys = op->cfg->allow_private_key_jwt ? merge_keys(op, rec, u, method) : NULL;
	if (bad_keys != NULL)
		return bad_keys;
	st->record = rec;
	return NULL;
}

/* Checks updates and the new record, then emits its write. */
static oc_op_status update(oc_op *op, update_state *st, const oc_fx_result *r)
{
	const cJSON *uris = cJSON_GetObjectItemCaseSensitive(st->updates, "redirectUris");
	const char *bad;
	oc_client check;
	if (uris != NULL && (!cJSON_IsArray(uris) || cJSON_GetArraySize(uris) == 0))
		return fail(op, "redirectUris must not be empty");
	if ((bad = check_types(op, st->updates)) != NULL)
		return fail(op, bad);
	if (uris != NULL) {
		oc_strs l;
		int has;
		oc_arg_strs(op->arena, st->updates, "redirectUris", &has, &l);
		oc_err e = oc_redirect_check_registration(op->cfg, &l);
		if (e.code != OC_OK)
			return fail(op, e.desc);
	}
	cJSON *stored = cJSON_ParseWithLength(r->data, r->len);
	if (!cJSON_IsObject(stored))
		return oc_op_value(op, NULL);
	if ((bad = merge(op, st, stored)) != NULL)
		return bad[0] ? fail(op, bad) : OC_OP_FAILED;

	/* A registered client keeps expiring: re-stamped with the configured TTL (0.10.x: every client gets it). */
	const cJSON *stamp = cJSON_GetObjectItemCaseSensitive(stored, "registrationExpiresAt");
	const oc_config *cfg = op->cfg;
	uint32_t ttl = 0;
	if (stamp != NULL && cfg->profile->client_expiry_stamped && oc_client_restamp_json(cfg, st->record, oc_op_now(op)) < 0)
		return OC_OP_FAILED;
	if (stamp != NULL || cfg->profile->update_client_ttl_all)
		ttl = cfg->has_client_registration_ttl ? cfg->client_registration_ttl : 0;
	char *text = oc_json_print(st->record);
	char *key = oc_kv_client_key(op->arena, st->client_id);
	oc_fx *fx;
	if (text == NULL || key == NULL)
		return OC_OP_FAILED;
	if (oc_client_decode(op->arena, text, strlen(text), &check).code != OC_OK)
		return fail(op, "Invalid client metadata");
	if ((fx = oc_op_emit(op, OC_FX_KV_PUT, key, strlen(key))) == NULL)
		return OC_OP_FAILED;
	fx->val = text;
	fx->val_len = (uint32_t)strlen(text);
	fx->ttl = ttl;
	op->state = STORED;
	return OC_OP_EFFECTS;
}

/* cimd_update_refused off (0.10.x): the client the document describes, updated as a stored one (or CimdFetchError). */
static oc_op_status update_document_client(oc_op *op, update_state *st)
{
	oc_client c;
	oc_op_status answered;
	char *json;
	if (oc_store_got_client(op, st->client_id, &c, &answered) < 0)
		return answered;
	if (oc_client_encode(op->arena, &c, &json).code != OC_OK)
		return OC_OP_FAILED;
	return update(op, st, &(oc_fx_result){ .status = OC_FXR_OK, .data = json, .len = (uint32_t)strlen(json) });
}

oc_op_status oc_helper_update_client(oc_op *op)
{
	update_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *id;
		const cJSON *unset = args ? cJSON_GetObjectItemCaseSensitive(args, "unset") : NULL, *m;
		if (args == NULL || oc_arg_str(args, "clientId", &id) || id == NULL)
			return oc_op_type_error(op, "clientId must be a string");
		if (oc_cimd_route_of(op->cfg, id) != OC_CIMD_STORED && op->cfg->profile->cimd_update_refused) /* R-HLP-06 */
			return oc_op_type_error(op, "Client ID Metadata Document clients are updated by changing their document");
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL)
			return OC_OP_FAILED;
		st->client_id = id;
		st->updates = cJSON_GetObjectItemCaseSensitive(args, "updates");
		if (!cJSON_IsObject(st->updates))
			return fail(op, "updates must be an object");
		if (unset != NULL) {
			if (!cJSON_IsArray(unset))
				return oc_op_type_error(op, "unset must be an array of strings");
			cJSON_ArrayForEach(m, unset)
				if (!cJSON_IsString(m))
					return oc_op_type_error(op, "unset must be an array of strings");
		}
		st->unset = unset;
		oc_op_status answered;
		int asked = oc_store_ask_client(op, id, READ, &answered);
		if (asked <= 0) /* 0: no such client can exist; -2: a document client answered at once */
			return asked == 0 ? oc_op_value(op, NULL) : asked == -2 ? answered : OC_OP_FAILED;
		return OC_OP_EFFECTS;
	}
	case READ: {
		const oc_fx_result *r = &op->res[0];
		if (oc_cimd_route_of(op->cfg, st->client_id) == OC_CIMD_FETCH)
			return update_document_client(op, st);
		if (r->status == OC_FXR_MISSING)
			return oc_op_value(op, NULL);
		if (r->status != OC_FXR_OK)
			return oc_op_fx_error(op, r);
		return update(op, st, r);
	}
	case STORED: {
		if (op->res[0].status != OC_FXR_OK)
			return oc_op_fx_error(op, &op->res[0]);
		cJSON *info = oc_helper_client_public(st->record);
		if (st->secret != NULL && set(info, "clientSecret", cJSON_CreateString(st->secret)))
			return OC_OP_FAILED;
		return oc_op_value(op, info);
	}
	default:
		return OC_OP_FAILED;
	}
}
