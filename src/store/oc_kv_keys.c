/* KV keys: builders (prefix and parts joined by ':') and the one parser of listed keys. */
#include "store/oc_kv.h"
#include "token/oc_token.h"
#include <string.h>

/* Joins prefix and the n parts with ':' after each part but the last; a
 * trailing empty part yields a trailing ':'. */
static char *join(oc_arena *a, const char *prefix, const char *const *parts, size_t n)
{
	size_t len = strlen(prefix), at;
	for (size_t i = 0; i < n; i++)
		len += strlen(parts[i]) + (i + 1 < n);
	char *k = oc_arena_alloc(a, len + 1);
	if (k == NULL)
		return NULL;
	at = strlen(prefix);
	memcpy(k, prefix, at);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);
		memcpy(k + at, parts[i], l);
		at += l;
		if (i + 1 < n)
			k[at++] = ':';
	}
	k[at] = 0;
	return k;
}

char *oc_kv_client_key(oc_arena *a, const char *client_id)
{
	const char *p[] = { client_id };
	return join(a, "client:", p, 1);
}

char *oc_kv_grant_key(oc_arena *a, const char *user_id, const char *grant_id)
{
	const char *p[] = { user_id, grant_id };
	return join(a, "grant:", p, 2);
}

char *oc_kv_grant_prefix(oc_arena *a, const char *user_id)
{
	const char *p[] = { user_id, "" };
	return join(a, "grant:", p, 2);
}

char *oc_kv_token_key(oc_arena *a, const char *user_id, const char *grant_id,
	const char *token_id)
{
	const char *p[] = { user_id, grant_id, token_id };
	return join(a, "token:", p, 3);
}

/* The rest of s after prefix and the parts, each followed by ':'; NULL when s does not start so. */
static const char *after_parts(const char *s, const char *prefix, const char *const *parts, size_t n)
{
	size_t l = strlen(prefix);
	if (strncmp(s, prefix, l) != 0)
		return NULL;
	s += l;
	for (size_t i = 0; i < n; i++) {
		l = strlen(parts[i]);
		if (strncmp(s, parts[i], l) != 0 || s[l] != ':')
			return NULL;
		s += l + 1;
	}
	return s;
}

static int lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

const char *oc_kv_grant_key_id(const char *key, const char *user_id)
{
	const char *p[] = { user_id };
	const char *id = after_parts(key, "grant:", p, 1);
	if (id == NULL || strlen(id) != OC_TOKEN_GRANT_ID_LEN || !oc_token_is_alphabet(id, OC_TOKEN_GRANT_ID_LEN))
		return NULL;
	return id;
}

const char *oc_kv_token_key_id(const char *key, const char *user_id, const char *grant_id)
{
	const char *p[] = { user_id, grant_id };
	const char *id = after_parts(key, "token:", p, 2);
	if (id == NULL || strlen(id) != OC_TOKEN_ID_LEN || !lower_hex(id, OC_TOKEN_ID_LEN))
		return NULL;
	return id;
}

int oc_kv_grant_key_split(oc_arena *a, const char *key, char **user_id, char **grant_id)
{
	static const char prefix[] = "grant:";
	const char *colon = strrchr(key, ':');
	if (strncmp(key, prefix, sizeof prefix - 1) != 0 || colon <= key + sizeof prefix - 1
	    || strlen(colon + 1) != OC_TOKEN_GRANT_ID_LEN || !oc_token_is_alphabet(colon + 1, OC_TOKEN_GRANT_ID_LEN))
		return -1;
	*user_id = oc_arena_strndup(a, key + sizeof prefix - 1, (size_t)(colon - key) - (sizeof prefix - 1));
	*grant_id = oc_arena_strndup(a, colon + 1, OC_TOKEN_GRANT_ID_LEN);
	return *user_id != NULL && *grant_id != NULL ? 0 : -1;
}

int oc_kv_key_fits(const char *key)
{
	return strlen(key) <= OC_KV_KEY_MAX;
}

int oc_kv_user_id_fits(const char *user_id)
{
	static const size_t fixed = sizeof "token:" - 1 + 1 + OC_TOKEN_GRANT_ID_LEN + 1 + OC_TOKEN_ID_LEN;
	return strlen(user_id) <= OC_KV_KEY_MAX - fixed;
}
