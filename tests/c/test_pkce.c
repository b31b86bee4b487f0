#include "oc_test.h"
#include "oauth/oc_pkce.h"

/* RFC 7636 Appendix B. */
#define V "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define C "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

OC_TEST(pkce_rfc7636_appendix_b)
{
	CHECK(oc_pkce_verifier_check(V, 43).code == OC_OK);
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, C, 43).code == OC_OK);
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, V, 43, C, 43).code == OC_OK);
	CHECK(oc_pkce_verify(OC_PKCE_S256, 1, V, 43, C, 43).code == OC_OK);
	/* one character off, either side */
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, "eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", 43, C, 43).code
		== OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, V, 43, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", 43).code
		== OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, V, 43, C, 42).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, V, 43, "", 0).code == OC_ERR_INVALID_GRANT);
	/* the challenge is not a verifier for itself under S256 */
	CHECK(oc_pkce_verify(OC_PKCE_S256, 0, C, 43, C, 43).code == OC_ERR_INVALID_GRANT);
}

OC_TEST(pkce_plain)
{
	CHECK(oc_pkce_verify(OC_PKCE_PLAIN, 1, V, 43, V, 43).code == OC_OK);
	CHECK(oc_pkce_verify(OC_PKCE_PLAIN, 0, V, 43, V, 43).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verify(OC_PKCE_PLAIN, 1, V, 43, C, 43).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verify(OC_PKCE_PLAIN, 1, V, 43, V, 42).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_challenge_check(OC_PKCE_PLAIN, V, 43).code == OC_OK);
	CHECK(oc_pkce_verify((oc_pkce_method)0, 1, V, 43, V, 43).code == OC_ERR_INVALID_GRANT);
}

OC_TEST(pkce_verifier_syntax)
{
	char v[200];
	memset(v, 'a', sizeof v);
	CHECK(oc_pkce_verifier_check(v, 42).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verifier_check(v, 43).code == OC_OK);
	CHECK(oc_pkce_verifier_check(v, 128).code == OC_OK);
	CHECK(oc_pkce_verifier_check(v, 129).code == OC_ERR_INVALID_GRANT);
	CHECK(oc_pkce_verifier_check(v, 0).code == OC_ERR_INVALID_GRANT);
	memcpy(v, "AZaz09-._~", 10);
	CHECK(oc_pkce_verifier_check(v, 43).code == OC_OK);
	const char *bad = "+/= %:\"\\\x80\x7f\t";
	for (const char *p = bad; *p; p++) {
		v[20] = *p;
		CHECK(oc_pkce_verifier_check(v, 43).code == OC_ERR_INVALID_GRANT);
		CHECK(oc_pkce_challenge_check(OC_PKCE_PLAIN, v, 43).code == OC_ERR_INVALID_REQUEST);
		CHECK(oc_pkce_verify(OC_PKCE_PLAIN, 1, v, 43, v, 43).code == OC_ERR_INVALID_GRANT);
	}
	v[20] = 0;
	CHECK(oc_pkce_verifier_check(v, 43).code == OC_ERR_INVALID_GRANT);
}

OC_TEST(pkce_challenge_syntax)
{
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, C, 42).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, C "A", 44).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw=cM", 43).code
		== OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", 43).code
		== OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw.cM", 43).code
		== OC_ERR_INVALID_REQUEST);
	/* last symbol with non-zero unused bits cannot be a digest's encoding */
	CHECK(oc_pkce_challenge_check(OC_PKCE_S256, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", 43).code
		== OC_ERR_INVALID_REQUEST);
	char c[130];
	memset(c, 'x', sizeof c);
	CHECK(oc_pkce_challenge_check(OC_PKCE_PLAIN, c, 42).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check(OC_PKCE_PLAIN, c, 128).code == OC_OK);
	CHECK(oc_pkce_challenge_check(OC_PKCE_PLAIN, c, 129).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_challenge_check((oc_pkce_method)7, c, 50).code == OC_ERR_INVALID_REQUEST);
}

OC_TEST(pkce_method_parse)
{
	oc_pkce_method m = (oc_pkce_method)0;
	CHECK(oc_pkce_method_parse("S256", 4, 0, &m).code == OC_OK && m == OC_PKCE_S256);
	CHECK(oc_pkce_method_parse("plain", 5, 1, &m).code == OC_OK && m == OC_PKCE_PLAIN);
	m = (oc_pkce_method)0;
	CHECK(oc_pkce_method_parse(NULL, 0, 1, &m).code == OC_OK && m == OC_PKCE_PLAIN);
	CHECK(oc_pkce_method_parse("plain", 5, 0, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(NULL, 0, 0, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse("s256", 4, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse("S256 ", 5, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse("S512", 4, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse("", 0, 1, &m).code == OC_ERR_INVALID_REQUEST);
}
