/*
 * oc_token: the token format and the crypto bound to it.
 *
 * Random strings use the 64-symbol alphabet A-Z a-z 0-9 - _ (one random byte
 * modulo 64 per character, so unbiased). Authorization codes, access tokens
 * and refresh tokens are "{userId}:{grantId}:{secret}" with a 16-character
 * grant id and a 32-character secret, parsed from the right so that old user
 * ids containing ':' still parse.
 *
 * A token's KV id is the lowercase hex SHA-256 of the whole string; the
 * per-token wrapping key is HMAC-SHA-256 over the string keyed with a fixed
 * 32-byte constant (compat.md), so the id cannot derive it. A grant's 32-byte
 * props key is wrapped under it with AES key wrap (RFC 3394) and stored as
 * standard base64 (56 chars). Props are JSON text sealed with AES-256-GCM
 * under that key, IV 12 zero bytes (each key seals one message), no AAD,
 * stored as standard base64 of ciphertext || tag.
 *
 * Secrets handled here (keys, plaintext props) are wiped from the stack;
 * arena copies are wiped when the arena is freed.
 */
#ifndef OC_TOKEN_H
#define OC_TOKEN_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"

#define OC_TOKEN_GRANT_ID_LEN      16
#define OC_TOKEN_CLIENT_ID_LEN     16
#define OC_TOKEN_CLIENT_SECRET_LEN 32
#define OC_TOKEN_SECRET_LEN        32
#define OC_TOKEN_ID_LEN            64 /* hex SHA-256 */
#define OC_TOKEN_KEY_LEN           32 /* AES-256 props key */
#define OC_TOKEN_WRAPPED_LEN       56 /* base64 of the 40-byte wrapped key */

/*
 * n random alphabet characters then a NUL into out (n + 1 bytes).
 * OC_ERR_SERVER_ERROR if the host has no randomness.
 */
oc_err oc_token_random(char *out, size_t n);

/* 1 if s[0..n) is non-empty and every byte is in the alphabet, else 0. */
int oc_token_is_alphabet(const char *s, size_t n);

/*
 * "{user_id}:{grant_id}:{secret}" into the arena, NUL-terminated, length in
 * *out_len. Requires a non-empty user id without NUL, a grant id of exactly 16
 * and a secret of exactly 32 alphabet characters, else OC_ERR_INVALID_REQUEST.
 * Refusing ':' in new user ids is the caller's policy (oc_token_user_id_ok).
 */
oc_err oc_token_build(oc_arena *a, const char *user_id, const char *grant_id,
	const char *secret, char **out, size_t *out_len);

/*
 * 1 if new tokens may carry user_id (1.2's rule, applied by
 * completeAuthorization): non-empty and without ':'. 0.10.x stored user ids
 * with ':' whose tokens the reference cannot split ("{userId}:{grantId}:
 * {secret}" read as exactly three parts), so none of their tokens ever worked.
 */
int oc_token_user_id_ok(const char *user_id);

/* oc_token_build with a fresh 32-character secret. */
oc_err oc_token_new(oc_arena *a, const char *user_id, const char *grant_id,
	char **out, size_t *out_len);

typedef struct {
	char *user_id;  /* NUL-terminated, arena copy, non-empty */
	char *grant_id; /* NUL-terminated, arena copy, 16 chars */
} oc_token_parts;

/*
 * Splits a token string from the right. Refused with OC_ERR_INVALID_TOKEN
 * (the caller maps it to invalid_grant where the token endpoint needs it):
 * a secret that is not exactly 32 alphabet characters after the last ':',
 * a grant id that is not exactly 16 alphabet characters between the two
 * last ':', an empty user id, or a NUL byte anywhere.
 */
oc_err oc_token_parse(oc_arena *a, const char *tok, size_t n, oc_token_parts *out);

/* The token's KV id: lowercase hex SHA-256 of tok, 64 chars plus NUL. */
void oc_token_id(char out[OC_TOKEN_ID_LEN + 1], const char *tok, size_t n);

/*
 * 1 if stored (an id read from a record, NUL-terminated, or NULL) is the
 * token id id, compared in constant time; 0 otherwise.
 */
int oc_token_id_eq(const char *stored, const char id[OC_TOKEN_ID_LEN + 1]);

/* The stored form of a client secret: lowercase hex SHA-256 of it. */
void oc_token_client_secret_hash(char out[OC_TOKEN_ID_LEN + 1],
	const char *secret, size_t n);

/*
 * 1 if secret hashes to stored_hash (64 hex chars), compared in constant time;
 * 0 otherwise (including a stored hash of the wrong length).
 */
int oc_token_client_secret_check(const char *stored_hash, size_t hash_len,
	const char *secret, size_t n);

/* The per-token wrapping key: HMAC-SHA-256(fixed key, tok). */
void oc_token_wrapping_key(uint8_t kek[32], const char *tok, size_t n);

/*
 * Wraps key under tok's wrapping key: 56 base64 chars plus NUL into out.
 * Never fails.
 */
void oc_token_wrap(char out[OC_TOKEN_WRAPPED_LEN + 1], const char *tok, size_t n,
	const uint8_t key[OC_TOKEN_KEY_LEN]);

/*
 * The reverse of oc_token_wrap. Refused with OC_ERR_INVALID_GRANT (key zeroed):
 * wrapped is not strict base64, does not decode to 40 bytes, or fails the
 * RFC 3394 integrity check (a different token, or a tampered record).
 */
oc_err oc_token_unwrap(uint8_t key[OC_TOKEN_KEY_LEN], const char *tok, size_t n,
	const char *wrapped, size_t wrapped_len);

/*
 * Seals props JSON text json[0..n) under a fresh random key: the key goes to
 * key_out (the caller wipes it), the base64 ciphertext || tag to *b64_out
 * (arena, NUL-terminated). OC_ERR_SERVER_ERROR without randomness or memory.
 */
oc_err oc_token_props_encrypt(oc_arena *a, const char *json, size_t n,
	uint8_t key_out[OC_TOKEN_KEY_LEN], char **b64_out);

/* The same under a given key (for tests and re-encryption). */
oc_err oc_token_props_encrypt_with(oc_arena *a, const char *json, size_t n,
	const uint8_t key[OC_TOKEN_KEY_LEN], char **b64_out);

/*
 * Opens props sealed by oc_token_props_encrypt: the plaintext JSON text goes to
 * *json_out (arena, NUL-terminated, wiped with the arena), its length to
 * *json_len. Refused with OC_ERR_SERVER_ERROR: bad base64, shorter than a tag,
 * authentication failure, or a plaintext that is not UTF-8 or holds a NUL.
 */
oc_err oc_token_props_decrypt(oc_arena *a, const uint8_t key[OC_TOKEN_KEY_LEN],
	const char *b64, size_t n, char **json_out, size_t *json_len);

#endif
