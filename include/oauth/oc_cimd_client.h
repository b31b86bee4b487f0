/*
 * oc_cimd_client: a Client ID Metadata Document client read inside an op,
 * where a stored client would be read from KV (the token endpoint, the
 * helpers through store/oc_store_read.h). The reference 1.2.3's getClient:
 * with clientIdMetadataDocumentEnabled, a client id that is a CIMD URL
 * (oc_client_id_is_url) is never read from KV; its document is fetched
 * (op/oc_fetch.h, document mode: OC_CIMD_MAX_BYTES within
 * OC_CIMD_TIMEOUT_MS) and the client built from it (oauth/oc_cimd.h).
 * Validated documents are kept in the host's cache as the reference keeps
 * them (op/oc_cache.h: the cache OC_CIMD_CACHE_NAME, the URL the key, the
 * bytes fetched, for oc_cimd_cache_ttl of the origin's Cache-Control), so
 * either library reads what the other stored. This file is the one place a
 * URL client id is resolved: every flow asks oc_cimd_ask and reads
 * oc_cimd_got, whatever rounds the resolution took in between.
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
 * With OC_CIMD_FETCH: starts the resolution of url (1), or refuses url
 * before any effect (0: *refused = the detail of oc_client_id_url_check,
 * R-CIMD-01…09); -1 out of memory. Started, it is one effect of the
 * caller's batch (the cache read), and a detour of op (op/oc_op.h): the
 * fetch, a stale entry's delete and the cache write, when they are due,
 * are rounds of their own before the caller steps on its batch's results.
 * The rounds: the entry under url first (one the host cannot read is a
 * miss); a hit whose body still resolves is the client, nothing fetched;
 * one that does not is deleted and the document fetched; a fetched document
 * that resolves is stored (its bytes; Cache-Control "public,
 * max-age=<ttl>" and the origin's Content-Type, ETag, Last-Modified) when
 * oc_cimd_cache_ttl of its Cache-Control is not 0, what the put answers
 * ignored. What does not resolve is never stored.
 */
int oc_cimd_ask(oc_op *op, const char *url, const char **refused);

/*
 * The client url's document describes, once oc_cimd_ask's resolution is
 * done (in the step after it): OC_OK with *out, or
 * OC_ERR_INVALID_CLIENT_METADATA whose description is the reference's
 * detail: "Client metadata fetch timed out after 10000ms", what the fetch
 * threw, "Failed to fetch client metadata: HTTP <status>" (not 2xx), then
 * oc_cimd_body_read's and oc_cimd_resolve's; OC_ERR_SERVER_ERROR out of
 * memory, a host answer of another shape, or no resolution of url done.
 */
oc_err oc_cimd_got(oc_op *op, const char *url, oc_client *out);

/* "CIMD fetch failed for <url>: <detail>" (CimdFetchError's message); NULL out of memory. */
char *oc_cimd_fetch_message(oc_arena *a, const char *url, const char *detail);

/*
 * The token endpoint's refusal (R-AUTH-16): invalid_client "Client not
 * found", onError's reason client-id-metadata-document /
 * metadata_resolution_failed with {metadataUrl, message: detail}.
 */
oc_err oc_cimd_not_found(oc_arena *a, const char *url, const char *detail);

#endif
