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
export const FX = Object.freeze({ KV_GET: 1, KV_PUT: 2, KV_DELETE: 3, KV_LIST: 4, BODY: 5, CALLBACK: 6, FETCH: 7, CACHE: 8 });
export const FXR = Object.freeze({ OK: 0, MISSING: 1, FAILED: 2, RATE_LIMITED: 3, TIMEOUT: 4, TOO_LARGE: 5 });
export const KIND = Object.freeze({
  HTTP: 2, PARSE_AUTH_REQUEST: 3, COMPLETE_AUTHORIZATION: 4,
  CREATE_CLIENT: 5, LOOKUP_CLIENT: 6, LIST_USER_GRANTS: 7, REVOKE_GRANT: 8, INSUFFICIENT_SCOPE: 9,
  LIST_CLIENTS: 10, UPDATE_CLIENT: 11, DELETE_CLIENT: 12, UNWRAP_TOKEN: 13, PURGE_EXPIRED_DATA: 14,
  ERROR_REDIRECT: 15, DESCRIBE_CONSENT: 16, BEGIN_CONSENT: 17, APPROVE_CONSENT: 18, DENY_CONSENT: 19,
  CONSENT_REMEMBERED: 20, BEGIN_UPSTREAM: 21, FINISH_UPSTREAM: 22, URI_RULES: 30, MIGRATE_CHECK: 32,
  VALIDATE_TOKEN: 45, EXCHANGE_TOKEN: 50,
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

// The kinds of an OC_KIND_HTTP answer in its binary layout (include/op/oc_http.h).
export const ANSWER = Object.freeze({ RESPONSE: 1, API: 2, DEFAULT: 3, THROW: 4 });
const DEFAULT_ANSWER = Object.freeze({ t: 'default' });
const ABSENT = 0xffffffff;

export class Core {
  #u8;
  #u32;
  #io;          // word index of the io block (oc_w_io): status, pointer, length, scratch, its capacity

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
    this.#views();
    this.#io = this.x.oc_w_io() >>> 2;
  }

  get memoryBytes() { return this.memory.buffer.byteLength; }

  // The views of memory, made again after it grew (growing detaches the old buffer).
  #views() {
    if (this.#u8 === undefined || this.#u8.length === 0) {
      this.#u8 = new Uint8Array(this.memory.buffer);
      this.#u32 = new Uint32Array(this.memory.buffer);
    }
  }

  // The scratch buffer (where the io block says it is), with room for n bytes; fresh views.
  #scratchFor(n) {
    if (n > this.#u32[this.#io + 4]) {
      const p = this.x.oc_w_scratch(n);
      if (!p) throw new CoreError('oc core: input too large');
      this.#views();
      this.#u32[this.#io + 3] = p;
      this.#u32[this.#io + 4] = n;
    }
    this.#views();
    return this.#u32[this.#io + 3];
  }

  // The output of the op the core just ended (in the scratch buffer), read as
  // the binary answer or as text, then wiped: it may hold props and tokens.
  #output(binary) {
    const p = this.#u32[this.#io + 1], n = this.#u32[this.#io + 2];
    try {
      return binary ? this.#answer(p) : this.#text(p, n);
    } finally {
      this.#u8.fill(0, p, p + n);
    }
  }

  #text(p, n) { return n ? dec.decode(this.#u8.subarray(p, p + n)) : ''; }

  #cstring(p) {
    const m = this.#u8;
    let e = p;
    while (m[e]) e++;
    return this.#text(p, e - p);
  }

  // Parses and validates options (a JSON-serialisable object); throws TypeError
  // with the core's message when they are invalid.
  configure(options) {
    const bytes = enc.encode(JSON.stringify(options));
    this.#u8.set(bytes, this.#scratchFor(bytes.length));
    const cfg = this.x.oc_w_config_new(bytes.length);
    this.#views();
    if (!cfg) throw new TypeError(this.#cstring(this.x.oc_w_config_error()));
    return cfg;
  }

  // Writes string (or byte) fields as the length-prefixed input of an op
  // (oc_op.h) straight into the scratch buffer, starts the op and runs its
  // first step; flags as oc_w_op_begin's. An op done (or failed) at once is
  // already ended by the core.
  #begin(cfg, kind, fields, flags) {
    let max = 0;
    for (const f of fields) max += 4 + (typeof f === 'string' ? f.length * 3 : f.length);
    const p = this.#scratchFor(max);
    const mem = this.#u8;
    let off = p;
    for (const f of fields) {
      let n;
      if (typeof f === 'string') n = utf8Into(f, mem, off + 4);
      else { mem.set(f, off + 4); n = f.length; }
      put32(mem, off, n);
      off += 4 + n;
    }
    const op = this.x.oc_w_op_begin(cfg, kind, off - p, Date.now(), flags);
    if (!op) throw new CoreError('oc core: could not start operation');
    this.#views();
    return op;
  }

  // Performs the effects the op asks for until it is done, then returns its
  // output: the answer of oc_http.h's binary layout (binary) or the text.
  // The core ends the op once it is done or failed (two crossings for one
  // batch of effects: begin, continue); the op is ended here only when it is
  // abandoned while waiting (what performing its effects threw, a refused
  // resume).
  // io is either { kv, request } (effects performed here against a Workers KV
  // binding and the request's body: performOne) or a function(effects) ->
  // Promise<results>. The io block and the scratch buffer are read only
  // between a call into the core and the next await: concurrent operations
  // share them.
  async #drive(op, io, binary) {
    for (;;) {
      const u32 = this.#u32;
      const st = u32[this.#io];
      if (st === OP.DONE) return this.#output(binary);
      if (st !== OP.EFFECTS) throw new CoreError('oc core: operation failed');
      const fx = u32[this.#io + 1] >>> 2;
      let n;
      try {
        if (u32[this.#io + 2] === 1 && u32[fx] === FX.KV_GET && typeof io !== 'function') {
          // A lone KV read (a bearer check): no effect object, no batch.
          const r = await performKvGet(io, this.#text(u32[fx + 1], u32[fx + 2]));
          const start = this.#scratchFor(12 + room(r.data));
          n = this.#putResult(start, r.status, r.data, undefined) - start;
        } else {
          n = this.#putResults(await this.#perform(io, fx, u32[this.#io + 2]));
        }
      } catch (err) {
        this.x.oc_w_op_end(op);
        throw err;
      }
      if (this.x.oc_w_op_continue(op, n) !== 0) {
        this.x.oc_w_op_end(op);
        throw new CoreError('oc core: resume refused');
      }
      this.#views();
    }
  }

  // The results of a batch of count effects (oc_fx at word fx): by io when it
  // is a function, else each by performOne; a batch of one without Promise.all.
  async #perform(io, fx, count) {
    const effects = this.#readEffects(fx, count);
    if (typeof io === 'function') return io(effects);
    if (count === 1) return [await performOne(io, effects[0])];
    return Promise.all(effects.map((e) => performOne(io, e)));
  }

  // Starts an op and drives it; a failure to start is a rejection, as any other.
  #start(cfg, kind, fields, flags, io) {
    let op;
    try {
      op = this.#begin(cfg, kind, fields, flags);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#drive(op, io, flags === 1);
  }

  // Runs one operation to completion and returns its output text (JSON).
  run(cfg, kind, fields, io) {
    return this.#start(cfg, kind, fields, 0, io);
  }

  // Runs an OC_KIND_HTTP op on the request's fields [method, url,
  // authorization, content type, origin] and returns its answer, read from
  // the binary layout of oc_http.h:
  //   { t: 'response', status, headers: [[name, value]…], modes?, body: string|null,
  //     error?: {code, description, own: [from, to], internal: [category, reason, detail], request}, warn?: string }
  //     (request: onError is handed the Request too)
  //     (internal: texts, '' when absent; warn: a line for the log)
  //   { t: 'api', handler, props, auth, headers?: [[name, value]…], modes? }   (props, auth: fresh objects; modes: oc_http.h)
  //   { t: 'default' }
  //   { t: 'throw', message?, plain }   (fetch throws: with message, an Error when plain, else a TypeError; else what the callback threw)
  http(cfg, fields, io) {
    return this.#start(cfg, KIND.HTTP, fields, 1, io);
  }

  // The binary answer at base (oc_http.h) as an object.
  #answer(base) {
    const u32 = this.#u32;
    const w = base >>> 2;
    const kind = u32[w];
    if (kind === ANSWER.DEFAULT) return DEFAULT_ANSWER;
    let headers;
    if (u32[w + 2]) {
      const s = this.#text(base + u32[w + 3], u32[w + 4]).split('\0');
      headers = new Array(s.length >>> 1);
      for (let i = 0; i < headers.length; i++) headers[i] = [s[2 * i], s[2 * i + 1]];
    }
    const modes = u32[w + 9] ? this.#text(base + u32[w + 9], u32[w + 10]) : undefined;
    if (kind === ANSWER.API) {
      const a = JSON.parse(this.#text(base + u32[w + 5], u32[w + 6]));
      // [auth] alone: the props are the callback's (resolveExternalToken's), kept by the caller
      if (a.length === 1) return { t: 'api', handler: u32[w + 1], props: undefined, auth: a[0], headers, modes, external: true };
      return { t: 'api', handler: u32[w + 1], props: a[0], auth: a[1], headers, modes };
    }
    if (kind === ANSWER.THROW) return { t: 'throw', message: u32[w + 5] ? this.#text(base + u32[w + 5], u32[w + 6]) : undefined, plain: u32[w + 1] === 1 };
    if (kind !== ANSWER.RESPONSE) throw new CoreError('oc core: unknown answer');
    const out = { t: 'response', status: u32[w + 1], headers: headers ?? [], modes, body: null, error: undefined, warn: undefined };
    if (u32[w + 5]) out.body = this.#text(base + u32[w + 5], u32[w + 6]);
    if (u32[w + 11]) out.warn = this.#text(base + u32[w + 11], u32[w + 12]);
    if (u32[w + 7]) {
      // "code\0from\0to\0category\0reason\0detail\0description": the description last, whatever it holds.
      const e = this.#text(base + u32[w + 7], u32[w + 8]);
      const at = [e.indexOf('\0')];
      for (let i = 1; i < 6; i++) at.push(e.indexOf('\0', at[i - 1] + 1));
      out.error = {
        code: e.slice(0, at[0]),
        description: e.slice(at[5] + 1),
        own: [+e.slice(at[0] + 1, at[1]), +e.slice(at[1] + 1, at[2])],
        internal: [e.slice(at[2] + 1, at[3]), e.slice(at[3] + 1, at[4]), e.slice(at[4] + 1, at[5])],
        request: u32[w + 13] === 1,
      };
    }
    return out;
  }

  // Runs an operation that needs no effects, synchronously; returns its parsed output.
  runSync(cfg, kind, fields) {
    const op = this.#begin(cfg, kind, fields, 0);
    const st = this.#u32[this.#io];
    if (st === OP.EFFECTS) this.x.oc_w_op_end(op);
    if (st !== OP.DONE) throw new CoreError('oc core: operation failed');
    return JSON.parse(this.#output(false));
  }

  // The effects of a batch (oc_fx: 9 words each) as objects; a cache write's value as its bytes.
  #readEffects(base, count) {
    const u32 = this.#u32;
    const out = new Array(count);
    for (let i = 0; i < count; i++) {
      const w = base + i * 9;
      out[i] = {
        kind: u32[w],
        key: this.#text(u32[w + 1], u32[w + 2]) || undefined,
        value: u32[w] === FX.CACHE ? this.#u8.slice(u32[w + 3], u32[w + 3] + u32[w + 4])
          : this.#text(u32[w + 3], u32[w + 4]) || undefined,
        metadata: this.#text(u32[w + 5], u32[w + 6]) || undefined,
        ttl: u32[w + 7],
        expiration: u32[w + 8],
      };
    }
    return out;
  }

  // Writes results ([{status, data?: string|Uint8Array, metadata?: string}])
  // into the scratch buffer as oc_w_op_continue reads them; their byte length.
  #putResults(results) {
    let max = 0;
    for (const r of results) max += 12 + room(r.data) + room(r.metadata);
    const start = this.#scratchFor(max);
    let off = start;
    for (const r of results) off = this.#putResult(off, r.status, r.data, r.metadata);
    return off - start;
  }

  // One result at off (room checked by the caller); the offset after it.
  #putResult(off, status, data, metadata) {
    const mem = this.#u8;
    put32(mem, off, status >>> 0);
    let p = off + 12;
    for (let slot = 4; slot <= 8; slot += 4) {
      const v = slot === 4 ? data : metadata;
      if (v === undefined || v === null) { put32(mem, off + slot, ABSENT); continue; }
      let n;
      if (typeof v === 'string') n = utf8Into(v, mem, p);
      else { mem.set(v, p); n = v.length; }
      put32(mem, off + slot, n);
      p += n;
    }
    return p;
  }
}

// Bytes a result value may take in the scratch buffer (UTF-8: 3 per UTF-16 unit).
function room(v) {
  if (v === undefined || v === null) return 0;
  return typeof v === 'string' ? v.length * 3 : v.length;
}

function put32(mem, off, n) {
  mem[off] = n;
  mem[off + 1] = n >>> 8;
  mem[off + 2] = n >>> 16;
  mem[off + 3] = n >>> 24;
}

// Performs one effect against a Workers KV binding, the request whose body
// the core may ask for, or a user callback (io.callback(name, argument text):
// its result, { status, data? }).
// The effects of a batch are independent by contract: the caller runs them
// concurrently. What a failed one threw is kept as io.thrown (an error
// answer's reason may name it: provider.js).
function performOne(io, e) {
  switch (e.kind) {
    case FX.KV_GET: return performKvGet(io, e.key);
    case FX.BODY: return readBody(io, e.ttl);
    case FX.CALLBACK: return performCallback(io, e);
    case FX.FETCH: return e.value === 'document' ? performDocumentFetch(e.key, e.ttl, e.expiration, e.metadata) : performFetch(e.key, e.ttl, e.expiration);
    case FX.CACHE: return performCache(e);
    default: return performKv(io.kv, e, io);
  }
}

// A response body's bytes, or null once more than limit arrived (reading then stops).
async function readLimited(body, limit) {
  const reader = body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const data = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { data.set(c, off); off += c.length; }
  return data;
}

// The GET the core asks for (include/op/oc_fetch.h): the URL as given, no
// redirect followed, at most limit body bytes (reading stops past them:
// TOO_LARGE), within ms milliseconds (TIMEOUT); the answer is the status and
// Content-Type as meta, the body as data, for the core to judge.
async function performFetch(url, limit, ms) {
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'manual', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(ms) });
    const meta = `${res.status}\n${res.headers.get('content-type') ?? ''}`;
    if (!res.body) return { status: FXR.OK, data: new Uint8Array(0), metadata: meta };
    const data = await readLimited(res.body, limit);
    return data === null ? { status: FXR.TOO_LARGE } : { status: FXR.OK, data, metadata: meta };
  } catch (err) {
    return { status: err?.name === 'TimeoutError' ? FXR.TIMEOUT : FXR.FAILED };
  }
}

// The headers a document answer reports, in its order (include/op/oc_fetch.h, document mode).
const DOCUMENT_HEADERS = ['Content-Length', 'Cache-Control', 'Content-Type', 'ETag', 'Last-Modified'];

// A response as the document mode reports it: meta "<status>\n<b|-|+>" and a
// line per header of DOCUMENT_HEADERS (":" and its value, empty when absent);
// b: a body, data = its bytes; -: no body; +: more than limit bytes (reading
// stopped, or never started when Content-Length declares more).
async function documentAnswer(res, limit) {
  const tail = DOCUMENT_HEADERS.map((name) => { const v = res.headers.get(name); return v === null ? '' : `:${v}`; }).join('\n');
  const answer = (mark, data) => ({ status: FXR.OK, data, metadata: `${res.status}\n${mark}\n${tail}` });
  if (!res.body) return answer('-');
  // A body whose declared length is already past the limit is not read (the core judges the header).
  if (Number(res.headers.get('Content-Length')) > limit) {
    res.body.cancel().catch(() => {});
    return answer('+');
  }
  const data = await readLimited(res.body, limit);
  return data === null ? answer('+') : answer('b', data);
}

// The GET of a Client ID Metadata Document (include/op/oc_fetch.h, document
// mode), sent as the references send it: their headers (the User-Agent the
// core names, none when it names none), cache "no-store",
// redirects followed as fetch() follows them, any status. At most limit body
// bytes are read, all within ms milliseconds. The answer: documentAnswer's,
// TIMEOUT, or FAILED with what fetch threw as data.
async function performDocumentFetch(url, limit, ms, agent) {
  const signal = AbortSignal.timeout(ms);
  try {
    const res = await fetch(url, {
      headers: { Accept: 'application/json', 'Cache-Control': 'no-store', ...(agent ? { 'User-Agent': agent } : {}) },
      signal, cache: 'no-store',
    });
    return await documentAnswer(res, limit);
  } catch (err) {
    if (signal.aborted) return { status: FXR.TIMEOUT };
    return { status: FXR.FAILED, data: err instanceof Error ? err.message : String(err) };
  }
}

// The host's HTTP cache (include/op/oc_cache.h): meta "<verb>\0<cache name>"
// and, for a put, "\0<name>\0<value>" header pairs; the key a URL. get: the
// stored response as documentAnswer reports it (at most ttl body bytes), or
// MISSING; put: the value stored under the key with those headers; delete.
// FAILED when the runtime has no Cache API (caches is undefined: the
// ReferenceError is caught as any other) or the call threw.
async function performCache(e) {
  const [verb, name, ...pairs] = e.metadata.split('\0');
  try {
    const cache = await caches.open(name);
    switch (verb) {
      case 'get': {
        const res = await cache.match(e.key);
        return res ? await documentAnswer(res, e.ttl) : MISSING;
      }
      case 'put': {
        const headers = new Headers();
        for (let i = 0; i + 1 < pairs.length; i += 2) headers.set(pairs[i], pairs[i + 1]);
        await cache.put(e.key, new Response(e.value, { status: 200, headers }));
        return { status: FXR.OK };
      }
      case 'delete':
        await cache.delete(e.key);
        return { status: FXR.OK };
      default:
        return { status: FXR.FAILED };
    }
  } catch {
    return { status: FXR.FAILED };
  }
}

// A callback's outcome, as io.callback serialises it (include/op/oc_callback.h).
async function performCallback(io, e) {
  if (typeof io.callback !== 'function') return { status: FXR.FAILED };
  try {
    return await io.callback(e.key, e.value ?? '');
  } catch (err) {
    io.thrown = err;
    return { status: FXR.FAILED };
  }
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

// The request body as bytes (kept as io.body, for a callback that is handed the
// request); MISSING when it is larger than limit bytes (with data when its
// Content-Length said so: nothing read).
async function readBody(io, limit) {
  const request = io.request;
  if (!request) return { status: FXR.FAILED };
  const declared = Number(request.headers.get('Content-Length'));
  if (declared > limit) return { status: FXR.MISSING, data: 'declared' };
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > limit) return { status: FXR.MISSING };
    io.body = body;
    return { status: FXR.OK, data: body };
  } catch {
    return { status: FXR.FAILED };
  }
}

// A KV read: the value as text (handed to the core as it is), MISSING when absent.
async function performKvGet(io, key) {
  try {
    const v = await io.kv.get(key, 'text');
    return v === null ? MISSING : { status: FXR.OK, data: v };
  } catch (err) {
    return { status: kvFailed(io, err) };
  }
}

// What a failed KV call threw, kept (io.thrown); its result status (kvFailure's).
function kvFailed(io, err) {
  io.thrown = err;
  return kvFailure(err).status;
}

const MISSING = Object.freeze({ status: FXR.MISSING });

async function performKv(kv, e, io) {
  try {
    switch (e.kind) {
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
    return { status: kvFailed(io, err) };
  }
}
