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
	oc_arena *a = oc_arena_new();
	oc_pkce_method m = (oc_pkce_method)0;
	CHECK(oc_pkce_method_parse(a, "S256", 4, 0, &m).code == OC_OK && m == OC_PKCE_S256);
	CHECK(oc_pkce_method_parse(a, "plain", 5, 1, &m).code == OC_OK && m == OC_PKCE_PLAIN);
	m = (oc_pkce_method)0;
	CHECK(oc_pkce_method_parse(a, NULL, 0, 1, &m).code == OC_OK && m == OC_PKCE_PLAIN);
	CHECK(oc_pkce_method_parse(a, "plain", 5, 0, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(a, NULL, 0, 0, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(a, "s256", 4, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(a, "S256 ", 5, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(a, "S512", 4, 1, &m).code == OC_ERR_INVALID_REQUEST);
	CHECK(oc_pkce_method_parse(a, "", 0, 1, &m).code == OC_ERR_INVALID_REQUEST);
	oc_arena_free(a);
}

/* 1 if e is code with description desc. */
static int err_is(oc_err e, oc_code code, const char *desc)
{
	int ok = e.code == code && (desc == NULL ? e.desc == NULL : e.desc != NULL && strcmp(e.desc, desc) == 0);
	if (!ok)
		fprintf(stderr, "  got %d %s\n", (int)e.code, e.desc ? e.desc : "(null)");
	return ok;
}

static const char PLAIN_REFUSED[] = "The plain PKCE method is not allowed. Use S256 instead.";

OC_TEST(pkce_method_parse_wording)
{
	oc_arena *a = oc_arena_new();
	oc_pkce_method m;
	CHECK(err_is(oc_pkce_method_parse(a, "plain", 5, 0, &m), OC_ERR_INVALID_REQUEST, PLAIN_REFUSED));
	CHECK(err_is(oc_pkce_method_parse(a, NULL, 0, 0, &m), OC_ERR_INVALID_REQUEST, PLAIN_REFUSED));
	CHECK(err_is(oc_pkce_method_parse(a, "S512", 4, 1, &m), OC_ERR_INVALID_REQUEST,
		"Unsupported PKCE code_challenge_method: S512"));
	CHECK(err_is(oc_pkce_method_parse(a, "S256x", 4, 1, &m), OC_OK, NULL) && m == OC_PKCE_S256);
	CHECK(err_is(oc_pkce_method_parse(a, "plainS", 6, 0, &m), OC_ERR_INVALID_REQUEST,
		"Unsupported PKCE code_challenge_method: plainS"));
	CHECK(err_is(oc_pkce_method_parse(a, "", 0, 0, &m), OC_ERR_INVALID_REQUEST,
		"Unsupported PKCE code_challenge_method: "));
	oc_arena_free(a);
}

static const char S256_BAD[] =
	"S256 code_challenge must be the 43-character base64url encoding of a SHA-256 digest";
static const char PLAIN_BAD[] = "code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~";

/* The authorization request's entry, as parseAuthRequest calls it. */
OC_TEST(pkce_request_check)
{
	static const char no_challenge[] =
		"PKCE code_challenge is required when code_challenge_method is provided.";
	static const char public_[] = "Public clients must use PKCE with the authorization code flow.";
	oc_arena *a = oc_arena_new();
	for (int allow = 0; allow < 2; allow++) {
		CHECK(err_is(oc_pkce_request_check(a, C, "S256", allow, 0), OC_OK, NULL));
		CHECK(err_is(oc_pkce_request_check(a, C, "S256", allow, 1), OC_OK, NULL));
		/* the challenge's form is oc_pkce_request_form_check's */
		CHECK(err_is(oc_pkce_request_check(a, "x", "S256", allow, 1), OC_OK, NULL));
		CHECK(err_is(oc_pkce_request_check(a, "x", "S512", allow, 1), OC_ERR_INVALID_REQUEST,
			"Unsupported PKCE code_challenge_method: S512"));
		CHECK(err_is(oc_pkce_request_check(a, V, "plain", allow, 0), allow ? OC_OK : OC_ERR_INVALID_REQUEST,
			allow ? NULL : PLAIN_REFUSED));
		/* no method (NULL or empty): plain */
		CHECK(err_is(oc_pkce_request_check(a, V, NULL, allow, 1), allow ? OC_OK : OC_ERR_INVALID_REQUEST,
			allow ? NULL : PLAIN_REFUSED));
		CHECK(err_is(oc_pkce_request_check(a, V, "", allow, 1), allow ? OC_OK : OC_ERR_INVALID_REQUEST,
			allow ? NULL : PLAIN_REFUSED));
		CHECK(err_is(oc_pkce_request_check(a, V, "s256", allow, 0), OC_ERR_INVALID_REQUEST,
			"Unsupported PKCE code_challenge_method: s256"));
		/* a method without a challenge, before the public-client rule */
		CHECK(err_is(oc_pkce_request_check(a, NULL, "S256", allow, 1), OC_ERR_INVALID_REQUEST, no_challenge));
		CHECK(err_is(oc_pkce_request_check(a, "", "bogus", allow, 0), OC_ERR_INVALID_REQUEST, no_challenge));
		CHECK(err_is(oc_pkce_request_check(a, NULL, NULL, allow, 1), OC_ERR_INVALID_REQUEST, public_));
		CHECK(err_is(oc_pkce_request_check(a, "", "", allow, 1), OC_ERR_INVALID_REQUEST, public_));
		CHECK(err_is(oc_pkce_request_check(a, NULL, NULL, allow, 0), OC_OK, NULL));
	}
	oc_arena_free(a);
}

/*
 * RFC 7636 §4.2: the challenge of an authorization request must have the form
 * its method gives it, or no verifier can ever match it. The reference stores
 * any; parseAuthRequest refuses it through oc_pkce_request_form_check (a
 * deliberate difference).
 */
OC_TEST(pkce_request_challenge_form)
{
	static const struct { const char *challenge; const char *desc; } s256[] = {
		{ C, NULL },
		{ "abcdefghij", S256_BAD },                                       /* 10 characters */
		{ "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", S256_BAD },         /* 42 */
		{ C "A", S256_BAD },                                              /* 44 */
		{ C "!!", S256_BAD },
		{ "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw=cM", S256_BAD },
		{ "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw~cM", S256_BAD },        /* unreserved, not base64url */
		{ "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", S256_BAD },        /* stray bits */
		{ "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c ", S256_BAD },
		{ " E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", S256_BAD },
	};
	char c[131];

	for (size_t i = 0; i < sizeof s256 / sizeof s256[0]; i++)
		CHECK(err_is(oc_pkce_request_form_check(s256[i].challenge, "S256"),
			s256[i].desc ? OC_ERR_INVALID_REQUEST : OC_OK, s256[i].desc));
	/* no challenge: nothing to check */
	CHECK(err_is(oc_pkce_request_form_check(NULL, "S256"), OC_OK, NULL));
	CHECK(err_is(oc_pkce_request_form_check("", NULL), OC_OK, NULL));
	/* plain (named, or no method): 43 to 128 unreserved characters */
	memset(c, 'x', sizeof c - 1);
	memcpy(c, "AZaz09-._~", 10);
	for (size_t n = 40; n <= 130; n++) {
		c[n] = 0;
		int ok = n >= 43 && n <= 128;
		CHECK(err_is(oc_pkce_request_form_check(c, "plain"), ok ? OC_OK : OC_ERR_INVALID_REQUEST,
			ok ? NULL : PLAIN_BAD));
		CHECK(err_is(oc_pkce_request_form_check(c, NULL), ok ? OC_OK : OC_ERR_INVALID_REQUEST,
			ok ? NULL : PLAIN_BAD));
		CHECK(err_is(oc_pkce_request_form_check(c, ""), ok ? OC_OK : OC_ERR_INVALID_REQUEST,
			ok ? NULL : PLAIN_BAD));
		c[n] = 'x';
	}
	c[50] = 0;
	for (const char *p = "+/= %:\"\\\x80\x7f\t\xc2"; *p; p++) {
		c[20] = *p;
		CHECK(err_is(oc_pkce_request_form_check(c, "plain"), OC_ERR_INVALID_REQUEST, PLAIN_BAD));
	}
	/* a 43-character plain challenge is not an S256 one unless it is a digest's encoding */
	memset(c, 'x', 43);
	c[43] = 0;
	CHECK(err_is(oc_pkce_request_form_check(c, "plain"), OC_OK, NULL));
	CHECK(err_is(oc_pkce_request_form_check(c, "S256"), OC_ERR_INVALID_REQUEST, S256_BAD));
}

/* The code exchange's two steps, as the authorization_code grant calls them. */
OC_TEST(pkce_exchange_check)
{
	static const char bad[] = "Invalid PKCE code_verifier";
	static const char required[] = "code_verifier is required for PKCE";
	static const char unexpected[] = "code_verifier provided for a flow that did not use PKCE";
	oc_arena *a = oc_arena_new();

	/* no PKCE in the grant (no challenge, or an empty one): a given verifier is refused */
	for (int allow = 0; allow < 2; allow++) {
		static const char *const none[] = { NULL, "" };
		for (int k = 0; k < 2; k++) {
			const char *c = none[k];
			CHECK(err_is(oc_pkce_exchange_method(a, allow, c, NULL), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_method(a, allow, c, "plain"), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_method(a, allow, c, "S256"), OC_OK, NULL));
			/* an unknown stored method is refused even without a challenge (R-CODE-11) */
			CHECK(err_is(oc_pkce_exchange_method(a, allow, c, "S512"), OC_ERR_INVALID_GRANT,
				"Unsupported PKCE code_challenge_method: S512"));
			CHECK(err_is(oc_pkce_exchange_method(a, allow, c, ""), OC_ERR_INVALID_GRANT,
				"Unsupported PKCE code_challenge_method: "));
			CHECK(err_is(oc_pkce_exchange_verify(c, NULL, NULL, 0), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_verify(c, "S256", "", 0), OC_OK, NULL)); /* empty: not given */
			CHECK(err_is(oc_pkce_exchange_verify(c, "S256", V, 43), OC_ERR_INVALID_REQUEST, unexpected));
		}
	}
	for (int allow = 0; allow < 2; allow++) {
		/* S256: RFC 7636 appendix B; the verifier must be well-formed */
		CHECK(err_is(oc_pkce_exchange_method(a, allow, C, "S256"), OC_OK, NULL));
		CHECK(err_is(oc_pkce_exchange_verify(C, "S256", V, 43), OC_OK, NULL));
		CHECK(err_is(oc_pkce_exchange_verify(C, "S256", V, 42), OC_ERR_INVALID_GRANT, bad));
		CHECK(err_is(oc_pkce_exchange_verify(C, "S256", C, 43), OC_ERR_INVALID_GRANT, bad));
		CHECK(err_is(oc_pkce_exchange_verify(C, "S256", NULL, 0), OC_ERR_INVALID_REQUEST, required));
		CHECK(err_is(oc_pkce_exchange_verify(C, "S256", "", 0), OC_ERR_INVALID_REQUEST, required));
		/* the stored method, as invalid_grant */
		CHECK(err_is(oc_pkce_exchange_method(a, allow, C, "S512"), OC_ERR_INVALID_GRANT,
			"Unsupported PKCE code_challenge_method: S512"));
		CHECK(err_is(oc_pkce_exchange_method(a, allow, C, ""), OC_ERR_INVALID_GRANT,
			"Unsupported PKCE code_challenge_method: "));
		/* plain (stored or implied): only when allowed, then equality, no syntax check */
		const char *methods[] = { "plain", NULL };
		for (int k = 0; k < 2; k++) {
			const char *mn = methods[k];
			if (!allow) {
				CHECK(err_is(oc_pkce_exchange_method(a, 0, "abc", mn), OC_ERR_INVALID_GRANT, PLAIN_REFUSED));
				continue;
			}
			CHECK(err_is(oc_pkce_exchange_method(a, 1, "abc", mn), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_verify(V, mn, V, 43), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_verify("abc", mn, "abc", 3), OC_OK, NULL));
			CHECK(err_is(oc_pkce_exchange_verify("abc", mn, "abd", 3), OC_ERR_INVALID_GRANT, bad));
			CHECK(err_is(oc_pkce_exchange_verify("abc", mn, "abcd", 4), OC_ERR_INVALID_GRANT, bad));
			CHECK(err_is(oc_pkce_exchange_verify("abc", mn, "abc\0", 4), OC_ERR_INVALID_GRANT, bad));
			CHECK(err_is(oc_pkce_exchange_verify("abc", mn, "", 0), OC_ERR_INVALID_REQUEST, required));
			/* a plain challenge is not hashed */
			CHECK(err_is(oc_pkce_exchange_verify(C, mn, V, 43), OC_ERR_INVALID_GRANT, bad));
		}
	}
	oc_arena_free(a);
}

/*
 * RFC 7636 §4.1: a code_verifier is 43-128 unreserved characters. One that
 * is not is refused even when its digest is the stored S256 challenge; the
 * reference compares digests only (a deliberate difference).
 */
OC_TEST(pkce_exchange_verifier_form)
{
	static const struct { const char *challenge; size_t n; char fill; const char *tail; } cases[] = {
		{ "elOGB_2quSlplZKfRRVlu7gULhhEEXMiqv0rPXawGv8", 42, 'a', "" },  /* SHA-256 of 42 'a' */
		{ "wSywJKLlVRzKDgj86PHF4xRVXMP-9jKe6ZSj23UhZq4", 129, 'a', "" }, /* of 129 'a' */
		{ "UFdtA0OF_XfNOchkKVwJlRplqSKWM_jmNtxQSfM2RbE", 0, 0, V "!" },  /* of V followed by '!' */
	};
	oc_arena *a = oc_arena_new();
	char v[130];

	REQUIRE(a != NULL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].tail);
		if (cases[i].n)
			memset(v, cases[i].fill, n);
		else
			memcpy(v, cases[i].tail, n);
		CHECK(oc_pkce_challenge_check(OC_PKCE_S256, cases[i].challenge, 43).code == OC_OK);
		CHECK(err_is(oc_pkce_exchange_method(a, 0, cases[i].challenge, "S256"), OC_OK, NULL));
		CHECK(err_is(oc_pkce_exchange_verify(cases[i].challenge, "S256", v, n), OC_ERR_INVALID_GRANT,
			"Invalid PKCE code_verifier"));
	}
	/* the positive control: 43 'a', well-formed, and its digest */
	memset(v, 'a', 43);
	CHECK(err_is(oc_pkce_exchange_verify("ZtNPunH49FD35FWYhT5Tv8I7vRKQJ8uxMaL0_9eHjNA", "S256", v, 43),
		OC_OK, NULL));
	oc_arena_free(a);
}
