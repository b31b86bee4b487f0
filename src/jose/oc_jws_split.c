/* Compact JWS: three strict base64url parts, header and payload JSON objects. */
#include "jose/oc_jws.h"
#include "base/oc_b64.h"
#include "base/oc_json_check.h"
#include <string.h>

#define JSON_DEPTH 16
#define JSON_VALUES 512

cJSON *oc_jose_object(oc_arena *a, const char *s, size_t n)
{
	size_t start;
	const cJSON *it, *other;

	if (oc_json_check(s, n, JSON_DEPTH, JSON_VALUES, &start) != OC_JSON_OK)
		return NULL;
	oc_arena_bind_json(a);
	cJSON *j = cJSON_ParseWithLengthOpts(s + start, n - start, NULL, 0);
	if (!cJSON_IsObject(j))
		return NULL;
	cJSON_ArrayForEach(it, j)
		for (other = it->next; other != NULL; other = other->next)
			if (strcmp(it->string, other->string) == 0)
				return NULL;
	return j;
}

/* Decodes one part into the arena; NULL when empty or not strict base64url. */
static uint8_t *part(oc_arena *a, const char *s, size_t n, size_t *len, int *nomem)
{
	uint8_t *d;

	if (n == 0)
		return NULL;
	if ((d = oc_arena_alloc(a, OC_B64_DECMAX(n) + 1)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	if (oc_b64url_decode(d, len, s, n) != 0)
		return NULL;
	d[*len] = 0;
	return d;
}

oc_jose_status oc_jws_split(oc_arena *a, const char *s, size_t n, oc_jws *out)
{
	const char *end = s + n, *dot1, *dot2;
	uint8_t *h, *p;
	size_t hn, pn;
	int nomem = 0;

	memset(out, 0, sizeof *out);
	if (n > OC_JWS_MAX || (dot1 = memchr(s, '.', n)) == NULL ||
	    (dot2 = memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1))) == NULL ||
	    memchr(dot2 + 1, '.', (size_t)(end - dot2 - 1)) != NULL)
		return OC_JOSE_MALFORMED;
	h = part(a, s, (size_t)(dot1 - s), &hn, &nomem);
	p = h ? part(a, dot1 + 1, (size_t)(dot2 - dot1 - 1), &pn, &nomem) : NULL;
	out->sig = p ? part(a, dot2 + 1, (size_t)(end - dot2 - 1), &out->sig_len, &nomem) : NULL;
	if (out->sig == NULL)
		return nomem ? OC_JOSE_NOMEM : OC_JOSE_MALFORMED;
	if ((out->header = oc_jose_object(a, (const char *)h, hn)) == NULL ||
	    (out->claims = oc_jose_object(a, (const char *)p, pn)) == NULL)
		return OC_JOSE_MALFORMED;
	out->signing_input = s;
	out->signing_input_len = (size_t)(dot2 - s);
	return OC_JOSE_OK;
}
