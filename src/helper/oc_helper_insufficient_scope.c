/*
 * insufficientScope(auth, scope, description?): the RFC 6750 §3.1 step-up
 * answer, 403 with a Bearer challenge naming every scope the operation needs
 * and the resource's RFC 9728 metadata URL. Args: {"audience","scope":[],
 * "description"?}. Output: an HTTP response (see oc_http.h).
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "op/oc_http.h"
#include "store/oc_kv.h"
#include "oauth/oc_scope.h"
#include <string.h>

#define PR_WELL_KNOWN "/.well-known/oauth-protected-resource"

/* A programming error of the caller: thrown as a TypeError by the shim. */
static oc_op_status type_error(oc_op *op, const char *msg)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddStringToObject(extra, "name", "TypeError");
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, msg), extra);
}

oc_op_status oc_helper_insufficient_scope(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const cJSON *aud = cJSON_GetObjectItemCaseSensitive(args, "audience");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(args, "scope");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(args, "description");
	static const char need[] = "insufficientScope requires at least one valid OAuth scope token";
	oc_url u;
	char buf[4096];
	size_t n = 0;

	if (!cJSON_IsArray(scope) || cJSON_GetArraySize(scope) == 0)
		return type_error(op, need);
#define PUT(s, l) do { size_t l_ = (l); if (n + l_ >= sizeof buf) return type_error(op, need); memcpy(buf + n, (s), l_); n += l_; } while (0)
	{ static const char pre[] = "Bearer realm=\"OAuth\", error=\"insufficient_scope\", scope=\""; PUT(pre, sizeof pre - 1); }
	const cJSON *e;
	int first = 1;
	cJSON_ArrayForEach(e, scope) {
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)) ||
		    strchr(e->valuestring, '"') || strchr(e->valuestring, '\\'))
			return type_error(op, need);
		if (!first)
			PUT(" ", 1);
		PUT(e->valuestring, strlen(e->valuestring));
		first = 0;
	}
	PUT("\"", 1);
	if (cJSON_IsString(aud) && oc_url_parse(&u, aud->valuestring, strlen(aud->valuestring)) == 0) {
		oc_slice path = u.path;
		if (path.n == 1 && path.p[0] == '/')
			path.n = 0;
		PUT(", resource_metadata=\"", 21);
		PUT(u.origin.p, u.origin.n);
		PUT(PR_WELL_KNOWN, strlen(PR_WELL_KNOWN));
		PUT(path.p, path.n);
		PUT("\"", 1);
	}
	int has_desc = cJSON_IsString(desc) && desc->valuestring[0];
	if (has_desc) {
		/* quoted-string: no quote or backslash may end it early */
		for (const char *c = desc->valuestring; *c; c++)
			if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
				return type_error(op, "insufficientScope description must be a plain string");
		PUT(", error_description=\"", 21);
		PUT(desc->valuestring, strlen(desc->valuestring));
		PUT("\"", 1);
	}
#undef PUT
	char *challenge = oc_arena_strndup(op->arena, buf, n);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "error", "insufficient_scope");
	if (has_desc)
		cJSON_AddStringToObject(body, "error_description", desc->valuestring);
	char *b = cJSON_PrintUnformatted(body);
	if (challenge == NULL || b == NULL)
		return OC_OP_FAILED;
	oc_http_resp r;
	oc_http_resp_init(&r, 403);
	oc_http_resp_json(&r, b, strlen(b));
	oc_http_resp_header(&r, "Cache-Control", "no-store");
	oc_http_resp_header(&r, "Pragma", "no-cache");
	oc_http_resp_header(&r, "WWW-Authenticate", challenge);
	return oc_http_respond(op, &r);
}
