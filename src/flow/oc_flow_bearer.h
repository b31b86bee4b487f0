/*
 * Internal: the pieces of the bearer check (oc_flow_bearer.c) that the
 * external token path (oc_flow_bearer_external.c) shares.
 */
#ifndef OC_FLOW_BEARER_H
#define OC_FLOW_BEARER_H

#include "op/oc_http.h"

/*
 * The Bearer challenge (RFC 6750 §3): realm, resource_metadata, error (NULL:
 * none), scope, and with audience set error_description="Invalid audience".
 * The profile may name the resource's metadata only for a request under the
 * resource (oc_resource_covers). scope: the nscopes given, else the required
 * scopes (0.10.x: resourceMetadata.scopes_supported), each once, in their
 * order, offline_access never; none left: no scope. NULL when out of memory.
 */
char *oc_bearer_challenge(oc_op *op, const oc_http_req *q, const char *error, int audience,
	char **scopes, size_t nscopes);

/* 401 without a body: the challenge with error (NULL: none; no audience, no scope), CORS added. */
oc_op_status oc_bearer_unauthorized(oc_op *op, const oc_http_req *q, const char *error);

/* 401 invalid_token with desc, its reason why (oc_err.h) and the challenge (audience: as above), CORS added. */
oc_op_status oc_bearer_invalid_token(oc_op *op, const oc_http_req *q, const char *desc, int audience,
	const char *why);

/* The request to the route's API handler with props (NULL: the callback's, oc_http_to_api) and auth, CORS added. */
oc_op_status oc_bearer_to_api(oc_op *op, const oc_http_req *q, const char *props, size_t props_len,
	const char *auth_json);

/* ---- oc_flow_bearer_external.c ---- */
/* Asks resolveExternalToken about the token tok[0..n); -1 when out of memory. */
int oc_bearer_external_ask(oc_op *op, const char *tok, size_t n);
/* Its answer (op->res[0]) judged: the handler with its props, or the answer it makes. */
oc_op_status oc_bearer_external_judge(oc_op *op, const oc_http_req *q, const char *tok, size_t n);

#endif
