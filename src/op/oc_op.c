/* The operation machine: begin / step / effects / resume / output / end. */
#include "op/oc_op.h"
#include "op/oc_op_kinds.h"
#include <string.h>

oc_op *oc_op_begin(const oc_config *cfg, int kind, const void *in, size_t n, double now_ms)
{
	oc_op_fn step = oc_op_kind_fn(kind);
	oc_arena *a;
	oc_op *op;

	if (step == NULL || (a = oc_arena_new()) == NULL)
		return NULL;
	op = oc_arena_calloc(a, sizeof *op);
	uint8_t *copy = oc_arena_alloc(a, n ? n : 1);
	if (op == NULL || copy == NULL) {
		oc_arena_free(a);
		return NULL;
	}
	if (n)
		memcpy(copy, in, n);
	op->arena = a;
	op->cfg = cfg;
	op->kind = kind;
	op->now_ms = now_ms;
	op->in = copy;
	op->in_len = n;
	op->step = step;
	return op;
}

/*
 * The running detour (oc_op.h) on the results just resumed: OC_OP_DONE when
 * the flow may step (its batch's results back in op->res), OC_OP_EFFECTS
 * when the detour sent a round of its own, OC_OP_FAILED.
 */
static oc_op_status detour_step(oc_op *op)
{
	oc_op_detour *d = &op->detour;
	if (!d->own) {
		if (d->slot >= op->nres)
			return OC_OP_FAILED;
		d->held = op->res;
		d->nheld = op->nres;
	}
	oc_op_status st = d->fn(op, d->ctx, d->own ? op->res : &op->res[d->slot], d->own ? op->nres : 1);
	if (st == OC_OP_EFFECTS) {
		d->own = 1;
	} else if (st == OC_OP_DONE) {
		op->nfx = 0;
		op->res = d->held;
		op->nres = d->nheld;
		*d = (oc_op_detour){ .done = d->fn, .ctx = d->ctx };
	}
	return st;
}

oc_op_status oc_op_step(oc_op *op)
{
	oc_op_status st = OC_OP_DONE;

	if (op == NULL || op->step == NULL)
		return OC_OP_FAILED;
	op->nfx = 0;
	oc_arena_bind_json(op->arena);
	if (op->detour.fn != NULL)
		st = detour_step(op);
	if (st == OC_OP_DONE)
		st = op->step(op);
	oc_arena_bind_json(NULL);
	op->nres = 0;
	op->res = NULL;
	if (st == OC_OP_EFFECTS && op->nfx == 0)
		st = OC_OP_FAILED; /* a flow that waits on nothing would loop forever */
	if (st != OC_OP_EFFECTS)
		op->step = NULL;
	return st;
}

const oc_fx *oc_op_effects(const oc_op *op, uint32_t *n)
{
	*n = op->nfx;
	return op->fx;
}

int oc_op_resume(oc_op *op, const oc_fx_result *res, uint32_t n)
{
	if (op == NULL || n != op->nfx || op->step == NULL)
		return -1;
	oc_fx_result *r = oc_arena_alloc(op->arena, (n ? n : 1) * sizeof *r);
	if (r == NULL)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		r[i] = res[i];
		if (res[i].len) {
			char *d = oc_arena_strndup(op->arena, res[i].data, res[i].len);
			if (d == NULL)
				return -1;
			r[i].data = d;
		}
		if (res[i].meta_len) {
			char *m = oc_arena_strndup(op->arena, res[i].meta, res[i].meta_len);
			if (m == NULL)
				return -1;
			r[i].meta = m;
		}
	}
	op->res = r;
	op->nres = n;
	return 0;
}

void oc_op_output(const oc_op *op, const char **out, size_t *len)
{
	*out = op->out;
	*len = op->out_len;
}

void oc_op_end(oc_op *op)
{
	if (op != NULL)
		oc_arena_free(op->arena); /* op itself lives in the arena */
}

oc_fx *oc_op_emit(oc_op *op, oc_fx_kind kind, const char *key, size_t key_len)
{
	if (op->nfx == op->fx_cap) {
		uint32_t cap = op->fx_cap ? op->fx_cap * 2 : 8;
		oc_fx *fx = oc_arena_alloc(op->arena, cap * sizeof *fx);
		if (fx == NULL)
			return NULL;
		if (op->nfx)
			memcpy(fx, op->fx, op->nfx * sizeof *fx);
		op->fx = fx;
		op->fx_cap = cap;
	}
	oc_fx *f = &op->fx[op->nfx++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->key = key;
	f->key_len = (uint32_t)key_len;
	return f;
}

int oc_op_emit_get(oc_op *op, const char *key)
{
	return key != NULL && oc_op_emit(op, OC_FX_KV_GET, key, strlen(key)) != NULL ? 0 : -1;
}

int oc_op_detour_start(oc_op *op, oc_detour_fn fn, void *ctx)
{
	if (op->detour.fn != NULL || op->nfx == 0)
		return -1;
	op->detour = (oc_op_detour){ .fn = fn, .ctx = ctx, .slot = op->nfx - 1 };
	return 0;
}

void *oc_op_detour_done(const oc_op *op, oc_detour_fn fn)
{
	return op->detour.fn == NULL && op->detour.done == fn ? op->detour.ctx : NULL;
}

oc_op_status oc_op_finish(oc_op *op, const char *out, size_t len)
{
	op->out = out;
	op->out_len = len;
	return out != NULL ? OC_OP_DONE : OC_OP_FAILED;
}

int oc_op_field(const oc_op *op, unsigned i, const char **p, size_t *len)
{
	size_t off = 0;
	for (unsigned k = 0;; k++) {
		if (op->in_len - off < 4)
			return -1;
		const uint8_t *h = op->in + off;
		size_t n = (size_t)h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16 | (size_t)h[3] << 24;
		off += 4;
		if (n > op->in_len - off)
			return -1;
		if (k == i) {
			*p = (const char *)op->in + off;
			*len = n;
			return 0;
		}
		off += n;
	}
}

int64_t oc_op_now(const oc_op *op)
{
	return (int64_t)(op->now_ms / 1000.0);
}
