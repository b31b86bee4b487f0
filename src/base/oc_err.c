/* OAuth error codes: their RFC names and the token endpoint's statuses. */
#include "base/oc_err.h"

static const char *const names[OC_ERR__COUNT] = {
	[OC_OK] = "",
	[OC_ERR_INVALID_REQUEST] = "invalid_request",
	[OC_ERR_INVALID_CLIENT] = "invalid_client",
	[OC_ERR_INVALID_GRANT] = "invalid_grant",
	[OC_ERR_UNAUTHORIZED_CLIENT] = "unauthorized_client",
	[OC_ERR_UNSUPPORTED_GRANT_TYPE] = "unsupported_grant_type",
	[OC_ERR_INVALID_SCOPE] = "invalid_scope",
	[OC_ERR_INVALID_TOKEN] = "invalid_token",
	[OC_ERR_INSUFFICIENT_SCOPE] = "insufficient_scope",
	[OC_ERR_ACCESS_DENIED] = "access_denied",
	[OC_ERR_UNSUPPORTED_RESPONSE_TYPE] = "unsupported_response_type",
	[OC_ERR_INVALID_REDIRECT_URI] = "invalid_redirect_uri",
	[OC_ERR_INVALID_CLIENT_METADATA] = "invalid_client_metadata",
	[OC_ERR_UNSUPPORTED_TOKEN_TYPE] = "unsupported_token_type",
	[OC_ERR_TEMPORARILY_UNAVAILABLE] = "temporarily_unavailable",
	[OC_ERR_SERVER_ERROR] = "server_error",
	[OC_ERR_INVALID_TARGET] = "invalid_target",
};

const char *oc_code_name(oc_code c)
{
	return (unsigned)c < OC_ERR__COUNT ? names[c] : "server_error";
}

int oc_code_status(oc_code c)
{
	switch (c) {
	case OC_OK: return 200;
	case OC_ERR_INVALID_CLIENT:
	case OC_ERR_INVALID_TOKEN: return 401;
	case OC_ERR_INSUFFICIENT_SCOPE:
	case OC_ERR_ACCESS_DENIED: return 403;
	case OC_ERR_TEMPORARILY_UNAVAILABLE: return 429;
	case OC_ERR_SERVER_ERROR: return 500;
	default: return 400;
	}
}

oc_err oc_err_why(oc_err e, const char *w)
{
	if (e.code != OC_OK)
		e.why = w;
	return e;
}
