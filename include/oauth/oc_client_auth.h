/*
 * oc_client_auth: client authentication at the token endpoint (RFC 6749 §2.3).
 *
 * Three methods: client_secret_basic (Authorization: Basic, scheme matched
 * case-insensitively), client_secret_post (client_id and client_secret in the
 * form body), and none (a public client names itself with client_id). A
 * request uses at most one of Basic and body credentials. Which method a
 * client may use is the client's tokenEndpointAuthMethod when the client
 * record says authMethodExplicit; otherwise a confidential client may use
 * either secret method. Stored secrets are hex SHA-256, compared in constant
 * time. Error descriptions are the reference's.
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
	OC_CLIENT_AUTH_POST
} oc_client_auth_method;

typedef struct {
	oc_client_auth_method method;
	int basic_sent;              /* an Authorization: Basic header was present */
	const char *client_id;       /* NULL: none given */
	size_t client_id_len;
	const char *secret;          /* NULL: none given; may be empty */
	size_t secret_len;
} oc_client_creds;

/*
 * Reads the credentials of a token request from its Authorization header and
 * form. Other schemes (Bearer …) are ignored. Refused:
 *   - Basic together with a body client_id or client_secret:
 *     invalid_request "Client must not use multiple authentication methods";
 *   - Basic that is not base64 of "id:secret":
 *     invalid_client "Client authentication failed: invalid Basic credentials";
 *   - no client id at all: invalid_client "Client ID is required".
 * Strings point into the header, the form or the arena.
 */
oc_err oc_client_creds_read(oc_arena *a, oc_slice authorization, const oc_form *f,
	oc_client_creds *out);

/*
 * Checks creds against the stored client c (already looked up by
 * creds->client_id). OC_OK or invalid_client with the reference's
 * description.
 */
oc_err oc_client_authenticate(const oc_client *c, const oc_client_creds *creds);

#endif
