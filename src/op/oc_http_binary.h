/*
 * Internal: the binary layout of an OC_KIND_HTTP answer (see oc_http.h),
 * written when op->binary is set. Each returns OC_OP_DONE, or OC_OP_FAILED
 * when out of memory.
 */
#ifndef OC_HTTP_BINARY_H
#define OC_HTTP_BINARY_H

#include "op/oc_http.h"

/* r as a RESPONSE answer; without its body when head is set. */
oc_op_status oc_http_binary_response(oc_op *op, const oc_http_resp *r, int head);
/* An API answer: "[" props "," auth "]" ("[" auth "]" when props is NULL) and the headers of extra (NULL: none). */
oc_op_status oc_http_binary_api(oc_op *op, int handler, const char *props, size_t props_len,
	const char *auth, size_t auth_len, const oc_http_resp *extra);
/* A DEFAULT answer. */
oc_op_status oc_http_binary_default(oc_op *op);
/* A THROW answer, with the message of a TypeError, or of an Error when plain (NULL: none). */
oc_op_status oc_http_binary_throw(oc_op *op, const char *message, int plain);

#endif
