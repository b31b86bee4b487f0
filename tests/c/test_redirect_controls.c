/*
 * oc_redirect: spaces and control characters in a redirect URI, anywhere in
 * it, are refused by the request check (oc_redirect_match); a registration
 * reads them as the reference does. The reference trims leading and trailing
 * ones before its checks, and on loopback hosts compares parsed URLs, so it
 * accepts " http://127.0.0.1:8080/cb" for a registered "http://127.0.0.1/cb";
 * ours refuses it (a deliberate difference, RFC 3986 §2).
 */
#include "oc_test.h"
#include "oauth/oc_redirect.h"
#include <stdio.h>

#define CB "https://client.example.org/cb"
#define LOOP "http://127.0.0.1/cb"

/* s with the character c (1 or 2 bytes) put before, after, or inside it (where 0, 1, 2). */
static const char *with(char *buf, size_t n, const char *s, const char *c, int where)
{
	if (where == 0)
		snprintf(buf, n, "%s%s", c, s);
	else if (where == 1)
		snprintf(buf, n, "%s%s", s, c);
	else
		snprintf(buf, n, "%.14s%s%s", s, c, s + 14);
	return buf;
}

OC_TEST(redirect_spaces_and_controls_refused)
{
	static const char *const chars[] = {
		" ", "\t", "\n", "\r", "\v", "\f", "\x01", "\x1f", "\x7f", "\xc2\x80", "\xc2\x85", "\xc2\x9f",
	};
	char *v[] = { CB, LOOP, "http://localhost:3000/cb" };
	oc_strs reg = { v, 3 };
	oc_config cfg = { 0 };
	char buf[128];

	/* the positive controls: exact, and any port on a loopback host */
	CHECK(oc_redirect_match(&cfg, &reg, CB));
	CHECK(oc_redirect_match(&cfg, &reg, LOOP));
	CHECK(oc_redirect_match(&cfg, &reg, "http://127.0.0.1:8080/cb"));
	CHECK(oc_redirect_match(&cfg, &reg, "http://localhost:3001/cb"));
	for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
		for (int where = 0; where < 3; where++) {
			const char *const uris[] = { CB, LOOP, "http://127.0.0.1:8080/cb", "http://localhost:3000/cb" };
			for (size_t k = 0; k < sizeof uris / sizeof uris[0]; k++) {
				const char *u = with(buf, sizeof buf, uris[k], chars[i], where);
				CHECK(oc_redirect_match(&cfg, &reg, u) == 0);
				if (oc_redirect_match(&cfg, &reg, u))
					fprintf(stderr, "  matched: [%s]\n", u);
			}
		}
	/*
	 * Other non-ASCII characters are not controls: inside a URI they match.
	 * The white space JavaScript's trim() removes (U+00A0, U+3000, U+FEFF, …)
	 * is refused at an end, as a space is: the reference trims it to check,
	 * then redirects to the untrimmed URI.
	 */
	char *nbsp[] = { "https://client.example.org/caf\xc3\xa9", "https://client.example.org/\xc2\xa0x",
		"https://client.example.org/\xc2\xa0", "\xe3\x80\x80https://client.example.org/x" };
	oc_strs reg2 = { nbsp, 4 };
	CHECK(oc_redirect_check_registration(&cfg, &reg2).code == OC_OK);
	CHECK(oc_redirect_match(&cfg, &reg2, nbsp[0]));
	CHECK(oc_redirect_match(&cfg, &reg2, nbsp[1]));
	CHECK(!oc_redirect_match(&cfg, &reg2, nbsp[2]));
	CHECK(!oc_redirect_match(&cfg, &reg2, nbsp[3]));
}

/*
 * A registration reads its URIs as the reference does (R-CC-02, issue #15:
 * createClient answers as the reference): spaces and controls at the ends are
 * trimmed before the checks and the URI is stored as given, a space inside
 * parses; a control inside, or one JavaScript's trim() keeps (U+0080), is
 * refused. A request never uses such a stored URI but on a loopback host,
 * where it is compared as parsed, as the reference compares it.
 */
OC_TEST(redirect_registration_spaces_and_controls)
{
	oc_config cfg = { 0 };
	static const char *const stored[] = {
		" " CB, CB " ", CB "\n", "\t" CB, "https://client.example.org/c b",
	};
	static const char *const bad[] = {
		"https://client.example.org/c\x7f", "https://client.example.org/c\xc2\x9f", "\xc2\x80" CB,
		"https://client.example.org/c\tb", "\x01" CB,
	};
	for (size_t i = 0; i < sizeof stored / sizeof stored[0]; i++) {
		char *v[] = { (char *)stored[i] };
		oc_strs reg = { v, 1 };
		CHECK(oc_redirect_check_registration(&cfg, &reg).code == OC_OK);
		CHECK(!oc_redirect_match(&cfg, &reg, stored[i]));
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *v[] = { CB, (char *)bad[i] };
		oc_strs reg = { v, 2 };
		oc_err e = oc_redirect_check_registration(&cfg, &reg);
		CHECK(e.code == OC_ERR_INVALID_CLIENT_METADATA && strcmp(e.desc, "Invalid redirect URI") == 0);
	}
	char *loop[] = { " " LOOP "\n" };
	oc_strs reg = { loop, 1 };
	CHECK(oc_redirect_check_registration(&cfg, &reg).code == OC_OK);
	CHECK(oc_redirect_match(&cfg, &reg, "http://127.0.0.1:8080/cb"));
}
