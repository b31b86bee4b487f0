/* Token endpoint client authentication: Basic, post, none; private_key_jwt read, then left to oc_client_assertion. */
#include "oauth/oc_client_auth.h"
#include "base/oc_b64.h"
#include "base/oc_jsonw.h"
#include "base/oc_strs.h"
#include "base/oc_utf8.h"
#include "token/oc_token.h"
#include <stdint.h>
#include <string.h>

#define FAILED "Client authentication failed"
#define WHY(reason) OC_WHY("client-authentication", reason)
#define BAD_BASIC OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED ": invalid Basic credentials", \
	WHY("malformed_basic_credentials"))
#define MULTIPLE OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "Client must not use multiple authentication methods", \
	WHY("multiple_authentication_methods"))
#define NOMEM OC_ERR(OC_ERR_SERVER_ERROR, "out of memory")
/* The longest client_assertion whose issuer is read (the reference's limit). */
#define ASSERTION_MAX 16384

static int is_sp(char c)
{
	return c == ' ' || c == '\t';
}

/* What JavaScript's String.prototype.trim removes, within ASCII. */
static int is_trimmed(char c)
{
	return is_sp(c) || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* 1 if the header's scheme (the text before the first space or tab) is Basic, any case. */
static int is_basic(oc_slice h)
{
	static const char b[] = "basic";
	size_t end = 0;
	while (end < h.n && !is_sp(h.p[end]))
		end++;
	if (end != 5)
		return 0;
	for (size_t i = 0; i < 5; i++)
		if ((h.p[i] | 0x20) != b[i])
			return 0;
	return 1;
}

/*
 * One half of decoded Basic credentials, read as decodeURIComponent reads the
 * Latin-1 string atob() returns: bytes from 0x80 are Latin-1 characters (UTF-8
 * here), '+' is a space, and percent escapes must decode to UTF-8.
 */
static oc_err basic_half(oc_arena *a, const uint8_t *s, size_t n, const char **out, size_t *outlen)
{
	char *w = oc_arena_alloc(a, 2 * n + 1);
	size_t m = 0;
	oc_err e;

	if (w == NULL)
		return NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			w[m++] = (char)s[i];
		} else {
			w[m++] = (char)(0xC0 | s[i] >> 6);
			w[m++] = (char)(0x80 | (s[i] & 0x3F));
		}
	}
	e = oc_form_decode(a, w, m, OC_FORM_RAW, out, outlen);
	if (e.code == OC_ERR_SERVER_ERROR)
		return e;
	if (e.code != OC_OK || !oc_utf8_valid(*out, *outlen))
		return BAD_BASIC;
	return OC_ERR_NONE;
}

static oc_err read_basic(oc_arena *a, oc_slice h, oc_client_creds *out)
{
	size_t i = 5, n = h.n, len;
	oc_err e;

	if (i == n)
		return BAD_BASIC;
	while (i < n && is_trimmed(h.p[i]))
		i++;
	while (n > i && is_trimmed(h.p[n - 1]))
		n--;
	if (i == n)
		return BAD_BASIC;
	for (size_t k = i; k < n; k++)
		if (is_sp(h.p[k]))
			return BAD_BASIC;
	uint8_t *d = oc_arena_alloc(a, OC_B64_DECMAX(n - i) + 1);
	if (d == NULL)
		return NOMEM;
	if (oc_b64_decode_forgiving(d, &len, h.p + i, n - i) != 0)
		return BAD_BASIC;
	const uint8_t *colon = memchr(d, ':', len);
	if (colon == NULL)
		return BAD_BASIC;
	size_t id_len = (size_t)(colon - d);
	if ((e = basic_half(a, d, id_len, &out->client_id, &out->client_id_len)).code != OC_OK ||
	    (e = basic_half(a, colon + 1, len - id_len - 1, &out->secret, &out->secret_len)).code != OC_OK)
		return e;
	out->method = OC_CLIENT_AUTH_BASIC;
	return OC_ERR_NONE;
}

/*
 * A JWT part's bytes as the reference decodes them (base64url mapped to base64,
 * padded, then atob), NUL-terminated in the arena; NULL if malformed.
 */
static uint8_t *jwt_part(oc_arena *a, const char *s, size_t n, size_t *len)
{
	char *std = oc_arena_alloc(a, n + 3);
	uint8_t *d = oc_arena_alloc(a, OC_B64_DECMAX(n + 3) + 1);
	size_t m;

	if (std == NULL || d == NULL)
		return NULL;
	for (m = 0; m < n; m++)
		std[m] = s[m] == '-' ? '+' : s[m] == '_' ? '/' : s[m];
	while (m % 4 != 0)
		std[m++] = '=';
	if (oc_b64_decode_forgiving(d, len, std, m) != 0)
		return NULL;
	d[*len] = 0;
	return d;
}

/* A JWT part that decodes to a JSON object, or NULL. */
static cJSON *jwt_object(oc_arena *a, const char *s, size_t n)
{
	size_t len;
	uint8_t *d = jwt_part(a, s, n, &len);
	if (d == NULL)
		return NULL;
	oc_arena_bind_json(a);
	cJSON *j = cJSON_ParseWithLengthOpts((const char *)d, len + 1, NULL, 1);
	return cJSON_IsObject(j) ? j : NULL;
}

/*
 * The unverified "iss" of a compact JWT (three non-empty parts, header and
 * claims JSON objects, a decodable signature), the last one if repeated, when
 * it is a non-empty string; else NULL.
 */
static const char *assertion_issuer(oc_arena *a, const char *s, size_t n)
{
	const char *end = s + n, *dot1, *dot2;
	const cJSON *claims, *it, *iss = NULL;
	size_t sig_len;

	if (n > ASSERTION_MAX || (dot1 = memchr(s, '.', n)) == NULL ||
	    (dot2 = memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1))) == NULL ||
	    memchr(dot2 + 1, '.', (size_t)(end - dot2 - 1)) != NULL ||
	    dot1 == s || dot2 == dot1 + 1 || dot2 + 1 == end)
		return NULL;
	if (jwt_object(a, s, (size_t)(dot1 - s)) == NULL ||
	    (claims = jwt_object(a, dot1 + 1, (size_t)(dot2 - dot1 - 1))) == NULL ||
	    jwt_part(a, dot2 + 1, (size_t)(end - dot2 - 1), &sig_len) == NULL)
		return NULL;
	cJSON_ArrayForEach(it, claims)
		if (it->string != NULL && strcmp(it->string, "iss") == 0)
			iss = it;
	return cJSON_IsString(iss) && iss->valuestring[0] != 0 ? iss->valuestring : NULL;
}

/* The first value of a client parameter; with OC_CREDS_EMPTY_UNSENT an empty value is not sent. */
static const oc_form_pair *param(const oc_form *f, const char *name, unsigned rules)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < f->count; i++) {
		const oc_form_pair *p = &f->pairs[i];
		if (p->name_len == n && memcmp(p->name, name, n) == 0 &&
		    (p->value_len > 0 || !(rules & OC_CREDS_EMPTY_UNSENT)))
			return p;
	}
	return NULL;
}

int oc_client_creds_param(const oc_form_pair *p)
{
	static const char *const names[] = {
		"client_id", "client_secret", "client_assertion", "client_assertion_type"
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (p->name_len == strlen(names[i]) && memcmp(p->name, names[i], p->name_len) == 0)
			return 1;
	return 0;
}

oc_err oc_client_creds_read(oc_arena *a, oc_slice authorization, const oc_form *f,
	unsigned rules, oc_client_creds *out)
{
	const oc_form_pair *id = param(f, "client_id", rules);
	const oc_form_pair *secret = param(f, "client_secret", rules);
	const oc_form_pair *assertion = NULL, *assertion_type = NULL;

	memset(out, 0, sizeof *out);
	if (rules & OC_CREDS_ASSERTIONS) {
		assertion = param(f, "client_assertion", rules);
		assertion_type = param(f, "client_assertion_type", rules);
	}
	if (is_basic(authorization)) {
		out->basic_sent = 1;
		if (id != NULL || secret != NULL || assertion != NULL || assertion_type != NULL)
			return MULTIPLE;
		oc_err e = read_basic(a, authorization, out);
		if (e.code != OC_OK)
			return e;
	} else if (assertion != NULL || assertion_type != NULL) {
		if (secret != NULL)
			return MULTIPLE;
		if (assertion == NULL || assertion_type == NULL)
			return OC_ERR_WHY(OC_ERR_INVALID_REQUEST,
				"client_assertion and client_assertion_type must be sent together",
				WHY("client_assertion_incomplete"));
		out->method = OC_CLIENT_AUTH_JWT;
		out->assertion = assertion->value;
		out->assertion_len = assertion->value_len;
		out->assertion_type = assertion_type->value;
		out->assertion_type_len = assertion_type->value_len;
		if (id != NULL) {
			out->client_id = id->value;
			out->client_id_len = id->value_len;
		} else if ((out->client_id = assertion_issuer(a, assertion->value, assertion->value_len)) != NULL) {
			out->client_id_len = strlen(out->client_id);
		}
	} else if (id != NULL) {
		out->client_id = id->value;
		out->client_id_len = id->value_len;
		if (secret != NULL) {
			out->method = OC_CLIENT_AUTH_POST;
			out->secret = secret->value;
			out->secret_len = secret->value_len;
		}
	}
	if (out->client_id == NULL || out->client_id_len == 0)
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, "Client ID is required", WHY("client_id_missing"));
	return OC_ERR_NONE;
}

static int is_secret_method(const char *m)
{
	return m != NULL && (strcmp(m, "client_secret_basic") == 0 || strcmp(m, "client_secret_post") == 0);
}

/* The reason of a method the client may not use, with the methods as detail (NULL: out of memory). */
static const char *method_mismatch(oc_arena *a, const oc_client *c, const char *presented)
{
	oc_jsonw w;
	oc_jsonw_init(&w, a, 128);
	oc_jsonw_why(&w, WHY("token_endpoint_auth_method_mismatch"));
	oc_jsonw_lit(&w, "{\"clientId\":");
	oc_jsonw_cstr(&w, c->client_id);
	if (c->token_endpoint_auth_method != NULL) {
		oc_jsonw_lit(&w, ",\"registeredMethod\":");
		oc_jsonw_cstr(&w, c->token_endpoint_auth_method);
	}
	oc_jsonw_lit(&w, ",\"presentedMethod\":");
	oc_jsonw_cstr(&w, presented);
	oc_jsonw_lit(&w, "}");
	return oc_jsonw_finish(&w, NULL);
}

/* 1 if c's extra lists method among its "tokenEndpointAuthMethods". */
static int listed(const oc_client *c, const char *method)
{
	return c->extra != NULL &&
		oc_strs_json_has(cJSON_GetObjectItemCaseSensitive(c->extra, "tokenEndpointAuthMethods"), method);
}

static oc_err authenticate(oc_arena *a, const oc_client *c, const oc_client_creds *cr, int cimd, int *assertion)
{
	static const char *const presented_names[] = {
		[OC_CLIENT_AUTH_NONE] = "none",
		[OC_CLIENT_AUTH_BASIC] = "client_secret_basic",
		[OC_CLIENT_AUTH_POST] = "client_secret_post",
		[OC_CLIENT_AUTH_JWT] = "private_key_jwt",
	};
	const char *registered = c->token_endpoint_auth_method;
	const char *presented = presented_names[cr->method];
	/* Present in any form (even null): the registered method is the only one. */
	int explicit = c->extra != NULL &&
		cJSON_GetObjectItemCaseSensitive(c->extra, "authMethodExplicit") != NULL;

	*assertion = 0;
	if (!(registered != NULL && strcmp(registered, presented) == 0) && !(cimd && listed(c, presented)) &&
	    !(!cimd && !explicit && is_secret_method(registered) && is_secret_method(presented))) {
		const char *why = method_mismatch(a, c, presented);
		return why != NULL ? OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED, why) : NOMEM;
	}
	*assertion = cr->method == OC_CLIENT_AUTH_JWT;
	if (cr->method == OC_CLIENT_AUTH_JWT)
		return OC_ERR_NONE;
	if (cr->method == OC_CLIENT_AUTH_NONE)
		return OC_ERR_NONE;
	if (cr->secret_len == 0)
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED ": missing client_secret", WHY("client_secret_missing"));
	if (c->client_secret == NULL)
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED ": client has no registered secret",
			WHY("client_secret_not_registered"));
	if (!oc_token_client_secret_check(c->client_secret, strlen(c->client_secret),
	        cr->secret, cr->secret_len))
		return OC_ERR_WHY(OC_ERR_INVALID_CLIENT, FAILED ": invalid client_secret", WHY("client_secret_mismatch"));
	return OC_ERR_NONE;
}

oc_err oc_client_authenticate(oc_arena *a, const oc_client *c, const oc_client_creds *cr, int *assertion)
{
	return authenticate(a, c, cr, 0, assertion);
}

oc_err oc_client_authenticate_cimd(oc_arena *a, const oc_client *c, const oc_client_creds *cr, int *assertion)
{
	return authenticate(a, c, cr, 1, assertion);
}
