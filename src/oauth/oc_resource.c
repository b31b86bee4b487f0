/* Resource indicators (RFC 8707) against the configured resource (see oc_resource.h). */
#include "oauth/oc_resource.h"
#include "base/oc_form.h"
#include "base/oc_url.h"
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
