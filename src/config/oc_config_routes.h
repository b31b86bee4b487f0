/*
 * Internal: the API routes of a provider's options (apiRoute entries or
 * apiHandlers keys), parsed and checked with the reference's messages.
 * A message naming a route lives until the next one is made.
 */
#ifndef OC_CONFIG_ROUTES_H
#define OC_CONFIG_ROUTES_H

#include "config/oc_config.h"

/*
 * A message joined from the NULL-terminated parts (an option's, a route's or
 * a key's text may be in it): it lives until the next one is made. NULL when
 * out of memory.
 */
const char *oc_config_say(const char *const *parts);

/*
 * A malloc'd copy of s (NUL-terminated): the config's strings live as long as
 * the config, outside any arena. NULL when out of memory.
 */
char *oc_config_strdup(const char *s);

/* 1 if s parses as a URL (new URL(s), oc_url_whatwg), 0 if not, -1 when out of memory. */
int oc_config_url_parses(const char *s);

/* How a route was given, for the messages: apiRoute "x", apiRoute[i], or an apiHandlers key. */
typedef enum { OC_ROUTE_STRING, OC_ROUTE_ARRAY, OC_ROUTE_KEY } oc_route_origin;

/*
 * Appends route text (a path starting with '/' or an absolute URL, whose path
 * is then read as a URL parser would: see oc_url_path_normalize) for handler
 * number handler; entry i of where it came from. -1 with *err (NULL: out of
 * memory) when the text is neither: not a string (text NULL), or not a URL
 * that parses (oc_url_whatwg) and that the router can read (oc_url), with
 * the reference's message ("apiRoute[1] must be either an absolute path
 * starting with / or a valid URL").
 */
int oc_config_route_add(oc_config *c, const char *text, int handler, oc_route_origin from,
	size_t i, const char **err);

/*
 * Every route must lie under the resource (c->resource set), checked in this
 * order: a full URL on the resource's origin; a full URL carrying the
 * resource's query parameters (each name=value of the resource's query whose
 * name the route's query gives is among the route's values for it, decoded
 * as URLSearchParams does); its path (a path route: its text up to '?') at or
 * below the resource's path at a segment boundary (oc_url_path_under). -1
 * with *err naming the first route that does not (*err NULL: out of memory).
 */
int oc_config_routes_check(const oc_config *c, const char **err);

#endif
