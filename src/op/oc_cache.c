/* The host's HTTP cache as an effect (op/oc_cache.h). */
#include "op/oc_cache.h"
#include <string.h>

/* The effect verb\0cache[\0extra…] on url; NULL if out of memory. */
static oc_fx *emit(oc_op *op, const char *verb, const char *cache, const char *url, const char *extra, size_t en)
{
	size_t vn = strlen(verb), cn = strlen(cache);
	char *meta = oc_arena_alloc(op->arena, vn + 1 + cn + (en ? 1 + en : 0));
	if (meta == NULL)
		return NULL;
	memcpy(meta, verb, vn);
	meta[vn] = 0;
	memcpy(meta + vn + 1, cache, cn);
	if (en) {
		meta[vn + 1 + cn] = 0;
		memcpy(meta + vn + 2 + cn, extra, en);
	}
	oc_fx *fx = oc_op_emit(op, OC_FX_CACHE, url, strlen(url));
	if (fx != NULL) {
		fx->meta = meta;
		fx->meta_len = (uint32_t)(vn + 1 + cn + (en ? 1 + en : 0));
	}
	return fx;
}

oc_fx *oc_cache_emit_get(oc_op *op, const char *cache, const char *url, uint32_t max_bytes)
{
	oc_fx *fx = emit(op, "get", cache, url, NULL, 0);
	if (fx != NULL)
		fx->ttl = max_bytes;
	return fx;
}

oc_fx *oc_cache_emit_put(oc_op *op, const char *cache, const char *url, const char *body, size_t n,
	const char *headers, size_t hn, uint32_t ttl)
{
	oc_fx *fx = emit(op, "put", cache, url, headers, hn);
	if (fx != NULL) {
		fx->val = body;
		fx->val_len = (uint32_t)n;
		fx->ttl = ttl;
	}
	return fx;
}

oc_fx *oc_cache_emit_delete(oc_op *op, const char *cache, const char *url)
{
	return emit(op, "delete", cache, url, NULL, 0);
}
