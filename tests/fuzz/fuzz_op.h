/*
 * What the whole-operation fuzz targets (fuzz_http, fuzz_helpers) share: a
 * config that must parse, the input split into chunks, an op input field,
 * and the check of an HTTP response answer.
 */
#ifndef FUZZ_OP_H
#define FUZZ_OP_H

#include "config/oc_config.h"
#include "cJSON.h"
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define ENSURE(c) do { if (!(c)) __builtin_trap(); } while (0)

static inline oc_config *config(const char *json)
{
	const char *err;
	oc_config *c = oc_config_new(json, strlen(json), &err);
	ENSURE(c != NULL);
	return c;
}

typedef struct { const char *p; size_t n; } chunk;

/* Splits d[0..n) on sep into at most max chunks; the count. */
static inline size_t split(const uint8_t *d, size_t n, char sep, chunk *out, size_t max)
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n && k < max; i++) {
		if (i == n || d[i] == (uint8_t)sep) {
			out[k++] = (chunk){ (const char *)d + start, i - start };
			start = i + 1;
		}
	}
	return k;
}

/* Appends c as an op input field (little-endian u32 length, then the bytes). */
static inline void put_field(uint8_t *buf, size_t *off, chunk c)
{
	buf[*off] = (uint8_t)c.n;
	buf[*off + 1] = (uint8_t)(c.n >> 8);
	buf[*off + 2] = (uint8_t)(c.n >> 16);
	buf[*off + 3] = (uint8_t)(c.n >> 24);
	memcpy(buf + *off + 4, c.p, c.n);
	*off += 4 + c.n;
}

/*
 * A {"t":"response"} answer: status in 100..599, headers string pairs, body a
 * string or absent, and a JSON document when Content-Type says it is one.
 */
static inline void check_response(const cJSON *o)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "status");
	ENSURE(cJSON_IsNumber(st) && st->valuedouble >= 100 && st->valuedouble <= 599);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "headers"), *e;
	int json = 0;
	ENSURE(cJSON_IsArray(h));
	cJSON_ArrayForEach(e, h) {
		const cJSON *n = cJSON_GetArrayItem(e, 0), *v = cJSON_GetArrayItem(e, 1);
		ENSURE(cJSON_GetArraySize(e) == 2 && cJSON_IsString(n) && cJSON_IsString(v));
		json |= strcasecmp(n->valuestring, "content-type") == 0
			&& strncmp(v->valuestring, "application/json", 16) == 0;
	}
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "body");
	ENSURE(b == NULL || cJSON_IsString(b));
	if (json && b != NULL && b->valuestring[0] != 0) {
		cJSON *doc = cJSON_ParseWithOpts(b->valuestring, NULL, 1);
		ENSURE(doc != NULL);
		cJSON_Delete(doc);
	}
}

#endif
