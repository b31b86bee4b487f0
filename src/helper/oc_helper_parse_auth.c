/*
 * OC_KIND_PARSE_AUTH_REQUEST: the parseAuthRequest() helper.
 *
 * Args {"url": the request URL}. Only the query string is read (a form body
 * is not); it is decoded as URLSearchParams does (oc_form, OC_FORM_WHATWG:
 * '+' is a space, a bad percent escape stays literal, bad UTF-8 becomes
 * U+FFFD). resource may be repeated (RFC 8707 §2): every value must name the
 * configured resource; with several resources (oc_resource_registry.h), the
 * values name one of them, or none names the default one
 * (oc_resource_choose, R-PAR-17). The other parameters read here must not be (RFC 6749
 * §3.1), a deliberate difference: the reference reads the first value. Other
 * parameters are not ours to read (§3.1: ignored), repeated or not.
 *
 * The checks, in the reference's order: client_id present and not repeated,
 * redirect_uri not repeated, the client exists (KV client:{id}), redirect_uri
 * usable and registered (oc_redirect_match). Until here an error carries no
 * redirect context (render it locally; RFC 6749 §4.1.2.1). Then no repeated
 * response_type, scope, state or PKCE parameter (the redirect carries the
 * first state), resource (RFC 8707), response_type (oc_response_type_check:
 * code; token only with allowImplicitFlow; the client registered for it),
 * and PKCE (oc_pkce_request_check: S256; plain only if allowed; a challenge
 * without method is plain; a method without challenge is refused; public
 * clients must use it with code, not with token, where a challenge is
 * checked, then ignored), then the challenge's form (a deliberate
 * difference, oc_pkce_request_form_check): these errors carry redirectUri,
 * state, issuer and redirectTo (the error redirect, RFC 6749 §4.1.2.1 + RFC
 * 9207; oc_redirect_error).
 *
 * Answer: AuthRequest {responseType, clientId, redirectUri, scope[], state
 * ("" when absent), codeChallenge?, codeChallengeMethod? (only when given),
 * resource?, issuer} where issuer is the request URL's origin
 * (OAuthAuthorizationServer: its issuer, and a request elsewhere than its
 * authorization endpoint is refused locally first, invalid_request
 * "Authorization request was sent to an unconfigured endpoint").
 */
#include "flow/oc_flow_discovery.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "store/oc_store_read.h"
#include "store/oc_kv.h"
#include "base/oc_form.h"
#include "base/oc_url.h"
#include "oauth/oc_pkce.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_response_type.h"
#include <stdint.h>
#include <string.h>

enum { START, GOT_CLIENT };

typedef struct {
	oc_form q;
	char *issuer;
	const char *client_id, *redirect_uri, *state;
} parse_state;

/* The first value of name, or NULL. */
static const char *qget(const parse_state *st, const char *name)
{
	const oc_form_pair *p = oc_form_get(&st->q, name);
	return p ? p->value : NULL;
}

/* The issuer: the URL's origin as URL.origin serialises it. */
static char *origin_of(oc_arena *a, const oc_url *u)
{
	char *s = oc_arena_alloc(a, oc_url_origin_write(NULL, u->scheme, u->host, u->port) + 1);
	if (s != NULL)
		oc_url_origin_write(s, u->scheme, u->host, u->port);
	return s;
}

/* The issuer authorization responses carry (oc_flow_discovery_issuer), for a request at u. */
static char *issuer_of(oc_op *op, const oc_url *u)
{
	char *fixed = oc_flow_discovery_fixed_issuer(op->cfg);
	return fixed != NULL ? fixed : origin_of(op->arena, u);
}

static oc_op_status fail_local(oc_op *op, oc_code code, const char *desc)
{
	cJSON *x = cJSON_CreateObject();
	if (x == NULL || !cJSON_AddStringToObject(x, "name", "AuthorizationError"))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(code, desc), x);
}

static oc_op_status fail_redirect(oc_op *op, oc_code code, const char *desc)
{
	parse_state *st = op->flow;
	const char *pairs[] = { "error", oc_code_name(code), "error_description", desc,
		"state", st->state, "iss", st->issuer, NULL };
	char *to = oc_redirect_error(op->arena, st->redirect_uri, pairs);
	cJSON *x = cJSON_CreateObject();
	if (to == NULL || x == NULL || !cJSON_AddStringToObject(x, "name", "AuthorizationError")
	    || !cJSON_AddStringToObject(x, "redirectUri", st->redirect_uri)
	    || (st->state[0] && !cJSON_AddStringToObject(x, "state", st->state))
	    || !cJSON_AddStringToObject(x, "issuer", st->issuer)
	    || !cJSON_AddStringToObject(x, "redirectTo", to))
		return OC_OP_FAILED;
	return oc_op_error_ex(op, OC_ERR(code, desc), x);
}

static const char INVALID_CLIENT[] = "Invalid client_id";

/* What is read here and may not be repeated: before the redirect URI is known good, and after. */
static const char *const local_params[] = { "client_id", "redirect_uri", NULL };
static const char *const redirect_params[] = { "response_type", "scope", "state",
	"code_challenge", "code_challenge_method", NULL };

/* The refusal of the first of names given more than once, or OC_OK. */
static oc_err repeats(oc_op *op, const char *const *names)
{
	parse_state *st = op->flow;

	for (; *names != NULL; names++)
		if (oc_form_count(&st->q, *names) > 1)
			return oc_form_repeat_err(op->arena, *names, strlen(*names));
	return OC_ERR_NONE;
}

/* The checks after the client and redirect URI; the AuthRequest on success. */
static oc_op_status finish(oc_op *op, const oc_client *client)
{
	parse_state *st = op->flow;
	const oc_config *cfg = op->cfg;
	const char *rt = qget(st, "response_type");
	oc_err rep = repeats(op, redirect_params);

	if (rep.code == OC_ERR_SERVER_ERROR)
		return OC_OP_FAILED;
	if (rep.code != OC_OK)
		return fail_redirect(op, rep.code, rep.desc);
	const char *bound = cfg->resource;
	if (oc_resource_several(cfg)) {
		oc_strs asked = { NULL, 0 };
		oc_err e = OC_ERR_NONE;
		size_t n = oc_form_count(&st->q, "resource");
		if (n > 0 && (asked.v = oc_arena_alloc(op->arena, n * sizeof *asked.v)) == NULL)
			return OC_OP_FAILED;
		for (size_t i = 0; i < st->q.count; i++)
			if (strcmp(st->q.pairs[i].name, "resource") == 0)
				asked.v[asked.n++] = (char *)st->q.pairs[i].value;
		if ((e = oc_resource_choose(op->arena, cfg, &asked, &bound)).code == OC_ERR_SERVER_ERROR)
			return OC_OP_FAILED;
		if (e.code != OC_OK)
			return fail_redirect(op, e.code, e.desc);
	}
	cJSON *resources = cJSON_CreateArray();
	if (resources == NULL)
		return OC_OP_FAILED;
	for (size_t i = 0; i < st->q.count && !oc_resource_several(cfg); i++) {
		const char *name = st->q.pairs[i].name, *value = st->q.pairs[i].value;
		if (strcmp(name, "resource") != 0)
			continue;
		if (!oc_resource_ok(cfg, value))
			return fail_redirect(op, OC_ERR_INVALID_TARGET, cfg->profile->resource_refused);
		cJSON_AddItemToArray(resources, cJSON_CreateString(value));
	}
	/* pinned (0.10.x): given, the resource parameter is exactly the configured one, once */
	if (oc_resource_pinned(cfg) && cJSON_GetArraySize(resources) > 0
	    && !(cJSON_GetArraySize(resources) == 1 && oc_resource_exactly_json(resources, cfg->resource))) {
		const char *d = oc_resource_pin_refused(op->arena, cfg);
		return d == NULL ? OC_OP_FAILED : fail_redirect(op, OC_ERR_INVALID_TARGET, d);
	}

	oc_err e = oc_response_type_check(op->arena, cfg, client, rt);
	if (e.code == OC_ERR_SERVER_ERROR)
		return OC_OP_FAILED;
	if (e.code != OC_OK)
		return fail_redirect(op, e.code, e.desc);

	const char *challenge = qget(st, "code_challenge"), *method = qget(st, "code_challenge_method");
	if (challenge && !challenge[0])
		challenge = NULL;
	if (method && !method[0])
		method = NULL;
	/* Without a method the challenge is plain (RFC 7636 4.3), but the
	 * AuthRequest and the grant carry no method, as in 0.10.4. */
	e = oc_pkce_request_check(op->arena, challenge, method, cfg->allow_plain_pkce,
		strcmp(client->token_endpoint_auth_method, "none") == 0 && strcmp(rt, "code") == 0);
	if (e.code == OC_OK)
		e = oc_pkce_request_form_check(challenge, method);
	if (e.code != OC_OK)
		return fail_redirect(op, e.code, e.desc);

	cJSON *ar = cJSON_CreateObject(), *scope = cJSON_CreateArray();
	const char *sc = qget(st, "scope");
	if (ar == NULL || scope == NULL)
		return OC_OP_FAILED;
	for (const char *p = sc ? sc : ""; *p;) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			cJSON_AddItemToArray(scope, cJSON_CreateString(oc_arena_strndup(op->arena, p, n)));
		p += n + (e != NULL);
	}
	cJSON_AddStringToObject(ar, "responseType", rt);
	cJSON_AddStringToObject(ar, "clientId", st->client_id);
	cJSON_AddStringToObject(ar, "redirectUri", st->redirect_uri);
	cJSON_AddItemToObject(ar, "scope", scope);
	cJSON_AddStringToObject(ar, "state", st->state);
	if (challenge) {
		cJSON_AddStringToObject(ar, "codeChallenge", challenge);
		if (method)
			cJSON_AddStringToObject(ar, "codeChallengeMethod", method);
	}
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_CONFIGURED || oc_resource_pinned(cfg))
		cJSON_AddStringToObject(ar, "resource", bound);
	else if (cJSON_GetArraySize(resources) == 1)
		cJSON_AddItemToObject(ar, "resource", cJSON_DetachItemFromArray(resources, 0));
	else if (cJSON_GetArraySize(resources) > 1)
		cJSON_AddItemToObject(ar, "resource", resources);
	cJSON_AddStringToObject(ar, "issuer", st->issuer);
	return oc_op_value(op, ar);
}

/* URLSearchParams' reading; oc_url_parse bounds the URL, so the query, to 8 KiB. */
static const oc_form_limits query_limits = { SIZE_MAX, SIZE_MAX, OC_FORM_REPEATS | OC_FORM_WHATWG };

oc_op_status oc_helper_parse_auth_request(oc_op *op)
{
	parse_state *st = op->flow;

	switch (op->state) {
	case START: {
		cJSON *args = oc_op_args(op);
		const char *url;
		oc_url u;
		if (args == NULL || oc_arg_str(args, "url", &url) || url == NULL
		    || oc_url_parse_request(&u, url, strlen(url)))
			return fail_local(op, OC_ERR_INVALID_REQUEST, "Invalid request URL");
		/* OAuthAuthorizationServer: only at its authorization endpoint, with its issuer */
		const oc_endpoint *ae = &op->cfg->authorize_endpoint;
		if (op->cfg->issuer != NULL && (!oc_url_same_origin(&u, &ae->url) ||
		    !oc_slice_eq(u.path.n ? u.path : (oc_slice){ "/", 1 }, ae->path)))
			return fail_local(op, OC_ERR_INVALID_REQUEST, "Authorization request was sent to an unconfigured endpoint");
		if ((st = op->flow = oc_arena_calloc(op->arena, sizeof *st)) == NULL
		    || (st->issuer = issuer_of(op, &u)) == NULL
		    || oc_form_parse(op->arena, u.query.p, u.query.n, &query_limits, &st->q).code != OC_OK)
			return OC_OP_FAILED;
		st->client_id = qget(st, "client_id");
		st->redirect_uri = qget(st, "redirect_uri");
		st->state = qget(st, "state");
		if (st->state == NULL)
			st->state = "";
		if (st->client_id == NULL || st->client_id[0] == 0)
			return fail_local(op, OC_ERR_INVALID_REQUEST, "client_id is required");
		oc_err rep = repeats(op, local_params);
		if (rep.code == OC_ERR_SERVER_ERROR)
			return OC_OP_FAILED;
		if (rep.code != OC_OK)
			return fail_local(op, rep.code, rep.desc);
		oc_op_status answered;
		int asked = oc_store_ask_client(op, st->client_id, GOT_CLIENT, &answered);
		if (asked == 0) /* no such client can exist */
			return fail_local(op, OC_ERR_INVALID_REQUEST, INVALID_CLIENT);
		return asked > 0 ? OC_OP_EFFECTS : asked == -2 ? answered : OC_OP_FAILED;
	}
	case GOT_CLIENT: {
		oc_client client;
		oc_op_status err;
		int found = oc_store_got_client(op, st->client_id, &client, &err);
		if (found < 0)
			return err;
		if (!found)
			return fail_local(op, OC_ERR_INVALID_REQUEST, INVALID_CLIENT);
		if (st->redirect_uri == NULL || !oc_redirect_match(op->cfg, &client.redirect_uris, st->redirect_uri))
			return fail_local(op, OC_ERR_INVALID_REQUEST, "Invalid redirect URI");
		return finish(op, &client);
	}
	default:
		return OC_OP_FAILED;
	}
}
