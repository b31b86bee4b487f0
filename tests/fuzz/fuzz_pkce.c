/*
 * PKCE: the input split at the first '|' into verifier (also read as a
 * method name) and challenge, through every entry: the method rule, the
 * syntax checks, oc_pkce_verify, the authorization request's checks (the
 * method rule, then the challenge's form under that method) and the code
 * exchange's, which must agree with oc_pkce_verify.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oauth/oc_pkce.h"

/* The code exchange's two PKCE steps, as the authorization_code grant runs them. */
static int exchange_ok(oc_arena *a, int allow, const char *c, const char *m, const char *v, size_t vn)
{
	return oc_pkce_exchange_method(a, allow, c, m).code == OC_OK
		&& oc_pkce_exchange_verify(c, m, v, vn).code == OC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *bar = memchr(s, '|', size);
	size_t vn = bar ? (size_t)(bar - s) : size;
	const char *c = bar ? bar + 1 : s;
	size_t cn = bar ? size - vn - 1 : size;
	oc_arena *a = oc_arena_new();
	char *cs = a ? oc_arena_strndup(a, c, cn) : NULL, *ms = a ? oc_arena_strndup(a, s, vn) : NULL;
	oc_pkce_method m;
	if (cs == NULL || ms == NULL) {
		oc_arena_free(a);
		return 0;
	}
	size_t csn = strlen(cs);
	int ok_v = oc_pkce_verifier_check(s, vn).code == OC_OK;
	for (int allow = 0; allow < 2; allow++) {
		oc_err e = oc_pkce_method_parse(a, s, vn, allow, &m);
		if (e.code == OC_OK)
			(void)oc_pkce_challenge_check(m, c, cn);
		else if (e.code != OC_ERR_INVALID_REQUEST || e.desc == NULL)
			abort();
		if (oc_pkce_verify(OC_PKCE_S256, allow, s, vn, c, cn).code == OC_OK && !ok_v)
			abort();
		int plain = oc_pkce_verify(OC_PKCE_PLAIN, allow, s, vn, c, cn).code == OC_OK;
		if (plain && (!allow || !ok_v || vn != cn || memcmp(s, c, vn) != 0))
			abort();
		/* the request check: the method rule whenever a challenge is given; then
		 * the challenge's form, the syntax check under that method */
		e = oc_pkce_request_check(a, cs, ms, allow, 0);
		if (csn > 0 && (e.code == OC_OK) != (oc_pkce_method_parse(a, ms[0] ? ms : NULL,
		        ms[0] ? strlen(ms) : 0, allow, &m).code == OC_OK))
			abort();
		if (e.code == OC_OK && csn > 0 && (oc_pkce_request_form_check(cs, ms).code == OC_OK)
		        != (oc_pkce_challenge_check(m, cs, csn).code == OC_OK))
			abort();
		if (csn == 0 && e.code == OC_OK && ms[0] != 0)
			abort();
		/* the exchange: S256 as oc_pkce_verify; plain as equality, when allowed;
		 * without a challenge only no verifier passes */
		int s256 = exchange_ok(a, allow, cs, "S256", s, vn);
		if (s256 != (csn == 0 ? vn == 0
		    : vn > 0 && oc_pkce_verify(OC_PKCE_S256, allow, s, vn, cs, csn).code == OC_OK))
			abort();
		plain = exchange_ok(a, allow, cs, "plain", s, vn);
		if (plain != (csn == 0 ? vn == 0 : allow && vn > 0 && vn == csn && memcmp(s, cs, vn) == 0))
			abort();
		if (exchange_ok(a, allow, cs, ms, s, vn)
		    && oc_pkce_method_parse(a, ms, strlen(ms), csn > 0 ? allow : 1, &m).code != OC_OK)
			abort();
	}
	oc_arena_free(a);
	return 0;
}
