/*
 * The rule functions 0.10.4 exports (oc-oauth-provider/0.10), as it answers
 * them; each rule lives here, the shim only marshals its arguments.
 *
 * Args: {"fn", "a"?, "b"?, "same"?, "originOnly"?}: a and b are the strings
 * (as the caller's values read as strings), each percent-encoded
 * (encodeURIComponent) so that every byte arrives, NUL included; null when
 * there is no such string. Output: {"t":"value","value":true|false}.
 *
 * - "isValidOAuthScopeToken": a is one or more of %x21 / %x23-5B / %x5D-7E
 *   (RFC 6749 §3.3's scope-token).
 * - "validateResourceUri": a is a non-empty string that parses as a URL
 *   (new URL), with scheme http or https and no fragment (a bare "#" is no
 *   fragment, as URL.hash reads it) (RFC 8707 §2).
 * - "resourceMatches": oc_resource_granted_match, same being requested ===
 *   granted (which only the host can see).
 * Refused (TypeError): a fn this file does not know, or arguments of another shape.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "base/oc_form.h"
#include "base/oc_url_whatwg.h"
#include "oauth/oc_scope.h"
#include "oauth/oc_resource.h"
#include <string.h>

typedef struct {
	const char *s; /* NULL: no string */
	size_t n;
} arg_text;

/* The percent-encoded member name, decoded to its bytes; -1 on a malformed one. */
static int text_of(oc_op *op, const cJSON *args, const char *name, arg_text *t)
{
	const char *enc;
	t->s = NULL;
	t->n = 0;
	if (oc_arg_str(args, name, &enc))
		return -1;
	if (enc == NULL)
		return 0;
	oc_err e = oc_form_decode(op->arena, enc, strlen(enc), OC_FORM_RAW, &t->s, &t->n);
	return e.code == OC_OK ? 0 : -1;
}

/* The URL t parses as, its serialization in buf from the arena; -1 if it does not parse. */
static int parse(oc_op *op, const arg_text *t, oc_url_whatwg *u)
{
	size_t cap = OC_URL_WHATWG_BUF(t->n);
	char *buf = oc_arena_alloc(op->arena, cap);
	return t->s != NULL && buf != NULL && oc_url_whatwg_parse(u, t->s, t->n, buf, cap) == 0 ? 0 : -1;
}

static int resource_uri_ok(oc_op *op, const arg_text *a)
{
	oc_url_whatwg u;
	return a->s != NULL && a->n > 0 && parse(op, a, &u) == 0 && oc_resource_uri_parts_ok(&u);
}

static int resource_matches(oc_op *op, const cJSON *args, const arg_text *a, const arg_text *b)
{
	int same = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "same"));
	if (a->s == NULL || b->s == NULL)
		return same;
	return oc_resource_granted_match(op->arena, a->s, a->n, b->s, b->n, same,
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(args, "originOnly")));
}

oc_op_status oc_helper_uri_rules(oc_op *op)
{
	cJSON *args = oc_op_args(op);
	const char *fn = NULL;
	arg_text a, b;
	int v;

	if (args == NULL || oc_arg_str(args, "fn", &fn) || fn == NULL || text_of(op, args, "a", &a) ||
	    text_of(op, args, "b", &b))
		return oc_op_type_error(op, "invalid arguments");
	if (strcmp(fn, "isValidOAuthScopeToken") == 0)
		v = a.s != NULL && a.n > 0 && oc_scope_token_ok(a.s, a.n);
	else if (strcmp(fn, "validateResourceUri") == 0)
		v = resource_uri_ok(op, &a);
	else if (strcmp(fn, "resourceMatches") == 0)
		v = resource_matches(op, args, &a, &b);
	else
		return oc_op_type_error(op, "unknown function");
	return oc_op_value(op, cJSON_CreateBool(v));
}
