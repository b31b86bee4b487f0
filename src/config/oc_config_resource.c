/* resourceMetadata under the 1.x profile (see oc_config_resource.h). */
#include "config/oc_config_resource.h"
#include "base/oc_url_whatwg.h"
#include <stdlib.h>
#include <string.h>

#define PRM_PREFIX "/.well-known/oauth-protected-resource"

static const char BAD_RESOURCE[] = "resourceMetadata.resource is required and must be an absolute HTTPS URI "
	"without a fragment (http is accepted only on a loopback host)";
static const char BAD_ISSUER_URL[] = "resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs";
static const char BAD_ISSUER[] = "resourceMetadata.authorization_servers must contain valid HTTPS issuer URLs "
	"(http is accepted only on a loopback host)";

static int is_alpha(int c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_hex(int c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int is_upper(int c) { return c >= 'A' && c <= 'Z'; }

int oc_config_resource_syntax_ok(const char *s)
{
	size_t n = strlen(s), i;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (!is_alpha(c) && !is_digit(c) && strchr(":/?@!$&'()*+,;=._~%[]-", c) == NULL)
			return 0;
		if (c == '%' && !(i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2])))
			return 0;
	}
	if (n == 0 || !is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-'); i++)
		;
	return n - i > 3 && memcmp(s + i, "://", 3) == 0 && s[i + 3] != '/' && s[i + 3] != '?';
}

/*
 * No upper-case letter in the scheme (before the first "://") or the host
 * (after the authority's last '@': a bracketed IPv6 literal, or up to ':').
 * A bracket without its end is refused, as the reference's fold fails there.
 */
static int lower_scheme_and_host(const char *s)
{
	const char *sep = strstr(s, "://");
	if (sep == NULL || sep == s)
		return 0;
	for (const char *p = s; p < sep; p++)
		if (is_upper(*p))
			return 0;
	const char *a = sep + 3, *e = a + strcspn(a, "/?#"), *h = a, *he;
	for (const char *p = a; p < e; p++)
		if (*p == '@')
			h = p + 1;
	if (h < e && *h == '[') {
		he = memchr(h, ']', (size_t)(e - h));
		if (he == NULL)
			return 0;
		he++;
	} else {
		he = memchr(h, ':', (size_t)(e - h));
		if (he == NULL)
			he = e;
	}
	for (const char *p = h; p < he; p++)
		if (is_upper(*p))
			return 0;
	return 1;
}

/* What the checks need of a URL: parsed, https or loopback http, canonical. */
typedef struct {
	int parses, accepted_scheme, userinfo, canonical;
	oc_slice path;
} uri_facts;

/* Reads s into f; buf holds the serialization (OC_URL_WHATWG_BUF). -1: out of memory. */
static int facts(const char *s, uri_facts *f, char **buf)
{
	size_t n = strlen(s);
	oc_url_whatwg u;
	memset(f, 0, sizeof *f);
	if ((*buf = malloc(OC_URL_WHATWG_BUF(n))) == NULL)
		return -1;
	if (oc_url_whatwg_parse(&u, s, n, *buf, OC_URL_WHATWG_BUF(n)) != 0)
		return 0;
	f->parses = 1;
	f->accepted_scheme = oc_slice_eq(u.scheme, "https") ||
		(oc_slice_eq(u.scheme, "http") && oc_url_whatwg_is_loopback(&u));
	f->userinfo = u.has_userinfo;
	f->canonical = oc_url_whatwg_is_href(&u, s, n) || oc_url_whatwg_is_origin(&u, s, n);
	f->path = u.path;
	return 0;
}

static int in_metadata_namespace(oc_slice p)
{
	size_t k = strlen(PRM_PREFIX);
	return p.n >= k && memcmp(p.p, PRM_PREFIX, k) == 0 && (p.n == k || p.p[k] == '/');
}

static int check_resource(oc_config *c, const char *r, const char **err)
{
	uri_facts f;
	char *buf;
	int rc = -1;
	if (facts(r, &f, &buf))
		return -1;
	if (!oc_config_resource_syntax_ok(r) || !f.parses || !f.accepted_scheme)
		*err = BAD_RESOURCE;
	else if (!lower_scheme_and_host(r))
		*err = "resourceMetadata.resource must use a lowercase scheme and lowercase host";
	else if (f.userinfo || !f.canonical)
		*err = "resourceMetadata.resource must use canonical URL serialization without userinfo, a default port, or dot segments";
	else if (in_metadata_namespace(f.path))
		*err = "resourceMetadata.resource must not be inside the /.well-known/oauth-protected-resource namespace";
	else if ((c->resource = malloc(strlen(r) + 1)) == NULL)
		*err = NULL;
	else if (strcpy(c->resource, r), oc_url_parse(&c->resource_url, c->resource, strlen(c->resource)) != 0)
		*err = BAD_RESOURCE;
	else
		rc = 0;
	free(buf);
	return rc;
}

/* One authorization_servers entry; 0 or -1 with *err (NULL: out of memory). */
static int check_issuer(const cJSON *e, const char **err)
{
	uri_facts f;
	char *buf;
	const char *s;
	if (!cJSON_IsString(e))
		return *err = BAD_ISSUER_URL, -1;
	s = e->valuestring;
	if (facts(s, &f, &buf))
		return *err = NULL, -1;
	free(buf);
	if (!f.parses)
		return *err = BAD_ISSUER_URL, -1;
	if (!oc_config_resource_syntax_ok(s) || !f.accepted_scheme || f.userinfo || !lower_scheme_and_host(s) ||
	    !f.canonical || strchr(s, '?') != NULL || strchr(s, '#') != NULL)
		return *err = BAD_ISSUER, -1;
	return 0;
}

int oc_config_resource_check(oc_config *c, const cJSON *rm, const char **err)
{
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(rm, "resource");
	const cJSON *as = cJSON_GetObjectItemCaseSensitive(rm, "authorization_servers"), *e;

	*err = BAD_RESOURCE;
	if (!cJSON_IsObject(rm) || !cJSON_IsString(res) || check_resource(c, res->valuestring, err))
		return -1;
	if (as == NULL)
		return 0;
	/* A string is iterated as its characters, none of which is a URL. */
	if (cJSON_IsArray(as) ? cJSON_GetArraySize(as) == 0 : cJSON_IsString(as) && as->valuestring[0] == 0) {
		*err = "resourceMetadata.authorization_servers must contain at least one issuer";
		return -1;
	}
	if (!cJSON_IsArray(as)) {
		*err = BAD_ISSUER_URL;
		return -1;
	}
	cJSON_ArrayForEach(e, as)
		if (check_issuer(e, err))
			return -1;
	return 0;
}

int oc_config_bearer_methods_check(const cJSON *rm, const char **err)
{
	const cJSON *bm = cJSON_GetObjectItemCaseSensitive(rm, "bearer_methods_supported"), *e;
	if (bm == NULL || cJSON_IsNull(bm))
		return 0;
	*err = "resourceMetadata.bearer_methods_supported only supports 'header'";
	if (!cJSON_IsArray(bm))
		return -1;
	cJSON_ArrayForEach(e, bm)
		if (!cJSON_IsString(e) || strcmp(e->valuestring, "header") != 0)
			return -1;
	return 0;
}

int oc_config_rs_url(const char *s, int issuer, int *ok, int *in_namespace)
{
	uri_facts f;
	char *buf;
	*ok = *in_namespace = 0;
	if (facts(s, &f, &buf))
		return -1;
	*ok = oc_config_resource_syntax_ok(s) && f.parses && f.accepted_scheme && !f.userinfo && f.canonical;
	*in_namespace = f.parses && in_metadata_namespace(f.path);
	/* an issuer: no search (a lone '?' is an empty one) and no fragment */
	if (issuer && *ok) {
		const char *q = strchr(s, '?');
		*ok = strchr(s, '#') == NULL && (q == NULL || q[1] == 0);
	}
	free(buf);
	return 0;
}
