/* The claims of a verified ID-JAG, in 1.2.3's order (oc_ema.h), the resource as the profile says. */
#include "oauth/oc_ema.h"
#include "oauth/oc_resource.h"
#include "base/oc_url_whatwg.h"
#include "base/oc_jsonw.h"
#include "base/oc_jsonw_js.h"
#include <math.h>
#include <string.h>

static int refused(oc_arena *a, oc_ema_reason r, const char *extra, oc_err *e)
{
	*e = oc_ema_refuse(a, r, extra);
	return -1;
}

static int bad_claim(oc_arena *a, const char *claim, oc_err *e)
{
	return refused(a, OC_EMA_INVALID_CLAIM, oc_ema_member(a, "claim", claim), e);
}

/* The claim name as a non-empty string, or NULL. */
static const char *string_claim(const cJSON *claims, const char *name)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(claims, name));
	return s != NULL && s[0] != 0 ? s : NULL;
}

/* 1 with *v when the claim name is a non-negative integer (a JSON number). */
static int date_claim(const cJSON *claims, const char *name, double *v)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(claims, name);
	if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble) || j->valuedouble < 0 || floor(j->valuedouble) != j->valuedouble)
		return 0;
	*v = j->valuedouble;
	return 1;
}

static int hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/* 1.2.3's validateResourceUri: printable ASCII of RFC 3986's characters, "scheme://authority…", no '#'
 * or stray '%', and new URL reads it as http or https. -1 out of memory. */
static int resource_uri_ok(oc_arena *a, const char *s)
{
	static const char allowed[] = ":/?@!$&'()*+,;=._~%[]-";
	size_t n = strlen(s), i = 0;
	oc_url_whatwg u;
	char *buf;

	if (n == 0)
		return 0;
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (c == 0 || strchr(allowed, c) == NULL))
			return 0;
		if (c == '%' && (k + 2 >= n || !hex(s[k + 1]) || !hex(s[k + 2])))
			return 0;
	}
	if (!((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z'))
		return 0;
	while (i < n && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '.' || s[i] == '-'))
		i++;
	if (n - i < 4 || memcmp(s + i, "://", 3) != 0 || s[i + 3] == '/' || s[i + 3] == '?')
		return 0;
	if ((buf = oc_arena_alloc(a, OC_URL_WHATWG_BUF(n))) == NULL)
		return -1;
	if (oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) != 0)
		return 0;
	return oc_slice_eq(u.scheme, "http") || oc_slice_eq(u.scheme, "https");
}

/*
 * The resource r (the claim's, else x->resource) under the profile's rule
 * (oc_profile_ema_resource): 0 not a resource URI, 1 not naming x->resource,
 * 2 accepted, -1 out of memory.
 */
static int resource_claim(oc_arena *a, const char *r, const oc_ema_expect *x)
{
	size_t n = strlen(r), w = strlen(x->resource);
	int ok;
	if (x->resource_rule == OC_PROFILE_EMA_RESOURCE_CHOSEN) {
		if ((ok = resource_uri_ok(a, r)) <= 0)
			return ok;
		return oc_resource_matches(r, n, x->resource) ? 2 : 1;
	}
	if ((ok = oc_resource_uri_valid(a, r, n)) <= 0)
		return ok;
	ok = oc_resource_granted_match(a, r, n, x->resource, w, strcmp(r, x->resource) == 0, x->origin_only);
	return ok < 0 ? -1 : ok ? 2 : 1;
}

/*
 * "name":v,"name2":v2[,"skew":*skew] for a detail (skew NULL: left out),
 * each number as JSON.stringify writes it (oc_num.h), as the reference's
 * detail object holds it.
 */
static const char *num_member(oc_arena *a, const char *name, double v, const char *name2, double v2, const double *skew)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 64);
	oc_jsonw_cstr(&w, name);
	oc_jsonw_lit(&w, ":");
	oc_jsonw_num(&w, v);
	oc_jsonw_lit(&w, ",");
	oc_jsonw_cstr(&w, name2);
	oc_jsonw_lit(&w, ":");
	oc_jsonw_num(&w, v2);
	if (skew != NULL) {
		oc_jsonw_lit(&w, ",\"skew\":");
		oc_jsonw_num(&w, *skew);
	}
	return oc_jsonw_finish(&w, NULL);
}

/* "expected":expected,"got":got, got as the assertion holds it. */
static const char *mismatch(oc_arena *a, const char *expected, const cJSON *got_json, const char *got)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 96);
	oc_jsonw_lit(&w, "\"expected\":");
	oc_jsonw_cstr(&w, expected);
	oc_jsonw_lit(&w, ",\"got\":");
	if (got_json != NULL)
		oc_jsonw_js_value(&w, got_json);
	else
		oc_jsonw_cstr(&w, got);
	return oc_jsonw_finish(&w, NULL);
}

int oc_ema_claims(oc_arena *a, oc_ema_assertion *as, const oc_ema_expect *x, oc_err *e)
{
	const cJSON *c = as->jws.claims, *aud = cJSON_GetObjectItemCaseSensitive(c, "aud");
	const char *first = NULL;
	double nbf;

	if (strcmp(as->iss, x->issuer->issuer) != 0)
		return refused(a, OC_EMA_ISSUER_NOT_TRUSTED, oc_ema_member(a, "iss", as->iss), e);
	if ((as->sub = string_claim(c, "sub")) == NULL)
		return bad_claim(a, "sub", e);
	if (cJSON_IsString(aud) && aud->valuestring[0] != 0)
		first = aud->valuestring;
	else if (cJSON_IsArray(aud) && cJSON_GetArraySize(aud) == 1 && cJSON_IsString(aud->child) && aud->child->valuestring[0] != 0)
		first = aud->child->valuestring;
	if (first == NULL)
		return bad_claim(a, "aud", e);
	if (cJSON_GetObjectItemCaseSensitive(c, "authorization_details") != NULL)
		return refused(a, OC_EMA_UNSUPPORTED_CLAIM, "\"claim\":\"authorization_details\"", e);
	if (cJSON_GetObjectItemCaseSensitive(c, "cnf") != NULL)
		return refused(a, OC_EMA_UNSUPPORTED_CLAIM, "\"claim\":\"cnf\"", e);
	as->resource = x->resource;
	if (cJSON_GetObjectItemCaseSensitive(c, "resource") != NULL && (as->resource = string_claim(c, "resource")) == NULL)
		return bad_claim(a, "resource", e);
	if ((as->client_id = string_claim(c, "client_id")) == NULL)
		return bad_claim(a, "client_id", e);
	if ((as->jti = string_claim(c, "jti")) == NULL)
		return bad_claim(a, "jti", e);
	if (!date_claim(c, "exp", &as->exp))
		return bad_claim(a, "exp", e);
	if (!date_claim(c, "iat", &as->iat))
		return bad_claim(a, "iat", e);
	if (strcmp(first, x->audience) != 0)
		return refused(a, OC_EMA_AUD_MISMATCH, mismatch(a, x->audience, aud, NULL), e);
	if (strcmp(as->client_id, x->client_id) != 0)
		return refused(a, OC_EMA_CLIENT_ID_MISMATCH, mismatch(a, x->client_id, NULL, as->client_id), e);
	int ok = resource_claim(a, as->resource, x);
	if (ok < 0)
		return *e = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory"), -1;
	if (ok == 0)
		return refused(a, OC_EMA_RESOURCE_INVALID, oc_ema_member(a, "resource", as->resource), e);
	if (ok == 1)
		return refused(a, OC_EMA_RESOURCE_MISMATCH, mismatch(a, x->resource, NULL, as->resource), e);
	double now = (double)x->now;
	if (as->exp + x->skew <= now)
		return refused(a, OC_EMA_EXPIRED, num_member(a, "exp", as->exp, "now", now, NULL), e);
	if (as->iat > now + x->skew)
		return refused(a, OC_EMA_IAT_IN_FUTURE, num_member(a, "iat", as->iat, "now", now, &x->skew), e);
	if (cJSON_GetObjectItemCaseSensitive(c, "nbf") != NULL) {
		if (!date_claim(c, "nbf", &nbf))
			return bad_claim(a, "nbf", e);
		if (nbf > now + x->skew)
			return refused(a, OC_EMA_NBF_IN_FUTURE, num_member(a, "nbf", nbf, "now", now, &x->skew), e);
	}
	if (as->exp - as->iat > x->max_lifetime + x->skew)
		return refused(a, OC_EMA_LIFETIME_TOO_LONG, num_member(a, "lifetime", as->exp - as->iat, "max", x->max_lifetime, NULL), e);
	memset(&as->scopes, 0, sizeof as->scopes);
	if (cJSON_GetObjectItemCaseSensitive(c, "scope") != NULL) {
		const char *s = string_claim(c, "scope");
		int r = s != NULL ? oc_ema_scope_split(a, s, strlen(s), &as->scopes) : 1;
		if (r < 0)
			return *e = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory"), -1;
		if (r > 0)
			return bad_claim(a, "scope", e);
	}
	return 0;
}
