/* enterpriseManagedAuthorization at construction (src/config/oc_config_ema.c): R-CTOR-40…44. */
#include "oc_test.h"
#include "config/oc_config.h"
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
	/* the 0.10.x generation (0.10.4 has the option, with rules of its own): refused by name, never ignored */
	const char *got = refusal("{\"generation\":\"0.10\",\"tokenEndpoint\":\"/t\",\"authorizeEndpoint\":\"/a\",\"apiRoute\":\"/api/\",\"hasApiHandler\":true,"
		"\"enterpriseManagedAuthorization\":{}}", &c);
	CHECK(c == NULL && got != NULL && strcmp(got, "enterpriseManagedAuthorization is not implemented by oc-oauth-provider for the 0.10.x "
		"generation (oc-oauth-provider/0.10) yet; remove this option") == 0);
}
