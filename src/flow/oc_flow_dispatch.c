/*
 * OC_KIND_HTTP dispatcher: which part of the provider a request is for.
 * Token endpoint, discovery documents, the registration endpoint, the
 * introspection endpoint (ours, RFC 7662: POST only, no CORS: resource servers
 * call it, not browsers), API routes (bearer check) or the user's default
 * handler; CORS preflights for the provider's own endpoints. An
 * OAuthResourceServer's requests all go to oc_flow_rs; an
 * OAuthAuthorizationServer's to dispatch_as.
 * A request the dispatcher cannot read is refused (400), never passed on.
 */
#include "op/oc_op_kinds.h"
#include "flow/oc_flow_dispatch.h"
#include "op/oc_http.h"
#include "flow/oc_flow_discovery.h"
#include "config/oc_config_as.h"
#include <string.h>

static int path_is(const oc_http_req *q, const oc_endpoint *ep)
{
	if (ep->full_url && !oc_url_same_origin(&q->url, &ep->url))
		return 0;
	oc_slice p = q->url.path;
	if (p.n == 0)
		p = (oc_slice){ "/", 1 };
	return oc_slice_eq(p, ep->path);
}

/*
 * The API route this request falls under, or -1 (kept in the op's state): by
 * the profile, the path lies under the route at a segment boundary ("/api"
 * covers "/api/x", not "/apix") or starts with it. 1.x: a path route of
 * exactly "/" covers the path "/" alone (a full-URL route whose path is "/"
 * covers every path of its origin).
 */
static int route_of(const oc_config *cfg, const oc_http_req *q)
{
	oc_slice p = q->url.path;
	if (p.n == 0)
		p = (oc_slice){ "/", 1 };
	for (size_t i = 0; i < cfg->nroutes; i++) {
		const oc_route *r = &cfg->routes[i];
		size_t n = strlen(r->path);
		if (r->full_url && !oc_url_same_origin(&q->url, &r->url))
			continue;
		if (cfg->profile->route_segment_boundary && !r->full_url && n == 1 && p.n != 1)
			continue;
		if (cfg->profile->route_segment_boundary ? oc_url_path_under(p, (oc_slice){ r->path, n })
		                                         : p.n >= n && memcmp(p.p, r->path, n) == 0)
			return (int)i;
		/* The profile may let "/api/" also cover "/api" itself. */
		if (cfg->profile->route_covers_bare_prefix && n > 1 && r->path[n - 1] == '/' && p.n == n - 1 &&
		    memcmp(p.p, r->path, n - 1) == 0)
			return (int)i;
	}
	return -1;
}

static oc_op_status preflight(oc_op *op, const oc_http_req *q)
{
	oc_http_resp r;
	oc_http_resp_init(&r, 204);
	oc_http_resp_cors(op, &r, q);
	return oc_http_respond(op, &r);
}

/* 405 from an endpoint; why: its category's method_not_allowed. */
static oc_op_status method_not_allowed(oc_op *op, const oc_http_req *q, const char *allow, const char *why)
{
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, 405, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Method not allowed", why));
	if (op->cfg->profile->method_not_allowed_allow)
		oc_http_resp_header(&r, "Allow", allow);
	oc_http_resp_cors(op, &r, q);
	return oc_http_respond(op, &r);
}

/*
 * A request whose URL cannot be read (no runtime sends one) may be on an API
 * route: it is refused, never handed to a handler around the bearer check.
 */
static oc_op_status unreadable(oc_op *op)
{
	oc_http_resp r;
	oc_http_resp_oauth_error(op, &r, 400, OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Invalid request URL",
		OC_WHY("http-request", "url_unreadable")));
	return oc_http_respond(op, &r);
}

static int is_method(const oc_http_req *q, const char *m)
{
	return oc_slice_eq(q->method, m);
}

static oc_op_status delegate(oc_op *op, oc_op_fn fn)
{
	op->state = 0;
	op->step = fn;
	return fn(op);
}

/* The token endpoint: its CORS preflight, POST only. */
static oc_op_status token_endpoint(oc_op *op, const oc_http_req *q)
{
	if (is_method(q, "OPTIONS"))
		return preflight(op, q);
	if (!is_method(q, "POST"))
		return method_not_allowed(op, q, "POST, OPTIONS", OC_WHY("token-endpoint-request", "method_not_allowed"));
	return delegate(op, oc_flow_token);
}

/*
 * The registration endpoint (with its CORS preflight) and the introspection
 * endpoint, when configured, POST only: 1 with the answer in *out when q is
 * for one of them, else 0.
 */
static int client_endpoints(oc_op *op, const oc_http_req *q, oc_op_status *out)
{
	const oc_config *cfg = op->cfg;
	if (cfg->has_registration_endpoint && path_is(q, &cfg->registration_endpoint)) {
		if (is_method(q, "OPTIONS"))
			*out = preflight(op, q);
		else if (!is_method(q, "POST"))
			*out = method_not_allowed(op, q, "POST, OPTIONS", OC_WHY("client-registration", "method_not_allowed"));
		else
			*out = delegate(op, oc_flow_register);
		return 1;
	}
	if (cfg->has_introspection_endpoint && path_is(q, &cfg->introspection_endpoint)) {
		if (!is_method(q, "POST"))
			*out = method_not_allowed(op, q, "POST", OC_WHY("token-introspection", "method_not_allowed"));
		else
			*out = delegate(op, oc_flow_introspect);
		return 1;
	}
	return 0;
}

/*
 * OAuthAuthorizationServer: its metadata (at the issuer's metadata URL), the
 * token, registration and introspection endpoints, each with its CORS
 * preflight; anything else, the authorization endpoint (the application
 * routes it) and protected-resource metadata included, a bare 404.
 */
static oc_op_status dispatch_as(oc_op *op, const oc_http_req *q)
{
	const oc_config *cfg = op->cfg;
	oc_op_status out;
	if (oc_config_as_is_metadata_url(cfg, &q->url))
		return is_method(q, "OPTIONS") ? preflight(op, q) : oc_flow_discovery_serve(op, q, OC_DOC_AS);
	if (path_is(q, &cfg->token_endpoint))
		return token_endpoint(op, q);
	if (client_endpoints(op, q, &out))
		return out;
	oc_http_resp r;
	oc_http_resp_init(&r, 404);
	return oc_http_respond(op, &r);
}

oc_op_status oc_flow_dispatch(oc_op *op)
{
	oc_http_state *st = oc_arena_calloc(op->arena, sizeof *st);
	if (st == NULL)
		return OC_OP_FAILED;
	op->flow = st;
	oc_http_req *q = &st->req;
	if (oc_http_req_read(op, q) != 0)
		return unreadable(op);
	const oc_config *cfg = op->cfg;

	if (cfg->role == OC_ROLE_RESOURCE_SERVER)
		return delegate(op, oc_flow_rs);
	if (cfg->role == OC_ROLE_AUTHORIZATION_SERVER)
		return dispatch_as(op, q);
	if (path_is(q, &cfg->token_endpoint))
		return token_endpoint(op, q);
	int doc = oc_flow_discovery_match(cfg, q);
	if (doc != OC_DOC_NONE) {
		if (is_method(q, "OPTIONS"))
			return preflight(op, q);
		return oc_flow_discovery_serve(op, q, doc);
	}
	oc_op_status out;
	if (client_endpoints(op, q, &out))
		return out;
	st->route = route_of(cfg, q);
	if (st->route >= 0) {
		if (is_method(q, "OPTIONS"))
			return preflight(op, q);
		return delegate(op, oc_flow_bearer);
	}
	return oc_http_to_default(op);
}
