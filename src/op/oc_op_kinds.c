/* Operation kinds -> step functions. */
#include "op/oc_op_kinds.h"

oc_op_fn oc_op_kind_fn(int kind)
{
	switch (kind) {
	case OC_KIND_HTTP: return oc_flow_dispatch;
	case OC_KIND_PARSE_AUTH_REQUEST: return oc_helper_parse_auth_request;
	case OC_KIND_COMPLETE_AUTHORIZATION: return oc_helper_complete_authorization;
	case OC_KIND_CREATE_CLIENT: return oc_helper_create_client;
	case OC_KIND_LOOKUP_CLIENT: return oc_helper_lookup_client;
	case OC_KIND_LIST_USER_GRANTS: return oc_helper_list_user_grants;
	case OC_KIND_REVOKE_GRANT: return oc_helper_revoke_grant;
	case OC_KIND_INSUFFICIENT_SCOPE: return oc_helper_insufficient_scope;
	case OC_KIND_LIST_CLIENTS: return oc_helper_list_clients;
	case OC_KIND_UPDATE_CLIENT: return oc_helper_update_client;
	case OC_KIND_DELETE_CLIENT: return oc_helper_delete_client;
	case OC_KIND_UNWRAP_TOKEN: return oc_helper_unwrap_token;
	case OC_KIND_PURGE_EXPIRED_DATA: return oc_helper_purge_expired_data;
	case OC_KIND_ERROR_REDIRECT: return oc_helper_error_redirect;
	case OC_KIND_URI_RULES: return oc_helper_uri_rules;
	default: return 0;
	}
}
