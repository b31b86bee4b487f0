/* In-memory KV and op driver for tests (see fake_kv.h). */
#include "fake_kv.h"
#include "cJSON.h"
#include "base/oc_arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (n)
		memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void fake_kv_init(fake_kv *kv, int64_t now)
{
	memset(kv, 0, sizeof *kv);
	kv->now = now;
}

static void entry_free(fake_kv_entry *e)
{
	free(e->key);
	free(e->val);
	free(e->meta);
}

void fake_kv_free(fake_kv *kv)
{
	for (size_t i = 0; i < kv->n; i++)
		entry_free(&kv->e[i]);
	free(kv->e);
	free(kv->callback_arg);
	free(kv->fetch_url);
	free(kv->cache_headers);
	free(kv->fetch_agent);
	memset(kv, 0, sizeof *kv);
}

static int live(const fake_kv *kv, const fake_kv_entry *e)
{
	return e->expiration == 0 || e->expiration > kv->now;
}

static fake_kv_entry *slot(fake_kv *kv, const char *key, size_t n)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strlen(kv->e[i].key) == n && memcmp(kv->e[i].key, key, n) == 0)
			return &kv->e[i];
	return NULL;
}

static void set_n(fake_kv *kv, const char *key, size_t kn, const char *val, size_t vn,
	const char *meta, size_t mn, int64_t expiration)
{
	fake_kv_entry *e = slot(kv, key, kn);
	if (e == NULL) {
		if (kv->n == kv->cap) {
			kv->cap = kv->cap ? kv->cap * 2 : 16;
			kv->e = realloc(kv->e, kv->cap * sizeof *kv->e);
		}
		e = &kv->e[kv->n++];
		memset(e, 0, sizeof *e);
		e->key = dupn(key, kn);
	} else {
		free(e->val);
		free(e->meta);
	}
	e->val = dupn(val ? val : "", vn);
	e->meta = meta ? dupn(meta, mn) : NULL;
	e->expiration = expiration;
}

void fake_kv_set(fake_kv *kv, const char *key, const char *val, const char *meta,
	int64_t expiration)
{
	set_n(kv, key, strlen(key), val, strlen(val), meta, meta ? strlen(meta) : 0, expiration);
}

static void del_n(fake_kv *kv, const char *key, size_t n)
{
	fake_kv_entry *e = slot(kv, key, n);
	if (e == NULL)
		return;
	entry_free(e);
	*e = kv->e[--kv->n];
}

const fake_kv_entry *fake_kv_find(const fake_kv *kv, const char *key)
{
	fake_kv_entry *e = slot((fake_kv *)kv, key, strlen(key));
	return e && live(kv, e) ? e : NULL;
}

size_t fake_kv_count(const fake_kv *kv, const char *prefix)
{
	size_t c = 0, pn = strlen(prefix);
	for (size_t i = 0; i < kv->n; i++)
		c += live(kv, &kv->e[i]) && strncmp(kv->e[i].key, prefix, pn) == 0;
	return c;
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(const fake_kv_entry *const *)a)->key, (*(const fake_kv_entry *const *)b)->key);
}

/* Live entries sorted by key (malloc'd array of pointers). */
static const fake_kv_entry **sorted(const fake_kv *kv, size_t *n)
{
	const fake_kv_entry **v = malloc((kv->n + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < kv->n; i++)
		if (live(kv, &kv->e[i]))
			v[k++] = &kv->e[i];
	qsort(v, k, sizeof *v, by_key);
	*n = k;
	return v;
}

char *fake_kv_dump(const fake_kv *kv)
{
	size_t n, len = 1;
	const fake_kv_entry **v = sorted(kv, &n);
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]->key) + strlen(v[i]->val) + (v[i]->meta ? strlen(v[i]->meta) : 0) + 40;
	char *out = malloc(len), *p = out;
	*p = 0;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s=%s|%s|%lld\n", v[i]->key, v[i]->val, v[i]->meta ? v[i]->meta : "-",
			(long long)v[i]->expiration);
	free(v);
	return out;
}

/* KV's list answer: {"keys":[{"name","expiration"?,"metadata"?}],"list_complete",["cursor"]}. */
static char *list(const fake_kv *kv, const oc_fx *f)
{
	size_t n, limit = f->ttl ? f->ttl : 1000, taken = 0, i;
	const fake_kv_entry **v = sorted(kv, &n);
	/* The cursor is the last key of the previous page, so deletes in between do not shift pages. */
	char *after = f->val_len ? dupn(f->val, f->val_len) : NULL, *last = NULL;
	oc_arena_bind_json(NULL);
	cJSON *o = cJSON_CreateObject(), *keys = cJSON_AddArrayToObject(o, "keys");
	int complete = 1;
	for (i = 0; i < n; i++) {
		if (strlen(v[i]->key) < f->key_len || memcmp(v[i]->key, f->key, f->key_len) != 0)
			continue;
		if (after && strcmp(v[i]->key, after) <= 0)
			continue;
		if (taken == limit) {
			complete = 0;
			break;
		}
		taken++;
		last = v[i]->key;
		cJSON *k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "name", v[i]->key);
		if (v[i]->expiration)
			cJSON_AddNumberToObject(k, "expiration", (double)v[i]->expiration);
		if (v[i]->meta)
			cJSON_AddItemToObject(k, "metadata", cJSON_Parse(v[i]->meta));
		cJSON_AddItemToArray(keys, k);
	}
	cJSON_AddBoolToObject(o, "list_complete", complete);
	if (!complete)
		cJSON_AddStringToObject(o, "cursor", last);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	free(after);
	free(v);
	return s;
}

/* f's meta: verb \0 cache name [\0 header pairs]; the verb's length and the header pairs' start. */
/* The length of s[0..n) up to its first NUL. */
static size_t part(const char *s, size_t n)
{
	const char *z = memchr(s, 0, n);
	return z != NULL ? (size_t)(z - s) : n;
}

static size_t cache_verb(const oc_fx *f, const char **name, size_t *nn, const char **pairs, size_t *pn)
{
	const char *m = f->meta, *end = m + f->meta_len;
	size_t vn = part(m, f->meta_len);
	*name = m + vn + 1;
	*nn = *name < end ? part(*name, (size_t)(end - *name)) : 0;
	*pairs = *name + *nn + 1;
	*pn = *pairs < end ? (size_t)(end - *pairs) : 0;
	return vn;
}

/* An OC_FX_CACHE effect against kv->cache; the result's status (its data and meta in r, *owned to free). */
static uint32_t cache(fake_kv *kv, const oc_fx *f, char **owned, oc_fx_result *r)
{
	const char *name, *pairs;
	size_t nn, pn, vn = cache_verb(f, &name, &nn, &pairs, &pn);
	if (kv->cache == NULL)
		return OC_FXR_FAILED;
	kv->cache->now = kv->now;
	size_t kn = nn + 1 + f->key_len;
	char *key = malloc(kn + 1);
	memcpy(key, name, nn);
	key[nn] = ' ';
	memcpy(key + nn + 1, f->key, f->key_len);
	key[kn] = 0;
	uint32_t st = OC_FXR_OK;
	if (vn == 3 && memcmp(f->meta, "get", 3) == 0) {
		kv->cache_gets++;
		const fake_kv_entry *e = fake_kv_find(kv->cache, key);
		if (e == NULL) {
			st = OC_FXR_MISSING;
		} else {
			kv->cache_hits++;
			char meta[64];
			snprintf(meta, sizeof meta, "200\nb\n:%zu\n", strlen(e->val));
			r->meta = *owned = dupn(meta, strlen(meta));
			r->meta_len = (uint32_t)strlen(meta);
			r->data = e->val;
			r->len = (uint32_t)strlen(e->val);
		}
	} else if (vn == 3 && memcmp(f->meta, "put", 3) == 0) {
		kv->cache_puts++;
		kv->cache_ttl = f->ttl;
		free(kv->cache_headers);
		kv->cache_headers = dupn(pairs, pn);
		for (size_t i = 0, k = 0; i < pn; i++)
			if (kv->cache_headers[i] == 0)
				kv->cache_headers[i] = k++ % 2 == 0 ? ':' : '\n';
		set_n(kv->cache, key, kn, f->val, f->val_len, NULL, 0, kv->now + f->ttl);
	} else if (vn == 6 && memcmp(f->meta, "delete", 6) == 0) {
		kv->cache_deletes++;
		del_n(kv->cache, key, kn);
	} else {
		st = OC_FXR_FAILED;
	}
	free(key);
	return st;
}

oc_op_status fake_kv_run(fake_kv *kv, oc_op *op)
{
	oc_op_status st;

	while ((st = oc_op_step(op)) == OC_OP_EFFECTS) {
		uint32_t nfx;
		const oc_fx *fx = oc_op_effects(op, &nfx);
		oc_fx_result *res = calloc(nfx, sizeof *res);
		char **owned = calloc(nfx, sizeof *owned);
		kv->batches++;
		for (uint32_t i = 0; i < nfx; i++) {
			const oc_fx *f = &fx[i];
			oc_fx_result *r = &res[i];
			if (++kv->performed == kv->fail_at) {
				r->status = kv->fail_status;
				kv->faulted_kind = f->kind;
				continue;
			}
			if (f->kind >= OC_FX_KV_GET && f->kind <= OC_FX_KV_LIST && f->key_len > 512) {
				kv->too_long++;
				r->status = OC_FXR_FAILED;
				continue;
			}
			switch (f->kind) {
			case OC_FX_KV_GET: {
				fake_kv_entry *e = slot(kv, f->key, f->key_len);
				if (e == NULL || !live(kv, e)) {
					r->status = OC_FXR_MISSING;
				} else {
					r->data = owned[i] = dupn(e->val, strlen(e->val));
					r->len = (uint32_t)strlen(e->val);
				}
				break;
			}
			case OC_FX_KV_PUT: {
				int64_t exp = f->expiration ? (int64_t)f->expiration
					: f->ttl ? kv->now + f->ttl : 0;
				set_n(kv, f->key, f->key_len, f->val, f->val_len, f->meta, f->meta_len, exp);
				break;
			}
			case OC_FX_KV_DELETE:
				del_n(kv, f->key, f->key_len);
				break;
			case OC_FX_KV_LIST:
				r->data = owned[i] = kv->list_answer ? dupn(kv->list_answer, strlen(kv->list_answer)) : list(kv, f);
				r->len = (uint32_t)strlen(r->data);
				break;
			case OC_FX_BODY: /* as the shim: MISSING over the limit */
				if (f->ttl && kv->body_len > f->ttl) {
					r->status = OC_FXR_MISSING;
					break;
				}
				r->data = kv->body;
				r->len = (uint32_t)kv->body_len;
				break;
			case OC_FX_FETCH:
				kv->fetches++;
				free(kv->fetch_url);
				kv->fetch_url = dupn(f->key, f->key_len);
				kv->fetch_limit = f->ttl;
				kv->fetch_timeout_ms = f->expiration;
				free(kv->fetch_agent);
				kv->fetch_agent = f->meta != NULL ? dupn(f->meta, f->meta_len) : NULL;
				r->status = kv->fetch_status;
				if (kv->fetch_status == OC_FXR_OK) {
					r->meta = kv->fetch_meta;
					r->meta_len = kv->fetch_meta ? (uint32_t)strlen(kv->fetch_meta) : 0;
					r->data = kv->fetch_body;
					r->len = kv->fetch_body ? (uint32_t)strlen(kv->fetch_body) : 0;
				}
				break;
			case OC_FX_CACHE:
				r->status = cache(kv, f, &owned[i], r);
				break;
			default: /* a callback: answered as callback_status / callback_answer say */
				kv->callbacks++;
				free(kv->callback_arg);
				kv->callback_arg = dupn(f->val ? f->val : "", f->val_len);
				if (kv->on_callback != NULL) {
					char *name = owned[i] = dupn(f->key, f->key_len);
					const char *data = NULL;
					r->status = kv->on_callback(kv->callback_ctx, name, kv->callback_arg, &data);
					r->data = data;
					r->len = data ? (uint32_t)strlen(data) : 0;
					break;
				}
				r->status = kv->callback_answer ? kv->callback_status : OC_FXR_MISSING;
				if (kv->callback_answer) {
					r->data = kv->callback_answer;
					r->len = (uint32_t)(kv->callback_answer_len ? kv->callback_answer_len : strlen(kv->callback_answer));
				}
				break;
			}
		}
		int rc = oc_op_resume(op, res, nfx);
		for (uint32_t i = 0; i < nfx; i++)
			free(owned[i]);
		free(owned);
		free(res);
		if (rc != 0)
			return OC_OP_FAILED;
	}
	return st;
}
