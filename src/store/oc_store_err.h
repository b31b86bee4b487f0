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
 * or the Worker's own code, to which a helper throws it. The two wordings are
 * kept as they were, each pinned by tests (tests/c/test_token_endpoint.c,
 * tests/c/test_helpers.c).
 */
typedef enum { OC_STORE_ERR_HTTP, OC_STORE_ERR_HELPER } oc_store_err_reader;

/*
 * OC_OK for OC_FXR_OK. Otherwise OC_ERR_TEMPORARILY_UNAVAILABLE when the store
 * rate limited the effect (HTTP: "Storage is rate limited, retry later";
 * helper: "The storage is rate limited"), else OC_ERR_SERVER_ERROR "Storage
 * operation failed", MISSING included: a caller for which a missing key is
 * an answer, not a failure, checks that first.
 */
oc_err oc_store_fx_err(const oc_fx_result *r, oc_store_err_reader reader);

#endif
