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
#include "oauth/oc_client_assertion.h"

/* Bodies up to this size are read; the reference has no limit (1.1 MB seen working). */
#define OC_TEP_BODY_MAX   (2u << 20)
#define OC_TEP_MAX_PARAMS 256
/* KV refuses expirations less than 60 s ahead; grant writes keep a margin. */
#define OC_TEP_KV_MIN_AHEAD 65
/* The longest lifetime a callback may give a token (seconds; an expiry must fit KV's u32). */
#define OC_TEP_TTL_MAX 2147483647.0

/* A private_key_jwt round (oc_flow_assertion.c): the assertion and where its verification stands. */
typedef struct {
	oc_assertion as;
	int stage;          /* the batch awaited (oc_flow_assertion.c) */
	char *cache_key;    /* jwksUri: the cached set's KV key */
	int64_t fetched_at; /* jwksUri: when the cached set was fetched; -1: none cached */
	oc_err refusal;     /* the verdict to give once the fetched set is cached */
} oc_tep_assertion;

/* What a token request asks for; the first two are refused once the client is authenticated. */
typedef enum { OC_TEP_UNSUPPORTED = 0, OC_TEP_MISSING, OC_TEP_CODE, OC_TEP_REFRESH, OC_TEP_REVOKE,
	OC_TEP_CLIENT, /* client_credentials, with allowClientCredentialsGrant */
	OC_TEP_EXCHANGE, /* RFC 8693 token exchange, with allowTokenExchangeGrant */
	OC_TEP_EMA      /* the ID-JAG jwt-bearer grant, with enterpriseManagedAuthorization */ } oc_tep_kind;

/* Enterprise-managed authorization's round (oc_flow_ema.c). */
typedef struct oc_tep_ema oc_tep_ema;

/* RFC 8693's grant type and the one token type this server exchanges. */
#define OC_TEP_EXCHANGE_GRANT "urn:ietf:params:oauth:grant-type:token-exchange"
#define OC_TEP_ACCESS_TOKEN_TYPE "urn:ietf:params:oauth:token-type:access_token"

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

	/* What the load batch fetched (effect indices into loaded, -1: not asked). */
	int fx_client, fx_grant, fx_rec;
	const char *cimd_url;           /* the client is this Client ID Metadata Document (fx_client its fetch) */
	const oc_fx_result *loaded;     /* the load batch's results (kept over the assertion round) */
	oc_tep_assertion assertion;     /* private_key_jwt: the assertion's keys and replay marker */
	oc_client client;
	int has_grant; oc_grant grant;
	int has_rec; oc_access_rec rec;

	/* The exchange being built. */
	oc_strs scope;             /* the new access token's scope */
	oc_kv_strs audience;       /* its audience (oc_tep_grant_resource); absent: none, or 1.x's configured one */
	uint8_t key[OC_TOKEN_KEY_LEN]; /* the grant's props key (arena: wiped on free) */
	double access_ttl;         /* the access token's lifetime as asked (a callback may give any number) */
	int has_refresh_ttl;       /* code: the refresh token's lifetime given (0: none issued) */
	int64_t refresh_ttl;
	int refresh_unbounded;     /* code, with has_refresh_ttl: given as undefined (the grant never expires) */
	int64_t idle_ttl;          /* refresh: the grant's idle lifetime (0: fixed) */
	int was_previous;          /* refresh: the previous refresh token was presented */
	const char *presented_wrapped; /* refresh: the presented token's wrapped key, as it stays stored */

	/* tokenExchangeCallback (oc_flow_token_callback.c). */
	char *props_plain; size_t props_plain_len; /* the grant's props, decrypted for it */
	char *access_props;        /* the access token's own sealed props (NULL: the grant's) */
	uint8_t access_key[OC_TOKEN_KEY_LEN]; /* their key */
	int has_cb_answer;         /* a thrown OAuthError's answer, sent once the grant is revoked */
	oc_http_resp cb_answer;
	char *access_token; size_t access_token_len;
	char *refresh_token; size_t refresh_token_len;
	char *token_key, *token_json; /* the access token record to write */
	int64_t expires_in;

	/* Token exchange (oc_flow_exchange.c): t->tok is the subject token, t->rec its record. */
	int x_helper;              /* the exchangeToken helper: scope and resource from x_scope / x_aud */
	const cJSON *x_scope;      /* the helper's scope (NULL: absent) */
	const cJSON *x_aud;        /* the helper's aud (NULL: absent) */
	int x_has_expires;         /* expires_in given (x_expires: as a number) */
	double x_expires;
	oc_strs x_ceiling;         /* the subject token's scope: what the new token may hold */
	int64_t x_left;            /* seconds the subject token has left */
	int x_cross;               /* the subject token's grant is another client's */

	oc_tep_ema *ema;           /* the ID-JAG grant's state (oc_flow_ema.c) */

	/* Grant revocation (code replay, RFC 7009): deletes in rounds. */
	oc_revoke rv;              /* grant revocation in progress */
	oc_err final_err;          /* the answer once revocation is done; OC_OK: 200 revocation */

	/* A success answer held while the client's registration is renewed. */
	oc_http_resp held;
} oc_tep;

/* ---- oc_flow_token_params.c ---- */

/* 1 if ct is application/x-www-form-urlencoded (any case; parameters allowed). */
int oc_tep_is_form(oc_slice ct);
/*
 * The KV key of the client cr names, for the token and introspection
 * endpoints. NULL with *e invalid_client "Client not found" (reason
 * client-authentication client_not_found) when the id holds a NUL; NULL with
 * *e OC_OK when out of memory; else the key, *fits 0 when no record can have
 * it (oc_kv_key_fits: nothing to read).
 */
char *oc_tep_client_key(oc_op *op, const oc_client_creds *cr, int *fits, oc_err *e);
/* How the profile reads the client parameters (OC_CREDS_* of oc_client_auth.h). */
unsigned oc_tep_creds_rules(const oc_op *op);
/*
 * Repeated parameters (RFC 6749 §3.2): invalid_request naming the first
 * repeat (oc_form_repeat_err; its reason token-endpoint-request
 * repeated_parameter, detail {parameter}), except a repeated "resource" (checked by value
 * later) and an empty client parameter the profile counts as not sent.
 */
oc_err oc_tep_check_repeats(oc_op *op, const oc_form *f);

/*
 * Splits a presented token "{user}:{grant}:{secret}" at its ':'; -1 unless it
 * has exactly two (the reference splits on ':' and wants three parts). *lookup
 * is 1 when the user id is non-empty without NUL and the grant id is 16
 * alphabet characters (a record could exist).
 */
int oc_tep_split(oc_arena *a, const char *s, size_t n, char **user_id, char **grant_id,
	int *lookup);

/* The request's resource parameters, in order (none: out->n 0); pointers into f. */
oc_err oc_tep_resource_values(oc_op *op, const oc_form *f, oc_strs *out);

/* Every RFC 8707 resource parameter against the configured resource (oc_resource_token_ok);
 * with several resources, the values must name one of them (oc_resource_find_requested).
 * Reason resource-indicator resource_not_configured. */
oc_err oc_tep_resource_check(oc_op *op, const oc_form *f);

/* 1.x: the resource the new access token binds to: t->audience's entry when set (several
 * resources), else the configured one. */
const char *oc_tep_resource(const oc_op *op, const oc_tep *t);

/*
 * 1.x: the resource a new non-interactive grant binds to (1.2.3's
 * resolveNewTokenResource: enterprise-managed authorization's jwt-bearer
 * grant, R-EMA-02; our client_credentials), in t->audience: oc_resource_choose
 * over the request's resource values (already checked by
 * oc_tep_resource_check), its refusals given the reason resource-indicator
 * resource_invalid.
 */
oc_err oc_tep_resource_new(oc_op *op, oc_tep *t);

/*
 * The resource rules checked once the grant passed its own checks: the
 * request's resource (oc_tep_resource_check) unless the profile checked it
 * before the grant was read; then, with OC_PROFILE_BIND_CONFIGURED, the
 * grant's stored resource must name the configured resource
 * (oc_resource_matches; a 0.x array: one of its entries), else invalid_grant
 * "The authorization grant is not bound to a configured resource" (reason
 * resource-indicator grant_audience_unbound); a grant
 * without a resource (made before 1.x) belongs to the sole configured
 * resource; the grant is then rewritten with the configured resource itself
 * when it was stored otherwise, as the reference does. With several
 * resources, oc_resource_for_grant's rules (oauth/oc_resource_registry.h):
 * t->audience is the entry the grant is bound to, and the grant is rewritten
 * with it when it must be. With
 * OC_PROFILE_BIND_REQUESTED (0.10.4's RFC 8707 rules): when the request and
 * the grant both name resources, each requested one must match one granted
 * (oc_resource_granted_match, by origin with resourceMatchOriginOnly), else
 * invalid_target "Requested resource was not included in the authorization
 * request"; the access token's audience (t->audience) is then what the
 * request names (a string, or an array when repeated), else the grant's, else
 * none.
 */
oc_err oc_tep_grant_resource(oc_op *op, oc_tep *t);

/*
 * OC_PROFILE_BIND_REQUESTED's part of oc_tep_grant_resource, for the
 * resources requested (absent, a string, or an array; each already a valid
 * resource URI): the grant's stored resources must each be one
 * (invalid_target "The authorization grant contains an invalid resource"),
 * then the pinned resource's rules, else each requested one must match a
 * granted one; sets t->audience. Also token exchange's (oc_flow_exchange.c).
 */
oc_err oc_tep_requested_audience(oc_op *op, oc_tep *t, const oc_kv_strs *requested);

/*
 * The scope of the new access token: the granted scope, or its intersection
 * with a non-empty scope parameter (invalid_scope when that is empty in 1.x,
 * with the reason why_none; a malformed scope parameter: token-endpoint-request
 * scope_malformed).
 */
oc_err oc_tep_scope_select(oc_op *op, const oc_form *f, const oc_strs *granted, oc_strs *out,
	const char *why_none);

/*
 * The reference's downscope of a scope value v (a JSON string split at
 * spaces, or an array) against ceiling: the entries it holds, in v's order,
 * repeats kept (a non-string entry is never held); *asked (if not NULL) the
 * number of entries v names. -1 when v is neither string nor array (the
 * reference throws), -2 out of memory.
 */
int oc_tep_downscope(oc_op *op, const cJSON *v, const oc_strs *ceiling, oc_strs *out, size_t *asked);

/* ---- oc_flow_assertion.c ---- */
/*
 * private_key_jwt once the client's method matched (oc_client_authenticate
 * set *assertion): the round's first step verifies the assertion
 * (oc_client_assertion_check, audience: the request's origin or the token
 * endpoint's URL); each later one reads a batch's results. The
 * effects, in order:
 *   - with a jwksUri (store/oc_kv_jwks.h): the cached set read (one KV
 *     get); none cached (or unreadable), or one without the assertion's key
 *     that is at least OC_JWKS_REFETCH_AFTER seconds old: the set fetched
 *     (oc_fetch.h: a URL oc_fetch_url_check refuses, or a failed fetch, is
 *     refused with reason jwks_fetch_failed and detail fetch: the verdict;
 *     a document oc_jwks_parse refuses: jwks_invalid, nothing cached), then
 *     cached (one KV put, in the batch of the marker read when the
 *     signature verified; alone, then the refusal, when it did not);
 *   - the replay marker read (one KV get): found is a replay; none is
 *     written (one KV put with the marker's TTL).
 * A flow drives the round with oc_tep_assert_round: first (1) to begin it,
 * then (0) on each batch's results, and acts on the verdict: OC_TEP_WAIT,
 * effects emitted and op->state set to wait_state; OC_TEP_GO, the client is
 * authenticated; OC_TEP_REFUSE with *e set (a refusal, or the store's
 * error); OC_TEP_FAILED, out of memory.
 */
typedef enum { OC_TEP_WAIT, OC_TEP_GO, OC_TEP_REFUSE, OC_TEP_FAILED } oc_tep_verdict;

oc_tep_verdict oc_tep_assert_round(oc_op *op, int first, const oc_client *c, const oc_client_creds *cr,
	oc_tep_assertion *as, int wait_state, oc_err *e);

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
 * Checks a refresh against the loaded grant; sets t->key, t->scope,
 * t->presented_wrapped, t->idle_ttl (the configured one) and which token
 * matched. Refused ("Refresh token has expired") when less than 60 s of the
 * grant are left (oc_flow_refresh_expired).
 */
oc_err oc_flow_refresh_check(oc_op *op, oc_tep *t, int *was_previous);
/* 1 when less than 60 s of the grant are left at the op's time. */
int oc_flow_refresh_expired(const oc_op *op, const oc_tep *t);
/* The new access token's lifetime: t->access_ttl, capped at the grant's end after this refresh (t->idle_ttl). */
double oc_flow_refresh_access_ttl(const oc_op *op, const oc_tep *t);
/* Rotates the grant's refresh tokens (the presented one's wrapped key: t->presented_wrapped) and moves its idle expiry. */
void oc_flow_refresh_rotate(oc_op *op, oc_tep *t, int was_previous, const char *new_id,
	const char *new_wrapped);

/* ---- oc_tep_mint.c ---- */
/* Mints the access token, lasting t->expires_in seconds (set by the caller;
 * record in t->token_key / t->token_json; its props t->access_props under
 * t->access_key when set, else the grant's under t->key) and, if
 * issue_refresh, a refresh token; fills the id and wrapped key of the latter. */
oc_err oc_tep_mint(oc_op *op, oc_tep *t, int issue_refresh,
	char refresh_id[OC_TOKEN_ID_LEN + 1], char refresh_wrapped[OC_TOKEN_WRAPPED_LEN + 1]);
/* The KV put of the access token record (expiration = its expiresAt); NULL on out of memory. */
oc_fx *oc_tep_put_access(oc_op *op, oc_tep *t);
/* The KV put of the grant (metadata, expiration: its expiresAt, else, without a refresh token, the access
 * token's unless the profile's code_grant_without_refresh_expires is off for a code exchange, else
 * none); NULL on out of memory. */
oc_fx *oc_tep_put_grant(oc_op *op, oc_tep *t, oc_err *e);
/* The success answer, fields in the reference's order for t->kind, through send. */
oc_op_status oc_tep_respond(oc_op *op, oc_tep *t, oc_op_status (*send)(oc_op *, oc_http_resp *));
/* 1 if the provider issues refresh tokens at code exchange. */
int oc_tep_refresh_enabled(const oc_config *cfg);

/* ---- oc_flow_client_credentials.c (this project's addition) ---- */
/*
 * The client_credentials grant's rules (RFC 6749 §4.4), for an
 * authenticated client, in this order: a public client (method none, or no
 * secret): unauthorized_client "Public clients cannot use the
 * client_credentials grant"; a client whose grantTypes does not list
 * client_credentials: unauthorized_client "The client is not registered for
 * this grant type"; a resource parameter (oc_tep_resource_check); the scope
 * (oc_client_scopes_select over the client's allowedScopes); a client id too
 * long for its records' keys: unauthorized_client. Then sets t->scope and
 * the grant's subject, t->user_id = "client:<clientId>" (a user id 1.2
 * never creates: completeAuthorization refuses ':'), and a new t->grant_id.
 */
oc_err oc_flow_cc_check(oc_op *op, oc_tep *t);
/* Emits the clientCredentialsCallback effect with {clientId, scope}; -1 when out of memory. */
int oc_flow_cc_call(oc_op *op, oc_tep *t);
/*
 * The props of the callback's answer r as JSON text: {} when it returned
 * nothing or an object without props; else its props. It threw, or answered
 * something else than an object: server_error "clientCredentialsCallback failed".
 */
oc_err oc_flow_cc_props(oc_op *op, const oc_fx_result *r, const char **props);
/*
 * The grant of client_credentials: props sealed under a new key, the grant
 * record (metadata {"grantType":"client_credentials"}, expiresAt with its
 * access token, the configured resource in 1.x), and its access token minted
 * (t->token_json, no refresh token); then the token endpoint writes the
 * token, then the grant, as for a code.
 */
oc_err oc_flow_cc_grant(oc_op *op, oc_tep *t, const char *props);
/*
 * RFC 7009 for client_credentials tokens, whose user part "client:<id>"
 * holds a ':' that oc_tep_split refuses (as the reference splits): with
 * allowClientCredentialsGrant, a revocation whose token, split from the
 * right (oc_token_parse), belongs to "client:<the client_id presented>"
 * gets t->user_id, t->grant_id and *lookup = 1, and 0; else -1. Whether the
 * presenting client owns it is decided after authentication, as for any
 * token (oc_tep_revoke_decide).
 */
int oc_flow_cc_revoke_split(oc_op *op, oc_tep *t, int *lookup);

/* ---- oc_flow_exchange.c: RFC 8693 token exchange (allowTokenExchangeGrant) ---- */
/*
 * The request's own parameters, in the reference's order, each refused with
 * invalid_request (reasons token-exchange-grant …): no (or an empty)
 * subject_token "subject_token is required"; no (or an empty)
 * subject_token_type "subject_token_type is required"; one other than
 * OC_TEP_ACCESS_TOKEN_TYPE "Only access_token subject_token_type is
 * supported"; a non-empty requested_token_type other than it "Only
 * access_token requested_token_type is supported"; an expires_in (even
 * empty) that JavaScript's parseInt(v, 10) does not read as a positive
 * integer "Invalid expires_in parameter". Sets t->x_has_expires / x_expires.
 */
oc_err oc_flow_exchange_params(oc_op *op, oc_tep *t);
/*
 * exchangeToken's rules up to the tokenExchangeCallback, in the reference's
 * order, on the loaded subject token record (t->rec) and grant (t->grant),
 * for the client t->client: the subject token must have a record, not be
 * expired (expiresAt < now) and open its key, else invalid_request "Invalid
 * or expired subject token"; its grant must exist ("Grant not found"); a
 * grant of another client is refused without a callback ("The subject token
 * was issued to a different client"; with one, the callback decides:
 * t->x_cross); the scope: the subject token's (its record's, else its
 * grant's), narrowed by the request's (invalid_scope "None of the requested
 * scopes were granted" when it names some and none is held); its audience
 * must name the configured resource (invalid_target "Subject token is not
 * bound to a configured resource"), and a requested resource must name the
 * same (invalid_target "The requested resource must exactly match the
 * subject token audience"); less than 60 s left is invalid_request "Subject
 * token is too close to expiry to exchange"; an expires_in of at most 0
 * (the helper's) "Invalid expires_in parameter". Sets t->key (the subject
 * token's props key), t->scope, t->x_ceiling, t->x_left and t->access_ttl
 * (expires_in, else accessTokenTTL; capped at what is left when minted).
 */
oc_err oc_flow_exchange_check(oc_op *op, oc_tep *t);
/*
 * After the callback (if any): the lifetime, min(t->access_ttl, what is
 * left), must be an integer of at least 60 (invalid_request "Requested token
 * lifetime must be at least 60 seconds"); then the access token is minted
 * for the exchanging client with the subject token's props (or the
 * callback's, under their own key): t->token_key / t->token_json.
 */
oc_err oc_flow_exchange_mint(oc_op *op, oc_tep *t);
/* The success answer's body: access_token, issued_token_type, token_type, expires_in, scope, resource. NULL: out of memory. */
char *oc_flow_exchange_body(oc_op *op, oc_tep *t, size_t *len);

/* ---- oc_flow_ema.c: enterprise-managed authorization (enterpriseManagedAuthorization) ---- */
/*
 * The ID-JAG jwt-bearer grant for the authenticated client t->client (its
 * registered grant types are not consulted, as in 1.2.3): a client that
 * presented no credentials is refused without allowPublicClients
 * (invalid_client 401 "Enterprise-managed authorization requires client
 * authentication", reason client_authentication_required); then the
 * assertion and its effects as oc_flow_ema.c's header lists them, each
 * refusal oc_ema.h's. Both return 1 with effects emitted, 0 when the access
 * token is minted (t->token_key / t->token_json, the grant in t->grant,
 * no refresh token; the token endpoint writes both and answers), -1 with *e,
 * -2 out of memory.
 */
int oc_flow_ema_begin(oc_op *op, oc_tep *t, oc_err *e);
int oc_flow_ema_step(oc_op *op, oc_tep *t, oc_err *e);

/* ---- oc_flow_token_callback.c ---- */
typedef enum {
	OC_TEP_CB_APPLIED = 0,  /* go on minting with what it changed */
	OC_TEP_CB_ERROR,        /* refuse with *err (a lifetime it gave is invalid) */
	OC_TEP_CB_ANSWER,       /* answer t->cb_answer (a thrown OAuthError) */
	OC_TEP_CB_REVOKE,       /* revoke the grant, then answer t->cb_answer (invalid_grant) */
	OC_TEP_CB_THROW,        /* what it threw escapes fetch() */
	OC_TEP_CB_THROW_STATUS, /* the OAuthError's statusCode cannot make a Response: a TypeError escapes */
	OC_TEP_CB_THROW_SCOPE,  /* accessTokenScope neither string nor array: a TypeError escapes */
	OC_TEP_CB_FAILED        /* out of memory, or a result the shim cannot have written */
} oc_tep_cb_verdict;

/* 1 for a lifetime a token may have: an integer from 60 to OC_TEP_TTL_MAX. */
int oc_tep_ttl_valid(double v);
/* Asks for the callback (its argument built from t, once t passed its grant's checks). */
oc_err oc_tep_cb_ask(oc_op *op, oc_tep *t);
/* Judges its result (op->res[0]) and applies it to t; moves the op's clock to the host's after it. */
oc_tep_cb_verdict oc_tep_cb_judge(oc_op *op, oc_tep *t, oc_err *err);

/* ---- oc_flow_revoke.c ---- */
/* RFC 7009: 1 to revoke the whole grant, 0 to delete only t->rec's record (if
 * t->has_rec), -1 for nothing to do. */
int oc_tep_revoke_decide(oc_op *op, oc_tep *t);

#endif
