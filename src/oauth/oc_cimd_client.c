/* A Client ID Metadata Document client read inside an op (oauth/oc_cimd_client.h). */
#include "oauth/oc_cimd_client.h"
#include "oauth/oc_cimd.h"
#include "oauth/oc_client_id.h"
#include "op/oc_fetch.h"
#include "base/oc_jsonw.h"
#include <string.h>

#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

oc_cimd_route oc_cimd_route_of(const oc_config *cfg, const char *client_id)
{
	if (!cfg->cimd_enabled || client_id == NULL || !oc_client_id_is_url(client_id))
		return OC_CIMD_STORED;
	return cfg->fetch_strictly_public ? OC_CIMD_FETCH : OC_CIMD_NO_FLAG_SET;
}

int oc_cimd_ask(oc_op *op, const char *url, const char **refused)
{
	*refused = oc_client_id_url_check(url);
	if (*refused != NULL)
		return 0;
	return oc_fetch_emit_document(op, url, OC_CIMD_MAX_BYTES, OC_CIMD_TIMEOUT_MS) != NULL ? 1 : -1;
}

oc_err oc_cimd_got(oc_op *op, const char *url, const oc_fx_result *r, oc_client *out)
{
	oc_fetch_doc d;
	cJSON *raw;
	oc_err e;

	switch (oc_fetch_read_document(op->arena, r, &d)) {
	case OC_FETCH_OK:
		break;
	case OC_FETCH_TIMEOUT:
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "Client metadata fetch timed out after 10000ms");
	case OC_FETCH_NETWORK:
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, d.failure);
	default:
		return OC_ERR(OC_ERR_SERVER_ERROR, "The host answered the document fetch in another shape");
	}
	if (d.status < 200 || d.status > 299)
		return oc_cimd_status_error(op->arena, d.status);
	oc_cimd_body b = { d.content_length, d.has_body, d.too_large, d.body, d.n };
	if ((e = oc_cimd_body_read(op->arena, &b, &raw)).code != OC_OK)
		return e;
	return oc_cimd_resolve(op->arena, url, raw, op->cfg, out);
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
