/* Token endpoint client authentication: Basic, post, none. */
#include "oauth/oc_client_auth.h"
#include "base/oc_b64.h"
#include "token/oc_token.h"
#include <stdint.h>
#include <string.h>

#define FAILED "Client authentication failed"
#define BAD_BASIC OC_ERR(OC_ERR_INVALID_CLIENT, FAILED ": invalid Basic credentials")

/* 1 if h starts with the scheme "Basic" (any case) followed by a space or the end. */
static int is_basic(oc_slice h)
{
	static const char b[] = "basic";
	if (h.n < 5)
		return 0;
	for (size_t i = 0; i < 5; i++)
		if ((h.p[i] | 0x20) != b[i])
			return 0;
	return h.n == 5 || h.p[5] == ' ';
}

static oc_err read_basic(oc_arena *a, oc_slice h, oc_client_creds *out)
{
	size_t i = 5, n, len;
	while (i < h.n && h.p[i] == ' ')
		i++;
	n = h.n - i;
	if (n == 0)
		return BAD_BASIC;
	uint8_t *d = oc_arena_alloc(a, OC_B64_DECMAX(n) + 1);
	if (d == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	if (oc_b64_decode(d, &len, h.p + i, n) != 0)
		return BAD_BASIC;
	d[len] = 0;
	const uint8_t *colon = memchr(d, ':', len);
	if (colon == NULL)
		return BAD_BASIC;
	/* RFC 6749 §2.3.1: both halves are form-encoded before base64. */
	size_t id_len = (size_t)(colon - d);
	if (oc_form_decode(a, (const char *)d, id_len, 0, &out->client_id, &out->client_id_len).code != OC_OK ||
	    oc_form_decode(a, (const char *)colon + 1, len - id_len - 1, 0, &out->secret, &out->secret_len).code != OC_OK)
		return BAD_BASIC;
	out->method = OC_CLIENT_AUTH_BASIC;
	return OC_ERR_NONE;
}

oc_err oc_client_creds_read(oc_arena *a, oc_slice authorization, const oc_form *f,
	oc_client_creds *out)
{
	const oc_form_pair *id = oc_form_get(f, "client_id");
	const oc_form_pair *secret = oc_form_get(f, "client_secret");

	memset(out, 0, sizeof *out);
	if (is_basic(authorization)) {
		out->basic_sent = 1;
		if (id != NULL || secret != NULL)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"Client must not use multiple authentication methods");
		oc_err e = read_basic(a, authorization, out);
		if (e.code != OC_OK)
			return e;
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
		return OC_ERR(OC_ERR_INVALID_CLIENT, "Client ID is required");
	return OC_ERR_NONE;
}

static int method_is(const oc_client *c, const char *m)
{
	return c->token_endpoint_auth_method != NULL && strcmp(c->token_endpoint_auth_method, m) == 0;
}

oc_err oc_client_authenticate(const oc_client *c, const oc_client_creds *cr)
{
	const cJSON *explicit = c->extra
		? cJSON_GetObjectItemCaseSensitive(c->extra, "authMethodExplicit") : NULL;

	if (method_is(c, "none") || c->client_secret == NULL) {
		/* A public client proves nothing and must not pretend to. */
		if (cr->method != OC_CLIENT_AUTH_NONE || !method_is(c, "none"))
			return OC_ERR(OC_ERR_INVALID_CLIENT, FAILED);
		return OC_ERR_NONE;
	}
	if (cr->method == OC_CLIENT_AUTH_NONE)
		return OC_ERR(OC_ERR_INVALID_CLIENT, FAILED);
	if (cJSON_IsTrue(explicit) &&
	    !method_is(c, cr->method == OC_CLIENT_AUTH_BASIC ? "client_secret_basic" : "client_secret_post"))
		return OC_ERR(OC_ERR_INVALID_CLIENT, FAILED);
	if (cr->secret_len == 0)
		return OC_ERR(OC_ERR_INVALID_CLIENT, FAILED ": missing client_secret");
	if (!oc_token_client_secret_check(c->client_secret, strlen(c->client_secret),
	        cr->secret, cr->secret_len))
		return OC_ERR(OC_ERR_INVALID_CLIENT, FAILED ": invalid client_secret");
	return OC_ERR_NONE;
}
