/* The keys of enterprise-managed authorization's records (oc_kv_ema.h). */
#include "store/oc_kv_ema.h"
#include "crypto/oc_crypto.h"
#include <string.h>

/* prefix + hex SHA-256 of "<x>\n<y>". */
static char *key(oc_arena *a, const char *prefix, const char *x, const char *y)
{
	size_t xn = strlen(x);
	char hex[65], *s = oc_arena_cat3(a, x, xn, "\n", 1, y, strlen(y));
	if (s == NULL)
		return NULL;
	oc_sha256_hex(hex, s, strlen(s));
	return oc_arena_cat3(a, prefix, strlen(prefix), hex, 64, "", 0);
}

char *oc_kv_ema_jti_key(oc_arena *a, const char *issuer, const char *jti)
{
	return key(a, OC_KV_EMA_JTI_PREFIX, issuer, jti);
}

char *oc_kv_ema_jwks_key(oc_arena *a, const char *issuer, const char *jwks_uri)
{
	return key(a, OC_KV_EMA_JWKS_PREFIX, issuer, jwks_uri);
}
