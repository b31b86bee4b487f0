/* Enterprise-managed authorization: the reasons, their wire answers, and the assertion read (oc_ema.h). */
#include "oauth/oc_ema.h"
#include "base/oc_jsonw.h"
#include "base/oc_jsonw_js.h"
#include <string.h>

#define CATEGORY "enterprise-managed-authorization"

static const char *const names[OC_EMA__COUNT] = {
	"assertion_missing", "assertion_too_large", "assertion_malformed", "invalid_typ", "invalid_alg",
	"issuer_not_trusted", "no_matching_key", "signature_failed", "jwks_fetch_failed", "invalid_claim",
	"aud_mismatch", "unsupported_claim", "expired", "iat_in_future", "nbf_in_future", "lifetime_too_long",
	"replayed", "client_id_mismatch", "resource_invalid", "resource_mismatch", "invalid_scope_param",
	"invalid_mapped_user", "invalid_mapped_scope", "invalid_mapped_props", "invalid_mapped_ttl",
	"mapper_denied", "mapper_threw", "assertion_expired_after_processing",
};

const char *oc_ema_reason_name(oc_ema_reason r)
{
	return (unsigned)r < OC_EMA__COUNT ? names[r] : "assertion_malformed";
}

/* The code and description 1.2.3 answers r with. */
static oc_err wire(oc_ema_reason r)
{
	switch (r) {
	case OC_EMA_ASSERTION_MISSING: return OC_ERR(OC_ERR_INVALID_REQUEST, "assertion is required");
	case OC_EMA_INVALID_SCOPE_PARAM: return OC_ERR(OC_ERR_INVALID_REQUEST, "Invalid scope parameter format");
	case OC_EMA_RESOURCE_INVALID:
	case OC_EMA_RESOURCE_MISMATCH: return OC_ERR(OC_ERR_INVALID_TARGET, "Invalid resource");
	case OC_EMA_MAPPER_DENIED:
	case OC_EMA_MAPPER_THREW: return OC_ERR(OC_ERR_INVALID_GRANT, "Assertion was not authorized");
	case OC_EMA_INVALID_MAPPED_USER: return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid mapped user");
	case OC_EMA_INVALID_MAPPED_SCOPE: return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid mapped scope");
	case OC_EMA_INVALID_MAPPED_PROPS: return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid mapped props");
	case OC_EMA_INVALID_MAPPED_TTL: return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid access token TTL");
	case OC_EMA_EXPIRED_AFTER_PROCESSING: return OC_ERR(OC_ERR_INVALID_GRANT, "Assertion has expired");
	default: return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid assertion");
	}
}

oc_err oc_ema_refuse(oc_arena *a, oc_ema_reason r, const char *extra)
{
	oc_err e = wire(r);
	const char *name = oc_ema_reason_name(r);
	oc_jsonw w;
	size_t len;

	oc_jsonw_init(&w, a, 96);
	oc_jsonw_lit(&w, CATEGORY);
	oc_jsonw_raw(&w, "", 1);
	oc_jsonw_lit(&w, name);
	oc_jsonw_raw(&w, "", 1);
	oc_jsonw_lit(&w, "{\"reason\":");
	oc_jsonw_cstr(&w, name);
	if (extra != NULL) {
		oc_jsonw_lit(&w, ",");
		oc_jsonw_lit(&w, extra);
	}
	oc_jsonw_lit(&w, "}");
	e.why = oc_jsonw_finish(&w, &len);
	return e;
}

const char *oc_ema_member(oc_arena *a, const char *name, const char *value)
{
	oc_jsonw w;
	size_t len;
	oc_jsonw_init(&w, a, 64);
	oc_jsonw_cstr(&w, name);
	oc_jsonw_lit(&w, ":");
	oc_jsonw_cstr(&w, value);
	return oc_jsonw_finish(&w, &len);
}

/* "got":v, v as the header holds it (undefined when absent: oc_jsonw_js_member). */
static const char *got(oc_arena *a, const cJSON *v)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 32);
	oc_jsonw_js_member(&w, "got", v);
	return oc_jsonw_finish(&w, NULL);
}

/* "size":n,"max":OC_EMA_MAX_ASSERTION. */
static const char *too_large(oc_arena *a, size_t n)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 32);
	oc_jsonw_lit(&w, "\"size\":");
	oc_jsonw_int(&w, (int64_t)n);
	oc_jsonw_lit(&w, ",\"max\":");
	oc_jsonw_int(&w, OC_EMA_MAX_ASSERTION);
	return oc_jsonw_finish(&w, NULL);
}

/* -1 with *e the refusal r (extra as oc_ema_refuse). */
static int refused(oc_arena *a, oc_ema_reason r, const char *extra, oc_err *e)
{
	*e = oc_ema_refuse(a, r, extra);
	return -1;
}

int oc_ema_parse(oc_arena *a, const char *s, size_t n, oc_ema_assertion *out, oc_err *e)
{
	memset(out, 0, sizeof *out);
	if (s == NULL || n == 0)
		return refused(a, OC_EMA_ASSERTION_MISSING, NULL, e);
	if (n > OC_EMA_MAX_ASSERTION)
		return refused(a, OC_EMA_ASSERTION_TOO_LARGE, too_large(a, n), e);
	oc_jose_status st = oc_jws_split(a, s, n, &out->jws);
	if (st == OC_JOSE_NOMEM)
		return *e = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory"), -1;
	if (st != OC_JOSE_OK)
		return refused(a, OC_EMA_ASSERTION_MALFORMED, NULL, e);
	const cJSON *typ = cJSON_GetObjectItemCaseSensitive(out->jws.header, "typ");
	if (!cJSON_IsString(typ) || strcmp(typ->valuestring, OC_EMA_TYP) != 0)
		return refused(a, OC_EMA_INVALID_TYP, got(a, typ), e);
	st = oc_jws_header_read(&out->jws, &out->header);
	if (st == OC_JOSE_ALG_NONE || st == OC_JOSE_ALG_HMAC || st == OC_JOSE_ALG_UNSUPPORTED)
		return refused(a, OC_EMA_INVALID_ALG, got(a, cJSON_GetObjectItemCaseSensitive(out->jws.header, "alg")), e);
	if (st != OC_JOSE_OK)
		return refused(a, OC_EMA_ASSERTION_MALFORMED, NULL, e);
	const cJSON *iss = cJSON_GetObjectItemCaseSensitive(out->jws.claims, "iss");
	if (!cJSON_IsString(iss) || iss->valuestring[0] == 0)
		return refused(a, OC_EMA_INVALID_CLAIM, "\"claim\":\"iss\"", e);
	out->iss = iss->valuestring;
	return 0;
}
