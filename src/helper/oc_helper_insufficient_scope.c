/*
 * insufficientScope(auth, scope, description?): the RFC 6750 §3.1 step-up
 * answer, 403 with a Bearer challenge naming every scope the operation needs
 * and the resource's RFC 9728 metadata URL. Args: {"audience","scope":[],
 * "description"?}. Output: an HTTP response (see oc_http.h).
 *
 * As the reference 1.2.3: scope must be a non-empty array of scope tokens
 * (else TypeError "insufficientScope requires at least one valid OAuth scope
 * token"), named once each in the challenge; the metadata URL keeps the
 * audience's query; a description is quoted in the challenge without quotes
 * or backslashes, each run of other bytes than 0x21-0x7e one space, trimmed
 * (left out when nothing remains), and given as it is in the body.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "op/oc_http.h"
#include "store/oc_kv.h"
#include "oauth/oc_scope.h"
#include "base/oc_json_print.h"
#include <string.h>

#define PR_WELL_KNOWN "/.well-known/oauth-protected-resource"

/* A programming error of the caller: thrown as a TypeError by the shim. */
static oc_op_status type_error(oc_op *op, const char *msg)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddStringToObject(extra, "name", "TypeError");
	return oc_op_error_ex(op, OC_ERR(OC_ERR_INVALID_REQUEST, msg), extra);
}

/* 1 if the scope list already has s before the item e. */
static int seen_before(const cJSON *scope, const cJSON *e)
{
	for (const cJSON *x = scope->child; x != e; x = x->next)
		if (strcmp(x->valuestring, e->valuestring) == 0)
			return 1;
	return 0;
}

/*
 * The description as the challenge quotes it: quotes and backslashes
 * dropped, every run of other bytes than 0x21-0x7e one space, trimmed
 * (written to out, which has room; its length).
 */
static size_t quotable(char *out, const char *d)
{
	size_t n = 0;
	int gap = 0;
	for (; *d; d++) {
		unsigned char c = (unsigned char)*d;
		if (c == '"' || c == '\\')
			continue;
		if (c < 0x21 || c > 0x7e) {
			gap = 1;
			continue;
		}
		if (gap && n)
			out[n++] = ' ';
		gap = 0;
		out[n++] = (char)c;
	}
	return n;
}

oc_op_status oc_helper_insufficient_scope(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const cJSON *aud = cJSON_GetObjectItemCaseSensitive(args, "audience");
	const cJSON *scope = cJSON_GetObjectItemCaseSensitive(args, "scope");
	const cJSON *desc = cJSON_GetObjectItemCaseSensitive(args, "description");
	static const char need[] = "insufficientScope requires at least one valid OAuth scope token";
	static const char pre[] = "Bearer realm=\"OAuth\", error=\"insufficient_scope\", scope=\"";
	const cJSON *e;
	oc_url u;
	size_t cap = sizeof pre + 128 + (cJSON_IsString(aud) ? strlen(aud->valuestring) : 0) +
		(cJSON_IsString(desc) ? strlen(desc->valuestring) : 0), n = 0;

	if (!cJSON_IsArray(scope) || cJSON_GetArraySize(scope) == 0)
		return type_error(op, need);
	cJSON_ArrayForEach(e, scope) {
		if (!cJSON_IsString(e) || !oc_scope_token_ok(e->valuestring, strlen(e->valuestring)))
			return type_error(op, need);
		cap += strlen(e->valuestring) + 1;
	}
	char *buf = oc_arena_alloc(op->arena, cap);
	if (buf == NULL)
		return OC_OP_FAILED;
#define PUT(s, l) do { size_t l_ = (l); memcpy(buf + n, (s), l_); n += l_; } while (0)
	PUT(pre, sizeof pre - 1);
	/* each scope once, in the order first given */
	int first = 1;
	cJSON_ArrayForEach(e, scope) {
		if (seen_before(scope, e))
			continue;
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
		if (u.query.n) {
			PUT("?", 1);
			PUT(u.query.p, u.query.n);
		}
		PUT("\"", 1);
	}
	int has_desc = cJSON_IsString(desc);
	if (has_desc) {
		/* written after the parameter's name, which is put only when something is left */
		size_t q = quotable(buf + n + 21, desc->valuestring);
		if (q) {
			memcpy(buf + n, ", error_description=\"", 21);
			n += 21 + q;
			PUT("\"", 1);
		}
	}
#undef PUT
	char *challenge = oc_arena_strndup(op->arena, buf, n);
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "error", "insufficient_scope");
	if (has_desc)
		cJSON_AddStringToObject(body, "error_description", desc->valuestring);
	char *b = oc_json_print(body);
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
