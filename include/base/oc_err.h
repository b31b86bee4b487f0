/*
 * oc_err: errors are values.
 *
 * Every failure in the core is an oc_err: an OAuth error code (RFC 6749 §5.2,
 * RFC 6750 §3.1, RFC 7591 §3.2.2, RFC 9449 …) and a short description that is
 * safe to send to the client (it never contains secrets or internal state).
 * The HTTP status that goes with a code depends on the endpoint; oc_code_status()
 * gives the token endpoint's default.
 */
#ifndef OC_ERR_H
#define OC_ERR_H

typedef enum {
	OC_OK = 0,
	OC_ERR_INVALID_REQUEST,
	OC_ERR_INVALID_CLIENT,
	OC_ERR_INVALID_GRANT,
	OC_ERR_UNAUTHORIZED_CLIENT,
	OC_ERR_UNSUPPORTED_GRANT_TYPE,
	OC_ERR_INVALID_SCOPE,
	OC_ERR_INVALID_TOKEN,
	OC_ERR_INSUFFICIENT_SCOPE,
	OC_ERR_ACCESS_DENIED,
	OC_ERR_UNSUPPORTED_RESPONSE_TYPE,
	OC_ERR_INVALID_REDIRECT_URI,
	OC_ERR_INVALID_CLIENT_METADATA,
	OC_ERR_UNSUPPORTED_TOKEN_TYPE,
	OC_ERR_TEMPORARILY_UNAVAILABLE,
	OC_ERR_SERVER_ERROR,
	OC_ERR_INVALID_TARGET,          /* RFC 8707 §2 */
	OC_ERR__COUNT
} oc_code;

typedef struct {
	oc_code code;
	const char *desc; /* static or arena string; never a secret */
} oc_err;

#define OC_ERR_NONE ((oc_err){ OC_OK, 0 })
#define OC_ERR(c, d) ((oc_err){ (c), (d) })

/* The RFC's error string for a code ("invalid_request", …); "" for OC_OK. */
const char *oc_code_name(oc_code c);

/* The token endpoint's HTTP status for a code (400, 401, 429, 500, …). */
int oc_code_status(oc_code c);

#endif
