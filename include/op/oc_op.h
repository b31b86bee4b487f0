/*
 * oc_op: the operation machine. The core never does I/O.
 *
 * An operation (a token request, an API token check, a helper call …) is a
 * state machine in its own arena. The host starts it with its input bytes and
 * the current time, then loops:
 *
 *     op = oc_op_begin(cfg, kind, in, n, now_ms);
 *     while ((st = oc_op_step(op)) == OC_OP_EFFECTS) {
 *         fx = oc_op_effects(op, &nfx);      -- perform them (a batch of
 *         ...                                   independent effects: run
 *         oc_op_resume(op, results, nfx);    -- them concurrently), resume
 *     }
 *     if (st == OC_OP_DONE) oc_op_output(op, &out, &len);
 *     oc_op_end(op);                         -- wipes and frees the arena
 *
 * Effects that depend on each other are never in the same batch: a flow that
 * must write A before B emits A, waits for the result, then emits B, so a
 * failure between the two leaves the store valid.
 *
 * Input: a sequence of fields, each a little-endian u32 length then the bytes
 * (read with oc_op_field); each kind documents its fields. Output: bytes valid until
 * oc_op_end: JSON, or for OC_KIND_HTTP with op->binary set before the first
 * step, the binary answer of oc_http.h (what the JS shim reads).
 *
 * The numbers of oc_op_status, oc_fx_kind, oc_fxr_status and the kinds cross
 * to the host: js-shim/core.js mirrors them as OP, FX, FXR and KIND, and
 * tests/js/abi.test.mjs fails when the two differ in any name or value.
 */
#ifndef OC_OP_H
#define OC_OP_H

#include <stddef.h>
#include <stdint.h>
#include "base/oc_arena.h"
#include "base/oc_err.h"
#include "config/oc_config.h"

typedef enum {
	OC_OP_DONE = 0,    /* output ready */
	OC_OP_EFFECTS = 1, /* effects to perform, then oc_op_resume */
	OC_OP_FAILED = 2   /* internal failure (out of memory, host protocol misuse) */
} oc_op_status;

typedef enum {
	OC_FX_KV_GET = 1,    /* key */
	OC_FX_KV_PUT = 2,    /* key, val, meta (JSON or none), ttl / expiration */
	OC_FX_KV_DELETE = 3, /* key */
	OC_FX_KV_LIST = 4,   /* key = prefix, val = cursor (or none), ttl = limit */
	OC_FX_BODY = 5,      /* the HTTP request's body; ttl = byte limit */
	OC_FX_CALLBACK = 6,  /* key = the option naming a user callback, val = its argument (JSON) */
	OC_FX_FETCH = 7,     /* key = an https URL to GET, ttl = byte limit, expiration = time limit in ms (oc_fetch.h) */
	OC_FX_CACHE = 8      /* key = a URL, meta = verb and cache name, … (oc_cache.h) */
} oc_fx_kind;

typedef struct {
	uint32_t kind;
	const char *key; uint32_t key_len;
	const char *val; uint32_t val_len;
	const char *meta; uint32_t meta_len;
	uint32_t ttl;        /* put: expirationTtl in seconds, 0 = none; list: limit */
	uint32_t expiration; /* put: absolute expiry, seconds since epoch, 0 = none */
} oc_fx;

typedef enum {
	OC_FXR_OK = 0,           /* data (and meta) hold the value / list JSON / result (a callback's: JSON) */
	OC_FXR_MISSING = 1,      /* KV get of an absent key; callback returned nothing */
	OC_FXR_FAILED = 2,       /* the host operation (or the callback) threw */
	OC_FXR_RATE_LIMITED = 3, /* KV said 429: answer temporarily_unavailable */
	OC_FXR_TIMEOUT = 4,      /* fetch: the time limit passed */
	OC_FXR_TOO_LARGE = 5     /* fetch: the body grew past the byte limit */
} oc_fxr_status;

typedef struct {
	uint32_t status;
	const char *data; uint32_t len;
	const char *meta; uint32_t meta_len;
} oc_fx_result;

typedef struct oc_op oc_op;
typedef oc_op_status (*oc_op_fn)(oc_op *op);

/*
 * A detour: a routine that takes rounds of its own inside one of the flow's
 * rounds (oauth/oc_cimd_client.c resolving a client: cache, fetch, cache
 * write), so that every flow asks for it as for one effect. Its first effect
 * is in the flow's batch (the one just emitted when
 * oc_op_detour_start starts it).
 * When that batch's results arrive, oc_op_step hands the routine its result
 * first, and the routine answers as a step does: OC_OP_DONE (it is done: the
 * flow then steps on its batch's results, as if nothing had happened in
 * between), OC_OP_EFFECTS having emitted a round of its own (performed by
 * the host; its results are handed to the routine next, the flow's kept
 * aside), or OC_OP_FAILED (out of memory: the op fails). One detour at a
 * time per op; once done, its context stays readable (oc_op_detour_done)
 * until the next starts.
 */
typedef oc_op_status (*oc_detour_fn)(oc_op *op, void *ctx, const oc_fx_result *res, uint32_t n);
typedef struct {
	oc_detour_fn fn;      /* NULL: none running */
	oc_detour_fn done;    /* the last one to finish */
	void *ctx;
	uint32_t slot;        /* its effect's index in the flow's batch */
	int own;              /* 1 once a round of its own is out */
	oc_fx_result *held; uint32_t nheld; /* the flow's batch results, meanwhile */
} oc_op_detour;

/*
 * Operation kinds. Helper kinds take one field, a JSON object of arguments,
 * and answer {"t":"value","value":…} or {"t":"error","code":…,"description":…}.
 */
enum {
	OC_KIND_HTTP = 2,            /* fields: see oc_http.h. Output: see oc_http.h */
	OC_KIND_PARSE_AUTH_REQUEST = 3,
	OC_KIND_COMPLETE_AUTHORIZATION = 4,
	OC_KIND_CREATE_CLIENT = 5,
	OC_KIND_LOOKUP_CLIENT = 6,
	OC_KIND_LIST_USER_GRANTS = 7,
	OC_KIND_REVOKE_GRANT = 8,
	OC_KIND_INSUFFICIENT_SCOPE = 9, /* {audience, scope[], description?} -> an HTTP response */
	OC_KIND_LIST_CLIENTS = 10,
	OC_KIND_UPDATE_CLIENT = 11,
	OC_KIND_DELETE_CLIENT = 12,
	OC_KIND_UNWRAP_TOKEN = 13,
	OC_KIND_PURGE_EXPIRED_DATA = 14,
	OC_KIND_ERROR_REDIRECT = 15,   /* {redirectUri, code, description?, state?, issuer?} -> the URL */
	/* The consent and upstream helpers (src/consent/) */
	OC_KIND_DESCRIBE_CONSENT = 16,
	OC_KIND_BEGIN_CONSENT = 17,
	OC_KIND_APPROVE_CONSENT = 18,
	OC_KIND_DENY_CONSENT = 19,
	OC_KIND_CONSENT_REMEMBERED = 20,
	OC_KIND_BEGIN_UPSTREAM = 21,
	OC_KIND_FINISH_UPSTREAM = 22,
	OC_KIND_URI_RULES = 30,        /* oc-oauth-provider/0.10's rule functions: {fn, a?, b?, …} -> true|false */
	OC_KIND_MIGRATE_CHECK = 32,    /* records of a 0.10.x namespace -> what 1.x does to them (no effects) */
	OC_KIND_VALIDATE_TOKEN = 45,   /* OAuthAuthorizationServer.validateToken: {resource, token} (helper/oc_helper_unwrap.c) */
	OC_KIND_EXCHANGE_TOKEN = 50    /* exchangeToken: {subjectToken, scope?, aud?, expiresIn?} -> the token response */
};

struct oc_op {
	oc_arena *arena;
	const oc_config *cfg;
	int kind;
	int state;          /* the flow's resume point */
	double now_ms;      /* host time, ms since epoch */
	const uint8_t *in; size_t in_len;
	oc_fx *fx; uint32_t nfx, fx_cap;
	oc_fx_result *res; uint32_t nres;
	const char *out; size_t out_len;
	int binary;         /* OC_KIND_HTTP: answer in oc_http.h's binary layout, not JSON */
	oc_op_fn step;
	void *flow;         /* the flow's private state, in the arena */
	oc_op_detour detour;
};

/* Host side. begin returns NULL for an unknown kind or out of memory. */
oc_op *oc_op_begin(const oc_config *cfg, int kind, const void *in, size_t n, double now_ms);
oc_op_status oc_op_step(oc_op *op);
const oc_fx *oc_op_effects(const oc_op *op, uint32_t *n);
/* n must equal the effect count; results are copied into the arena. -1 on misuse. */
int oc_op_resume(oc_op *op, const oc_fx_result *res, uint32_t n);
void oc_op_output(const oc_op *op, const char **out, size_t *len);
void oc_op_end(oc_op *op);

/* Flow side. */
/* Appends an effect to the next batch; NULL if out of memory. Strings are not copied. */
oc_fx *oc_op_emit(oc_op *op, oc_fx_kind kind, const char *key, size_t key_len);
/* Appends a KV read of key (a NUL-terminated string, not copied); -1 if key is NULL
 * (an allocation that failed before) or out of memory, else 0. */
int oc_op_emit_get(oc_op *op, const char *key);
/* Starts fn on ctx over the effect just emitted (op->nfx > 0); -1 if one is running or none was emitted. */
int oc_op_detour_start(oc_op *op, oc_detour_fn fn, void *ctx);
/* The context of the last detour to finish, if it ran fn; else NULL. */
void *oc_op_detour_done(const oc_op *op, oc_detour_fn fn);
/* Sets the output and returns OC_OP_DONE. */
oc_op_status oc_op_finish(oc_op *op, const char *out, size_t len);
/* The i-th input field; 0 if present, -1 if the input has fewer fields. */
int oc_op_field(const oc_op *op, unsigned i, const char **p, size_t *len);
/* Seconds since the epoch, from the host clock. */
int64_t oc_op_now(const oc_op *op);

#endif
