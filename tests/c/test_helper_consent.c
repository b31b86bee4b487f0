/* The consent and upstream helper kinds (src/consent/oc_helper_*.c) against the fixture's KV:
 * each answer, each refusal in the reference's order (docs/observed/rules-1.2.3.md §9.6), and the
 * KV effects (a refusal before the read leaves KV untouched; a consumed transaction is deleted). */
#include "helper_fixture.h"
#include "consent/oc_consent.h"
#include "consent/oc_consent_approvals.h"
#include "op/oc_op.h"
#include "base/oc_json_print.h"
#include "base/oc_arena.h"
#include <stdlib.h>

#define AREQ "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\",\"write\"]," \
	"\"state\":\"st 1\",\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}"
#define SECRET "0123456789abcdef0123456789abcdef"

static char handle[64], cookie[512], cookie2[2048];

/* Every answer a test ran, freed by release() at its end. */
static cJSON *kept[128];
static size_t nkept;

static cJSON *run(const oc_config *cfg, int kind, const char *args)
{
	cJSON *out = hfx_run(cfg, kind, args);
	if (nkept < sizeof kept / sizeof *kept)
		kept[nkept++] = out;
	return out;
}

static void release(void)
{
	while (nkept > 0)
		cJSON_Delete(kept[--nkept]);
}

/* The n-th header [name, value] of an answer's value; NULL when absent. */
static const char *header(const cJSON *v, int n, const char *name)
{
	const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "headers"), n);
	if (h == NULL || strcmp(cJSON_GetArrayItem(h, 0)->valuestring, name) != 0)
		return NULL;
	return cJSON_GetArrayItem(h, 1)->valuestring;
}

/* "name=value" of a Set-Cookie value, into out. */
static void pair_of(const char *set_cookie, char *out, size_t cap)
{
	size_t n = strcspn(set_cookie, ";");
	snprintf(out, cap, "%.*s", (int)n, set_cookie);
}

/* beginConsent (or beginUpstream) of AREQ: the handle into handle, "name=hash" into cookie. */
static const cJSON *begin(const oc_config *cfg, int kind, const char *extra)
{
	char args[1024];
	snprintf(args, sizeof args, "{\"request\":" AREQ "%s}", extra);
	cJSON *out = run(cfg, kind, args);
	const cJSON *v = hfx_value(out);
	if (v == NULL)
		return NULL;
	snprintf(handle, sizeof handle, "%s", hfx_jstr(v, kind == OC_KIND_BEGIN_CONSENT ? "handle" : "state"));
	pair_of(header(v, 0, "Set-Cookie"), cookie, sizeof cookie);
	return v;
}

static cJSON *call(const oc_config *cfg, int kind, const char *fmt, const char *a1, const char *a2)
{
	char args[4096];
	snprintf(args, sizeof args, fmt, a1, a2);
	return run(cfg, kind, args);
}

OC_TEST(helper_consent_begin)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	hfx_log_reset();
	const cJSON *v = begin(&cfg, OC_KIND_BEGIN_CONSENT, "");
	REQUIRE(v != NULL);
	char hash[65], name[128], key[128];
	oc_consent_hash(hash, handle, strlen(handle));
	CHECK(strlen(handle) == 43);
	snprintf(name, sizeof name, "__Host-oauth-consent-%.16s=%s", hash, hash);
	CHECK_STR(cookie, name);
	CHECK(strstr(header(v, 0, "Set-Cookie"), "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600") != NULL);
	CHECK_STR(header(v, 1, "Cache-Control"), "no-store");
	CHECK_STR(header(v, 2, "Content-Security-Policy"), "frame-ancestors 'none'");
	CHECK_STR(header(v, 3, "X-Frame-Options"), "DENY");
	/* one KV write: transaction:{hash}, TTL 600, the record sealed under the handle */
	REQUIRE(hfx_nlog == 1 && hfx_log[0].kind == OC_FX_KV_PUT);
	snprintf(key, sizeof key, "transaction:%s", hash);
	CHECK_STR(hfx_log[0].key, key);
	CHECK(hfx_log[0].ttl == 600 && hfx_log[0].expiration == 0 && hfx_log[0].meta == NULL);
	oc_arena *a = oc_arena_new();
	char *plain;
	size_t n;
	hfx_entry *e = hfx_find(key);
	REQUIRE(a != NULL && e != NULL);
	CHECK(oc_consent_open(a, handle, strlen(handle), e->val, strlen(e->val), &plain, &n) == 0
		&& strcmp(plain, "{\"kind\":\"consent\",\"request\":" AREQ "}") == 0);
	CHECK(strstr(e->val, handle) == NULL && strstr(e->val, "read") == NULL);
	oc_arena_free(a);
	/* cookiePrefix names the cookie */
	cfg.cookie_prefix = "__Host-app-";
	v = begin(&cfg, OC_KIND_BEGIN_CONSENT, "");
	CHECK(v != NULL && strncmp(cookie, "__Host-app-consent-", 19) == 0);
	release();
}

OC_TEST(helper_consent_approve)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	char key[128], hash[65];
	oc_consent_hash(hash, handle, strlen(handle));
	snprintf(key, sizeof key, "transaction:%s", hash);
	const char *F = "{\"cookie\":\"%s\",\"handle\":\"%s\"}";
	/* refusals before the KV read */
	hfx_log_reset();
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, F, cookie, ""), "invalid_request",
		"Missing transaction handle", "AuthorizationError"));
	CHECK(hfx_is_error(run(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":null,\"handle\":null}"), "invalid_request",
		"Missing transaction handle", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":null,\"handle\":\"%s%s\"}", handle, ""),
		"invalid_request", "This authorization was not started in this browser; start again", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, F, "other=1", handle),
		"invalid_request", "This authorization was not started in this browser; start again", "AuthorizationError"));
	char empty[128], other[256];
	snprintf(empty, sizeof empty, "%.*s", (int)(strchr(cookie, '=') - cookie + 1), cookie);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, F, empty, handle),
		"invalid_request", "This authorization was not started in this browser; start again", "AuthorizationError"));
	snprintf(other, sizeof other, "%s", cookie);
	other[strlen(other) - 1] ^= 1;
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, F, other, handle), "invalid_request",
		"This authorization belongs to a different browser session; start again", "AuthorizationError"));
	/* the remember options are checked first of all */
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"remember\":{\"secret\":\"short\"}}",
		cookie, handle), "invalid_request", "remember.secret must be a string of at least 32 characters", "TypeError"));
	CHECK(hfx_is_error(run(&cfg, OC_KIND_APPROVE_CONSENT, "{\"handle\":\"\",\"remember\":null}"), "invalid_request",
		"remember must be an object with a secret", "TypeError"));
	CHECK(hfx_nlog == 0);
	/* a scope outside scopesSupported, or not a scope token: refused, the transaction left */
	char *sup[] = { "read", "write", "admin" };
	cfg.scopes_supported = sup;
	cfg.nscopes_supported = 3;
	cfg.has_scopes_supported = 1;
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"scope\":[\"read\",\"delete\"]}",
		cookie, handle), "invalid_scope", "Approved scopes must be ones this server supports", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"scope\":false}",
		cookie, handle), "invalid_scope", "Approved scopes must be ones this server supports", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"scope\":[\"read\",null]}",
		cookie, handle), "invalid_scope", "Approved scopes must be ones this server supports", "AuthorizationError"));
	cfg.has_scopes_supported = 0;
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"scope\":[\"a b\"]}",
		cookie, handle), "invalid_scope", "Approved scopes must be ones this server supports", "AuthorizationError"));
	CHECK(hfx_find(key) != NULL);
	cfg.has_scopes_supported = 1;
	/* approved: more than asked, repeats once; the record deleted; the binding cookie cleared */
	hfx_log_reset();
	char args[1024];
	snprintf(args, sizeof args, "{\"cookie\":\"a=b; %s\",\"handle\":\"%s\",\"scope\":[\"admin\",\"read\",\"admin\"]}", cookie, handle);
	cJSON *out = run(&cfg, OC_KIND_APPROVE_CONSENT, args);
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_print(cJSON_GetObjectItem(v, "request")), "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU
		"\",\"scope\":[\"admin\",\"read\"],\"state\":\"st 1\",\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}");
	CHECK_STR(header(v, 0, "Cache-Control"), "no-store");
	char cleared[256];
	snprintf(cleared, sizeof cleared, "%.*s; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0", (int)(strchr(cookie, '=') - cookie + 1), cookie);
	CHECK_STR(header(v, 1, "Set-Cookie"), cleared);
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(v, "headers")) == 2);
	CHECK(hfx_nlog == 2 && hfx_log[0].kind == OC_FX_KV_GET && hfx_log[1].kind == OC_FX_KV_DELETE && strcmp(hfx_log[1].key, key) == 0);
	CHECK(hfx_find(key) == NULL);
	/* single use */
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, F, cookie, handle), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	release();
}

OC_TEST(helper_consent_kinds_and_tampering)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	/* an upstream transaction does not open as a consent one (cookie named for consent), nor the reverse */
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_UPSTREAM, "") != NULL);
	char hash[65], c[256], url[256];
	oc_consent_hash(hash, handle, strlen(handle));
	snprintf(c, sizeof c, "__Host-oauth-consent-%.16s=%s", hash, hash);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", c, handle), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_DENY_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", c, handle), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	oc_consent_hash(hash, handle, strlen(handle));
	snprintf(c, sizeof c, "__Host-oauth-upstream-%.16s=%s", hash, hash);
	snprintf(url, sizeof url, "https://as.example/callback?code=x&state=%s", handle);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", c, url), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	/* a record that does not open with the handle: expired */
	char key[128];
	snprintf(key, sizeof key, "transaction:%s", hash);
	hfx_find(key)->val[20] ^= 1;
	CHECK(hfx_is_error(call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", cookie, handle), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	/* a KV failure is the helpers' storage error, never an AuthorizationError */
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	hfx_fail_puts = OC_FXR_FAILED;
	cJSON *out = run(&cfg, OC_KIND_BEGIN_CONSENT, "{\"request\":" AREQ "}");
	hfx_fail_puts = 0;
	CHECK(out != NULL && strcmp(hfx_jstr(out, "t"), "error") == 0 && hfx_jstr(out, "name") == NULL);
	release();
}

OC_TEST(helper_consent_deny)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	cJSON *out = call(&cfg, OC_KIND_DENY_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"description\":\"User said no\"}", cookie, handle);
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	const char *to = RU "?error=access_denied&error_description=User+said+no&state=st+1&iss=https%3A%2F%2Fexample.com";
	CHECK_STR(hfx_jstr(v, "redirectTo"), to);
	CHECK_STR(header(v, 0, "Cache-Control"), "no-store");
	CHECK(strstr(header(v, 1, "Set-Cookie"), "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0") != NULL);
	CHECK_STR(header(v, 2, "Location"), to);
	CHECK_STR(hfx_jstr(cJSON_GetObjectItem(v, "request"), "clientId"), CONF);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_DENY_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", cookie, handle), "invalid_request",
		"This authorization expired or was already used; start again", "AuthorizationError"));
	/* without a description; a request without state or issuer */
	out = run(&cfg, OC_KIND_BEGIN_CONSENT, "{\"request\":{\"clientId\":\"c\",\"redirectUri\":\"https://a.example/cb?x=1&state=old\",\"scope\":[]}}");
	REQUIRE(hfx_value(out) != NULL);
	snprintf(handle, sizeof handle, "%s", hfx_jstr(hfx_value(out), "handle"));
	pair_of(header(hfx_value(out), 0, "Set-Cookie"), cookie, sizeof cookie);
	out = call(&cfg, OC_KIND_DENY_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", cookie, handle);
	CHECK(hfx_value(out) && strcmp(hfx_jstr(hfx_value(out), "redirectTo"), "https://a.example/cb?x=1&error=access_denied") == 0);
	/* a stored redirect URI that is not a URL: TypeError, after the transaction was consumed */
	out = run(&cfg, OC_KIND_BEGIN_CONSENT, "{\"request\":{\"clientId\":\"c\",\"redirectUri\":\"not a url\",\"scope\":[]}}");
	snprintf(handle, sizeof handle, "%s", hfx_jstr(hfx_value(out), "handle"));
	pair_of(header(hfx_value(out), 0, "Set-Cookie"), cookie, sizeof cookie);
	hfx_log_reset();
	CHECK(hfx_is_error(call(&cfg, OC_KIND_DENY_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\"}", cookie, handle), "invalid_request",
		"Invalid URL string.", "TypeError"));
	CHECK(hfx_nlog == 2 && hfx_log[1].kind == OC_FX_KV_DELETE);
	release();
}

OC_TEST(helper_consent_remember)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	cJSON *out = call(&cfg, OC_KIND_APPROVE_CONSENT, "{\"cookie\":\"%s\",\"handle\":\"%s\",\"remember\":{\"secret\":\"" SECRET
		"\",\"subject\":\"alice\",\"maxAgeSeconds\":120}}", cookie, handle);
	const cJSON *v = hfx_value(out);
	REQUIRE(v != NULL);
	const char *set = header(v, 2, "Set-Cookie");
	REQUIRE(set != NULL);
	CHECK(strncmp(set, "__Host-oauth-approvals=", 23) == 0 && strstr(set, "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=120") != NULL);
	pair_of(set, cookie2, sizeof cookie2);
	/* what it holds: the key of client, redirect URI, resource and subject; the request's scopes; now + 120 */
	oc_arena *a = oc_arena_new();
	oc_remember r = { SECRET, 32, "alice", 120 };
	oc_arena_bind_json(a);
	cJSON *l = oc_approvals_read(a, cookie2 + 23, strlen(cookie2 + 23), &r);
	char want[512];
	snprintf(want, sizeof want, "[{\"k\":\"%s\",\"s\":[\"read\",\"write\"],\"e\":%d}]",
		oc_approvals_key(a, cJSON_Parse(AREQ), "alice"), NOW + 120);
	CHECK_STR(oc_json_print(l), want);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	/* isConsentRemembered: same subject and a subset of scopes, yes; another subject, more scopes, another secret, no */
	const char *R = "{\"cookie\":\"x=1; %s\",\"request\":" AREQ ",\"remember\":%s}";
	struct { const char *req, *remember; int yes; } cases[] = {
		{ AREQ, "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 1 },
		{ "{\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://example.com/api\",\"scope\":[\"write\"]}",
		  "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 1 },
		{ AREQ, "{\"secret\":\"" SECRET "\",\"subject\":\"bob\"}", 0 },
		{ AREQ, "{\"secret\":\"" SECRET "\"}", 0 },
		{ AREQ, "{\"secret\":\"" SECRET "x\",\"subject\":\"alice\"}", 0 },
		{ "{\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://example.com/api\",\"scope\":[\"read\",\"admin\"]}",
		  "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 0 },
		{ "{\"clientId\":\"" CONF "\",\"redirectUri\":\"http://127.0.0.1:8080/cb\",\"resource\":\"https://example.com/api\",\"scope\":[\"read\"]}",
		  "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 0 },
		{ "{\"clientId\":\"" PUBL "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://example.com/api\",\"scope\":[\"read\"]}",
		  "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 0 },
		{ "{\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]}",
		  "{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char args[4096];
		snprintf(args, sizeof args, "{\"cookie\":\"x=1; %s\",\"request\":%s,\"remember\":%s}", cookie2, cases[i].req, cases[i].remember);
		out = run(&cfg, OC_KIND_CONSENT_REMEMBERED, args);
		CHECK(hfx_value(out) != NULL && cJSON_IsBool(hfx_value(out)) && !!cJSON_IsTrue(hfx_value(out)) == cases[i].yes);
		if (hfx_value(out) == NULL || !!cJSON_IsTrue(hfx_value(out)) != cases[i].yes)
			fprintf(stderr, "  case %zu\n", i);
		}
	CHECK(hfx_is_error(call(&cfg, OC_KIND_CONSENT_REMEMBERED, R, cookie2, "{\"secret\":\"" SECRET "\",\"subject\":\"\"}"),
		"invalid_request", "remember.subject must be a non-empty string", "TypeError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_CONSENT_REMEMBERED, "{\"cookie\":\"%s\",\"request\":" AREQ "%s}", cookie2, ""),
		"invalid_request", "remember must be an object with a secret", "TypeError"));
	/* a second approval keeps the first (another client), replaces one with the same key */
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_CONSENT, "") != NULL);
	char args[4096];
	snprintf(args, sizeof args, "{\"cookie\":\"%s; %s\",\"handle\":\"%s\",\"scope\":[\"read\"],\"remember\":{\"secret\":\"" SECRET
		"\",\"subject\":\"alice\"}}", cookie, cookie2, handle);
	out = run(&cfg, OC_KIND_APPROVE_CONSENT, args);
	REQUIRE(hfx_value(out) != NULL);
	set = header(hfx_value(out), 2, "Set-Cookie");
	CHECK(set && strstr(set, "Max-Age=2592000") != NULL);
	pair_of(set, cookie2, sizeof cookie2);
	snprintf(args, sizeof args, "{\"cookie\":\"%s\",\"request\":" AREQ ",\"remember\":{\"secret\":\"" SECRET "\",\"subject\":\"alice\"}}", cookie2);
	out = run(&cfg, OC_KIND_CONSENT_REMEMBERED, args);
	CHECK(hfx_value(out) != NULL && cJSON_IsFalse(hfx_value(out))); /* now only "read" is remembered */
	release();
}

OC_TEST(helper_consent_upstream)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	const cJSON *v = begin(&cfg, OC_KIND_BEGIN_UPSTREAM, ",\"data\":{\"verifier\":\"v\",\"n\":[1,2.5]}");
	REQUIRE(v != NULL);
	char hash[65], want[256], url[512];
	oc_consent_hash(hash, handle, strlen(handle));
	snprintf(want, sizeof want, "__Host-oauth-upstream-%.16s=%s", hash, hash);
	CHECK_STR(cookie, want);
	CHECK_STR(header(v, 1, "Cache-Control"), "no-store");
	CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(v, "headers")) == 2);
	/* missing or empty state, before anything else */
	hfx_log_reset();
	CHECK(hfx_is_error(call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", cookie, "https://as.example/callback?code=1"),
		"invalid_request", "Missing state parameter", "AuthorizationError"));
	CHECK(hfx_is_error(call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", cookie, "https://as.example/callback?state="),
		"invalid_request", "Missing state parameter", "AuthorizationError"));
	snprintf(url, sizeof url, "https://as.example/callback?code=1&state=%s", handle);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", "", url),
		"invalid_request", "This authorization was not started in this browser; start again", "AuthorizationError"));
	CHECK(hfx_nlog == 0);
	/* the first state parameter counts */
	snprintf(url, sizeof url, "https://as.example/callback?state=%s&state=x", handle);
	cJSON *out = call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", cookie, url);
	v = hfx_value(out);
	REQUIRE(v != NULL);
	CHECK_STR(hfx_print(cJSON_GetObjectItem(v, "data")), "{\"verifier\":\"v\",\"n\":[1,2.5]}");
	CHECK_STR(hfx_print(cJSON_GetObjectItem(v, "request")), AREQ);
	CHECK_STR(header(v, 0, "Cache-Control"), "no-store");
	CHECK(strstr(header(v, 1, "Set-Cookie"), "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0") != NULL);
	CHECK(hfx_is_error(call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", cookie, url),
		"invalid_request", "This authorization expired or was already used; start again", "AuthorizationError"));
	/* no data: none answered */
	REQUIRE(begin(&cfg, OC_KIND_BEGIN_UPSTREAM, "") != NULL);
	snprintf(url, sizeof url, "https://as.example/callback?state=%s", handle);
	out = call(&cfg, OC_KIND_FINISH_UPSTREAM, "{\"cookie\":\"%s\",\"url\":\"%s\"}", cookie, url);
	CHECK(hfx_value(out) != NULL && cJSON_GetObjectItem(hfx_value(out), "data") == NULL);
	release();
}

OC_TEST(helper_consent_describe)
{
	oc_config cfg = hfx_base_cfg();
	hfx_seed_clients();
	hfx_put("client:named", "{\"clientId\":\"named\",\"clientName\":\" Acme <b>\",\"clientUri\":\"https://acme.example\","
		"\"logoUri\":\"\",\"redirectUris\":[\"" RU "\"]}", NULL);
	hfx_put("client:blank", "{\"clientId\":\"blank\",\"clientName\":\" \\u00a0\\t\"}", NULL);
	static const struct { const char *req, *want; } cases[] = {
		{ "{\"clientId\":\"named\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]}",
		  "{\"clientId\":\"named\",\"clientName\":\" Acme <b>\",\"clientUri\":\"https://acme.example\",\"redirectUri\":\"" RU
		  "\",\"redirectHost\":\"client.example.org\",\"redirectIsLoopback\":false,\"scope\":[\"read\"]}" },
		{ "{\"clientId\":\"blank\",\"redirectUri\":\"http://LOCALHOST:8080/cb\",\"scope\":[]}",
		  "{\"clientId\":\"blank\",\"clientName\":\"blank\",\"redirectUri\":\"http://LOCALHOST:8080/cb\","
		  "\"redirectHost\":\"localhost\",\"redirectIsLoopback\":true,\"scope\":[]}" },
		{ "{\"clientId\":\"nobody\",\"redirectUri\":\"http://127.1.2.3/cb\",\"scope\":[\"a\"]}",
		  "{\"clientId\":\"nobody\",\"clientName\":\"nobody\",\"redirectUri\":\"http://127.1.2.3/cb\","
		  "\"redirectHost\":\"127.1.2.3\",\"redirectIsLoopback\":true,\"scope\":[\"a\"]}" },
		{ "{\"clientId\":\"nobody\",\"redirectUri\":\"http://[::1]:3000/cb\",\"scope\":[]}",
		  "{\"clientId\":\"nobody\",\"clientName\":\"nobody\",\"redirectUri\":\"http://[::1]:3000/cb\","
		  "\"redirectHost\":\"[::1]\",\"redirectIsLoopback\":true,\"scope\":[]}" },
		{ "{\"clientId\":\"nobody\",\"redirectUri\":\"com.example.app:/cb\",\"scope\":[]}",
		  "{\"clientId\":\"nobody\",\"clientName\":\"nobody\",\"redirectUri\":\"com.example.app:/cb\","
		  "\"redirectHost\":\"com.example.app:/cb\",\"redirectIsLoopback\":false,\"scope\":[]}" },
		{ "{\"clientId\":\"nobody\",\"redirectUri\":\"http://128.0.0.1/cb\",\"scope\":[]}",
		  "{\"clientId\":\"nobody\",\"clientName\":\"nobody\",\"redirectUri\":\"http://128.0.0.1/cb\","
		  "\"redirectHost\":\"128.0.0.1\",\"redirectIsLoopback\":false,\"scope\":[]}" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char args[1024];
		snprintf(args, sizeof args, "{\"request\":%s}", cases[i].req);
		cJSON *out = run(&cfg, OC_KIND_DESCRIBE_CONSENT, args);
		const char *got = hfx_value(out) ? hfx_print(hfx_value(out)) : "(error)";
		CHECK_STR(got, cases[i].want);
		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "  case %zu: %s\n", i, got);
		}
	CHECK(hfx_is_error(run(&cfg, OC_KIND_DESCRIBE_CONSENT, "{\"request\":{\"clientId\":\"named\",\"redirectUri\":\"nope\",\"scope\":[]}}"),
		"invalid_request", "Invalid URL string.", "TypeError"));
	release();
}
