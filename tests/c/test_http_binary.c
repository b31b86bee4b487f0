/*
 * The binary answer of an OC_KIND_HTTP op (op->binary, layout in oc_http.h):
 * well-formed, and the same answer as the JSON one for the same request.
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_http.h"
#include <stdlib.h>

#define URL_API "https://example.com/api/data"
#define GRANT "gBin000000000000"

typedef struct {
	uint8_t *p;
	size_t n;
} bytes;

static uint32_t word(bytes o, unsigned i)
{
	const uint8_t *w = o.p + 4 * i;
	return (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
}

/*
 * The text of words i, i + 1 (offset, length) as a NUL-terminated malloc'd
 * copy; *absent for offset 0; NULL when it lies outside the answer.
 */
static char *text(bytes o, unsigned i, int *absent)
{
	uint32_t off = word(o, i), len = word(o, i + 1);
	*absent = off == 0;
	if (off == 0)
		return len == 0 ? calloc(1, 1) : NULL;
	if (off < OC_HTTP_ANSWER_WORDS * 4 || off > o.n || len > o.n - off)
		return NULL;
	char *s = malloc(len + 1);
	memcpy(s, o.p + off, len);
	s[len] = 0;
	return s;
}

/* The k header pairs of words 2..4 as a JSON array of [name, value], or NULL when malformed. */
static cJSON *headers(bytes o)
{
	int absent;
	uint32_t k = word(o, 2);
	size_t len = word(o, 4), at = 0;
	char *t = text(o, 3, &absent);
	cJSON *arr = cJSON_CreateArray();
	if (t == NULL || (k != 0 && absent))
		goto bad;
	for (uint32_t i = 0; i < k; i++) {
		cJSON *pair = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, pair);
		for (int j = 0; j < 2; j++) {
			if (at > len)
				goto bad;
			cJSON_AddItemToArray(pair, cJSON_CreateString(t + at));
			at += strlen(t + at) + 1;
		}
	}
	if (k ? at != len + 1 : len != 0) /* exactly 2k strings, nothing after */
		goto bad;
	free(t);
	return arr;
bad:
	free(t);
	cJSON_Delete(arr);
	return NULL;
}

/* Words 9, 10, the header modes, added to j as "modes"; -1 when malformed. */
static int modes(bytes o, cJSON *j)
{
	int absent;
	char *m = text(o, 9, &absent);
	if (m == NULL)
		return -1;
	if (!absent)
		cJSON_AddStringToObject(j, "modes", m);
	free(m);
	return !absent && word(o, 10) != word(o, 2) ? -1 : 0;
}

/* The binary answer o as the JSON answer would be, or NULL when malformed. */
static cJSON *as_json(bytes o)
{
	int absent;
	if (o.n < OC_HTTP_ANSWER_WORDS * 4)
		return NULL;
	uint32_t kind = word(o, 0);
	cJSON *j = cJSON_CreateObject();
	if (kind == OC_HTTP_ANSWER_DEFAULT) {
		cJSON_AddStringToObject(j, "t", "default");
		for (unsigned i = 1; i < OC_HTTP_ANSWER_WORDS; i++)
			if (word(o, i) != 0)
				goto bad;
		return j;
	}
	cJSON *h = headers(o);
	if (h == NULL)
		goto bad;
	if (kind == OC_HTTP_ANSWER_API) {
		char *s = text(o, 5, &absent);
		cJSON *pa = s && !absent ? cJSON_Parse(s) : NULL;
		free(s);
		if (!cJSON_IsArray(pa) || cJSON_GetArraySize(pa) != 2 || word(o, 7) || word(o, 8)) {
			cJSON_Delete(pa);
			cJSON_Delete(h);
			goto bad;
		}
		cJSON_AddStringToObject(j, "t", "api");
		cJSON_AddNumberToObject(j, "handler", word(o, 1));
		cJSON_AddItemToObject(j, "props", cJSON_DetachItemFromArray(pa, 0));
		cJSON_AddItemToObject(j, "auth", cJSON_DetachItemFromArray(pa, 0));
		cJSON_Delete(pa);
		if (cJSON_GetArraySize(h))
			cJSON_AddItemToObject(j, "headers", h);
		else
			cJSON_Delete(h);
		if (modes(o, j))
			goto bad;
		return j;
	}
	if (kind != OC_HTTP_ANSWER_RESPONSE) {
		cJSON_Delete(h);
		goto bad;
	}
	cJSON_AddStringToObject(j, "t", "response");
	cJSON_AddNumberToObject(j, "status", word(o, 1));
	cJSON_AddItemToObject(j, "headers", h);
	if (modes(o, j))
		goto bad;
	char *body = text(o, 5, &absent);
	if (body == NULL)
		goto bad;
	if (!absent)
		cJSON_AddStringToObject(j, "body", body);
	free(body);
	char *err = text(o, 7, &absent);
	if (err == NULL)
		goto bad;
	if (!absent) { /* "code\0from\0to\0category\0reason\0detail\0description" */
		const char *from = err + strlen(err) + 1, *to = from + strlen(from) + 1;
		const char *cat = to + strlen(to) + 1, *reason = cat + strlen(cat) + 1, *detail = reason + strlen(reason) + 1;
		const char *desc = detail + strlen(detail) + 1;
		if ((size_t)(desc - err) > word(o, 8)) {
			free(err);
			goto bad;
		}
		cJSON *e = cJSON_AddObjectToObject(j, "error");
		cJSON_AddStringToObject(e, "code", err);
		cJSON_AddStringToObject(e, "description", desc);
		cJSON *own = cJSON_AddArrayToObject(e, "own");
		cJSON_AddItemToArray(own, cJSON_CreateNumber(atoi(from)));
		cJSON_AddItemToArray(own, cJSON_CreateNumber(atoi(to)));
		if (cat[0] != 0) { /* the JSON answer leaves out an absent reason */
			cJSON *in = cJSON_AddObjectToObject(e, "internal");
			cJSON_AddStringToObject(in, "category", cat);
			cJSON_AddStringToObject(in, "reason", reason);
			cJSON_AddStringToObject(in, "detail", detail);
		}
		if (word(o, 13) == 1)
			cJSON_AddTrueToObject(e, "request");
		else if (word(o, 13) != 0)
			goto bad_err;
	}
	free(err);
	char *warn = text(o, 11, &absent);
	if (warn == NULL)
		goto bad;
	if (!absent)
		cJSON_AddStringToObject(j, "warn", warn);
	free(warn);
	return j;
bad_err:
	free(err);
bad:
	cJSON_Delete(j);
	return NULL;
}

static size_t put_field(uint8_t *buf, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	if (n)
		memcpy(buf + 4, s, n);
	return n + 4;
}

/* One request through the op, answered in the binary layout (binary) or JSON; the output, malloc'd. */
static bytes run(tfx *f, int binary, const char *method, const char *url, const char *auth,
	const char *ctype, const char *body, const char *origin)
{
	bytes out = { NULL, 0 };
	uint8_t in[8192];
	size_t n = 0;
	n += put_field(in + n, method);
	n += put_field(in + n, url);
	n += put_field(in + n, auth);
	n += put_field(in + n, ctype);
	n += put_field(in + n, origin);
	f->kv.body = body ? body : "";
	f->kv.body_len = strlen(f->kv.body);
	oc_op *op = oc_op_begin(f->cfg, OC_KIND_HTTP, in, n, (double)f->kv.now * 1000.0);
	if (op == NULL)
		return out;
	op->binary = binary;
	if (fake_kv_run(&f->kv, op) == OC_OP_DONE) {
		const char *o;
		oc_op_output(op, &o, &out.n);
		out.p = malloc(out.n + 1);
		memcpy(out.p, o, out.n);
		out.p[out.n] = 0;
	}
	oc_op_end(op);
	return out;
}

/* The request answered both ways: the binary answer must read as the JSON one. */
static void same(tfx *f, const char *method, const char *url, const char *auth, const char *ctype,
	const char *body, const char *origin, const char *want_t, int line)
{
	bytes j = run(f, 0, method, url, auth, ctype, body, origin);
	bytes b = run(f, 1, method, url, auth, ctype, body, origin);
	cJSON *jo = j.p ? cJSON_ParseWithLength((const char *)j.p, j.n) : NULL;
	cJSON *bo = b.p ? as_json(b) : NULL;
	oc_test_checks++;
	if (jo == NULL || bo == NULL || !cJSON_Compare(jo, bo, 1) ||
	    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(jo, "t")), want_t) != 0) {
		char *a = bo ? cJSON_PrintUnformatted(bo) : NULL;
		oc_test_failures++;
		fprintf(stderr, "%s:%d: binary answer differs\n  json:   %s\n  binary: %s\n", __FILE__, line,
			j.p ? (const char *)j.p : "(none)", a ? a : "(malformed)");
		free(a);
	}
	cJSON_Delete(jo);
	cJSON_Delete(bo);
	free(j.p);
	free(b.p);
}

OC_TEST(http_binary_answer_matches_json)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", GRANT);
	REQUIRE(tok != NULL);
	char h[512], bad[512];
	snprintf(h, sizeof h, "Bearer %s", tok);
	snprintf(bad, sizeof bad, "Bearer x%s", tok);
	char *basic = tfx_basic("clientA000000000", FX_SECRET_C);
	const char *form = "application/x-www-form-urlencoded";

	same(&f, "GET", URL_API, h, NULL, NULL, NULL, "api", __LINE__);
	same(&f, "GET", URL_API, h, NULL, NULL, "https://app.example.net", "api", __LINE__);
	same(&f, "GET", URL_API, h, NULL, NULL, "https://\xc3\xa9t\xc3\xa9.example", "api", __LINE__);
	same(&f, "GET", URL_API, bad, NULL, NULL, NULL, "response", __LINE__);
	same(&f, "GET", URL_API, bad, NULL, NULL, "https://app.example.net", "response", __LINE__);
	same(&f, "GET", URL_API, NULL, NULL, NULL, NULL, "response", __LINE__);
	same(&f, "GET", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL, "response", __LINE__);
	same(&f, "HEAD", "https://example.com/.well-known/oauth-authorization-server", NULL, NULL, NULL, NULL, "response", __LINE__);
	same(&f, "OPTIONS", "https://example.com/token", NULL, NULL, NULL, "https://app.example.net", "response", __LINE__);
	same(&f, "GET", "https://example.com/token", NULL, NULL, NULL, NULL, "response", __LINE__);
	same(&f, "POST", "https://example.com/token", basic, "text/plain", "x", NULL, "response", __LINE__);
	same(&f, "POST", "https://example.com/token", basic, form, "grant_type=password", NULL, "response", __LINE__);
	same(&f, "POST", "https://example.com/token", basic, form, "token=not-a-token", NULL, "response", __LINE__);
	same(&f, "GET", "https://example.com/elsewhere", NULL, NULL, NULL, NULL, "default", __LINE__);
	same(&f, "GET", "not a url", NULL, NULL, NULL, NULL, "response", __LINE__); /* unreadable: 400, never routed around (#15.1) */

	/* A token response (fresh tokens each time: read, not compared): status, headers, body. */
	char *code = tfx_pending_grant(&f, "user1", "gBin000000000001", "clientA000000000", "[\"read\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), body[1024];
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&redirect_uri="
		"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, ec);
	bytes b = run(&f, 1, "POST", "https://example.com/token", basic, form, body, NULL);
	cJSON *o = b.p ? as_json(b) : NULL;
	REQUIRE(o != NULL);
	CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(o, "status")) == 200);
	CHECK(cJSON_GetObjectItem(o, "error") == NULL);
	cJSON *tr = cJSON_Parse(cJSON_GetStringValue(cJSON_GetObjectItem(o, "body")));
	CHECK(cJSON_IsString(cJSON_GetObjectItem(tr, "access_token")));
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(o, "headers")) == 3);
	cJSON_Delete(tr);
	cJSON_Delete(o);
	free(b.p);
	free(ec); free(code); free(basic); free(tok);
	tfx_free(&f);
}

OC_TEST(http_binary_reader_refuses_malformed_answers)
{
	/* The checks of as_json above must be able to fail. */
	uint8_t buf[64] = { 0 };
	bytes o = { buf, sizeof buf };
	buf[0] = OC_HTTP_ANSWER_RESPONSE;
	buf[5 * 4] = 60; /* body at 60, 8 bytes: past the end */
	buf[6 * 4] = 8;
	CHECK(as_json(o) == NULL);
	memset(buf, 0, sizeof buf);
	buf[0] = OC_HTTP_ANSWER_RESPONSE;
	buf[2 * 4] = 1; /* one header, no text */
	CHECK(as_json(o) == NULL);
	buf[0] = 9;
	CHECK(as_json(o) == NULL);
	memset(buf, 0, sizeof buf);
	buf[0] = OC_HTTP_ANSWER_DEFAULT;
	cJSON *j = as_json(o);
	CHECK(j != NULL);
	cJSON_Delete(j);
	o.n = 8;
	CHECK(as_json(o) == NULL);
}
