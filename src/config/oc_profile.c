/* The two constant profiles: what each generation of the reference does. */
#include "config/oc_profile.h"

const oc_profile oc_profile_1x = {
	.access_token_ttl_min = 60,
	.refresh_token_ttl_default = 2592000,
	.resource_binding = OC_PROFILE_BIND_CONFIGURED,
	.resource_refused = "The resource parameter must name exactly one configured protected resource",
	.audience = OC_PROFILE_AUDIENCE_CONFIGURED,
	.bearer = OC_PROFILE_BEARER_ONE_CREDENTIAL,
	.route_covers_bare_prefix = 1,
	.challenge_lists_required_scopes = 1,
	.audience_challenge_has_metadata = 0,
	.api_cors_vary = 1,
	.grant_type_must_be_registered = 1,
	.invalid_scope_when_none_granted = 1,
	.grant_kv_metadata_at_authorization = 1,
	.implicit_grant_expires_with_token = 1,
	.revoke_same_resource_only = 1,
	.resource_metadata = OC_PROFILE_PRM_CONFIGURED,
	.as_metadata_lists_resource = 1,
	.resource_metadata_scopes_fallback = 0,
};

const oc_profile oc_profile_0_10 = {
	.access_token_ttl_min = 1,
	.refresh_token_ttl_default = 0,
	.resource_binding = OC_PROFILE_BIND_REQUESTED,
	.resource_refused = "The resource parameter must be a valid absolute URI without a fragment",
	.audience = OC_PROFILE_AUDIENCE_REQUEST_ORIGIN,
	.bearer = OC_PROFILE_BEARER_PREFIX,
	.route_covers_bare_prefix = 0,
	.challenge_lists_required_scopes = 0,
	.audience_challenge_has_metadata = 1,
	.api_cors_vary = 0,
	.grant_type_must_be_registered = 0,
	.invalid_scope_when_none_granted = 0,
	.grant_kv_metadata_at_authorization = 0,
	.implicit_grant_expires_with_token = 0,
	.revoke_same_resource_only = 0,
	.resource_metadata = OC_PROFILE_PRM_PER_PATH,
	.as_metadata_lists_resource = 0,
	.resource_metadata_scopes_fallback = 1,
};
