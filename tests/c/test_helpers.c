/*
 * The helper operations (createClient, lookupClient, parseAuthRequest,
 * completeAuthorization, listUserGrants, revokeGrant) driven natively against
 * an in-memory KV, with the reference's observed strings, records, metadata
 * and TTLs (docs/observed).
 */
#include "oc_test.h"
#include "op/oc_op.h"
#include "config/oc_config.h"
#include "token/oc_token.h"
#include "cJSON.h"
#include <stdlib.h>
#include <stdio.h>

/* ---- a minimal in-memory KV (sorted keys, like Workers KV lists) ---- */
typedef struct { char *key, *val, *meta; uint32_t ttl, expiration; } kv_entry;
static kv_entry kv[256];
static size_t nkv;
static oc_fx log_fx[512]; /* every effect performed, strings copied */
static size_t nlog;
static int kv_list_page = 1000; /* the host's page size when the op gives no limit */
static const char *list_answer; /* when set, every KV list answers this text (a lying host) */

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static void log_reset(void)
{
	for (size_t i = 0; i < nlog; i++) { free((char *)log_fx[i].key); free((char *)log_fx[i].val); free((char *)log_fx[i].meta); }
	nlog = 0;
}

static void kv_reset(void)
{
	for (size_t i = 0; i < nkv; i++) { free(kv[i].key); free(kv[i].val); free(kv[i].meta); }
	nkv = 0;
	log_reset();
	kv_list_page = 1000;
}

static kv_entry *kv_find(const char *key)
{
	for (size_t i = 0; i < nkv; i++)
		if (strcmp(kv[i].key, key) == 0)
			return &kv[i];
	return NULL;
}

static void kv_put(const char *key, const char *val, const char *meta)
{
	kv_entry *e = kv_find(key);
	if (e == NULL) {
		size_t i = 0;
		while (i < nkv && strcmp(kv[i].key, key) < 0)
			i++;
		memmove(&kv[i + 1], &kv[i], (nkv - i) * sizeof kv[0]);
		nkv++;
		e = &kv[i];
		e->key = dupn(key, strlen(key));
	} else {
		free(e->val);
		free(e->meta);
	}
	e->val = dupn(val, strlen(val));
	e->meta = meta ? dupn(meta, strlen(meta)) : NULL;
	e->ttl = e->expiration = 0;
}

static void kv_del(const char *key)
{
	kv_entry *e = kv_find(key);
	if (e == NULL)
		return;
	free(e->key); free(e->val); free(e->meta);
	size_t i = (size_t)(e - kv);
	memmove(&kv[i], &kv[i + 1], (nkv - i - 1) * sizeof kv[0]);
	nkv--;
}

/* Performs one effect; strings returned live until the next perform. */
static char scratch[65536];
static oc_fx_result perform(const oc_fx *f)
{
	oc_fx_result r = { OC_FXR_OK, 0, 0, 0, 0 };
	char *key = dupn(f->key, f->key_len);
	oc_fx *l = &log_fx[nlog++];
	*l = *f;
	l->key = key;
	l->val = f->val ? dupn(f->val, f->val_len) : NULL;
	l->meta = f->meta ? dupn(f->meta, f->meta_len) : NULL;
	switch (f->kind) {
	case OC_FX_KV_GET: {
		kv_entry *e = kv_find(key);
		if (e == NULL) r.status = OC_FXR_MISSING;
		else { r.data = e->val; r.len = (uint32_t)strlen(e->val); }
		break;
	}
	case OC_FX_KV_PUT:
		kv_put(key, l->val ? l->val : "", l->meta);
		kv_find(key)->ttl = f->ttl;
		kv_find(key)->expiration = f->expiration;
		break;
	case OC_FX_KV_DELETE:
		kv_del(key);
		break;
	case OC_FX_KV_LIST: {
		if (list_answer != NULL) {
			r.data = list_answer;
			r.len = (uint32_t)strlen(list_answer);
			break;
		}
		size_t start = f->val ? (size_t)atoi(l->val) : 0, limit = f->ttl ? f->ttl : (size_t)kv_list_page;
		size_t plen = strlen(key), taken = 0, i = start;
		cJSON *o = cJSON_CreateObject(), *keys = cJSON_AddArrayToObject(o, "keys");
		for (; i < nkv && taken < limit; i++) {
			if (strncmp(kv[i].key, key, plen) != 0)
				continue;
			cJSON *k = cJSON_CreateObject();
			cJSON_AddStringToObject(k, "name", kv[i].key);
			if (kv[i].meta) cJSON_AddItemToObject(k, "metadata", cJSON_Parse(kv[i].meta));
			cJSON_AddItemToArray(keys, k);
			taken++;
		}
		size_t more = i;
		while (more < nkv && strncmp(kv[more].key, key, plen) != 0) more++;
		cJSON_AddBoolToObject(o, "list_complete", more >= nkv);
		if (more < nkv) {
			char c[16];
			snprintf(c, sizeof c, "%zu", i);
			cJSON_AddStringToObject(o, "cursor", c);
		}
		char *s = cJSON_PrintUnformatted(o);
		snprintf(scratch, sizeof scratch, "%s", s);
		free(s);
		cJSON_Delete(o);
		r.data = scratch;
		r.len = (uint32_t)strlen(scratch);
		break;
	}
	default:
		r.status = OC_FXR_FAILED;
	}
	return r;
}

static size_t field(uint8_t *buf, const char *s)
{
	size_t n = strlen(s);
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	memcpy(buf + 4, s, n);
	return n + 4;
}

#define NOW 1795774054
static int fail_puts; /* answer KV puts with this status when non-zero */

/* Runs kind with args (JSON) to the end; the parsed output (caller frees), or NULL. */
static cJSON *run(const oc_config *cfg, int kind, const char *args)
{
	static uint8_t in[16384];
	size_t n = field(in, args);
	oc_op *op = oc_op_begin(cfg, kind, in, n, NOW * 1000.0 + 123);
	oc_op_status st;
	if (op == NULL)
		return NULL;
	while ((st = oc_op_step(op)) == OC_OP_EFFECTS) {
		uint32_t nfx;
		const oc_fx *fx = oc_op_effects(op, &nfx);
		oc_fx_result res[64];
		static char copies[64][65536];
		for (uint32_t i = 0; i < nfx; i++) {
			res[i] = perform(&fx[i]);
			if (fx[i].kind == OC_FX_KV_PUT && fail_puts)
				res[i].status = (uint32_t)fail_puts;
			if (res[i].len) { /* perform's buffers are reused: copy */
				memcpy(copies[i], res[i].data, res[i].len);
				res[i].data = copies[i];
			}
		}
		if (oc_op_resume(op, res, nfx) != 0) { oc_op_end(op); return NULL; }
	}
	cJSON *out = NULL;
	if (st == OC_OP_DONE) {
		const char *o; size_t len;
		oc_op_output(op, &o, &len);
		out = cJSON_ParseWithLength(o, len);
	}
	oc_op_end(op);
	return out;
}

static const char *jstr(const cJSON *o, const char *path)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, path);
	return cJSON_IsString(m) ? m->valuestring : NULL;
}

static const cJSON *value(const cJSON *out)
{
	return out && strcmp(jstr(out, "t") ? jstr(out, "t") : "", "value") == 0
		? cJSON_GetObjectItemCaseSensitive(out, "value") : NULL;
}

/* Checks an error answer's code, description and class name (NULL: not set). */
static int is_error(const cJSON *out, const char *code, const char *desc, const char *name)
{
	if (out == NULL || !jstr(out, "t") || strcmp(jstr(out, "t"), "error") != 0) {
		char *s = out ? cJSON_PrintUnformatted(out) : NULL;
		fprintf(stderr, "  not an error: %s\n", s ? s : "(null)");
		free(s);
		return 0;
	}
	int ok = strcmp(jstr(out, "code"), code) == 0 && strcmp(jstr(out, "description"), desc) == 0
		&& (name ? jstr(out, "name") && strcmp(jstr(out, "name"), name) == 0 : jstr(out, "name") == NULL);
	if (!ok) {
		char *s = cJSON_PrintUnformatted(out);
		fprintf(stderr, "  got: %s\n", s);
		free(s);
	}
	return ok;
}

/* The members of o in order, comma-separated, into buf. */
static const char *members(const cJSON *o, char *buf, size_t n)
{
	const cJSON *m;
	buf[0] = 0;
	cJSON_ArrayForEach(m, o) {
		if (buf[0]) strncat(buf, ",", n - strlen(buf) - 1);
		strncat(buf, m->string, n - strlen(buf) - 1);
	}
	return buf;
}

static oc_config base_cfg(void)
{
	oc_config c;
	memset(&c, 0, sizeof c);
	c.profile = &oc_profile_1x;
	c.access_token_ttl = 3600;
	c.resource = "https://example.com/api";
	oc_url_parse(&c.resource_url, c.resource, strlen(c.resource));
	return c;
}

#define RU "https://client.example.org/cb"

/* ---------------- createClient / lookupClient ---------------- */

static cJSON *create(const oc_config *cfg, const char *args)
{
	return run(cfg, OC_KIND_CREATE_CLIENT, args);
}

OC_TEST(helper_create_client_confidential)
{
	oc_config cfg = base_cfg();
	char buf[512];
	kv_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"Confidential Test Client\","
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientId\":\"mine\",\"registrationDate\":5}");
	const cJSON *v = value(out);
	REQUIRE(v != NULL);
	CHECK_STR(members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod,clientSecret");
	char id[17], secret[33];
	REQUIRE(jstr(v, "clientId") && jstr(v, "clientSecret"));
	snprintf(id, sizeof id, "%s", jstr(v, "clientId"));
	snprintf(secret, sizeof secret, "%s", jstr(v, "clientSecret"));
	CHECK(strlen(id) == 16 && oc_token_is_alphabet(id, 16));
	CHECK(strlen(secret) == 32 && oc_token_is_alphabet(secret, 32));
	CHECK(cJSON_GetObjectItem(v, "registrationDate")->valuedouble == NOW);
	/* the record: hashed secret, authMethodExplicit, no expiry, no metadata */
	REQUIRE(nkv == 1 && nlog == 1 && log_fx[0].kind == OC_FX_KV_PUT);
	char key[64];
	snprintf(key, sizeof key, "client:%s", id);
	CHECK_STR(kv[0].key, key);
	CHECK(kv[0].ttl == 0 && kv[0].expiration == 0 && kv[0].meta == NULL);
	char hash[65];
	oc_token_client_secret_hash(hash, secret, 32);
	char want[1024];
	snprintf(want, sizeof want, "{\"clientId\":\"%s\",\"redirectUris\":[\"" RU "\"],"
		"\"clientName\":\"Confidential Test Client\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
		"\"responseTypes\":[\"code\"],\"registrationDate\":%d,\"tokenEndpointAuthMethod\":\"client_secret_basic\","
		"\"authMethodExplicit\":true,\"clientSecret\":\"%s\"}", id, NOW, hash);
	CHECK_STR(kv[0].val, want);
	cJSON_Delete(out);

	/* lookupClient: the record without authMethodExplicit, secret as its hash */
	snprintf(buf, sizeof buf, "{\"clientId\":\"%s\"}", id);
	out = run(&cfg, OC_KIND_LOOKUP_CLIENT, buf);
	v = value(out);
	REQUIRE(v != NULL);
	CHECK_STR(members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod,clientSecret");
	CHECK_STR(jstr(v, "clientSecret"), hash);
	cJSON_Delete(out);
}

OC_TEST(helper_create_client_public_and_defaults)
{
	oc_config cfg = base_cfg();
	char buf[512];
	kv_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"Public Test Client\","
		"\"tokenEndpointAuthMethod\":\"none\"}");
	const cJSON *v = value(out);
	REQUIRE(v != NULL);
	CHECK_STR(members(v, buf, sizeof buf), "clientId,redirectUris,clientName,grantTypes,responseTypes,"
		"registrationDate,tokenEndpointAuthMethod");
	REQUIRE(nkv == 1);
	CHECK(strstr(kv[0].val, "\"tokenEndpointAuthMethod\":\"none\",\"authMethodExplicit\":true}") != NULL);
	CHECK(strstr(kv[0].val, "clientSecret") == NULL);
	cJSON_Delete(out);

	/* no method given: client_secret_basic, authMethodExplicit not stored */
	kv_reset();
	out = create(&cfg, "{\"redirectUris\":[\"http://evil.example/cb\",\"" RU "\"]}");
	REQUIRE(value(out) != NULL);
	CHECK(strstr(kv[0].val, "\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"") != NULL);
	CHECK(strstr(kv[0].val, "authMethodExplicit") == NULL);
	cJSON_Delete(out);

	/* every field, in the reference's order */
	kv_reset();
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"],\"clientName\":\"n\",\"logoUri\":\"https://l\","
		"\"clientUri\":\"https://c\",\"policyUri\":\"https://p\",\"tosUri\":\"https://t\",\"jwksUri\":\"https://j\","
		"\"contacts\":[\"a@b\"],\"i18n\":{\"client_name#ja\":\"x\"},\"grantTypes\":[\"authorization_code\"],"
		"\"responseTypes\":[\"code\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"extra\":1,"
		"\"authMethodExplicit\":false}");
	v = value(out);
	REQUIRE(v != NULL);
	CHECK_STR(members(v, buf, sizeof buf), "clientId,redirectUris,clientName,logoUri,clientUri,policyUri,tosUri,"
		"jwksUri,i18n,contacts,grantTypes,responseTypes,registrationDate,tokenEndpointAuthMethod,clientSecret");
	cJSON *rec = cJSON_Parse(kv[0].val);
	CHECK_STR(members(rec, buf, sizeof buf), "clientId,redirectUris,clientName,logoUri,clientUri,policyUri,tosUri,"
		"jwksUri,i18n,contacts,grantTypes,responseTypes,registrationDate,tokenEndpointAuthMethod,"
		"authMethodExplicit,clientSecret");
	CHECK(cJSON_IsTrue(cJSON_GetObjectItem(rec, "authMethodExplicit")));
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* loopback http redirect URIs are usable */
	out = create(&cfg, "{\"redirectUris\":[\"http://127.0.0.1:3000/cb\",\"http://localhost/cb\",\"http://[::1]/cb\"]}");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
}

OC_TEST(helper_create_client_rules)
{
	oc_config cfg = base_cfg();
	static const struct { const char *args, *desc; } bad[] = {
		{ "{\"clientName\":\"x\"}", "redirect_uris is required and must not be empty" },
		{ "{}", "redirect_uris is required and must not be empty" },
		{ "{\"redirectUris\":[]}", "redirect_uris is required and must not be empty" },
		{ "{\"redirectUris\":[\"javascript:alert(1)\",\"" RU "\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"data:text/html,x\",\"" RU "\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"" RU "#x\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"https://u:p@client.example.org/cb\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"not a uri\"]}", "Invalid redirect URI" },
		{ "{\"redirectUris\":[\"http://evil.example/cb\"]}", "Redirect URI must use https, or http on a loopback host" },
		{ "{\"redirectUris\":[\"com.example.app:/cb\"]}", "Redirect URI must use https, or http on a loopback host" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[\"implicit\"]}", "Unsupported grant_type: implicit" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[\"client_credentials\"]}", "Unsupported grant_type: client_credentials" },
		{ "{\"redirectUris\":[\"" RU "\"],\"responseTypes\":[\"token\"]}", "Unsupported response_type: token" },
		{ "{\"redirectUris\":[\"" RU "\"],\"tokenEndpointAuthMethod\":\"private_key_jwt\"}",
		  "Unsupported token_endpoint_auth_method: private_key_jwt" },
		{ "{\"redirectUris\":[\"" RU "\"],\"grantTypes\":[]}",
		  "grant_types authorization_code and response_types code must be registered together" },
		{ "{\"redirectUris\":[5]}", "redirectUris must be an array of strings" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kv_reset();
		cJSON *out = create(&cfg, bad[i].args);
		CHECK(is_error(out, "invalid_client_metadata", bad[i].desc, "Error"));
		CHECK(nkv == 0);
		cJSON_Delete(out);
	}
	/* private-use schemes count when allowed */
	cfg.allow_private_use_redirect_uris = 1;
	kv_reset();
	cJSON *out = create(&cfg, "{\"redirectUris\":[\"com.example.app:/cb\"]}");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
	/* a failed or rate-limited write */
	fail_puts = OC_FXR_RATE_LIMITED;
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"]}");
	CHECK(is_error(out, "temporarily_unavailable", "The storage is rate limited", NULL));
	cJSON_Delete(out);
	fail_puts = OC_FXR_FAILED;
	out = create(&cfg, "{\"redirectUris\":[\"" RU "\"]}");
	CHECK(is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	fail_puts = 0;
	kv_reset();
}

OC_TEST(helper_lookup_client)
{
	oc_config cfg = base_cfg();
	char buf[512];
	kv_reset();
	kv_put("client:dcr", "{\"clientId\":\"dcr\",\"redirectUris\":[\"" RU "\"],\"tokenEndpointAuthMethod\":\"none\","
		"\"registrationExpiresAt\":5,\"authMethodExplicit\":true,\"foo\":1,\"i18n\":{\"a\":\"b\"}}", NULL);
	cJSON *out = run(&cfg, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"dcr\"}");
	REQUIRE(value(out) != NULL);
	CHECK_STR(members(value(out), buf, sizeof buf), "clientId,redirectUris,tokenEndpointAuthMethod,foo,i18n");
	CHECK(nlog == 1 && log_fx[0].kind == OC_FX_KV_GET && strcmp(log_fx[0].key, "client:dcr") == 0);
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LOOKUP_CLIENT, "{\"clientId\":\"doesnotexist\"}");
	CHECK(out && value(out) && cJSON_IsNull(value(out)));
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LOOKUP_CLIENT, "{}");
	CHECK(out && value(out) && cJSON_IsNull(value(out)));
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LOOKUP_CLIENT, "not json");
	CHECK(out && value(out) && cJSON_IsNull(value(out)));
	cJSON_Delete(out);
	kv_reset();
}

/* ---------------- parseAuthRequest ---------------- */

#define CONF "confClientAAAAAA"
#define PUBL "publClientAAAAAA"
#define CH "IUKf-XcwsAJbooqhoOA9qgyaM-FHzxrJLzsYzSlBCDQ"
#define ERU "https%3A%2F%2Fclient.example.org%2Fcb"
#define AUTHZ "https://example.com/authorize?"
#define BASE "response_type=code&client_id=" CONF "&redirect_uri=" ERU

static void seed_clients(void)
{
	kv_reset();
	kv_put("client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "\",\"http://127.0.0.1:8080/cb\","
		"\"http://localhost:8080/cb\",\"com.example.app:/cb\",\"http://evil.example/cb\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL);
	kv_put("client:" PUBL, "{\"clientId\":\"" PUBL "\",\"redirectUris\":[\"" RU "\"],"
		"\"tokenEndpointAuthMethod\":\"none\"}", NULL);
}

static cJSON *parse(const oc_config *cfg, const char *url)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "url", url);
	char *s = cJSON_PrintUnformatted(a);
	cJSON *out = run(cfg, OC_KIND_PARSE_AUTH_REQUEST, s);
	free(s);
	cJSON_Delete(a);
	return out;
}

static char *print(const cJSON *v)
{
	static char buf[4096];
	char *s = cJSON_PrintUnformatted(v);
	snprintf(buf, sizeof buf, "%s", s ? s : "(null)");
	free(s);
	return buf;
}

OC_TEST(helper_parse_auth_request_ok)
{
	oc_config cfg = base_cfg();
	seed_clients();
	cJSON *out = parse(&cfg, AUTHZ BASE "&scope=read+write&state=st-123&code_challenge=" CH "&code_challenge_method=S256");
	REQUIRE(value(out) != NULL);
	CHECK_STR(print(value(out)), "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\","
		"\"scope\":[\"read\",\"write\"],\"state\":\"st-123\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\","
		"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}");
	CHECK(nlog == 1 && log_fx[0].kind == OC_FX_KV_GET && strcmp(log_fx[0].key, "client:" CONF) == 0);
	cJSON_Delete(out);

	/* no PKCE (confidential), no state, spaces in scope kept as the reference splits them */
	out = parse(&cfg, AUTHZ BASE "&scope=%20a%20%20b%20a%20&prompt=none&foo=bar");
	CHECK_STR(print(value(out)), "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\","
		"\"scope\":[\"a\",\"b\",\"a\"],\"state\":\"\",\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}");
	cJSON_Delete(out);

	/* issuer: the request's origin; duplicates accepted (first wins); lenient decoding */
	out = parse(&cfg, "HTTPS://Other.Example:8443/elsewhere?" BASE "&client_id=zzz&redirect_uri=x&state=%ZZ%E9"
		"&resource=https%3A%2F%2Fexample.com%2Fapi&resource=HTTPS%3A%2F%2FEXAMPLE.COM%2Fapi%3Fx%3D1");
	REQUIRE(value(out) != NULL);
	CHECK_STR(jstr(value(out), "issuer"), "https://other.example:8443");
	CHECK_STR(jstr(value(out), "state"), "%ZZ\xef\xbf\xbd");
	CHECK_STR(jstr(value(out), "resource"), "https://example.com/api");
	cJSON_Delete(out);
	out = parse(&cfg, "https://example.com:443/authorize?" BASE);
	CHECK_STR(jstr(value(out), "issuer"), "https://example.com");
	cJSON_Delete(out);

	/* RFC 8252: loopback redirect URIs match on any port */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcb");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fcb");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);

	/* public client with S256; plain and implicit when allowed */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" PUBL "&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 1;
	out = parse(&cfg, AUTHZ BASE "&code_challenge=abc");
	/* 0.10.4: a challenge without method is plain, and the AuthRequest carries no method */
	CHECK(value(out) && strcmp(jstr(value(out), "codeChallenge"), "abc") == 0 && !jstr(value(out), "codeChallengeMethod"));
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE "&code_challenge=abc&code_challenge_method=plain");
	CHECK(value(out) && strcmp(jstr(value(out), "codeChallengeMethod"), "plain") == 0);
	cJSON_Delete(out);
	cfg.allow_implicit_flow = 1;
	kv_put("client:IMPLICITCLIENT01", "{\"clientId\":\"IMPLICITCLIENT01\",\"redirectUris\":[\"" RU "\"],"
		"\"responseTypes\":[\"token\"],\"tokenEndpointAuthMethod\":\"none\"}", NULL);
	/* a public client needs no PKCE for token; a challenge is checked, then kept in the AuthRequest */
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU);
	CHECK(value(out) && strcmp(jstr(value(out), "responseType"), "token") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256");
	CHECK(value(out) && strcmp(jstr(value(out), "codeChallenge"), CH) == 0);
	cJSON_Delete(out);
	/* a client registered for token only cannot use code; one without responseTypes cannot use token */
	out = parse(&cfg, AUTHZ "response_type=code&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&state=s");
	CHECK(is_error(out, "unauthorized_client", "The client is not registered for response_type code", "AuthorizationError"));
	CHECK(out && jstr(out, "redirectTo") && strcmp(jstr(out, "redirectTo"), RU "?error=unauthorized_client&error_description="
		"The+client+is+not+registered+for+response_type+code&state=s&iss=https%3A%2F%2Fexample.com") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU);
	CHECK(is_error(out, "unauthorized_client", "The client is not registered for response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	/* order: resource, response_type, registration, PKCE */
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU "&resource=https%3A%2F%2Fevil.example%2F");
	CHECK(is_error(out, "invalid_target", "The resource parameter must name exactly one configured protected resource", "AuthorizationError"));
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU "&code_challenge=x&code_challenge_method=S512");
	CHECK(is_error(out, "unauthorized_client", "The client is not registered for response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 0;
	out = parse(&cfg, AUTHZ "response_type=token&client_id=IMPLICITCLIENT01&redirect_uri=" ERU "&code_challenge=x&code_challenge_method=plain");
	CHECK(is_error(out, "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", "AuthorizationError"));
	cJSON_Delete(out);
	cfg.allow_plain_pkce = 1;
	/* private-use redirect URIs when allowed */
	cfg.allow_private_use_redirect_uris = 1;
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=com.example.app%3A%2Fcb");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
	/* 0.10.x: resource kept as given */
	cfg = base_cfg();
	cfg.profile = &oc_profile_0_10;
	cfg.resource = NULL;
	out = parse(&cfg, AUTHZ BASE "&resource=https%3A%2F%2Fany.example%2Fx");
	CHECK(value(out) && strcmp(jstr(value(out), "resource"), "https://any.example/x") == 0);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE);
	CHECK(value(out) && jstr(value(out), "resource") == NULL);
	cJSON_Delete(out);
	out = parse(&cfg, AUTHZ BASE "&resource=nope&state=s");
	CHECK(is_error(out, "invalid_target", "The resource parameter must be a valid absolute URI without a fragment", "AuthorizationError"));
	cJSON_Delete(out);
	kv_reset();
}

OC_TEST(helper_parse_auth_request_local_errors)
{
	oc_config cfg = base_cfg();
	static const struct { const char *url, *desc; } bad[] = {
		{ AUTHZ "response_type=code&redirect_uri=" ERU "&state=s1", "client_id is required" },
		{ AUTHZ "client_id=&response_type=code", "client_id is required" },
		{ "https://example.com/authorize", "client_id is required" },
		{ AUTHZ "response_type=code&client_id=unknownclient123&redirect_uri=" ERU, "Invalid client_id" },
		{ AUTHZ "response_type=code&client_id=" CONF "&state=s1", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Fevil.example%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=com.example.app%3A%2Fcb", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=" ERU "%3Fa%3D1", "Invalid redirect URI" },
		{ AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=http%3A%2F%2Flocalhost%3A9%2Fother", "Invalid redirect URI" },
		{ "not a url", "Invalid request URL" },
	};
	seed_clients();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *out = parse(&cfg, bad[i].url);
		CHECK(is_error(out, "invalid_request", bad[i].desc, "AuthorizationError"));
		CHECK(out && !cJSON_GetObjectItem(out, "redirectTo") && !cJSON_GetObjectItem(out, "redirectUri"));
		cJSON_Delete(out);
	}
	kv_reset();
}

OC_TEST(helper_parse_auth_request_redirect_errors)
{
	oc_config cfg = base_cfg();
	static const struct { const char *query, *code, *desc, *state, *to; } bad[] = {
		{ "client_id=" CONF "&redirect_uri=" ERU "&scope=read&state=s1&code_challenge=" CH "&code_challenge_method=S256",
		  "invalid_request", "response_type is required", "s1",
		  RU "?error=invalid_request&error_description=response_type+is+required&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=&client_id=" CONF "&redirect_uri=" ERU "&state=a+b",
		  "invalid_request", "response_type is required", "a b",
		  RU "?error=invalid_request&error_description=response_type+is+required&state=a+b&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=token&client_id=" CONF "&redirect_uri=" ERU "&state=s1&code_challenge=" CH "&code_challenge_method=plain",
		  "unsupported_response_type", "The authorization server does not support response_type token", "s1",
		  RU "?error=unsupported_response_type&error_description=The+authorization+server+does+not+support+response_type+token&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=code+id_token&client_id=" CONF "&redirect_uri=" ERU,
		  "unsupported_response_type", "The authorization server does not support response_type code id_token", NULL,
		  RU "?error=unsupported_response_type&error_description=The+authorization+server+does+not+support+response_type+code+id_token&iss=https%3A%2F%2Fexample.com" },
		{ "response_type=x&client_id=" PUBL "&redirect_uri=" ERU,
		  "unsupported_response_type", "The authorization server does not support response_type x", NULL, NULL },
		{ "response_type=x&client_id=" PUBL "&redirect_uri=" ERU "&resource=https%3A%2F%2Fevil.example%2Fapi",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ "client_id=" PUBL "&redirect_uri=" ERU "&resource=x",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ "response_type=code&client_id=EMPTYRTCLIENT001&redirect_uri=" ERU "&code_challenge=" CH "&code_challenge_method=S256",
		  "unauthorized_client", "The client is not registered for response_type code", NULL, NULL },
		{ BASE "&state=s1&code_challenge=" CH "&code_challenge_method=S512&resource=https%3A%2F%2Fevil.example%2Fapi",
		  "invalid_target", "The resource parameter must name exactly one configured protected resource", "s1",
		  RU "?error=invalid_target&error_description=The+resource+parameter+must+name+exactly+one+configured+protected+resource&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi%2F", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi&resource=https%3A%2F%2Fevil.example%2Fapi", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&resource=https%3A%2F%2Fexample.com%2Fapi%23f", "invalid_target", "The resource parameter must name exactly one configured protected resource", NULL, NULL },
		{ BASE "&state=s1&code_challenge=plainplain&code_challenge_method=plain", "invalid_request",
		  "The plain PKCE method is not allowed. Use S256 instead.", "s1",
		  RU "?error=invalid_request&error_description=The+plain+PKCE+method+is+not+allowed.+Use+S256+instead.&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge=" CH, "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", NULL, NULL },
		{ BASE "&code_challenge=" CH "&code_challenge_method=", "invalid_request", "The plain PKCE method is not allowed. Use S256 instead.", NULL, NULL },
		{ BASE "&state=s1&code_challenge=" CH "&code_challenge_method=S512", "invalid_request",
		  "Unsupported PKCE code_challenge_method: S512", "s1",
		  RU "?error=invalid_request&error_description=Unsupported+PKCE+code_challenge_method%3A+S512&state=s1&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge=&code_challenge_method=S256", "invalid_request", "PKCE code_challenge is required when code_challenge_method is provided.", NULL,
		  RU "?error=invalid_request&error_description=PKCE+code_challenge+is+required+when+code_challenge_method+is+provided.&iss=https%3A%2F%2Fexample.com" },
		{ BASE "&code_challenge_method=S256", "invalid_request", "PKCE code_challenge is required when code_challenge_method is provided.", NULL, NULL },
		{ "response_type=code&client_id=" PUBL "&redirect_uri=" ERU "&scope=read&state=s1", "invalid_request",
		  "Public clients must use PKCE with the authorization code flow.", "s1",
		  RU "?error=invalid_request&error_description=Public+clients+must+use+PKCE+with+the+authorization+code+flow.&state=s1&iss=https%3A%2F%2Fexample.com" },
	};
	seed_clients();
	kv_put("client:EMPTYRTCLIENT001", "{\"clientId\":\"EMPTYRTCLIENT001\",\"redirectUris\":[\"" RU "\"],"
		"\"grantTypes\":[],\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"none\"}", NULL);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char url[1024];
		snprintf(url, sizeof url, AUTHZ "%s", bad[i].query);
		cJSON *out = parse(&cfg, url);
		CHECK(is_error(out, bad[i].code, bad[i].desc, "AuthorizationError"));
		if (out == NULL)
			continue;
		CHECK(jstr(out, "redirectUri") && strcmp(jstr(out, "redirectUri"), RU) == 0);
		CHECK(jstr(out, "issuer") && strcmp(jstr(out, "issuer"), "https://example.com") == 0);
		CHECK(bad[i].state ? jstr(out, "state") && strcmp(jstr(out, "state"), bad[i].state) == 0 : !jstr(out, "state"));
		if (bad[i].to) {
			CHECK(jstr(out, "redirectTo") && strcmp(jstr(out, "redirectTo"), bad[i].to) == 0);
			if (!jstr(out, "redirectTo") || strcmp(jstr(out, "redirectTo"), bad[i].to))
				fprintf(stderr, "  redirectTo: %s\n", jstr(out, "redirectTo"));
		}
		cJSON_Delete(out);
	}
	kv_reset();
}

/* ---------------- completeAuthorization ---------------- */

#define AREQ "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]," \
	"\"state\":\"st-123\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\"," \
	"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}"

static cJSON *complete(const oc_config *cfg, const char *request, const char *user, const char *rest)
{
	char args[4096];
	snprintf(args, sizeof args, "{\"request\":%s,\"userId\":\"%s\",\"metadata\":{\"label\":\"test\"},"
		"\"scope\":[\"read\",\"write\"],\"props\":{\"name\":\"alice\"}%s}", request, user, rest ? rest : "");
	return run(cfg, OC_KIND_COMPLETE_AUTHORIZATION, args);
}

/* The code in a redirect ("…?code=<form-encoded>&…"), decoded, into out. */
static int code_of(const char *to, char *out, size_t n)
{
	const char *p = strstr(to, "?code=");
	size_t o = 0;
	if (p == NULL)
		return -1;
	for (p += 6; *p && *p != '&' && o + 1 < n; p++) {
		if (*p == '%') { unsigned v; sscanf(p + 1, "%2x", &v); out[o++] = (char)v; p += 2; }
		else out[o++] = *p == '+' ? ' ' : *p;
	}
	out[o] = 0;
	return 0;
}

OC_TEST(helper_complete_authorization_writes_grant)
{
	oc_config cfg = base_cfg();
	char buf[512], code[256];
	seed_clients();
	size_t before = nkv;
	cJSON *out = complete(&cfg, AREQ, "user1", NULL);
	const cJSON *v = value(out);
	REQUIRE(v != NULL);
	const char *to = jstr(v, "redirectTo");
	REQUIRE(to != NULL && code_of(to, code, sizeof code) == 0);
	/* code = user1:{grant 16}:{secret 32}; redirect = code, state, iss */
	REQUIRE(strlen(code) == 6 + 16 + 1 + 32 && strncmp(code, "user1:", 6) == 0 && code[22] == ':');
	char grant_id[17];
	memcpy(grant_id, code + 6, 16);
	grant_id[16] = 0;
	char want[512];
	snprintf(want, sizeof want, RU "?code=user1%%3A%s%%3A%s&state=st-123&iss=https%%3A%%2F%%2Fexample.com", grant_id, code + 23);
	CHECK_STR(to, want);
	/* effects: client read, grant write, list for revocation (nothing else to revoke) */
	REQUIRE(nlog == 3);
	CHECK(log_fx[0].kind == OC_FX_KV_GET && strcmp(log_fx[0].key, "client:" CONF) == 0);
	CHECK(log_fx[1].kind == OC_FX_KV_PUT && log_fx[1].ttl == 600 && log_fx[1].expiration == 0);
	CHECK(log_fx[2].kind == OC_FX_KV_LIST && strcmp(log_fx[2].key, "grant:user1:") == 0);
	REQUIRE(nkv == before + 1);
	char key[64];
	snprintf(key, sizeof key, "grant:user1:%s", grant_id);
	kv_entry *e = kv_find(key);
	REQUIRE(e != NULL);
	CHECK_STR(e->meta, "{\"clientId\":\"" CONF "\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\"}");
	cJSON *rec = cJSON_Parse(e->val);
	REQUIRE(rec != NULL);
	CHECK_STR(members(rec, buf, sizeof buf), "id,clientId,userId,scope,metadata,encryptedProps,createdAt,authCodeId,"
		"authCodeWrappedKey,codeChallenge,codeChallengeMethod,resource,redirectUri");
	CHECK_STR(jstr(rec, "id"), grant_id);
	CHECK_STR(jstr(rec, "clientId"), CONF);
	CHECK_STR(jstr(rec, "userId"), "user1");
	CHECK_STR(print(cJSON_GetObjectItem(rec, "scope")), "[\"read\",\"write\"]");
	CHECK_STR(print(cJSON_GetObjectItem(rec, "metadata")), "{\"label\":\"test\"}");
	CHECK(cJSON_GetObjectItem(rec, "createdAt")->valuedouble == NOW);
	char id[65];
	oc_token_id(id, code, strlen(code));
	CHECK_STR(jstr(rec, "authCodeId"), id);
	CHECK_STR(jstr(rec, "codeChallenge"), CH);
	CHECK_STR(jstr(rec, "codeChallengeMethod"), "S256");
	CHECK_STR(jstr(rec, "resource"), "https://example.com/api");
	CHECK_STR(jstr(rec, "redirectUri"), RU);
	/* the props open with the key unwrapped under the code */
	uint8_t k[32];
	const char *wk = jstr(rec, "authCodeWrappedKey");
	REQUIRE(wk && strlen(wk) == 56);
	REQUIRE(oc_token_unwrap(k, code, strlen(code), wk, 56).code == OC_OK);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	const char *ep = jstr(rec, "encryptedProps");
	REQUIRE(oc_token_props_decrypt(a, k, ep, strlen(ep), &props, &plen).code == OC_OK);
	CHECK_STR(props, "{\"name\":\"alice\"}");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* user ids are form-encoded in the code; no issuer, no state: neither parameter */
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[],\"state\":\"\"}",
		"\xc3\xbc s/%", ",\"revokeExistingGrants\":false");
	REQUIRE(value(out) != NULL);
	to = jstr(value(out), "redirectTo");
	CHECK(strncmp(to, RU "?code=%C3%BC+s%2F%25%3A", strlen(RU "?code=%C3%BC+s%2F%25%3A")) == 0);
	CHECK(strstr(to, "&state=") == NULL && strstr(to, "&iss=") == NULL);
	cJSON_Delete(out);

	/* a challenge without method (plain allowed): the grant stores no method, as 0.10.4 */
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"codeChallenge\":\"abc\"}",
		"nm", NULL);
	REQUIRE(value(out) != NULL);
	rec = NULL;
	for (size_t i = 0; i < nkv; i++)
		if (strncmp(kv[i].key, "grant:nm:", 9) == 0)
			rec = cJSON_Parse(kv[i].val);
	CHECK(rec && jstr(rec, "codeChallenge") && strcmp(jstr(rec, "codeChallenge"), "abc") == 0
		&& cJSON_GetObjectItem(rec, "codeChallengeMethod") == NULL);
	cJSON_Delete(rec);
	cJSON_Delete(out);
	kv_reset();
}

OC_TEST(helper_complete_authorization_errors)
{
	oc_config cfg = base_cfg();
	seed_clients();
	cJSON *out;
	static const char *const users[] = { "a:b", "" };
	for (size_t i = 0; i < 2; i++) {
		out = complete(&cfg, AREQ, users[i], NULL);
		CHECK(is_error(out, "invalid_request", "userId must be a non-empty string without \":\"", "TypeError"));
		cJSON_Delete(out);
	}
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\"}", "u", NULL);
	CHECK(is_error(out, "unsupported_response_type", "The authorization server does not support response_type token", "AuthorizationError"));
	CHECK(out && !cJSON_GetObjectItem(out, "redirectTo"));
	cJSON_Delete(out);
	out = complete(&cfg, "{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"resource\":\"https://evil.example/api\"}", "u", NULL);
	CHECK(is_error(out, "invalid_target", "The resource parameter must name exactly one configured protected resource", "AuthorizationError"));
	cJSON_Delete(out);
	static const char *const reqs[] = {
		"{\"responseType\":\"code\",\"clientId\":\"nope\",\"redirectUri\":\"" RU "\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"https://evil.example/\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?a=1\"}",
		"{\"responseType\":\"code\",\"clientId\":\"" CONF "\",\"redirectUri\":\"http://evil.example/cb\"}",
	};
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		out = complete(&cfg, reqs[i], "u", NULL);
		CHECK(is_error(out, "invalid_request", "Invalid redirect URI. The redirect URI provided does not match any "
			"registered URI for this client.", "Error"));
		cJSON_Delete(out);
	}
	CHECK(nkv == 2); /* nothing written */
	/* a failed grant write: no revocation, an error */
	fail_puts = OC_FXR_FAILED;
	out = complete(&cfg, AREQ, "u", NULL);
	CHECK(is_error(out, "server_error", "Storage operation failed", NULL));
	CHECK(log_fx[nlog - 1].kind == OC_FX_KV_PUT);
	cJSON_Delete(out);
	fail_puts = 0;
	kv_reset();
}

#define G(id, client, extra) "{\"id\":\"" id "\",\"clientId\":\"" client "\",\"userId\":\"u\",\"scope\":[]," \
	"\"metadata\":{},\"encryptedProps\":\"x\",\"createdAt\":1" extra "}"
#define M(client, extra) "{\"clientId\":\"" client "\"" extra "}"

/* The value of param (e.g. "#access_token=") in a redirect, form-decoded, into out. */
static int param_of(const char *to, const char *param, char *out, size_t n)
{
	const char *p = strstr(to, param);
	size_t o = 0;
	if (p == NULL)
		return -1;
	for (p += strlen(param); *p && *p != '&' && o + 1 < n; p++) {
		if (*p == '%') { unsigned v; sscanf(p + 1, "%2x", &v); out[o++] = (char)v; p += 2; }
		else out[o++] = *p == '+' ? ' ' : *p;
	}
	out[o] = 0;
	return 0;
}

#define IREQ "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "\",\"scope\":[\"read\"]," \
	"\"state\":\"a b&c\",\"codeChallenge\":\"" CH "\",\"codeChallengeMethod\":\"S256\"," \
	"\"resource\":\"https://example.com/api\",\"issuer\":\"https://example.com\"}"

OC_TEST(helper_complete_authorization_implicit)
{
	oc_config cfg = base_cfg();
	char buf[512], tok[256], want[512], key[160], id[65];
	cfg.allow_implicit_flow = 1;
	seed_clients();
	kv_put("grant:user1:OLDGRANT00000001", G("OLDGRANT00000001", CONF, ""), M(CONF, ""));
	size_t before = nkv;
	cJSON *out = complete(&cfg, IREQ, "user1", NULL);
	const cJSON *v = value(out);
	REQUIRE(v != NULL);
	const char *to = jstr(v, "redirectTo");
	REQUIRE(to != NULL && param_of(to, "#access_token=", tok, sizeof tok) == 0);
	REQUIRE(strlen(tok) == 6 + 16 + 1 + 32 && strncmp(tok, "user1:", 6) == 0 && tok[22] == ':');
	char grant_id[17];
	memcpy(grant_id, tok + 6, 16);
	grant_id[16] = 0;
	/* fragment: access_token, token_type, expires_in, scope, state, iss (form-encoded, as 0.10.4) */
	snprintf(want, sizeof want, RU "#access_token=user1%%3A%s%%3A%s&token_type=bearer&expires_in=3600&scope=read+write"
		"&state=a+b%%26c&iss=https%%3A%%2F%%2Fexample.com", grant_id, tok + 23);
	CHECK_STR(to, want);
	/* effects: client read; grant and access token written together; list; the old grant revoked */
	REQUIRE(nlog >= 5);
	CHECK(log_fx[0].kind == OC_FX_KV_GET);
	CHECK(log_fx[1].kind == OC_FX_KV_PUT && log_fx[1].ttl == 0 && log_fx[1].expiration == NOW + 3600);
	CHECK(log_fx[2].kind == OC_FX_KV_PUT && log_fx[2].ttl == 0 && log_fx[2].expiration == NOW + 3600);
	CHECK(log_fx[3].kind == OC_FX_KV_LIST);
	CHECK(kv_find("grant:user1:OLDGRANT00000001") == NULL);
	CHECK(nkv == before + 1);
	/* the grant: no code, PKCE or refresh fields; 1.x key metadata */
	snprintf(key, sizeof key, "grant:user1:%s", grant_id);
	kv_entry *e = kv_find(key);
	REQUIRE(e != NULL);
	CHECK_STR(e->meta, "{\"clientId\":\"" CONF "\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\"}");
	cJSON *rec = cJSON_Parse(e->val);
	REQUIRE(rec != NULL);
	CHECK_STR(members(rec, buf, sizeof buf), "id,clientId,userId,scope,metadata,encryptedProps,createdAt,resource,redirectUri");
	const char *ep = jstr(rec, "encryptedProps");
	REQUIRE(ep != NULL);
	/* the access token record, as the token endpoint writes it */
	oc_token_id(id, tok, strlen(tok));
	snprintf(key, sizeof key, "token:user1:%s:%s", grant_id, id);
	kv_entry *te = kv_find(key);
	REQUIRE(te != NULL);
	CHECK(te->meta == NULL && te->expiration == NOW + 3600);
	cJSON *trec = cJSON_Parse(te->val);
	REQUIRE(trec != NULL);
	CHECK_STR(members(trec, buf, sizeof buf), "id,grantId,userId,createdAt,expiresAt,audience,scope,wrappedEncryptionKey,grant");
	CHECK_STR(jstr(trec, "id"), id);
	CHECK_STR(jstr(trec, "grantId"), grant_id);
	CHECK_STR(jstr(trec, "audience"), "https://example.com/api");
	CHECK(cJSON_GetObjectItem(trec, "expiresAt")->valuedouble == NOW + 3600);
	CHECK_STR(print(cJSON_GetObjectItem(trec, "scope")), "[\"read\",\"write\"]");
	const cJSON *tg = cJSON_GetObjectItem(trec, "grant");
	CHECK_STR(members(tg, buf, sizeof buf), "clientId,scope,encryptedProps");
	CHECK_STR(jstr(tg, "encryptedProps"), ep);
	/* the props open with the key unwrapped under the access token */
	uint8_t k[32];
	const char *wk = jstr(trec, "wrappedEncryptionKey");
	REQUIRE(wk && strlen(wk) == 56);
	REQUIRE(oc_token_unwrap(k, tok, strlen(tok), wk, 56).code == OC_OK);
	oc_arena *a = oc_arena_new();
	char *props; size_t plen;
	REQUIRE(oc_token_props_decrypt(a, k, ep, strlen(ep), &props, &plen).code == OC_OK);
	CHECK_STR(props, "{\"name\":\"alice\"}");
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	cJSON_Delete(trec);
	cJSON_Delete(rec);
	cJSON_Delete(out);

	/* 0.x: no KV expiration or metadata on the grant, no audience; empty scope kept, empty state left out */
	cfg.profile = &oc_profile_0_10;
	cfg.resource = NULL;
	cfg.access_token_ttl = 120;
	kv_reset();
	seed_clients();
	kv_put("client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "?x=1\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL);
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\",\"state\":\"\"}",
		"u", NULL);
	v = value(out);
	REQUIRE(v != NULL);
	to = jstr(v, "redirectTo");
	REQUIRE(to != NULL && param_of(to, "#access_token=", tok, sizeof tok) == 0);
	CHECK(strncmp(to, RU "?x=1#access_token=u%3A", strlen(RU "?x=1#access_token=u%3A")) == 0);
	CHECK(strstr(to, "&token_type=bearer&expires_in=120&scope=read+write") != NULL);
	CHECK(strstr(to, "state=") == NULL && strstr(to, "iss=") == NULL);
	REQUIRE(nlog >= 3);
	CHECK(log_fx[1].kind == OC_FX_KV_PUT && log_fx[1].ttl == 0 && log_fx[1].expiration == 0 && log_fx[1].meta == NULL);
	CHECK(log_fx[2].kind == OC_FX_KV_PUT && log_fx[2].expiration == NOW + 120);
	trec = cJSON_Parse(log_fx[2].val);
	REQUIRE(trec != NULL);
	CHECK_STR(members(trec, buf, sizeof buf), "id,grantId,userId,createdAt,expiresAt,scope,wrappedEncryptionKey,grant");
	cJSON_Delete(trec);
	cJSON_Delete(out);
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\",\"state\":\"\"}",
		"u", ",\"scope\":[]");
	REQUIRE(value(out) != NULL);
	CHECK(strstr(jstr(value(out), "redirectTo"), "&expires_in=120&scope=") != NULL);
	cJSON_Delete(out);

	/* a failed write: an error, nothing revoked */
	fail_puts = OC_FXR_FAILED;
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\"}", "u", NULL);
	CHECK(is_error(out, "server_error", "Storage operation failed", NULL));
	CHECK(log_fx[nlog - 1].kind == OC_FX_KV_PUT);
	cJSON_Delete(out);
	fail_puts = 0;
	/* without allowImplicitFlow: unsupported */
	cfg.allow_implicit_flow = 0;
	out = complete(&cfg, "{\"responseType\":\"token\",\"clientId\":\"" CONF "\",\"redirectUri\":\"" RU "?x=1\"}", "u", NULL);
	CHECK(is_error(out, "unsupported_response_type", "The authorization server does not support response_type token", "AuthorizationError"));
	cJSON_Delete(out);
	kv_reset();
}

OC_TEST(helper_complete_authorization_revokes_existing)
{
	oc_config cfg = base_cfg();
	seed_clients();
	/* the reference's observed rule: same client, and same resource or none; metadata is trusted */
	kv_put("grant:u:LEGACYNOMETA0001", G("LEGACYNOMETA0001", CONF, ""), NULL);
	kv_put("grant:u:LEGACYNORES00002", G("LEGACYNORES00002", CONF, ""), M(CONF, ""));
	kv_put("grant:u:OTHERRES00000003", G("OTHERRES00000003", CONF, ",\"resource\":\"https://example.com/other\""),
		M(CONF, ",\"resource\":\"https://example.com/other\""));
	kv_put("grant:u:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	kv_put("grant:u:OTHERREDIR000005", G("OTHERREDIR000005", CONF, ",\"resource\":\"https://example.com/api\",\"redirectUri\":\"https://z/\""),
		M(CONF, ",\"resource\":\"https://example.com/api\",\"redirectUri\":\"https://z/\""));
	kv_put("grant:u:OTHERCLIENT00006", G("OTHERCLIENT00006", "zzz", ",\"resource\":\"https://example.com/api\""),
		M("zzz", ",\"resource\":\"https://example.com/api\""));
	kv_put("grant:u:LEGACYRESARR0007", G("LEGACYRESARR0007", CONF, ",\"resource\":[\"https://example.com/api\"]"), NULL);
	kv_put("grant:u:METAMISMATCH0008", G("METAMISMATCH0008", "zzz", ""), M(CONF, ",\"resource\":\"https://example.com/api\""));
	kv_put("grant:u:LEGACYRES0000009", G("LEGACYRES0000009", CONF, ",\"resource\":\"https://example.com/api\""), NULL);
	kv_put("grant:u:RESUPPER00000010", G("RESUPPER00000010", CONF, ",\"resource\":\"HTTPS://EXAMPLE.COM/api\""),
		M(CONF, ",\"resource\":\"HTTPS://EXAMPLE.COM/api\""));
	kv_put("grant:u:LEGACYOTHER00011", G("LEGACYOTHER00011", "zzz", ""), NULL);
	kv_put("token:u:SAMERES000000004:abc", "{}", NULL);
	kv_put("token:u:SAMERES000000004:def", "{}", NULL);
	kv_put("token:u:LEGACYNOMETA0001:abc", "{}", NULL);
	kv_put("token:u:OTHERCLIENT00006:abc", "{}", NULL);
	kv_put("grant:uu:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	kv_put("grant:u2:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	kv_list_page = 3; /* follow cursors */
	cJSON *out = complete(&cfg, AREQ, "u", NULL);
	REQUIRE(value(out) != NULL);
	char keys[2048] = "";
	int fresh = 0;
	for (size_t i = 0; i < nkv; i++) {
		if (strncmp(kv[i].key, "grant:u:", 8) == 0 && strstr(kv[i].val, "authCodeId")) {
			fresh++;
			continue;
		}
		strcat(keys, kv[i].key);
		strcat(keys, ",");
	}
	CHECK_STR(keys, "client:" CONF ",client:" PUBL ",grant:u2:SAMERES000000004,grant:u:LEGACYOTHER00011,"
		"grant:u:OTHERCLIENT00006,grant:u:OTHERRES00000003,grant:uu:SAMERES000000004,token:u:OTHERCLIENT00006:abc,");
	CHECK(fresh == 1);
	/* the deletes come after the new grant is written */
	size_t put = 0, first_delete = 0;
	for (size_t i = 0; i < nlog; i++) {
		if (log_fx[i].kind == OC_FX_KV_PUT) put = i;
		if (log_fx[i].kind == OC_FX_KV_DELETE && !first_delete) first_delete = i;
	}
	CHECK(put > 0 && first_delete > put);
	cJSON_Delete(out);

	/* revokeExistingGrants: false keeps them */
	seed_clients();
	kv_put("grant:u:SAMERES000000004", G("SAMERES000000004", CONF, ",\"resource\":\"https://example.com/api\""),
		M(CONF, ",\"resource\":\"https://example.com/api\""));
	out = complete(&cfg, AREQ, "u", ",\"revokeExistingGrants\":false");
	CHECK(value(out) != NULL && kv_find("grant:u:SAMERES000000004") != NULL && nkv == 4);
	cJSON_Delete(out);

	/* 0.10.x: no KV metadata, every grant of the client is replaced (the two above included) */
	cfg.profile = &oc_profile_0_10;
	log_reset();
	out = complete(&cfg, AREQ, "u", NULL);
	CHECK(value(out) != NULL && kv_find("grant:u:SAMERES000000004") == NULL && nkv == 3);
	for (size_t i = 0; i < nlog; i++)
		if (log_fx[i].kind == OC_FX_KV_PUT)
			CHECK(log_fx[i].meta == NULL);
	cJSON_Delete(out);
	kv_reset();
}

/* ---------------- listUserGrants / revokeGrant ---------------- */

OC_TEST(helper_list_user_grants)
{
	oc_config cfg = base_cfg();
	char buf[512];
	kv_reset();
	kv_put("grant:user1:AAAAAAAAAAAAAAAA", "{\"id\":\"AAAAAAAAAAAAAAAA\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"test\"},\"encryptedProps\":\"x\",\"createdAt\":1795774054,"
		"\"authCodeId\":\"i\",\"resource\":\"https://example.com/api\",\"redirectUri\":\"" RU "\",\"refreshTokenId\":\"r\","
		"\"refreshTokenWrappedKey\":\"w\",\"expiresAt\":1798366054}", NULL);
	kv_put("grant:user1:BBBBBBBBBBBBBBBB", "{\"id\":\"BBBBBBBBBBBBBBBB\",\"clientId\":\"c\",\"userId\":\"user1\",\"scope\":[],"
		"\"encryptedProps\":\"x\",\"createdAt\":2,\"resource\":[\"https://a/\"]}", NULL);
	kv_put("grant:user1:CCCCCCCCCCCCCCCC", "corrupt", NULL);
	kv_put("grant:user10:DDDDDDDDDDDDDDDD", G("DDDDDDDDDDDDDDDD", "c", ""), NULL);
	kv_put("grant:user2:EEEEEEEEEEEEEEEE", G("EEEEEEEEEEEEEEEE", "c", ""), NULL);
	cJSON *out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"user1\"}");
	const cJSON *v = value(out);
	REQUIRE(v != NULL);
	CHECK_STR(members(v, buf, sizeof buf), "items");
	const cJSON *items = cJSON_GetObjectItem(v, "items");
	REQUIRE(cJSON_GetArraySize(items) == 2);
	CHECK_STR(print(cJSON_GetArrayItem(items, 0)), "{\"id\":\"AAAAAAAAAAAAAAAA\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[\"read\",\"write\"],\"metadata\":{\"label\":\"test\"},\"createdAt\":1795774054,\"expiresAt\":1798366054,"
		"\"redirectUri\":\"" RU "\",\"resource\":\"https://example.com/api\"}");
	CHECK_STR(print(cJSON_GetArrayItem(items, 1)), "{\"id\":\"BBBBBBBBBBBBBBBB\",\"clientId\":\"c\",\"userId\":\"user1\","
		"\"scope\":[],\"createdAt\":2,\"resource\":[\"https://a/\"]}");
	CHECK(log_fx[0].kind == OC_FX_KV_LIST && strcmp(log_fx[0].key, "grant:user1:") == 0 && log_fx[0].ttl == 0);
	cJSON_Delete(out);

	/* pages: limit and cursor are passed through */
	log_reset();
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"user1\",\"limit\":1}");
	v = value(out);
	REQUIRE(v != NULL && jstr(v, "cursor") != NULL);
	CHECK(log_fx[0].ttl == 1 && cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 1);
	snprintf(buf, sizeof buf, "{\"userId\":\"user1\",\"limit\":5,\"cursor\":\"%s\"}", jstr(v, "cursor"));
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, buf);
	v = value(out);
	REQUIRE(v != NULL);
	CHECK(jstr(v, "cursor") == NULL && cJSON_GetArraySize(cJSON_GetObjectItem(v, "items")) == 1);
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"nobody\"}");
	CHECK(out && value(out) && strcmp(print(value(out)), "{\"items\":[]}") == 0);
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{}");
	CHECK(is_error(out, "invalid_request", "userId must be a non-empty string", "TypeError"));
	cJSON_Delete(out);
	kv_reset();
}

OC_TEST(helper_revoke_grant)
{
	oc_config cfg = base_cfg();
	kv_reset();
	kv_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	kv_put("grant:u:AAAAAAAAAAAAAAAB", G("AAAAAAAAAAAAAAAB", "c", ""), NULL);
	for (int i = 0; i < 5; i++) {
		char k[64];
		snprintf(k, sizeof k, "token:u:AAAAAAAAAAAAAAAA:t%d", i);
		kv_put(k, "{}", NULL);
	}
	kv_put("token:u:AAAAAAAAAAAAAAAB:t", "{}", NULL);
	kv_list_page = 2;
	cJSON *out = run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(out && value(out) && cJSON_IsNull(value(out)));
	CHECK(nkv == 2 && kv_find("grant:u:AAAAAAAAAAAAAAAB") && kv_find("token:u:AAAAAAAAAAAAAAAB:t"));
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"NOPE\",\"userId\":\"u\"}");
	CHECK(out && value(out) && cJSON_IsNull(value(out)) && nkv == 2);
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":5}");
	CHECK(is_error(out, "invalid_request", "grantId and userId must be strings", "TypeError"));
	cJSON_Delete(out);
	kv_reset();
}

/* A list answer naming keys outside the listed prefix (found by fuzz_helpers):
 * revokeGrant deletes only that grant's tokens, listUserGrants reads only that
 * user's grants. */
OC_TEST(helper_foreign_listed_keys_ignored)
{
	oc_config cfg = base_cfg();
	kv_reset();
	kv_put("client:c", "{}", NULL);
	kv_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	kv_put("grant:v:BBBBBBBBBBBBBBBB", G("BBBBBBBBBBBBBBBB", "c", ""), NULL);
	kv_put("token:u:AAAAAAAAAAAAAAAA:t", "{}", NULL);
	kv_put("token:u:AAAAAAAAAAAAAAAB:t", "{}", NULL);
	list_answer = "{\"keys\":[{\"name\":\"client:c\"},{\"name\":\"\"},{\"name\":\"token:u:AAAAAAAAAAAAAAAB:t\"},"
		"{\"name\":\"grant:v:BBBBBBBBBBBBBBBB\"},{\"name\":\"token:u:AAAAAAAAAAAAAAAA:t\"}],\"list_complete\":true}";
	cJSON *out = run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(out && value(out) && cJSON_IsNull(value(out)));
	CHECK(nkv == 3 && kv_find("client:c") && kv_find("grant:v:BBBBBBBBBBBBBBBB")
		&& kv_find("token:u:AAAAAAAAAAAAAAAB:t"));
	cJSON_Delete(out);

	log_reset();
	list_answer = "{\"keys\":[{\"name\":\"client:c\"},{\"name\":\"\"},{\"name\":\"grant:v:BBBBBBBBBBBBBBBB\"}],"
		"\"list_complete\":true}";
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"u\"}");
	CHECK(out && value(out) && strcmp(print(value(out)), "{\"items\":[]}") == 0);
	CHECK(nlog == 1 && log_fx[0].kind == OC_FX_KV_LIST);
	cJSON_Delete(out);
	list_answer = NULL;
	kv_reset();
}

/* A KV list answer that is not one (no keys array) is a storage failure for
 * the helpers: server_error, as for a failed effect (found by fuzz_helpers
 * when oc_store_fx_err first took an OK status for success). */
OC_TEST(helper_unreadable_list_answer)
{
	oc_config cfg = base_cfg();
	kv_reset();
	kv_put("grant:u:AAAAAAAAAAAAAAAA", G("AAAAAAAAAAAAAAAA", "c", ""), NULL);
	list_answer = "{\"keys\":{},\"list_complete\":true}";
	cJSON *out = run(&cfg, OC_KIND_REVOKE_GRANT, "{\"grantId\":\"AAAAAAAAAAAAAAAA\",\"userId\":\"u\"}");
	CHECK(is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	out = run(&cfg, OC_KIND_LIST_USER_GRANTS, "{\"userId\":\"u\"}");
	CHECK(is_error(out, "server_error", "Storage operation failed", NULL));
	cJSON_Delete(out);
	list_answer = NULL;
	kv_reset();
}
