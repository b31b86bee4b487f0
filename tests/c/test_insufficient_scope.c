/*
 * insufficientScope as the reference 1.2.3 answers it (R-HLP-01; the same
 * calls are compared with the reference in workerd by
 * tests/compat/construction.test.mjs).
 */
#include "oc_test.h"
#include "op/oc_op.h"
#include "config/oc_config.h"
#include "cJSON.h"
#include <stdlib.h>

/* The op's output for args (one field; no effects), parsed; NULL when it fails. */
static cJSON *call(const oc_config *cfg, const char *args)
{
	static uint8_t in[4096];
	size_t n = strlen(args);
	in[0] = (uint8_t)n; in[1] = (uint8_t)(n >> 8); in[2] = (uint8_t)(n >> 16); in[3] = (uint8_t)(n >> 24);
	memcpy(in + 4, args, n);
	oc_op *op = oc_op_begin(cfg, OC_KIND_INSUFFICIENT_SCOPE, in, n + 4, 0);
	cJSON *out = NULL;
	if (op != NULL && oc_op_step(op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		out = cJSON_ParseWithLength(o, len);
	}
	oc_op_end(op);
	return out;
}

/* The WWW-Authenticate of a response output, or the description of an error. */
static const char *said(const cJSON *out, const char *name)
{
	const cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(out, "headers"))
		if (strcmp(cJSON_GetArrayItem(h, 0)->valuestring, name) == 0)
			return cJSON_GetArrayItem(h, 1)->valuestring;
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(out, "description");
	return cJSON_IsString(d) ? d->valuestring : "";
}

OC_TEST(insufficient_scope_answers)
{
	static const char opts[] = "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"authorizeEndpoint\":\"/a\","
		"\"tokenEndpoint\":\"/t\",\"resourceMetadata\":{\"resource\":\"https://example.com/api\"}}";
	const char *err;
	oc_config *cfg = oc_config_new(opts, sizeof opts - 1, &err);
	REQUIRE(cfg != NULL);

	static const char *const refused[] = { "{\"scope\":[]}", "{\"scope\":[\"a b\"]}", "{\"scope\":[\"\"]}",
		"{\"scope\":\"read\"}", "{}", "{\"scope\":[5]}", "{\"scope\":[\"a\\\"b\"]}" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		cJSON *out = call(cfg, refused[i]);
		REQUIRE(out != NULL);
		CHECK_STR(said(out, "WWW-Authenticate"), "insufficientScope requires at least one valid OAuth scope token");
		cJSON_Delete(out);
	}

	/* each scope once; the audience's query kept; the description quoted clean, given as is in the body */
	cJSON *out = call(cfg, "{\"audience\":\"https://example.com/api?t=a\",\"scope\":[\"write\",\"admin\",\"write\"],"
		"\"description\":\"  Needs \\\"write\\\"\\n\\tnow \"}");
	REQUIRE(out != NULL);
	CHECK(cJSON_GetObjectItemCaseSensitive(out, "status")->valuedouble == 403);
	CHECK_STR(said(out, "WWW-Authenticate"), "Bearer realm=\"OAuth\", error=\"insufficient_scope\", scope=\"write admin\", "
		"resource_metadata=\"https://example.com/.well-known/oauth-protected-resource/api?t=a\", error_description=\"Needs write now\"");
	CHECK_STR(cJSON_GetObjectItemCaseSensitive(out, "body")->valuestring,
		"{\"error\":\"insufficient_scope\",\"error_description\":\"  Needs \\\"write\\\"\\n\\tnow \"}");
	cJSON_Delete(out);

	/* a description with nothing left to quote: the challenge goes without, the body keeps it */
	out = call(cfg, "{\"audience\":\"https://example.com/api\",\"scope\":[\"w\"],\"description\":\"\\\"\\\\\"}");
	REQUIRE(out != NULL);
	CHECK(strstr(said(out, "WWW-Authenticate"), "error_description") == NULL);
	CHECK(strstr(cJSON_GetObjectItemCaseSensitive(out, "body")->valuestring, "error_description") != NULL);
	cJSON_Delete(out);
	oc_config_free(cfg);
}
