/*
 * oc_fetch: one outbound GET of a document a client publishes at a URL (a
 * private_key_jwt client's jwks_uri; a Client ID Metadata Document in the
 * document mode below), asked of the host as the effect OC_FX_FETCH. Every rule is
 * here: the host (js-shim/core.js performFetch) performs the GET it is given
 * and reports what happened, deciding nothing.
 *
 * oc_fetch_url_check says whether a URL may be fetched at all. Refused (the
 * description returned, to follow the member's name: "must be …"):
 *   - not an absolute URL oc_url_parse accepts (8 KiB at most, no controls
 *     or spaces, no userinfo), or a scheme other than https:
 *     "must be an https: URL without userinfo or a fragment";
 *   - a fragment: the same description;
 *   - a host that is localhost or *.localhost (any case, a trailing dot
 *     ignored), an IPv6 literal (any: a service publishes its keys under a
 *     name), an IPv4 literal in any of the forms a WHATWG URL parser reads
 *     as one ("127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1": a host
 *     whose last label is a number) in 0/8, 10/8, 100.64/10, 127/8,
 *     169.254/16, 172.16/12, 192.0.0/24, 192.168/16, 198.18/15 or 224/3,
 *     an IPv4-looking host that does not parse as one, or a host with '%'
 *     (a runtime decodes it): "must not name localhost or a loopback,
 *     private, link-local or reserved address".
 * A name that resolves to a private address is not caught here: the core
 * sees no DNS (README "Machine identities").
 *
 * oc_fetch_emit appends the effect: key = the URL, ttl = the most body
 * bytes to read, expiration = the time limit in milliseconds. The host
 * answers with one of:
 *   - OC_FXR_OK: data = the body (at most the limit), meta = the status in
 *     decimal, '\n', the Content-Type header ("" when absent); no redirect
 *     is followed (a 3xx arrives as it is);
 *   - OC_FXR_TIMEOUT: the time limit passed (headers or body);
 *   - OC_FXR_TOO_LARGE: the body grew past the limit (reading stopped);
 *   - OC_FXR_FAILED: anything else (DNS, TLS, connection).
 *
 * oc_fetch_read judges that answer: OC_FETCH_OK only for status 200 with a
 * JSON content type (application/json or application/<x>+json, parameters
 * and case ignored) and a body of at most limit bytes that is valid UTF-8;
 * otherwise why not (a 3xx is OC_FETCH_REDIRECT, another status
 * OC_FETCH_STATUS). oc_fetch_status_name names each verdict for onError
 * details ("fetch_timeout", …).
 */
#ifndef OC_FETCH_H
#define OC_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include "op/oc_op.h"

typedef enum {
	OC_FETCH_OK = 0,
	OC_FETCH_NETWORK,      /* the host could not fetch (DNS, TLS, connection) */
	OC_FETCH_TIMEOUT,      /* the time limit passed */
	OC_FETCH_TOO_LARGE,    /* the body is larger than the limit */
	OC_FETCH_REDIRECT,     /* a 3xx answer: redirects are not followed */
	OC_FETCH_STATUS,       /* a status other than 200 and 3xx */
	OC_FETCH_CONTENT_TYPE, /* not a JSON content type */
	OC_FETCH_NOT_UTF8,     /* the body is not UTF-8 */
	OC_FETCH_BAD_ANSWER    /* the host's answer is not of the documented shape */
} oc_fetch_status;

/* NULL when url[0..n) may be fetched, else why not (a static description). */
const char *oc_fetch_url_check(const char *url, size_t n);

/* Appends the GET of url (not copied: it must live as long as the op); NULL if out of memory. */
oc_fx *oc_fetch_emit(oc_op *op, const char *url, uint32_t max_bytes, uint32_t timeout_ms);

/* The HTTP status of the answer r (its three digits), -1 when r holds none. */
int oc_fetch_http_status(const oc_fx_result *r);

/* The verdict on r; with OC_FETCH_OK, *body / *len are the document. */
oc_fetch_status oc_fetch_read(const oc_fx_result *r, uint32_t max_bytes, const char **body, size_t *len);

/* "fetch_network", "fetch_timeout", "fetch_too_large", "fetch_redirect", "fetch_status", … */
const char *oc_fetch_status_name(oc_fetch_status st);

/*
 * The document mode (a Client ID Metadata Document, oauth/oc_cimd.h): the
 * effect's val is "document", its meta the User-Agent to send (the
 * profile's cimd_user_agent; none when absent). The host sends the GET as
 * the references do (Accept: application/json, Cache-Control: no-store,
 * that User-Agent, cache "no-store"), follows redirects as fetch() does by
 * default, accepts any status, and reads at most max_bytes body bytes within timeout_ms (the
 * whole GET). It answers:
 *   - OC_FXR_OK: meta = lines "<status>\n<body>\n<len>\n<cc>", optionally
 *     followed by "\n<ct>\n<etag>\n<lm>" (one, two or all three): body
 *     "b" (a body, data = its bytes), "-" (the response has no body) or "+"
 *     (the body grew past max_bytes, or its Content-Length declared more:
 *     reading stopped or never started, no data); len, cc, ct, etag and lm
 *     the Content-Length, Cache-Control, Content-Type, ETag and
 *     Last-Modified headers, each ":" then the value as received, or empty
 *     when absent (a line left out: absent);
 *   - OC_FXR_TIMEOUT: the time limit passed;
 *   - OC_FXR_FAILED: the fetch threw; data = its message (may be absent).
 * The host judges nothing. A stored response read back from the cache
 * (op/oc_cache.h) is reported in the same shape.
 */
typedef struct {
	int status;                 /* 100…599 */
	int has_body, too_large;    /* as oc_cimd_body's members */
	const char *body; size_t n; /* with has_body and not too_large */
	const char *content_length; /* NULL: absent */
	const char *cache_control;  /* NULL: absent */
	const char *content_type, *etag, *last_modified; /* NULL: absent */
	const char *failure;        /* OC_FETCH_NETWORK: what the fetch threw ("" when unknown) */
} oc_fetch_doc;

/* Appends the document GET of url (not copied); NULL if out of memory. */
oc_fx *oc_fetch_emit_document(oc_op *op, const char *url, uint32_t max_bytes, uint32_t timeout_ms);

/*
 * The host's answer to it, read into *d (strings in a): OC_FETCH_OK (any
 * status), OC_FETCH_TIMEOUT, OC_FETCH_NETWORK (d->failure), or
 * OC_FETCH_BAD_ANSWER (not the documented shape; out of memory too).
 */
oc_fetch_status oc_fetch_read_document(oc_arena *a, const oc_fx_result *r, oc_fetch_doc *d);

#endif
