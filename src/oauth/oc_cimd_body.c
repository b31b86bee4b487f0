/*
 * A fetched Client ID Metadata Document, from bytes to a JSON value, and how
 * long it may be cached (oauth/oc_cimd.h).
 */
#include "oauth/oc_cimd.h"
#include "base/oc_json_check.h"
#include "base/oc_num.h"
#include "base/oc_utf8.h"
#include "base/oc_js_trim.h"
#include <string.h>

#define DETAIL(d) OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, (d))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")

/* 1 if the header reads as a number above the limit (Number(h), decimal forms). */
static int declared_too_large(const char *h)
{
	size_t n = strlen(h);
	const char *s = oc_js_trim(h, &n);
	char *end;
	if (n == 0)
		return 0;
	double v = oc_num_parse(s, &end);
	return end == s + n && v > OC_CIMD_MAX_BYTES && v - v == 0;
}

oc_err oc_cimd_body_read(oc_arena *a, const oc_cimd_body *b, cJSON **out)
{
	size_t start;
	*out = NULL;
	if (b->content_length != NULL && declared_too_large(b->content_length)) {
		static const char pre[] = "Client metadata exceeds size limit: ", post[] = " bytes (max 5120)";
		char *s = oc_arena_cat3(a, pre, sizeof pre - 1, b->content_length, strlen(b->content_length),
			post, sizeof post - 1);
		return s != NULL ? DETAIL(s) : NOMEM;
	}
	if (!b->has_body)
		return DETAIL("Client metadata response body is empty");
	if (b->too_large || b->n > OC_CIMD_MAX_BYTES)
		return DETAIL("Response exceeded size limit of 5120 bytes");
	if (!oc_utf8_valid(b->body, b->n))
		return DETAIL("Client metadata response is not valid UTF-8");
	switch (oc_json_check(b->body, b->n, OC_CIMD_DEPTH, OC_CIMD_VALUES, &start)) {
	case OC_JSON_OK:
		break;
	case OC_JSON_TOO_DEEP:
		return DETAIL("Client metadata nests too deeply");
	case OC_JSON_TOO_MANY:
		return DETAIL("Client metadata has too many values");
	default:
		return DETAIL("Client metadata response is not valid JSON");
	}
	oc_arena_bind_json(a);
	if ((*out = cJSON_ParseWithLength(b->body + start, b->n - start)) == NULL)
		return NOMEM;
	return OC_ERR_NONE;
}

oc_err oc_cimd_status_error(oc_arena *a, int status)
{
	char digits[OC_NUM_INT_MAX];
	size_t n = oc_num_int(status < 0 ? 0 : status, digits);
	static const char pre[] = "Failed to fetch client metadata: HTTP ";
	char *s = oc_arena_cat3(a, pre, sizeof pre - 1, digits, n, "", 0);
	return s != NULL ? DETAIL(s) : NOMEM;
}

/* A Cache-Control value, NUL-terminated at end (the host's UTF-8 of its string). */
typedef struct {
	const char *h, *end;
} header;

/* s past JavaScript's \s (U+00A0 and the other Unicode spaces too). */
static const char *past_space(const header *c, const char *s)
{
	return s + oc_js_space_len(s, (size_t)(c->end - s));
}

static int word_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

/*
 * After /(?:^|,)\s*<name>/i matched at start s of the value: the byte after
 * name, or NULL when it does not match there. Case-insensitive over ASCII.
 */
static const char *name_at(const header *c, const char *s, const char *name)
{
	if (s != c->h && s[-1] != ',')
		return NULL;
	s = past_space(c, s);
	for (; *name != 0; s++, name++)
		if ((*s >= 'A' && *s <= 'Z' ? *s + 32 : *s) != *name)
			return NULL;
	return s;
}

/* 1 if a no-cache, no-store or private directive stands in the value, ended by a word boundary. */
static int forbids(const header *c)
{
	static const char *const names[] = { "no-cache", "no-store", "private" };
	for (const char *s = c->h; s < c->end; s++)
		for (size_t i = 0; i < 3; i++) {
			const char *p = name_at(c, s, names[i]);
			if (p != NULL && !word_char((unsigned char)*p))
				return 1;
		}
	return 0;
}

/* The first /(?:^|,)\s*<name>\s*=\s*"?(\d+)/i in the value: 1 and *v (saturated), or 0. */
static int seconds(const header *c, const char *name, uint32_t *v)
{
	for (const char *s = c->h; s < c->end; s++) {
		const char *p = name_at(c, s, name);
		if (p == NULL)
			continue;
		p = past_space(c, p);
		if (*p++ != '=')
			continue;
		p = past_space(c, p);
		p += *p == '"';
		if (*p < '0' || *p > '9')
			continue;
		for (*v = 0; *p >= '0' && *p <= '9'; p++)
			*v = *v > OC_CIMD_CACHE_MAX_TTL ? *v : *v * 10 + (uint32_t)(*p - '0');
		return 1;
	}
	return 0;
}

uint32_t oc_cimd_cache_ttl(const char *h)
{
	uint32_t v;
	if (h == NULL)
		return 0;
	header c = { h, h + strlen(h) };
	if (forbids(&c))
		return 0;
	if (!seconds(&c, "s-maxage", &v) && !seconds(&c, "max-age", &v))
		return 0;
	return v > OC_CIMD_CACHE_MAX_TTL ? OC_CIMD_CACHE_MAX_TTL : v;
}
