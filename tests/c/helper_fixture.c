/* The helper operations' tests' shared fixture (see helper_fixture.h). */
#include "helper_fixture.h"
#include <stdlib.h>
#include <stdio.h>

hfx_entry hfx_kv[256];
size_t hfx_nkv;
oc_fx hfx_log[512];
size_t hfx_nlog;
int hfx_list_page = 1000;
const char *hfx_list_answer;
int hfx_fail_puts;

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void hfx_log_reset(void)
{
	for (size_t i = 0; i < hfx_nlog; i++) { free((char *)hfx_log[i].key); free((char *)hfx_log[i].val); free((char *)hfx_log[i].meta); }
	hfx_nlog = 0;
}

void hfx_reset(void)
{
	for (size_t i = 0; i < hfx_nkv; i++) { free(hfx_kv[i].key); free(hfx_kv[i].val); free(hfx_kv[i].meta); }
	hfx_nkv = 0;
	hfx_log_reset();
	hfx_list_page = 1000;
}

hfx_entry *hfx_find(const char *key)
{
	for (size_t i = 0; i < hfx_nkv; i++)
		if (strcmp(hfx_kv[i].key, key) == 0)
			return &hfx_kv[i];
	return NULL;
}

void hfx_put(const char *key, const char *val, const char *meta)
{
	hfx_entry *e = hfx_find(key);
	if (e == NULL) {
		size_t i = 0;
		while (i < hfx_nkv && strcmp(hfx_kv[i].key, key) < 0)
			i++;
		memmove(&hfx_kv[i + 1], &hfx_kv[i], (hfx_nkv - i) * sizeof hfx_kv[0]);
		hfx_nkv++;
		e = &hfx_kv[i];
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
	hfx_entry *e = hfx_find(key);
	if (e == NULL)
		return;
	free(e->key); free(e->val); free(e->meta);
	size_t i = (size_t)(e - hfx_kv);
	memmove(&hfx_kv[i], &hfx_kv[i + 1], (hfx_nkv - i - 1) * sizeof hfx_kv[0]);
	hfx_nkv--;
}

/* Performs one effect; strings returned live until the next perform. */
static char scratch[65536];
static oc_fx_result perform(const oc_fx *f)
{
	oc_fx_result r = { OC_FXR_OK, 0, 0, 0, 0 };
	char *key = dupn(f->key, f->key_len);
	oc_fx *l = &hfx_log[hfx_nlog++];
	*l = *f;
	l->key = key;
	l->val = f->val ? dupn(f->val, f->val_len) : NULL;
	l->meta = f->meta ? dupn(f->meta, f->meta_len) : NULL;
	switch (f->kind) {
	case OC_FX_KV_GET: {
		hfx_entry *e = hfx_find(key);
		if (e == NULL) r.status = OC_FXR_MISSING;
		else { r.data = e->val; r.len = (uint32_t)strlen(e->val); }
		break;
	}
	case OC_FX_KV_PUT:
		hfx_put(key, l->val ? l->val : "", l->meta);
		hfx_find(key)->ttl = f->ttl;
		hfx_find(key)->expiration = f->expiration;
		break;
	case OC_FX_KV_DELETE:
		kv_del(key);
		break;
	case OC_FX_KV_LIST: {
		if (hfx_list_answer != NULL) {
			r.data = hfx_list_answer;
			r.len = (uint32_t)strlen(hfx_list_answer);
			break;
		}
		size_t start = f->val ? (size_t)atoi(l->val) : 0, limit = f->ttl ? f->ttl : (size_t)hfx_list_page;
		size_t plen = strlen(key), taken = 0, i = start;
		cJSON *o = cJSON_CreateObject(), *keys = cJSON_AddArrayToObject(o, "keys");
		for (; i < hfx_nkv && taken < limit; i++) {
			if (strncmp(hfx_kv[i].key, key, plen) != 0)
				continue;
			cJSON *k = cJSON_CreateObject();
			cJSON_AddStringToObject(k, "name", hfx_kv[i].key);
			if (hfx_kv[i].meta) cJSON_AddItemToObject(k, "metadata", cJSON_Parse(hfx_kv[i].meta));
			cJSON_AddItemToArray(keys, k);
			taken++;
		}
		size_t more = i;
		while (more < hfx_nkv && strncmp(hfx_kv[more].key, key, plen) != 0) more++;
		cJSON_AddBoolToObject(o, "list_complete", more >= hfx_nkv);
		if (more < hfx_nkv) {
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

cJSON *hfx_run(const oc_config *cfg, int kind, const char *args)
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
			if (fx[i].kind == OC_FX_KV_PUT && hfx_fail_puts)
				res[i].status = (uint32_t)hfx_fail_puts;
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

const char *hfx_jstr(const cJSON *o, const char *path)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, path);
	return cJSON_IsString(m) ? m->valuestring : NULL;
}

const cJSON *hfx_value(const cJSON *out)
{
	return out && strcmp(hfx_jstr(out, "t") ? hfx_jstr(out, "t") : "", "value") == 0
		? cJSON_GetObjectItemCaseSensitive(out, "value") : NULL;
}

int hfx_is_error(const cJSON *out, const char *code, const char *desc, const char *name)
{
	if (out == NULL || !hfx_jstr(out, "t") || strcmp(hfx_jstr(out, "t"), "error") != 0) {
		char *s = out ? cJSON_PrintUnformatted(out) : NULL;
		fprintf(stderr, "  not an error: %s\n", s ? s : "(null)");
		free(s);
		return 0;
	}
	int ok = strcmp(hfx_jstr(out, "code"), code) == 0 && strcmp(hfx_jstr(out, "description"), desc) == 0
		&& (name ? hfx_jstr(out, "name") && strcmp(hfx_jstr(out, "name"), name) == 0 : hfx_jstr(out, "name") == NULL);
	if (!ok) {
		char *s = cJSON_PrintUnformatted(out);
		fprintf(stderr, "  got: %s\n", s);
		free(s);
	}
	return ok;
}

const char *hfx_members(const cJSON *o, char *buf, size_t n)
{
	const cJSON *m;
	buf[0] = 0;
	cJSON_ArrayForEach(m, o) {
		if (buf[0]) strncat(buf, ",", n - strlen(buf) - 1);
		strncat(buf, m->string, n - strlen(buf) - 1);
	}
	return buf;
}

oc_config hfx_base_cfg(void)
{
	oc_config c;
	memset(&c, 0, sizeof c);
	c.profile = &oc_profile_1x;
	c.access_token_ttl = 3600;
	c.resource = "https://example.com/api";
	oc_url_parse(&c.resource_url, c.resource, strlen(c.resource));
	return c;
}

void hfx_seed_clients(void)
{
	hfx_reset();
	hfx_put("client:" CONF, "{\"clientId\":\"" CONF "\",\"redirectUris\":[\"" RU "\",\"http://127.0.0.1:8080/cb\","
		"\"http://localhost:8080/cb\",\"com.example.app:/cb\",\"http://evil.example/cb\"],"
		"\"tokenEndpointAuthMethod\":\"client_secret_basic\",\"clientSecret\":\"x\"}", NULL);
	hfx_put("client:" PUBL, "{\"clientId\":\"" PUBL "\",\"redirectUris\":[\"" RU "\"],"
		"\"tokenEndpointAuthMethod\":\"none\"}", NULL);
}

char *hfx_print(const cJSON *v)
{
	static char buf[4096];
	char *s = cJSON_PrintUnformatted(v);
	snprintf(buf, sizeof buf, "%s", s ? s : "(null)");
	free(s);
	return buf;
}
