/* The redirect URI policy shared by registration, authorization and the code exchange. */
#include "oauth/oc_redirect.h"
#include "base/oc_url_whatwg.h"
#include "base/oc_form.h"
#include "base/oc_js_trim.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A redirect URI as `new URL()` reads it; buf (malloc) holds the serialized parts. */
typedef struct {
	oc_url_whatwg u;
	char *buf;
} parsed;

/* 0 and p filled (free with unparse) if s[0..n) parses; -1 if not or out of memory. */
static int parse(parsed *p, const char *s, size_t n)
{
	size_t cap = OC_URL_WHATWG_BUF(n);

	p->buf = n < SIZE_MAX / 4 ? malloc(cap) : NULL;
	if (p->buf != NULL && oc_url_whatwg_parse(&p->u, s, n, p->buf, cap) == 0)
		return 0;
	free(p->buf);
	p->buf = NULL;
	return -1;
}

static void unparse(parsed *p)
{
	free(p->buf);
}

/* A control character at s[i]: C0, DEL or C1 (U+0080-U+009F, bytes C2 80-C2 9F). */
static int control_at(const unsigned char *s, size_t n, size_t i)
{
	return s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f);
}

int oc_redirect_safe(const char *uri)
{
	static const char *const dangerous[] = { "javascript", "data", "vbscript", "file", "mailto", "blob" };
	size_t n = strlen(uri);
	const unsigned char *t = (const unsigned char *)oc_js_trim(uri, &n);
	const unsigned char *colon = memchr(t, ':', n);

	for (size_t i = 0; i < n; i++)
		if (control_at(t, n, i))
			return 0;
	if (colon == NULL)
		return 0;
	for (size_t i = 0; i < sizeof dangerous / sizeof dangerous[0]; i++) {
		size_t k = strlen(dangerous[i]);
		if ((size_t)(colon - t) != k)
			continue;
		size_t j = 0;
		while (j < k && (t[j] | 0x20) == dangerous[i][j])
			j++;
		if (j == k)
			return 0;
	}
	return 1;
}

/*
 * The checks every listed redirect URI passes (the reference's, in its order):
 * oc_redirect_safe, then, once trimmed, it parses as a URL, no '#' and no
 * userinfo. 0 and p filled (free with unparse), or -1.
 */
static int listed(parsed *p, const char *uri)
{
	size_t n = strlen(uri);
	const char *t = oc_js_trim(uri, &n);

	if (!oc_redirect_safe(uri) || parse(p, t, n) != 0)
		return -1;
	if (memchr(t, '#', n) != NULL || p->u.has_userinfo) {
		unparse(p);
		return -1;
	}
	return 0;
}

static int scheme_is(const oc_url_whatwg *u, const char *name)
{
	return oc_slice_eq(u->scheme, name);
}

/* A listed URI a code may be sent to: https, http on a loopback host, another scheme when allowed. */
static int policy_ok(const oc_config *cfg, const oc_url_whatwg *u)
{
	if (scheme_is(u, "https"))
		return 1;
	if (scheme_is(u, "http"))
		return oc_url_whatwg_is_loopback(u);
	return cfg->allow_private_use_redirect_uris;
}

oc_err oc_redirect_check_registration(const oc_config *cfg, const oc_strs *uris)
{
	int usable = 0;
	parsed p;

	if (uris->n == 0)
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "redirect_uris is required and must not be empty");
	for (size_t i = 0; i < uris->n; i++) {
		if (listed(&p, uris->v[i]) != 0)
			return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA, "Invalid redirect URI");
		usable |= policy_ok(cfg, &p.u);
		unparse(&p);
	}
	if (!usable)
		return OC_ERR(OC_ERR_INVALID_CLIENT_METADATA,
			"Redirect URI must use https, or http on a loopback host");
	return OC_ERR_NONE;
}

int oc_redirect_usable(const oc_config *cfg, const char *uri)
{
	const unsigned char *s = (const unsigned char *)uri;
	size_t n = strlen(uri);
	parsed p;
	int ok;

	/*
	 * RFC 3986 §2: no space or control anywhere, nor the other white space
	 * the reference trims off the ends (U+00A0, U+3000, …), which new URL()
	 * would not strip when the redirect is built.
	 */
	size_t m = n;
	if (oc_js_trim(uri, &m) != uri || m != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' || control_at(s, n, i))
			return 0;
	if (listed(&p, uri) != 0)
		return 0;
	ok = policy_ok(cfg, &p.u);
	unparse(&p);
	return ok;
}

/* The search of a URL: its query with the '?', or "" when empty. */
static oc_slice search(const oc_url_whatwg *u)
{
	return u->query.n > 1 ? u->query : (oc_slice){ "", 0 };
}

static int slices_eq(oc_slice a, oc_slice b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* Both URLs on a loopback host and equal but for the port (scheme, host, path, search). */
static int loopback_equal(const oc_url_whatwg *a, const oc_url_whatwg *b)
{
	return oc_url_whatwg_is_loopback(b) && slices_eq(a->scheme, b->scheme)
		&& slices_eq(a->host, b->host) && slices_eq(a->path, b->path)
		&& slices_eq(search(a), search(b));
}

/* oc_redirect_registered for uri[0..n) (no NUL in it). */
static int registered_n(const oc_strs *registered, const char *uri, size_t n)
{
	parsed q, r;
	int loopback = parse(&q, uri, n) == 0 && oc_url_whatwg_is_loopback(&q.u), found = 0;

	for (size_t i = 0; i < registered->n && !found; i++) {
		const char *reg = registered->v[i];
		if (strlen(reg) == n && memcmp(reg, uri, n) == 0) {
			found = 1;
		} else if (loopback && parse(&r, reg, strlen(reg)) == 0) {
			found = loopback_equal(&q.u, &r.u);
			unparse(&r);
		}
	}
	if (q.buf != NULL)
		unparse(&q);
	return found;
}

int oc_redirect_registered(const oc_strs *registered, const char *uri)
{
	return registered_n(registered, uri, strlen(uri));
}

int oc_redirect_match(const oc_config *cfg, const oc_strs *registered, const char *uri)
{
	return oc_redirect_usable(cfg, uri) && oc_redirect_registered(registered, uri);
}

oc_err oc_redirect_exchange_check(const char *granted, const oc_strs *registered,
	const char *given, size_t n, int pkce, int match_granted)
{
	int ok = 0;

	if (given == NULL || n == 0)
		return pkce ? OC_ERR_NONE
			: OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "redirect_uri is required when not using PKCE",
				OC_WHY("authorization-code-grant", "redirect_uri_missing"));
	ok = memchr(given, 0, n) == NULL && registered_n(registered, given, n);
	if (!ok)
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Invalid redirect URI",
			OC_WHY("authorization-code-grant", "redirect_uri_invalid"));
	if (match_granted && granted != NULL && (strlen(granted) != n || memcmp(granted, given, n) != 0))
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "redirect_uri does not match the authorization request",
			OC_WHY("authorization-code-grant", "redirect_uri_mismatch"));
	return OC_ERR_NONE;
}

/* A byte the form encoding keeps as it is. */
static int form_plain(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		|| c == '*' || c == '-' || c == '.' || c == '_';
}

/* The length of the form encoding of s[0..n). */
static size_t form_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += form_plain((unsigned char)s[i]) || s[i] == ' ' ? 1 : 3;
	return k;
}

/* Appends the form encoding of s[0..n) to out (which has room): the new end. */
static char *form_encode(char *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (form_plain(c)) {
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

static char *put(char *p, const char *s, size_t n)
{
	if (n)
		memcpy(p, s, n);
	return p + n;
}

/* A name-value list as URLSearchParams holds it (byte strings); a removed pair has a NULL name. */
typedef struct {
	oc_form_pair *v;
	size_t n;
} params;

/* The query of u (without '?') decoded as workerd's URLSearchParams does, with room for extra pairs. */
static int params_read(oc_arena *a, const oc_url_whatwg *u, size_t extra, params *l)
{
	oc_form f = { NULL, 0 };
	if (u->query.n > 1) {
		oc_form_limits lim = { u->query.n, u->query.n, OC_FORM_WHATWG | OC_FORM_RAW | OC_FORM_REPEATS };
		if (oc_form_parse(a, u->query.p + 1, u->query.n - 1, &lim, &f).code != OC_OK)
			return -1;
	}
	if ((l->v = oc_arena_alloc(a, (f.count + extra + 1) * sizeof *l->v)) == NULL)
		return -1;
	if (f.count)
		memcpy(l->v, f.pairs, f.count * sizeof *l->v);
	l->n = f.count;
	return 0;
}

static int params_named(const oc_form_pair *p, const char *name)
{
	return p->name != NULL && p->name_len == strlen(name) && memcmp(p->name, name, p->name_len) == 0;
}

/* URLSearchParams' delete(name). */
static void params_delete(params *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (params_named(&l->v[i], name))
			l->v[i].name = NULL;
}

/* URLSearchParams' set(name, value): the first pair so named takes value, the others go; else appended. */
static void params_set(params *l, const char *name, const char *value)
{
	size_t i = 0;
	while (i < l->n && !params_named(&l->v[i], name))
		i++;
	if (i == l->n) {
		l->v[l->n++] = (oc_form_pair){ name, strlen(name), value, strlen(value) };
		return;
	}
	l->v[i].value = value;
	l->v[i].value_len = strlen(value);
	for (i++; i < l->n; i++)
		if (params_named(&l->v[i], name))
			l->v[i].name = NULL;
}

/*
 * The redirect the reference builds: new URL(uri); searchParams.delete() of
 * each name in drop; searchParams.set() of each pair (name, value, …, NULL)
 * whose value is not NULL or empty (the first pair's also when empty if
 * first_always); then its href (the query re-serialized as
 * application/x-www-form-urlencoded, no '?' when it is empty). NULL when uri
 * does not parse or out of memory.
 */
static char *redirect_href(oc_arena *a, const char *uri, const char *const *drop, const char *const *pairs,
	int first_always)
{
	parsed p;
	params l;
	size_t k = 0, n;
	char *out = NULL, *o;
	int sep = '?';

	if (parse(&p, uri, strlen(uri)) != 0)
		return NULL;
	const oc_url_whatwg *u = &p.u;
	while (pairs[k] != NULL)
		k += 2;
	if (params_read(a, u, k / 2, &l) != 0)
		goto done;
	for (size_t i = 0; drop != NULL && drop[i] != NULL; i++)
		params_delete(&l, drop[i]);
	for (size_t i = 0; pairs[i] != NULL; i += 2)
		if (pairs[i + 1] != NULL && (pairs[i + 1][0] != 0 || (i == 0 && first_always)))
			params_set(&l, pairs[i], pairs[i + 1]);
	n = u->scheme.n + 3 + u->userinfo.n + 1 + u->host.n + 1 + u->port.n + u->path.n + u->fragment.n + 1;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].name != NULL)
			n += 2 + form_len(l.v[i].name, l.v[i].name_len) + form_len(l.v[i].value, l.v[i].value_len);
	if ((out = o = oc_arena_alloc(a, n)) == NULL)
		goto done;
	o = put(o, u->scheme.p, u->scheme.n);
	*o++ = ':';
	if (u->has_host) {
		o = put(o, "//", 2);
		if (u->userinfo.n) {
			o = put(o, u->userinfo.p, u->userinfo.n);
			*o++ = '@';
		}
		o = put(o, u->host.p, u->host.n);
		if (u->port.n) {
			*o++ = ':';
			o = put(o, u->port.p, u->port.n);
		}
	} else if (u->path.n > 1 && u->path.p[0] == '/' && u->path.p[1] == '/') {
		o = put(o, "/.", 2); /* so that the path is not read as an authority */
	}
	o = put(o, u->path.p, u->path.n);
	for (size_t i = 0; i < l.n; i++) {
		if (l.v[i].name == NULL)
			continue;
		*o++ = (char)sep;
		sep = '&';
		o = form_encode(o, l.v[i].name, l.v[i].name_len);
		*o++ = '=';
		o = form_encode(o, l.v[i].value, l.v[i].value_len);
	}
	o = put(o, u->fragment.p, u->fragment.n);
	*o = 0;
done:
	unparse(&p);
	return out;
}

char *oc_redirect_with(oc_arena *a, const char *uri, const char *const *pairs)
{
	return redirect_href(a, uri, NULL, pairs, 0);
}

char *oc_redirect_error(oc_arena *a, const char *uri, const char *const *pairs)
{
	static const char *const drop[] = { "error", "error_description", "error_uri", "state", "iss", NULL };
	return redirect_href(a, uri, drop, pairs, 1);
}

/* uri[0..un) then the pairs, form-encoded, the first after '#'; a NULL value is left out. */
static char *append_fragment(oc_arena *a, const char *uri, size_t un, const char *const *pairs)
{
	size_t n = un + 2;
	int sep = '#';
	for (size_t i = 0; pairs[i] != NULL; i += 2)
		if (pairs[i + 1] != NULL)
			n += 2 + form_len(pairs[i], strlen(pairs[i])) + form_len(pairs[i + 1], strlen(pairs[i + 1]));
	char *out = oc_arena_alloc(a, n), *p = out;
	if (out == NULL)
		return NULL;
	p = put(p, uri, un);
	for (size_t i = 0; pairs[i] != NULL; i += 2) {
		if (pairs[i + 1] == NULL)
			continue;
		*p++ = (char)sep;
		sep = '&';
		p = form_encode(p, pairs[i], strlen(pairs[i]));
		*p++ = '=';
		p = form_encode(p, pairs[i + 1], strlen(pairs[i + 1]));
	}
	*p = 0;
	return out;
}

char *oc_redirect_fragment(oc_arena *a, const char *uri, const char *const *pairs)
{
	return append_fragment(a, uri, strcspn(uri, "#"), pairs);
}
