/* A JWKS's public RSA and P-256 keys, refusing private material and weak or malformed keys. */
#include "jose/oc_jwk.h"
#include "jose/oc_jws.h"
#include "base/oc_b64.h"
#include "base/oc_strs.h"
#include <string.h>

/* Decodes the strict base64url string member name of k into a; NULL if absent or malformed. */
static uint8_t *member_bytes(oc_arena *a, const cJSON *k, const char *name, size_t *len, int *nomem)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(k, name);
	size_t n;
	uint8_t *d;

	if (!cJSON_IsString(m) || (n = strlen(m->valuestring)) == 0)
		return NULL;
	if ((d = oc_arena_alloc(a, OC_B64_DECMAX(n))) == NULL) {
		*nomem = 1;
		return NULL;
	}
	return oc_b64url_decode(d, len, m->valuestring, n) == 0 ? d : NULL;
}

static const uint8_t *strip_zeros(const uint8_t *p, size_t *n)
{
	while (*n > 0 && *p == 0) {
		p++;
		(*n)--;
	}
	return p;
}

static size_t bit_length(const uint8_t *p, size_t n)
{
	unsigned top = n > 0 ? p[0] : 0, bits = 0;
	while (top != 0) {
		bits++;
		top >>= 1;
	}
	return n == 0 ? 0 : (n - 1) * 8 + bits;
}

static oc_jose_status read_rsa(oc_arena *a, const cJSON *k, oc_jwk *out)
{
	int nomem = 0;
	size_t n_len, e_len;
	uint8_t *n = member_bytes(a, k, "n", &n_len, &nomem);
	uint8_t *e = n ? member_bytes(a, k, "e", &e_len, &nomem) : NULL;

	if (e == NULL)
		return nomem ? OC_JOSE_NOMEM : OC_JOSE_JWKS_INVALID;
	out->n = strip_zeros(n, &n_len);
	out->e = strip_zeros(e, &e_len);
	size_t bits = bit_length(out->n, n_len);
	if (bits < OC_JWK_RSA_MIN_BITS || bits > OC_JWK_RSA_MAX_BITS || !(out->n[n_len - 1] & 1) ||
	    e_len == 0 || e_len > 4 || !(out->e[e_len - 1] & 1) || (e_len == 1 && out->e[0] < 3))
		return OC_JOSE_JWKS_INVALID;
	out->type = OC_JWK_RSA;
	out->n_len = n_len;
	out->e_len = e_len;
	return OC_JOSE_OK;
}

static oc_jose_status read_ec(oc_arena *a, const cJSON *k, oc_jwk *out)
{
	int nomem = 0;
	size_t x_len = 0, y_len = 0;
	uint8_t *x = member_bytes(a, k, "x", &x_len, &nomem);
	uint8_t *y = x ? member_bytes(a, k, "y", &y_len, &nomem) : NULL;

	if (nomem)
		return OC_JOSE_NOMEM;
	if (y == NULL || x_len != 32 || y_len != 32)
		return OC_JOSE_JWKS_INVALID;
	out->type = OC_JWK_EC_P256;
	out->point[0] = 0x04;
	memcpy(out->point + 1, x, 32);
	memcpy(out->point + 33, y, 32);
	return OC_JOSE_OK;
}

/* "use" absent or "sig", and "key_ops" absent or holding "verify"; -1 if either is malformed. */
static int for_signatures(const cJSON *k)
{
	const cJSON *use = cJSON_GetObjectItemCaseSensitive(k, "use");
	const cJSON *ops = cJSON_GetObjectItemCaseSensitive(k, "key_ops");
	int verify = ops == NULL || oc_strs_json_has(ops, "verify");

	if ((use != NULL && !cJSON_IsString(use)) || (ops != NULL && !cJSON_IsArray(ops)))
		return -1;
	return verify && (use == NULL || strcmp(use->valuestring, "sig") == 0);
}

/* One key into out (type 0: a key of another kind, left out). */
static oc_jose_status read_key(oc_arena *a, const cJSON *k, oc_jwk *out)
{
	static const char *const private_members[] = { "d", "p", "q", "dp", "dq", "qi", "oth", "k" };
	const cJSON *kty = cJSON_GetObjectItemCaseSensitive(k, "kty");
	const cJSON *kid = cJSON_GetObjectItemCaseSensitive(k, "kid");
	const cJSON *alg = cJSON_GetObjectItemCaseSensitive(k, "alg");
	const cJSON *crv = cJSON_GetObjectItemCaseSensitive(k, "crv");
	int sig;

	memset(out, 0, sizeof *out);
	if (!cJSON_IsObject(k) || !cJSON_IsString(kty) || (kid != NULL && !cJSON_IsString(kid)) ||
	    (alg != NULL && !cJSON_IsString(alg)) || (sig = for_signatures(k)) < 0)
		return OC_JOSE_JWKS_INVALID;
	for (size_t i = 0; i < sizeof private_members / sizeof private_members[0]; i++)
		if (cJSON_GetObjectItemCaseSensitive(k, private_members[i]) != NULL)
			return OC_JOSE_JWKS_INVALID;
	out->kid = kid ? kid->valuestring : NULL;
	out->alg = alg ? alg->valuestring : NULL;
	out->for_signatures = sig;
	if (strcmp(kty->valuestring, "RSA") == 0)
		return read_rsa(a, k, out);
	if (strcmp(kty->valuestring, "EC") == 0 && cJSON_IsString(crv) && strcmp(crv->valuestring, "P-256") == 0)
		return read_ec(a, k, out);
	return OC_JOSE_OK;
}

oc_jose_status oc_jwks_read(oc_arena *a, const cJSON *jwks, oc_jwks *out)
{
	const cJSON *keys = cJSON_IsObject(jwks) ? cJSON_GetObjectItemCaseSensitive(jwks, "keys") : NULL;
	const cJSON *k;
	int count = cJSON_IsArray(keys) ? cJSON_GetArraySize(keys) : -1;
	oc_jose_status st;

	memset(out, 0, sizeof *out);
	if (count < 0 || count > OC_JWKS_MAX_KEYS)
		return OC_JOSE_JWKS_INVALID;
	if (count > 0 && (out->keys = oc_arena_alloc(a, (size_t)count * sizeof *out->keys)) == NULL)
		return OC_JOSE_NOMEM;
	cJSON_ArrayForEach(k, keys) {
		if ((st = read_key(a, k, &out->keys[out->count])) != OC_JOSE_OK)
			return st;
		if (out->keys[out->count].type != 0)
			out->count++;
	}
	return OC_JOSE_OK;
}

oc_jose_status oc_jwks_parse(oc_arena *a, const char *s, size_t n, oc_jwks *out)
{
	const cJSON *j = oc_jose_object(a, s, n);
	memset(out, 0, sizeof *out);
	return j != NULL ? oc_jwks_read(a, j, out) : OC_JOSE_JWKS_INVALID;
}
