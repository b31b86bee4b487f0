/*
 * OC_KIND_COMPLETE_AUTHORIZATION: the completeAuthorization() helper.
 *
 * Args {request: AuthRequest, userId, metadata, scope, props,
 * revokeExistingGrants (default true)}. The AuthRequest may be hand-built
 * (apps carry it through state or a cookie), so it is checked again as
 * parseAuthRequest checks the request, in the reference's order: clientId and
 * redirectUri present (Error "Client ID and Redirect URI are required in the
 * authorization request."), a userId that is empty or holds ':' (TypeError,
 * 1.2) or is too long for its records' KV keys (TypeError,
 * oc_kv_user_id_fits), the client exists and registered redirectUri
 * (oc_redirect_registered; Error "Invalid redirect URI. The redirect URI …"),
 * redirectUri a usable one (oc_redirect_usable; AuthorizationError
 * invalid_request "Invalid redirect URI"), the response
 * type (oc_response_type_check), the resource (1.x: absent, or exactly one
 * configured resource, as a string or an array of that one string; several
 * resources: oc_resource_choose, absent naming the default one, R-CA-15; 0.x:
 * absent, or an absolute URI or a non-empty array of them; else
 * invalid_target), PKCE (oc_pkce_request_check; required for a public
 * client asking for a code); each failure an AuthorizationError, nothing
 * written.
 *
 * Then: a new grant id (16) and code {userId}:{grantId}:{secret}; props
 * sealed under a fresh key, the key wrapped under the code; the grant
 * written to grant:{userId}:{grantId} with authCodeId, the PKCE challenge,
 * resource and redirectUri, KV TTL 600 s and (1.x) key metadata {clientId,
 * resource, redirectUri}. Only once that write succeeded, the user's earlier
 * grants for the same client (1.x: and resource; a grant without resource
 * counts as the same, with several resources only when the legacy resource is
 * this grant's) are found by listing grant:{userId}: and reading the
 * key metadata (grants without it are read), and deleted with their access
 * tokens (oc_revoke: the tokens first, the grants last, so after a storage
 * failure the call again finds and removes what is left); a listed key is
 * the user's only when oc_kv_grant_key_id says so ("grant:carol:x:…" belongs
 * to user "carol:x", not to "carol"). Answer {redirectTo}: redirectUri with code, state (when not empty)
 * and iss (request.issuer, when given) set in its query (oc_redirect_with: as
 * new URL() and searchParams.set() build it).
 *
 * Implicit grant (response type token, allowImplicitFlow; RFC 6749 4.2, as
 * 0.10.4 does it): the grant is written without code, PKCE or refresh
 * fields (a PKCE challenge is ignored), and in the same batch an access token
 * minted by oc_tep_mint (the token endpoint's minting: record, scope = the
 * granted scope, the props key wrapped under the token, KV expiration =
 * expiresAt; tokenExchangeCallback is not called). The grant has no KV
 * expiration in 0.x, as in 0.10.4; in 1.x it ends with its access token (as
 * a 1.2 grant without refresh token) and carries the key metadata. Then the
 * same revocation of earlier grants; answer {redirectTo}: redirectUri with
 * the fragment access_token, token_type=bearer, expires_in, scope (even
 * empty), state (when not empty), iss.
 */
#include "oauth/oc_client_id.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "store/oc_revoke.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include "token/oc_token.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_response_type.h"
#include "oauth/oc_pkce.h"
#include "crypto/oc_crypto.h"
#include "flow/oc_flow_token.h"
#include "oauth/oc_scope.h"
#include "base/oc_json_print.h"
#include <string.h>

enum { START, GOT_CLIENT, STORED, LISTED, READ_LEGACY, REVOKING };

#define CODE_TTL 600

typedef struct {
	cJSON *args, *request;
	const char *user_id, *client_id, *redirect_uri, *state, *issuer, *response_type;
	int implicit;              /* response type token */
	const char *resource;      /* 1.x: the resource the grant binds to (several: oc_resource_choose) */
	char grant_id[OC_TOKEN_GRANT_ID_LEN + 1];
	char *redirect_to;
	char *prefix;              /* grant:{userId}: */
	char **match; size_t nmatch, cap;  /* grant ids to revoke */
	char **legacy; size_t nlegacy;     /* grant keys listed without metadata */
	oc_revoke rv;
} complete_state;

static oc_op_status fail(oc_op *op, const char *name, oc_code code, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", name))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(code, desc), x);
}

static const char *rstr(const cJSON *o, const char *name)
{
	const char *s;
	return oc_arg_str(o, name, &s) ? NULL : s;
}

/*
 * Several resources: an earlier grant's stored resource (string or array) is
 * the new grant's (oc_resource_matches; an array: one of its strings), or
 * absent while the legacy resource is the new grant's.
 */
static int same_registry_resource(const oc_config *cfg, const char *bound, const cJSON *r)
{
	const cJSON *m;
	const char *legacy = oc_resource_legacy(cfg);
	if (r == NULL || cJSON_IsNull(r))
		return legacy != NULL && strcmp(legacy, bound) == 0;
	if (cJSON_IsString(r))
		return oc_resource_matches(r->valuestring, strlen(r->valuestring), bound);
	cJSON_ArrayForEach(m, r)
		if (cJSON_IsString(m) && oc_resource_matches(m->valuestring, strlen(m->valuestring), bound))
			return 1;
	return 0;
}

/* Resource (string or array) the same as the configured one, or absent. */
static int same_resource(const oc_config *cfg, const complete_state *st, const cJSON *r)
{
	const cJSON *m;
	if (cfg->profile->revoke_same_resource_only && oc_resource_several(cfg))
		return same_registry_resource(cfg, st->resource, r);
	if (!cfg->profile->revoke_same_resource_only || r == NULL || cJSON_IsNull(r))
		return 1;
	if (cJSON_IsString(r))
		return oc_resource_ok(cfg, r->valuestring);
	cJSON_ArrayForEach(m, r)
		if (cJSON_IsString(m) && oc_resource_ok(cfg, m->valuestring))
			return 1;
	return 0;
}

static int add_match(oc_op *op, complete_state *st, const char *grant_id)
{
	if (strcmp(grant_id, st->grant_id) == 0)
		return 0;
	if (st->nmatch == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 8;
		char **v = oc_arena_alloc(op->arena, cap * sizeof *v);
		if (v == NULL)
			return -1;
		if (st->nmatch)
			memcpy(v, st->match, st->nmatch * sizeof *v);
		st->match = v;
		st->cap = cap;
	}
	st->match[st->nmatch++] = (char *)grant_id;
	return 0;
}

static oc_op_status emit_list(oc_op *op, complete_state *st, const char *cursor)
{
	oc_fx *fx = oc_op_emit(op, OC_FX_KV_LIST, st->prefix, strlen(st->prefix));
	if (fx == NULL)
		return OC_OP_FAILED;
	if (cursor != NULL) {
		fx->val = cursor;
		fx->val_len = (uint32_t)strlen(cursor);
	}
	op->state = LISTED;
	return OC_OP_EFFECTS;
}

static oc_op_status done(oc_op *op)
{
	complete_state *st = op->flow;
	cJSON *v = cJSON_CreateObject();
	if (v == NULL || !cJSON_AddStringToObject(v, "redirectTo", st->redirect_to))
		return OC_OP_FAILED;
	return oc_op_value(op, v);
}

static oc_op_status revoke(oc_op *op)
{
	complete_state *st = op->flow;
	int r = oc_revoke_begin(op, &st->rv, st->user_id, st->match, st->nmatch);
	if (r < 0)
		return OC_OP_FAILED;
	op->state = REVOKING;
	return r ? OC_OP_EFFECTS : done(op);
}

/* Reads the arguments and checks what needs no client; answers an error, or returns -1 to go on. */
static int read_args(oc_op *op, complete_state *st, oc_op_status *err)
{
	cJSON *args = st->args = oc_op_args(op);
	st->request = args ? cJSON_GetObjectItemCaseSensitive(args, "request") : NULL;
	if (!cJSON_IsObject(st->request)) {
		*err = fail(op, "TypeError", OC_ERR_INVALID_REQUEST, "request must be the parsed AuthRequest");
		return 0;
	}
	st->response_type = rstr(st->request, "responseType");
	st->client_id = rstr(st->request, "clientId");
	st->redirect_uri = rstr(st->request, "redirectUri");
	st->state = rstr(st->request, "state");
	st->issuer = rstr(st->request, "issuer");
	if (st->client_id == NULL || st->client_id[0] == 0 || st->redirect_uri == NULL || st->redirect_uri[0] == 0) {
		*err = fail(op, "Error", OC_ERR_INVALID_REQUEST,
			"Client ID and Redirect URI are required in the authorization request.");
		return 0;
	}
	st->user_id = rstr(args, "userId");
	if (!oc_token_user_id_ok(st->user_id)) {
		*err = fail(op, "TypeError", OC_ERR_INVALID_REQUEST, "userId must be a non-empty string without \":\"");
		return 0;
	}
	if (!oc_kv_user_id_fits(st->user_id)) {
		*err = fail(op, "TypeError", OC_ERR_INVALID_REQUEST,
			"userId is too long: its grant and token keys would exceed KV's 512-byte key limit");
		return 0;
	}
	return -1;
}

/* The AuthRequest's resource (absent, a string or an array of strings) under the profile's binding. */
static int request_resource_ok(const oc_config *cfg, const cJSON *r)
{
	const cJSON *m;
	const char *one = NULL;
	if (r == NULL)
		return 1;
	if (cJSON_IsString(r))
		return oc_resource_ok(cfg, r->valuestring);
	if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) == 0)
		return 0;
	cJSON_ArrayForEach(m, r) {
		if (!cJSON_IsString(m) || !oc_resource_ok(cfg, m->valuestring))
			return 0;
		/* 1.x: exactly one resource, however often it is repeated */
		if (cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED && one != NULL
		    && strcmp(one, m->valuestring) != 0)
			return 0;
		one = m->valuestring;
	}
	return 1;
}

/* Several resources: the AuthRequest's resource chosen as parseAuthRequest chooses it (R-CA-15), into st->resource. */
static oc_err registry_resource(oc_op *op, complete_state *st, const cJSON *r)
{
	oc_strs asked;
	if (oc_resource_values_json(op->arena, r, &asked) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	return oc_resource_choose(op->arena, op->cfg, &asked, &st->resource);
}

/* The AuthRequest against its client, after the redirect URI; answers an error, or returns -1 to go on. */
static int check_request(oc_op *op, complete_state *st, const oc_client *client, oc_op_status *err)
{
	const oc_config *cfg = op->cfg;
	oc_err e = oc_response_type_check(op->arena, cfg, client, st->response_type);

	st->resource = cfg->resource;
	if (e.code == OC_OK) {
		st->implicit = strcmp(st->response_type, "token") == 0;
		const cJSON *res = cJSON_GetObjectItemCaseSensitive(st->request, "resource");
		if (oc_resource_several(cfg))
			e = registry_resource(op, st, res);
		else if (!request_resource_ok(cfg, res))
			e = OC_ERR(OC_ERR_INVALID_TARGET, cfg->profile->resource_refused);
		else if (oc_resource_pinned(cfg) && res != NULL && !oc_resource_exactly_json(res, cfg->resource)) {
			const char *d = oc_resource_pin_refused(op->arena, cfg);
			e = d == NULL ? OC_ERR(OC_ERR_SERVER_ERROR, "out of memory") : OC_ERR(OC_ERR_INVALID_TARGET, d);
		}
		if (e.code == OC_OK)
			e = oc_pkce_request_check(op->arena, rstr(st->request, "codeChallenge"),
				rstr(st->request, "codeChallengeMethod"), cfg->allow_plain_pkce,
				strcmp(client->token_endpoint_auth_method, "none") == 0 && !st->implicit);
	}
	if (e.code == OC_OK)
		return -1;
	*err = e.code == OC_ERR_SERVER_ERROR ? OC_OP_FAILED : fail(op, "AuthorizationError", e.code, e.desc);
	return 0;
}

static const char BAD_REDIRECT[] =
	"Invalid redirect URI. The redirect URI provided does not match any registered URI for this client.";

/* Emits the KV put of a grant record; NULL when out of memory. */
static oc_fx *put_grant(oc_op *op, complete_state *st, const oc_grant *g)
{
	char *key_name = oc_kv_grant_key(op->arena, st->user_id, st->grant_id), *rec, *kvmeta = NULL;
	oc_fx *fx;
	if (key_name == NULL || oc_grant_encode(op->arena, g, &rec).code != OC_OK
	    || (op->cfg->profile->grant_kv_metadata && oc_grant_kv_metadata(op->arena, g, &kvmeta).code != OC_OK)
	    || (fx = oc_op_emit(op, OC_FX_KV_PUT, key_name, strlen(key_name))) == NULL)
		return NULL;
	fx->val = rec;
	fx->val_len = (uint32_t)strlen(rec);
	if (kvmeta != NULL) {
		fx->meta = kvmeta;
		fx->meta_len = (uint32_t)strlen(kvmeta);
	}
	return fx;
}

/* Authorization code: the code and the grant holding it (10 minutes). */
static oc_op_status write_code_grant(oc_op *op, complete_state *st, oc_grant *g,
	const uint8_t key[OC_TOKEN_KEY_LEN])
{
	char *code, code_id[OC_TOKEN_ID_LEN + 1], wrapped[OC_TOKEN_WRAPPED_LEN + 1];
	size_t code_len;
	oc_fx *fx;

	if (oc_token_new(op->arena, st->user_id, st->grant_id, &code, &code_len).code != OC_OK)
		return OC_OP_FAILED;
	oc_token_id(code_id, code, code_len);
	oc_token_wrap(wrapped, code, code_len, key);
	g->auth_code_id = code_id;
	g->auth_code_wrapped_key = wrapped;
	g->code_challenge = (char *)rstr(st->request, "codeChallenge");
	if (g->code_challenge != NULL && g->code_challenge[0] == 0)
		g->code_challenge = NULL; /* no challenge, as oc_pkce_request_check read it */
	if (g->code_challenge != NULL)
		g->code_challenge_method = (char *)rstr(st->request, "codeChallengeMethod");
	if ((fx = put_grant(op, st, g)) == NULL)
		return OC_OP_FAILED;
	fx->ttl = CODE_TTL;

	const char *pairs[] = { "code", code, "state", st->state, "iss", st->issuer, NULL };
	if ((st->redirect_to = oc_redirect_with(op->arena, st->redirect_uri, pairs)) == NULL)
		return OC_OP_FAILED;
	return OC_OP_EFFECTS;
}

/* n (>= 0) in decimal. */
static void dec(char out[24], int64_t n)
{
	char tmp[24];
	size_t k = 0, i = 0;
	uint64_t u = n < 0 ? 0 : (uint64_t)n;
	do
		tmp[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (k)
		out[i++] = tmp[--k];
	out[i] = 0;
}

/* Implicit grant: the grant and its access token, minted as at the token endpoint. */
static oc_op_status write_implicit_grant(oc_op *op, complete_state *st, oc_grant *g,
	const uint8_t key[OC_TOKEN_KEY_LEN])
{
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1], expires_in[24];
	const char *scope;
	oc_tep *t = oc_arena_calloc(op->arena, sizeof *t); /* holds the key: wiped with the arena */
	oc_fx *fx;

	if (t == NULL)
		return OC_OP_FAILED;
	t->user_id = (char *)st->user_id;
	t->grant_id = st->grant_id;
	memcpy(t->key, key, OC_TOKEN_KEY_LEN);
	t->scope = g->scope;
	t->grant = *g;
	if (oc_resource_several(op->cfg))
		t->audience = g->resource;
	t->expires_in = op->cfg->access_token_ttl;
	if (oc_tep_mint(op, t, 0, rid, rwrapped).code != OC_OK
	    || (scope = oc_scope_join(op->arena, &t->scope)) == NULL)
		return OC_OP_FAILED;
	if ((fx = put_grant(op, st, g)) == NULL)
		return OC_OP_FAILED;
	if (op->cfg->profile->implicit_grant_expires_with_token) {
		int64_t now = oc_op_now(op), exp = now + t->expires_in;
		fx->expiration = (uint32_t)(exp < now + OC_TEP_KV_MIN_AHEAD ? now + OC_TEP_KV_MIN_AHEAD : exp);
	}
	if (oc_tep_put_access(op, t) == NULL)
		return OC_OP_FAILED;

	dec(expires_in, t->expires_in);
	const char *pairs[] = { "access_token", t->access_token, "token_type", "bearer",
		"expires_in", expires_in, "scope", scope,
		"state", st->state && st->state[0] ? st->state : NULL, "iss", st->issuer, NULL };
	if ((st->redirect_to = oc_redirect_fragment(op->arena, st->redirect_uri, pairs)) == NULL)
		return OC_OP_FAILED;
	return OC_OP_EFFECTS;
}

/* Builds and emits the grant write (and, implicit, the access token's). */
static oc_op_status write_grant(oc_op *op, complete_state *st)
{
	const oc_config *cfg = op->cfg;
	oc_grant g;
	uint8_t key[OC_TOKEN_KEY_LEN];
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(st->args, "props");
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(st->args, "metadata");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(st->args, "scope");
	char *props_json = props ? oc_json_print(props) : oc_arena_strndup(op->arena, "null", 4);
	oc_op_status r;

	memset(&g, 0, sizeof g);
	if (props_json == NULL || oc_token_random(st->grant_id, OC_TOKEN_GRANT_ID_LEN).code != OC_OK)
		return OC_OP_FAILED;
	if (scope != NULL && !cJSON_IsNull(scope)
	    && (!cJSON_IsArray(scope) || oc_strs_from_json(op->arena, scope, &g.scope, "").code != OC_OK))
		return fail(op, "TypeError", OC_ERR_INVALID_REQUEST, "scope must be an array of strings");
	if (oc_token_props_encrypt(op->arena, props_json, strlen(props_json), key, &g.encrypted_props).code != OC_OK)
		return OC_OP_FAILED;

	g.id = st->grant_id;
	g.client_id = (char *)st->client_id;
	g.user_id = (char *)st->user_id;
	g.metadata = (cJSON *)meta;
	g.created_at = oc_op_now(op);
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED || oc_resource_pinned(cfg)) {
		g.resource.form = OC_KV_STRING;
		g.resource.list.v = (char **)&st->resource;
		g.resource.list.n = 1;
	} else {
		const cJSON *rs = cJSON_GetObjectItemCaseSensitive(st->request, "resource");
		if (cJSON_IsString(rs)) {
			g.resource.form = OC_KV_STRING;
			g.resource.list.v = &((cJSON *)rs)->valuestring;
			g.resource.list.n = 1;
		} else if (cJSON_IsArray(rs) && oc_strs_from_json(op->arena, rs, &g.resource.list, "").code == OC_OK) {
			g.resource.form = OC_KV_ARRAY;
		}
	}
	g.redirect_uri = (char *)st->redirect_uri;

	r = st->implicit ? write_implicit_grant(op, st, &g, key) : write_code_grant(op, st, &g, key);
	oc_wipe(key, sizeof key);
	if (r == OC_OP_EFFECTS)
		op->state = STORED;
	return r;
}

/*
 * A grant replaced for the client: any of its grants, but a CIMD URL
 * client's (whatever the option, as the reference) only those it was
 * authorized for with the same redirect URI (uri, NULL when it has none).
 */
static int same_redirect(const complete_state *st, const cJSON *uri)
{
	if (!oc_client_id_is_url(st->client_id))
		return 1;
	return cJSON_IsString(uri) && strcmp(uri->valuestring, st->redirect_uri) == 0;
}

/* Sorts one page of the grant listing into matches and grants to read. */
static int sort_page(oc_op *op, complete_state *st, const cJSON *keys)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, keys) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "name");
		const cJSON *meta = cJSON_GetObjectItemCaseSensitive(k, "metadata");
		/* Only this user's grants: "grant:{userId}:x:…" is user "{userId}:x"'s. */
		const char *gid = cJSON_IsString(name) ? oc_kv_grant_key_id(name->valuestring, st->user_id) : NULL;
		if (gid == NULL)
			continue;
		const char *cid = oc_grant_kv_metadata_client(meta);
		if (cid != NULL) {
			if (strcmp(cid, st->client_id) == 0
			    && same_redirect(st, cJSON_GetObjectItemCaseSensitive(meta, "redirectUri"))
			    && same_resource(op->cfg, st, cJSON_GetObjectItemCaseSensitive(meta, "resource"))
			    && add_match(op, st, gid))
				return -1;
		} else if (strcmp(gid, st->grant_id) != 0) {
			char **v = oc_arena_alloc(op->arena, (st->nlegacy + 1) * sizeof *v);
			if (v == NULL)
				return -1;
			if (st->nlegacy)
				memcpy(v, st->legacy, st->nlegacy * sizeof *v);
			v[st->nlegacy++] = name->valuestring;
			st->legacy = v;
		}
	}
	return 0;
}

/* A legacy grant read (oc_store_read_found): a match when it is the client's, for the same resource. */
static int legacy_match(oc_op *op, void *ctx, uint32_t i, const char *data, size_t len)
{
	complete_state *st = ctx;
	oc_grant g;
	if (oc_grant_decode(op->arena, data, len, &g).code != OC_OK || strcmp(g.client_id, st->client_id) != 0)
		return 0;
	cJSON *uri = g.redirect_uri != NULL ? cJSON_CreateString(g.redirect_uri) : NULL;
	if (g.redirect_uri != NULL && uri == NULL)
		return -1;
	if (!same_redirect(st, uri))
		return 0;
	cJSON *res = NULL;
	if (g.resource.form == OC_KV_STRING)
		res = cJSON_CreateString(g.resource.list.v[0]);
	else if (g.resource.form == OC_KV_ARRAY)
		res = oc_strs_to_json(&g.resource.list);
	return same_resource(op->cfg, st, res) && add_match(op, st, oc_kv_grant_key_id(st->legacy[i], st->user_id));
}

oc_op_status oc_helper_complete_authorization(oc_op *op)
{
	complete_state *st = op->flow;

	switch (op->state) {
	case START: {
		oc_op_status err;
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL)
			return OC_OP_FAILED;
		if (read_args(op, st, &err) == 0)
			return err;
		int asked = oc_store_ask_client(op, st->client_id, GOT_CLIENT, &err);
		if (asked == 0) /* no such client can exist */
			return fail(op, "Error", OC_ERR_INVALID_REQUEST, BAD_REDIRECT);
		return asked > 0 ? OC_OP_EFFECTS : asked == -2 ? err : OC_OP_FAILED;
	}
	case GOT_CLIENT: {
		oc_client client;
		oc_op_status err;
		int found = oc_store_got_client(op, st->client_id, &client, &err);
		if (found < 0)
			return err;
		if (!found || !oc_redirect_registered(&client.redirect_uris, st->redirect_uri))
			return fail(op, "Error", OC_ERR_INVALID_REQUEST, BAD_REDIRECT);
		if (!oc_redirect_usable(op->cfg, st->redirect_uri))
			return fail(op, "AuthorizationError", OC_ERR_INVALID_REQUEST, "Invalid redirect URI");
		if (check_request(op, st, &client, &err) == 0)
			return err;
		return write_grant(op, st);
	}
	case STORED: {
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(st->args, "revokeExistingGrants");
		for (uint32_t i = 0; i < op->nres; i++)
			if (op->res[i].status != OC_FXR_OK)
				return oc_op_fx_error(op, &op->res[i]);
		if (cJSON_IsFalse(rev))
			return done(op);
		if ((st->prefix = oc_kv_grant_prefix(op->arena, st->user_id)) == NULL)
			return OC_OP_FAILED;
		return emit_list(op, st, NULL);
	}
	case LISTED: {
		const oc_fx_result *r = &op->res[0];
		if (r->status != OC_FXR_OK)
			return oc_op_fx_error(op, r);
		cJSON *j = cJSON_ParseWithLength(r->data, r->len);
		const cJSON *keys = cJSON_GetObjectItemCaseSensitive(j, "keys");
		const cJSON *cur = cJSON_GetObjectItemCaseSensitive(j, "cursor");
		if (!cJSON_IsArray(keys))
			return oc_op_fx_error(op, r);
		if (sort_page(op, st, keys))
			return OC_OP_FAILED;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "list_complete")) && cJSON_IsString(cur)
		    && cur->valuestring[0])
			return emit_list(op, st, cur->valuestring);
		if (st->nlegacy == 0)
			return revoke(op);
		for (size_t i = 0; i < st->nlegacy; i++)
			if (oc_op_emit_get(op, st->legacy[i]) != 0)
				return OC_OP_FAILED;
		op->state = READ_LEGACY;
		return OC_OP_EFFECTS;
	}
	case READ_LEGACY: {
		oc_op_status s;
		return oc_store_read_found(op, legacy_match, st, &s) ? revoke(op) : s;
	}
	case REVOKING: {
		int r = oc_revoke_resume(op, &st->rv);
		if (r > 0)
			return OC_OP_EFFECTS;
		if (r < 0)
			return st->rv.failed ? oc_op_fx_error(op, st->rv.failed) : OC_OP_FAILED;
		return done(op);
	}
	default:
		return OC_OP_FAILED;
	}
}
