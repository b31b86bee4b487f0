/*
 * The module's exports: the op machine's ABI for the JS shim.
 * Pointers are wasm32 offsets; structs cross as arrays of u32 (see oc_op.h:
 * oc_fx is 9 words, oc_fx_result 5 words).
 */
#include "op/oc_op.h"
#include "config/oc_config.h"
#include "crypto/oc_crypto.h"
#include "token/oc_props_cache.h"
#include <stdlib.h>
#include <string.h>

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(#name))) 
#else
#define EXPORT(name)
#endif

_Static_assert(sizeof(void *) != 4 || sizeof(oc_fx) == 36, "oc_fx ABI");
_Static_assert(sizeof(void *) != 4 || sizeof(oc_fx_result) == 20, "oc_fx_result ABI");

#define SCRATCH_MAX (4u << 20)
static uint8_t *scratch;
static size_t scratch_cap;
static const char *config_error;

/* A buffer for the next input (options JSON or op input); NULL if too large. */
EXPORT(oc_w_scratch) uint8_t *oc_w_scratch(size_t n)
{
	if (n > SCRATCH_MAX)
		return NULL;
	if (n > scratch_cap) {
		size_t cap = n < 4096 ? 4096 : n;
		uint8_t *p = malloc(cap);
		if (p == NULL)
			return NULL;
		if (scratch != NULL) {
			oc_wipe(scratch, scratch_cap);
			free(scratch);
		}
		scratch = p;
		scratch_cap = cap;
	}
	return scratch;
}

EXPORT(oc_w_config_new) oc_config *oc_w_config_new(size_t n)
{
	oc_config *cfg = n <= scratch_cap ? oc_config_new((const char *)scratch, n, &config_error) : NULL;
	if (n > scratch_cap)
		config_error = "options too large";
	return cfg;
}

EXPORT(oc_w_config_error) const char *oc_w_config_error(void)
{
	return config_error ? config_error : "";
}

/* Turns the per-token props cache off (0) or on (1); for benchmarks and tests. */
EXPORT(oc_w_props_cache_enable) void oc_w_props_cache_enable(int on)
{
	oc_pcache_enable(on);
}

EXPORT(oc_w_config_free) void oc_w_config_free(oc_config *cfg)
{
	oc_config_free(cfg);
}

/* Starts an op on the n input bytes in the scratch buffer, then wipes them. */
EXPORT(oc_w_op_begin) oc_op *oc_w_op_begin(const oc_config *cfg, int kind, size_t n, double now_ms)
{
	if (n > scratch_cap)
		return NULL;
	oc_op *op = oc_op_begin(cfg, kind, scratch, n, now_ms);
	oc_wipe(scratch, n);
	return op;
}

EXPORT(oc_w_op_step) int oc_w_op_step(oc_op *op)
{
	return (int)oc_op_step(op);
}

EXPORT(oc_w_op_effects) const oc_fx *oc_w_op_effects(oc_op *op)
{
	return op->fx;
}

EXPORT(oc_w_op_effect_count) uint32_t oc_w_op_effect_count(oc_op *op)
{
	return op->nfx;
}

/* Zeroed room for one result per effect; the host fills it, then resumes. */
EXPORT(oc_w_op_results) oc_fx_result *oc_w_op_results(oc_op *op)
{
	uint32_t n = op->nfx ? op->nfx : 1;
	op->res = oc_arena_calloc(op->arena, n * sizeof *op->res);
	op->nres = 0;
	return op->res;
}

/* n + 1 bytes in the op's arena, the last one NUL: room for a result's data. */
EXPORT(oc_w_op_alloc) char *oc_w_op_alloc(oc_op *op, size_t n)
{
	char *p = oc_arena_alloc(op->arena, n + 1);
	if (p != NULL)
		p[n] = 0;
	return p;
}

EXPORT(oc_w_op_resume) int oc_w_op_resume(oc_op *op)
{
	if (op->res == NULL || op->step == NULL)
		return -1;
	op->nres = op->nfx;
	return 0;
}

EXPORT(oc_w_op_output) const char *oc_w_op_output(oc_op *op)
{
	return op->out;
}

EXPORT(oc_w_op_output_len) size_t oc_w_op_output_len(oc_op *op)
{
	return op->out_len;
}

EXPORT(oc_w_op_end) void oc_w_op_end(oc_op *op)
{
	oc_op_end(op);
}
