/* Internal: the grant revocation machine (store/oc_revoke.c). */
#ifndef OC_REVOKE_H
#define OC_REVOKE_H

#include "op/oc_op.h"

/*
 * Revoking grants (revokeGrant, completeAuthorization's revokeExistingGrants):
 * list each grant's access tokens (token:{userId}:{grantId}:, following
 * cursors), then delete the tokens and the grants in one batch (a listed
 * key outside the grant's prefix is not deleted). begin and
 * resume return 1 when effects were emitted (return OC_OP_EFFECTS and call
 * resume with the results), 0 when done, -1 when an effect failed (failed
 * points at its result) or memory ran out (failed NULL).
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

#endif
