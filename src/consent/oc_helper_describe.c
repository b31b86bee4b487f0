/*
 * OC_KIND_DESCRIBE_CONSENT: the describeConsent() helper: what a consent page
 * must show for an AuthRequest.
 *
 * Args {"request": the AuthRequest}. Reads the client as lookupClient does
 * (client:{clientId}; none, or a key that cannot exist, is no client), then
 * answers {clientId, clientName: the client's clientName when it is a
 * string with something left after JavaScript's trim(), else clientId;
 * clientUri and logoUri when non-empty strings; redirectUri; redirectHost:
 * the redirect URI's WHATWG hostname ("[::1]" for IPv6), or the whole URI
 * when it has none (a private-use "com.example.app:/cb"); redirectIsLoopback:
 * that host is localhost, [::1] or 127.x.x.x (oc_url_whatwg_is_loopback);
 * scope: the request's scopes}. Refused with a TypeError: a redirect URI
 * that is not a URL ("Invalid URL string."), scopes that are not an array.
 * With clientIdMetadataDocumentEnabled a client id that is a CIMD URL is
 * resolved as lookupClient resolves it (its document; CimdFetchError when it
 * cannot be), and clientDomain, the URL's hostname, follows clientName.
 */
#include "consent/oc_consent_op.h"
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_store_read.h"
#include "oauth/oc_cimd_client.h"
#include "base/oc_url_whatwg.h"
#include "base/oc_js_trim.h"
#include <string.h>

enum { START, STORED };

/* A string member of the client record that is not empty (after trim when trim is set), else NULL. */
static const cJSON *client_str(const cJSON *client, const char *name, int trim)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(client, name);
	size_t n;
	if (!cJSON_IsString(m))
		return NULL;
	n = strlen(m->valuestring);
	if (trim)
		oc_js_trim(m->valuestring, &n);
	return n > 0 ? m : NULL;
}

static int add_copy(cJSON *o, const char *name, const cJSON *v)
{
	cJSON *c = v != NULL ? cJSON_Duplicate(v, 1) : NULL;
	return c != NULL && cJSON_AddItemToObject(o, name, c) ? 0 : -1;
}

/* The hostname of the CIMD URL id (clientDomain); NULL out of memory. */
static char *domain_of(oc_op *op, const char *id)
{
	oc_url_whatwg u;
	size_t n = strlen(id);
	char *buf = oc_arena_alloc(op->arena, OC_URL_WHATWG_BUF(n));
	if (buf == NULL || oc_url_whatwg_parse(&u, id, n, buf, OC_URL_WHATWG_BUF(n)))
		return NULL;
	return oc_arena_strndup(op->arena, u.host.p, u.host.n);
}

static oc_op_status describe(oc_op *op, const cJSON *req, const cJSON *client, const char *domain)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "clientId");
	const cJSON *uri = cJSON_GetObjectItemCaseSensitive(req, "redirectUri");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(req, "scope");
	const cJSON *name = client_str(client, "clientName", 1), *curi = client_str(client, "clientUri", 0);
	const cJSON *logo = client_str(client, "logoUri", 0);
	oc_url_whatwg u;
	size_t n = cJSON_IsString(uri) ? strlen(uri->valuestring) : 0;
	char *buf = cJSON_IsString(uri) ? oc_arena_alloc(op->arena, OC_URL_WHATWG_BUF(n)) : NULL;
	if (buf == NULL || oc_url_whatwg_parse(&u, uri->valuestring, n, buf, OC_URL_WHATWG_BUF(n)))
		return oc_op_type_error(op, "Invalid URL string.");
	if (!cJSON_IsArray(scope))
		return oc_op_type_error(op, "request.scope is not iterable");
	char *host = u.host.n ? oc_arena_strndup(op->arena, u.host.p, u.host.n) : uri->valuestring;
	cJSON *v = cJSON_CreateObject();
	if (v == NULL || host == NULL || (id != NULL && add_copy(v, "clientId", id))
	    || ((name || id) && add_copy(v, "clientName", name ? name : id))
	    || (domain != NULL && !cJSON_AddStringToObject(v, "clientDomain", domain))
	    || (curi && add_copy(v, "clientUri", curi)) || (logo && add_copy(v, "logoUri", logo))
	    || add_copy(v, "redirectUri", uri) || !cJSON_AddStringToObject(v, "redirectHost", host)
	    || !cJSON_AddBoolToObject(v, "redirectIsLoopback", u.host.n && oc_url_whatwg_is_loopback(&u))
	    || add_copy(v, "scope", scope))
		return OC_OP_FAILED;
	return oc_op_value(op, v);
}

/* A CIMD client: its document's client (as a record reads), and its domain. */
static oc_op_status describe_document(oc_op *op, const cJSON *req, const char *url)
{
	oc_client c;
	oc_op_status st;
	char *json, *domain;
	if (oc_store_got_client(op, url, &c, &st) < 0)
		return st;
	if (oc_client_encode(op->arena, &c, &json).code != OC_OK || (domain = domain_of(op, url)) == NULL)
		return OC_OP_FAILED;
	return describe(op, req, cJSON_Parse(json), domain);
}

oc_op_status oc_helper_describe_consent(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const cJSON *req = args ? cJSON_GetObjectItemCaseSensitive(args, "request") : NULL;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(req, "clientId");

	switch (op->state) {
	case START: {
		oc_op_status answered;
		int asked = cJSON_IsString(id) ? oc_store_ask_client(op, id->valuestring, STORED, &answered) : 0;
		if (asked == -2)
			return answered;
		if (asked < 0)
			return OC_OP_FAILED;
		return asked ? OC_OP_EFFECTS : describe(op, req, NULL, NULL);
	}
	case STORED: {
		const oc_fx_result *r = &op->res[0];
		if (oc_cimd_route_of(op->cfg, id->valuestring) == OC_CIMD_FETCH)
			return describe_document(op, req, id->valuestring);
		if (r->status != OC_FXR_OK && r->status != OC_FXR_MISSING)
			return oc_op_fx_error(op, r);
		return describe(op, req, r->status == OC_FXR_OK ? cJSON_ParseWithLength(r->data, r->len) : NULL, NULL);
	}
	default:
		return OC_OP_FAILED;
	}
}
