/* A failed KV effect as an OAuth error (see oc_store_err.h). */
#include "store/oc_store_err.h"

oc_err oc_store_fx_err(const oc_fx_result *r, oc_store_err_reader reader)
{
	if (r->status == OC_FXR_RATE_LIMITED)
		return OC_ERR(OC_ERR_TEMPORARILY_UNAVAILABLE,
			reader == OC_STORE_ERR_HTTP ? "Storage is rate limited, retry later"
			: reader == OC_STORE_ERR_ISSUANCE ? "Token issuance is temporarily unavailable; retry shortly"
			: "The storage is rate limited");
	return OC_ERR(OC_ERR_SERVER_ERROR, "Storage operation failed");
}
