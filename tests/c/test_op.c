/* The op machine's contract (begin / step / effects / resume / output / end). */
#include "oc_test.h"
#include "op/oc_op.h"
#include "config/oc_config.h"
#include <stdlib.h>

#define AUTH "Bearer user1:abcdefghijklmnop:SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS"
#define TOKEN_KEY "token:user1:abcdefghijklmnop:7ad9782e705d2cb89c8030696d10b48a080b969953e416fca2af9192a35c10ae"

/* One input field: u32 length + bytes. */
static size_t field(uint8_t *buf, const char *s)
{
	size_t n = strlen(s);
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	memcpy(buf + 4, s, n);
	return n + 4;
}

static oc_config *cfg(void)
{
	const char *err;
	static const char opts[] = "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/authorize\",\"tokenEndpoint\":\"/token\","
		"\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}}";
	return oc_config_new(opts, sizeof opts - 1, &err);
}

/* An API request: method, URL, Authorization, Content-Type, Origin. */
static size_t api_request(uint8_t *in, const char *auth)
{
	size_t n = field(in, "GET");
	n += field(in + n, "https://example.com/api/x");
	n += field(in + n, auth);
	n += field(in + n, "");
	n += field(in + n, "");
	return n;
}

static int output_has(const oc_op *op, const char *needle)
{
	const char *o;
	size_t len;
	oc_op_output(op, &o, &len);
	for (size_t i = 0, k = strlen(needle); o != NULL && i + k <= len; i++)
		if (memcmp(o + i, needle, k) == 0)
			return 1;
	return 0;
}

OC_TEST(op_machine_effects_and_resume)
{
	uint8_t in[512];
	size_t n = api_request(in, AUTH);
	oc_config *c = cfg();
	REQUIRE(c != NULL);
	oc_op *op = oc_op_begin(c, OC_KIND_HTTP, in, n, 1000e3);
	REQUIRE(op != NULL);
	CHECK(oc_op_step(op) == OC_OP_EFFECTS);
	uint32_t nfx;
	const oc_fx *fx = oc_op_effects(op, &nfx);
	CHECK(nfx == 1 && fx[0].kind == OC_FX_KV_GET);
	CHECK(fx[0].key_len == strlen(TOKEN_KEY) && memcmp(fx[0].key, TOKEN_KEY, fx[0].key_len) == 0);
	oc_fx_result r[2] = { { OC_FXR_MISSING, 0, 0, 0, 0 } };
	CHECK(oc_op_resume(op, r, 2) == -1); /* wrong result count */
	CHECK(oc_op_resume(op, r, 1) == 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	CHECK(output_has(op, "\"status\":401"));
	CHECK(output_has(op, "Invalid access token"));
	CHECK(oc_op_step(op) == OC_OP_FAILED); /* finished ops stay finished */
	CHECK(oc_op_resume(op, r, 0) == -1);
	oc_op_end(op);
	oc_config_free(c);
}

OC_TEST(op_machine_bad_input)
{
	uint8_t in[512];
	size_t n = api_request(in, AUTH);
	oc_config *c = cfg();
	CHECK(oc_op_begin(c, 9999, in, n, 0) == NULL); /* unknown kind */
	/* truncated framing: the request cannot be read; it is refused, never
	 * handed to a handler (it may be on an API route) */
	oc_op *op = oc_op_begin(c, OC_KIND_HTTP, in, 3, 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	CHECK(output_has(op, "\"status\":400") && output_has(op, "Invalid request URL"));
	oc_op_end(op);
	in[0] = 200; /* a field longer than the input */
	op = oc_op_begin(c, OC_KIND_HTTP, in, n, 0);
	CHECK(oc_op_step(op) == OC_OP_DONE);
	CHECK(output_has(op, "\"status\":400"));
	oc_op_end(op);
	op = oc_op_begin(c, OC_KIND_HTTP, NULL, 0, 0); /* no input at all */
	CHECK(oc_op_step(op) == OC_OP_DONE);
	CHECK(output_has(op, "\"status\":400"));
	oc_op_end(op);
	oc_config_free(c);
}
