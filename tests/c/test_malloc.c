#include "oc_test.h"
#include <stdlib.h>

/*
 * The allocator (src/base/oc_malloc.c on wasm32-wasi, the C library's
 * elsewhere): alignment, contents kept across realloc, zeroed calloc, and on
 * wasm, refusal of overflowing sizes and memory that stops growing when the
 * same mix of sizes is allocated and freed again and again.
 */
/*
 * Ours and glibc's align to 16; Emscripten's dlmalloc promises 8 on wasm32
 * (the arena aligns its own chunks, see oc_arena.c).
 */
#if defined(__EMSCRIPTEN__)
#define MALLOC_ALIGN 8u
#else
#define MALLOC_ALIGN 16u
#endif

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void round_of(uint32_t seed)
{
	enum { N = 64 };
	unsigned char *p[N] = { 0 };
	size_t n[N] = { 0 };
	uint32_t s = seed;
	for (int step = 0; step < 2000; step++) {
		int i = (int)(rnd(&s) % N);
		if (p[i] != NULL) {
			for (size_t k = 0; k < n[i]; k += n[i] / 64 + 1)
				if (p[i][k] != (unsigned char)(i + k)) {
					CHECK(!"block contents changed");
					return;
				}
			if (n[i] < 65536 && rnd(&s) % 4 == 0) {
				size_t m = n[i] * 2 + 1;
				unsigned char *q = realloc(p[i], m);
				REQUIRE(q != NULL);
				for (size_t k = n[i]; k < m; k++)
					q[k] = (unsigned char)(i + k);
				p[i] = q;
				n[i] = m;
				continue;
			}
			free(p[i]);
			p[i] = NULL;
			continue;
		}
		/* Mostly small, some arena-chunk sized, a few large. */
		uint32_t r = rnd(&s) % 100;
		n[i] = r < 70 ? rnd(&s) % 200 : r < 95 ? 4096u << (rnd(&s) % 7) : 1u << 20;
		p[i] = rnd(&s) % 2 ? malloc(n[i]) : calloc(1, n[i]);
		REQUIRE(p[i] != NULL);
		CHECK(((uintptr_t)p[i] & (MALLOC_ALIGN - 1)) == 0);
		for (size_t k = 0; k < n[i]; k++)
			p[i][k] = (unsigned char)(i + k);
	}
	for (int i = 0; i < N; i++)
		free(p[i]);
}

OC_TEST(malloc_keeps_blocks_and_reuses_memory)
{
	unsigned char *z = calloc(1000, 3);
	REQUIRE(z != NULL);
	size_t zeros = 0;
	for (size_t k = 0; k < 3000; k++)
		zeros += z[k] == 0;
	CHECK(zeros == 3000);
	free(z);
	free(NULL);
	round_of(1);
#ifdef __wasm__
	/* volatile: the compiler may not fold an unused allocation's NULL test. */
	void *volatile huge = calloc(SIZE_MAX / 2, 4);
	CHECK(huge == NULL);
	huge = malloc(SIZE_MAX - 8);
	CHECK(huge == NULL);
	size_t pages = __builtin_wasm_memory_size(0);
	for (uint32_t seed = 1; seed <= 20; seed++)
		round_of(1);
	CHECK(__builtin_wasm_memory_size(0) == pages);
#endif
	for (uint32_t seed = 2; seed <= 6; seed++)
		round_of(seed);
}
