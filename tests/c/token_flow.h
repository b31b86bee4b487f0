/*
 * What the token endpoint's flow tests share (test_flow_code.c,
 * test_flow_refresh.c, test_flow_revoke.c, test_flow_token.c): three clients,
 * one grant of user1, the requests of each grant type, and readers of the
 * records they leave in the fake KV. Built on token_fixture.h.
 */
#ifndef TOKEN_FLOW_H
#define TOKEN_FLOW_H

#include "oc_test.h"
#include "token_fixture.h"

#define C  "clientC000000000"  /* client_secret_basic, explicit */
#define C2 "clientD000000000"  /* client_secret_post, explicit */
#define P  "clientP000000000"  /* public */
#define G1 "grantAAAAAAAAAAA"
#define GKEY "grant:user1:" G1
#define TPFX "token:user1:" G1 ":"
#define CV "&code_verifier=" FX_VERIFIER

/* Checks "status error: description" of an answer; prints both when they differ. */
#define CHECK_ERR(r, want) do { const char *got_ = tresp_err(&(r)); CHECK(strcmp(got_, want) == 0); \
	if (strcmp(got_, want) != 0) fprintf(stderr, "  got  %s\n  want %s\n", got_, want); } while (0)

/* tfx_init with extra, then the clients C, C2 and P. */
void tfx_setup(tfx *f, const char *extra);

/* POSTs "grant_type=authorization_code&code=…&redirect_uri=…&code_verifier=…" plus extra. */
tresp tfx_exchange(tfx *f, const char *auth, const char *code, const char *extra);
/* "grant_type=refresh_token&refresh_token=…" plus extra (malloc'd). */
char *tfx_refresh_body(const char *rt, const char *extra);
/* POSTs tfx_refresh_body(rt, extra). */
tresp tfx_refresh(tfx *f, const char *auth, const char *rt, const char *extra);
/* A pending grant G1 of C (scope read write) exchanged with auth: the refresh token (malloc'd). */
char *tfx_start_grant(tfx *f, const char *basic);
/* The same, then member m of the answer (malloc'd; "access_token", …). */
char *tfx_exchanged(tfx *f, const char *basic, const char *m);
/* POSTs the body printf'd from fmt to /token (auth may be NULL). */
tresp tfx_post_f(tfx *f, const char *auth, const char *fmt, ...);
/* The same, checking the answer's "status error: description" against want (line: the caller's). */
void tfx_post_check(tfx *f, const char *auth, const char *want, int line, const char *fmt, ...);
#define POST_CHECK(f, auth, want, ...) tfx_post_check(f, auth, want, __LINE__, __VA_ARGS__)

/*
 * A client record (secret FX_SECRET_C unless method is "none") with
 * grantTypes grants and allowedScopes allowed (JSON texts; allowed NULL: none)
 * and no response types: a machine client of the client_credentials grant.
 */
void tfx_machine(tfx *f, const char *id, const char *method, const char *grants, const char *allowed);

/*
 * The tokenExchangeCallback's answer the fake KV gives (OK): the meta JSON,
 * then the newProps and accessTokenProps texts ("" for undefined), NUL-joined
 * into buf (cap bytes, kept by the caller while it is used).
 */
void tfx_callback_answer(tfx *f, char *buf, size_t cap, const char *meta, const char *np, const char *ap);
/* The props an access token opens to (unwrapToken), printed (malloc'd), or NULL. */
char *tfx_props_of(tfx *f, const char *tok);

/* A malloc'd copy of s, or NULL for NULL. */
char *tfx_dup(const char *s);
/* Member m of o as a number / a string (NULL if absent or not a string). */
int64_t tfx_num(const cJSON *o, const char *m);
const char *tfx_str(const cJSON *o, const char *m);
/* The KV key of an access token of G1 (malloc'd). */
char *tfx_token_key(const char *tok);
/* Member m of the grant record GKEY (malloc'd), or NULL. */
char *tfx_grant_member(tfx *f, const char *m);
/* 1 if id is the token id (hex SHA-256) of tok. */
int tfx_is_id_of(const char *id, const char *tok);

#endif
