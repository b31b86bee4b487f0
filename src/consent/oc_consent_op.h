/*
 * Internal: what the consent and upstream helper kinds share: opening a
 * transaction (the handle, the binding cookie, the KV read, the record),
 * consuming it (the KV delete), creating one (the KV write), and the
 * headers of their answers.
 *
 * An answer's "headers" is an array of [name, value] pairs that the shim
 * puts on a Headers object in order: Set-Cookie appended, any other set.
 */
#ifndef OC_CONSENT_OP_H
#define OC_CONSENT_OP_H

#include "op/oc_op.h"
#include "consent/oc_consent.h"
#include "consent/oc_consent_approvals.h"
#include "cJSON.h"

typedef struct {
	char hash[OC_CONSENT_HASH_LEN + 1];
	const char *handle; size_t handle_len;
	char *key;            /* transaction:{hash} */
	char *cookie_name;    /* the binding cookie */
	const char *cookies;  /* the request's Cookie header, NULL when none */
	cJSON *record;        /* once opened */
} oc_consent_txn;

/* The provider's cookie prefix (the default for a config built without one). */
const char *oc_consent_prefix(const oc_op *op);

/* An AuthorizationError answer (no redirect: render locally). */
oc_op_status oc_consent_refuse(oc_op *op, int code, const char *desc);

/*
 * Starts opening the transaction handle (NULL: not a string) of kind which
 * ("consent" or "upstream") for a request whose Cookie header is cookies:
 * refuses an empty handle ("Missing transaction handle"), a missing binding
 * cookie ("…not started in this browser…") and one holding another hash
 * ("…belongs to a different browser session…"), each an AuthorizationError
 * invalid_request; else emits the KV read and moves to state next
 * (OC_OP_EFFECTS).
 */
oc_op_status oc_consent_txn_ask(oc_op *op, oc_consent_txn *t, const char *handle, const char *cookies,
	const char *which, int next);

/*
 * In state next: 0 with t->record when the record was found, opens with the
 * handle, is JSON and its kind is which; else -1 with *st the answer to
 * return (the KV failure, or "This authorization expired or was already
 * used; start again").
 */
int oc_consent_txn_got(oc_op *op, oc_consent_txn *t, const char *which, oc_op_status *st);

/* The states of a helper that opens a transaction (approve, deny, finish). */
enum { OC_CONSENT_START, OC_CONSENT_READ, OC_CONSENT_CONSUMED };

/*
 * What such a helper does once it asked for the record (oc_consent_txn_ask
 * to OC_CONSENT_READ), its op->flow starting with its oc_consent_txn: in
 * OC_CONSENT_READ the record is opened (oc_consent_txn_got), check runs (NULL:
 * none; 0 goes on, -1 stops with *st the answer) and the transaction is
 * deleted; in OC_CONSENT_CONSUMED, answer (or the KV failure).
 */
typedef struct {
	const char *which;
	int (*check)(oc_op *op, oc_op_status *st);
	oc_op_status (*answer)(oc_op *op);
} oc_consent_steps;

oc_op_status oc_consent_txn_resume(oc_op *op, const oc_consent_steps *s);

/*
 * Creates a transaction of kind which holding request (and data, when not
 * NULL): a fresh handle into *h, the sealed record's KV write emitted,
 * state next. OC_OP_FAILED when out of memory or without randomness.
 */
oc_op_status oc_consent_txn_create(oc_op *op, oc_consent_handle *h, const char *which,
	const cJSON *request, const cJSON *data, int next);

/* The binding cookie of a new transaction (Max-Age 600), or its clearing (Max-Age 0). */
char *oc_consent_bind_cookie(oc_op *op, const char *which, const char *hash);
char *oc_consent_clear_cookie(oc_op *op, const char *name);

/*
 * The approvals the request's Cookie header (NULL: none) holds under r's
 * secret (oc_approvals_read), and the approvals cookie's name in *name;
 * NULL when out of memory.
 */
cJSON *oc_consent_approvals_of(oc_op *op, const char *cookies, const oc_remember *r, const char **name);

/*
 * The answer of a helper that consumed t (approve, deny, finish): an object
 * holding the stored request (moved out of t->record; absent when it has
 * none) and "headers": Cache-Control: no-store and the binding cookie
 * cleared, in *hs for the caller to add its own. NULL when out of memory.
 */
cJSON *oc_consent_txn_answer(oc_op *op, oc_consent_txn *t, cJSON **hs);

/* Appends [name, value] to the headers array h; 0, or -1 when out of memory. */
int oc_consent_header(cJSON *h, const char *name, const char *value);

#endif
