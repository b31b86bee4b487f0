/*
 * oc_consent: the consent and upstream sign-in transactions of 1.2.3's
 * helpers (beginConsent, approveConsent, denyConsent, beginUpstream,
 * finishUpstream), as data and pure functions; the storage format and the
 * cookies are the reference's, so one KV and one browser serve both.
 *
 * A transaction handle is 32 random bytes in base64url (43 characters). Its
 * hash is the lowercase hex SHA-256 of the handle's text. KV holds the record
 * at "transaction:{hash}" for 600 seconds, as "{iv}.{sealed}" (both
 * base64url without padding): the record's JSON ({"kind":"consent"|
 * "upstream","request":…,"data"?:…}) sealed with AES-256-GCM under
 * SHA-256("oauth-transaction-key:" + handle), a random 12-byte IV, no
 * associated data; sealed is ciphertext then tag. So KV alone reveals
 * neither the handle nor the record.
 *
 * The browser is bound by a cookie per transaction, named
 * "{prefix}{consent|upstream}-{first 16 hex of the hash}" and holding the
 * whole hash; a transaction opens only when that cookie holds exactly the
 * hash (compared in constant time).
 */
#ifndef OC_CONSENT_H
#define OC_CONSENT_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"

#define OC_CONSENT_DEFAULT_PREFIX "__Host-oauth-"
#define OC_CONSENT_TTL 600           /* seconds: the record's KV TTL and the binding cookie's Max-Age */
#define OC_CONSENT_HANDLE_LEN 43     /* base64url of 32 bytes */
#define OC_CONSENT_HASH_LEN 64

/*
 * 1 if p[0..n) may prefix the helpers' cookie names: it starts with
 * "__Host-" and every byte is an RFC 7230 tchar (A-Z a-z 0-9 and
 * !#$%&'*+-.^_`|~); else 0.
 */
int oc_consent_prefix_ok(const char *p, size_t n);

typedef struct {
	char handle[OC_CONSENT_HANDLE_LEN + 1];
	char hash[OC_CONSENT_HASH_LEN + 1];
} oc_consent_handle;

/* A fresh handle and its hash; -1 if the host gave no randomness. */
int oc_consent_handle_new(oc_consent_handle *h);

/* The hash of handle[0..n): lowercase hex SHA-256, NUL-terminated. */
void oc_consent_hash(char hash[OC_CONSENT_HASH_LEN + 1], const char *handle, size_t n);

/* "transaction:{hash}", in a; NULL when out of memory. */
char *oc_consent_kv_key(oc_arena *a, const char *hash);

/* "{prefix}{which}-{hash[0..16)}", in a; NULL when out of memory. */
char *oc_consent_cookie_name(oc_arena *a, const char *prefix, const char *which, const char *hash);

/*
 * 1 if the binding cookie's value v[0..n) is exactly hash (64 characters);
 * time depends on n only.
 */
int oc_consent_bound(const char *hash, const char *v, size_t n);

/*
 * The KV value of the record plain[0..n) for handle[0..hn): "{iv}.{sealed}"
 * in a; NULL when out of memory or the host gave no randomness. The key is
 * wiped before return.
 */
char *oc_consent_seal(oc_arena *a, const char *handle, size_t hn, const char *plain, size_t n);

/*
 * Opens a stored value s[0..sn) with handle[0..hn): its first two
 * '.'-separated parts read as base64url as atob() reads them (padding
 * added, ASCII white space skipped). 0 with *plain (NUL-terminated, in a)
 * and *pn; -1 when a part is missing or malformed or the tag does not
 * verify. The key is wiped before return.
 */
int oc_consent_open(oc_arena *a, const char *handle, size_t hn, const char *s, size_t sn,
	char **plain, size_t *pn);

/*
 * s[0..n) as base64url read the way the reference reads it (atob() after
 * mapping '-' and '_' to '+' and '/' and padding with '=' to a multiple of
 * four): in a, with *len; NULL when malformed or out of memory.
 */
uint8_t *oc_consent_atob_url(oc_arena *a, const char *s, size_t n, size_t *len);

/*
 * The value of the first cookie named name in a Cookie header h[0..n), as
 * the reference reads it: the header split at ';', each part at its first
 * '=' (a part without one is skipped), the name and the value trimmed as
 * JavaScript's trim() does. NULL when there is none; else the value (not
 * NUL-terminated) and *vn.
 */
const char *oc_cookie_find(const char *h, size_t n, const char *name, size_t *vn);

/*
 * "{name}={value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age}"
 * in a (the attributes of every cookie the helpers set; a cleared one has an
 * empty value and Max-Age=0); NULL when out of memory.
 */
char *oc_cookie_set(oc_arena *a, const char *name, const char *value, const char *max_age);

#endif
