/*
 * oc_arena: one operation, one arena.
 *
 * Everything an operation allocates (strings, buffers, cJSON nodes) comes from
 * its arena and is released in one call, success or error. Chunks are wiped
 * before they are returned to the allocator, so secrets that lived in the arena
 * do not survive the operation. Allocation never aborts: it returns NULL when
 * the arena's cap (OC_ARENA_MAX bytes) would be exceeded or memory runs out.
 */
#ifndef OC_ARENA_H
#define OC_ARENA_H

#include <stddef.h>

#define OC_ARENA_MAX (8u << 20) /* per-operation memory cap */

typedef struct oc_arena oc_arena;

/* A new, empty arena; NULL if out of memory. */
oc_arena *oc_arena_new(void);

/* n bytes, 16-byte aligned, uninitialised; NULL on cap or out of memory. */
void *oc_arena_alloc(oc_arena *a, size_t n);

/* n zeroed bytes. */
void *oc_arena_calloc(oc_arena *a, size_t n);

/* A NUL-terminated copy of s[0..n). */
char *oc_arena_strndup(oc_arena *a, const char *s, size_t n);

/* A NUL-terminated x[0..xn) y[0..yn) z[0..zn); NULL on cap or out of memory. */
char *oc_arena_cat3(oc_arena *a, const char *x, size_t xn, const char *y, size_t yn, const char *z, size_t zn);

/* Bytes handed out so far (for tests and limits). */
size_t oc_arena_used(const oc_arena *a);

/* Wipes and frees every chunk, then the arena itself. NULL is allowed. */
void oc_arena_free(oc_arena *a);

/*
 * Routes cJSON's allocations into a (via cJSON_InitHooks); cJSON_free becomes
 * a no-op because the arena frees everything at once. Pass NULL to restore
 * malloc/free. The core is single-threaded: one bound arena at a time.
 */
void oc_arena_bind_json(oc_arena *a);

#endif
