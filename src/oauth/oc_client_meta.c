/*
 * RFC 7591 client metadata as the reference 1.2.3 reads a registration
 * request (oc_client_meta.h): member types, URI members, the token endpoint
 * auth method negotiation, capabilities, then the redirect URIs.
 */
#include "oauth/oc_client_meta.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_client_keys.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>
#include <string.h>

#define META(d) OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, (d))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")


const cJSON *oc_client_meta_member(const cJSON *o, const char *name)
{
	const cJSON *m, *last = NULL;
	cJSON_ArrayForEach(m, o)
		if (m->string != NULL && strcmp(m->string, name) == 0)
			last = m;
	return last;
}

/* JavaScript's typeof of a JSON value. */
static const char *js_typeof(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsNumber(v))
		return "number";
	if (cJSON_IsBool(v))
		return "boolean";
	return "object";
}

/* s1 s2 s3 s4 concatenated in a, as an invalid_client_metadata error. */
static oc_err meta_err(oc_arena *a, const char *s1, const char *s2, const char *s3, const char *s4)
{
	size_t n1 = strlen(s1), n2 = strlen(s2), n3 = strlen(s3), n4 = strlen(s4);
	char *s = oc_arena_alloc(a, n1 + n2 + n3 + n4 + 1);
	if (s == NULL)
		return NOMEM;
	memcpy(s, s1, n1);
	memcpy(s + n1, s2, n2);
	memcpy(s + n1 + n2, s3, n3);
	memcpy(s + n1 + n2 + n3, s4, n4 + 1);
	return META(s);
}

/* An optional string member: absent leaves *out NULL. */
static oc_err opt_str(oc_arena *a, const cJSON *v, const char *name, char **out)
{
	*out = NULL;
	if (v == NULL)
		return OC_ERR_NONE;
	if (!cJSON_IsString(v))
		return meta_err(a, "Invalid ", name, ": expected string, got ", js_typeof(v));
	*out = v->valuestring;
	return OC_ERR_NONE;
}

/* An optional array of strings: absent leaves *has 0. Strings point into v. */
static oc_err opt_strs(oc_arena *a, const cJSON *v, const char *name, int *has, oc_strs *out)
{
	const cJSON *e;
	size_t n = 0;
	*has = 0;
	out->v = NULL;
	out->n = 0;
	if (v == NULL)
		return OC_ERR_NONE;
	if (!cJSON_IsArray(v))
		return meta_err(a, "Invalid ", name, ": expected array, got ", js_typeof(v));
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e))
			return meta_err(a, "Invalid ", name, ": array must contain only strings", "");
		n++;
	}
	if (n > 0 && (out->v = oc_arena_alloc(a, n * sizeof(char *))) == NULL)
		return NOMEM;
	cJSON_ArrayForEach(e, v)
		out->v[out->n++] = e->valuestring;
	*has = 1;
	return OC_ERR_NONE;
}

/* 1 if s parses as a URL (new URL(s)) whose scheme is http or https. */
static int http_uri(const char *s)
{
	size_t n = strlen(s), cap = OC_URL_WHATWG_BUF(n);
	oc_url_whatwg u;
	char *buf = n < SIZE_MAX / 8 ? malloc(cap) : NULL;
	int ok = buf != NULL && oc_url_whatwg_parse(&u, s, n, buf, cap) == 0
		&& (oc_slice_eq(u.scheme, "http") || oc_slice_eq(u.scheme, "https"));
	free(buf);
	return ok;
}

/* An optional http(s) URI member. */
static oc_err opt_uri(oc_arena *a, const cJSON *v, const char *name, char **out)
{
	oc_err e = opt_str(a, v, name, out);
	if (e.code == OC_OK && *out != NULL && !http_uri(*out))
		return meta_err(a, "Invalid ", name, ": must be an absolute http: or https: URL", "");
	return e;
}

/* For <field>#<tag>: 2 a URI field, 1 a string field, 0 not a localizable member. */
static int i18n_kind(const char *name)
{
	static const struct { const char *field; int kind; } fields[] = {
		{ "client_name", 1 }, { "client_uri", 2 }, { "logo_uri", 2 }, { "tos_uri", 2 }, { "policy_uri", 2 },
	};
	const char *hash = strchr(name, '#');
	if (hash == NULL || hash == name || hash[1] == 0)
		return 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strlen(fields[i].field) == (size_t)(hash - name)
		    && memcmp(fields[i].field, name, (size_t)(hash - name)) == 0)
			return fields[i].kind;
	return 0;
}

/* A localizable member: its name, position, kind, and (grouped by name) the last value. */
typedef struct {
	const cJSON *m;
	size_t pos;
	int kind;
} loc;

static int by_name_then_pos(const void *x, const void *y)
{
	const loc *a = x, *b = y;
	int c = strcmp(a->m->string, b->m->string);
	return c != 0 ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static int by_pos(const void *x, const void *y)
{
	const loc *a = x, *b = y;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/*
 * The #-members, checked, into *i18n (NULL when there are none): each name
 * once, at its first position, with its last value (JSON.parse's object).
 * Sorted rather than compared pairwise, so a body of thousands of them costs
 * n log n.
 */
static oc_err read_i18n(oc_arena *a, const cJSON *raw, cJSON **i18n)
{
	const cJSON *m;
	size_t n = 0, k = 0, pos = 0;
	*i18n = NULL;
	cJSON_ArrayForEach(m, raw)
		n += m->string != NULL && i18n_kind(m->string) != 0;
	if (n == 0)
		return OC_ERR_NONE;
	loc *v = oc_arena_alloc(a, n * sizeof *v);
	if (v == NULL)
		return NOMEM;
	cJSON_ArrayForEach(m, raw) {
		int kind = m->string != NULL ? i18n_kind(m->string) : 0;
		if (kind != 0)
			v[k++] = (loc){ m, pos, kind };
		pos++;
	}
	/* One entry per name: the first position, the last member's value. */
	qsort(v, n, sizeof *v, by_name_then_pos);
	k = 0;
	for (size_t i = 0; i < n; ) {
		size_t j = i;
		while (j + 1 < n && strcmp(v[j + 1].m->string, v[i].m->string) == 0)
			j++;
		v[k++] = (loc){ v[j].m, v[i].pos, v[i].kind };
		i = j + 1;
	}
	qsort(v, k, sizeof *v, by_pos);
	if ((*i18n = cJSON_CreateObject()) == NULL)
		return NOMEM;
	for (size_t i = 0; i < k; i++) {
		char *s;
		oc_err e = v[i].kind == 2 ? opt_uri(a, v[i].m, v[i].m->string, &s) : opt_str(a, v[i].m, v[i].m->string, &s);
		if (e.code != OC_OK)
			return e;
		if (!cJSON_AddStringToObject(*i18n, v[i].m->string, s))
			return NOMEM;
	}
	return OC_ERR_NONE;
}

/* a, b, c… joined with ", " into the arena. */
static char *joined(oc_arena *a, const char *const *v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	char *s = oc_arena_alloc(a, len), *p = s;
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(v[i]);
		if (i > 0) {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, v[i], k);
		p += k;
	}
	*p = 0;
	return s;
}

static int in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

oc_err oc_client_meta_no_method(oc_arena *a, const char *who, const char *const *accepted, size_t naccepted,
	const char *preferred, int has_supported, const oc_strs *supported, const char *fallback)
{
	const char *one = preferred ? preferred : fallback;
	const char *const *adv = has_supported ? (const char *const *)supported->v : &one;
	size_t nadv = has_supported ? supported->n : 1;
	/* What the client advertised: preferred first, then the list, without repeats. */
	const char **seen = oc_arena_alloc(a, (nadv + 1) * sizeof(char *));
	size_t nseen = 0;
	if (seen == NULL)
		return NOMEM;
	if (preferred != NULL)
		seen[nseen++] = preferred;
	for (size_t i = 0; i < nadv; i++)
		if (!in_list(seen, nseen, adv[i]))
			seen[nseen++] = adv[i];
	char *acc = joined(a, accepted, naccepted), *cl = joined(a, seen, nseen);
	static const char tail[] = " does not support an accepted token endpoint authentication method. Supported methods: ";
	char *head = oc_arena_cat3(a, who, strlen(who), tail, sizeof tail - 1, "", 0);
	if (acc == NULL || cl == NULL || head == NULL)
		return NOMEM;
	return meta_err(a, head, acc, ". Client advertised: ", nseen > 0 ? cl : "(none)");
}

/*
 * The token endpoint auth method: the preferred one when accepted, else the
 * first accepted method the client advertises (its supported list, or
 * [preferred or client_secret_basic]).
 */
static oc_err negotiate(oc_arena *a, const char *const *accepted_all, size_t naccepted, const char *preferred,
	int has_supported, const oc_strs *supported, const char **out)
{
	const char *fallback = preferred ? preferred : "client_secret_basic";
	const char *const *adv = has_supported ? (const char *const *)supported->v : &fallback;
	size_t nadv = has_supported ? supported->n : 1;

	if (preferred != NULL && in_list(accepted_all, naccepted, preferred)) {
		*out = preferred;
		return OC_ERR_NONE;
	}
	for (size_t i = 0; i < naccepted; i++)
		if (in_list(adv, nadv, accepted_all[i])) {
			*out = accepted_all[i];
			return OC_ERR_NONE;
		}
	return oc_client_meta_no_method(a, "Client", accepted_all, naccepted, preferred, has_supported, supported,
		"client_secret_basic");
}

#define TRY(x) do { oc_err e_ = (x); if (e_.code != OC_OK) return e_; } while (0)

oc_err oc_client_meta_parse(oc_arena *a, const cJSON *raw, oc_client *c, oc_client_meta_fields *f)
{
	memset(c, 0, sizeof *c);
	memset(f, 0, sizeof *f);
	oc_arena_bind_json(a);
	if (!cJSON_IsObject(raw))
		return META("Client metadata must be a JSON object");
	TRY(opt_str(a, oc_client_meta_member(raw, "token_endpoint_auth_method"), "token_endpoint_auth_method", &f->method));
	TRY(opt_strs(a, oc_client_meta_member(raw, "token_endpoint_auth_methods_supported"),
		"token_endpoint_auth_methods_supported", &f->has_methods, &f->methods));
	TRY(opt_str(a, oc_client_meta_member(raw, "token_endpoint_auth_signing_alg"), "token_endpoint_auth_signing_alg",
		&f->alg));
	TRY(opt_strs(a, oc_client_meta_member(raw, "token_endpoint_auth_signing_alg_values_supported"),
		"token_endpoint_auth_signing_alg_values_supported", &f->has_algs, &f->algs));
	if (f->method != NULL && f->has_methods && !oc_strs_has(&f->methods, f->method))
		return META("token_endpoint_auth_method must be included in token_endpoint_auth_methods_supported");
	if (f->alg != NULL && f->has_algs && !oc_strs_has(&f->algs, f->alg))
		return META("token_endpoint_auth_signing_alg must be included in "
			"token_endpoint_auth_signing_alg_values_supported");
	TRY(opt_str(a, oc_client_meta_member(raw, "client_id"), "client_id", &f->client_id));
	TRY(opt_strs(a, oc_client_meta_member(raw, "redirect_uris"), "redirect_uris", &f->has_redirect_uris,
		&c->redirect_uris));
	TRY(opt_str(a, oc_client_meta_member(raw, "client_name"), "client_name", &c->client_name));
	TRY(opt_uri(a, oc_client_meta_member(raw, "client_uri"), "client_uri", &c->client_uri));
	TRY(opt_uri(a, oc_client_meta_member(raw, "logo_uri"), "logo_uri", &c->logo_uri));
	TRY(opt_uri(a, oc_client_meta_member(raw, "policy_uri"), "policy_uri", &c->policy_uri));
	TRY(opt_uri(a, oc_client_meta_member(raw, "tos_uri"), "tos_uri", &c->tos_uri));
	TRY(opt_uri(a, oc_client_meta_member(raw, "jwks_uri"), "jwks_uri", &c->jwks_uri));
	TRY(read_i18n(a, raw, &f->i18n));
	TRY(opt_strs(a, oc_client_meta_member(raw, "contacts"), "contacts", &c->has_contacts, &c->contacts));
	TRY(opt_strs(a, oc_client_meta_member(raw, "grant_types"), "grant_types", &c->has_grant_types, &c->grant_types));
	TRY(opt_strs(a, oc_client_meta_member(raw, "response_types"), "response_types", &c->has_response_types,
		&c->response_types));
	return OC_ERR_NONE;
}

/*
 * A private_key_jwt client's keys (allowPrivateKeyJwt): jwks or jwks_uri
 * (oc_client_keys_read's rules, RFC 7591 names), kept as clientAssertionKeys.
 */
static oc_err read_keys(oc_arena *a, const cJSON *raw, cJSON **keys)
{
	const char *bad = oc_client_keys_read(a, oc_client_meta_member(raw, "jwks"), oc_client_meta_member(raw, "jwks_uri"),
		"private_key_jwt", 1, keys);
	if (bad == NULL)
		return OC_ERR_NONE;
	return strcmp(bad, "out of memory") == 0 ? NOMEM : META(bad);
}

/* The reading of oc_client_meta_read; none among the accepted auth methods when allow_none. */
static oc_err read_meta(oc_arena *a, const oc_config *cfg, const cJSON *raw, int allow_none,
	oc_client *c)
{
	const char *accepted[4];
	size_t naccepted = 0;
	cJSON *keys = NULL;
	accepted[naccepted++] = "client_secret_basic";
	accepted[naccepted++] = "client_secret_post";
	if (allow_none)
		accepted[naccepted++] = "none";
	if (cfg->allow_private_key_jwt)
		accepted[naccepted++] = "private_key_jwt";

	static const char *const default_grants[] = { "authorization_code" };
	static const char *const default_responses[] = { "code" };
	oc_client_meta_fields f;

	TRY(oc_client_meta_parse(a, raw, c, &f));
	const char *chosen;
	TRY(negotiate(a, accepted, naccepted, f.method, f.has_methods, &f.methods, &chosen));
	c->token_endpoint_auth_method = (char *)chosen;
	if (!c->has_grant_types)
		c->grant_types = (oc_strs){ (char **)default_grants, 1 };
	if (!c->has_response_types)
		c->response_types = (oc_strs){ (char **)default_responses, 1 };
	c->has_grant_types = c->has_response_types = 1;
	TRY(oc_client_caps_check(a, cfg, &c->grant_types, &c->response_types, chosen));
	TRY(oc_redirect_check_registration(cfg, &c->redirect_uris));
	if (strcmp(chosen, "private_key_jwt") == 0)
		TRY(read_keys(a, raw, &keys));

	if ((c->extra = cJSON_CreateObject()) == NULL
	    || (f.i18n != NULL && !cJSON_AddItemToObject(c->extra, "i18n", f.i18n))
	    || ((f.method != NULL || f.has_methods) && !cJSON_AddTrueToObject(c->extra, "authMethodExplicit"))
	    || (keys != NULL && !cJSON_AddItemToObject(c->extra, "clientAssertionKeys", keys)))
		return NOMEM;
	return OC_ERR_NONE;
}

oc_err oc_client_meta_read(oc_arena *a, const oc_config *cfg, const cJSON *raw, oc_client *c)
{
	oc_arena_bind_json(a);
	static const char why_invalid[] = OC_WHY_ERROR("client-registration", "metadata_invalid");
	if (!cfg->disallow_public_client_registration)
		return oc_err_why(read_meta(a, cfg, raw, 1, c), why_invalid);
	if (cfg->profile->register_public_after_metadata) {
		oc_err r = read_meta(a, cfg, raw, 1, c);
		if (r.code != OC_OK)
			return oc_err_why(r, why_invalid);
		if (strcmp(c->token_endpoint_auth_method, "none") != 0)
			return OC_ERR_NONE;
		memset(c, 0, sizeof *c);
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT_METADATA, "Public client registration is not allowed",
			OC_WHY("client-registration", "public_client_forbidden"));
	}
	oc_err e = read_meta(a, cfg, raw, 0, c);
	if (e.code != OC_ERR_INVALID_CLIENT_METADATA || !cJSON_IsObject(raw))
		return oc_err_why(e, why_invalid);
	/* Would it have been a public client, had none been accepted? */
	oc_client pub;
	if (read_meta(a, cfg, raw, 1, &pub).code == OC_OK && strcmp(pub.token_endpoint_auth_method, "none") == 0)
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT_METADATA, "Public client registration is not allowed",
			OC_WHY("client-registration", "public_client_forbidden"));
	memset(c, 0, sizeof *c);
	return oc_err_why(e, why_invalid);
}
