/*
 * What the helper operations' tests share (test_helper_clients.c,
 * test_helper_parse_auth.c, test_helper_complete.c, test_helper_grants.c):
 * an in-memory KV (sorted keys, like Workers KV lists) with a log of every
 * effect performed, a driver that runs one helper op to its end against it,
 * and readers of the op's JSON answer. The reference's observed strings,
 * records, metadata and TTLs are in docs/observed.
 */
#ifndef HELPER_FIXTURE_H
#define HELPER_FIXTURE_H

#include "oc_test.h"
#include "op/oc_op.h"
#include "config/oc_config.h"
#include "cJSON.h"

#define NOW 1795774054
#define RU "https://client.example.org/cb"
#define CONF "confClientAAAAAA"  /* client_secret_basic; see hfx_seed_clients */
#define PUBL "publClientAAAAAA"  /* public */
#define CH "IUKf-XcwsAJbooqhoOA9qgyaM-FHzxrJLzsYzSlBCDQ"
/* A grant record of user u and its KV metadata, extra appended to each. */
#define G(id, client, extra) "{\"id\":\"" id "\",\"clientId\":\"" client "\",\"userId\":\"u\",\"scope\":[]," \
	"\"metadata\":{},\"encryptedProps\":\"x\",\"createdAt\":1" extra "}"
#define M(client, extra) "{\"clientId\":\"" client "\"" extra "}"
/* Access token ids (64 lowercase hex): revocation deletes only keys ending in one. */
#define TID_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TID_D "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

typedef struct { char *key, *val, *meta; uint32_t ttl, expiration; } hfx_entry;

extern hfx_entry hfx_kv[256];      /* the store, sorted by key */
extern size_t hfx_nkv;
extern oc_fx hfx_log[512];         /* every effect performed, strings copied */
extern size_t hfx_nlog;
extern int hfx_list_page;          /* the host's page size when the op gives no limit */
extern const char *hfx_list_answer; /* when set, every KV list answers this text (a lying host) */
extern int hfx_fail_puts;          /* answer KV puts with this status when non-zero */

/* Empties the store and the log; the list page back to 1000. */
void hfx_reset(void);
/* Empties the log only. */
void hfx_log_reset(void);
hfx_entry *hfx_find(const char *key);
/* Stores a copy (meta may be NULL), without TTL or expiration. */
void hfx_put(const char *key, const char *val, const char *meta);
/* hfx_reset, then the clients CONF and PUBL. */
void hfx_seed_clients(void);

/* Runs kind with args (JSON) to the end at NOW; the parsed output (caller frees), or NULL. */
cJSON *hfx_run(const oc_config *cfg, int kind, const char *args);
/* A 1.x configuration with resource https://example.com/api and a 3600 s access token TTL. */
oc_config hfx_base_cfg(void);

/* Member path of o if it is a string, else NULL. */
const char *hfx_jstr(const cJSON *o, const char *path);
/* The value of a {"t":"value"} answer, or NULL. */
const cJSON *hfx_value(const cJSON *out);
/* Checks an error answer's code, description and class name (NULL: not set). */
int hfx_is_error(const cJSON *out, const char *code, const char *desc, const char *name);
/* The members of o in order, comma-separated, into buf. */
const char *hfx_members(const cJSON *o, char *buf, size_t n);
/* v printed unformatted, into a static buffer. */
char *hfx_print(const cJSON *v);

#endif
