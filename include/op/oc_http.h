/*
 * oc_http: the HTTP request an operation serves and the response it builds.
 *
 * The shim passes a request as op input fields (OC_HTTP_F_*); the body is not
 * sent up front: a flow that needs it asks with an OC_FX_BODY effect, so the
 * body of a request that goes to the user's handler is never consumed.
 *
 * A flow answers with one of:
 *   oc_http_respond   -> {"t":"response","status":…,"headers":[[k,v]…],"modes"?:"…",
 *                         "body":"…","error"?:{"code","description","own":[from,to],
 *                         "internal"?:{"category","reason","detail"},"request"?:true},"warn"?:"…"}
 *   oc_http_to_api    -> {"t":"api","handler":i,"props":<JSON>,"auth":{…},"headers"?:[…],
 *                         "modes"?:"…"}
 *   oc_http_to_default-> {"t":"default"}
 *   oc_http_throw     -> {"t":"throw","message"?:"…"} (oc_http_throw_error: "name":"Error" too)
 * which the shim turns into a Response, a call of the right handler, or an
 * exception out of fetch(): with a message a TypeError with it, without one
 * the error the last user callback threw (a failure the reference lets
 * escape, e.g. a tokenExchangeCallback that throws something else than an
 * OAuthError). An API answer without "props" hands the handler the props of
 * the last user callback's result, kept by the shim (resolveExternalToken's,
 * which never crosses as JSON).
 *
 * Header modes: how the shim adds a header to a response it did not build
 * (an API handler's; onError's replacement of an error answer, which gets
 * the answer's headers from own's end on): one character per header, 's'
 * set it, 'k' set it unless the response has it, 'a' add each of its
 * comma-separated values the response's lacks (compared ASCII
 * case-insensitively; the values joined with ", "). "modes" is left out
 * when every header is 's'.
 *
 * With op->binary set, the same answer is written in a binary layout instead,
 * so that the shim can use it without parsing JSON: OC_HTTP_ANSWER_WORDS little-endian u32
 * words, then text; offsets count from the start of the output, an offset of
 * 0 means absent, texts are UTF-8 without NUL terminator:
 *   word 0      OC_HTTP_ANSWER_RESPONSE / _API / _DEFAULT / _THROW (DEFAULT: nothing else)
 *   word 1      RESPONSE: the HTTP status; API: the handler index; THROW: 1
 *               for an Error, 0 for a TypeError (with a message)
 *   word 2      the header count k
 *   words 3, 4  offset and length of the headers: "name\0value\0name\0value…"
 *               (2k strings; the headers API adds to the handler's response)
 *   words 5, 6  RESPONSE: offset and length of the body (absent: no body);
 *               API: of "[props,auth]", one JSON text, or "[auth]": the
 *               callback's props; THROW: of the TypeError's message (absent:
 *               rethrow the callback's error)
 *   words 7, 8  RESPONSE: offset and length of
 *               "code\0from\0to\0category\0reason\0detail\0description"
 *               when the response is an OAuth error (for onError; from and
 *               to in decimal: its own headers, below; category, reason and
 *               detail: its reason as oc_err.h says, all three empty when
 *               it has none), else absent
 *   words 9, 10 offset and length of the header modes (one byte per header),
 *               absent when every header is 's'
 *   words 11, 12 RESPONSE: offset and length of a warning for the Worker's
 *               log (oc_http_resp.warn), absent when there is none
 *   word 13     RESPONSE: 1 when onError is handed the Request too
 *               (oc_http_resp.err_request), else 0
 */
#ifndef OC_HTTP_H
#define OC_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "op/oc_op.h"
#include "base/oc_url.h"
#include "base/oc_err.h"

enum {
	OC_HTTP_ANSWER_RESPONSE = 1,
	OC_HTTP_ANSWER_API = 2,
	OC_HTTP_ANSWER_DEFAULT = 3,
	OC_HTTP_ANSWER_THROW = 4
};
#define OC_HTTP_ANSWER_WORDS 14

/* Input fields of OC_KIND_HTTP. An absent header is an empty field. */
enum {
	OC_HTTP_F_METHOD = 0,
	OC_HTTP_F_URL = 1,
	OC_HTTP_F_AUTHORIZATION = 2,
	OC_HTTP_F_CONTENT_TYPE = 3,
	OC_HTTP_F_ORIGIN = 4,
	OC_HTTP_F__COUNT
};

typedef struct {
	oc_slice method;
	oc_slice url_text;
	oc_url url;
	oc_slice authorization, content_type, origin;
	int has_body;          /* after oc_http_body_ready */
	const char *body;      /* NUL-terminated copy */
	size_t body_len;
} oc_http_req;

#define OC_HTTP_MAX_HEADERS 32

typedef struct {
	int status;
	const char *hname[OC_HTTP_MAX_HEADERS];
	const char *hvalue[OC_HTTP_MAX_HEADERS];
	char hmode[OC_HTTP_MAX_HEADERS];  /* 's', 'k' or 'a' (header modes above) */
	int nheaders;
	const char *body; /* NULL: no body */
	size_t body_len;
	const char *err_code, *err_desc; /* an OAuth error response: passed to onError */
	const char *err_why;             /* its reason (oc_err.why), NULL: none */
	/* onError is handed the incoming Request too ({…, request}), as the reference
	 * hands it for a client whose metadata document cannot be resolved and for a
	 * client assertion that fails verification (oc_flow_token.c). */
	int err_request;
	/* An OAuth error response's own headers, the ones onError is given (not
	 * Content-Type, not CORS): hname[own_from..own_to), own_to -1: to the end. */
	int own_from, own_to;
	int no_body;                      /* answer to HEAD: headers only */
	/* A line for the Worker's log, which the shim writes with console.warn
	 * followed by what the store threw, if it threw (as the reference logs a
	 * failed client renewal, or a CIMD client id that did not resolve);
	 * NULL: none. */
	const char *warn;
} oc_http_resp;

/* Reads the request fields of op (the URL with oc_url_parse_request); -1 when
 * they are malformed (a host bug). */
int oc_http_req_read(oc_op *op, oc_http_req *req);

/*
 * Emits the effect that fetches the body. The host answers OC_FXR_OK with the
 * bytes, OC_FXR_MISSING when the body is larger than max_bytes (with data,
 * any, when the request's Content-Length said so and nothing was read; none
 * when the bytes read went over), OC_FXR_FAILED when it cannot be read.
 */
int oc_http_body_request(oc_op *op, uint32_t max_bytes);

/*
 * After the OC_FX_BODY effect: sets req->body. Returns OC_OK, or an
 * invalid_request error when the body was over the limit or unreadable.
 */
oc_err oc_http_body_ready(oc_op *op, oc_http_req *req);

/* Response building; strings must live as long as the op (arena or static). */
void oc_http_resp_init(oc_http_resp *r, int status);
void oc_http_resp_header(oc_http_resp *r, const char *name, const char *value);
void oc_http_resp_json(oc_http_resp *r, const char *json, size_t n);

/* A JSON answer not to be cached: Content-Type, Cache-Control: no-store, Pragma: no-cache. */
void oc_http_resp_json_no_store(oc_http_resp *r, int status, const char *json, size_t n);

/* A JSON object body {"error":…,"error_description":…} with no-store headers; e's reason kept for onError. */
void oc_http_resp_oauth_error(oc_op *op, oc_http_resp *r, int status, oc_err e);
/* The same for an error code given by name (one a user callback chose), without a reason. */
void oc_http_resp_oauth_error_named(oc_op *op, oc_http_resp *r, int status, const char *code, const char *desc);

/*
 * CORS for the provider's own answers: when the request has an Origin, allow
 * it (echoed), with Vary: Origin (RFC 6454 §7.3 caching); their modes as the
 * profile's cors_keeps_existing says (when set: Vary and
 * Access-Control-Expose-Headers 'a', the others 'k'; else all 's').
 */
void oc_http_resp_cors(oc_op *op, oc_http_resp *r, const oc_http_req *q);

/* Appends header i of from to r, with its mode. */
void oc_http_resp_copy_header(oc_http_resp *r, const oc_http_resp *from, int i);

/* 1 if some header of r has another mode than 's'. */
int oc_http_resp_has_modes(const oc_http_resp *r);

/* Serialises r as the op's output; returns OC_OP_DONE (or OC_OP_FAILED). */
oc_op_status oc_http_respond(oc_op *op, const oc_http_resp *r);

/* The token endpoint error response (RFC 6749 §5.2): status from the code,
 * Cache-Control/Pragma, and WWW-Authenticate: Basic when basic_challenge. */
oc_op_status oc_http_token_error(oc_op *op, oc_err e, int basic_challenge);

/*
 * Hands the request to API handler number `handler` with props (raw JSON;
 * NULL: the props of the last callback's result, kept by the shim) and auth
 * (JSON object text); the headers of extra (NULL: none) are added to the
 * handler's response.
 */
oc_op_status oc_http_to_api(oc_op *op, int handler, const char *props, size_t props_len,
	const char *auth_json, const oc_http_resp *extra);

/* Hands the request to the default handler. */
oc_op_status oc_http_to_default(oc_op *op);

/*
 * No answer: fetch() throws. type_error NULL: the error the last user
 * callback threw, as it was; else a TypeError with that message.
 */
oc_op_status oc_http_throw(oc_op *op, const char *type_error);
/* The same with an Error (not a TypeError) with that message. */
oc_op_status oc_http_throw_error(oc_op *op, const char *message);

#endif
