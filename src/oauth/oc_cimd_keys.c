/* A Client ID Metadata Document's keys: the public jwks, and private_key_jwt's use of them (oc_cimd_keys.h). */
#include "oc_cimd_keys.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>
#include <string.h>

#define DETAIL(d) OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, (d))

oc_err oc_cimd_jwks_read(const cJSON *jwks, const cJSON **keys)
{
	static const char *const private_members[] = { "d", "p", "q", "dp", "dq", "qi", "oth", "k" };
	const cJSON *k, *m;
	*keys = NULL;
	if (jwks == NULL)
		return OC_ERR_NONE;
	if (!cJSON_IsObject(jwks))
		return DETAIL("Client metadata must be a JSON object");
	*keys = oc_client_meta_member(jwks, "keys");
	if (!cJSON_IsArray(*keys))
		return DETAIL("Invalid jwks: keys must be an array");
	cJSON_ArrayForEach(k, *keys) {
		if (!cJSON_IsObject(k))
			return DETAIL("Client metadata must be a JSON object");
		cJSON_ArrayForEach(m, k)
			for (size_t i = 0; i < sizeof private_members / sizeof private_members[0]; i++)
				if (m->string != NULL && strcmp(m->string, private_members[i]) == 0)
					return DETAIL("CIMD documents must not contain private key material");
	}
	return OC_ERR_NONE;
}

static int str_is(const cJSON *v, const char *s)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0;
}

/* The reference's isKeyUsableForAlgorithm over a JWK as published. */
static int usable(const cJSON *key, const char *alg)
{
	const cJSON *use = oc_client_meta_member(key, "use"), *kalg = oc_client_meta_member(key, "alg");
	const cJSON *ops = oc_client_meta_member(key, "key_ops"), *op;
	int verify = 0;
	if ((use != NULL && !str_is(use, "sig")) || (kalg != NULL && !str_is(kalg, alg)))
		return 0;
	if (cJSON_IsArray(ops)) {
		cJSON_ArrayForEach(op, ops)
			verify |= str_is(op, "verify");
		if (!verify)
			return 0;
	}
	if (strcmp(alg, "RS256") == 0)
		return str_is(oc_client_meta_member(key, "kty"), "RSA");
	return str_is(oc_client_meta_member(key, "kty"), "EC") && str_is(oc_client_meta_member(key, "crv"), "P-256");
}

/* 1 if new URL(uri) is https:, without userinfo or a non-empty fragment (uri already parses: a URI member). */
static int https_plain(const char *uri)
{
	size_t n = strlen(uri);
	oc_url_whatwg u;
	char *buf = n < SIZE_MAX / 8 ? malloc(OC_URL_WHATWG_BUF(n)) : NULL;
	int ok = buf != NULL && oc_url_whatwg_parse(&u, uri, n, buf, OC_URL_WHATWG_BUF(n)) == 0
		&& oc_slice_eq(u.scheme, "https") && !u.has_userinfo && u.fragment.n <= 1;
	free(buf);
	return ok;
}

const char *oc_cimd_keys_resolve(oc_arena *a, const oc_client_meta_fields *f, const char *jwks_uri,
	const cJSON *keys, cJSON **out)
{
	static const char *const algs[] = { "RS256", "ES256" };
	const char *fit[2], *usable_algs[2];
	size_t nfit = 0, nusable = 0;
	const cJSON *k;
	cJSON *arr;

	*out = NULL;
	if (keys != NULL && jwks_uri != NULL)
		return "jwks and jwks_uri must not both be present";
	if (keys == NULL && jwks_uri == NULL)
		return "private_key_jwt requires jwks or jwks_uri";
	if (keys != NULL && cJSON_GetArraySize(keys) == 0)
		return "private_key_jwt jwks must contain a key";
	if (jwks_uri != NULL && !https_plain(jwks_uri))
		return "private_key_jwt jwks_uri must be an https: URL without userinfo or a fragment";
	for (size_t i = 0; i < 2; i++)
		if ((f->alg == NULL || strcmp(f->alg, algs[i]) == 0) && (!f->has_algs || oc_strs_has(&f->algs, algs[i])))
			fit[nfit++] = algs[i];
	if (nfit == 0)
		return "private_key_jwt requires a token_endpoint_auth_signing_alg of RS256 or ES256";
	for (size_t i = 0; i < nfit; i++) {
		int any = keys == NULL;
		cJSON_ArrayForEach(k, keys)
			any |= usable(k, fit[i]);
		if (any)
			usable_algs[nusable++] = fit[i];
	}
	if (nusable == 0)
		return nfit == 2 ? "private_key_jwt jwks has no key for RS256 or ES256"
			: strcmp(fit[0], "RS256") == 0 ? "private_key_jwt jwks has no key for RS256"
			: "private_key_jwt jwks has no key for ES256";
	oc_arena_bind_json(a);
	cJSON *jwks = NULL;
	if ((*out = cJSON_CreateObject()) == NULL
	    || (keys != NULL && ((jwks = cJSON_AddObjectToObject(*out, "jwks")) == NULL
		|| !cJSON_AddItemToObject(jwks, "keys", cJSON_Duplicate(keys, 1))))
	    || (keys == NULL && !cJSON_AddStringToObject(*out, "jwksUri", jwks_uri))
	    || (arr = cJSON_AddArrayToObject(*out, "algorithms")) == NULL)
		return *out = NULL, "out of memory";
	for (size_t i = 0; i < nusable; i++)
		if (!cJSON_AddItemToArray(arr, cJSON_CreateString(usable_algs[i])))
			return *out = NULL, "out of memory";
	return NULL;
}
