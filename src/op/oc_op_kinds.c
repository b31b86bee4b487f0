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
	case OC_KIND_VALIDATE_TOKEN: return oc_helper_validate_token;
	case OC_KIND_PURGE_EXPIRED_DATA: return oc_helper_purge_expired_data;
	case OC_KIND_ERROR_REDIRECT: return oc_helper_error_redirect;
	case OC_KIND_URI_RULES: return oc_helper_uri_rules;
	case OC_KIND_MIGRATE_CHECK: return oc_helper_migrate_check;
	case OC_KIND_EXCHANGE_TOKEN: return oc_helper_exchange_token;
	case OC_KIND_DESCRIBE_CONSENT: return oc_helper_describe_consent;
	case OC_KIND_BEGIN_CONSENT: return oc_helper_begin_consent;
	case OC_KIND_APPROVE_CONSENT: return oc_helper_approve_consent;
	case OC_KIND_DENY_CONSENT: return oc_helper_deny_consent;
	case OC_KIND_CONSENT_REMEMBERED: return oc_helper_consent_remembered;
	case OC_KIND_BEGIN_UPSTREAM: return oc_helper_begin_upstream;
	case OC_KIND_FINISH_UPSTREAM: return oc_helper_finish_upstream;
	default: return 0;
	}
}
