/*
 * oc_kv: the keys and JSON records of OAUTH_KV, byte-compatible with
 * @cloudflare/workers-oauth-provider (compat.md "Storage format").
 *
 * Keys:   client:{clientId}
 *         grant:{userId}:{grantId}         (list prefix grant:{userId}:)
 *         token:{userId}:{grantId}:{tokenId}
 * Values: camelCase JSON objects, one C struct each (oc_grant, oc_access_rec,
 *         oc_client). Optional members absent from the struct (NULL pointer,
 *         has_* == 0, OC_KV_ABSENT) are omitted from the JSON, never null.
 *
 * Decoding checks the type of every member it knows, treats a JSON null in an
 * optional member as absent, ignores members it does not know (oc_client keeps
 * them for re-encoding), and refuses a missing required member, a wrong type,
 * trailing bytes or a NUL byte with OC_ERR_SERVER_ERROR (the store is corrupt).
 * Timestamps are integral JSON numbers within +-2^53 (seconds).
 *
 * The token and grant records are read without a cJSON tree
 * (src/store/oc_kv_scan.h): what they accept is what cJSON and JSON.parse
 * both accept, and they decode it as cJSON did.
 *
 * Memory: every function takes the operation's arena and binds it for cJSON
 * (oc_arena_bind_json), which stays bound on return. Decoded strings live in
 * the arena (in the parsed tree for a client). Encoders return the JSON
 * text (cJSON_PrintUnformatted) in the arena; they fail with
 * OC_ERR_SERVER_ERROR when a required member is missing or memory runs out.
 */
#ifndef OC_KV_H
#define OC_KV_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_strs.h"
#include "cJSON.h"

/* Cloudflare KV refuses key metadata whose JSON is larger than this. */
#define OC_KV_METADATA_MAX 1024

/* ---- keys (NUL-terminated, in the arena; NULL when out of memory) ---- */
char *oc_kv_client_key(oc_arena *a, const char *client_id);
char *oc_kv_grant_key(oc_arena *a, const char *user_id, const char *grant_id);
char *oc_kv_grant_prefix(oc_arena *a, const char *user_id);
char *oc_kv_token_key(oc_arena *a, const char *user_id, const char *grant_id,
	const char *token_id);

/*
 * Whose a listed key is. User ids may hold ':' (legacy data), so a key under
 * grant:{userId}: can be another user's ("grant:carol:x:…" lies under
 * "grant:carol:"). key (NUL-terminated) is user_id's grant only when it is
 * grant:{user_id}:{id} with id exactly one grant id (16 characters of the
 * token alphabet): that id, pointing into key; else NULL. Likewise a token
 * key belongs to grant_id of user_id only when it is
 * token:{user_id}:{grant_id}:{id} with id one token id (64 lowercase hex).
 */
const char *oc_kv_grant_key_id(const char *key, const char *user_id);
const char *oc_kv_token_key_id(const char *key, const char *user_id, const char *grant_id);
/*
 * The owner of a grant key listed under "grant:" (every user's): key is
 * grant:{userId}:{grantId}, split at its last ':', with userId non-empty and
 * grantId one grant id (16 characters of the token alphabet). 0 with both
 * parts copied into a, -1 when key is not such a key or memory ran out.
 */
int oc_kv_grant_key_split(oc_arena *a, const char *key, char **user_id, char **grant_id);

/* KV refuses a key, or a list prefix, longer than this many bytes (UTF-8). */
#define OC_KV_KEY_MAX 512

/*
 * 1 if key can be a KV key or list prefix (at most OC_KV_KEY_MAX bytes). A
 * key that cannot fit names no record: a flow answers as for an absent one
 * (an unknown client, an invalid token or grant) and emits no effect for it,
 * where KV would throw.
 */
int oc_kv_key_fits(const char *key);

/*
 * 1 if every record of user_id fits: its grants and the access tokens of each
 * (token:{userId}:{grantId}:{tokenId}, the longest key, with a 16-character
 * grant id and a 64-character token id). A token, code or grant of a user id
 * that does not fit cannot exist.
 */
int oc_kv_user_id_fits(const char *user_id);

/* ---- a member that is a string or an array of strings ---- */
typedef enum { OC_KV_ABSENT = 0, OC_KV_STRING, OC_KV_ARRAY } oc_kv_form;
typedef struct {
	oc_kv_form form;
	oc_strs list; /* OC_KV_STRING: exactly one string */
} oc_kv_strs;

/* ---- grant:{userId}:{grantId} ---- */
typedef struct {
	char *id, *client_id, *user_id;            /* required */
	oc_strs scope;                             /* required array */
	cJSON *metadata;                           /* any JSON; NULL = absent */
	char *encrypted_props;                     /* required */
	int64_t created_at;                        /* required */
	int has_expires_at;
	int64_t expires_at;
	oc_kv_strs resource;
	char *redirect_uri;
	char *auth_code_id, *auth_code_wrapped_key;
	char *code_challenge, *code_challenge_method;
	char *refresh_token_id, *refresh_token_wrapped_key;
	char *previous_refresh_token_id, *previous_refresh_token_wrapped_key;
} oc_grant;

oc_err oc_grant_decode(oc_arena *a, const char *json, size_t n, oc_grant *out);
oc_err oc_grant_encode(oc_arena *a, const oc_grant *g, char **out);

/*
 * The KV key metadata of a grant write, {"clientId","resource"?,"redirectUri"?}.
 * *out is NULL (and the result OK) when the JSON would exceed
 * OC_KV_METADATA_MAX bytes: the write then carries no metadata.
 */
oc_err oc_grant_kv_metadata(oc_arena *a, const oc_grant *g, char **out);
/*
 * The clientId a listed grant key's metadata names, when the metadata has
 * the shape both libraries match on without reading the grant: an object
 * whose clientId is a string, resource absent, a string or an array, and
 * redirectUri absent or a string. NULL otherwise (no metadata, or another
 * shape): only the grant record tells its client.
 */
const char *oc_grant_kv_metadata_client(const cJSON *meta);

/* ---- token:{userId}:{grantId}:{tokenId} (access tokens) ---- */
typedef struct {
	char *id, *grant_id, *user_id;             /* required */
	int64_t created_at, expires_at;            /* required */
	oc_kv_strs audience;
	int has_scope;
	oc_strs scope;
	char *wrapped_encryption_key;              /* required */
	struct {
		char *client_id;                   /* NULL: absent (the grant's client owns the token) */
		oc_strs scope;                     /* required array */
		char *encrypted_props;             /* required */
	} grant;                                   /* required */
} oc_access_rec;

oc_err oc_access_rec_decode(oc_arena *a, const char *json, size_t n, oc_access_rec *out);
oc_err oc_access_rec_encode(oc_arena *a, const oc_access_rec *t, char **out);

/* ---- client:{clientId} ---- */
typedef struct {
	char *client_id;                           /* required */
	char *client_secret;                       /* hex SHA-256; NULL for public clients */
	oc_strs redirect_uris;                     /* required array */
	char *client_name, *logo_uri, *client_uri, *policy_uri, *tos_uri, *jwks_uri;
	int has_contacts, has_grant_types, has_response_types;
	oc_strs contacts, grant_types, response_types;
	int has_registration_date;
	int64_t registration_date;
	char *token_endpoint_auth_method;          /* required */
	/*
	 * Every other member (i18n, authMethodExplicit, future ones), kept as a
	 * JSON object and written back after the known members; NULL if none.
	 * A member of extra that shadows a known member is not written.
	 */
	cJSON *extra;
} oc_client;

oc_err oc_client_decode(oc_arena *a, const char *json, size_t n, oc_client *out);
oc_err oc_client_encode(oc_arena *a, const oc_client *c, char **out);

#endif
