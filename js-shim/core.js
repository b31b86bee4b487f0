// The binding to the C core: instantiate the module, run operations, and
// perform the effects they ask for. No OAuth rule lives here.

const enc = new TextEncoder();
const dec = new TextDecoder();

// Writes s into mem at off as UTF-8 (room for s.length * 3 bytes); returns the byte count.
// ASCII (the usual URL, header, KV record) is copied by a plain loop: in workerd each
// TextEncoder call crosses into C++, which costs more than the copy itself.
function utf8Into(s, mem, off) {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return enc.encodeInto(s, mem.subarray(off, off + n * 3)).written;
    mem[off + i] = c;
  }
  return n;
}

// The numbers of include/op/oc_op.h (tests/js/abi.test.mjs checks that they agree).
export const OP = Object.freeze({ DONE: 0, EFFECTS: 1, FAILED: 2 });
export const FX = Object.freeze({ KV_GET: 1, KV_PUT: 2, KV_DELETE: 3, KV_LIST: 4, BODY: 5 });
export const FXR = Object.freeze({ OK: 0, MISSING: 1, FAILED: 2, RATE_LIMITED: 3 });
export const KIND = Object.freeze({
  HTTP: 2, PARSE_AUTH_REQUEST: 3, COMPLETE_AUTHORIZATION: 4,
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

// The core could not finish an operation (out of memory, a refused resume):
// never a verdict on the request, so the provider answers 500 server_error.
export class CoreError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CoreError';
  }
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
    if (!p) throw new CoreError('oc core: input too large');
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

  // Writes string fields as the length-prefixed input of an op (oc_op.h)
  // straight into the scratch buffer; returns the byte length.
  #fieldsToScratch(fields) {
    let max = 0;
    for (const f of fields) max += 4 + (typeof f === 'string' ? f.length * 3 : f.length);
    const p = this.x.oc_w_scratch(max);
    if (!p) throw new CoreError('oc core: input too large');
    const mem = new Uint8Array(this.memory.buffer);
    const view = new DataView(this.memory.buffer);
    let off = p;
    for (const f of fields) {
      let n;
      if (typeof f === 'string') n = utf8Into(f, mem, off + 4);
      else { mem.set(f, off + 4); n = f.length; }
      view.setUint32(off, n, true);
      off += 4 + n;
    }
    return off - p;
  }

  // Runs one operation to completion and returns its output text. io is either
  // { kv, request } (effects performed here against a Workers KV binding and
  // the request's body) or a function(effects) -> Promise<results>.
  async run(cfg, kind, fields, io) {
    const n = this.#fieldsToScratch(fields);
    const op = this.x.oc_w_op_begin(cfg, kind, n, Date.now());
    if (!op) throw new CoreError('oc core: could not start operation');
    try {
      for (;;) {
        const st = this.x.oc_w_op_step(op);
        if (st === OP.DONE) {
          const p = this.x.oc_w_op_output(op);
          const len = this.x.oc_w_op_output_len(op);
          return dec.decode(new Uint8Array(this.memory.buffer, p, len));
        }
        if (st !== OP.EFFECTS) throw new CoreError('oc core: operation failed');
        const key = typeof io !== 'function' && this.x.oc_w_op_effect_count(op) === 1 ? this.#oneGet(op) : undefined;
        if (key !== undefined) {
          // The hot path (a bearer check): one KV read, no batch machinery.
          let r;
          try {
            const v = await io.kv.get(key, 'text');
            r = v === null ? { status: FXR.MISSING } : { status: FXR.OK, data: v };
          } catch (err) {
            r = kvFailure(err);
          }
          this.#writeResults(op, [r]);
        } else {
          const effects = this.#readEffects(op);
          const results = typeof io === 'function' ? await io(effects) : await performAll(io, effects);
          this.#writeResults(op, results);
        }
        if (this.x.oc_w_op_resume(op) !== 0) throw new CoreError('oc core: resume refused');
      }
    } finally {
      this.x.oc_w_op_end(op);
    }
  }

  // The key of the op's single effect when it is a KV get, else undefined.
  #oneGet(op) {
    const w = this.x.oc_w_op_effects(op) >>> 2;
    const u32 = new Uint32Array(this.memory.buffer);
    if (u32[w] !== FX.KV_GET) return undefined;
    return dec.decode(new Uint8Array(this.memory.buffer, u32[w + 1], u32[w + 2]));
  }

  // Runs an operation that needs no effects, synchronously; returns its parsed output.
  runSync(cfg, kind, fields) {
    const n = this.#fieldsToScratch(fields);
    const op = this.x.oc_w_op_begin(cfg, kind, n, Date.now());
    if (!op) throw new CoreError('oc core: could not start operation');
    try {
      if (this.x.oc_w_op_step(op) !== OP.DONE) throw new CoreError('oc core: operation failed');
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
    if (!base) throw new CoreError('oc core: out of memory');
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      const words = [r.status >>> 0, 0, 0, 0, 0];
      for (let slot = 1; slot <= 3; slot += 2) {
        const v = slot === 1 ? r.data : r.metadata;
        if (v === undefined || v === null) continue;
        const max = typeof v === 'string' ? v.length * 3 : v.length;
        const p = this.x.oc_w_op_alloc(op, max);
        if (!p) throw new CoreError('oc core: out of memory');
        const mem = new Uint8Array(this.memory.buffer);
        let len;
        if (typeof v === 'string') len = utf8Into(v, mem, p);
        else { mem.set(v, p); len = v.length; }
        mem[p + len] = 0; // results are NUL-terminated for the core
        words[slot] = p;
        words[slot + 1] = len;
      }
      new Uint32Array(this.memory.buffer, base + i * 20, 5).set(words);
    }
  }
}

// Performs one batch of effects against a Workers KV binding and the request
// whose body the core may ask for. Independent by contract: run concurrently.
function performAll(io, effects) {
  return Promise.all(effects.map((e) => (e.kind === FX.BODY ? readBody(io.request, e.ttl) : performKv(io.kv, e))));
}

// How the Workers KV binding reports a storage answer that is not 2xx: an Error
// whose message is exactly "KV <GET|PUT|DELETE|GET_BULK> failed: <status> <text>"
// (workerd src/workerd/api/kv.c++; lists report as GET).
const KV_RATE_LIMITED = /^KV [A-Z_]+ failed: 429 /;

// A failed KV call as an effect result: RATE_LIMITED when the binding said 429
// (the core answers temporarily_unavailable), FAILED for anything else; never
// judged by digits elsewhere in a message (a key's length, an id).
export function kvFailure(err) {
  return { status: err instanceof Error && KV_RATE_LIMITED.test(err.message) ? FXR.RATE_LIMITED : FXR.FAILED };
}

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
    return kvFailure(err);
  }
}
