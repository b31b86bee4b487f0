/* Token endpoint test fixture (see token_fixture.h). */
#include "token_fixture.h"
#include "oc_test.h"
#include "store/oc_kv.h"
#include "token/oc_token.h"
#include "crypto/oc_crypto.h"
#include "base/oc_b64.h"
#include "op/oc_http.h"
#include <stdlib.h>
#include <strings.h>

void tfx_init(tfx *f, const char *extra)
{
	char json[1024];
	const char *err = NULL;
	snprintf(json, sizeof json, "{\"apiRoute\":\"/api/\",\"hasApiHandler\":true,\"tokenEndpoint\":\"/token\","
		"\"authorizeEndpoint\":\"/authorize\",\"scopesSupported\":[\"read\",\"write\",\"offline_access\"],"
		"\"resourceMetadata\":{\"resource\":\"" FX_RESOURCE "\"},\"requiredScopes\":[\"read\"]%s}", extra);
	fake_kv_init(&f->kv, FX_NOW);
	f->cfg = oc_config_new(json, strlen(json), &err);
	if (f->cfg == NULL)
		fprintf(stderr, "config: %s\n", err);
}

void tfx_free(tfx *f)
{
	fake_kv_free(&f->kv);
	oc_config_free(f->cfg);
}

void tfx_client(tfx *f, const char *id, const char *method, const char *secret, int explicit_method)
{
	char json[1024], hash[OC_TOKEN_ID_LEN + 1], key[64];
	int n = snprintf(json, sizeof json, "{\"clientId\":\"%s\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"clientName\":\"T\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
		"\"responseTypes\":[\"code\"],\"registrationDate\":1700000000,\"tokenEndpointAuthMethod\":\"%s\"%s",
		id, method, explicit_method ? ",\"authMethodExplicit\":true" : "");
	if (secret) {
		oc_token_client_secret_hash(hash, secret, strlen(secret));
		n += snprintf(json + n, sizeof json - (size_t)n, ",\"clientSecret\":\"%s\"", hash);
	}
	snprintf(json + n, sizeof json - (size_t)n, "}");
	snprintf(key, sizeof key, "client:%s", id);
	fake_kv_set(&f->kv, key, json, NULL, 0);
}

char *tfx_pending_grant(tfx *f, const char *user, const char *grant_id, const char *client_id,
	const char *scopes_json, const char *pkce, const char *verifier)
{
	oc_arena *a = oc_arena_new();
	oc_arena_bind_json(a);
	oc_grant g;
	uint8_t key[OC_TOKEN_KEY_LEN];
	char *code, id[OC_TOKEN_ID_LEN + 1], wrapped[OC_TOKEN_WRAPPED_LEN + 1], challenge[64];
	size_t code_len;
	static const char props[] = "{\"name\":\"alice\"}";
	/* bound, as completeAuthorization binds it, to the configured resource */
	char *res[1] = { f->cfg != NULL && f->cfg->resource != NULL ? f->cfg->resource : FX_RESOURCE };

	memset(&g, 0, sizeof g);
	g.id = (char *)grant_id;
	g.client_id = (char *)client_id;
	g.user_id = (char *)user;
	oc_strs_from_json(a, cJSON_Parse(scopes_json), &g.scope, "scope");
	g.metadata = cJSON_Parse("{\"label\":\"test\"}");
	oc_token_props_encrypt(a, props, sizeof props - 1, key, &g.encrypted_props);
	g.created_at = FX_NOW;
	oc_token_new(a, user, grant_id, &code, &code_len);
	oc_token_id(id, code, code_len);
	oc_token_wrap(wrapped, code, code_len, key);
	g.auth_code_id = id;
	g.auth_code_wrapped_key = wrapped;
	if (pkce) {
		if (strcmp(pkce, "S256") == 0) {
			uint8_t h[32];
			oc_sha256(h, verifier, strlen(verifier));
			challenge[oc_b64url_encode(challenge, h, 32)] = 0;
		} else {
			snprintf(challenge, sizeof challenge, "%s", verifier);
		}
		g.code_challenge = challenge;
		g.code_challenge_method = strcmp(pkce, "-") == 0 ? NULL : (char *)pkce;
	}
	g.resource.form = OC_KV_STRING;
	g.resource.list.v = res;
	g.resource.list.n = 1;
	g.redirect_uri = FX_REDIRECT;
	char *json, *meta, *k = oc_kv_grant_key(a, user, grant_id);
	oc_grant_encode(a, &g, &json);
	oc_grant_kv_metadata(a, &g, &meta);
	fake_kv_set(&f->kv, k, json, meta, FX_NOW + 600);
	char *out = malloc(code_len + 1);
	memcpy(out, code, code_len + 1);
	oc_arena_bind_json(NULL);
	oc_arena_free(a);
	return out;
}

static size_t put_field(uint8_t *buf, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	buf[0] = (uint8_t)n; buf[1] = (uint8_t)(n >> 8); buf[2] = (uint8_t)(n >> 16); buf[3] = (uint8_t)(n >> 24);
	if (n)
		memcpy(buf + 4, s, n);
	return n + 4;
}

tresp tfx_post(tfx *f, const char *auth, const char *ctype, const char *body, const char *origin)
{
	return tfx_request(f, "POST", "https://example.com/token", auth,
		ctype ? ctype : "application/x-www-form-urlencoded", body, origin);
}

tresp tfx_request(tfx *f, const char *method, const char *url, const char *auth,
	const char *ctype, const char *body, const char *origin)
{
	tresp r = { 0 };
	const char *fields[] = { method, url, auth, ctype, origin };
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < 5; i++)
		cap += 4 + (fields[i] ? strlen(fields[i]) : 0);
	uint8_t *in = malloc(cap);
	if (in == NULL)
		return r;
	n += put_field(in + n, method);
	n += put_field(in + n, url);
	n += put_field(in + n, auth);
	n += put_field(in + n, ctype);
	n += put_field(in + n, origin);
	f->kv.body = body ? body : "";
	f->kv.body_len = strlen(f->kv.body);
	oc_op *op = oc_op_begin(f->cfg, OC_KIND_HTTP, in, n, (double)f->kv.now * 1000.0);
	free(in);
	if (op == NULL)
		return r;
	if (fake_kv_run(&f->kv, op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		oc_arena_bind_json(NULL);
		r.out = cJSON_ParseWithLength(o, len);
		const cJSON *st = cJSON_GetObjectItem(r.out, "status");
		r.status = cJSON_IsNumber(st) ? st->valueint : 0; /* 0: not a response (api, default) */
		r.body = cJSON_GetStringValue(cJSON_GetObjectItem(r.out, "body"));
		if (r.body)
			r.json = cJSON_Parse(r.body);
	}
	oc_op_end(op);
	return r;
}

void tresp_free(tresp *r)
{
	cJSON_Delete(r->out);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof *r);
}

const char *tresp_header(const tresp *r, const char *name)
{
	cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(r->out, "headers")) {
		const char *k = cJSON_GetStringValue(cJSON_GetArrayItem(h, 0));
		if (k && strcasecmp(k, name) == 0)
			return cJSON_GetStringValue(cJSON_GetArrayItem(h, 1));
	}
	return NULL;
}

const char *tresp_str(const tresp *r, const char *member)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->json, member));
}

const char *tresp_err(tresp *r)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%d %s: %s", r->status, tresp_str(r, "error") ? tresp_str(r, "error") : "",
		tresp_str(r, "error_description") ? tresp_str(r, "error_description") : "");
	return buf;
}

const char *tresp_why(tresp *r)
{
	static char buf[512];
	const cJSON *in = cJSON_GetObjectItem(cJSON_GetObjectItem(r->out, "error"), "internal");
	const char *detail = cJSON_GetStringValue(cJSON_GetObjectItem(in, "detail"));
	if (in == NULL)
		return "";
	snprintf(buf, sizeof buf, "%s %s%s%s", cJSON_GetStringValue(cJSON_GetObjectItem(in, "category")),
		cJSON_GetStringValue(cJSON_GetObjectItem(in, "reason")), detail && detail[0] ? " " : "",
		detail ? detail : "");
	return buf;
}

char *tfx_basic(const char *id, const char *secret)
{
	char raw[256];
	int n = snprintf(raw, sizeof raw, "%s:%s", id, secret);
	char *out = malloc(6 + OC_B64_ENCLEN((size_t)n) + 1);
	memcpy(out, "Basic ", 6);
	out[6 + oc_b64_encode(out + 6, (const uint8_t *)raw, (size_t)n)] = 0;
	return out;
}

char *tfx_enc(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1), *p = out;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%'; *p++ = hex[c >> 4]; *p++ = hex[c & 15];
		}
	}
	*p = 0;
	return out;
}

cJSON *tfx_record(tfx *f, const char *key)
{
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	oc_arena_bind_json(NULL);
	return e ? cJSON_Parse(e->val) : NULL;
}

int tfx_edit_record(tfx *f, const char *key, const char *member, cJSON *v)
{
	const fake_kv_entry *e = fake_kv_find(&f->kv, key);
	cJSON *rec = tfx_record(f, key), *obj = rec;
	char name[64], *dot;

	if (e == NULL || rec == NULL) {
		cJSON_Delete(v);
		return -1;
	}
	snprintf(name, sizeof name, "%s", member);
	if ((dot = strchr(name, '.')) != NULL) {
		*dot = 0;
		obj = cJSON_GetObjectItemCaseSensitive(rec, name);
		memmove(name, dot + 1, strlen(dot + 1) + 1);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	if (v != NULL)
		cJSON_AddItemToObject(obj, name, v);
	char *s = cJSON_PrintUnformatted(rec);
	char *meta = e->meta ? strcpy(malloc(strlen(e->meta) + 1), e->meta) : NULL;
	fake_kv_set(&f->kv, key, s, meta, e->expiration);
	free(s); free(meta);
	cJSON_Delete(rec);
	return 0;
}

char *tfx_access_token(tfx *f, const char *user, const char *grant_id)
{
	static const char client[] = "clientA000000000";
	char body[1024];
	tfx_client(f, client, "client_secret_basic", FX_SECRET_C, 1);
	char *code = tfx_pending_grant(f, user, grant_id, client, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	char *ec = tfx_enc(code), *basic = tfx_basic(client, FX_SECRET_C);
	snprintf(body, sizeof body, "grant_type=authorization_code&code=%s&redirect_uri="
		"https%%3A%%2F%%2Fclient.example.org%%2Fcb&code_verifier=" FX_VERIFIER, ec);
	tresp r = tfx_post(f, basic, NULL, body, NULL);
	const char *at = tresp_str(&r, "access_token");
	char *out = at ? strcpy(malloc(strlen(at) + 1), at) : NULL;
	tresp_free(&r);
	free(code); free(ec); free(basic);
	return out;
}

cJSON *tfx_helper(tfx *f, int kind, const char *args)
{
	size_t n = strlen(args);
	uint8_t *in = malloc(n + 4);
	cJSON *out = NULL;
	put_field(in, args);
	oc_op *op = oc_op_begin(f->cfg, kind, in, n + 4, (double)f->kv.now * 1000.0);
	free(in);
	if (op == NULL)
		return NULL;
	if (fake_kv_run(&f->kv, op) == OC_OP_DONE) {
		const char *o;
		size_t len;
		oc_op_output(op, &o, &len);
		oc_arena_bind_json(NULL);
		out = cJSON_ParseWithLength(o, len);
	}
	oc_op_end(op);
	return out;
}
