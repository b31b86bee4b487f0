/* The cached key set of a jwks_uri: its key and its record (oc_kv_jwks.h). */
#include "store/oc_kv_jwks.h"
#include "crypto/oc_crypto.h"
#include "base/oc_num.h"
#include <string.h>

char *oc_kv_jwks_key(oc_arena *a, const char *url)
{
	char hex[65];
	oc_sha256_hex(hex, url, strlen(url));
	return oc_arena_cat3(a, OC_JWKS_CACHE_PREFIX, sizeof OC_JWKS_CACHE_PREFIX - 1, hex, 64, "", 0);
}

char *oc_kv_jwks_encode(oc_arena *a, int64_t fetched_at, const char *set, size_t n, size_t *len)
{
	char head[OC_NUM_INT_MAX + 1];
	size_t h = oc_num_int(fetched_at, head);
	head[h++] = '\n';
	char *s = oc_arena_cat3(a, head, h, set, n, "", 0);
	*len = s ? h + n : 0;
	return s;
}

int oc_kv_jwks_decode(const char *s, size_t n, int64_t *fetched_at, const char **set, size_t *set_len)
{
	int64_t v = 0;
	size_t i = 0;
	while (i < n && i < 18 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i >= n || s[i] != '\n')
		return -1;
	*fetched_at = v;
	*set = s + i + 1;
	*set_len = n - i - 1;
	return 0;
}
