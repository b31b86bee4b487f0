/* PKCE (RFC 7636): verifier and challenge syntax, S256 and plain checks. */
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

oc_err oc_pkce_method_parse(const char *name, size_t n, int allow_plain,
	oc_pkce_method *out)
{
	if (name != NULL && n == 4 && memcmp(name, "S256", 4) == 0) {
		*out = OC_PKCE_S256;
		return OC_ERR_NONE;
	}
	if (name == NULL || (n == 5 && memcmp(name, "plain", 5) == 0)) {
		if (!allow_plain)
			return OC_ERR(OC_ERR_INVALID_REQUEST,
				"code_challenge_method plain is not allowed");
		*out = OC_PKCE_PLAIN;
		return OC_ERR_NONE;
	}
	return OC_ERR(OC_ERR_INVALID_REQUEST, "unsupported code_challenge_method");
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
	if (m == OC_PKCE_S256) {
		uint8_t d[OC_B64_DECMAX(43)];
		size_t dl = 0;
		/* 43 symbols whose last one carries no stray bits: a 32-byte digest. */
		ok = n == 43 && all(c, n, b64url_char)
			&& oc_b64url_decode(d, &dl, c, n) == 0 && dl == 32;
	} else if (m == OC_PKCE_PLAIN) {
		ok = n >= OC_PKCE_MIN && n <= OC_PKCE_MAX && all(c, n, unreserved);
	} else {
		ok = 0;
	}
	return ok ? OC_ERR_NONE : OC_ERR(OC_ERR_INVALID_REQUEST, "malformed code_challenge");
}

oc_err oc_pkce_verify(oc_pkce_method m, int allow_plain,
	const char *verifier, size_t vn, const char *challenge, size_t cn)
{
	const oc_err fail = OC_ERR(OC_ERR_INVALID_GRANT, "code_verifier does not match");
	oc_err e = oc_pkce_verifier_check(verifier, vn);
	if (e.code != OC_OK)
		return e;
	if (m == OC_PKCE_S256) {
		uint8_t h[32];
		char enc[OC_B64URL_ENCLEN(32)];
		oc_sha256(h, verifier, vn);
		oc_b64url_encode(enc, h, sizeof h);
		int ok = cn == sizeof enc && oc_ct_eq(enc, challenge, sizeof enc);
		oc_wipe(h, sizeof h);
		return ok ? OC_ERR_NONE : fail;
	}
	if (m == OC_PKCE_PLAIN && allow_plain)
		return cn == vn && oc_ct_eq(verifier, challenge, vn) ? OC_ERR_NONE : fail;
	return fail;
}
