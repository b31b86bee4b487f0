/* Resource indicators (RFC 8707) against the configured resource (see oc_resource.h). */
#include "oauth/oc_resource.h"
#include "base/oc_form.h"
#include "base/oc_url.h"
#include "base/oc_url_whatwg.h"
#include <string.h>

/* Scheme and host compare case-insensitively; the query is not compared. */
int oc_resource_ok(const oc_config *cfg, const char *r)
{
	oc_url u;
	if (oc_url_parse(&u, r, strlen(r)) || u.has_fragment)
		return 0;
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_REQUESTED)
		return 1;
	return oc_url_same_origin(&u, &cfg->resource_url) && u.path.n == cfg->resource_url.path.n
		&& memcmp(u.path.p, cfg->resource_url.path.p, u.path.n) == 0;
}

/* The end of "scheme://authority" in s, or 0 when s has no "://". */
static size_t authority_end(const char *s, size_t n)
{
	const char *sep = NULL;
	for (size_t i = 0; i + 3 <= n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') {
			sep = s + i;
			break;
		}
	if (sep == NULL || sep == s)
		return 0;
	size_t i = (size_t)(sep - s) + 3;
	while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	return i;
}

static int ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z') x |= 0x20;
		if (y >= 'A' && y <= 'Z') y |= 0x20;
		if (x != y)
			return 0;
	}
	return 1;
}

/* Scheme and authority compare case-insensitively, the rest exactly; no fragment. */
int oc_resource_token_ok(const oc_config *cfg, const char *v, size_t n)
{
	size_t va = authority_end(v, n);

	if (va == 0 || memchr(v, '#', n) != NULL)
		return 0;
	if (cfg->profile->resource_binding == OC_PROFILE_BIND_REQUESTED)
		return 1;
	if (cfg->resource == NULL)
		return 0;
	size_t wn = strlen(cfg->resource), wa = authority_end(cfg->resource, wn);
	return va == wa && n == wn && ieq(v, cfg->resource, va)
		&& memcmp(v + va, cfg->resource + wa, n - va) == 0;
}

int oc_resource_covers(oc_arena *a, const oc_config *cfg, const oc_url *u)
{
	const oc_url *r = &cfg->resource_url;
	if (!oc_url_same_origin(u, r) || !oc_url_path_under(u->path, r->path))
		return 0;
	return r->query.n == 0 ? 1 : oc_form_query_carries(a, u->query.p, u->query.n, r->query.p, r->query.n, 0);
}

/* The pieces of "scheme://userinfo@host:port/rest" that the comparison folds or keeps. */
typedef struct {
	size_t scheme_end; /* the "://" */
	size_t host, host_end, authority_end;
} res_parts;

static int res_split(const char *s, size_t n, res_parts *p)
{
	size_t i, at;

	for (i = 0; i + 3 <= n && !(s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/'); i++)
		;
	if (i + 3 > n || i == 0)
		return -1;
	p->scheme_end = i;
	for (i += 3; i < n && s[i] != '/' && s[i] != '?' && s[i] != '#'; i++)
		;
	p->authority_end = i;
	p->host = p->scheme_end + 3;
	for (at = p->host; at < p->authority_end; at++)
		if (s[at] == '@')
			p->host = at + 1;
	i = p->host;
	if (i < p->authority_end && s[i] == '[') {
		while (i < p->authority_end && s[i] != ']')
			i++;
		if (i == p->authority_end)
			return -1;
		i++;
	} else {
		while (i < p->authority_end && s[i] != ':')
			i++;
	}
	p->host_end = i;
	return 0;
}

/* Pieces [from, to) of a and b: same length and bytes (folded: ASCII case aside). */
static int piece_eq(const char *a, size_t af, size_t at, const char *b, size_t bf, size_t bt, int fold)
{
	if (at - af != bt - bf)
		return 0;
	return fold ? ieq(a + af, b + bf, at - af) : memcmp(a + af, b + bf, at - af) == 0;
}

int oc_resource_matches(const char *v, size_t n, const char *want)
{
	size_t wn = strlen(want);
	res_parts a, b;

	if (res_split(v, n, &a) != 0 || res_split(want, wn, &b) != 0)
		return 0;
	if (!piece_eq(v, 0, a.scheme_end, want, 0, b.scheme_end, 1) ||
	    !piece_eq(v, a.scheme_end, a.host, want, b.scheme_end, b.host, 0) ||
	    !piece_eq(v, a.host, a.host_end, want, b.host, b.host_end, 1) ||
	    !piece_eq(v, a.host_end, a.authority_end, want, b.host_end, b.authority_end, 0))
		return 0;
	/* The rest, with an empty path read as "/". */
	const char *ra = v + a.authority_end, *rb = want + b.authority_end;
	size_t na = n - a.authority_end, nb = wn - b.authority_end;
	int slash_a = na == 0 || ra[0] != '/', slash_b = nb == 0 || rb[0] != '/';
	if (slash_a && !slash_b)
		return nb == na + 1 && memcmp(rb + 1, ra, na) == 0;
	if (slash_b && !slash_a)
		return na == nb + 1 && memcmp(ra + 1, rb, nb) == 0;
	return na == nb && memcmp(ra, rb, na) == 0;
}

int oc_resource_audience_bound(const oc_kv_strs *aud, const char *resource)
{
	int bound = aud->form == OC_KV_ABSENT;
	for (size_t i = 0; i < aud->list.n && !bound; i++)
		bound = oc_resource_matches(aud->list.v[i], strlen(aud->list.v[i]), resource);
	return bound;
}

/* The parts of s[0..n) as new URL reads them, serialized in arena memory; -1 if it does not parse. */
static int whatwg(oc_arena *a, const char *s, size_t n, oc_url_whatwg *u)
{
	char *buf = oc_arena_alloc(a, OC_URL_WHATWG_BUF(n));
	return buf != NULL && oc_url_whatwg_parse(u, s, n, buf, OC_URL_WHATWG_BUF(n)) == 0 ? 0 : -1;
}

/* A tuple origin (the special schemes but file), else the opaque one. */
static int tuple_origin(const oc_url_whatwg *u)
{
	return u->special && !(u->scheme.n == 4 && memcmp(u->scheme.p, "file", 4) == 0);
}

static int slice_same(oc_slice x, oc_slice y)
{
	return x.n == y.n && (x.n == 0 || memcmp(x.p, y.p, x.n) == 0);
}

int oc_resource_granted_match(oc_arena *a, const char *r, size_t rn, const char *g, size_t gn, int same,
	int origin_only)
{
	oc_url_whatwg ur, ug;
	if (!origin_only || whatwg(a, r, rn, &ur) != 0 || whatwg(a, g, gn, &ug) != 0)
		return same;
	if (!tuple_origin(&ur) || !tuple_origin(&ug))
		return tuple_origin(&ur) == tuple_origin(&ug);
	return slice_same(ur.scheme, ug.scheme) && slice_same(ur.host, ug.host) && slice_same(ur.port, ug.port);
}

int oc_resource_audience_serves(oc_arena *a, const char *req, size_t rn, const char *aud, size_t an)
{
	oc_url_whatwg ur, ua;
	char *rb = oc_arena_alloc(a, OC_URL_WHATWG_BUF(rn)), *ab = oc_arena_alloc(a, OC_URL_WHATWG_BUF(an));
	if (rb == NULL || ab == NULL)
		return -1;
	if (oc_url_whatwg_parse(&ur, req, rn, rb, OC_URL_WHATWG_BUF(rn)) != 0
	    || oc_url_whatwg_parse(&ua, aud, an, ab, OC_URL_WHATWG_BUF(an)) != 0)
		return 0;
	/* the same origin; an opaque one (the request's never is) equals only another */
	if (!tuple_origin(&ur) || !tuple_origin(&ua))
		return tuple_origin(&ur) == tuple_origin(&ua);
	if (!slice_same(ur.scheme, ua.scheme) || ua.host_idn || !slice_same(ur.host, ua.host) || !slice_same(ur.port, ua.port))
		return 0;
	/* search: "" for no query and for "?" alone */
	if (ua.query.n > 1 && !slice_same(ur.query, ua.query))
		return 0;
	if (ua.path.n <= 1)
		return 1;
	return slice_same(ur.path, ua.path)
		|| (ur.path.n > ua.path.n && memcmp(ur.path.p, ua.path.p, ua.path.n) == 0 && ur.path.p[ua.path.n] == '/');
}

int oc_resource_pinned(const oc_config *cfg)
{
	return cfg->profile->resource_binding == OC_PROFILE_BIND_REQUESTED && cfg->resource != NULL;
}

int oc_resource_exactly(const oc_kv_strs *v, const char *resource)
{
	return v->form != OC_KV_ABSENT && v->list.n == 1 && strcmp(v->list.v[0], resource) == 0;
}

int oc_resource_exactly_json(const cJSON *v, const char *resource)
{
	if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 1)
		v = cJSON_GetArrayItem(v, 0);
	return cJSON_IsString(v) && strcmp(v->valuestring, resource) == 0;
}

const char *oc_resource_pin_refused(oc_arena *a, const oc_config *cfg)
{
	static const char msg[] = "The resource parameter must exactly match ";
	return oc_arena_cat3(a, msg, sizeof msg - 1, cfg->resource, strlen(cfg->resource), "", 0);
}

int oc_resource_uri_valid(oc_arena *a, const char *s, size_t n)
{
	oc_url_whatwg u;
	char *buf = n > 0 ? oc_arena_alloc(a, OC_URL_WHATWG_BUF(n)) : NULL;
	if (n > 0 && buf == NULL)
		return -1;
	if (n == 0 || oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) != 0)
		return 0;
	return oc_resource_uri_parts_ok(&u);
}

int oc_resource_uri_parts_ok(const oc_url_whatwg *u)
{
	return (oc_slice_eq(u->scheme, "http") || oc_slice_eq(u->scheme, "https")) && u->fragment.n <= 1;
}
