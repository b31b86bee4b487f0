/*
 * oc_response_type: the authorization request's response_type (RFC 6749
 * §3.1.1, §4.1.2.1), for parseAuthRequest and completeAuthorization alike.
 *
 * The server supports "code", and "token" (the implicit grant, RFC 6749 §4.2)
 * only with allowImplicitFlow. A client may use a response type its record
 * lists in responseTypes; a record without responseTypes lists "code" only.
 */
#ifndef OC_RESPONSE_TYPE_H
#define OC_RESPONSE_TYPE_H

#include "config/oc_config.h"
#include "store/oc_kv.h"

/*
 * OC_OK when client may ask for rt (NUL-terminated; NULL when absent).
 * Refused, with the reference's wording, in this order: absent or empty,
 * OC_ERR_INVALID_REQUEST "response_type is required"; not supported,
 * OC_ERR_UNSUPPORTED_RESPONSE_TYPE "The authorization server does not support
 * response_type {rt}"; not the client's, OC_ERR_UNAUTHORIZED_CLIENT "The
 * client is not registered for response_type {rt}". Descriptions naming rt
 * are built in a (OC_ERR_SERVER_ERROR when a is out of memory).
 */
oc_err oc_response_type_check(oc_arena *a, const oc_config *cfg, const oc_client *client, const char *rt);

#endif
