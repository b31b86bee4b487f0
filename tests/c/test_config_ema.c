/* enterpriseManagedAuthorization at construction (src/config/oc_config_ema.c): R-CTOR-40…44, R010-EMA-01. */
#include "oc_test.h"
#include "config/oc_config.h"
#include "config/oc_profile.h"
#include <math.h>

#define BASE "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\"," \
	"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"enterpriseManagedAuthorization\":"
#define FNS "\"trustedIssuers\":true,\"mapClaims\":true"

static const char *refusal(const char *json, oc_config **keep)
{
	const char *err = NULL;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	if (keep != NULL)
		*keep = c;
	else
		oc_config_free(c);
	return c == NULL ? err : NULL;
}

OC_TEST(config_ema_refusals)
{
	static const struct { const char *json, *err; } cases[] = {
		{ BASE "{}}", "enterpriseManagedAuthorization.trustedIssuers must be a resolver function: (input) => EmaTrustedIssuer | null" },
		{ BASE "{\"mapClaims\":true}}", "enterpriseManagedAuthorization.trustedIssuers must be a resolver function: (input) => EmaTrustedIssuer | null" },
		{ BASE "{\"trustedIssuers\":true}}", "enterpriseManagedAuthorization.mapClaims must be a function" },
		{ BASE "{" FNS ",\"jwksCacheTtlSeconds\":0}}", "enterpriseManagedAuthorization.jwksCacheTtlSeconds must be greater than 0" },
		{ BASE "{" FNS ",\"jwksCacheTtlSeconds\":-1}}", "enterpriseManagedAuthorization.jwksCacheTtlSeconds must be greater than 0" },
		{ BASE "{" FNS ",\"jwksCacheTtlSeconds\":\"-Infinity\"}}", "enterpriseManagedAuthorization.jwksCacheTtlSeconds must be greater than 0" },
		{ BASE "{" FNS ",\"clockSkewSeconds\":-0.5}}", "enterpriseManagedAuthorization.clockSkewSeconds must be non-negative" },
		{ BASE "{" FNS ",\"maxAssertionLifetimeSeconds\":0}}", "enterpriseManagedAuthorization.maxAssertionLifetimeSeconds must be greater than 0" },
		/* in 1.2.3's order: the cache TTL before the skew */
		{ BASE "{" FNS ",\"clockSkewSeconds\":-1,\"jwksCacheTtlSeconds\":0}}", "enterpriseManagedAuthorization.jwksCacheTtlSeconds must be greater than 0" },
		/* a refusal of an earlier option comes first */
		{ "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\",\"authorizeEndpoint\":\"/authorize\",\"accessTokenTTL\":1,"
		  "\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"enterpriseManagedAuthorization\":{}}", "accessTokenTTL" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = refusal(cases[i].json, NULL);
		CHECK(got != NULL && strncmp(got, cases[i].err, strlen(cases[i].err)) == 0);
		if (got == NULL || strncmp(got, cases[i].err, strlen(cases[i].err)) != 0)
			fprintf(stderr, "  case %zu: %s\n", i, got ? got : "(accepted)");
	}
}

OC_TEST(config_ema_values)
{
	oc_config *c = NULL;
	/* not given: off */
	CHECK(refusal(BASE "null}", &c) == NULL && c != NULL && !c->ema);
	oc_config_free(c);
	/* the defaults */
	CHECK(refusal(BASE "{" FNS "}}", &c) == NULL && c != NULL);
	CHECK(c->ema && c->ema_jwks_ttl == 300 && c->ema_skew == 60 && c->ema_max_lifetime == 300 && !c->ema_allow_public);
	oc_config_free(c);
	/* given, NaN passing every comparison as in JavaScript, a zero skew */
	CHECK(refusal(BASE "{" FNS ",\"jwksCacheTtlSeconds\":\"NaN\",\"clockSkewSeconds\":0,\"maxAssertionLifetimeSeconds\":\"Infinity\","
		"\"allowPublicClients\":true}}", &c) == NULL && c != NULL);
	CHECK(c->ema && isnan(c->ema_jwks_ttl) && c->ema_skew == 0 && isinf(c->ema_max_lifetime) && c->ema_allow_public);
	oc_config_free(c);
}

/* The 0.10.x generation: 0.10.4's rules (R010-EMA-01), the profile's ema_requires_resource. */
#define G010 "{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,"
#define PINNED "\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},"
OC_TEST(config_ema_0_10)
{
	static const char requires[] = "enterpriseManagedAuthorization requires resourceMetadata.resource to be configured";
	static const struct { const char *json, *err; } cases[] = {
		/* after the functions, before the numbers */
		{ G010 "\"enterpriseManagedAuthorization\":{}}", "enterpriseManagedAuthorization.trustedIssuers must be a resolver function: (input) => EmaTrustedIssuer | null" },
		{ G010 "\"enterpriseManagedAuthorization\":{\"trustedIssuers\":true}}", "enterpriseManagedAuthorization.mapClaims must be a function" },
		{ G010 "\"enterpriseManagedAuthorization\":{" FNS "}}", requires },
		{ G010 "\"enterpriseManagedAuthorization\":{" FNS ",\"jwksCacheTtlSeconds\":0}}", requires },
		{ G010 "\"resourceMetadata\":{\"resource_name\":\"x\"},\"enterpriseManagedAuthorization\":{" FNS "}}", requires },
		{ G010 PINNED "\"enterpriseManagedAuthorization\":{" FNS ",\"jwksCacheTtlSeconds\":0}}", "enterpriseManagedAuthorization.jwksCacheTtlSeconds must be greater than 0" },
		{ G010 PINNED "\"enterpriseManagedAuthorization\":{" FNS ",\"clockSkewSeconds\":-1}}", "enterpriseManagedAuthorization.clockSkewSeconds must be non-negative" },
		{ G010 PINNED "\"enterpriseManagedAuthorization\":{" FNS ",\"maxAssertionLifetimeSeconds\":0}}", "enterpriseManagedAuthorization.maxAssertionLifetimeSeconds must be greater than 0" },
		/* resourceMetadata's own rules first */
		{ G010 "\"resourceMetadata\":{\"resource\":\"ftp://x\"},\"enterpriseManagedAuthorization\":{}}", "resourceMetadata.resource must be an absolute HTTP(S) URI without a fragment" },
	};
	oc_config *c = NULL;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = refusal(cases[i].json, NULL);
		CHECK(got != NULL && strcmp(got, cases[i].err) == 0);
		if (got == NULL || strcmp(got, cases[i].err) != 0)
			fprintf(stderr, "  case %zu: %s\n", i, got ? got : "(accepted)");
	}
	/* with the resource: on; without the option (the shim sends a falsy one as none): no resource needed */
	CHECK(refusal(G010 PINNED "\"enterpriseManagedAuthorization\":{" FNS "}}", &c) == NULL && c != NULL && c->ema);
	oc_config_free(c);
	CHECK(refusal(G010 "\"accessTokenTTL\":3600}", &c) == NULL && c != NULL && !c->ema);
	oc_config_free(c);
	/* 1.x does not ask (its resource is required first) */
	CHECK(!oc_profile_1x.ema_requires_resource && oc_profile_0_10.ema_requires_resource);
}
