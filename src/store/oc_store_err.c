/* A failed KV effect as an OAuth error (see oc_store_err.h). */
#include "store/oc_store_err.h"

oc_err oc_store_fx_err(const oc_fx_result *r, oc_store_err_reader reader)
{
	if (r->status == OC_FXR_RATE_LIMITED && reader == OC_STORE_ERR_ISSUANCE)
		return OC_ERR_WHY(OC_ERR_TEMPORARILY_UNAVAILABLE, "Token issuance is temporarily unavailable; retry shortly",
			OC_WHY_ERROR("token-issuance", "kv_rate_limited"));
	if (r->status == OC_FXR_RATE_LIMITED)
		return OC_ERR_WHY(OC_ERR_TEMPORARILY_UNAVAILABLE,
			reader == OC_STORE_ERR_HTTP ? "Storage is rate limited, retry later" : "The storage is rate limited",
			OC_WHY_ERROR("storage", "kv_rate_limited"));
	return OC_ERR_WHY(OC_ERR_SERVER_ERROR, "Storage operation failed", OC_WHY_ERROR("storage", "kv_failed"));
}
