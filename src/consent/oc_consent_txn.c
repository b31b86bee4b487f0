/* Transaction handles, their KV keys and binding cookies, and the sealed records (oc_consent.h). */
#include "consent/oc_consent.h"
#include "crypto/oc_crypto.h"
#include "base/oc_b64.h"
#include <string.h>

#define IV_LEN 12
#define TAG_LEN 16

int oc_consent_handle_new(oc_consent_handle *h)
{
	uint8_t raw[32];
	if (oc_random(raw, sizeof raw))
		return -1;
	h->handle[oc_b64url_encode(h->handle, raw, sizeof raw)] = 0;
	oc_wipe(raw, sizeof raw);
	oc_consent_hash(h->hash, h->handle, OC_CONSENT_HANDLE_LEN);
	return 0;
}

void oc_consent_hash(char hash[OC_CONSENT_HASH_LEN + 1], const char *handle, size_t n)
{
	oc_sha256_hex(hash, handle, n);
}

char *oc_consent_kv_key(oc_arena *a, const char *hash)
{
	return oc_arena_cat3(a, "transaction:", strlen("transaction:"), hash, strlen(hash), "", 0);
}

char *oc_consent_cookie_name(oc_arena *a, const char *prefix, const char *which, const char *hash)
{
	char *base = oc_arena_cat3(a, prefix, strlen(prefix), which, strlen(which), "-", 1);
	return base ? oc_arena_cat3(a, base, strlen(base), hash, 16, "", 0) : NULL;
}

int oc_consent_bound(const char *hash, const char *v, size_t n)
{
	return n == OC_CONSENT_HASH_LEN && oc_ct_eq(hash, v, n);
}

/* SHA-256("oauth-transaction-key:" + handle): the record's AES-256 key; -1 when out of memory. */
static int record_key(oc_arena *a, uint8_t key[32], const char *handle, size_t n)
{
	static const char label[] = "oauth-transaction-key:";
	char *buf = oc_arena_cat3(a, label, strlen(label), handle, n, "", 0);
	if (buf == NULL)
		return -1;
	oc_sha256(key, buf, sizeof label - 1 + n);
	oc_wipe(buf, sizeof label - 1 + n);
	return 0;
}

char *oc_consent_seal(oc_arena *a, const char *handle, size_t hn, const char *plain, size_t n)
{
	uint8_t key[32], iv[IV_LEN];
	uint8_t *sealed = oc_arena_alloc(a, n + TAG_LEN);
	char *out = oc_arena_alloc(a, OC_B64URL_ENCLEN(IV_LEN) + 1 + OC_B64URL_ENCLEN(n + TAG_LEN) + 1);
	if (sealed == NULL || out == NULL || oc_random(iv, sizeof iv) || record_key(a, key, handle, hn))
		return NULL;
	oc_gcm_seal(sealed, key, iv, NULL, 0, (const uint8_t *)plain, n);
	oc_wipe(key, sizeof key);
	size_t k = oc_b64url_encode(out, iv, sizeof iv);
	out[k++] = '.';
	k += oc_b64url_encode(out + k, sealed, n + TAG_LEN);
	out[k] = 0;
	return out;
}

uint8_t *oc_consent_atob_url(oc_arena *a, const char *s, size_t n, size_t *len)
{
	char *b = oc_arena_alloc(a, n + 3);
	uint8_t *out = oc_arena_alloc(a, OC_B64_DECMAX(n + 3) + 1);
	if (b == NULL || out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		b[i] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
	size_t m = n;
	while (m % 4 != 0)
		b[m++] = '=';
	return oc_b64_decode_forgiving(out, len, b, m) == 0 ? out : NULL;
}

int oc_consent_open(oc_arena *a, const char *handle, size_t hn, const char *s, size_t sn,
	char **plain, size_t *pn)
{
	const char *dot = memchr(s, '.', sn);
	if (dot == NULL)
		return -1;
	const char *rest = dot + 1, *end = memchr(rest, '.', (size_t)(s + sn - rest));
	size_t ivn, ctn;
	uint8_t key[32], *iv = oc_consent_atob_url(a, s, (size_t)(dot - s), &ivn);
	uint8_t *ct = oc_consent_atob_url(a, rest, (size_t)((end ? end : s + sn) - rest), &ctn);
	if (iv == NULL || ct == NULL || ivn != IV_LEN || ctn < TAG_LEN || record_key(a, key, handle, hn))
		return -1;
	char *out = oc_arena_alloc(a, ctn - TAG_LEN + 1);
	int r = out != NULL ? oc_gcm_open((uint8_t *)out, key, iv, NULL, 0, ct, ctn) : -1;
	oc_wipe(key, sizeof key);
	if (r != 0)
		return -1;
	out[ctn - TAG_LEN] = 0;
	*plain = out;
	*pn = ctn - TAG_LEN;
	return 0;
}
