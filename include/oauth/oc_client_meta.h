/*
 * oc_client_meta: what a client may register, as the reference 1.2.3 decides
 * it, for dynamic registration (RFC 7591, flow/oc_flow_register.c) and for
 * createClient() (helper/oc_helper_clients.c).
 *
 * Server capabilities: grant types authorization_code and refresh_token
 * (and implicit when allowImplicitFlow, the 0.10 profile), response type
 * code (and token when allowImplicitFlow), token endpoint auth methods
 * client_secret_basic, client_secret_post and none.
 *
 * Every refusal is OC_ERR_INVALID_CLIENT_METADATA with the reference's
 * description; the redirect URI rules are oc_redirect_check_registration's.
 */
#ifndef OC_CLIENT_META_H
#define OC_CLIENT_META_H

#include <stdint.h>
#include "config/oc_config.h"
#include "store/oc_kv.h"
#include "base/oc_err.h"
#include "cJSON.h"

/*
 * The capability check, in the reference's order: method a supported auth
 * method ("Unsupported token_endpoint_auth_method: <m>"), then the first
 * unsupported grant type ("Unsupported grant_type: <g>"), then response type
 * ("Unsupported response_type: <r>"), then authorization_code and code
 * registered together or not at all ("grant_types authorization_code and
 * response_types code must be registered together"). Descriptions live in a.
 */
oc_err oc_client_caps_check(oc_arena *a, const oc_config *cfg, const oc_strs *grants,
	const oc_strs *responses, const char *method);

#endif
