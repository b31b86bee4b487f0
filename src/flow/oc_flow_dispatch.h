/*
 * Internal: the state of an OC_KIND_HTTP op. The dispatcher (oc_flow_dispatch.c)
 * reads the request and the API route it falls under, then hands the op to a
 * flow, which keeps its own state in sub.
 */
#ifndef OC_FLOW_DISPATCH_H
#define OC_FLOW_DISPATCH_H

#include "op/oc_op.h"
#include "op/oc_http.h"

typedef struct {
	oc_http_req req;
	int route;            /* the apiRoute entry the request falls under, or -1 */
	void *sub;            /* the delegated flow's own state */
} oc_http_state;

#define OC_HTTP_REQ(op) (&((oc_http_state *)(op)->flow)->req)
#define OC_HTTP_SUB(op) (((oc_http_state *)(op)->flow)->sub)
#define OC_HTTP_ROUTE(op) (((oc_http_state *)(op)->flow)->route)

#endif
