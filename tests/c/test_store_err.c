/* oc_store_fx_err: the one mapping of a failed KV effect to an OAuth error. */
#include "oc_test.h"
#include "store/oc_store_err.h"

static int err_is(oc_err e, oc_code code, const char *desc)
{
	return e.code == code && (desc == NULL ? e.desc == NULL : e.desc != NULL && strcmp(e.desc, desc) == 0);
}

OC_TEST(store_fx_err)
{
	oc_fx_result r = { 0 };
	static const oc_store_err_reader readers[] = { OC_STORE_ERR_HTTP, OC_STORE_ERR_HELPER };
	for (int i = 0; i < 2; i++) {
		/* an answer the caller could not read */
		r.status = OC_FXR_OK;
		CHECK(err_is(oc_store_fx_err(&r, readers[i]), OC_ERR_SERVER_ERROR, "Storage operation failed"));
		r.status = OC_FXR_FAILED;
		CHECK(err_is(oc_store_fx_err(&r, readers[i]), OC_ERR_SERVER_ERROR, "Storage operation failed"));
		r.status = OC_FXR_MISSING;
		CHECK(err_is(oc_store_fx_err(&r, readers[i]), OC_ERR_SERVER_ERROR, "Storage operation failed"));
		r.status = 77; /* a status the host should never send */
		CHECK(err_is(oc_store_fx_err(&r, readers[i]), OC_ERR_SERVER_ERROR, "Storage operation failed"));
	}
	r.status = OC_FXR_RATE_LIMITED;
	CHECK(err_is(oc_store_fx_err(&r, OC_STORE_ERR_HTTP), OC_ERR_TEMPORARILY_UNAVAILABLE,
		"Storage is rate limited, retry later"));
	CHECK(err_is(oc_store_fx_err(&r, OC_STORE_ERR_HELPER), OC_ERR_TEMPORARILY_UNAVAILABLE,
		"The storage is rate limited"));
}
