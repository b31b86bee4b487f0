/*
 * The module's exports: the op machine's ABI for the JS shim.
 * Pointers are wasm32 offsets; structs cross as arrays of u32 (see oc_op.h:
 * oc_fx is 9 words). Inputs, effect results and the finished op's output go
 * through one scratch buffer; an op crosses twice when it needs one batch of
 * effects: begin (and first step), continue (results, next step, and the end
 * once it is done).
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

#define SCRATCH_MAX (4u << 20)
static uint8_t *scratch;
static size_t scratch_cap;
static const char *config_error;

/* A buffer for the next input (options JSON, op input or effect results); NULL if too large. */
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

/*
 * Where the host reads the state of the op it last began or continued, as u32
 * words: [0] the oc_op_status of the step; DONE: [1] the output, [2] its
 * length; EFFECTS: [1] the effects (oc_fx[]), [2] their count; always [3]
 * the scratch buffer and [4] its capacity (it may move when an output is
 * copied into it).
 */
static uint32_t io[5];

EXPORT(oc_w_io) uint32_t *oc_w_io(void)
{
	return io;
}

/*
 * Runs op's next step. An op left waiting on effects stays; one done or
 * failed is ended here (its arena wiped and freed): a done op's output is
 * copied first to the start of the scratch buffer, where the host reads it
 * and then wipes it (it may hold props and tokens). FAILED when the copy
 * cannot be made.
 */
static void step(oc_op *op)
{
	oc_op_status st = oc_op_step(op);
	io[1] = 0;
	io[2] = 0;
	if (st == OC_OP_EFFECTS) {
		io[1] = (uint32_t)(uintptr_t)op->fx;
		io[2] = op->nfx;
	} else {
		if (st == OC_OP_DONE && oc_w_scratch(op->out_len) == NULL)
			st = OC_OP_FAILED;
		if (st == OC_OP_DONE) {
			if (op->out_len)
				memcpy(scratch, op->out, op->out_len);
			io[1] = (uint32_t)(uintptr_t)scratch;
			io[2] = (uint32_t)op->out_len;
		}
		oc_op_end(op);
	}
	io[0] = (uint32_t)st;
	io[3] = (uint32_t)(uintptr_t)scratch;
	io[4] = (uint32_t)scratch_cap;
}

/*
 * Starts an op on the n input bytes in the scratch buffer, wipes them, and
 * runs its first step (see io and step: an op done or failed at once is
 * already ended). flags bit 0: oc_op.binary. NULL when the op cannot start
 * (unknown kind, out of memory).
 */
EXPORT(oc_w_op_begin) oc_op *oc_w_op_begin(const oc_config *cfg, int kind, size_t n, double now_ms, int flags)
{
	if (n > scratch_cap)
		return NULL;
	oc_op *op = oc_op_begin(cfg, kind, scratch, n, now_ms);
	oc_wipe(scratch, n);
	if (op != NULL) {
		op->binary = flags & 1;
		step(op);
	}
	return op;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads a result's data or metadata at *off; a length of 0xffffffff is absent (NULL). */
static int take(size_t n, size_t *off, uint32_t len, const char **p, uint32_t *out_len)
{
	*p = NULL;
	*out_len = 0;
	if (len == UINT32_MAX)
		return 0;
	if (len > n - *off)
		return -1;
	*p = len ? (const char *)scratch + *off : "";
	*out_len = len;
	*off += len;
	return 0;
}

/*
 * Resumes op with the results of its effects, encoded in the scratch buffer's
 * first n bytes, one per effect in order: u32 status, u32 data length, u32
 * metadata length (0xffffffff: none), then the data and metadata bytes. The
 * results are copied, the scratch wiped, and the next step run (see io and
 * step: a done or failed op is ended). -1 when op is not waiting or the
 * results do not match: nothing done, op still the host's to end.
 */
EXPORT(oc_w_op_continue) int oc_w_op_continue(oc_op *op, size_t n)
{
	uint32_t count = op->nfx;
	oc_fx_result *res;
	size_t off = 0;
	int bad = n > scratch_cap || op->step == NULL || count == 0;

	res = bad ? NULL : oc_arena_alloc(op->arena, count * sizeof *res);
	bad = bad || res == NULL;
	for (uint32_t i = 0; i < count && !bad; i++) {
		if (n - off < 12) {
			bad = 1;
			break;
		}
		const uint8_t *h = scratch + off;
		off += 12;
		res[i].status = get32(h);
		bad = take(n, &off, get32(h + 4), &res[i].data, &res[i].len) != 0 ||
		      take(n, &off, get32(h + 8), &res[i].meta, &res[i].meta_len) != 0;
	}
	bad = bad || off != n || oc_op_resume(op, res, count) != 0;
	oc_wipe(scratch, n <= scratch_cap ? n : scratch_cap);
	if (bad)
		return -1;
	step(op);
	return 0;
}

/* Ends an op the host abandons while it waits on effects. */
EXPORT(oc_w_op_end) void oc_w_op_end(oc_op *op)
{
	oc_op_end(op);
}
