/* The consent and upstream transactions' rules (src/consent/oc_consent_txn.c, oc_consent_cookie.c):
 * the known answers were computed with Node's crypto from the format 1.2.3 writes (include/consent/oc_consent.h). */
#include "oc_test.h"
#include "consent/oc_consent.h"
#include "base/oc_arena.h"
#include "cJSON.h"

#define HANDLE "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
#define HANDLE_HASH "46a2199782c8827f0ac56f503be9d39efee97f40a736b92cc7d7c5f825cfd851"
#define RECORD "{\"kind\":\"consent\",\"request\":{\"clientId\":\"c1\",\"scope\":[\"a\"]}}"
/* RECORD sealed under HANDLE with the IV 07 × 12 */
#define SEALED "BwcHBwcHBwcHBwcH.ER3veRpwiYXO-783z6TY_Py3X1BWPlMhav_OWK8fLMp-_0y0x1v9eJbWmK0jalb9CRbj295HR1Fb9cHCQ4HyYs4CNvV8zkn1AfRMSA"

OC_TEST(consent_prefix_rule)
{
	CHECK(oc_consent_prefix_ok("__Host-oauth-", 13));
	CHECK(oc_consent_prefix_ok("__Host-", 7));
	CHECK(oc_consent_prefix_ok("__Host-a!#$%&'*+-.^_`|~Z9", 25));
	CHECK(!oc_consent_prefix_ok("__host-oauth-", 13));
	CHECK(!oc_consent_prefix_ok("__Secure-oauth-", 15));
	CHECK(!oc_consent_prefix_ok("__Host", 6));
	CHECK(!oc_consent_prefix_ok("", 0));
	CHECK(!oc_consent_prefix_ok("__Host-a b", 10));
	CHECK(!oc_consent_prefix_ok("__Host-a;b", 10));
	CHECK(!oc_consent_prefix_ok("__Host-a=b", 10));
	CHECK(!oc_consent_prefix_ok("__Host-a\"b", 10));
	CHECK(!oc_consent_prefix_ok("__Host-\xc3\xa9", 9));
	CHECK(!oc_consent_prefix_ok("__Host-a\0b", 10));
}

OC_TEST(consent_cookie_find)
{
	size_t n = 99;
	const char *h = "a=1; __Host-x=2;b=3=4 ;  c = \t5\t ; novalue; d=";
	const char *v = oc_cookie_find(h, strlen(h), "__Host-x", &n);
	CHECK(v != NULL && n == 1 && v[0] == '2');
	v = oc_cookie_find(h, strlen(h), "b", &n);
	CHECK(v != NULL && n == 3 && memcmp(v, "3=4", 3) == 0);
	v = oc_cookie_find(h, strlen(h), "c", &n);
	CHECK(v != NULL && n == 1 && v[0] == '5');
	v = oc_cookie_find(h, strlen(h), "d", &n);
	CHECK(v != NULL && n == 0);
	CHECK(oc_cookie_find(h, strlen(h), "novalue", &n) == NULL);
	CHECK(oc_cookie_find(h, strlen(h), "A", &n) == NULL);
	CHECK(oc_cookie_find("", 0, "a", &n) == NULL);
	/* the first of two; JavaScript's trim() removes U+00A0 and U+FEFF too */
	h = "k=first; k=second";
	v = oc_cookie_find(h, strlen(h), "k", &n);
	CHECK(v != NULL && n == 5 && memcmp(v, "first", 5) == 0);
	h = "\xc2\xa0k\xef\xbb\xbf=\xc2\xa0v";
	v = oc_cookie_find(h, strlen(h), "k", &n);
	CHECK(v != NULL && n == 1 && v[0] == 'v');
}

OC_TEST(consent_cookie_set_and_names)
{
	oc_arena *a = oc_arena_new();
	REQUIRE(a != NULL);
	CHECK_STR(oc_cookie_set(a, "n", "v", "600"), "n=v; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600");
	CHECK_STR(oc_cookie_set(a, "n", "", "0"), "n=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
	CHECK_STR(oc_consent_cookie_name(a, "__Host-oauth-", "consent", HANDLE_HASH), "__Host-oauth-consent-46a2199782c8827f");
	CHECK_STR(oc_consent_cookie_name(a, "__Host-app-", "upstream", HANDLE_HASH), "__Host-app-upstream-46a2199782c8827f");
	CHECK_STR(oc_consent_kv_key(a, HANDLE_HASH), "transaction:" HANDLE_HASH);
	oc_arena_free(a);
}

OC_TEST(consent_handle_and_binding)
{
	char hash[65];
	oc_consent_handle h, g;
	oc_consent_hash(hash, HANDLE, strlen(HANDLE));
	CHECK_STR(hash, HANDLE_HASH);
	REQUIRE(oc_consent_handle_new(&h) == 0 && oc_consent_handle_new(&g) == 0);
	CHECK(strlen(h.handle) == OC_CONSENT_HANDLE_LEN && strspn(h.handle,
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == OC_CONSENT_HANDLE_LEN);
	CHECK(strcmp(h.handle, g.handle) != 0);
	oc_consent_hash(hash, h.handle, strlen(h.handle));
	CHECK_STR(hash, h.hash);
	/* the binding cookie must hold exactly the hash */
	CHECK(oc_consent_bound(HANDLE_HASH, HANDLE_HASH, 64));
	CHECK(!oc_consent_bound(HANDLE_HASH, HANDLE_HASH, 63));
	CHECK(!oc_consent_bound(HANDLE_HASH, HANDLE_HASH "0", 65));
	CHECK(!oc_consent_bound(HANDLE_HASH, "56a2199782c8827f0ac56f503be9d39efee97f40a736b92cc7d7c5f825cfd851", 64));
	CHECK(!oc_consent_bound(HANDLE_HASH, "46A2199782C8827F0AC56F503BE9D39EFEE97F40A736B92CC7D7C5F825CFD851", 64));
	CHECK(!oc_consent_bound(HANDLE_HASH, "", 0));
}

OC_TEST(consent_seal_open)
{
	oc_arena *a = oc_arena_new();
	char *plain;
	size_t n;
	REQUIRE(a != NULL);
	/* the reference's format opens */
	REQUIRE(oc_consent_open(a, HANDLE, strlen(HANDLE), SEALED, strlen(SEALED), &plain, &n) == 0);
	CHECK(n == strlen(RECORD) && strcmp(plain, RECORD) == 0);
	/* a third part is ignored, as split('.') does */
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), SEALED ".x", strlen(SEALED) + 2, &plain, &n) == 0);
	/* another handle, a changed byte, a missing part, a bad IV length: refused */
	CHECK(oc_consent_open(a, "x" HANDLE, strlen(HANDLE) + 1, SEALED, strlen(SEALED), &plain, &n) == -1);
	char bad[sizeof SEALED];
	memcpy(bad, SEALED, sizeof SEALED);
	bad[40] = bad[40] == 'A' ? 'B' : 'A';
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), bad, strlen(bad), &plain, &n) == -1);
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), "BwcHBwcHBwcHBwcH", 16, &plain, &n) == -1);
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), "BwcHBwcHBwcHBw.ER3v", 19, &plain, &n) == -1);
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), ".", 1, &plain, &n) == -1);
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), "BwcHBwcHBwcHBwcH.A", 18, &plain, &n) == -1);
	/* ours seals so that it opens, each time with a fresh IV */
	char *s1 = oc_consent_seal(a, HANDLE, strlen(HANDLE), RECORD, strlen(RECORD));
	char *s2 = oc_consent_seal(a, HANDLE, strlen(HANDLE), RECORD, strlen(RECORD));
	REQUIRE(s1 != NULL && s2 != NULL);
	CHECK(strcmp(s1, s2) != 0 && strchr(s1, '.') - s1 == 16 && strchr(s1, '=') == NULL);
	CHECK(oc_consent_open(a, HANDLE, strlen(HANDLE), s1, strlen(s1), &plain, &n) == 0 && strcmp(plain, RECORD) == 0);
	oc_arena_free(a);
}

OC_TEST(consent_atob_url)
{
	oc_arena *a = oc_arena_new();
	size_t n;
	uint8_t *b;
	REQUIRE(a != NULL);
	b = oc_consent_atob_url(a, "-_8", 3, &n);
	CHECK(b != NULL && n == 2 && b[0] == 0xfb && b[1] == 0xff);
	/* atob() skips white space, but the padding counted it */
	b = oc_consent_atob_url(a, "YWJ jZGU", 8, &n);
	CHECK(b != NULL && n == 5 && memcmp(b, "abcde", 5) == 0);
	CHECK(oc_consent_atob_url(a, "YW Jj", 5, &n) == NULL);
	CHECK(oc_consent_atob_url(a, "YWJjZ", 5, &n) == NULL);
	CHECK(oc_consent_atob_url(a, "YW=j", 4, &n) == NULL);
	CHECK(oc_consent_atob_url(a, "YW+j", 4, &n) != NULL); /* '+' read as the standard alphabet's */
	oc_arena_free(a);
}
