/* Per-operation arena: a list of chunks, wiped and freed together. */
#include "base/oc_arena.h"
#include "crypto/oc_crypto.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cJSON.h"

#define CHUNK_MIN 4096u

struct chunk {
	struct chunk *next;
	size_t cap, used;
	unsigned char *data; /* 16-aligned: some mallocs only promise 8 */
	unsigned char raw[];
};

struct oc_arena {
	struct chunk *head;
	size_t total; /* bytes reserved in chunks */
	size_t handed;
};

oc_arena *oc_arena_new(void)
{
	oc_arena *a = calloc(1, sizeof *a);
	return a;
}

void *oc_arena_alloc(oc_arena *a, size_t n)
{
	struct chunk *c;
	size_t need = (n + 15u) & ~(size_t)15u;

	if (a == NULL || n > OC_ARENA_MAX || need < n)
		return NULL;
	c = a->head;
	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
		/* Grow chunk sizes geometrically so many small allocations stay cheap. */
		if (c != NULL && cap < c->cap * 2 && c->cap * 2 <= 256u * 1024u)
			cap = c->cap * 2;
		if (a->total + cap > OC_ARENA_MAX)
			return NULL;
		c = malloc(sizeof *c + cap + 15u);
		if (c == NULL)
			return NULL;
		c->data = (unsigned char *)(((uintptr_t)c->raw + 15u) & ~(uintptr_t)15u);
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += cap;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->handed += n;
	return p;
}

void *oc_arena_calloc(oc_arena *a, size_t n)
{
	void *p = oc_arena_alloc(a, n);
	if (p != NULL)
		memset(p, 0, n);
	return p;
}

char *oc_arena_strndup(oc_arena *a, const char *s, size_t n)
{
	char *p = oc_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *oc_arena_cat3(oc_arena *a, const char *x, size_t xn, const char *y, size_t yn, const char *z, size_t zn)
{
	if (xn > OC_ARENA_MAX || yn > OC_ARENA_MAX || zn > OC_ARENA_MAX)
		return NULL;
	char *p = oc_arena_alloc(a, xn + yn + zn + 1);
	if (p == NULL)
		return NULL;
	if (xn)
		memcpy(p, x, xn);
	if (yn)
		memcpy(p + xn, y, yn);
	if (zn)
		memcpy(p + xn + yn, z, zn);
	p[xn + yn + zn] = 0;
	return p;
}

size_t oc_arena_used(const oc_arena *a)
{
	return a ? a->handed : 0;
}

void oc_arena_free(oc_arena *a)
{
	if (a == NULL)
		return;
	for (struct chunk *c = a->head, *next; c != NULL; c = next) {
		next = c->next;
		oc_wipe(c->data, c->used);
		free(c);
	}
	free(a);
}

/* cJSON keeps its hooks globally; the core runs one operation at a time. */
static oc_arena *json_arena;

static void *json_malloc(size_t n)
{
	return oc_arena_alloc(json_arena, n);
}

static void json_free(void *p)
{
	(void)p; /* released with the arena */
}

void oc_arena_bind_json(oc_arena *a)
{
	json_arena = a;
	if (a != NULL) {
		cJSON_Hooks h = { json_malloc, json_free };
		cJSON_InitHooks(&h);
	} else {
		cJSON_InitHooks(NULL);
	}
}
