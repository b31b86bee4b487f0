/* Operation kinds -> step functions. */
#include "oc_ops.h"

oc_op_fn oc_ops_lookup(int kind)
{
	switch (kind) {
	case OC_KIND_HTTP: return oc_flow_http;
	case OC_KIND_PARSE_AUTH_REQUEST: return oc_flow_parse_auth_request;
	case OC_KIND_COMPLETE_AUTHORIZATION: return oc_flow_complete_authorization;
	case OC_KIND_CREATE_CLIENT: return oc_flow_create_client;
	case OC_KIND_LOOKUP_CLIENT: return oc_flow_lookup_client;
	case OC_KIND_LIST_USER_GRANTS: return oc_flow_list_user_grants;
	case OC_KIND_REVOKE_GRANT: return oc_flow_revoke_grant;
	case OC_KIND_INSUFFICIENT_SCOPE: return oc_flow_insufficient_scope;
	default: return 0;
	}
}
