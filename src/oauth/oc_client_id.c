/* Client ids that are Client ID Metadata Document URLs (oc_client_id.h). */
#include "oauth/oc_client_id.h"
#include "base/oc_url_whatwg.h"
#include "base/oc_js_trim.h"
#include "base/oc_utf8.h"
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/*
 * The path of id as written: after "://", from the '/' that ends the
 * authority up to a '?', a '#' or the end. 0 and *path / *n set, or -1 when
 * there is none (no "://", or the authority ends otherwise).
 */
static int raw_path(const char *id, const char **path, size_t *n)
{
	const char *a = strstr(id, "://");
	if (a == NULL)
		return -1;
	const char *p = a + 3 + strcspn(a + 3, "/?#");
	if (*p != '/')
		return -1;
	*path = p;
	*n = strcspn(p, "?#");
	return 0;
}

/* new URL(id): 1 and *u filled (its slices in *buf, to free), or 0. */
static int parse(const char *id, oc_url_whatwg *u, char **buf)
{
	size_t n = strlen(id);
	*buf = n < SIZE_MAX / 8 ? malloc(OC_URL_WHATWG_BUF(n)) : NULL;
	if (*buf != NULL && oc_url_whatwg_parse(u, id, n, *buf, OC_URL_WHATWG_BUF(n)) == 0)
		return 1;
	free(*buf);
	*buf = NULL;
	return 0;
}

int oc_client_id_is_url(const char *id)
{
	oc_url_whatwg u;
	const char *p;
	size_t n;
	char *buf;
	if (raw_path(id, &p, &n) != 0 || !parse(id, &u, &buf))
		return 0;
	int ok = oc_slice_eq(u.scheme, "https");
	free(buf);
	return ok;
}

static int hex(unsigned char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* The byte escaped at s[0..3) ("%XX"), or -1. */
static int escaped(const char *s, const char *end)
{
	if (end - s < 3 || s[0] != '%' || hex((unsigned char)s[1]) < 0 || hex((unsigned char)s[2]) < 0)
		return -1;
	return hex((unsigned char)s[1]) * 16 + hex((unsigned char)s[2]);
}

/*
 * decodeURIComponent(s[0..n)): -1 when it throws (a bad escape, or escaped
 * bytes that are not UTF-8: each multi-byte sequence wholly escaped), else
 * 1 when the result is "." or "..", else 0.
 */
static int decode_segment(const char *s, size_t n)
{
	const char *end = s + n;
	size_t len = 0;
	int all_dots = 1;
	while (s < end) {
		unsigned char seq[4];
		int b = *s == '%' ? escaped(s, end) : (unsigned char)*s;
		size_t k;
		if (b < 0)
			return -1;
		if (*s != '%') {
			s++;
			k = 1;
		} else {
			s += 3;
			seq[0] = (unsigned char)b;
			k = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
			if (k == 0)
				return -1;
			for (size_t i = 1; i < k; i++, s += 3) {
				if ((b = escaped(s, end)) < 0)
					return -1;
				seq[i] = (unsigned char)b;
			}
			if (!oc_utf8_valid((const char *)seq, k))
				return -1;
		}
		all_dots &= k == 1 && b == '.';
		len += k;
	}
	return all_dots && (len == 1 || len == 2);
}

/* A byte the reference's /[\x00-\x20\x7f-\x9f\\]/ matches at s[i] (C1 as UTF-8 C2 80…C2 9F). */
static int refused_at(const unsigned char *s, size_t i)
{
	return s[i] <= 0x20 || s[i] == 0x7f || s[i] == '\\' || (s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f);
}

static const char *check(const char *id, const oc_url_whatwg *u)
{
	const char *p;
	size_t n;
	if (u->has_userinfo)
		return "Client Identifier URL must not contain userinfo";
	if (u->fragment.n > 1)
		return "Client Identifier URL must not contain a fragment";
	if (raw_path(id, &p, &n) != 0)
		return "Client Identifier URL must contain a path component";
	for (const char *end = p + n; ; ) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t k = slash != NULL ? (size_t)(slash - p) : (size_t)(end - p);
		int d = decode_segment(p, k);
		if (d < 0)
			return "Client Identifier URL contains invalid percent encoding";
		if (d > 0)
			return "Client Identifier URL must not contain dot path segments";
		if (slash == NULL)
			return NULL;
		p = slash + 1;
	}
}

/* 1 if id starts "https://" in any case. */
static int https_prefix(const char *id)
{
	static const char pre[] = "https://";
	for (size_t i = 0; i < sizeof pre - 1; i++)
		if ((id[i] | (id[i] >= 'A' && id[i] <= 'Z' ? 0x20 : 0)) != pre[i])
			return 0;
	return 1;
}

const char *oc_client_id_url_check(const char *id)
{
	size_t n = strlen(id), t = n;
	const unsigned char *s = (const unsigned char *)id;
	oc_url_whatwg u;
	char *buf;

	if (oc_js_trim(id, &t) != id || t != n)
		return "Client Identifier URL contains invalid whitespace or characters";
	for (size_t i = 0; i < n; i++)
		if (refused_at(s, i))
			return "Client Identifier URL contains invalid whitespace or characters";
	if (!https_prefix(id))
		return "Client Identifier URL must use an absolute HTTPS URL";
	if (!parse(id, &u, &buf))
		return "Client Identifier URL must be a valid HTTPS URL";
	const char *why = oc_slice_eq(u.scheme, "https") ? check(id, &u) : "Client Identifier URL must use HTTPS";
	free(buf);
	return why;
}
