/* The scopes asked for, the claims mapper's answer, and the access token's lifetime (oc_ema.h). */
#include "oauth/oc_ema.h"
#include "oauth/oc_scope.h"
#include "base/oc_json_print.h"
#include <math.h>
#include <string.h>

#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
/* The longest lifetime a token may have here (its expiry must fit KV's u32). */
#define TTL_MAX 2147483647.0

int oc_ema_scope_split(oc_arena *a, const char *s, size_t n, oc_strs *out)
{
	size_t count = 0;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			count++;
	if (count == 0)
		return 0;
	if ((out->v = oc_arena_alloc(a, count * sizeof *out->v)) == NULL)
		return -1;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j > i) {
			if (!oc_scope_token_ok(s + i, j - i))
				return 1;
			if ((out->v[out->n++] = oc_arena_strndup(a, s + i, j - i)) == NULL)
				return -1;
		}
		i = j + 1;
	}
	return 0;
}

int oc_ema_requested_scope(oc_arena *a, const char *param, size_t n, int given, const oc_strs *assertion,
	oc_strs *out, oc_err *e)
{
	oc_strs asked;
	int r = 0;

	memset(out, 0, sizeof *out);
	if (given)
		r = oc_ema_scope_split(a, param, n, &asked);
	else
		asked = *assertion;
	if (r < 0)
		return *e = NOMEM, -1;
	if (r > 0)
		return *e = oc_ema_refuse(a, OC_EMA_INVALID_SCOPE_PARAM, NULL), -1;
	if (assertion->n == 0) {
		*out = asked;
		return 0;
	}
	if (asked.n > 0 && (out->v = oc_arena_alloc(a, asked.n * sizeof *out->v)) == NULL)
		return *e = NOMEM, -1;
	for (size_t i = 0; i < asked.n; i++)
		if (oc_strs_has(assertion, asked.v[i]))
			out->v[out->n++] = asked.v[i];
	return 0;
}

static int refused(oc_arena *a, oc_ema_reason r, oc_err *e)
{
	*e = oc_ema_refuse(a, r, NULL);
	return -1;
}

int oc_ema_mapped_read(oc_arena *a, const char *json, size_t n, oc_ema_mapped *out, oc_err *e)
{
	const cJSON *o, *user, *scope, *props, *ttl, *it;

	memset(out, 0, sizeof *out);
	oc_arena_bind_json(a);
	o = json != NULL ? cJSON_ParseWithLength(json, n) : NULL;
	if (cJSON_IsNull(o))
		return refused(a, OC_EMA_MAPPER_DENIED, e);
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "object")))
		return refused(a, OC_EMA_INVALID_MAPPED_USER, e);
	user = cJSON_GetObjectItemCaseSensitive(o, "userId");
	if (!cJSON_IsString(user) || user->valuestring[0] == 0 || strchr(user->valuestring, ':') != NULL)
		return refused(a, OC_EMA_INVALID_MAPPED_USER, e);
	out->user_id = user->valuestring;
	scope = cJSON_GetObjectItemCaseSensitive(o, "scope");
	if (!cJSON_IsArray(scope))
		return refused(a, OC_EMA_INVALID_MAPPED_SCOPE, e);
	size_t k = (size_t)cJSON_GetArraySize(scope);
	if (k > 0 && (out->scope.v = oc_arena_alloc(a, k * sizeof *out->scope.v)) == NULL)
		return *e = NOMEM, -1;
	cJSON_ArrayForEach(it, scope) {
		if (!cJSON_IsString(it) || !oc_scope_token_ok(it->valuestring, strlen(it->valuestring)))
			return refused(a, OC_EMA_INVALID_MAPPED_SCOPE, e);
		out->scope.v[out->scope.n++] = it->valuestring;
	}
	props = cJSON_GetObjectItemCaseSensitive(o, "props");
	if (!cJSON_IsString(props))
		return refused(a, OC_EMA_INVALID_MAPPED_PROPS, e);
	out->props = props->valuestring;
	out->metadata = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "metadata"));
	if (out->metadata == NULL)
		out->metadata = "null";
	ttl = cJSON_GetObjectItemCaseSensitive(o, "ttl");
	if (ttl != NULL) {
		if (!cJSON_IsNumber(ttl) || !isfinite(ttl->valuedouble) || ttl->valuedouble <= 0)
			return refused(a, OC_EMA_INVALID_MAPPED_TTL, e);
		out->has_ttl = 1;
		out->ttl = ttl->valuedouble;
	}
	return 0;
}

int oc_ema_token_ttl(oc_arena *a, const oc_ema_mapped *m, uint32_t configured, double exp, int64_t now,
	int64_t *ttl, oc_err *e)
{
	double v = m->has_ttl ? m->ttl : (double)configured;
	if (exp - (double)now <= 0)
		return refused(a, OC_EMA_EXPIRED_AFTER_PROCESSING, e);
	if (v < OC_EMA_MIN_TTL || v > TTL_MAX || floor(v) != v)
		return refused(a, OC_EMA_INVALID_MAPPED_TTL, e);
	*ttl = (int64_t)v;
	return 0;
}
