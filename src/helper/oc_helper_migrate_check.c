/*
 * OC_KIND_MIGRATE_CHECK: what switching a namespace that 0.10.x wrote to the
 * 1.x profile does to its records, decided by the rules 1.x applies to them
 * (the migration check: bin/oc-oauth-provider.mjs migrate-check). No effect:
 * the host reads the records and hands them in, in batches; it aggregates the
 * findings and reports. Nothing here writes or asks for anything.
 *
 * Args (every member optional):
 *   "records":   [{"key","value"}]  KV records, value as stored (text)
 *   "resources": [string]          candidate resourceMetadata.resource values
 *   "bindings":  [{"resource"?}]    stored grant resources (absent, a string
 *                                   or an array, as a grant record holds it)
 *   "allowPrivateUseRedirectUris": true   the 1.x option the Worker will set
 *
 * Output value: {"records":[finding…], "resources":[verdict…],
 * "bindings":[[survives…]…]}, each list in the order of its argument.
 *
 * A finding, by key:
 *   grant:…  {"type":"grant","key","userId","clientId","resource"? (as stored),
 *            "pending": the authorization code is not exchanged yet (the grant
 *            holds authCodeId and authCodeWrappedKey; 0.10.4 keeps the id after
 *            the exchange and drops the key),
 *            "userIdRefused": completeAuthorization refuses this user id
 *            (oc_token_user_id_ok; 0.10.x never issued a working token for it),
 *            "codeRefused"?: why the pending code's PKCE is refused at its
 *            exchange (oc_pkce_exchange_method without plain: a plain
 *            challenge)}
 *   client:… {"type":"client","key","clientId","clientName"?,
 *            "refusedRedirectUris": the registered URIs an authorization
 *            request may no longer use (oc_redirect_usable),
 *            "usableRedirectUris": how many it still may}
 *   any key whose record does not decode (oc_grant_decode,
 *            oc_client_decode): {"type":"unreadable","key","reason"}
 *   other keys: {"type":"other","key"}
 * A verdict: {"resource"} when 1.x's constructor accepts it as
 * resourceMetadata.resource (oc_config_resource_check), else also
 * {"refused": its message}.
 * A binding's row: for each of "resources", whether a grant holding that
 * resource keeps working under it (oc_resource_audience_bound: no resource,
 * or one that names it, as a refresh decides).
 * Refused with a TypeError: arguments of another shape.
 */
#include "op/oc_op_kinds.h"
#include "op/oc_op_answer.h"
#include "store/oc_kv.h"
#include "store/oc_kv_json.h"
#include "token/oc_token.h"
#include "oauth/oc_pkce.h"
#include "oauth/oc_redirect.h"
#include "oauth/oc_resource.h"
#include "config/oc_config_resource.h"
#include <stdlib.h>
#include <string.h>

static const char shape[] = "migrate-check: records must be [{key, value}], resources strings, "
	"bindings [{resource?}]";

static int starts(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static cJSON *bool_item(cJSON *o, const char *name, int v)
{
	return cJSON_AddBoolToObject(o, name, v != 0);
}

/* The stored resource form as JSON (NULL: absent). */
static cJSON *resource_json(const oc_kv_strs *r)
{
	if (r->form == OC_KV_ABSENT)
		return NULL;
	if (r->form == OC_KV_STRING)
		return cJSON_CreateString(r->list.v[0]);
	return cJSON_CreateStringArray((const char *const *)r->list.v, (int)r->list.n);
}

static cJSON *unreadable(cJSON *f, oc_err e)
{
	return cJSON_AddStringToObject(f, "type", "unreadable") && cJSON_AddStringToObject(f, "reason", e.desc) ? f : NULL;
}

static cJSON *grant_finding(oc_op *op, cJSON *f, const char *value)
{
	oc_grant g;
	oc_err e = oc_grant_decode(op->arena, value, strlen(value), &g);
	if (e.code != OC_OK)
		return unreadable(f, e);
	int pending = g.auth_code_id != NULL && g.auth_code_wrapped_key != NULL;
	cJSON *res = resource_json(&g.resource);
	if (!cJSON_AddStringToObject(f, "type", "grant") || !cJSON_AddStringToObject(f, "userId", g.user_id)
	    || !cJSON_AddStringToObject(f, "clientId", g.client_id)
	    || (g.resource.form != OC_KV_ABSENT && (res == NULL || !cJSON_AddItemToObject(f, "resource", res)))
	    || !bool_item(f, "pending", pending)
	    || !bool_item(f, "userIdRefused", !oc_token_user_id_ok(g.user_id)))
		return NULL;
	if (pending) {
		e = oc_pkce_exchange_method(op->arena, 0, g.code_challenge, g.code_challenge_method);
		if (e.code == OC_ERR_SERVER_ERROR)
			return NULL;
		if (e.code != OC_OK && !cJSON_AddStringToObject(f, "codeRefused", e.desc))
			return NULL;
	}
	return f;
}

static cJSON *client_finding(oc_op *op, cJSON *f, const char *value, const oc_config *policy)
{
	oc_client c;
	oc_err e = oc_client_decode(op->arena, value, strlen(value), &c);
	if (e.code != OC_OK)
		return unreadable(f, e);
	cJSON *refused = cJSON_CreateArray();
	int usable = 0;
	if (refused == NULL || !cJSON_AddStringToObject(f, "type", "client")
	    || !cJSON_AddStringToObject(f, "clientId", c.client_id)
	    || (c.client_name != NULL && !cJSON_AddStringToObject(f, "clientName", c.client_name))
	    || !cJSON_AddItemToObject(f, "refusedRedirectUris", refused))
		return NULL;
	for (size_t i = 0; i < c.redirect_uris.n; i++) {
		if (oc_redirect_usable(policy, c.redirect_uris.v[i]))
			usable++;
		else if (!cJSON_AddItemToArray(refused, cJSON_CreateString(c.redirect_uris.v[i])))
			return NULL;
	}
	return cJSON_AddNumberToObject(f, "usableRedirectUris", usable) ? f : NULL;
}

/* One record's finding; NULL when out of memory, *bad when the record is not {key, value}. */
static cJSON *finding(oc_op *op, const cJSON *rec, const oc_config *policy, int *bad)
{
	const char *key = NULL, *value = NULL;
	cJSON *f;
	if (!cJSON_IsObject(rec) || oc_arg_str(rec, "key", &key) || oc_arg_str(rec, "value", &value)
	    || key == NULL || value == NULL) {
		*bad = 1;
		return NULL;
	}
	if ((f = cJSON_CreateObject()) == NULL || !cJSON_AddStringToObject(f, "key", key))
		return NULL;
	if (starts(key, "grant:"))
		return grant_finding(op, f, value);
	if (starts(key, "client:"))
		return client_finding(op, f, value, policy);
	return cJSON_AddStringToObject(f, "type", "other") ? f : NULL;
}

/* {"resource", "refused"?}: 1.x's constructor on resourceMetadata {resource: r}. */
static cJSON *verdict(const char *r)
{
	oc_config scratch;
	const char *err = NULL;
	cJSON *rm = cJSON_CreateObject(), *v = cJSON_CreateObject();
	if (rm == NULL || v == NULL || !cJSON_AddStringToObject(rm, "resource", r)
	    || !cJSON_AddStringToObject(v, "resource", r))
		return NULL;
	memset(&scratch, 0, sizeof scratch);
	scratch.profile = &oc_profile_1x;
	int rc = oc_config_resource_check(&scratch, rm, &err);
	free(scratch.resource);
	if (rc == 0)
		return v;
	return err != NULL && cJSON_AddStringToObject(v, "refused", err) ? v : NULL;
}

/* The survival row of one binding ({"resource"?}) under each of resources. */
static cJSON *survival(oc_op *op, const cJSON *b, const cJSON *resources, int *bad)
{
	oc_kv_strs form;
	const cJSON *r;
	cJSON *row;
	if (!cJSON_IsObject(b) || kvj_multi(op->arena, b, "resource", "binding", &form).code != OC_OK) {
		*bad = 1;
		return NULL;
	}
	if ((row = cJSON_CreateArray()) == NULL)
		return NULL;
	cJSON_ArrayForEach(r, resources)
		if (!cJSON_AddItemToArray(row, cJSON_CreateBool(oc_resource_audience_bound(&form, r->valuestring))))
			return NULL;
	return row;
}

/* args[name] when it is absent (an empty array) or an array; NULL otherwise. */
static const cJSON *list_arg(const cJSON *args, const char *name)
{
	static cJSON empty = { .type = cJSON_Array };
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(args, name);
	if (l == NULL || cJSON_IsNull(l))
		return &empty;
	return cJSON_IsArray(l) ? l : NULL;
}

oc_op_status oc_helper_migrate_check(oc_op *op)
{
	cJSON *args = oc_op_args(op), *out, *records, *verdicts, *rows;
	const cJSON *recs, *resources, *bindings, *priv, *x;
	oc_config policy;
	int bad = 0;

	if (args == NULL || (recs = list_arg(args, "records")) == NULL
	    || (resources = list_arg(args, "resources")) == NULL || (bindings = list_arg(args, "bindings")) == NULL)
		return oc_op_type_error(op, shape);
	cJSON_ArrayForEach(x, resources)
		if (!cJSON_IsString(x))
			return oc_op_type_error(op, shape);
	memset(&policy, 0, sizeof policy);
	policy.profile = &oc_profile_1x;
	priv = cJSON_GetObjectItemCaseSensitive(args, "allowPrivateUseRedirectUris");
	policy.allow_private_use_redirect_uris = cJSON_IsTrue(priv);

	if ((out = cJSON_CreateObject()) == NULL || (records = cJSON_AddArrayToObject(out, "records")) == NULL
	    || (verdicts = cJSON_AddArrayToObject(out, "resources")) == NULL
	    || (rows = cJSON_AddArrayToObject(out, "bindings")) == NULL)
		return OC_OP_FAILED;
	cJSON_ArrayForEach(x, recs)
		if (!cJSON_AddItemToArray(records, finding(op, x, &policy, &bad)))
			return bad ? oc_op_type_error(op, shape) : OC_OP_FAILED;
	cJSON_ArrayForEach(x, resources)
		if (!cJSON_AddItemToArray(verdicts, verdict(x->valuestring)))
			return OC_OP_FAILED;
	cJSON_ArrayForEach(x, bindings)
		if (!cJSON_AddItemToArray(rows, survival(op, x, resources, &bad)))
			return bad ? oc_op_type_error(op, shape) : OC_OP_FAILED;
	return oc_op_value(op, out);
}
