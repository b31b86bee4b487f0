/* A Client ID Metadata Document client read inside an op (oauth/oc_cimd_client.h). */
#include "oauth/oc_cimd_client.h"
#include "oauth/oc_cimd.h"
#include "oauth/oc_client_id.h"
#include "op/oc_fetch.h"
#include "op/oc_cache.h"
#include "base/oc_jsonw.h"
#include <string.h>

#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

oc_cimd_route oc_cimd_route_of(const oc_config *cfg, const char *client_id)
{
	if (!cfg->cimd_enabled || client_id == NULL || !oc_client_id_is_url(client_id))
		return OC_CIMD_STORED;
	return cfg->fetch_strictly_public ? OC_CIMD_FETCH : OC_CIMD_NO_FLAG_SET;
}

/* One resolution of a URL client id: the detour's context (op/oc_op.h). */
typedef struct {
	const char *url;
	enum { CACHED, FETCHED, STORED } phase;
	oc_err e;           /* the outcome: OC_OK with client, else why not */
	oc_client client;
} run;

/* The client a document's body describes (a fetch's, or one read back from the cache: its status unread). */
static oc_err judge(oc_op *op, const char *url, const oc_fetch_doc *d, oc_client *out)
{
	cJSON *raw;
	oc_err e;

	oc_cimd_body b = { d->content_length, d->has_body, d->too_large, d->body, d->n };
	if ((e = oc_cimd_body_read(op->arena, &b, &raw)).code != OC_OK)
		return e;
	return oc_cimd_resolve(op->arena, url, raw, op->cfg, out);
}

/* The fetch's answer r: the client, or the reference's detail; *d what was fetched. */
static oc_err fetched(oc_op *op, const char *url, const oc_fx_result *r, oc_fetch_doc *d, oc_client *out)
{
	switch (oc_fetch_read_document(op->arena, r, d)) {
	case OC_FETCH_OK:
		if (d->status < 200 || d->status > 299)
			return oc_cimd_status_error(op->arena, d->status);
		return judge(op, url, d, out);
	case OC_FETCH_TIMEOUT:
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "Client metadata fetch timed out after 10000ms");
	case OC_FETCH_NETWORK:
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, d->failure);
	default:
		return OC_ERR(OC_ERR_SERVER_ERROR, "The host answered the document fetch in another shape");
	}
}

/*
 * The stored response's headers, as the reference writes them: Cache-Control
 * "public, max-age=<ttl>", and the origin's Content-Type, ETag and
 * Last-Modified when it sent them. "name\0value…" pairs; NULL out of memory.
 */
static const char *stored_headers(oc_arena *a, uint32_t ttl, const oc_fetch_doc *d, size_t *len)
{
	static const char cc[] = "Cache-Control\0public, max-age=";
	const char *const names[] = { "Content-Type", "ETag", "Last-Modified" };
	const char *const values[] = { d->content_type, d->etag, d->last_modified };
	oc_jsonw w;
	oc_jsonw_init(&w, a, 96);
	oc_jsonw_raw(&w, cc, sizeof cc - 1);
	oc_jsonw_int(&w, ttl);
	for (size_t i = 0; i < 3; i++)
		if (values[i] != NULL) {
			oc_jsonw_raw(&w, "", 1);
			oc_jsonw_raw(&w, names[i], strlen(names[i]) + 1);
			oc_jsonw_lit(&w, values[i]);
		}
	return oc_jsonw_finish(&w, len);
}

/*
 * The rounds of one resolution, as the reference's fetchClientIdMetadataDocument
 * takes them: the cache entry under the URL first (any that cannot be read
 * is a miss); a hit that still resolves is the client, without a fetch; one
 * that does not is deleted, and the document fetched; a fetched document
 * that resolves is stored for oc_cimd_cache_ttl of its Cache-Control (not
 * when that is 0), the put's outcome ignored. A failed resolution is never
 * stored.
 */
static oc_op_status step(oc_op *op, void *ctx, const oc_fx_result *res, uint32_t n)
{
	run *r = ctx;
	oc_fetch_doc d;

	switch (r->phase) {
	case CACHED:
		if (res[0].status == OC_FXR_OK) {
			oc_err e = oc_fetch_read_document(op->arena, &res[0], &d) == OC_FETCH_OK
				? judge(op, r->url, &d, &r->client) : OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "");
			if (e.code == OC_OK)
				return OC_OP_DONE;
			if (e.code != OC_ERR_INVALID_CLIENT_METADATA
			    || oc_cache_emit_delete(op, OC_CIMD_CACHE_NAME, r->url) == NULL)
				return OC_OP_FAILED;
		}
		if (oc_fetch_emit_document(op, r->url, OC_CIMD_MAX_BYTES, OC_CIMD_TIMEOUT_MS) == NULL)
			return OC_OP_FAILED;
		r->phase = FETCHED;
		return OC_OP_EFFECTS;
	case FETCHED: {
		r->e = fetched(op, r->url, &res[n - 1], &d, &r->client);
		uint32_t ttl = r->e.code == OC_OK ? oc_cimd_cache_ttl(d.cache_control) : 0;
		if (ttl == 0)
			return OC_OP_DONE;
		size_t hn;
		const char *h = stored_headers(op->arena, ttl, &d, &hn);
		if (h == NULL || oc_cache_emit_put(op, OC_CIMD_CACHE_NAME, r->url, d.body, d.n, h, hn, ttl) == NULL)
			return OC_OP_FAILED;
		r->phase = STORED;
		return OC_OP_EFFECTS;
	}
	default:
		return OC_OP_DONE;
	}
}

int oc_cimd_ask(oc_op *op, const char *url, const char **refused)
{
	*refused = oc_client_id_url_check(url);
	if (*refused != NULL)
		return 0;
	run *r = oc_arena_calloc(op->arena, sizeof *r);
	if (r == NULL)
		return -1;
	r->url = url;
	return oc_cache_emit_get(op, OC_CIMD_CACHE_NAME, url, OC_CIMD_MAX_BYTES) != NULL
		&& oc_op_detour_start(op, step, r) == 0 ? 1 : -1;
}

oc_err oc_cimd_got(oc_op *op, const char *url, oc_client *out)
{
	run *r = oc_op_detour_done(op, step);
	if (r == NULL || strcmp(r->url, url) != 0)
		return OC_ERR(OC_ERR_SERVER_ERROR, "No resolution of this client id ran");
	*out = r->client;
	return r->e;
}

char *oc_cimd_fetch_message(oc_arena *a, const char *url, const char *detail)
{
	static const char pre[] = "CIMD fetch failed for ";
	char *head = oc_arena_cat3(a, pre, sizeof pre - 1, url, strlen(url), ": ", 2);
	return head != NULL ? oc_arena_cat3(a, head, strlen(head), detail, strlen(detail), "", 0) : NULL;
}

oc_err oc_cimd_not_found(oc_arena *a, const char *url, const char *detail)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 96 + strlen(url) + strlen(detail));
	oc_jsonw_why(&w, OC_WHY("client-id-metadata-document", "metadata_resolution_failed"));
	oc_jsonw_lit(&w, "{\"metadataUrl\":");
	oc_jsonw_cstr(&w, url);
	oc_jsonw_lit(&w, ",\"message\":");
	oc_jsonw_cstr(&w, detail);
	oc_jsonw_lit(&w, "}");
	const char *why = oc_jsonw_finish(&w, NULL);
	return why != NULL ? OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client not found", why) : NOMEM;
}
