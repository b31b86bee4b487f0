/*
 * Internal: the token endpoint's shared state and the pieces its grant files
 * share (oc_flow_token.c drives; oc_flow_code.c, oc_flow_refresh.c,
 * oc_flow_revoke.c decide; oc_tep_mint.c mints; oc_flow_token_params.c reads
 * the request parameters common to the grants).
 */
#ifndef OC_FLOW_TOKEN_H
#define OC_FLOW_TOKEN_H

#include "op/oc_op_kinds.h"
#include "flow/oc_flow_dispatch.h"
#include "op/oc_http.h"
#include "store/oc_revoke.h"
#include "store/oc_store_read.h"
#include "store/oc_store_err.h"
#include "base/oc_strs.h"
#include "oauth/oc_client_auth.h"
#include "base/oc_form.h"
#include "store/oc_kv.h"
#include "token/oc_token.h"

/* Bodies up to this size are read; the reference has no limit (1.1 MB seen working). */
#define OC_TEP_BODY_MAX   (2u << 20)
#define OC_TEP_MAX_PARAMS 256
/* KV refuses expirations less than 60 s ahead; grant writes keep a margin. */
#define OC_TEP_KV_MIN_AHEAD 65

/* What a token request asks for; the first two are refused once the client is authenticated. */
typedef enum { OC_TEP_UNSUPPORTED = 0, OC_TEP_MISSING, OC_TEP_CODE, OC_TEP_REFRESH, OC_TEP_REVOKE } oc_tep_kind;

typedef struct {
	oc_tep_kind kind;
	oc_form form;
	oc_client_creds creds;

	/* The presented code / refresh token / token to revoke, split from the right. */
	const char *tok; size_t tok_len;
	int tok_lookup;            /* 1: well formed (its grant was read, unless no record
	                              of its user can exist: oc_kv_user_id_fits) */
	char *user_id, *grant_id;
	char tok_id[OC_TOKEN_ID_LEN + 1];
	char *grant_key;

	/* What the load batch fetched (effect indices, -1: not asked). */
	int fx_client, fx_grant, fx_rec;
	oc_client client;
	int has_grant; oc_grant grant;
	int has_rec; oc_access_rec rec;

	/* The exchange being built. */
	oc_strs scope;             /* the new access token's scope */
	uint8_t key[OC_TOKEN_KEY_LEN]; /* the grant's props key (arena: wiped on free) */
	char *access_token; size_t access_token_len;
	char *refresh_token; size_t refresh_token_len;
	char *token_key, *token_json; /* the access token record to write */
	int64_t expires_in;

	/* Grant revocation (code replay, RFC 7009): deletes in rounds. */
	oc_revoke rv;              /* grant revocation in progress */
	oc_err final_err;          /* the answer once revocation is done; OC_OK: 200 revocation */

	/* A success answer held while the client's registration is renewed. */
	oc_http_resp held;
} oc_tep;

/* ---- oc_flow_token_params.c ---- */

/*
 * Splits a presented token "{user}:{grant}:{secret}" at its ':'; -1 unless it
 * has exactly two (the reference splits on ':' and wants three parts). *lookup
 * is 1 when the user id is non-empty without NUL and the grant id is 16
 * alphabet characters (a record could exist).
 */
int oc_tep_split(oc_arena *a, const char *s, size_t n, char **user_id, char **grant_id,
	int *lookup);

/* Every RFC 8707 resource parameter against the configured resource (oc_resource_token_ok). */
oc_err oc_tep_resource_check(const oc_config *cfg, const oc_form *f);

/*
 * The resource rules checked once the grant passed its own checks: the
 * request's resource (oc_tep_resource_check) unless the profile checked it
 * before the grant was read; then, with OC_PROFILE_BIND_CONFIGURED, the
 * grant's stored resource must name the configured resource
 * (oc_resource_matches; a 0.x array: one of its entries), else invalid_grant
 * "The authorization grant is not bound to a configured resource"; a grant
 * without a resource (made before 1.x) belongs to the sole configured
 * resource; the grant is then rewritten with the configured resource itself
 * when it was stored otherwise, as the reference does.
 */
oc_err oc_tep_grant_resource(oc_op *op, oc_tep *t);

/*
 * The scope of the new access token: the granted scope, or its intersection
 * with a non-empty scope parameter (invalid_scope when that is empty in 1.x).
 */
oc_err oc_tep_scope_select(oc_op *op, const oc_form *f, const oc_strs *granted, oc_strs *out);

/* ---- oc_flow_code.c ---- */
/*
 * Checks a code exchange against the loaded grant, sets t->key and t->scope.
 * *replay is set (with the error) when the code was already exchanged and
 * the client is the grant's: the caller then revokes the grant.
 */
oc_err oc_flow_code_check(oc_op *op, oc_tep *t, int *replay);
/* The grant as written after the exchange (consumes the code). */
void oc_flow_code_consume(oc_op *op, oc_tep *t);

/* ---- oc_flow_refresh.c ---- */
/*
 * Checks a refresh against the loaded grant; sets t->key, t->scope and which
 * token matched. Refused ("Refresh token has expired") when less than 60 s of
 * the grant are left.
 */
oc_err oc_flow_refresh_check(oc_op *op, oc_tep *t, int *was_previous);
/* The new access token's lifetime: the configured one, capped at the grant's end after this refresh. */
int64_t oc_flow_refresh_access_ttl(const oc_op *op, const oc_tep *t);
/* Rotates the grant's refresh tokens and moves its idle expiry. */
void oc_flow_refresh_rotate(oc_op *op, oc_tep *t, int was_previous, const char *new_id,
	const char *new_wrapped);

/* ---- oc_tep_mint.c ---- */
/* Mints the access token, lasting t->expires_in seconds (set by the caller;
 * record in t->token_key / t->token_json) and, if issue_refresh, a refresh
 * token; fills the id and wrapped key of the latter. */
oc_err oc_tep_mint(oc_op *op, oc_tep *t, int issue_refresh,
	char refresh_id[OC_TOKEN_ID_LEN + 1], char refresh_wrapped[OC_TOKEN_WRAPPED_LEN + 1]);
/* The KV put of the access token record (expiration = its expiresAt); NULL on out of memory. */
oc_fx *oc_tep_put_access(oc_op *op, oc_tep *t);
/* The KV put of the grant (metadata, expiration); NULL on out of memory. */
oc_fx *oc_tep_put_grant(oc_op *op, oc_tep *t, oc_err *e);
/* The success answer, fields in the reference's order for t->kind, through send. */
oc_op_status oc_tep_respond(oc_op *op, oc_tep *t, oc_op_status (*send)(oc_op *, oc_http_resp *));
/* 1 if the provider issues refresh tokens at code exchange. */
int oc_tep_refresh_enabled(const oc_config *cfg);

/* ---- oc_flow_revoke.c ---- */
/* RFC 7009: 1 to revoke the whole grant, 0 to delete only t->rec's record (if
 * t->has_rec), -1 for nothing to do. */
int oc_tep_revoke_decide(oc_op *op, oc_tep *t);

#endif
