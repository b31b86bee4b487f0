/* API routes of the options: parsing, and the 1.x rule that each lies under the resource. */
#include "config/oc_config_routes.h"
#include "base/oc_form.h"
#include "base/oc_num.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>
#include <string.h>

/* The last message made by oc_config_say. */
static char *message;

const char *oc_config_say(const char *const *parts)
{
	size_t n = 1;
	for (size_t i = 0; parts[i]; i++)
		n += strlen(parts[i]);
	char *m = malloc(n), *p = m;
	if (m == NULL)
		return NULL;
	for (size_t i = 0; parts[i]; i++) {
		size_t l = strlen(parts[i]);
		memcpy(p, parts[i], l);
		p += l;
	}
	*p = 0;
	free(message);
	message = m;
	return m;
}

char *oc_config_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int oc_config_url_parses(const char *s)
{
	size_t n = strlen(s);
	char *buf = malloc(OC_URL_WHATWG_BUF(n));
	oc_url_whatwg u;
	if (buf == NULL)
		return -1;
	int ok = oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) == 0;
	free(buf);
	return ok;
}

static const char *malformed(const char *text, oc_route_origin from, size_t i)
{
	static const char tail[] = " must be either an absolute path starting with / or a valid URL";
	char d[OC_NUM_INT_MAX];
	oc_num_int((int64_t)i, d);
	if (from == OC_ROUTE_STRING)
		return oc_config_say((const char *[]){ "apiRoute", tail, NULL });
	if (from == OC_ROUTE_ARRAY)
		return oc_config_say((const char *[]){ "apiRoute[", d, "]", tail, NULL });
	return oc_config_say((const char *[]){ "apiHandlers key: ", text, tail, NULL });
}

int oc_config_route_add(oc_config *c, const char *text, int handler, oc_route_origin from,
	size_t i, const char **err)
{
	oc_route *r = realloc(c->routes, (c->nroutes + 1) * sizeof *r);
	*err = NULL;
	if (r == NULL)
		return -1;
	c->routes = r;
	r = &c->routes[c->nroutes];
	memset(r, 0, sizeof *r);
	c->nroutes++;
	r->handler = handler;
	if (text == NULL) {
		*err = malformed("", from, i);
		return -1;
	}
	if ((r->text = oc_config_strdup(text)) == NULL)
		return -1;
	if (text[0] == '/')
		return (r->path = oc_config_strdup(text)) ? 0 : -1;
	int parses = oc_config_url_parses(text);
	if (parses < 0)
		return -1;
	if (!parses || oc_url_parse(&r->url, r->text, strlen(r->text)) != 0) {
		*err = malformed(text, from, i);
		return -1;
	}
	r->full_url = 1;
	oc_slice p = r->url.path.n ? r->url.path : (oc_slice){ "/", 1 };
	if ((r->path = malloc(p.n + 1)) == NULL)
		return -1;
	memcpy(r->path, p.p, p.n);
	oc_url_path_normalize(r->path, &p.n);
	r->path[p.n] = 0;
	return 0;
}

/* A full-URL route carries the resource's query parameters it names: 1, 0, or -1 (out of memory). */
static int carries_query(const oc_url *route, const oc_url *res)
{
	oc_arena *a = oc_arena_new();
	int r = a ? oc_form_query_carries(a, route->query.p, route->query.n, res->query.p, res->query.n, 1) : -1;
	oc_arena_free(a);
	return r;
}

int oc_config_routes_check(const oc_config *c, const char **err)
{
	const oc_url *res = &c->resource_url;
	char *origin = malloc(res->origin.n + 1);
	if (origin == NULL)
		return *err = NULL, -1;
	memcpy(origin, res->origin.p, res->origin.n);
	origin[res->origin.n] = 0;
	*err = NULL;
	for (size_t i = 0; i < c->nroutes; i++) {
		const oc_route *r = &c->routes[i];
		/* a path route's path ends at '?'; a full URL's was read by the URL parser */
		oc_slice path = { r->path, r->full_url ? strlen(r->path) : strcspn(r->path, "?") };
		int carries = r->full_url ? carries_query(&r->url, res) : 1;
		if (carries < 0) {
			free(origin);
			return -1; /* out of memory */
		}
		if (r->full_url && !oc_url_same_origin(&r->url, res))
			*err = oc_config_say((const char *[]){ "API route ", r->text, " is not covered by resourceMetadata.resource ",
				c->resource, ". An absolute protected route must be on the resource's origin.", NULL });
		else if (!carries)
			*err = oc_config_say((const char *[]){ "API route ", r->text, " is not covered by resourceMetadata.resource ",
				c->resource, ". An absolute protected route must carry the resource's query parameters.", NULL });
		else if (!oc_url_path_under(path, res->path))
			*err = oc_config_say((const char *[]){ "API route ", r->text, " is not covered by resourceMetadata.resource ",
				c->resource, ". Protected routes must be the canonical resource path or a descendant of it; use ",
				origin, " as the resource to cover every path on that origin.", NULL });
		else
			continue;
		free(origin);
		return -1; /* *err NULL: out of memory */
	}
	free(origin);
	return 0;
}
