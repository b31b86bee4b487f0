/* The approvals cookie: options, key, reading, coverage, remembering (oc_consent_approvals.h). */
#include "consent/oc_consent_approvals.h"
#include "consent/oc_consent.h"
#include "crypto/oc_crypto.h"
#include "base/oc_b64.h"
#include "base/oc_num.h"
#include "base/oc_json_print.h"
#include <math.h>
#include <string.h>

/* JavaScript's length of UTF-8 text: UTF-16 code units. */
static size_t utf16_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		k += (c & 0xc0) != 0x80;
		k += c >= 0xf0;
	}
	return k;
}

const char *oc_remember_read(const cJSON *v, oc_remember *r)
{
	if (!cJSON_IsObject(v))
		return "remember must be an object with a secret";
	const cJSON *secret = cJSON_GetObjectItemCaseSensitive(v, "secret");
	const cJSON *age = cJSON_GetObjectItemCaseSensitive(v, "maxAgeSeconds");
	const cJSON *subject = cJSON_GetObjectItemCaseSensitive(v, "subject");
	if (!cJSON_IsString(secret) || utf16_len(secret->valuestring, strlen(secret->valuestring)) < OC_APPROVALS_SECRET_MIN)
		return "remember.secret must be a string of at least 32 characters";
	if (age != NULL && (!cJSON_IsNumber(age) || !(age->valuedouble > 0) || isinf(age->valuedouble)
	    || floor(age->valuedouble) != age->valuedouble))
		return "remember.maxAgeSeconds must be a positive integer";
	if (subject != NULL && (!cJSON_IsString(subject) || subject->valuestring[0] == 0))
		return "remember.subject must be a non-empty string";
	r->secret = secret->valuestring;
	r->secret_len = strlen(secret->valuestring);
	r->max_age = age != NULL ? age->valuedouble : OC_APPROVALS_DEFAULT_AGE;
	r->subject = subject != NULL ? subject->valuestring : NULL;
	return NULL;
}

static char *b64url(oc_arena *a, const uint8_t *b, size_t n)
{
	char *s = oc_arena_alloc(a, OC_B64URL_ENCLEN(n) + 1);
	if (s != NULL)
		s[oc_b64url_encode(s, b, n)] = 0;
	return s;
}

/* A member of request, or JSON null when absent or null (JavaScript's `?? null`). */
static cJSON *member_or_null(const cJSON *request, const char *name)
{
	const cJSON *m = cJSON_IsObject(request) ? cJSON_GetObjectItemCaseSensitive(request, name) : NULL;
	return m != NULL ? cJSON_Duplicate(m, 1) : cJSON_CreateNull();
}

char *oc_approvals_key(oc_arena *a, const cJSON *request, const char *subject)
{
	cJSON *arr = cJSON_CreateArray();
	uint8_t d[32];
	if (arr == NULL || !cJSON_AddItemToArray(arr, member_or_null(request, "clientId"))
	    || !cJSON_AddItemToArray(arr, member_or_null(request, "redirectUri"))
	    || !cJSON_AddItemToArray(arr, member_or_null(request, "resource"))
	    || !cJSON_AddItemToArray(arr, subject ? cJSON_CreateString(subject) : cJSON_CreateNull()))
		return NULL;
	char *text = oc_json_print(arr);
	if (text == NULL)
		return NULL;
	oc_sha256(d, text, strlen(text));
	return b64url(a, d, sizeof d);
}

static int valid_entry(const cJSON *e)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "s"), *x;
	if (!cJSON_IsObject(e) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "k"))
	    || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "e")) || !cJSON_IsArray(s))
		return 0;
	cJSON_ArrayForEach(x, s)
		if (!cJSON_IsString(x))
			return 0;
	return 1;
}

/* The entries of the verified payload p[0..n), or an empty array. */
static cJSON *entries(oc_arena *a, const char *p, size_t n)
{
	size_t len;
	uint8_t *json = oc_consent_atob_url(a, p, n, &len);
	cJSON *all = json ? cJSON_ParseWithLength((const char *)json, len) : NULL, *out = cJSON_CreateArray();
	if (out == NULL || !cJSON_IsArray(all))
		return out;
	while (all->child != NULL) {
		cJSON *e = cJSON_DetachItemViaPointer(all, all->child);
		if (valid_entry(e))
			cJSON_AddItemToArray(out, e);
	}
	return out;
}

cJSON *oc_approvals_read(oc_arena *a, const char *v, size_t n, const oc_remember *r)
{
	const char *dot = v ? memchr(v, '.', n) : NULL;
	if (dot == NULL)
		return cJSON_CreateArray();
	const char *sig = dot + 1, *end = memchr(sig, '.', (size_t)(v + n - sig));
	size_t pn = (size_t)(dot - v), sn = (size_t)((end ? end : v + n) - sig), len;
	uint8_t mac[32], *got;
	if (pn == 0 || sn == 0 || (got = oc_consent_atob_url(a, sig, sn, &len)) == NULL || len != sizeof mac)
		return cJSON_CreateArray();
	oc_hmac_sha256(mac, r->secret, r->secret_len, v, pn);
	int ok = oc_ct_eq(mac, got, sizeof mac);
	oc_wipe(mac, sizeof mac);
	return ok ? entries(a, v, pn) : cJSON_CreateArray();
}

int oc_approvals_cover(const cJSON *approvals, const char *k, int64_t now, const cJSON *scope)
{
	const cJSON *e, *x;
	cJSON_ArrayForEach(e, approvals) {
		if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "k")->valuestring, k) != 0
		    || !(cJSON_GetObjectItemCaseSensitive(e, "e")->valuedouble > (double)now))
			continue;
		if (!cJSON_IsArray(scope))
			return -1;
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "s");
		cJSON_ArrayForEach(x, scope) {
			const cJSON *y;
			int found = 0;
			cJSON_ArrayForEach(y, s)
				found |= cJSON_IsString(x) && strcmp(x->valuestring, y->valuestring) == 0;
			if (!found)
				return 0;
		}
		return 1;
	}
	return 0;
}

/* "{payload}.{signature}" of the approvals list; NULL when out of memory. */
static char *signed_value(oc_arena *a, const cJSON *list, const oc_remember *r)
{
	char *json = oc_json_print(list);
	uint8_t mac[32];
	if (json == NULL)
		return NULL;
	size_t n = strlen(json);
	char *v = oc_arena_alloc(a, OC_B64URL_ENCLEN(n) + 1 + OC_B64URL_ENCLEN(32) + 1);
	if (v == NULL)
		return NULL;
	size_t k = oc_b64url_encode(v, (const uint8_t *)json, n);
	oc_hmac_sha256(mac, r->secret, r->secret_len, v, k);
	v[k++] = '.';
	k += oc_b64url_encode(v + k, mac, sizeof mac);
	v[k] = 0;
	oc_wipe(mac, sizeof mac);
	return v;
}

char *oc_approvals_remember(oc_arena *a, const char *name, cJSON *approvals, const char *k,
	const cJSON *scope, const oc_remember *r, int64_t now)
{
	cJSON *list = cJSON_CreateArray(), *entry = cJSON_CreateObject();
	double t = (double)now;
	if (list == NULL || entry == NULL)
		return NULL;
	while (approvals != NULL && approvals->child != NULL) {
		cJSON *e = cJSON_DetachItemViaPointer(approvals, approvals->child);
		if (valid_entry(e) && cJSON_GetObjectItemCaseSensitive(e, "e")->valuedouble > t
		    && strcmp(cJSON_GetObjectItemCaseSensitive(e, "k")->valuestring, k) != 0)
			cJSON_AddItemToArray(list, e);
	}
	if (!cJSON_AddStringToObject(entry, "k", k)
	    || (scope != NULL && !cJSON_AddItemToObject(entry, "s", cJSON_Duplicate(scope, 1)))
	    || !cJSON_AddNumberToObject(entry, "e", t + r->max_age) || !cJSON_AddItemToArray(list, entry))
		return NULL;
	char *v = signed_value(a, list, r);
	while (v != NULL && strlen(v) > OC_APPROVALS_MAX_VALUE && list->child->next != NULL) {
		cJSON_Delete(cJSON_DetachItemViaPointer(list, list->child));
		v = signed_value(a, list, r);
	}
	if (v == NULL)
		return NULL;
	double latest = -INFINITY;
	const cJSON *e;
	cJSON_ArrayForEach(e, list)
		latest = fmax(latest, cJSON_GetObjectItemCaseSensitive(e, "e")->valuedouble);
	char age[OC_NUM_MAX];
	oc_num_format(latest - t, age);
	return oc_cookie_set(a, name, v, age);
}
