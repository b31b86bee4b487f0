#include "oc_test.h"
#include "op/oc_op.h"
#include "config/oc_config.h"
#include "cJSON.h"
#include <stdlib.h>

/* Runs an OC_KIND_HTTP op that needs no effect; returns its output (malloc) or NULL. */
static char *http_once(const oc_config *c, const char *method, const char *url)
{
	const char *f[5] = { method, url, "", "", "" };
	size_t cap = 64 + strlen(url), n = 0;
	uint8_t *in = malloc(cap);
	if (in == NULL)
		return NULL;
	for (int i = 0; i < 5; i++) {
		size_t l = strlen(f[i]);
		in[n] = (uint8_t)l; in[n + 1] = (uint8_t)(l >> 8); in[n + 2] = (uint8_t)(l >> 16); in[n + 3] = (uint8_t)(l >> 24);
		memcpy(in + n + 4, f[i], l);
		n += 4 + l;
	}
	oc_op *op = oc_op_begin(c, OC_KIND_HTTP, in, n, 1e12);
	free(in);
	char *out = NULL;
	if (op != NULL && oc_op_step(op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		if ((out = malloc(len + 1)) != NULL) {
			memcpy(out, o, len);
			out[len] = 0;
		}
	}
	oc_op_end(op);
	return out;
}

/* The WWW-Authenticate value of a response (malloc), or NULL. */
static char *www_authenticate(const char *out)
{
	cJSON *o = cJSON_Parse(out), *h;
	char *v = NULL;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(o, "headers")) {
		const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		const char *val = cJSON_GetStringValue(cJSON_GetArrayItem(h, 1));
		if (name && val && strcmp(name, "WWW-Authenticate") == 0 && (v = malloc(strlen(val) + 1)))
			strcpy(v, val);
	}
	cJSON_Delete(o);
	return v;
}

/* Regression (fuzz_http): a challenge over 2 KiB made the op fail instead of answering 401. */
OC_TEST(flow_api_long_challenge)
{
	const char *err;
	static const char v0[] = "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true}";
	oc_config *c = oc_config_new(v0, sizeof v0 - 1, &err);
	REQUIRE(c != NULL);
	size_t n = 3000;
	char *url = malloc(n + 1);
	REQUIRE(url != NULL);
	strcpy(url, "https://example.com/api/");
	memset(url + 24, 'a', n - 24);
	url[n] = 0;
	char *out = http_once(c, "GET", url);
	REQUIRE(out != NULL);
	CHECK(strstr(out, "\"status\":401") != NULL);
	char *ch = www_authenticate(out);
	CHECK(ch != NULL && strstr(ch, "/.well-known/oauth-protected-resource/api/aaaa") != NULL &&
	      strlen(ch) > n);
	free(ch);
	free(out);
	free(url);
	oc_config_free(c);

	/* 1.x: many required scopes, all in the challenge */
	char opts[8192];
	size_t k = (size_t)snprintf(opts, sizeof opts, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,"
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"},\"requiredScopes\":[");
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(opts + k, sizeof opts - k, "%s\"scope-number-%03d-with-a-long-name\"", i ? "," : "", i);
	k += (size_t)snprintf(opts + k, sizeof opts - k, "]}");
	REQUIRE(k < sizeof opts);
	c = oc_config_new(opts, k, &err);
	REQUIRE(c != NULL);
	out = http_once(c, "GET", "https://example.com/api/x");
	REQUIRE(out != NULL);
	CHECK(strstr(out, "\"status\":401") != NULL);
	ch = www_authenticate(out);
	CHECK(ch != NULL && strstr(ch, "scope=\"scope-number-000-with-a-long-name ") != NULL &&
	      strstr(ch, " scope-number-099-with-a-long-name\"") != NULL);
	free(ch);
	free(out);
	oc_config_free(c);
}
