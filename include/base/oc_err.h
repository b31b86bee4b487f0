/*
 * oc_err: errors are values.
 *
 * Every failure in the core is an oc_err: an OAuth error code (RFC 6749 §5.2,
 * RFC 6750 §3.1, RFC 7591 §3.2.2, RFC 9449 …) and a short description that is
 * safe to send to the client (it never contains secrets or internal state).
 * The HTTP status that goes with a code depends on the endpoint; oc_code_status()
 * gives the token endpoint's default.
 *
 * An error that answers an HTTP request may also carry why it was refused:
 * which check failed, for the application's onError hook only (its
 * `internal`: category, reason, detail), never sent to the client. It is one
 * text "category\0reason\0detail": a kebab-case subsystem, a snake_case check
 * (the reference's names where it has the same check), and a detail that is
 * empty (none), a JSON object, "error" (the Error behind the refusal: the
 * one a callback or the store threw, else an Error whose message is the
 * description) or "error AuthorizationError <code>" (an AuthorizationError
 * with that code and the description). OC_WHY builds the static ones; NULL:
 * no reason given.
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
	const char *why;  /* NULL, or "category\0reason\0detail" (above); never a secret */
} oc_err;

#define OC_ERR_NONE ((oc_err){ OC_OK, 0, 0 })
#define OC_ERR(c, d) ((oc_err){ (c), (d), 0 })
/* An error with its reason: OC_ERR_WHY(code, desc, OC_WHY("category", "reason")). */
#define OC_ERR_WHY(c, d, w) ((oc_err){ (c), (d), (w) })
/* A static reason without detail (the literal's own NUL ends the empty detail). */
#define OC_WHY(category, reason) category "\0" reason "\0"
/* A static reason whose detail is the Error behind it. */
#define OC_WHY_ERROR(category, reason) category "\0" reason "\0error"
/* A static reason whose detail is an AuthorizationError with code (a literal). */
#define OC_WHY_AUTHZ_ERROR(category, reason, code) category "\0" reason "\0error AuthorizationError " code

/* e with the reason w (e unchanged when it is OC_OK). */
oc_err oc_err_why(oc_err e, const char *w);

/* The RFC's error string for a code ("invalid_request", …); "" for OC_OK. */
const char *oc_code_name(oc_code c);

/* The token endpoint's HTTP status for a code (400, 401, 429, 500, …). */
int oc_code_status(oc_code c);

#endif
