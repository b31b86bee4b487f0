/* The two profiles hold what config/oc_profile.h says, and construction picks one. */
#include "oc_test.h"
#include "config/oc_config.h"
#include "config/oc_profile.h"

OC_TEST(profile_1x_behaviours)
{
	const oc_profile *p = &oc_profile_1x;
	CHECK(p->options == OC_PROFILE_OPTIONS_1_2);
	CHECK(p->access_token_ttl_min == 60);
	CHECK(p->refresh_token_ttl_default == 2592000);
	CHECK(p->resource_binding == OC_PROFILE_BIND_CONFIGURED);
	CHECK_STR(p->resource_refused, "The resource parameter must name exactly one configured protected resource");
	CHECK(p->audience == OC_PROFILE_AUDIENCE_CONFIGURED);
	CHECK(p->bearer == OC_PROFILE_BEARER_ONE_CREDENTIAL);
	CHECK(p->routes_under_resource == 1);
	CHECK(p->route_segment_boundary == 1);
	CHECK(p->route_covers_bare_prefix == 1);
	CHECK(p->challenge_metadata_under_resource_only == 1);
	CHECK(p->cors_vary == 1);
	CHECK(p->method_not_allowed_allow == 1);
	CHECK(p->api_context_auth == 1);
	CHECK(p->cors_keeps_existing == 1);
	CHECK(p->grant_type_must_be_registered == 1);
	CHECK(p->invalid_scope_when_none_granted == 1);
	CHECK(p->empty_client_params_unsent == 1);
	CHECK(p->client_assertion_params == 1);
	CHECK(p->resource_checked_before_grant == 1);
	CHECK(p->redirect_uri_matches_authorization == 1);
	CHECK(p->exchange_subject_refusal == OC_ERR_INVALID_REQUEST);
	CHECK(p->exchange_client == OC_PROFILE_EXCHANGE_SAME_CLIENT);
	CHECK(p->exchange_audience == OC_PROFILE_EXCHANGE_AUDIENCE_CONFIGURED);
	CHECK(p->grant_kv_metadata == 1);
	CHECK(p->implicit_grant_expires_with_token == 1);
	CHECK(p->revoke_same_resource_only == 1);
	CHECK(p->ema_requires_resource == 0 && p->ema_alg_untrusted == 0 && p->ema_resource == OC_PROFILE_EMA_RESOURCE_CHOSEN);
	CHECK(p->resource_metadata == OC_PROFILE_PRM_CONFIGURED);
	CHECK(p->as_metadata_lists_resource == 1);
}

OC_TEST(profile_0_10_behaviours)
{
	const oc_profile *p = &oc_profile_0_10;
	CHECK(p->options == OC_PROFILE_OPTIONS_0_10);
	CHECK(p->access_token_ttl_min == 60);
	CHECK(p->refresh_token_ttl_default == 2592000);
	CHECK(p->resource_binding == OC_PROFILE_BIND_REQUESTED);
	CHECK_STR(p->resource_refused, "The resource parameter must be a valid absolute URI without a fragment");
	CHECK(p->audience == OC_PROFILE_AUDIENCE_SERVES_REQUEST);
	CHECK(p->bearer == OC_PROFILE_BEARER_PREFIX);
	CHECK(p->routes_under_resource == 0);
	CHECK(p->route_segment_boundary == 0);
	CHECK(p->route_covers_bare_prefix == 0);
	CHECK(p->challenge_metadata_under_resource_only == 0);
	CHECK(p->cors_vary == 0);
	CHECK(p->method_not_allowed_allow == 0);
	CHECK(p->api_context_auth == 0);
	CHECK(p->cors_keeps_existing == 0);
	CHECK(p->grant_type_must_be_registered == 0);
	CHECK(p->invalid_scope_when_none_granted == 0);
	CHECK(p->empty_client_params_unsent == 0);
	CHECK(p->client_assertion_params == 0);
	CHECK(p->resource_checked_before_grant == 0);
	CHECK(p->redirect_uri_matches_authorization == 0);
	CHECK(p->exchange_subject_refusal == OC_ERR_INVALID_GRANT);
	CHECK(p->exchange_client == OC_PROFILE_EXCHANGE_ANY_CLIENT);
	CHECK(p->exchange_audience == OC_PROFILE_EXCHANGE_AUDIENCE_RESOLVED);
	CHECK(p->grant_kv_metadata == 0);
	CHECK(p->implicit_grant_expires_with_token == 0);
	CHECK(p->revoke_same_resource_only == 0);
	CHECK(p->ema_requires_resource == 1 && p->ema_alg_untrusted == 1 && p->ema_resource == OC_PROFILE_EMA_RESOURCE_CLAIMED);
	CHECK(p->resource_metadata == OC_PROFILE_PRM_PER_PATH);
	CHECK(p->as_metadata_lists_resource == 0);
}

static oc_config *conf(const char *json, const char **err)
{
	return oc_config_new(json, strlen(json), err);
}

#define BASE "\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\""
#define RM ",\"resourceMetadata\":{\"resource\":\"https://example.com/api\""

#define GEN010 "\"generation\":\"0.10\","
#define NO_RM "resourceMetadata.resource is required and must be an absolute HTTPS URI without a fragment " \
	"(http is accepted only on a loopback host). A Worker written for @cloudflare/workers-oauth-provider " \
	"0.10.x runs unchanged when it imports 'oc-oauth-provider/0.10'."

/* The entry names the profile ("generation"), never the options. */
OC_TEST(profile_chosen_at_construction)
{
	const char *err = NULL;
	oc_config *c = conf("{" BASE RM "}}", &err);
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_1x);
	CHECK(c->resource != NULL && c->resource_metadata_json != NULL);
	oc_config_free(c);

	/* 1.x without resourceMetadata (absent, undefined, null, falsy): 1.2.3's error, and where 0.10.x lives */
	static const char *const none[] = { "{" BASE "}", "{" BASE ",\"resourceMetadata\":null}",
		"{" BASE ",\"resourceMetadata\":false}", "{" BASE ",\"resourceMetadata\":\"\"}",
		"{\"generation\":\"1\"," BASE "}" };
	for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
		err = NULL;
		CHECK(conf(none[i], &err) == NULL && err != NULL && strcmp(err, NO_RM) == 0);
	}
	/* a truthy resourceMetadata without resource: 1.2.3's message alone */
	c = conf("{" BASE ",\"resourceMetadata\":{}}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "0.10") == NULL && strstr(err, "resourceMetadata.resource") != NULL);

	c = conf("{" GEN010 BASE "}", &err);
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_0_10);
	CHECK(c->resource == NULL && c->resource_metadata_json == NULL);
	oc_config_free(c);

	/* 0.10.x accepts resourceMetadata too: the options do not switch the generation */
	c = conf("{" GEN010 BASE RM "}}", &err);
	REQUIRE(c != NULL);
	CHECK(c->profile == &oc_profile_0_10);
	oc_config_free(c);
}

/* The lifetimes' defaults and limits come from the profile. */
OC_TEST(profile_sets_construction_limits)
{
	const char *err = NULL;
	oc_config *c = conf("{" BASE RM "}}", &err);
	REQUIRE(c != NULL);
	CHECK(c->has_refresh_token_ttl && c->refresh_token_ttl == oc_profile_1x.refresh_token_ttl_default);
	oc_config_free(c);
	c = conf("{" GEN010 BASE "}", &err);
	REQUIRE(c != NULL);
	CHECK(c->has_refresh_token_ttl && c->refresh_token_ttl == oc_profile_0_10.refresh_token_ttl_default);
	oc_config_free(c);

	/* accessTokenTTL: both refuse below 60. */
	c = conf("{" BASE RM "},\"accessTokenTTL\":59}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "accessTokenTTL") != NULL);
	c = conf("{" BASE RM "},\"accessTokenTTL\":60}", &err);
	REQUIRE(c != NULL);
	CHECK(c->access_token_ttl == 60);
	oc_config_free(c);
	c = conf("{" GEN010 BASE ",\"accessTokenTTL\":59}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "accessTokenTTL") != NULL);
	c = conf("{" GEN010 BASE ",\"accessTokenTTL\":0}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "accessTokenTTL") != NULL);
}

/* 1.x reads resourceMetadata, including its deprecated scopes_supported. */
OC_TEST(profile_1x_reads_resource_metadata)
{
	const char *err = NULL;
	oc_config *c = conf("{" BASE RM ",\"scopes_supported\":[\"read\",\"write\"]}}", &err);
	REQUIRE(c != NULL);
	REQUIRE(c->has_required_scopes && c->nrequired_scopes == 2);
	CHECK_STR(c->required_scopes[0], "read");
	CHECK_STR(c->required_scopes[1], "write");
	oc_config_free(c);
	c = conf("{" BASE RM ",\"scopes_supported\":[\"a b\"]}}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "must contain valid OAuth scope tokens") != NULL);
	c = conf("{" BASE ",\"requiredScopes\":[\"x\"]" RM ",\"scopes_supported\":[\"read\"]}}", &err);
	CHECK(c == NULL && err != NULL && strstr(err, "deprecated") != NULL);
	c = conf("{" BASE ",\"resourceMetadata\":{\"resource\":\"http://example.com/api\"}}", &err);
	CHECK(c == NULL && err != NULL && strcmp(err, "resourceMetadata.resource is required and must be an absolute HTTPS URI without a fragment (http is accepted only on a loopback host)") == 0);
}
