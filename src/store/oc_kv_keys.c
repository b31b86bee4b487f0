/* KV key builders: prefix and parts joined by ':'. */
#include "store/oc_kv.h"
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
