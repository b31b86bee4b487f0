/* The redirect URI policy shared by registration, authorization and the code exchange. */
#include "oauth/oc_redirect.h"
#include "base/oc_url.h"
#include <string.h>

typedef enum { RU_DANGEROUS, RU_STORED, RU_USABLE } ru_class;

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* The scheme's length if s starts with an RFC 3986 scheme and ':', else 0. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!((lower(s[0]) >= 'a' && lower(s[0]) <= 'z')))
		return 0;
	while (s[i] && ((lower(s[i]) >= 'a' && lower(s[i]) <= 'z') || (s[i] >= '0' && s[i] <= '9')
		|| s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	return s[i] == ':' ? i : 0;
}

static int scheme_is(const char *s, size_t n, const char *name)
{
	if (strlen(name) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != name[i])
			return 0;
	return 1;
}

/*
 * 1 if the NUL-terminated UTF-8 string at s starts with a space or a control
 * character: C0, space, DEL, or C1 (U+0080-U+009F, bytes C2 80-C2 9F).
 */
static int space_or_control(const unsigned char *s)
{
	return s[0] <= 0x20 || s[0] == 0x7f || (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f);
}

static ru_class classify(const oc_config *cfg, const char *uri)
{
	static const char *const dangerous[] = { "javascript", "data", "vbscript", "file", "blob", "about" };
	size_t n = strlen(uri), sn = scheme_len(uri);
	if (sn == 0 || strchr(uri, '#') != NULL)
		return RU_DANGEROUS;
	for (size_t i = 0; i < n; i++)
		if (space_or_control((const unsigned char *)uri + i))
			return RU_DANGEROUS;
	for (size_t i = 0; i < sizeof dangerous / sizeof dangerous[0]; i++)
		if (scheme_is(uri, sn, dangerous[i]))
			return RU_DANGEROUS;
	if (uri[sn + 1] == '/' && uri[sn + 2] == '/') {
		oc_url u;
		if (oc_url_parse(&u, uri, n) != 0)
			return RU_DANGEROUS; /* userinfo, empty host, bad port */
		if (oc_url_is_secure(&u))
			return RU_USABLE;
		return RU_STORED;
	}
	if (scheme_is(uri, sn, "http") || scheme_is(uri, sn, "https"))
		return RU_DANGEROUS;
	/* RFC 8252 §7.1: a private-use scheme is a reverse domain name. */
	if (cfg->allow_private_use_redirect_uris && memchr(uri, '.', sn) != NULL)
		return RU_USABLE;
	return RU_STORED;
}

oc_err oc_redirect_check_registration(const oc_config *cfg, const oc_strs *uris)
{
	int usable = 0;
	if (uris->n == 0)
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "redirect_uris is required and must not be empty");
	for (size_t i = 0; i < uris->n; i++) {
		ru_class c = classify(cfg, uris->v[i]);
		if (c == RU_DANGEROUS)
			return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "Invalid redirect URI");
		usable |= c == RU_USABLE;
	}
	if (!usable)
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA,
			"Redirect URI must use https, or http on a loopback host");
	return OC_ERR_NONE;
}

/* Equal but for the port of an http loopback URI (host compared exactly). */
static int loopback_equal(const char *a, const char *b)
{
	oc_url ua, ub;
	size_t na = strlen(a), nb = strlen(b);
	if (oc_url_parse(&ua, a, na) || oc_url_parse(&ub, b, nb)
	    || !oc_slice_ieq(ua.scheme, "http") || !oc_slice_ieq(ub.scheme, "http")
	    || !oc_url_is_loopback(&ua))
		return 0;
	size_t ra = na - ua.origin.n, rb = nb - ub.origin.n;
	return ua.host.n == ub.host.n && memcmp(ua.host.p, ub.host.p, ua.host.n) == 0
		&& ra == rb && memcmp(a + ua.origin.n, b + ub.origin.n, ra) == 0;
}

int oc_redirect_match(const oc_config *cfg, const oc_strs *registered, const char *uri)
{
	if (classify(cfg, uri) != RU_USABLE)
		return 0;
	for (size_t i = 0; i < registered->n; i++)
		if (strcmp(registered->v[i], uri) == 0 || loopback_equal(uri, registered->v[i]))
			return 1;
	return 0;
}

oc_err oc_redirect_exchange_check(const char *granted, const oc_strs *registered,
	const char *given, size_t n, int pkce, int match_granted)
{
	int ok = 0;

	if (given == NULL || n == 0)
		return pkce ? OC_ERR_NONE
			: OC_ERR(OC_ERR_INVALID_REQUEST, "redirect_uri is required when not using PKCE");
	for (size_t i = 0; i < registered->n && !ok; i++)
		ok = strlen(registered->v[i]) == n && memcmp(registered->v[i], given, n) == 0;
	if (!ok)
		return OC_ERR(OC_ERR_INVALID_GRANT, "Invalid redirect URI");
	if (match_granted && granted != NULL && (strlen(granted) != n || memcmp(granted, given, n) != 0))
		return OC_ERR(OC_ERR_INVALID_GRANT, "redirect_uri does not match the authorization request");
	return OC_ERR_NONE;
}

/* Appends the form encoding of s to out (which has room): the new end. */
static char *form_encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		    || c == '*' || c == '-' || c == '.' || c == '_') {
			*out++ = (char)c;
		} else if (c == ' ') {
			*out++ = '+';
		} else {
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		}
	}
	return out;
}

/*
 * uri[0..un) then the pairs, form-encoded, the first after sep; a NULL value
 * is always left out, an empty one only when !keep_empty.
 */
static char *append_pairs(oc_arena *a, const char *uri, size_t un, int sep,
	const char *const *pairs, int keep_empty)
{
	size_t n = un + 2;
	for (size_t i = 0; pairs[i] != NULL; i += 2)
		if (pairs[i + 1] != NULL)
			n += 2 + 3 * (strlen(pairs[i]) + strlen(pairs[i + 1]));
	char *out = oc_arena_alloc(a, n), *p = out;
	if (out == NULL)
		return NULL;
	memcpy(p, uri, un);
	p += un;
	for (size_t i = 0; pairs[i] != NULL; i += 2) {
		if (pairs[i + 1] == NULL || (!keep_empty && pairs[i + 1][0] == 0))
			continue;
		*p++ = (char)sep;
		sep = '&';
		p = form_encode(p, pairs[i]);
		*p++ = '=';
		p = form_encode(p, pairs[i + 1]);
	}
	*p = 0;
	return out;
}

char *oc_redirect_with(oc_arena *a, const char *uri, const char *const *pairs)
{
	return append_pairs(a, uri, strlen(uri), strchr(uri, '?') != NULL ? '&' : '?', pairs, 0);
}

char *oc_redirect_fragment(oc_arena *a, const char *uri, const char *const *pairs)
{
	return append_pairs(a, uri, strcspn(uri, "#"), '#', pairs, 1);
}
