/* oc_redirect_exchange_check: the code exchange's redirect_uri rule. */
#include "oc_test.h"
#include "oauth/oc_redirect.h"

#define CB "https://client.example.org/cb"

static int err_is(oc_err e, oc_code code, const char *desc)
{
	return e.code == code && (desc == NULL ? e.desc == NULL : e.desc != NULL && strcmp(e.desc, desc) == 0);
}

#define CHECKED(granted, given, n, pkce) \
	oc_redirect_exchange_check((granted), &reg, (given), (n), (pkce), 1)
#define BAD_URI "Invalid redirect URI"
#define NOT_GRANTED "redirect_uri does not match the authorization request"

OC_TEST(redirect_exchange_absent)
{
	char *v[] = { CB };
	oc_strs reg = { v, 1 };
	/* without redirect_uri (or an empty one): fine with PKCE only (R-CODE-12) */
	for (int k = 0; k < 2; k++) {
		const char *none = k ? "" : NULL;
		CHECK(err_is(CHECKED(CB, none, 0, 1), OC_OK, NULL));
		CHECK(err_is(CHECKED(NULL, none, 0, 1), OC_OK, NULL));
		CHECK(err_is(CHECKED(NULL, none, 0, 0), OC_ERR_INVALID_REQUEST, "redirect_uri is required when not using PKCE"));
		CHECK(err_is(CHECKED(CB, none, 0, 0), OC_ERR_INVALID_REQUEST, "redirect_uri is required when not using PKCE"));
	}
}

OC_TEST(redirect_exchange_granted)
{
	char *v[] = { CB, "https://client.example.org/other" };
	oc_strs reg = { v, 2 };
	for (int pkce = 0; pkce < 2; pkce++) {
		CHECK(err_is(CHECKED(CB, CB, sizeof CB - 1, pkce), OC_OK, NULL));
		/* registered first: no case folding, no trailing slash, no prefix, no NUL */
		CHECK(err_is(CHECKED(CB, "https://CLIENT.example.org/cb", sizeof CB - 1, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		CHECK(err_is(CHECKED(CB, CB "/", sizeof CB, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		CHECK(err_is(CHECKED(CB, CB, sizeof CB - 2, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		CHECK(err_is(CHECKED(CB, CB "\0", sizeof CB, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		/* another registered URI is not the one the grant kept (R-CODE-14) */
		CHECK(err_is(CHECKED(CB, v[1], strlen(v[1]), pkce), OC_ERR_INVALID_GRANT, NOT_GRANTED));
		/* unless the profile does not compare with the grant's (0.10.x) */
		CHECK(err_is(oc_redirect_exchange_check(CB, &reg, v[1], strlen(v[1]), pkce, 0), OC_OK, NULL));
		CHECK(err_is(oc_redirect_exchange_check(CB, &reg, CB "/", sizeof CB, pkce, 0), OC_ERR_INVALID_GRANT, BAD_URI));
	}
}
OC_TEST(redirect_exchange_registered)
{
	char *v[] = { CB, "http://127.0.0.1:8080/cb" };
	oc_strs reg = { v, 2 };
	for (int pkce = 0; pkce < 2; pkce++) {
		CHECK(err_is(CHECKED(NULL, CB, sizeof CB - 1, pkce), OC_OK, NULL));
		CHECK(err_is(CHECKED(NULL, v[1], strlen(v[1]), pkce), OC_OK, NULL));
		/* registered as a request's redirect URI is (R-CODE-13): any port on a loopback host */
		CHECK(err_is(CHECKED(NULL, "http://127.0.0.1:9090/cb", 24, pkce), OC_OK, NULL));
		CHECK(err_is(CHECKED(NULL, "http://127.1:9090/cb", 20, pkce), OC_OK, NULL));
		CHECK(err_is(CHECKED(NULL, "http://127.0.0.1:9090/cbx", 24, pkce), OC_OK, NULL)); /* n bytes only */
		CHECK(err_is(CHECKED(NULL, "http://127.0.0.1:9090/other", 27, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		CHECK(err_is(CHECKED(NULL, "http://localhost:8080/cb", 24, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		/* otherwise exactly: no NUL, no prefix */
		CHECK(err_is(CHECKED(NULL, CB "\0x", sizeof CB + 1, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
		CHECK(err_is(CHECKED(NULL, "https://client.example.org/c", 28, pkce), OC_ERR_INVALID_GRANT, BAD_URI));
	}
	oc_strs none = { NULL, 0 };
	CHECK(err_is(oc_redirect_exchange_check(NULL, &none, CB, sizeof CB - 1, 1, 1), OC_ERR_INVALID_GRANT, BAD_URI));
}
