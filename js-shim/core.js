// The binding to the C core: instantiate the module, run operations, and
// perform the effects they ask for. No OAuth rule lives here.

const enc = new TextEncoder();
const dec = new TextDecoder();

export const OP = Object.freeze({ DONE: 0, EFFECTS: 1, FAILED: 2 });
export const FX = Object.freeze({ KV_GET: 1, KV_PUT: 2, KV_DELETE: 3, KV_LIST: 4, CALLBACK: 5, FETCH: 6, BODY: 7 });
export const FXR = Object.freeze({ OK: 0, MISSING: 1, FAILED: 2, RATE_LIMITED: 3 });
export const KIND = Object.freeze({
  TOKEN_LOOKUP: 1, HTTP: 2, PARSE_AUTH_REQUEST: 3, COMPLETE_AUTHORIZATION: 4,
  CREATE_CLIENT: 5, LOOKUP_CLIENT: 6, LIST_USER_GRANTS: 7, REVOKE_GRANT: 8, INSUFFICIENT_SCOPE: 9,
});

// The WASI imports the module may reference; only random_get does real work.
function wasiImports(getMemory) {
  const ENOSYS = 52;
  const nosys = () => ENOSYS;
  return {
    random_get(ptr, len) {
      const mem = new Uint8Array(getMemory().buffer, ptr, len);
      for (let off = 0; off < len; off += 65536) {
        crypto.getRandomValues(mem.subarray(off, Math.min(len, off + 65536)));
      }
      return 0;
    },
    proc_exit(code) { throw new WebAssembly.RuntimeError(`oc core exited (${code})`); },
    fd_write: nosys, fd_close: nosys, fd_seek: nosys, fd_fdstat_get: nosys,
    environ_get: () => 0, environ_sizes_get: (c, s) => {
      const v = new DataView(getMemory().buffer); v.setUint32(c, 0, true); v.setUint32(s, 0, true); return 0;
    },
    clock_time_get: nosys,
  };
}

// Length-prefixed fields, the input format of every operation (see oc_op.h).
function encodeFields(fields) {
  const parts = fields.map((f) => (typeof f === 'string' ? enc.encode(f) : f ?? new Uint8Array(0)));
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let off = 0;
  for (const p of parts) {
    view.setUint32(off, p.length, true);
    out.set(p, off + 4);
    off += 4 + p.length;
  }
  return out;
}

export class Core {
  // module: a compiled WebAssembly.Module (workerd imports it; Node compiles it).
  constructor(module) {
    let memory;
    const wasi = wasiImports(() => memory);
    // env: what Emscripten's standalone build imports instead of WASI calls.
    const env = {
      emscripten_notify_memory_growth() {},
      getentropy: (ptr, len) => (len > 256 ? 28 : wasi.random_get(ptr, len)),
    };
    const imports = { wasi_snapshot_preview1: wasi, env };
    for (const imp of WebAssembly.Module.imports(module)) {
      if (!(imp.module in imports) || !(imp.name in imports[imp.module])) {
        throw new Error(`oc core: unexpected import ${imp.module}.${imp.name}`);
      }
    }
    this.instance = new WebAssembly.Instance(module, imports);
    this.x = this.instance.exports;
    memory = this.x.memory;
    this.memory = memory;
    if (this.x._initialize) this.x._initialize();
  }

  get memoryBytes() { return this.memory.buffer.byteLength; }

  // Copies bytes into the core's scratch buffer; returns their length.
  #toScratch(bytes) {
    const p = this.x.oc_w_scratch(bytes.length);
    if (!p) throw new RangeError('oc core: input too large');
    new Uint8Array(this.memory.buffer, p, bytes.length).set(bytes);
    return bytes.length;
  }

  #cstring(p) {
    const m = new Uint8Array(this.memory.buffer);
    let e = p;
    while (m[e]) e++;
    return dec.decode(m.subarray(p, e));
  }

  // Parses and validates options (a JSON-serialisable object); throws TypeError
  // with the core's message when they are invalid.
  configure(options) {
    const n = this.#toScratch(enc.encode(JSON.stringify(options)));
    const cfg = this.x.oc_w_config_new(n);
    if (!cfg) throw new TypeError(this.#cstring(this.x.oc_w_config_error()));
    return cfg;
  }

  // Runs one operation to completion. perform(effects) -> Promise<results>
  // performs one batch (see performEffects). Returns the output text.
  async run(cfg, kind, fields, perform) {
    const n = this.#toScratch(encodeFields(fields));
    const op = this.x.oc_w_op_begin(cfg, kind, n, Date.now());
    if (!op) throw new Error('oc core: could not start operation');
    try {
      for (;;) {
        const st = this.x.oc_w_op_step(op);
        if (st === OP.DONE) {
          const p = this.x.oc_w_op_output(op);
          const len = this.x.oc_w_op_output_len(op);
          return dec.decode(new Uint8Array(this.memory.buffer, p, len));
        }
        if (st !== OP.EFFECTS) throw new Error('oc core: operation failed');
        const results = await perform(this.#readEffects(op));
        this.#writeResults(op, results);
        if (this.x.oc_w_op_resume(op) !== 0) throw new Error('oc core: resume refused');
      }
    } finally {
      this.x.oc_w_op_end(op);
    }
  }

  // Runs an operation that needs no effects, synchronously; returns its parsed output.
  runSync(cfg, kind, fields) {
    const n = this.#toScratch(encodeFields(fields));
    const op = this.x.oc_w_op_begin(cfg, kind, n, Date.now());
    if (!op) throw new Error('oc core: could not start operation');
    try {
      if (this.x.oc_w_op_step(op) !== OP.DONE) throw new Error('oc core: operation failed');
      const p = this.x.oc_w_op_output(op);
      return JSON.parse(dec.decode(new Uint8Array(this.memory.buffer, p, this.x.oc_w_op_output_len(op))));
    } finally {
      this.x.oc_w_op_end(op);
    }
  }

  #readEffects(op) {
    const count = this.x.oc_w_op_effect_count(op);
    const base = this.x.oc_w_op_effects(op) >>> 2;
    const u32 = new Uint32Array(this.memory.buffer);
    const u8 = new Uint8Array(this.memory.buffer);
    const str = (p, n) => (n ? dec.decode(u8.subarray(p, p + n)) : undefined);
    const out = new Array(count);
    for (let i = 0; i < count; i++) {
      const w = base + i * 9;
      out[i] = {
        kind: u32[w],
        key: str(u32[w + 1], u32[w + 2]),
        value: str(u32[w + 3], u32[w + 4]),
        metadata: str(u32[w + 5], u32[w + 6]),
        ttl: u32[w + 7],
        expiration: u32[w + 8],
      };
    }
    return out;
  }

  // results: [{status, data?: string|Uint8Array, metadata?: string}]
  #writeResults(op, results) {
    const base = this.x.oc_w_op_results(op);
    if (!base) throw new Error('oc core: out of memory');
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      const words = [r.status >>> 0, 0, 0, 0, 0];
      for (const [slot, v] of [[1, r.data], [3, r.metadata]]) {
        if (v === undefined || v === null) continue;
        const bytes = typeof v === 'string' ? enc.encode(v) : v;
        const p = this.x.oc_w_op_alloc(op, bytes.length);
        if (!p) throw new Error('oc core: out of memory');
        new Uint8Array(this.memory.buffer, p, bytes.length).set(bytes);
        words[slot] = p;
        words[slot + 1] = bytes.length;
      }
      new Uint32Array(this.memory.buffer, base + i * 20, 5).set(words);
    }
  }
}

// Performs one batch of effects against a Workers KV binding (and, for HTTP
// operations, the request whose body the core may ask for). Independent by
// contract, so they run concurrently.
export function performer(kv, request) {
  return (effects) => Promise.all(effects.map((e) => (e.kind === FX.BODY ? readBody(request, e.ttl) : performKv(kv, e))));
}

export const kvPerformer = (kv) => performer(kv, undefined);

// The request body as bytes; MISSING when it is larger than limit bytes.
async function readBody(request, limit) {
  if (!request) return { status: FXR.FAILED };
  const declared = Number(request.headers.get('Content-Length'));
  if (declared > limit) return { status: FXR.MISSING };
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.length > limit ? { status: FXR.MISSING } : { status: FXR.OK, data: body };
  } catch {
    return { status: FXR.FAILED };
  }
}

async function performKv(kv, e) {
  try {
    switch (e.kind) {
      case FX.KV_GET: {
        const v = await kv.get(e.key, { type: 'text' });
        return v === null ? { status: FXR.MISSING } : { status: FXR.OK, data: v };
      }
      case FX.KV_PUT: {
        const opts = {};
        if (e.ttl) opts.expirationTtl = e.ttl;
        if (e.expiration) opts.expiration = e.expiration;
        if (e.metadata !== undefined) opts.metadata = JSON.parse(e.metadata);
        await kv.put(e.key, e.value ?? '', opts);
        return { status: FXR.OK };
      }
      case FX.KV_DELETE:
        await kv.delete(e.key);
        return { status: FXR.OK };
      case FX.KV_LIST: {
        const r = await kv.list({ prefix: e.key, cursor: e.value, limit: e.ttl || undefined });
        return { status: FXR.OK, data: JSON.stringify(r) };
      }
      default:
        return { status: FXR.FAILED };
    }
  } catch (err) {
    const msg = String(err && err.message);
    return { status: /429|rate limit/i.test(msg) ? FXR.RATE_LIMITED : FXR.FAILED };
  }
}
