/*
 * The resource registry (oauth/oc_resource_registry.h): which configured
 * resource a value names, the choice for a new authorization (R-PAR-17,
 * R-CA-15, R-EMA-02), a grant's (R-RES-01…04) and a subject token's binding,
 * with and without defaultResource / legacyGrantResource. The same answers
 * are compared with 1.2.3 in workerd by tests/compat/multi-resource.test.mjs.
 */
#include "oc_test.h"
#include "config/oc_config.h"
#include "oauth/oc_resource_registry.h"
#include <stdlib.h>

#define AS_SEVERAL "{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[" \
	"\"https://example.com/mcp\",\"https://example.com/drive\",\"https://example.com/q?t=1\"," \
	"\"https://example.com/q?t=1&u=2\",\"https://example.com/q?v=3\"]"

static oc_config *config(const char *json)
{
	const char *err = NULL;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	if (c == NULL)
		fprintf(stderr, "config refused: %s\n", err ? err : "(out of memory)");
	return c;
}

/* The entry find_requested gives for one value (NULL: none). */
static const char *requested(oc_arena *a, const oc_config *c, const char *v)
{
	char *one[1] = { (char *)v };
	oc_strs s = { one, 1 };
	const char *out = "unset";
	return oc_resource_find_requested(a, c, &s, &out) == 0 ? out : "failed";
}

static int is(const char *got, const char *want)
{
	return want == NULL ? got == NULL : got != NULL && strcmp(got, want) == 0;
}

OC_TEST(resource_registry_find)
{
	oc_config *c = config(AS_SEVERAL "}");
	oc_arena *a = oc_arena_new();
	REQUIRE(c != NULL && a != NULL);
	CHECK(oc_resource_several(c) && oc_resource_count(c) == 5);
	CHECK(oc_resource_default(c) == NULL && oc_resource_legacy(c) == NULL);
	struct { const char *v, *want; } cases[] = {
		{ "https://example.com/mcp", "https://example.com/mcp" },
		{ "HTTPS://EXAMPLE.COM/drive", "https://example.com/drive" },
		{ "https://example.com/drive/", NULL },          /* a trailing slash counts */
		{ "https://example.com:443/mcp", NULL },         /* so does a port written out */
		{ "https://example.com/mcp#x", NULL },
		{ "https://example.com/mcp?mode=direct", "https://example.com/mcp" }, /* covered (RFC 8707 §2.2) */
		{ "https://example.com/q?t=1", "https://example.com/q?t=1" },
		{ "https://example.com/q?t=1&x=9", "https://example.com/q?t=1" },
		{ "https://example.com/q?t=1&u=2&x=9", "https://example.com/q?t=1&u=2" }, /* the most parameters */
		{ "https://example.com/q?t=1&v=3", NULL },       /* a tie */
		{ "https://example.com/q", NULL },
		{ "https://example.com/other?x=1", NULL },
		{ "not a uri", NULL }, { "", NULL }, { "ftp://example.com/mcp", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = requested(a, c, cases[i].v);
		CHECK(is(got, cases[i].want));
		if (!is(got, cases[i].want))
			fprintf(stderr, "  %s -> %s\n", cases[i].v, got ? got : "(none)");
	}
	/* repeated: the same string counts once, two strings name none */
	char *two[] = { "https://example.com/mcp", "https://example.com/mcp" }, *diff[] = { "https://example.com/mcp", "HTTPS://example.com/mcp" };
	const char *out;
	CHECK(oc_resource_find(a, c, &(oc_strs){ two, 2 }, &out) == 0 && is(out, "https://example.com/mcp"));
	CHECK(oc_resource_find(a, c, &(oc_strs){ diff, 2 }, &out) == 0 && out == NULL);
	/* stored: a 0.x array naming exactly one entry */
	char *arr[] = { "https://other.example/x", "https://example.com/mcp", "HTTPS://example.com/mcp" };
	oc_kv_strs st = { OC_KV_ARRAY, { arr, 3 } };
	CHECK(oc_resource_find_stored(a, c, &st, &out) == 0 && is(out, "https://example.com/mcp"));
	char *amb[] = { "https://example.com/mcp", "https://example.com/drive" };
	st = (oc_kv_strs){ OC_KV_ARRAY, { amb, 2 } };
	CHECK(oc_resource_find_stored(a, c, &st, &out) == 0 && out == NULL);
	char *cov[] = { "https://example.com/mcp?mode=direct" }; /* stored values are exact */
	st = (oc_kv_strs){ OC_KV_STRING, { cov, 1 } };
	CHECK(oc_resource_find_stored(a, c, &st, &out) == 0 && out == NULL);
	oc_arena_free(a);
	oc_config_free(c);
}

OC_TEST(resource_registry_choose)
{
	oc_config *plain = config(AS_SEVERAL "}");
	oc_config *policy = config(AS_SEVERAL ",\"defaultResource\":\"HTTPS://example.com/drive\",\"legacyGrantResource\":[\"https://example.com/mcp\",\"https://example.com/mcp\"]}");
	oc_config *one = config("{\"role\":\"authorizationServer\",\"issuer\":\"https://example.com\",\"resources\":[\"https://example.com/mcp\"]}");
	oc_arena *a = oc_arena_new();
	REQUIRE(plain != NULL && policy != NULL && one != NULL && a != NULL);
	CHECK(is(oc_resource_default(policy), "https://example.com/drive") && is(oc_resource_legacy(policy), "https://example.com/mcp"));
	oc_strs none = { NULL, 0 };
	char *drive[] = { "https://example.com/drive" }, *bad[] = { "https://example.com/other" };
	const char *out = NULL;
	oc_err e = oc_resource_choose(a, plain, &none, &out);
	CHECK(e.code == OC_ERR_INVALID_TARGET && out == NULL &&
		strcmp(e.desc, "The resource parameter is required when the authorization server has multiple resources") == 0);
	e = oc_resource_choose(a, plain, &(oc_strs){ bad, 1 }, &out);
	CHECK(e.code == OC_ERR_INVALID_TARGET && strcmp(e.desc, "The resource parameter must name exactly one configured protected resource") == 0);
	CHECK(oc_resource_choose(a, plain, &(oc_strs){ drive, 1 }, &out).code == OC_OK && is(out, "https://example.com/drive"));
	CHECK(oc_resource_choose(a, policy, &none, &out).code == OC_OK && is(out, "https://example.com/drive"));
	CHECK(oc_resource_choose(a, one, &none, &out).code == OC_OK && is(out, "https://example.com/mcp"));
	CHECK(oc_resource_choose(a, one, &(oc_strs){ drive, 1 }, &out).code == OC_ERR_INVALID_TARGET);
	/* a requested value given as JSON (an AuthRequest's resource, exchangeToken's aud) */
	struct { const char *json, *want; } vals[] = {
		{ "\"https://example.com/drive\"", "https://example.com/drive" },
		{ "[\"https://example.com/drive\",\"https://example.com/drive\"]", "https://example.com/drive" },
		{ "[\"https://example.com/drive\",\"https://example.com/mcp\"]", NULL },
		{ "[\"https://example.com/drive\",7]", NULL }, { "[]", NULL }, { "null", NULL }, { "7", NULL },
	};
	for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
		cJSON *j = cJSON_Parse(vals[i].json);
		oc_strs got;
		REQUIRE(j != NULL && oc_resource_values_json(a, j, &got) == 0 && got.n > 0);
		CHECK(oc_resource_find_requested(a, plain, &got, &out) == 0 && is(out, vals[i].want));
		cJSON_Delete(j);
	}
	CHECK(oc_resource_values_json(a, NULL, &none) == 0 && none.n == 0);
	oc_arena_free(a);
	oc_config_free(plain);
	oc_config_free(policy);
	oc_config_free(one);
}

OC_TEST(resource_registry_bindings)
{
	oc_config *plain = config(AS_SEVERAL "}");
	oc_config *policy = config(AS_SEVERAL ",\"legacyGrantResource\":\"https://example.com/mcp\"}");
	oc_arena *a = oc_arena_new();
	REQUIRE(plain != NULL && policy != NULL && a != NULL);
	char *drive[] = { "https://example.com/drive" }, *mcp[] = { "https://example.com/mcp" }, *other[] = { "https://other.example/x" };
	char *drive_up[] = { "HTTPS://EXAMPLE.COM/drive" };
	oc_strs none = { NULL, 0 }, ask_drive = { drive, 1 }, ask_mcp = { mcp, 1 };
	oc_kv_strs absent = { OC_KV_ABSENT, { NULL, 0 } }, g_drive = { OC_KV_STRING, { drive, 1 } },
		g_other = { OC_KV_STRING, { other, 1 } }, g_up = { OC_KV_STRING, { drive_up, 1 } };
	const char *out;
	int backfill;
	oc_err e;
	/* the grant's resource, inherited or asked for exactly */
	CHECK(oc_resource_for_grant(a, plain, &none, &g_drive, &out, &backfill).code == OC_OK && is(out, drive[0]) && !backfill);
	CHECK(oc_resource_for_grant(a, plain, &ask_drive, &g_up, &out, &backfill).code == OC_OK && is(out, drive[0]) && backfill);
	e = oc_resource_for_grant(a, plain, &ask_mcp, &g_drive, &out, &backfill);    /* R-RES-02 */
	CHECK(e.code == OC_ERR_INVALID_TARGET && strcmp(e.desc, "The requested resource does not match the authorization grant") == 0);
	e = oc_resource_for_grant(a, plain, &none, &g_other, &out, &backfill);       /* R-RES-01 */
	CHECK(e.code == OC_ERR_INVALID_GRANT && strcmp(e.desc, "The authorization grant is not bound to a configured resource") == 0);
	e = oc_resource_for_grant(a, plain, &none, &absent, &out, &backfill);        /* R-RES-03 */
	CHECK(e.code == OC_ERR_INVALID_GRANT && strcmp(e.desc, "This legacy authorization grant has no resource binding and must be reauthorized") == 0);
	e = oc_resource_for_grant(a, policy, &ask_drive, &absent, &out, &backfill);  /* R-RES-04 */
	CHECK(e.code == OC_ERR_INVALID_TARGET && strcmp(e.desc, "The requested resource does not match the server legacy-grant migration policy") == 0);
	CHECK(oc_resource_for_grant(a, policy, &ask_mcp, &absent, &out, &backfill).code == OC_OK && is(out, mcp[0]) && backfill);
	/* a token exchange keeps the subject token's */
	CHECK(oc_resource_for_exchange(a, plain, &none, &g_drive, &out).code == OC_OK && is(out, drive[0]));
	e = oc_resource_for_exchange(a, plain, &ask_mcp, &g_drive, &out);
	CHECK(e.code == OC_ERR_INVALID_TARGET && strcmp(e.desc, "The requested resource must exactly match the subject token audience") == 0);
	e = oc_resource_for_exchange(a, plain, &none, &absent, &out);
	CHECK(e.code == OC_ERR_INVALID_TARGET && strcmp(e.desc, "Subject token is not bound to a configured resource") == 0);
	CHECK(oc_resource_for_exchange(a, policy, &none, &absent, &out).code == OC_OK && is(out, mcp[0]));
	/* a stored audience, per resource */
	CHECK(oc_resource_audience_is(plain, &g_up, drive[0]) && !oc_resource_audience_is(plain, &g_drive, mcp[0]));
	CHECK(!oc_resource_audience_is(plain, &absent, mcp[0]) && oc_resource_audience_is(policy, &absent, mcp[0]));
	CHECK(!oc_resource_audience_registered(plain, &absent) && oc_resource_audience_registered(policy, &absent));
	CHECK(!oc_resource_audience_registered(plain, &g_other) && oc_resource_audience_registered(plain, &g_drive));
	oc_arena_free(a);
	oc_config_free(plain);
	oc_config_free(policy);
}
