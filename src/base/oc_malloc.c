/*
 * malloc, free, calloc and realloc for the wasm32-wasi builds, in place of
 * wasi-libc's dlmalloc (12 KB of the module). The module is single-threaded
 * and its allocations are few and mostly large (arena chunks, the input
 * buffer, the options), so a small allocator does: first fit over free lists
 * kept by size class, boundary tags so that a freed block merges with free
 * neighbours (memory is reused whatever the sizes), the heap grown with
 * memory.grow (wasm memory never shrinks).
 *
 * Guarantees: blocks 16-byte aligned; NULL (nothing changed) when memory
 * cannot grow or a size overflows; free(NULL) and realloc(NULL, n) as in C.
 * Other platforms keep their C library's allocator.
 *
 * Block: a 16-byte header whose first word is the block's size (a multiple of
 * 16, header included) with bit 0 set when the block is in use and bit 1 when
 * the block just below it is; a free block also holds its list links after
 * the header and its size in its last word, so that the block above can find
 * it. Two free blocks are never adjacent.
 */
#if defined(__wasm__) && defined(__wasi__)
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HDR 16u
#define MIN_BLOCK 32u
#define USED 1u
#define PREV_USED 2u
#define CLASSES 27
#define PAGE 65536u
#define MAX_PAGES 65536u /* 4 GiB */
#define MAX_REQUEST (1u << 30)

typedef struct block {
	size_t head;
	size_t pad[3];
	struct block *next, *prev; /* free blocks only */
} block;

extern unsigned char __heap_base;

static block *lists[CLASSES];
static uintptr_t top;                /* end of the blocks made so far */
static size_t top_prev_used = PREV_USED; /* PREV_USED of the (absent) block at top */

static size_t size_of(const block *b)
{
	return b->head & ~(size_t)15;
}

static int class_of(size_t size)
{
	int c = 31 - __builtin_clz((unsigned)size) - 5;
	return c < CLASSES ? c : CLASSES - 1;
}

static void set_prev_used(uintptr_t at, size_t used)
{
	if (at == top)
		top_prev_used = used;
	else
		((block *)at)->head = (((block *)at)->head & ~(size_t)PREV_USED) | used;
}

static void unlink_free(block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		lists[class_of(size_of(b))] = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

/* Marks [b, b + size) free (its lower neighbour is in use) and lists it. */
static void make_free(block *b, size_t size)
{
	int c = class_of(size);
	b->head = size | PREV_USED;
	*(size_t *)((uintptr_t)b + size - sizeof(size_t)) = size;
	b->prev = NULL;
	b->next = lists[c];
	if (b->next)
		b->next->prev = b;
	lists[c] = b;
	set_prev_used((uintptr_t)b + size, 0);
}

/* Frees b, merged with any free neighbour. */
static void release(block *b)
{
	size_t size = size_of(b);
	uintptr_t above = (uintptr_t)b + size;
	if (above != top && !(((block *)above)->head & USED)) {
		unlink_free((block *)above);
		size += size_of((block *)above);
	}
	if (!(b->head & PREV_USED)) {
		size_t below = *(size_t *)((uintptr_t)b - sizeof(size_t));
		b = (block *)((uintptr_t)b - below);
		unlink_free(b);
		size += below;
	}
	make_free(b, size);
}

/* Adds at least need bytes at the top of the heap, as a free block. */
static int grow(size_t need)
{
	if (top == 0)
		top = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
	size_t have = __builtin_wasm_memory_size(0);
	uintptr_t end = (uintptr_t)have * PAGE;
	if (end - top < need) {
		size_t pages = (need - (end - top) + PAGE - 1) / PAGE;
		/* Stop a page short of 4 GiB, where the end address would wrap to 0. */
		if (pages >= MAX_PAGES - have || __builtin_wasm_memory_grow(0, pages) == (size_t)-1)
			return -1;
		end += pages * PAGE;
	}
	block *b = (block *)top;
	b->head = (end - top) | USED | top_prev_used;
	top = end;
	top_prev_used = PREV_USED;
	release(b);
	return 0;
}

void *malloc(size_t n)
{
	if (n > MAX_REQUEST)
		return NULL;
	size_t need = (n + HDR + 15) & ~(size_t)15;
	if (need < MIN_BLOCK)
		need = MIN_BLOCK;
	for (;;) {
		for (int c = class_of(need); c < CLASSES; c++) {
			for (block *b = lists[c]; b != NULL; b = b->next) {
				size_t size = size_of(b);
				if (size < need)
					continue;
				unlink_free(b);
				if (size - need >= MIN_BLOCK) {
					make_free((block *)((uintptr_t)b + need), size - need);
					size = need;
				}
				b->head = size | USED | (b->head & PREV_USED);
				set_prev_used((uintptr_t)b + size, PREV_USED);
				return (unsigned char *)b + HDR;
			}
		}
		if (grow(need) != 0)
			return NULL;
	}
}

void free(void *p)
{
	if (p != NULL)
		release((block *)((unsigned char *)p - HDR));
}

/* no_builtin: the compiler would turn malloc + memset into a call to calloc. */
__attribute__((no_builtin("memset"))) void *calloc(size_t count, size_t size)
{
	if (size != 0 && count > MAX_REQUEST / size)
		return NULL;
	void *p = malloc(count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (p == NULL)
		return malloc(n);
	size_t have = size_of((block *)((unsigned char *)p - HDR)) - HDR;
	if (n <= have)
		return p;
	void *q = malloc(n);
	if (q != NULL) {
		memcpy(q, p, have);
		free(p);
	}
	return q;
}
#endif
