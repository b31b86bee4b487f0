/* PKCE (RFC 7636): the method rule, verifier and challenge syntax, S256 and plain
 * checks, and the authorization request's and the code exchange's use of them. */
#include "oauth/oc_pkce.h"
#include "base/oc_b64.h"
#include "crypto/oc_crypto.h"
#include <string.h>

/* §4.1 unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" */
static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		|| c == '-' || c == '.' || c == '_' || c == '~';
}

static int b64url_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		|| c == '-' || c == '_';
}

static int all(const char *s, size_t n, int (*ok)(unsigned char))
{
	for (size_t i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return 0;
	return 1;
}

oc_err oc_pkce_method_parse(oc_arena *a, const char *name, size_t n, int allow_plain,
	oc_pkce_method *out)
{
	static const char unsupported[] = "Unsupported PKCE code_challenge_method: ";
	char *d;

	if (name != NULL && n == 4 && memcmp(name, "S256", 4) == 0) {
		*out = OC_PKCE_S256;
		return OC_ERR_NONE;
	}
	if (name == NULL || (n == 5 && memcmp(name, "plain", 5) == 0)) {
		if (!allow_plain)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"The plain PKCE method is not allowed. Use S256 instead.");
		*out = OC_PKCE_PLAIN;
		return OC_ERR_NONE;
	}
	if ((d = oc_arena_alloc(a, sizeof unsupported + n)) == NULL)
		return OC_ERR(OC_ERR_SERVER_ERROR, "out of memory");
	memcpy(d, unsupported, sizeof unsupported - 1);
	memcpy(d + sizeof unsupported - 1, name, n);
	d[sizeof unsupported - 1 + n] = 0;
	return OC_ERR(OC_ERR_INVALID_REQUEST, d);
}

oc_err oc_pkce_verifier_check(const char *v, size_t n)
{
	if (n < OC_PKCE_MIN || n > OC_PKCE_MAX || !all(v, n, unreserved))
		return OC_ERR(OC_ERR_INVALID_GRANT, "malformed code_verifier");
	return OC_ERR_NONE;
}

oc_err oc_pkce_challenge_check(oc_pkce_method m, const char *c, size_t n)
{
	int ok;
	const char *why = "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~";
	if (m == OC_PKCE_S256) {
		uint8_t d[OC_B64_DECMAX(43)];
		size_t dl = 0;
		/* 43 symbols whose last one carries no stray bits: a 32-byte digest. */
		ok = n == 43 && all(c, n, b64url_char)
			&& oc_b64url_decode(d, &dl, c, n) == 0 && dl == 32;
		why = "S256 code_challenge must be the 43-character base64url encoding of a SHA-256 digest";
	} else if (m == OC_PKCE_PLAIN) {
		ok = n >= OC_PKCE_MIN && n <= OC_PKCE_MAX && all(c, n, unreserved);
	} else {
		ok = 0;
	}
	return ok ? OC_ERR_NONE : OC_ERR(OC_ERR_INVALID_REQUEST, why);
}

/* 1 if verifier matches challenge under m, in constant time; no syntax check. */
static int matches(oc_pkce_method m, const char *verifier, size_t vn,
	const char *challenge, size_t cn)
{
	if (m == OC_PKCE_S256) {
		uint8_t h[32];
		char enc[OC_B64URL_ENCLEN(32)];
		oc_sha256(h, verifier, vn);
		oc_b64url_encode(enc, h, sizeof h);
		int ok = cn == sizeof enc && oc_ct_eq(enc, challenge, sizeof enc);
		oc_wipe(h, sizeof h);
		return ok;
	}
	return m == OC_PKCE_PLAIN && cn == vn && oc_ct_eq(verifier, challenge, vn);
}

oc_err oc_pkce_verify(oc_pkce_method m, int allow_plain,
	const char *verifier, size_t vn, const char *challenge, size_t cn)
{
	oc_err e = oc_pkce_verifier_check(verifier, vn);
	if (e.code != OC_OK)
		return e;
	if ((m == OC_PKCE_PLAIN && !allow_plain) || !matches(m, verifier, vn, challenge, cn))
		return OC_ERR(OC_ERR_INVALID_GRANT, "code_verifier does not match");
	return OC_ERR_NONE;
}

/* NULL for an absent or empty parameter. */
static const char *given(const char *s)
{
	return s != NULL && s[0] != 0 ? s : NULL;
}

oc_err oc_pkce_request_check(oc_arena *a, const char *challenge, const char *method,
	int allow_plain, int required)
{
	oc_pkce_method m;

	method = given(method);
	if (given(challenge) == NULL) {
		if (method != NULL)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"PKCE code_challenge is required when code_challenge_method is provided.");
		if (required)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"Public clients must use PKCE with the authorization code flow.");
		return OC_ERR_NONE;
	}
	return oc_pkce_method_parse(a, method, method ? strlen(method) : 0, allow_plain, &m);
}

oc_err oc_pkce_request_form_check(const char *challenge, const char *method)
{
	if (given(challenge) == NULL)
		return OC_ERR_NONE;
	method = given(method);
	return oc_pkce_challenge_check(method != NULL && strcmp(method, "S256") == 0 ? OC_PKCE_S256 : OC_PKCE_PLAIN,
		challenge, strlen(challenge));
}

oc_err oc_pkce_exchange_method(oc_arena *a, int allow_plain, const char *challenge,
	const char *method)
{
	oc_pkce_method m;
	size_t n = method ? strlen(method) : 0;

	if (given(challenge) == NULL && (method == NULL || strcmp(method, "plain") == 0))
		return OC_ERR_NONE;
	oc_err e = oc_pkce_method_parse(a, method, n, given(challenge) == NULL || allow_plain, &m);
	if (e.code == OC_ERR_INVALID_REQUEST)
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, e.desc, /* the grant holds the method */
			OC_WHY_AUTHZ_ERROR("authorization-code-grant", "pkce_method_invalid", "invalid_request"));
	return e;
}

oc_err oc_pkce_exchange_verify(const char *challenge, const char *method,
	const char *verifier, size_t vn)
{
	oc_pkce_method m = method != NULL && strcmp(method, "S256") == 0 ? OC_PKCE_S256 : OC_PKCE_PLAIN;

	if (verifier != NULL && vn == 0)
		verifier = NULL;
	if (given(challenge) == NULL)
		return verifier == NULL ? OC_ERR_NONE : OC_ERR_WHY(OC_ERR_INVALID_REQUEST,
			"code_verifier provided for a flow that did not use PKCE",
			OC_WHY("authorization-code-grant", "unexpected_code_verifier"));
	if (verifier == NULL)
		return OC_ERR_WHY(OC_ERR_INVALID_REQUEST, "code_verifier is required for PKCE",
			OC_WHY("authorization-code-grant", "code_verifier_missing"));
	if ((m == OC_PKCE_S256 && oc_pkce_verifier_check(verifier, vn).code != OC_OK)
	    || !matches(m, verifier, vn, challenge, strlen(challenge)))
		return OC_ERR_WHY(OC_ERR_INVALID_GRANT, "Invalid PKCE code_verifier",
			OC_WHY("authorization-code-grant", "code_verifier_mismatch"));
	return OC_ERR_NONE;
}
