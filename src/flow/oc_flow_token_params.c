/*
 * Token endpoint parameters shared by the grants (and the introspection
 * endpoint): content type, client parameter rules, repeats, token split,
 * resource, scope.
 */
#include "flow/oc_flow_token.h"
#include "base/oc_jsonw.h"
#include "oauth/oc_resource.h"
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_scope.h"
#include <string.h>

int oc_tep_split(oc_arena *a, const char *s, size_t n, char **user_id, char **grant_id,
	int *lookup)
{
	size_t last = n, prev;

	*lookup = 0;
	while (last > 0 && s[last - 1] != ':')
		last--;
	if (last == 0)
		return -1;
	prev = last - 1;
	while (prev > 0 && s[prev - 1] != ':')
		prev--;
	if (prev == 0 || memchr(s, ':', prev - 1) != NULL)
		return -1;
	/* s[0..prev-1) user, s[prev..last-1) grant id, s[last..n) secret */
	size_t un = prev - 1, gn = last - 1 - prev;
	*user_id = oc_arena_strndup(a, s, un);
	*grant_id = oc_arena_strndup(a, s + prev, gn);
	if (*user_id == NULL || *grant_id == NULL)
		return -1;
	*lookup = un > 0 && memchr(s, 0, un) == NULL &&
		gn == OC_TOKEN_GRANT_ID_LEN && oc_token_is_alphabet(s + prev, gn);
	return 0;
}

oc_err oc_tep_resource_values(oc_op *op, const oc_form *f, oc_strs *out)
{
	size_t n = oc_form_count(f, "resource"), k = 0;
	out->n = 0;
	out->v = NULL;
	if (n == 0)
		return OC_ERR_NONE;
	if ((out->v = oc_arena_alloc(op->arena, n * sizeof *out->v)) == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	for (size_t i = 0; i < f->count; i++)
		if (f->pairs[i].name_len == 8 && memcmp(f->pairs[i].name, "resource", 8) == 0)
			out->v[k++] = (char *)f->pairs[i].value;
	out->n = k;
	return OC_ERR_NONE;
}

oc_err oc_tep_resource_check(oc_op *op, const oc_form *f)
{
	const oc_config *cfg = op->cfg;
	const oc_err refused = OC_ERR_WHY(OC_ERR_INVALID_TARGET, cfg->profile->resource_refused,
		OC_WHY("resource-indicator", "resource_not_configured"));
	if (oc_resource_several(cfg)) {
		oc_strs asked;
		const char *named;
		oc_err e = oc_tep_resource_values(op, f, &asked);
		if (e.code != OC_OK)
			return e;
		if (asked.n > 0 && oc_resource_find_requested(op->arena, cfg, &asked, &named) != 0)
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
		return asked.n > 0 && named == NULL ? refused : OC_ERR_NONE;
	}
	for (size_t i = 0; i < f->count; i++) {
		const oc_form_pair *p = &f->pairs[i];
		if (p->name_len == 8 && memcmp(p->name, "resource", 8) == 0
		    && !oc_resource_token_ok(cfg, p->value, p->value_len))
			return refused;
	}
	return OC_ERR_NONE;
}

const char *oc_tep_resource(const oc_op *op, const oc_tep *t)
{
	return t->audience.form == OC_KV_STRING ? t->audience.list.v[0] : op->cfg->resource;
}

oc_err oc_tep_resource_new(oc_op *op, oc_tep *t)
{
	oc_strs asked;
	const char *chosen;
	char **v;
	oc_err e;
	if ((e = oc_tep_resource_values(op, &t->form, &asked)).code != OC_OK)
		return e;
	if ((e = oc_resource_choose(op->arena, op->cfg, &asked, &chosen)).code != OC_OK)
		return e.code == OC_ERR_SERVER_ERROR ? e : oc_err_why(e, OC_WHY("resource-indicator", "resource_invalid"));
	if ((v = oc_arena_alloc(op->arena, sizeof *v)) == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	v[0] = (char *)chosen;
	t->audience = (oc_kv_strs){ OC_KV_STRING, { v, 1 } };
	return OC_ERR_NONE;
}

/* The request's resource parameters (valid: oc_tep_resource_check) as 0.10.4 reads its body: absent, a string, or an array. */
static oc_err requested_resources(oc_op *op, const oc_form *f, oc_kv_strs *out)
{
	oc_err e = oc_tep_resource_values(op, f, &out->list);
	out->form = out->list.n == 0 ? OC_KV_ABSENT : out->list.n == 1 ? OC_KV_STRING : OC_KV_ARRAY;
	return e;
}

/* Several resources: the grant's binding (oc_resource_for_grant), the grant rewritten when it must be. */
static oc_err registry_audience(oc_op *op, oc_tep *t)
{
	oc_strs asked;
	const char *bound;
	int backfill;
	oc_err e = oc_tep_resource_values(op, &t->form, &asked);
	if (e.code == OC_OK)
		e = oc_resource_for_grant(op->arena, op->cfg, &asked, &t->grant.resource, &bound, &backfill);
	if (e.code != OC_OK)
		return e;
	char **v = oc_arena_alloc(op->arena, sizeof *v);
	if (v == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	v[0] = (char *)bound;
	t->audience = (oc_kv_strs){ OC_KV_STRING, { v, 1 } };
	if (backfill)
		t->grant.resource = t->audience;
	return OC_ERR_NONE;
}

oc_err oc_tep_requested_audience(oc_op *op, oc_tep *t, const oc_kv_strs *requested)
{
	const oc_kv_strs *granted = &t->grant.resource;
	const oc_kv_strs req = *requested;
	for (size_t i = 0; granted->form != OC_KV_ABSENT && i < granted->list.n; i++) {
		int ok = oc_resource_uri_valid(op->arena, granted->list.v[i], strlen(granted->list.v[i]));
		if (ok < 0)
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
		if (!ok)
			return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The authorization grant contains an invalid resource",
				OC_WHY("resource-indicator", "grant_resource_invalid"));
	}
	if (oc_resource_pinned(op->cfg)) {
		/* the configured resource, asked for exactly or not at all, of a grant bound to it or to none */
		if (req.form != OC_KV_ABSENT && !oc_resource_exactly(&req, op->cfg->resource)) {
			const char *d = oc_resource_pin_refused(op->arena, op->cfg);
			return d == NULL ? OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
				: OC_ERR_WHY(OC_ERR_INVALID_TARGET, d, OC_WHY("resource-indicator", "resource_not_configured"));
		}
		if (granted->form != OC_KV_ABSENT && !oc_resource_exactly(granted, op->cfg->resource))
			return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The authorization grant is not bound to the configured resource",
				OC_WHY("resource-indicator", "grant_audience_unbound"));
		t->audience.form = OC_KV_STRING;
		t->audience.list.v = (char **)&op->cfg->resource;
		t->audience.list.n = 1;
		return OC_ERR_NONE;
	}
	for (size_t i = 0; granted->form != OC_KV_ABSENT && i < req.list.n; i++) {
		int found = 0;
		for (size_t j = 0; j < granted->list.n && !found; j++)
			found = oc_resource_granted_match(op->arena, req.list.v[i], strlen(req.list.v[i]), granted->list.v[j],
				strlen(granted->list.v[j]), strcmp(req.list.v[i], granted->list.v[j]) == 0,
				op->cfg->resource_match_origin_only);
		if (!found)
			return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "Requested resource was not included in the authorization request",
				OC_WHY("resource-indicator", "resource_not_granted"));
	}
	t->audience = req.form != OC_KV_ABSENT ? req : *granted;
	return OC_ERR_NONE;
}

oc_err oc_tep_grant_resource(oc_op *op, oc_tep *t)
{
	const oc_config *cfg = op->cfg;
	oc_kv_strs *r = &t->grant.resource;
	oc_err e;

	if (!cfg->profile->resource_checked_before_grant &&
	    (e = oc_tep_resource_check(op, &t->form)).code != OC_OK)
		return e;
	if (cfg->profile->resource_binding != OC_PROFILE_BIND_CONFIGURED) {
		oc_kv_strs req;
		if ((e = requested_resources(op, &t->form, &req)).code != OC_OK)
			return e;
		return oc_tep_requested_audience(op, t, &req);
	}
	if (oc_resource_several(cfg))
		return registry_audience(op, t);
	if (!oc_resource_audience_bound(r, cfg->resource))
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "The authorization grant is not bound to a configured resource",
			OC_WHY("resource-indicator", "grant_audience_unbound"));
	if (r->form != OC_KV_STRING || strcmp(r->list.v[0], cfg->resource) != 0) {
		char **v = oc_arena_alloc(op->arena, sizeof *v);
		if (v == NULL)
			return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
		v[0] = cfg->resource;
		r->form = OC_KV_STRING;
		r->list.v = v;
		r->list.n = 1;
	}
	return OC_ERR_NONE;
}

oc_err oc_tep_scope_select(oc_op *op, const oc_form *f, const oc_strs *granted, oc_strs *out,
	const char *why_none)
{
	const oc_form_pair *p = oc_form_get(f, "scope");
	oc_strs asked;
	oc_err e;

	*out = *granted;
	if (p == NULL)
		return OC_ERR_NONE;
	e = oc_scope_parse(op->arena, p->value, p->value_len, &asked);
	if (e.code != OC_OK)
		return oc_err_why(e, OC_WHY("token-endpoint-request", "scope_malformed"));
	if (asked.n == 0)
		return OC_ERR_NONE;
	e = oc_scope_intersect(op->arena, &asked, granted, out);
	if (e.code != OC_OK)
		return e;
	if (out->n == 0 && op->cfg->profile->invalid_scope_when_none_granted)
		return OC_ERR_WHY(OC_ERR_INVALID_SCOPE, "None of the requested scopes were granted", why_none);
	return OC_ERR_NONE;
}

/* application/x-www-form-urlencoded, any case, parameters allowed. */
int oc_tep_is_form(oc_slice ct)
{
	static const char want[] = "application/x-www-form-urlencoded";
	size_t n = sizeof want - 1, i = 0;
	while (i < ct.n && ct.p[i] == ' ')
		i++;
	if (ct.n - i < n)
		return 0;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)ct.p[i + k];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != (unsigned char)want[k])
			return 0;
	}
	for (i += n; i < ct.n && (ct.p[i] == ' ' || ct.p[i] == '\t'); i++)
		;
	return i == ct.n || ct.p[i] == ';';
}

/* How the profile reads the client parameters. */
unsigned oc_tep_creds_rules(const oc_op *op)
{
	const oc_profile *p = op->cfg->profile;
	return (p->empty_client_params_unsent ? OC_CREDS_EMPTY_UNSENT : 0) |
		(p->client_assertion_params ? OC_CREDS_ASSERTIONS : 0);
}

/* A pair the repeat rule does not count: an empty client parameter that counts as not sent. */
static int not_counted(const oc_form_pair *p, unsigned rules)
{
	return (rules & OC_CREDS_EMPTY_UNSENT) && p->value_len == 0 && oc_client_creds_param(p);
}

/* Repeated parameters: refused by name, except a repeated "resource" (checked by value later). */
/* The refusal of a repeated parameter, with its name as the reason's detail. */
static oc_err repeated(oc_op *op, const oc_form_pair *p)
{
	oc_err e = oc_form_repeat_err(op->arena, p->name, p->name_len);
	oc_jsonw w;
	if (e.code == OC_ERR_SERVER_ERROR)
		return e;
	oc_jsonw_init(&w, op->arena, 32 + p->name_len);
	oc_jsonw_why(&w, OC_WHY("token-endpoint-request", "repeated_parameter"));
	oc_jsonw_lit(&w, "{\"parameter\":");
	oc_jsonw_str(&w, p->name, p->name_len);
	oc_jsonw_lit(&w, "}");
	e.why = oc_jsonw_finish(&w, NULL);
	return e;
}

oc_err oc_tep_check_repeats(oc_op *op, const oc_form *f)
{
	unsigned rules = oc_tep_creds_rules(op);
	for (size_t i = 1; i < f->count; i++) {
		const oc_form_pair *p = &f->pairs[i];
		if ((p->name_len == 8 && memcmp(p->name, "resource", 8) == 0) || not_counted(p, rules))
			continue;
		for (size_t j = 0; j < i; j++) {
			const oc_form_pair *q = &f->pairs[j];
			if (q->name_len == p->name_len && memcmp(q->name, p->name, p->name_len) == 0 &&
			    !not_counted(q, rules))
				return repeated(op, p);
		}
	}
	return OC_ERR_NONE;
}

char *oc_tep_client_key(oc_op *op, const oc_client_creds *cr, int *fits, oc_err *e)
{
	*e = OC_ERR_NONE;
	*fits = 0;
	if (memchr(cr->client_id, 0, cr->client_id_len) != NULL) {
		*e = OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", OC_WHY("client-authentication", "client_not_found"));
		return NULL;
	}
	char *cid = oc_arena_strndup(op->arena, cr->client_id, cr->client_id_len);
	char *key = cid ? oc_kv_client_key(op->arena, cid) : NULL;
	*fits = key != NULL && oc_kv_key_fits(key);
	return key;
}

int oc_tep_downscope(oc_op *op, const cJSON *v, const oc_strs *ceiling, oc_strs *out, size_t *asked)
{
	size_t cap = 0, n = 0, k = 0;
	const cJSON *e;
	if (cJSON_IsString(v))
		cap = strlen(v->valuestring) / 2 + 1;
	else if (cJSON_IsArray(v))
		cap = (size_t)cJSON_GetArraySize(v);
	else
		return -1;
	char **kept = oc_arena_alloc(op->arena, (cap ? cap : 1) * sizeof *kept);
	if (kept == NULL)
		return -2;
	if (cJSON_IsString(v)) {
		char *s = oc_arena_strndup(op->arena, v->valuestring, strlen(v->valuestring));
		if (s == NULL)
			return -2;
		for (char *tok = s; *tok; ) {
			char *end = strchr(tok, ' ');
			if (end != NULL)
				*end = 0;
			k += *tok != 0;
			if (*tok && oc_strs_has(ceiling, tok))
				kept[n++] = tok;
			if (end == NULL)
				break;
			tok = end + 1;
		}
	} else {
		cJSON_ArrayForEach(e, v) {
			k++;
			if (cJSON_IsString(e) && oc_strs_has(ceiling, e->valuestring))
				kept[n++] = e->valuestring;
		}
	}
	out->v = kept;
	out->n = n;
	if (asked != NULL)
		*asked = k;
	return 0;
}
