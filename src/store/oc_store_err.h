/*
 * Internal: the one mapping of a KV effect that did not succeed to an OAuth
 * error, for the HTTP flows and the helpers alike.
 */
#ifndef OC_STORE_ERR_H
#define OC_STORE_ERR_H

#include "op/oc_op.h"
#include "base/oc_err.h"

/*
 * Who reads the description: a client of the HTTP endpoints (told to retry),
 * a client of the token endpoint whose new grant or access token could not be
 * written (the reference's wording; the answer carries Retry-After:
 * OC_STORE_RETRY_AFTER), or the Worker's own code, to which a helper throws
 * it. The wordings are pinned by tests (tests/c/test_flow_token.c,
 * tests/c/test_helper_*.c).
 */
typedef enum { OC_STORE_ERR_HTTP, OC_STORE_ERR_ISSUANCE, OC_STORE_ERR_HELPER } oc_store_err_reader;

/* Seconds a client is told to wait after a rate-limited token issuance. */
#define OC_STORE_RETRY_AFTER "30"

/*
 * The error for an effect the caller counts as failed:
 * OC_ERR_TEMPORARILY_UNAVAILABLE when the store rate limited it (HTTP:
 * "Storage is rate limited, retry later"; issuance: "Token issuance is
 * temporarily unavailable; retry shortly"; helper: "The storage is rate
 * limited"), else OC_ERR_SERVER_ERROR "Storage operation failed", whatever
 * the status: MISSING, FAILED, or OK with an answer the caller cannot read
 * (a KV list that is not one). A caller for which OK or a missing key is an
 * answer checks that first. Its reason (oc_err.h): token-issuance
 * kv_rate_limited (the reference's), else storage kv_rate_limited or
 * storage kv_failed, each with the store's Error as detail.
 */
oc_err oc_store_fx_err(const oc_fx_result *r, oc_store_err_reader reader);

#endif
