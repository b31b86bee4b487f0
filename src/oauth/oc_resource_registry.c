/* The resource registry: which configured resource a value names (see oc_resource_registry.h). */
#include "oauth/oc_resource_registry.h"
#include "oauth/oc_resource.h"
#include "config/oc_config_resource.h"
#include "base/oc_form.h"
#include "base/oc_url_whatwg.h"
#include <string.h>

size_t oc_resource_count(const oc_config *cfg)
{
	return cfg->nresources > 1 ? cfg->nresources : cfg->resource != NULL;
}

const char *oc_resource_nth(const oc_config *cfg, size_t i)
{
	return cfg->nresources > 1 ? cfg->resources[i] : cfg->resource;
}

int oc_resource_several(const oc_config *cfg)
{
	return cfg->nresources > 1;
}

/* v[0..n) parsed as new URL parses it, in arena memory; -1 out of memory, 1 when it does not parse. */
static int parse(oc_arena *a, const char *v, size_t n, oc_url_whatwg *u)
{
	char *buf = oc_arena_alloc(a, OC_URL_WHATWG_BUF(n));
	if (buf == NULL)
		return -1;
	return oc_url_whatwg_parse(u, v, n, buf, OC_URL_WHATWG_BUF(n)) == 0 ? 0 : 1;
}

int oc_resource_uri_ok(oc_arena *a, const char *v, size_t n)
{
	oc_url_whatwg u;
	char *s;
	if (n == 0 || memchr(v, 0, n) != NULL)
		return 0;
	if ((s = oc_arena_strndup(a, v, n)) == NULL)
		return -1;
	if (!oc_config_resource_syntax_ok(s))
		return 0;
	int r = parse(a, v, n, &u);
	if (r != 0)
		return r < 0 ? -1 : 0;
	return oc_slice_eq(u.scheme, "http") || oc_slice_eq(u.scheme, "https");
}

/* The one value the values stand for (all the same string), or NULL. */
static const char *singular(const oc_strs *values)
{
	if (values->n == 0)
		return NULL;
	for (size_t i = 1; i < values->n; i++)
		if (strcmp(values->v[i], values->v[0]) != 0)
			return NULL;
	return values->v[0];
}

/* The entry v names exactly, or NULL; -1 out of memory. */
static int find_one(oc_arena *a, const oc_config *cfg, const char *v, const char **out)
{
	size_t n = strlen(v);
	int ok = oc_resource_uri_ok(a, v, n);
	*out = NULL;
	if (ok <= 0)
		return ok;
	for (size_t i = 0; i < oc_resource_count(cfg) && *out == NULL; i++)
		if (oc_resource_matches(v, n, oc_resource_nth(cfg, i)))
			*out = oc_resource_nth(cfg, i);
	return 0;
}

int oc_resource_find(oc_arena *a, const oc_config *cfg, const oc_strs *values, const char **out)
{
	const char *v = singular(values);
	*out = NULL;
	return v == NULL ? 0 : find_one(a, cfg, v, out);
}

/* How many name=value pairs a query (with its '?') holds, as URLSearchParams counts them. */
static size_t query_pairs(oc_slice q)
{
	size_t k = 0, i = q.n > 0 ? 1 : 0;
	while (i < q.n) {
		size_t j = i;
		while (j < q.n && q.p[j] != '&')
			j++;
		k += j > i;
		i = j + 1;
	}
	return k;
}

static int same(oc_slice x, oc_slice y)
{
	return x.n == y.n && (x.n == 0 || memcmp(x.p, y.p, x.n) == 0);
}

/* findCoveringResource: the entry with the most query parameters covering v, a tie none. */
static int covering(oc_arena *a, const oc_config *cfg, const char *v, const char **out)
{
	oc_url_whatwg u, c;
	size_t best = 0;
	int tie = 0, r = parse(a, v, strlen(v), &u);
	*out = NULL;
	if (r != 0 || u.query.n <= 1)
		return r < 0 ? -1 : 0;
	for (size_t i = 0; i < oc_resource_count(cfg); i++) {
		const char *e = oc_resource_nth(cfg, i);
		if ((r = parse(a, e, strlen(e), &c)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (!same(u.scheme, c.scheme) || !same(u.host, c.host) || !same(u.port, c.port) || !same(u.path, c.path))
			continue;
		int carries = c.query.n <= 1 ? 1 : oc_form_query_carries(a, u.query.p + 1, u.query.n - 1,
			c.query.p + 1, c.query.n - 1, 0);
		if (carries < 0)
			return -1;
		if (!carries)
			continue;
		size_t k = query_pairs(c.query);
		if (*out == NULL || k > best) {
			*out = e;
			best = k;
			tie = 0;
		} else if (k == best) {
			tie = 1;
		}
	}
	if (tie)
		*out = NULL;
	return 0;
}

int oc_resource_find_requested(oc_arena *a, const oc_config *cfg, const oc_strs *values, const char **out)
{
	const char *v = singular(values);
	*out = NULL;
	if (v == NULL)
		return 0;
	int ok = find_one(a, cfg, v, out);
	if (ok != 0 || *out != NULL)
		return ok;
	if ((ok = oc_resource_uri_ok(a, v, strlen(v))) <= 0)
		return ok;
	return covering(a, cfg, v, out);
}

int oc_resource_find_stored(oc_arena *a, const oc_config *cfg, const oc_kv_strs *stored, const char **out)
{
	const char *one;
	*out = NULL;
	if (stored->form == OC_KV_ABSENT)
		return 0;
	if (stored->form == OC_KV_STRING)
		return find_one(a, cfg, stored->list.v[0], out);
	for (size_t i = 0; i < stored->list.n; i++) {
		if (find_one(a, cfg, stored->list.v[i], &one) != 0)
			return -1;
		if (one == NULL || one == *out)
			continue;
		if (*out != NULL) {
			*out = NULL;
			return 0;
		}
		*out = one;
	}
	return 0;
}

int oc_resource_values_json(oc_arena *a, const cJSON *v, oc_strs *out)
{
	static char *none[] = { "" };
	const cJSON *m;
	int strings = cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0;
	*out = (oc_strs){ NULL, 0 };
	if (v == NULL)
		return 0;
	if (cJSON_IsString(v)) {
		*out = (oc_strs){ &((cJSON *)v)->valuestring, 1 };
		return 0;
	}
	cJSON_ArrayForEach(m, v)
		strings = strings && cJSON_IsString(m);
	*out = (oc_strs){ none, 1 };
	return strings && oc_strs_from_json(a, v, out, "").code != OC_OK ? -1 : 0;
}

const char *oc_resource_default(const oc_config *cfg)
{
	return cfg->nresources > 1 ? cfg->default_resource : cfg->resource;
}

const char *oc_resource_legacy(const oc_config *cfg)
{
	return cfg->nresources > 1 ? cfg->legacy_resource : cfg->resource;
}

static const oc_err NOMEM = { OC_ERR_SERVER_ERROR, "out of memory", 0 };

oc_err oc_resource_choose(oc_arena *a, const oc_config *cfg, const oc_strs *requested, const char **out)
{
	if (requested->n == 0) {
		*out = oc_resource_default(cfg);
		return *out != NULL ? OC_ERR_NONE : OC_ERR(OC_ERR_INVALID_TARGET,
			"The resource parameter is required when the authorization server has multiple resources");
	}
	if (oc_resource_find_requested(a, cfg, requested, out) != 0)
		return NOMEM;
	return *out != NULL ? OC_ERR_NONE : OC_ERR(OC_ERR_INVALID_TARGET,
		"The resource parameter must name exactly one configured protected resource");
}

int oc_resource_audience_is(const oc_config *cfg, const oc_kv_strs *aud, const char *resource)
{
	if (aud->form == OC_KV_ABSENT) {
		const char *legacy = oc_resource_legacy(cfg);
		return legacy != NULL && oc_resource_matches(legacy, strlen(legacy), resource);
	}
	return oc_resource_audience_bound(aud, resource);
}

int oc_resource_audience_registered(const oc_config *cfg, const oc_kv_strs *aud)
{
	for (size_t i = 0; i < oc_resource_count(cfg); i++)
		if (oc_resource_audience_is(cfg, aud, oc_resource_nth(cfg, i)))
			return 1;
	return 0;
}

oc_err oc_resource_for_grant(oc_arena *a, const oc_config *cfg, const oc_strs *requested,
	const oc_kv_strs *granted, const char **out, int *backfill)
{
	const char *bound, *asked = NULL;
	if (oc_resource_find_stored(a, cfg, granted, &bound) != 0 ||
	    (requested->n > 0 && oc_resource_find_requested(a, cfg, requested, &asked) != 0))
		return NOMEM;
	*out = NULL;
	*backfill = 0;
	if (granted->form != OC_KV_ABSENT && bound == NULL)
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "The authorization grant is not bound to a configured resource",
			OC_WHY("resource-indicator", "grant_audience_unbound"));
	if (bound != NULL) {
		if (requested->n > 0 && asked != bound)
			return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The requested resource does not match the authorization grant",
				OC_WHY("resource-indicator", "resource_grant_mismatch"));
		*out = bound;
		*backfill = granted->form != OC_KV_STRING || strcmp(granted->list.v[0], bound) != 0;
		return OC_ERR_NONE;
	}
	const char *legacy = oc_resource_legacy(cfg);
	if (legacy == NULL)
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "This legacy authorization grant has no resource binding and must be reauthorized",
			OC_WHY("resource-indicator", "legacy_grant_unbound"));
	if (requested->n > 0 && asked != legacy)
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The requested resource does not match the server legacy-grant migration policy",
			OC_WHY("resource-indicator", "legacy_grant_resource_mismatch"));
	*out = legacy;
	*backfill = 1;
	return OC_ERR_NONE;
}

oc_err oc_resource_for_exchange(oc_arena *a, const oc_config *cfg, const oc_strs *requested,
	const oc_kv_strs *aud, const char **out)
{
	const char *subject = NULL, *asked = NULL;
	if (aud->form == OC_KV_ABSENT)
		subject = oc_resource_legacy(cfg);
	else if (oc_resource_find_stored(a, cfg, aud, &subject) != 0)
		return NOMEM;
	*out = NULL;
	if (subject == NULL)
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "Subject token is not bound to a configured resource",
			OC_WHY("resource-indicator", "subject_token_audience_unbound"));
	if (requested->n > 0 && oc_resource_find_requested(a, cfg, requested, &asked) != 0)
		return NOMEM;
	if (requested->n > 0 && asked != subject)
		return OC_ERR_WHY(OC_ERR_INVALID_TARGET, "The requested resource must exactly match the subject token audience",
			OC_WHY("resource-indicator", "resource_subject_token_mismatch"));
	*out = subject;
	return OC_ERR_NONE;
}
