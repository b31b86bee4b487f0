/*
 * The helper operations (createClient, lookupClient, parseAuthRequest,
 * completeAuthorization, listUserGrants, revokeGrant) driven natively against
 * an in-memory KV, with the reference's observed strings, records, metadata
 * and TTLs (docs/observed).
 */
#include "oc_test.h"
#include "oc_op.h"
#include "oc_config.h"
#include "oc_token.h"
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

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static void kv_reset(void)
{
	for (size_t i = 0; i < nkv; i++) { free(kv[i].key); free(kv[i].val); free(kv[i].meta); }
	nkv = 0;
	for (size_t i = 0; i < nlog; i++) { free((char *)log_fx[i].key); free((char *)log_fx[i].val); free((char *)log_fx[i].meta); }
	nlog = 0;
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
	c.generation = 1;
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
	CHECK(value(out) && strcmp(jstr(value(out), "codeChallengeMethod"), "plain") == 0);
	cJSON_Delete(out);
	cfg.allow_implicit_flow = 1;
	out = parse(&cfg, AUTHZ "response_type=token&client_id=" PUBL "&redirect_uri=" ERU);
	CHECK(value(out) && strcmp(jstr(value(out), "responseType"), "token") == 0);
	cJSON_Delete(out);
	/* private-use redirect URIs when allowed */
	cfg.allow_private_use_redirect_uris = 1;
	out = parse(&cfg, AUTHZ "response_type=code&client_id=" CONF "&redirect_uri=com.example.app%3A%2Fcb");
	CHECK(value(out) != NULL);
	cJSON_Delete(out);
	/* 0.10.x: resource kept as given */
	cfg = base_cfg();
	cfg.generation = 0;
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
