/*
 * oc_cimd_client: a Client ID Metadata Document client read inside an op,
 * where a stored client would be read from KV (the token endpoint, the
 * helpers through store/oc_store_read.h). The reference 1.2.3's getClient:
 * with clientIdMetadataDocumentEnabled, a client id that is a CIMD URL
 * (oc_client_id_is_url) is never read from KV; its document is fetched
 * (op/oc_fetch.h, document mode: OC_CIMD_MAX_BYTES within
 * OC_CIMD_TIMEOUT_MS) and the client built from it (oauth/oc_cimd.h).
 * Nothing is cached: each resolution fetches (README "Client ID Metadata
 * Documents": the reference keeps validated documents in the Cache API).
 */
#ifndef OC_CIMD_CLIENT_H
#define OC_CIMD_CLIENT_H

#include "op/oc_op.h"
#include "store/oc_kv.h"

/* The reference's Error when the host lacks the compatibility flag (R-AUTH-17). */
#define OC_CIMD_NO_FLAG "CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set."

/*
 * What resolving client_id takes under op's configuration:
 * OC_CIMD_STORED a KV read (the option off, or not a CIMD URL);
 * OC_CIMD_NO_FLAG_SET the reference throws OC_CIMD_NO_FLAG (the host did
 * not report global_fetch_strictly_public); OC_CIMD_FETCH the document.
 */
typedef enum { OC_CIMD_STORED = 0, OC_CIMD_NO_FLAG_SET, OC_CIMD_FETCH } oc_cimd_route;
oc_cimd_route oc_cimd_route_of(const oc_config *cfg, const char *client_id);

/*
 * With OC_CIMD_FETCH: appends the document's fetch (1: emitted), or
 * refuses url before any fetch (0: *refused = the detail of
 * oc_client_id_url_check, R-CIMD-01…09); -1 out of memory.
 */
int oc_cimd_ask(oc_op *op, const char *url, const char **refused);

/*
 * The client url's document describes, from the host's answer r to
 * oc_cimd_ask's fetch: OC_OK with *out, or OC_ERR_INVALID_CLIENT_METADATA
 * whose description is the reference's detail: "Client metadata fetch timed
 * out after 10000ms", what the fetch threw, "Failed to fetch client
 * metadata: HTTP <status>" (not 2xx), then oc_cimd_body_read's and
 * oc_cimd_resolve's; OC_ERR_SERVER_ERROR out of memory or a host answer of
 * another shape.
 */
oc_err oc_cimd_got(oc_op *op, const char *url, const oc_fx_result *r, oc_client *out);

/* "CIMD fetch failed for <url>: <detail>" (CimdFetchError's message); NULL out of memory. */
char *oc_cimd_fetch_message(oc_arena *a, const char *url, const char *detail);

/*
 * The token endpoint's refusal (R-AUTH-16): invalid_client "Client not
 * found", onError's reason client-id-metadata-document /
 * metadata_resolution_failed with {metadataUrl, message: detail}.
 */
oc_err oc_cimd_not_found(oc_arena *a, const char *url, const char *detail);

#endif
