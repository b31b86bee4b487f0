/*
 * Token endpoint test fixture: a provider config, clients and pending grants
 * written with the oc_kv codecs into a fake KV, and a driver that sends one
 * HTTP request through the full OC_KIND_HTTP op.
 */
#ifndef TOKEN_FIXTURE_H
#define TOKEN_FIXTURE_H

#include "fake_kv.h"
#include "config/oc_config.h"
#include "cJSON.h"

#define FX_NOW 1800000000LL
#define FX_RESOURCE "https://example.com/api"
#define FX_REDIRECT "https://client.example.org/cb"
#define FX_SECRET_C  "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
#define FX_SECRET_C2 "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"
#define FX_VERIFIER "t2JuVvPTObSUGX1UvHcYFLpB7ujzImTRDN4XPDNMiuw"

typedef struct {
	fake_kv kv;
	oc_config *cfg;
} tfx;

typedef struct {
	int status;
	cJSON *out;      /* the op output */
	cJSON *json;     /* the body parsed as JSON, or NULL */
	const char *body;
} tresp;

/* extra: more provider options (",\"refreshTokenTTL\":60" …) or "". */
void tfx_init(tfx *f, const char *extra);
void tfx_free(tfx *f);

/* A client record; method "client_secret_basic" / "_post" / "none"; secret NULL for public. */
void tfx_client(tfx *f, const char *id, const char *method, const char *secret, int explicit_method);

/*
 * A pending grant as /authorize writes it, for user and a 16-char grant id;
 * pkce "S256", NULL, "-" (the verifier as challenge, no method stored) or
 * any other method name (stored as is, the verifier as challenge). Returns the code (static buffer per call
 * site is not needed: malloc'd, free it).
 */
char *tfx_pending_grant(tfx *f, const char *user, const char *grant_id, const char *client_id,
	const char *scopes_json, const char *pkce, const char *verifier);

/* POSTs body to /token. auth/origin may be NULL; ctype NULL means the form type. */
tresp tfx_post(tfx *f, const char *auth, const char *ctype, const char *body, const char *origin);
/* Any request through the OC_KIND_HTTP op; NULL strings are absent headers / empty body. */
tresp tfx_request(tfx *f, const char *method, const char *url, const char *auth,
	const char *ctype, const char *body, const char *origin);
void tresp_free(tresp *r);
const char *tresp_header(const tresp *r, const char *name);
const char *tresp_str(const tresp *r, const char *member);
/* "error: description" of an error answer, or "" */
const char *tresp_err(tresp *r);
/* The reason of an error answer (onError's internal) as "category reason[ detail]", or "" */
const char *tresp_why(tresp *r);

/*
 * A client (clientA000000000), a pending grant for user/grant_id with scope
 * read write, and its code exchanged: the access token (malloc'd), or NULL.
 */
char *tfx_access_token(tfx *f, const char *user, const char *grant_id);

/*
 * Runs a helper operation (OC_KIND_COMPLETE_AUTHORIZATION, …) with args (JSON)
 * against the fake KV: its output, {"t":"value","value"} or {"t":"error",…},
 * parsed (cJSON_Delete it), or NULL when the op failed.
 */
cJSON *tfx_helper(tfx *f, int kind, const char *args);

/* "Basic base64(id:secret)" into a malloc'd string. */
char *tfx_basic(const char *id, const char *secret);
/* Percent-encodes s for a form value (malloc'd). */
char *tfx_enc(const char *s);
/* The live grant record of a key, decoded into a malloc'd cJSON (NULL if none). */
cJSON *tfx_record(tfx *f, const char *key);
/*
 * Edits the live record at key: member (a name, or "outer.inner") set to v,
 * or removed when v is NULL; metadata and expiration are kept. v is taken
 * over. 0, or -1 when there is no such record.
 */
int tfx_edit_record(tfx *f, const char *key, const char *member, cJSON *v);

#endif
