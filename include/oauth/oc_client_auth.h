/*
 * oc_client_auth: client authentication at the token endpoint (RFC 6749 §2.3),
 * as the reference identifies and authenticates a client.
 *
 * The presented method is client_secret_basic when an Authorization header
 * has the scheme Basic, private_key_jwt when client_assertion or
 * client_assertion_type was sent (with OC_CREDS_ASSERTIONS), client_secret_post
 * when client_secret was sent, else none (a public client names itself with
 * client_id). With OC_CREDS_EMPTY_UNSENT an empty client_id, client_secret,
 * client_assertion or client_assertion_type counts as not sent (and is not a
 * repeat). A client may use its registered tokenEndpointAuthMethod; a
 * client record without authMethodExplicit may also use the other secret
 * method. Stored secrets are hex SHA-256, compared in constant time.
 * Assertions are verified by oc_client_assertion. Error descriptions are the
 * reference's.
 */
#ifndef OC_CLIENT_AUTH_H
#define OC_CLIENT_AUTH_H

#include <stddef.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "base/oc_form.h"
#include "store/oc_kv.h"
#include "base/oc_url.h"

typedef enum {
	OC_CLIENT_AUTH_NONE = 0, /* client_id only (or nothing) */
	OC_CLIENT_AUTH_BASIC,
	OC_CLIENT_AUTH_POST,
	OC_CLIENT_AUTH_JWT       /* client_assertion (private_key_jwt) */
} oc_client_auth_method;

/* How the client parameters are read (the profile's behaviours of the same names). */
#define OC_CREDS_EMPTY_UNSENT 1u /* empty values count as not sent */
#define OC_CREDS_ASSERTIONS   2u /* client_assertion parameters are read */

typedef struct {
	oc_client_auth_method method;
	int basic_sent;              /* an Authorization: Basic header was present */
	const char *client_id;       /* NULL: none given */
	size_t client_id_len;
	const char *secret;          /* NULL: none given; may be empty */
	size_t secret_len;
	const char *assertion;       /* private_key_jwt: client_assertion (else NULL) */
	size_t assertion_len;
	const char *assertion_type;  /* and client_assertion_type */
	size_t assertion_type_len;
} oc_client_creds;

/*
 * Reads the credentials of a token request from its Authorization header and
 * form, under rules (OC_CREDS_* flags). Other schemes (Bearer …) are ignored.
 * The Basic scheme is the text before the first space or tab, any case; its
 * credentials are the rest, trimmed, decoded as atob() does, split at the
 * first ':', and each half form-decoded (percent escapes must be UTF-8; other
 * bytes count as Latin-1). Without client_id, a client_assertion names the
 * client by its (unverified) "iss". Refused, in this order:
 *   - Basic together with client_id or client_secret (or a client_assertion
 *     parameter), and a client_assertion parameter with client_secret:
 *     invalid_request "Client must not use multiple authentication methods";
 *   - Basic credentials that are empty, hold a space or tab, are not base64,
 *     have no ':' or a half that does not decode:
 *     invalid_client "Client authentication failed: invalid Basic credentials";
 *   - only one of client_assertion and client_assertion_type: invalid_request
 *     "client_assertion and client_assertion_type must be sent together";
 *   - no client id: invalid_client "Client ID is required".
 * Strings point into the header, the form or the arena.
 */
oc_err oc_client_creds_read(oc_arena *a, oc_slice authorization, const oc_form *f,
	unsigned rules, oc_client_creds *out);

/* 1 if p is a client authentication parameter (client_id, client_secret, client_assertion*). */
int oc_client_creds_param(const oc_form_pair *p);

/*
 * Checks creds against the stored client c (already looked up by
 * creds->client_id). OC_OK or invalid_client: "Client authentication failed"
 * (method not allowed, or private_key_jwt), "…: missing client_secret",
 * "…: client has no registered secret", "…: invalid client_secret"; or
 * server_error when a cannot hold the reason's detail.
 * Every refusal here and of oc_client_creds_read carries its reason
 * (oc_err.h), category client-authentication, the reference's reasons; a
 * method not allowed has detail {clientId, registeredMethod, presentedMethod}
 * (written in a). A private_key_jwt client whose method matches is not
 * verified here: OC_OK with *assertion set to 1, and the caller must then run
 * oc_client_assertion_check and its replay step (oc_client_assertion.h).
 */
oc_err oc_client_authenticate(oc_arena *a, const oc_client *c, const oc_client_creds *creds, int *assertion);
/*
 * The same for a Client ID Metadata Document client (oauth/oc_cimd_client.h):
 * a presented method listed in c's "tokenEndpointAuthMethods" (extra, as
 * oc_cimd_resolve builds it) is allowed too, as the reference allows it for
 * such clients only (R-AUTH-18).
 */
oc_err oc_client_authenticate_cimd(oc_arena *a, const oc_client *c, const oc_client_creds *creds, int *assertion);

#endif
