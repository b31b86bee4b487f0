/* The trusted issuer trustedIssuers answered, checked before any key is fetched (oc_ema.h). */
#include "oauth/oc_ema.h"
#include "base/oc_url_whatwg.h"
#include <string.h>

/* 1 when s parses as a URL (as new URL(s) does), and, with https, has the scheme https; -1 out of memory. */
static int url_ok(oc_arena *a, const char *s, int https)
{
	size_t n = strlen(s);
	oc_url_whatwg u;
	char *buf = oc_arena_alloc(a, OC_URL_WHATWG_BUF(n));
	if (buf == NULL)
		return -1;
	if (oc_url_whatwg_parse(&u, s, n, buf, OC_URL_WHATWG_BUF(n)) != 0)
		return 0;
	return !https || oc_slice_eq(u.scheme, "https");
}

/* 1 when the algorithms named by v (NULL or null: RS256) are all RS256 / ES256 and at least one; sets out's. */
static int algorithms(const cJSON *v, oc_ema_issuer *out)
{
	const cJSON *it;
	if (v == NULL || cJSON_IsNull(v)) {
		out->rs256 = 1;
		return 1;
	}
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
		return 0;
	cJSON_ArrayForEach(it, v) {
		const char *s = cJSON_GetStringValue(it);
		if (s != NULL && strcmp(s, "RS256") == 0)
			out->rs256 = 1;
		else if (s != NULL && strcmp(s, "ES256") == 0)
			out->es256 = 1;
		else
			return 0;
	}
	return 1;
}

int oc_ema_issuer_read(oc_arena *a, const char *json, size_t n, const char *iss, oc_jose_alg alg,
	int alg_untrusted, oc_ema_issuer *out, oc_err *e)
{
	const cJSON *o = NULL, *issuer, *jwks, *aud;
	int ok;

	memset(out, 0, sizeof *out);
	if (json != NULL) {
		oc_arena_bind_json(a);
		o = cJSON_ParseWithLength(json, n);
	}
	issuer = cJSON_GetObjectItemCaseSensitive(o, "issuer");
	jwks = cJSON_GetObjectItemCaseSensitive(o, "jwksUri");
	aud = cJSON_GetObjectItemCaseSensitive(o, "audience");
	ok = cJSON_IsObject(o) && cJSON_IsString(issuer) && strcmp(issuer->valuestring, iss) == 0
		&& cJSON_IsString(jwks) && (aud == NULL || cJSON_IsString(aud));
	if (ok) {
		int i = url_ok(a, issuer->valuestring, 1), j = i > 0 ? url_ok(a, jwks->valuestring, 1) : 0;
		int k = j > 0 && aud != NULL ? url_ok(a, aud->valuestring, 0) : 1;
		if (i < 0 || j < 0 || k < 0)
			return *e = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory"), -1;
		ok = i && j && k && algorithms(cJSON_GetObjectItemCaseSensitive(o, "algorithms"), out);
	}
	if (ok && !(alg == OC_JOSE_ALG_RS256 ? out->rs256 : out->es256)) {
		if (!alg_untrusted) {
			*e = oc_ema_refuse(a, OC_EMA_INVALID_ALG, oc_ema_member(a, "got", oc_jose_alg_name(alg)));
			return -1;
		}
		ok = 0;
	}
	if (!ok) {
		*e = oc_ema_refuse(a, OC_EMA_ISSUER_NOT_TRUSTED, oc_ema_member(a, "iss", iss));
		return -1;
	}
	out->issuer = issuer->valuestring;
	out->jwks_uri = jwks->valuestring;
	out->audience = aud != NULL ? aud->valuestring : NULL;
	return 0;
}
