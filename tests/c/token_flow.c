/* The token endpoint flow tests' shared fixture (see token_flow.h). */
#include "token_flow.h"
#include "token/oc_token.h"
#include <stdarg.h>
#include <stdlib.h>

void tfx_setup(tfx *f, const char *extra)
{
	tfx_init(f, extra);
	tfx_client(f, C, "client_secret_basic", FX_SECRET_C, 1);
	tfx_client(f, C2, "client_secret_post", FX_SECRET_C2, 1);
	tfx_client(f, P, "none", NULL, 1);
}

/* A body "grant_type=authorization_code&code=…&redirect_uri=…&code_verifier=…" plus extra. */
static char *code_body(const char *code, const char *extra)
{
	char *ec = tfx_enc(code), *out = malloc(strlen(ec) + strlen(extra) + 256);
	sprintf(out, "grant_type=authorization_code&code=%s&redirect_uri=https%%3A%%2F%%2Fclient.example.org%%2Fcb"
		"&code_verifier=" FX_VERIFIER "%s", ec, extra);
	free(ec);
	return out;
}

char *tfx_refresh_body(const char *rt, const char *extra)
{
	char *e = tfx_enc(rt), *out = malloc(strlen(e) + strlen(extra) + 64);
	sprintf(out, "grant_type=refresh_token&refresh_token=%s%s", e, extra);
	free(e);
	return out;
}

tresp tfx_exchange(tfx *f, const char *auth, const char *code, const char *extra)
{
	char *b = code_body(code, extra);
	tresp r = tfx_post(f, auth, NULL, b, NULL);
	free(b);
	return r;
}

tresp tfx_refresh(tfx *f, const char *auth, const char *rt, const char *extra)
{
	char *b = tfx_refresh_body(rt, extra);
	tresp r = tfx_post(f, auth, NULL, b, NULL);
	free(b);
	return r;
}

char *tfx_exchanged(tfx *f, const char *basic, const char *m)
{
	char *code = tfx_pending_grant(f, "user1", G1, C, "[\"read\",\"write\"]", "S256", FX_VERIFIER);
	tresp r = tfx_exchange(f, basic, code, "");
	char *v = tfx_dup(tresp_str(&r, m));
	tresp_free(&r);
	free(code);
	return v;
}

char *tfx_start_grant(tfx *f, const char *basic)
{
	return tfx_exchanged(f, basic, "refresh_token");
}

static tresp post_v(tfx *f, const char *auth, const char *fmt, va_list ap)
{
	char body[2048];
	vsnprintf(body, sizeof body, fmt, ap);
	return tfx_post(f, auth, NULL, body, NULL);
}

tresp tfx_post_f(tfx *f, const char *auth, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tresp r = post_v(f, auth, fmt, ap);
	va_end(ap);
	return r;
}

void tfx_post_check(tfx *f, const char *auth, const char *want, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tresp r = post_v(f, auth, fmt, ap);
	va_end(ap);
	const char *got = tresp_err(&r);
	CHECK(strcmp(got, want) == 0);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  line %d: got %s\n    want %s\n", line, got, want);
	tresp_free(&r);
}

char *tfx_dup(const char *s) { return s ? strcpy(malloc(strlen(s) + 1), s) : NULL; }

int64_t tfx_num(const cJSON *o, const char *m)
{
	return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, m));
}

const char *tfx_str(const cJSON *o, const char *m)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, m));
}

char *tfx_token_key(const char *tok)
{
	char id[OC_TOKEN_ID_LEN + 1], *k = malloc(200);
	oc_token_id(id, tok, strlen(tok));
	snprintf(k, 200, TPFX "%s", id);
	return k;
}

char *tfx_grant_member(tfx *f, const char *m)
{
	cJSON *g = tfx_record(f, GKEY);
	char *s = tfx_dup(tfx_str(g, m));
	cJSON_Delete(g);
	return s;
}

int tfx_is_id_of(const char *id, const char *tok)
{
	char want[65];
	oc_token_id(want, tok, strlen(tok));
	return id && strcmp(id, want) == 0;
}

void tfx_machine(tfx *f, const char *id, const char *method, const char *grants, const char *allowed)
{
	char json[1024], hash[65], key[64];
	int n;
	oc_token_client_secret_hash(hash, FX_SECRET_C, strlen(FX_SECRET_C));
	n = snprintf(json, sizeof json, "{\"clientId\":\"%s\",\"redirectUris\":[\"" FX_REDIRECT "\"],"
		"\"grantTypes\":%s,\"responseTypes\":[],\"tokenEndpointAuthMethod\":\"%s\"", id, grants, method);
	if (strcmp(method, "none") != 0)
		n += snprintf(json + n, sizeof json - (size_t)n, ",\"clientSecret\":\"%s\"", hash);
	if (allowed != NULL)
		n += snprintf(json + n, sizeof json - (size_t)n, ",\"allowedScopes\":%s", allowed);
	snprintf(json + n, sizeof json - (size_t)n, "}");
	snprintf(key, sizeof key, "client:%s", id);
	fake_kv_set(&f->kv, key, json, NULL, 0);
}

void tfx_callback_answer(tfx *f, char *buf, size_t cap, const char *meta, const char *np, const char *ap)
{
	size_t a = strlen(meta), b = strlen(np), c = strlen(ap);
	CHECK(a + b + c + 2 < cap);
	if (a + b + c + 2 >= cap)
		return;
	memcpy(buf, meta, a);
	buf[a] = 0;
	memcpy(buf + a + 1, np, b);
	buf[a + 1 + b] = 0;
	memcpy(buf + a + b + 2, ap, c);
	f->kv.callback_answer = buf;
	f->kv.callback_answer_len = a + b + c + 2;
	f->kv.callback_status = OC_FXR_OK;
}

char *tfx_props_of(tfx *f, const char *tok)
{
	char args[512];
	snprintf(args, sizeof args, "{\"token\":\"%s\"}", tok);
	cJSON *out = tfx_helper(f, OC_KIND_UNWRAP_TOKEN, args);
	cJSON *p = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(out, "value"), "grant"), "props");
	char *s = p ? cJSON_PrintUnformatted(p) : NULL;
	cJSON_Delete(out);
	return s;
}
