/*
 * The module's op exports (src/op/oc_wasm.c), natively: begin with the input
 * in the scratch buffer, continue with results encoded there, the io block,
 * the output of a done op copied to the scratch buffer and the op ended.
 * (Natively the io block's pointer words are truncated: read the scratch
 * buffer instead.)
 */
#include "oc_test.h"
#include "token_fixture.h"
#include "op/oc_http.h"
#include "token/oc_token.h"
#include <stdlib.h>

uint8_t *oc_w_scratch(size_t n);
uint32_t *oc_w_io(void);
oc_op *oc_w_op_begin(const oc_config *cfg, int kind, size_t n, double now_ms, int flags);
int oc_w_op_continue(oc_op *op, size_t n);
void oc_w_op_end(oc_op *op);

static size_t put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
	return 4;
}

/* An API request for tok, begun from the scratch buffer with flags. */
static oc_op *begin_api(const tfx *f, const char *tok, int flags)
{
	char auth[512];
	const char *fields[5] = { "GET", "https://example.com/api/x", auth, "", "" };
	snprintf(auth, sizeof auth, "Bearer %s", tok);
	uint8_t *s = oc_w_scratch(1024);
	size_t n = 0;
	for (int i = 0; i < 5; i++) {
		n += put32(s + n, (uint32_t)strlen(fields[i]));
		memcpy(s + n, fields[i], strlen(fields[i]));
		n += strlen(fields[i]);
	}
	return oc_w_op_begin(f->cfg, OC_KIND_HTTP, n, (double)f->kv.now * 1000.0, flags);
}

/* One result (status, data or NULL, no metadata) in the scratch buffer; its byte count. */
static size_t put_result(uint8_t *s, uint32_t status, const char *data)
{
	size_t n = put32(s, status);
	n += put32(s + n, data ? (uint32_t)strlen(data) : UINT32_MAX);
	n += put32(s + n, UINT32_MAX);
	if (data) {
		memcpy(s + n, data, strlen(data));
		n += strlen(data);
	}
	return n;
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

OC_TEST(wasm_op_begin_continue_end)
{
	tfx f;
	tfx_init(&f, "");
	char *tok = tfx_access_token(&f, "user1", "gAbi000000000000");
	REQUIRE(tok != NULL);
	char id[OC_TOKEN_ID_LEN + 1], key[256];
	oc_token_id(id, tok, strlen(tok));
	snprintf(key, sizeof key, "token:user1:gAbi000000000000:%s", id);
	const fake_kv_entry *e = fake_kv_find(&f.kv, key);
	REQUIRE(e != NULL);
	uint32_t *io = oc_w_io();

	/* One KV read asked; the input wiped from the scratch buffer. */
	oc_op *op = begin_api(&f, tok, 1);
	REQUIRE(op != NULL);
	CHECK(io[0] == OC_OP_EFFECTS && io[2] == 1 && op->nfx == 1 && op->fx[0].kind == OC_FX_KV_GET);
	CHECK(op->fx[0].key_len == strlen(key) && memcmp(op->fx[0].key, key, strlen(key)) == 0);
	CHECK(all_zero(oc_w_scratch(1), 64));

	/* Refused, nothing done: results that do not match the batch or the buffer. */
	uint8_t *s = oc_w_scratch(4096);
	size_t n = put_result(s, OC_FXR_OK, e->val);
	CHECK(oc_w_op_continue(op, n - 1) == -1);           /* data cut short */
	n = put_result(s, OC_FXR_OK, e->val);
	CHECK(oc_w_op_continue(op, 8) == -1);               /* a header cut short */
	n = put_result(s, OC_FXR_OK, e->val);
	size_t n2 = n + put_result(s + n, OC_FXR_MISSING, NULL);
	CHECK(oc_w_op_continue(op, n2) == -1);              /* two results for one effect */
	CHECK(oc_w_op_continue(op, (size_t)1 << 30) == -1); /* beyond the scratch buffer */
	CHECK(all_zero(s, n2));                              /* results are wiped, taken or not */
	CHECK(io[0] == OC_OP_EFFECTS && op->step != NULL);

	/* The record: the answer, in the binary layout, in the scratch buffer; the op ended. */
	n = put_result(s, OC_FXR_OK, e->val);
	CHECK(oc_w_op_continue(op, n) == 0);
	s = oc_w_scratch(1);
	CHECK(io[0] == OC_OP_DONE && io[2] >= OC_HTTP_ANSWER_WORDS * 4 && io[2] <= io[4]);
	CHECK(s[0] == OC_HTTP_ANSWER_API);

	/* Without flags the answer is JSON; a missing record is a 401. */
	op = begin_api(&f, tok, 0);
	REQUIRE(op != NULL);
	s = oc_w_scratch(64);
	CHECK(oc_w_op_continue(op, put_result(s, OC_FXR_MISSING, NULL)) == 0);
	s = oc_w_scratch(1);
	CHECK(io[0] == OC_OP_DONE && io[2] > 0 && s[0] == '{');
	char *json = calloc(1, (size_t)io[2] + 1);
	REQUIRE(json != NULL);
	memcpy(json, s, io[2]);
	CHECK(strstr(json, "\"status\":401") != NULL);
	free(json);

	/* An empty value is data ("", not absent). */
	op = begin_api(&f, tok, 1);
	REQUIRE(op != NULL);
	s = oc_w_scratch(64);
	CHECK(oc_w_op_continue(op, put_result(s, OC_FXR_OK, "")) == 0);
	s = oc_w_scratch(1);
	CHECK(io[0] == OC_OP_DONE && s[0] == OC_HTTP_ANSWER_RESPONSE);

	/* An op done in its first step is ended by begin: its answer is in the scratch buffer. */
	op = begin_api(&f, "", 1);
	REQUIRE(op != NULL);
	s = oc_w_scratch(1);
	CHECK(io[0] == OC_OP_DONE && s[0] == OC_HTTP_ANSWER_RESPONSE && io[2] >= OC_HTTP_ANSWER_WORDS * 4);

	/* An op abandoned while it waits is ended by the host. */
	op = begin_api(&f, tok, 1);
	REQUIRE(op != NULL && io[0] == OC_OP_EFFECTS);
	oc_w_op_end(op);

	/* An unknown kind does not start. */
	s = oc_w_scratch(16);
	CHECK(oc_w_op_begin(f.cfg, 999, 0, 0, 0) == NULL);
	free(tok);
	tfx_free(&f);
}
