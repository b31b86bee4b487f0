/* Token strings, ids, key wrapping and props sealing (compat.md "Storage format"). */
#include "token/oc_token.h"
#include "base/oc_b64.h"
#include "crypto/oc_crypto.h"
#include "base/oc_ct.h"
#include "base/oc_utf8.h"
#include <string.h>

static const char alphabet[64] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The fixed HMAC key from which every token's wrapping key is derived. */
static const uint8_t wrap_hmac_key[32] = {
	0x22, 0x7e, 0x26, 0x86, 0x8d, 0xf1, 0xe1, 0x6d, 0x80, 0x70, 0xea, 0x17,
	0x97, 0x5b, 0x47, 0xa6, 0x82, 0x18, 0xfa, 0x87, 0x28, 0xae, 0xde, 0x85,
	0xb5, 0x1d, 0x4a, 0xd9, 0x96, 0xca, 0xca, 0x43,
};

static const uint8_t zero_iv[12];

int oc_token_user_id_ok(const char *user_id)
{
	return user_id != NULL && user_id[0] != 0 && strchr(user_id, ':') == NULL;
}

oc_err oc_token_random(char *out, size_t n)
{
	uint8_t buf[64];
	size_t done = 0;

	while (done < n) {
		size_t k = n - done < sizeof buf ? n - done : sizeof buf;
		if (oc_random(buf, k) != 0) {
			oc_wipe(buf, sizeof buf);
			oc_wipe(out, n);
			out[0] = 0;
			return OC_ERR(OC_ERR_SERVER_ERROR, "no randomness available");
		}
		for (size_t i = 0; i < k; i++)
			out[done + i] = alphabet[buf[i] & 63u];
		done += k;
	}
	out[n] = 0;
	oc_wipe(buf, sizeof buf);
	return OC_ERR_NONE;
}

/* Branch-free on the byte value: all ones if c is in the alphabet, else 0. */
static uint32_t in_alphabet(unsigned char c)
{
	return oc_ct_in(c, 'A', 'Z') | oc_ct_in(c, 'a', 'z') | oc_ct_in(c, '0', '9')
		| oc_ct_is(c, '-') | oc_ct_is(c, '_');
}

int oc_token_is_alphabet(const char *s, size_t n)
{
	uint32_t ok = 0xFFFFFFFFu;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		ok &= in_alphabet((unsigned char)s[i]);
	return (int)(ok & 1u);
}

oc_err oc_token_build(oc_arena *a, const char *user_id, const char *grant_id,
	const char *secret, char **out, size_t *out_len)
{
	size_t ul = strlen(user_id);
	*out = NULL;
	*out_len = 0;
	if (ul == 0)
		return OC_ERR(OC_ERR_INVALID_REQUEST, "empty user id");
	if (strlen(grant_id) != OC_TOKEN_GRANT_ID_LEN
	    || !oc_token_is_alphabet(grant_id, OC_TOKEN_GRANT_ID_LEN))
		return OC_ERR(OC_ERR_INVALID_REQUEST, "malformed grant id");
	if (strlen(secret) != OC_TOKEN_SECRET_LEN
	    || !oc_token_is_alphabet(secret, OC_TOKEN_SECRET_LEN))
		return OC_ERR(OC_ERR_INVALID_REQUEST, "malformed token secret");
	size_t n = ul + 1 + OC_TOKEN_GRANT_ID_LEN + 1 + OC_TOKEN_SECRET_LEN;
	char *t = oc_arena_alloc(a, n + 1);
	if (t == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	memcpy(t, user_id, ul);
	t[ul] = ':';
	memcpy(t + ul + 1, grant_id, OC_TOKEN_GRANT_ID_LEN);
	t[ul + 1 + OC_TOKEN_GRANT_ID_LEN] = ':';
	memcpy(t + ul + 2 + OC_TOKEN_GRANT_ID_LEN, secret, OC_TOKEN_SECRET_LEN);
	t[n] = 0;
	*out = t;
	*out_len = n;
	return OC_ERR_NONE;
}

oc_err oc_token_new(oc_arena *a, const char *user_id, const char *grant_id,
	char **out, size_t *out_len)
{
	char secret[OC_TOKEN_SECRET_LEN + 1];
	oc_err e = oc_token_random(secret, OC_TOKEN_SECRET_LEN);
	if (e.code == OC_OK)
		e = oc_token_build(a, user_id, grant_id, secret, out, out_len);
	oc_wipe(secret, sizeof secret);
	return e;
}

oc_err oc_token_parse(oc_arena *a, const char *tok, size_t n, oc_token_parts *out)
{
	const size_t tail = 1 + OC_TOKEN_GRANT_ID_LEN + 1 + OC_TOKEN_SECRET_LEN;
	const oc_err bad = OC_ERR(OC_ERR_INVALID_TOKEN, "malformed token");

	out->user_id = NULL;
	out->grant_id = NULL;
	if (n <= tail)
		return bad;
	size_t ul = n - tail;
	const char *g = tok + ul + 1, *s = g + OC_TOKEN_GRANT_ID_LEN + 1;
	if (tok[ul] != ':' || g[OC_TOKEN_GRANT_ID_LEN] != ':'
	    || !oc_token_is_alphabet(g, OC_TOKEN_GRANT_ID_LEN)
	    || !oc_token_is_alphabet(s, OC_TOKEN_SECRET_LEN)
	    || memchr(tok, 0, ul) != NULL)
		return bad;
	out->user_id = oc_arena_strndup(a, tok, ul);
	out->grant_id = oc_arena_strndup(a, g, OC_TOKEN_GRANT_ID_LEN);
	if (out->user_id == NULL || out->grant_id == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	return OC_ERR_NONE;
}

void oc_token_id(char out[OC_TOKEN_ID_LEN + 1], const char *tok, size_t n)
{
	oc_sha256_hex(out, tok, n);
}

int oc_token_id_eq(const char *stored, const char id[OC_TOKEN_ID_LEN + 1])
{
	return stored != NULL && strlen(stored) == OC_TOKEN_ID_LEN &&
		oc_ct_eq(stored, id, OC_TOKEN_ID_LEN);
}

void oc_token_client_secret_hash(char out[OC_TOKEN_ID_LEN + 1],
	const char *secret, size_t n)
{
	oc_sha256_hex(out, secret, n);
}

int oc_token_client_secret_check(const char *stored_hash, size_t hash_len,
	const char *secret, size_t n)
{
	char h[OC_TOKEN_ID_LEN + 1];
	int ok;
	oc_sha256_hex(h, secret, n);
	ok = hash_len == OC_TOKEN_ID_LEN && oc_ct_eq(h, stored_hash, OC_TOKEN_ID_LEN);
	oc_wipe(h, sizeof h);
	return ok;
}

/* wrap_hmac_key's padded blocks hashed at the first use (public, like the key): three wraps a token request. */
void oc_token_wrapping_key(uint8_t kek[32], const char *tok, size_t n)
{
	static oc_hmac_sha256_key k;
	static int ready;
	if (!ready) {
		oc_hmac_sha256_key_init(&k, wrap_hmac_key, sizeof wrap_hmac_key);
		ready = 1;
	}
	oc_hmac_sha256_with(kek, &k, tok, n);
}

void oc_token_wrap(char out[OC_TOKEN_WRAPPED_LEN + 1], const char *tok, size_t n,
	const uint8_t key[OC_TOKEN_KEY_LEN])
{
	uint8_t kek[32], w[OC_TOKEN_KEY_LEN + 8];
	oc_token_wrapping_key(kek, tok, n);
	(void)oc_kw_wrap(w, kek, key, OC_TOKEN_KEY_LEN); /* 32 bytes: cannot fail */
	out[oc_b64_encode(out, w, sizeof w)] = 0;
	oc_wipe(kek, sizeof kek);
	oc_wipe(w, sizeof w);
}

oc_err oc_token_unwrap(uint8_t key[OC_TOKEN_KEY_LEN], const char *tok, size_t n,
	const char *wrapped, size_t wrapped_len)
{
	uint8_t kek[32], w[OC_B64_DECMAX(OC_TOKEN_WRAPPED_LEN)];
	size_t wl = 0;
	int rc = -1;

	if (wrapped_len == OC_TOKEN_WRAPPED_LEN
	    && oc_b64_decode(w, &wl, wrapped, wrapped_len) == 0
	    && wl == OC_TOKEN_KEY_LEN + 8) {
		oc_token_wrapping_key(kek, tok, n);
		rc = oc_kw_unwrap(key, kek, w, wl);
		oc_wipe(kek, sizeof kek);
	}
	oc_wipe(w, sizeof w);
	if (rc != 0) {
		oc_wipe(key, OC_TOKEN_KEY_LEN);
		return OC_ERR(OC_ERR_INVALID_GRANT, "token does not unwrap its key");
	}
	return OC_ERR_NONE;
}

oc_err oc_token_props_encrypt_with(oc_arena *a, const char *json, size_t n,
	const uint8_t key[OC_TOKEN_KEY_LEN], char **b64_out)
{
	const oc_err oom = OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	*b64_out = NULL;
	if (n > OC_ARENA_MAX)
		return oom;
	uint8_t *ct = oc_arena_alloc(a, n + 16);
	char *b = oc_arena_alloc(a, OC_B64_ENCLEN(n + 16) + 1);
	if (ct == NULL || b == NULL)
		return oom;
	oc_gcm_seal(ct, key, zero_iv, NULL, 0, (const uint8_t *)json, n);
	b[oc_b64_encode(b, ct, n + 16)] = 0;
	*b64_out = b;
	return OC_ERR_NONE;
}

oc_err oc_token_props_encrypt(oc_arena *a, const char *json, size_t n,
	uint8_t key_out[OC_TOKEN_KEY_LEN], char **b64_out)
{
	*b64_out = NULL;
	if (oc_random(key_out, OC_TOKEN_KEY_LEN) != 0) {
		oc_wipe(key_out, OC_TOKEN_KEY_LEN);
		return OC_ERR(OC_ERR_SERVER_ERROR, "no randomness available");
	}
	oc_err e = oc_token_props_encrypt_with(a, json, n, key_out, b64_out);
	if (e.code != OC_OK)
		oc_wipe(key_out, OC_TOKEN_KEY_LEN);
	return e;
}

oc_err oc_token_props_decrypt(oc_arena *a, const uint8_t key[OC_TOKEN_KEY_LEN],
	const char *b64, size_t n, char **json_out, size_t *json_len)
{
	const oc_err bad = OC_ERR(OC_ERR_SERVER_ERROR, "props do not decrypt");
	size_t cl = 0;
	*json_out = NULL;
	*json_len = 0;
	uint8_t *ct = oc_arena_alloc(a, OC_B64_DECMAX(n) + 1);
	if (ct == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	if (oc_b64_decode(ct, &cl, b64, n) != 0 || cl < 16)
		return bad;
	if (oc_gcm_open(ct, key, zero_iv, NULL, 0, ct, cl) != 0)
		return bad;
	cl -= 16;
	if (memchr(ct, 0, cl) != NULL || !oc_utf8_valid((const char *)ct, cl)) {
		oc_wipe(ct, cl);
		return bad;
	}
	ct[cl] = 0;
	*json_out = (char *)ct;
	*json_len = cl;
	return OC_ERR_NONE;
}
