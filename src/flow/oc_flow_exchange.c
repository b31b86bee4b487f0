/*
 * RFC 8693 token exchange, behind allowTokenExchangeGrant: an access token
 * of this server (the subject token) is exchanged for a new access token of
 * the same grant, narrower in scope or lifetime, issued to the exchanging
 * client. Only access tokens are exchanged, for access tokens. The rules and
 * their order are the reference 1.2.3's (docs/observed/rules-1.2.3.md 9.3),
 * or 0.10.4's where the profile says so (oc_profile.h: exchange_subject_refusal,
 * exchange_client, exchange_audience, invalid_scope_when_none_granted;
 * docs/observed/rules-0.10.4.md section 9);
 * the token endpoint (oc_flow_token.c) drives them, after the client is
 * authenticated and the request's resource checked, and so does the
 * exchangeToken helper (helper/oc_helper_exchange.c) for the client of the
 * subject token.
 *
 * The new token wraps the subject token's props key under its own string,
 * so it opens the same props ciphertext; a tokenExchangeCallback may give it
 * props of their own (sealed under a new key). Nothing else is written: the
 * grant and the subject token stay as they are.
 */
#include "flow/oc_flow_token.h"
#include "base/oc_jsonw.h"
#include "base/oc_js_trim.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_scope.h"
#include "op/oc_callback.h"
#include <string.h>

#define WHY(reason) OC_WHY("token-exchange-grant", reason)
#define REFUSE(code, desc, reason) OC_ERR_WHY(code, desc, WHY(reason))
#define BAD(desc, reason) REFUSE(OC_ERR_INVALID_REQUEST, desc, reason)
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

/* KV's minimum expiration: a subject token with less left cannot be exchanged. */
#define SUBJECT_MIN_LEFT 60

/* The form value of name, or NULL when absent or empty (the reference's falsy string). */
static const oc_form_pair *nonempty(const oc_tep *t, const char *name)
{
	const oc_form_pair *p = oc_form_get(&t->form, name);
	return p != NULL && p->value_len > 0 ? p : NULL;
}

static int is(const oc_form_pair *p, const char *s)
{
	size_t n = strlen(s);
	return p->value_len == n && memcmp(p->value, s, n) == 0;
}

/*
 * JavaScript's parseInt(s, 10) > 0: leading white space skipped, an optional
 * sign, then at least one decimal digit (the rest ignored). The value, capped
 * far above any lifetime, in *v.
 */
static int positive_int(const char *s, size_t n, double *v)
{
	s = oc_js_trim(s, &n);
	size_t i = 0;
	int neg = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i >= n || s[i] < '0' || s[i] > '9')
		return 0;
	double x = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		if (x < 1e15)
			x = x * 10 + (s[i] - '0');
	*v = x;
	return !neg && x > 0;
}

oc_err oc_flow_exchange_params(oc_op *op, oc_tep *t)
{
	const oc_form_pair *type = nonempty(t, "subject_token_type");
	const oc_form_pair *want = nonempty(t, "requested_token_type");
	const oc_form_pair *exp = oc_form_get(&t->form, "expires_in");
	(void)op;

	if (t->tok == NULL)
		return BAD("subject_token is required", "subject_token_missing");
	if (type == NULL)
		return BAD("subject_token_type is required", "subject_token_type_missing");
	if (!is(type, OC_TEP_ACCESS_TOKEN_TYPE))
		return BAD("Only access_token subject_token_type is supported", "subject_token_type_unsupported");
	if (want != NULL && !is(want, OC_TEP_ACCESS_TOKEN_TYPE))
		return BAD("Only access_token requested_token_type is supported", "requested_token_type_unsupported");
	if (exp != NULL) {
		if (!positive_int(exp->value, exp->value_len, &t->x_expires))
			return BAD("Invalid expires_in parameter", "expires_in_invalid");
		t->x_has_expires = 1;
	}
	return OC_ERR_NONE;
}

/* A refusal of the subject token, its grant or its lifetime left: the profile's code. */
static oc_err subject_refused(const oc_op *op, const char *desc, const char *why)
{
	return OC_ERR_WHY(op->cfg->profile->exchange_subject_refusal, desc, why);
}

/* The subject token as unwrapToken reads it: a live record whose key opens with the token. */
static int subject_ok(oc_op *op, oc_tep *t)
{
	const oc_access_rec *r = &t->rec;
	if (!t->tok_lookup || !t->has_rec || r->expires_at < oc_op_now(op) || r->wrapped_encryption_key == NULL
	    || r->grant.encrypted_props == NULL)
		return 0;
	return oc_token_unwrap(t->key, t->tok, t->tok_len, r->wrapped_encryption_key,
		strlen(r->wrapped_encryption_key)).code == OC_OK;
}

/* The new token's scope: the request's narrowing of the subject token's. */
static oc_err select_scope(oc_op *op, oc_tep *t)
{
	const oc_err none = REFUSE(OC_ERR_INVALID_SCOPE, "None of the requested scopes were granted", "scope_not_granted");
	size_t asked = 0;
	if (!t->x_helper)
		return oc_tep_scope_select(op, &t->form, &t->x_ceiling, &t->scope, WHY("scope_not_granted"));
	t->scope = t->x_ceiling;
	if (!oc_cb_truthy(t->x_scope))
		return OC_ERR_NONE;
	int r = oc_tep_downscope(op, t->x_scope, &t->x_ceiling, &t->scope, &asked);
	if (r == -1)
		return OC_ERR(OC_ERR_INVALID_REQUEST, "scope must be an array of strings");
	if (r < 0)
		return NOMEM;
	return asked > 0 && t->scope.n == 0 && op->cfg->profile->invalid_scope_when_none_granted ? none : OC_ERR_NONE;
}

/*
 * A requested resource names the configured one: the form's (each already
 * held to R-TOKEN-09 by the token endpoint), or the helper's aud, a string or
 * an array whose distinct values are one such string.
 */
static int requested_resource_ok(oc_op *op, const oc_tep *t)
{
	const cJSON *a = t->x_aud, *e;
	const char *one = NULL;
	if (!t->x_helper) {
		for (size_t i = 0; i < t->form.count; i++) {
			const oc_form_pair *p = &t->form.pairs[i];
			if (p->name_len == 8 && memcmp(p->name, "resource", 8) == 0
			    && !oc_resource_token_ok(op->cfg, p->value, p->value_len))
				return 0;
		}
		return 1;
	}
	if (cJSON_IsString(a))
		one = a->valuestring;
	else if (cJSON_IsArray(a))
		cJSON_ArrayForEach(e, a) {
			if (!cJSON_IsString(e) || (one != NULL && strcmp(one, e->valuestring) != 0))
				return 0;
			one = e->valuestring;
		}
	return one != NULL && oc_resource_token_ok(op->cfg, one, strlen(one));
}

/* 1 when the request names a resource (the helper: aud given). */
static int resource_requested(const oc_tep *t)
{
	return t->x_helper ? t->x_aud != NULL : oc_form_get(&t->form, "resource") != NULL;
}

/*
 * Several resources: the new token's audience (t->audience) is the entry the
 * subject token is bound to, which a requested resource (the form's, or the
 * helper's aud: a string or an array of strings, anything else naming none)
 * must name (oc_resource_for_exchange; the aud read by oc_resource_values_json).
 */
static oc_err several_audience(oc_op *op, oc_tep *t)
{
	oc_strs asked;
	const char *to;
	char **v;
	oc_err e = OC_ERR_NONE;
	if (!t->x_helper)
		e = oc_tep_resource_values(op, &t->form, &asked);
	else if (oc_resource_values_json(op->arena, t->x_aud, &asked) != 0)
		return NOMEM;
	if (e.code != OC_OK || (e = oc_resource_for_exchange(op->arena, op->cfg, &asked, &t->rec.audience, &to)).code != OC_OK)
		return e;
	if ((v = oc_arena_alloc(op->arena, sizeof *v)) == NULL)
		return NOMEM;
	v[0] = (char *)to;
	t->audience = (oc_kv_strs){ OC_KV_STRING, { v, 1 } };
	return OC_ERR_NONE;
}

/*
 * The helper's aud as 0.10.4's parseResourceParameter reads it: a non-empty
 * string, or a non-empty array of strings, each a resource URI
 * (oc_resource_uri_valid). 1 with *out set, 0 when not, -1 out of memory.
 */
static int helper_aud(oc_op *op, const cJSON *a, oc_kv_strs *out)
{
	const cJSON *e;
	size_t n = cJSON_IsString(a) ? 1 : cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0, k = 0;
	if (n == 0)
		return 0;
	if ((out->list.v = oc_arena_alloc(op->arena, n * sizeof *out->list.v)) == NULL)
		return -1;
	out->form = cJSON_IsString(a) ? OC_KV_STRING : OC_KV_ARRAY;
	if (cJSON_IsString(a))
		out->list.v[k++] = a->valuestring;
	else
		cJSON_ArrayForEach(e, a) {
			if (!cJSON_IsString(e))
				return 0;
			out->list.v[k++] = e->valuestring;
		}
	out->list.n = k;
	for (size_t i = 0; i < k; i++) {
		int ok = oc_resource_uri_valid(op->arena, out->list.v[i], strlen(out->list.v[i]));
		if (ok <= 0)
			return ok;
	}
	return 1;
}

/*
 * OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED: the subject token's and the
 * requested audience name the configured resource; with several resources,
 * several_audience.
 */
static oc_err configured_audience(oc_op *op, oc_tep *t)
{
	if (oc_resource_several(op->cfg))
		return several_audience(op, t);
	if (!oc_resource_audience_bound(&t->rec.audience, op->cfg->resource))
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "Subject token is not bound to a configured resource",
			OC_WHY("resource-indicator", "subject_token_audience_unbound"));
	if (resource_requested(t) && !requested_resource_ok(op, t))
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The requested resource must exactly match the subject token audience",
			OC_WHY("resource-indicator", "resource_subject_token_mismatch"));
	return OC_ERR_NONE;
}

/* OC_PROFILE_EXCHANGE_AUDIENCE_RESOLVED: the new token's audience (t->audience) as 0.10.4 resolves it. */
static oc_err resolved_audience(oc_op *op, oc_tep *t)
{
	oc_kv_strs req;
	if (oc_resource_pinned(op->cfg) && !oc_resource_exactly(&t->rec.audience, op->cfg->resource))
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "Subject token is not bound to the configured resource",
			OC_WHY("resource-indicator", "subject_token_audience_unbound"));
	if (!resource_requested(t)) {
		t->audience = t->rec.audience;
		return OC_ERR_NONE;
	}
	if (!t->x_helper)
		return oc_tep_grant_resource(op, t);
	memset(&req, 0, sizeof req);
	int r = helper_aud(op, t->x_aud, &req);
	if (r < 0)
		return NOMEM;
	if (r == 0)
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, op->cfg->profile->resource_refused,
			OC_WHY("resource-indicator", "resource_not_configured"));
	return oc_tep_requested_audience(op, t, &req);
}

oc_err oc_flow_exchange_check(oc_op *op, oc_tep *t)
{
	const oc_profile *p = op->cfg->profile;
	const oc_access_rec *r = &t->rec;
	oc_err e;

	if (!subject_ok(op, t))
		return subject_refused(op, "Invalid or expired subject token", WHY("subject_token_invalid"));
	if (!t->has_grant)
		return subject_refused(op, "Grant not found", WHY("grant_not_found"));
	t->x_cross = p->exchange_client == OC_PROFILE_EXCHANGE_SAME_CLIENT
		&& strcmp(t->grant.client_id, t->client.client_id) != 0;
	if (t->x_cross && !op->cfg->has_token_exchange_callback)
		return BAD("The subject token was issued to a different client", "cross_client_subject_token");
	t->x_ceiling = r->has_scope ? r->scope : r->grant.scope;
	if ((e = select_scope(op, t)).code != OC_OK)
		return e;
	e = p->exchange_audience == OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED ? configured_audience(op, t)
		: resolved_audience(op, t);
	if (e.code != OC_OK)
		return e;
	t->x_left = r->expires_at - oc_op_now(op);
	if (t->x_left < SUBJECT_MIN_LEFT)
		return subject_refused(op, "Subject token is too close to expiry to exchange", WHY("subject_token_near_expiry"));
	if (t->x_has_expires && t->x_expires <= 0)
		return BAD("Invalid expires_in parameter", "expires_in_invalid");
	t->access_ttl = t->x_has_expires ? t->x_expires : op->cfg->access_token_ttl;
	/* what a callback is given as the grant's props: the subject token's */
	t->grant.encrypted_props = r->grant.encrypted_props;
	return OC_ERR_NONE;
}

oc_err oc_flow_exchange_mint(oc_op *op, oc_tep *t)
{
	char rid[OC_TOKEN_ID_LEN + 1], rwrapped[OC_TOKEN_WRAPPED_LEN + 1];
	double ttl = t->access_ttl < (double)t->x_left || t->access_ttl != t->access_ttl ? t->access_ttl : (double)t->x_left;
	if (!oc_tep_ttl_valid(ttl))
		return BAD("Requested token lifetime must be at least 60 seconds", "requested_ttl_too_short");
	t->expires_in = (int64_t)ttl;
	/* the new token's record names the exchanging client, or its subject token's */
	t->grant.client_id = op->cfg->profile->exchange_client == OC_PROFILE_EXCHANGE_SAME_CLIENT
		? t->client.client_id : t->rec.grant.client_id;
	return oc_tep_mint(op, t, 0, rid, rwrapped);
}

char *oc_flow_exchange_body(oc_op *op, oc_tep *t, size_t *len)
{
	const char *scope = oc_scope_join(op->arena, &t->scope);
	oc_jsonw w;
	if (scope == NULL)
		return NULL;
	oc_jsonw_init(&w, op->arena, 384);
	oc_jsonw_lit(&w, "{\"access_token\":");
	oc_jsonw_cstr(&w, t->access_token);
	oc_jsonw_lit(&w, ",\"issued_token_type\":\"" OC_TEP_ACCESS_TOKEN_TYPE "\",\"token_type\":\"bearer\",\"expires_in\":");
	oc_jsonw_int(&w, t->expires_in);
	oc_jsonw_lit(&w, ",\"scope\":");
	oc_jsonw_cstr(&w, scope);
	if (op->cfg->profile->exchange_audience == OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED) {
		oc_jsonw_lit(&w, ",\"resource\":");
		oc_jsonw_cstr(&w, oc_tep_resource(op, t));
	} else if (t->audience.form == OC_KV_STRING) {
		oc_jsonw_lit(&w, ",\"resource\":");
		oc_jsonw_cstr(&w, t->audience.list.v[0]);
	} else if (t->audience.form == OC_KV_ARRAY) {
		oc_jsonw_lit(&w, ",\"resource\":");
		oc_jsonw_strs(&w, &t->audience.list);
	}
	oc_jsonw_lit(&w, "}");
	return oc_jsonw_finish(&w, len);
}
