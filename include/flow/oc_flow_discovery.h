/*
 * oc_discovery: the metadata documents the provider serves.
 *
 * RFC 8414 authorization server metadata at
 * /.well-known/oauth-authorization-server, and RFC 9728 protected resource
 * metadata at /.well-known/oauth-protected-resource{path of the resource}
 * (1.x: only that exact path; 0.10.x: any path, the resource derived from it).
 */
#ifndef OC_FLOW_DISCOVERY_H
#define OC_FLOW_DISCOVERY_H

#include "op/oc_op.h"
#include "op/oc_http.h"

enum { OC_DOC_NONE = 0, OC_DOC_AS = 1, OC_DOC_RESOURCE = 2, OC_DOC_RESOURCE_404 = 3 };

/* Which document (if any) the request's path names. */
int oc_flow_discovery_match(const oc_config *cfg, const oc_http_req *q);

/* Answers the request for document doc (GET/HEAD; other methods: 405). */
oc_op_status oc_flow_discovery_serve(oc_op *op, const oc_http_req *q, int doc);

/*
 * The RFC 9728 metadata URL for this deployment: origin of the resource +
 * /.well-known/oauth-protected-resource + the resource's path and query (1.x),
 * or of the request's origin and path (0.10.x). Arena string.
 */
char *oc_flow_discovery_resource_metadata_url(oc_op *op, const oc_http_req *q);

/* An endpoint as the metadata names it: a full URL as given, a path on the request's origin. */
char *oc_flow_discovery_absolute(oc_op *op, const oc_http_req *q, const oc_endpoint *ep);

/*
 * This server's issuer as the metadata names it, as authorization responses
 * carry it (`iss`), as the resource metadata's default authorization server,
 * and as the assertions it accepts must name it (a client's private_key_jwt,
 * an ID-JAG's audience): OAuthAuthorizationServer's issuer; else the token
 * endpoint's origin when tokenEndpoint is a full URL; else the request's
 * origin. Arena string (NULL out of memory).
 */
char *oc_flow_discovery_issuer(oc_op *op, const oc_http_req *q);

/* The issuer when the configuration fixes it (the first two above); NULL: the request's origin. */
char *oc_flow_discovery_fixed_issuer(const oc_config *cfg);

#endif
