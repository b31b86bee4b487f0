/* Internal: the grant revocation machine (store/oc_revoke.c). */
#ifndef OC_REVOKE_H
#define OC_REVOKE_H

#include "op/oc_op.h"

/*
 * Revoking grants (RFC 7009 revocation of a refresh token, a replayed
 * authorization code, revokeGrant, completeAuthorization's
 * revokeExistingGrants), in rounds:
 *   1. list each grant's access tokens (token:{userId}:{grantId}:, following
 *      cursors; a listed key that is not one of the grant's tokens,
 *      oc_kv_token_key_id, is not deleted: another user's may lie under the
 *      same prefix);
 *   2. delete every listed token, in one batch;
 *   3. only when every token delete succeeded, delete the grant records, in
 *      one batch.
 * A grant whose token prefix cannot be a KV key (oc_kv_key_fits) has no
 * token to list: only its record is deleted.
 * KV has no transactions, so a revocation may stop after any effect. The
 * order guarantees that it stops in a state a retry can finish: while any
 * token of a grant may remain, the grant record remains, so the same call
 * again (which finds the grant through the presented token, the grant id or
 * the user's grant listing) lists and deletes what is left. A revoked
 * token never outlives its grant.
 *
 * begin and resume return 1 when effects were emitted (return
 * OC_OP_EFFECTS and call resume with the results), 0 when done, -1 when an
 * effect failed, was answered MISSING or with a list without keys (failed
 * points at a result whose status is neither OC_FXR_OK nor OC_FXR_MISSING:
 * report it as a storage failure) or memory ran out (failed NULL).
 */
typedef struct {
	const char *user_id;
	char **grants; size_t n;
	char **cursor;          /* per grant: next list cursor */
	unsigned char *listing; /* per grant: a list is pending */
	char **del; size_t ndel, cap;
	int phase;
	const oc_fx_result *failed;
} oc_revoke;

int oc_revoke_begin(oc_op *op, oc_revoke *rv, const char *user_id, char **grant_ids, size_t n);
int oc_revoke_resume(oc_op *op, oc_revoke *rv);

/*
 * Revoking grants of several users (deleteClient, purgeExpiredData): pairs
 * (users[i], grants[i]), revoked one run of consecutive pairs of the same
 * user at a time, each run as oc_revoke does it (tokens, then grants), runs
 * in order. Same return convention as oc_revoke_begin/resume; on -1,
 * rv.failed tells which. users and grants must outlive the revocation.
 */
typedef struct {
	char **users, **grants;
	size_t n, at, end; /* the run in progress: [at, end) */
	oc_revoke rv;
} oc_revoke_each;

int oc_revoke_each_begin(oc_op *op, oc_revoke_each *re, char **users, char **grants, size_t n);
int oc_revoke_each_resume(oc_op *op, oc_revoke_each *re);

#endif
