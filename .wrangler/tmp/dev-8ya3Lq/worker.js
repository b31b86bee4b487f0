var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// js-shim/entry-workerd.js
import wasm from "./a71a7f5adeeccb7dced1b48dadd0ea4033a70602-oc.wasm";

// js-shim/core.js
var enc = new TextEncoder();
var dec = new TextDecoder();
var OP = Object.freeze({ DONE: 0, EFFECTS: 1, FAILED: 2 });
var FX = Object.freeze({ KV_GET: 1, KV_PUT: 2, KV_DELETE: 3, KV_LIST: 4, CALLBACK: 5, FETCH: 6, BODY: 7 });
var FXR = Object.freeze({ OK: 0, MISSING: 1, FAILED: 2, RATE_LIMITED: 3 });
var KIND = Object.freeze({
  TOKEN_LOOKUP: 1,
  HTTP: 2,
  PARSE_AUTH_REQUEST: 3,
  COMPLETE_AUTHORIZATION: 4,
  CREATE_CLIENT: 5,
  LOOKUP_CLIENT: 6,
  LIST_USER_GRANTS: 7,
  REVOKE_GRANT: 8,
  INSUFFICIENT_SCOPE: 9
});
function wasiImports(getMemory) {
  const ENOSYS = 52;
  const nosys = /* @__PURE__ */ __name(() => ENOSYS, "nosys");
  return {
    random_get(ptr, len) {
      const mem = new Uint8Array(getMemory().buffer, ptr, len);
      for (let off = 0; off < len; off += 65536) {
        crypto.getRandomValues(mem.subarray(off, Math.min(len, off + 65536)));
      }
      return 0;
    },
    proc_exit(code) {
      throw new WebAssembly.RuntimeError(`oc core exited (${code})`);
    },
    fd_write: nosys,
    fd_close: nosys,
    fd_seek: nosys,
    fd_fdstat_get: nosys,
    environ_get: /* @__PURE__ */ __name(() => 0, "environ_get"),
    environ_sizes_get: /* @__PURE__ */ __name((c, s) => {
      const v = new DataView(getMemory().buffer);
      v.setUint32(c, 0, true);
      v.setUint32(s, 0, true);
      return 0;
    }, "environ_sizes_get"),
    clock_time_get: nosys
  };
}
__name(wasiImports, "wasiImports");
var Core = class {
  static {
    __name(this, "Core");
  }
  // module: a compiled WebAssembly.Module (workerd imports it; Node compiles it).
  constructor(module) {
    let memory;
    const wasi = wasiImports(() => memory);
    const env = {
      emscripten_notify_memory_growth() {
      },
      getentropy: /* @__PURE__ */ __name((ptr, len) => len > 256 ? 28 : wasi.random_get(ptr, len), "getentropy")
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
  get memoryBytes() {
    return this.memory.buffer.byteLength;
  }
  // Copies bytes into the core's scratch buffer; returns their length.
  #toScratch(bytes) {
    const p = this.x.oc_w_scratch(bytes.length);
    if (!p) throw new RangeError("oc core: input too large");
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
    for (const f of fields) max += 4 + (typeof f === "string" ? f.length * 3 : f.length);
    const p = this.x.oc_w_scratch(max);
    if (!p) throw new RangeError("oc core: input too large");
    const mem = new Uint8Array(this.memory.buffer);
    const view = new DataView(this.memory.buffer);
    let off = p;
    for (const f of fields) {
      let n;
      if (typeof f === "string") n = enc.encodeInto(f, mem.subarray(off + 4, off + 4 + f.length * 3)).written;
      else {
        mem.set(f, off + 4);
        n = f.length;
      }
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
    if (!op) throw new Error("oc core: could not start operation");
    try {
      for (; ; ) {
        const st = this.x.oc_w_op_step(op);
        if (st === OP.DONE) {
          const p = this.x.oc_w_op_output(op);
          const len = this.x.oc_w_op_output_len(op);
          return dec.decode(new Uint8Array(this.memory.buffer, p, len));
        }
        if (st !== OP.EFFECTS) throw new Error("oc core: operation failed");
        const key = typeof io !== "function" && this.x.oc_w_op_effect_count(op) === 1 ? this.#oneGet(op) : void 0;
        if (key !== void 0) {
          let r;
          try {
            const v = await io.kv.get(key, "text");
            r = v === null ? { status: FXR.MISSING } : { status: FXR.OK, data: v };
          } catch (err) {
            r = failure(err);
          }
          this.#writeResults(op, [r]);
        } else {
          const effects = this.#readEffects(op);
          const results = typeof io === "function" ? await io(effects) : await performAll(io, effects);
          this.#writeResults(op, results);
        }
        if (this.x.oc_w_op_resume(op) !== 0) throw new Error("oc core: resume refused");
      }
    } finally {
      this.x.oc_w_op_end(op);
    }
  }
  // The key of the op's single effect when it is a KV get, else undefined.
  #oneGet(op) {
    const w = this.x.oc_w_op_effects(op) >>> 2;
    const u32 = new Uint32Array(this.memory.buffer);
    if (u32[w] !== FX.KV_GET) return void 0;
    return dec.decode(new Uint8Array(this.memory.buffer, u32[w + 1], u32[w + 2]));
  }
  // Runs an operation that needs no effects, synchronously; returns its parsed output.
  runSync(cfg, kind, fields) {
    const n = this.#fieldsToScratch(fields);
    const op = this.x.oc_w_op_begin(cfg, kind, n, Date.now());
    if (!op) throw new Error("oc core: could not start operation");
    try {
      if (this.x.oc_w_op_step(op) !== OP.DONE) throw new Error("oc core: operation failed");
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
    const str = /* @__PURE__ */ __name((p, n) => n ? dec.decode(u8.subarray(p, p + n)) : void 0, "str");
    const out = new Array(count);
    for (let i = 0; i < count; i++) {
      const w = base + i * 9;
      out[i] = {
        kind: u32[w],
        key: str(u32[w + 1], u32[w + 2]),
        value: str(u32[w + 3], u32[w + 4]),
        metadata: str(u32[w + 5], u32[w + 6]),
        ttl: u32[w + 7],
        expiration: u32[w + 8]
      };
    }
    return out;
  }
  // results: [{status, data?: string|Uint8Array, metadata?: string}]
  #writeResults(op, results) {
    const base = this.x.oc_w_op_results(op);
    if (!base) throw new Error("oc core: out of memory");
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      const words = [r.status >>> 0, 0, 0, 0, 0];
      for (let slot = 1; slot <= 3; slot += 2) {
        const v = slot === 1 ? r.data : r.metadata;
        if (v === void 0 || v === null) continue;
        const max = typeof v === "string" ? v.length * 3 : v.length;
        const p = this.x.oc_w_op_alloc(op, max);
        if (!p) throw new Error("oc core: out of memory");
        const mem = new Uint8Array(this.memory.buffer);
        let len;
        if (typeof v === "string") len = enc.encodeInto(v, mem.subarray(p, p + max)).written;
        else {
          mem.set(v, p);
          len = v.length;
        }
        mem[p + len] = 0;
        words[slot] = p;
        words[slot + 1] = len;
      }
      new Uint32Array(this.memory.buffer, base + i * 20, 5).set(words);
    }
  }
};
function performAll(io, effects) {
  return Promise.all(effects.map((e) => e.kind === FX.BODY ? readBody(io.request, e.ttl) : performKv(io.kv, e)));
}
__name(performAll, "performAll");
function failure(err) {
  const msg = String(err && err.message);
  return { status: /429|rate limit/i.test(msg) ? FXR.RATE_LIMITED : FXR.FAILED };
}
__name(failure, "failure");
async function readBody(request, limit) {
  if (!request) return { status: FXR.FAILED };
  const declared = Number(request.headers.get("Content-Length"));
  if (declared > limit) return { status: FXR.MISSING };
  try {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.length > limit ? { status: FXR.MISSING } : { status: FXR.OK, data: body };
  } catch {
    return { status: FXR.FAILED };
  }
}
__name(readBody, "readBody");
async function performKv(kv, e) {
  try {
    switch (e.kind) {
      case FX.KV_GET: {
        const v = await kv.get(e.key, { type: "text" });
        return v === null ? { status: FXR.MISSING } : { status: FXR.OK, data: v };
      }
      case FX.KV_PUT: {
        const opts = {};
        if (e.ttl) opts.expirationTtl = e.ttl;
        if (e.expiration) opts.expiration = e.expiration;
        if (e.metadata !== void 0) opts.metadata = JSON.parse(e.metadata);
        await kv.put(e.key, e.value ?? "", opts);
        return { status: FXR.OK };
      }
      case FX.KV_DELETE:
        await kv.delete(e.key);
        return { status: FXR.OK };
      case FX.KV_LIST: {
        const r = await kv.list({ prefix: e.key, cursor: e.value, limit: e.ttl || void 0 });
        return { status: FXR.OK, data: JSON.stringify(r) };
      }
      default:
        return { status: FXR.FAILED };
    }
  } catch (err) {
    return failure(err);
  }
}
__name(performKv, "performKv");

// js-shim/wasm.js
var wasmModule;
var core;
function setWasmModule(m) {
  wasmModule = m;
}
__name(setWasmModule, "setWasmModule");
function getCore() {
  if (!core) {
    if (!wasmModule) throw new Error("oc core: wasm module not loaded");
    core = new Core(wasmModule);
  }
  return core;
}
__name(getCore, "getCore");

// js-shim/errors.js
var OAuthError = class extends Error {
  static {
    __name(this, "OAuthError");
  }
  constructor(code, options = {}) {
    super(options.description ?? code);
    this.name = "OAuthError";
    this.code = code;
    this.description = options.description ?? "";
    this.statusCode = options.statusCode ?? 400;
    this.headers = options.headers ?? {};
    if (options.internal !== void 0) this.internal = options.internal;
  }
};
var AuthorizationError = class extends Error {
  static {
    __name(this, "AuthorizationError");
  }
  constructor(code, options = {}) {
    super(options.description ?? code);
    this.name = "AuthorizationError";
    this.code = code;
    this.description = options.description ?? "";
    for (const k of ["redirectUri", "state", "issuer", "redirectTo"]) {
      if (options[k] !== void 0) this[k] = options[k];
    }
  }
};

// js-shim/helpers.js
function toError(answer) {
  const { code, description, name, t, ...extra } = answer;
  switch (name) {
    case "TypeError":
      return new TypeError(description);
    case "Error":
      return new Error(description);
    case "AuthorizationError": {
      return new AuthorizationError(code, { description, ...extra });
    }
    default: {
      return new OAuthError(code, { description, ...extra });
    }
  }
}
__name(toError, "toError");
function makeHelpers(core2, cfg, env, kinds = KIND) {
  const perform = { kv: env.OAUTH_KV };
  const call = /* @__PURE__ */ __name(async (kind, args) => {
    const out = JSON.parse(await core2.run(cfg, kind, [JSON.stringify(args ?? {})], perform));
    if (out.t === "error") throw toError(out);
    return out.value;
  }, "call");
  return {
    parseAuthRequest: /* @__PURE__ */ __name((request) => call(kinds.PARSE_AUTH_REQUEST, { url: request.url }), "parseAuthRequest"),
    lookupClient: /* @__PURE__ */ __name((clientId) => call(kinds.LOOKUP_CLIENT, { clientId }), "lookupClient"),
    completeAuthorization: /* @__PURE__ */ __name((options) => call(kinds.COMPLETE_AUTHORIZATION, options), "completeAuthorization"),
    createClient: /* @__PURE__ */ __name((clientInfo) => call(kinds.CREATE_CLIENT, clientInfo), "createClient"),
    listUserGrants: /* @__PURE__ */ __name((userId, options = {}) => call(kinds.LIST_USER_GRANTS, { userId, cursor: options.cursor, limit: options.limit }), "listUserGrants"),
    revokeGrant: /* @__PURE__ */ __name(async (grantId, userId) => {
      await call(kinds.REVOKE_GRANT, { grantId, userId });
    }, "revokeGrant")
  };
}
__name(makeHelpers, "makeHelpers");

// js-shim/provider.js
var SERIAL_OPTIONS = [
  "apiRoute",
  "authorizeEndpoint",
  "tokenEndpoint",
  "clientRegistrationEndpoint",
  "accessTokenTTL",
  "refreshTokenTTL",
  "refreshTokenIdleTTL",
  "clientRegistrationTTL",
  "scopesSupported",
  "requiredScopes",
  "resourceMetadata",
  "allowPlainPKCE",
  "allowImplicitFlow",
  "allowPrivateUseRedirectUris",
  "disallowPublicClientRegistration",
  "allowTokenExchangeGrant",
  "clientIdMetadataDocumentEnabled"
];
function isEntrypointClass(h) {
  return typeof h === "function" && h.prototype && typeof h.prototype.fetch === "function";
}
__name(isEntrypointClass, "isEntrypointClass");
function checkHandler(h, name) {
  if (h === void 0) return;
  if (!isEntrypointClass(h) && !(h && typeof h.fetch === "function")) {
    throw new TypeError(`${name} must provide a fetch function or extend WorkerEntrypoint`);
  }
}
__name(checkHandler, "checkHandler");
function callHandler(handler, request, env, ctx) {
  if (isEntrypointClass(handler)) return new handler(ctx, env).fetch(request);
  return handler.fetch(request, env, ctx);
}
__name(callHandler, "callHandler");
function handlerContext(ctx, props, auth) {
  if (!ctx) return { props, auth };
  try {
    ctx.props = props;
    if (auth !== void 0) ctx.auth = auth;
    if (ctx.props === props) return ctx;
  } catch {
  }
  return {
    waitUntil: /* @__PURE__ */ __name((p) => ctx.waitUntil(p), "waitUntil"),
    passThroughOnException: /* @__PURE__ */ __name(() => ctx.passThroughOnException?.(), "passThroughOnException"),
    exports: ctx.exports,
    props,
    auth
  };
}
__name(handlerContext, "handlerContext");
var OAuthProvider = class {
  static {
    __name(this, "OAuthProvider");
  }
  #options;
  #cfg;
  #handlers;
  constructor(options) {
    if (!options || typeof options !== "object") throw new TypeError("OAuthProvider: options are required");
    checkHandler(options.apiHandler, "apiHandler");
    checkHandler(options.defaultHandler, "defaultHandler");
    for (const [route, h] of Object.entries(options.apiHandlers ?? {})) checkHandler(h, `apiHandlers[${route}]`);
    const serial = {};
    for (const k of SERIAL_OPTIONS) {
      if (k in options) serial[k] = options[k] === void 0 ? null : options[k];
    }
    serial.hasApiHandler = options.apiHandler !== void 0;
    if (options.apiHandlers) serial.apiHandlerRoutes = Object.keys(options.apiHandlers);
    serial.hasOnError = typeof options.onError === "function";
    this.#cfg = getCore().configure(serial);
    this.#options = options;
    this.#handlers = options.apiHandlers ? Object.values(options.apiHandlers) : [options.apiHandler];
  }
  async fetch(request, env, ctx) {
    env = withHelpers(env, this.#cfg);
    const h = request.headers;
    const fields = [request.method, request.url, h.get("Authorization") ?? "", h.get("Content-Type") ?? "", h.get("Origin") ?? ""];
    const out = JSON.parse(await getCore().run(this.#cfg, KIND.HTTP, fields, { kv: env.OAUTH_KV, request }));
    if (out.t === "response") return this.#respond(out);
    if (out.t === "api") {
      const res = await callHandler(this.#handlers[out.handler], request, env, handlerContext(ctx, out.props, out.auth));
      return out.headers ? withHeaders(res, out.headers) : res;
    }
    return callHandler(this.#options.defaultHandler, request, env, ctx);
  }
  #respond(out) {
    const headers = new Headers(out.headers);
    if (out.error && this.#options.onError) {
      const replaced = this.#options.onError({
        code: out.error.code,
        description: out.error.description,
        status: out.status,
        headers: Object.fromEntries(headers)
      });
      if (replaced instanceof Response) return replaced;
    }
    return new Response(out.body ?? null, { status: out.status, headers });
  }
};
var helpersByEnv = /* @__PURE__ */ new WeakMap();
function withHelpers(env, cfg) {
  let made = helpersByEnv.get(env);
  if (made?.cfg !== cfg) {
    made = { cfg, helpers: makeHelpers(getCore(), cfg, env, KIND) };
    helpersByEnv.set(env, made);
  }
  const helpers = made.helpers;
  if (env.OAUTH_PROVIDER === helpers) return env;
  try {
    env.OAUTH_PROVIDER = helpers;
    if (env.OAUTH_PROVIDER === helpers) return env;
  } catch {
  }
  return { ...env, OAUTH_PROVIDER: helpers };
}
__name(withHelpers, "withHelpers");
function withHeaders(res, extra) {
  const r = new Response(res.body, res);
  for (const [k, v] of extra) r.headers.set(k, v);
  return r;
}
__name(withHeaders, "withHeaders");

// js-shim/entry-workerd.js
setWasmModule(wasm);

// demo/mcp.js
var PROTOCOL_VERSION = "2025-06-18";
function result(id, value) {
  return Response.json({ jsonrpc: "2.0", id, result: value });
}
__name(result, "result");
function error(id, code, message) {
  return Response.json({ jsonrpc: "2.0", id: id ?? null, error: { code, message } });
}
__name(error, "error");
async function handleMcp(request, ctx) {
  if (request.method === "GET") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
  let msg;
  try {
    msg = await request.json();
  } catch {
    return error(null, -32700, "Parse error");
  }
  if (msg?.jsonrpc !== "2.0" || typeof msg.method !== "string") return error(msg?.id, -32600, "Invalid Request");
  if (msg.id === void 0) return new Response(null, { status: 202 });
  switch (msg.method) {
    case "initialize":
      return result(msg.id, {
        protocolVersion: msg.params?.protocolVersion ?? PROTOCOL_VERSION,
        capabilities: { tools: {} },
        serverInfo: { name: "oc-oauth-provider-demo", version: "0.1.0" }
      });
    case "ping":
      return result(msg.id, {});
    case "tools/list":
      return result(msg.id, {
        tools: [{ name: "whoami", description: "Who the access token was issued to", inputSchema: { type: "object", properties: {} } }]
      });
    case "tools/call":
      if (msg.params?.name !== "whoami") return error(msg.id, -32602, "Unknown tool");
      return result(msg.id, {
        content: [{ type: "text", text: JSON.stringify({ user: ctx.props, scope: ctx.auth?.scope ?? [], clientId: ctx.auth?.clientId }) }]
      });
    default:
      return error(msg.id, -32601, "Method not found");
  }
}
__name(handleMcp, "handleMcp");

// demo/html.js
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
__name(escapeHtml, "escapeHtml");
function page(status, title, body) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
button{font:inherit;padding:.4rem 1.2rem;margin-right:.5rem}pre{background:#f4f4f4;padding:.8rem;overflow:auto}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Frame-Options": "DENY" }
  });
}
__name(page, "page");

// demo/worker.js
var USER = { id: "demo-user", name: "Demo User" };
var apiHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/mcp") return handleMcp(request, ctx);
    return Response.json({ user: ctx.props, scope: ctx.auth?.scope ?? [], path: url.pathname });
  }
};
async function consent(request, env) {
  const url = new URL(request.url);
  let authRequest;
  try {
    authRequest = await env.OAUTH_PROVIDER.parseAuthRequest(request.method === "POST" ? new Request(url, { method: "GET" }) : request);
  } catch (e) {
    return page(400, "Invalid authorization request", `<p>${escapeHtml(e.description ?? e.message)}</p>`);
  }
  const client = await env.OAUTH_PROVIDER.lookupClient(authRequest.clientId);
  if (request.method === "POST") {
    const form = await request.formData();
    if (form.get("decision") !== "approve") {
      const deny = new URL(authRequest.redirectUri);
      deny.searchParams.set("error", "access_denied");
      if (authRequest.state) deny.searchParams.set("state", authRequest.state);
      return Response.redirect(deny.toString(), 302);
    }
    const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
      request: authRequest,
      userId: USER.id,
      metadata: { approvedAt: (/* @__PURE__ */ new Date()).toISOString() },
      scope: authRequest.scope,
      props: { userId: USER.id, name: USER.name }
    });
    return Response.redirect(redirectTo, 302);
  }
  const scopes = authRequest.scope.length ? authRequest.scope : ["(none)"];
  return page(200, "Authorize access", `
    <p><strong>${escapeHtml(client?.clientName ?? authRequest.clientId)}</strong> asks to act as
    <strong>${escapeHtml(USER.name)}</strong> with these scopes:</p>
    <ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join("")}</ul>
    <form method="post" action="${escapeHtml(url.pathname + url.search)}">
      <button name="decision" value="approve" id="approve">Approve</button>
      <button name="decision" value="deny" id="deny">Deny</button>
    </form>`);
}
__name(consent, "consent");
var b64url = /* @__PURE__ */ __name((bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), "b64url");
async function demoClient(env, origin) {
  const stored = await env.OAUTH_KV.get("demo:client");
  if (stored) return JSON.parse(stored);
  const c = await env.OAUTH_PROVIDER.createClient({
    redirectUris: [`${origin}/demo/callback`],
    clientName: "Demo client",
    tokenEndpointAuthMethod: "none"
  });
  await env.OAUTH_KV.put("demo:client", JSON.stringify({ clientId: c.clientId }));
  return c;
}
__name(demoClient, "demoClient");
async function demoStart(request, env) {
  const origin = new URL(request.url).origin;
  const client = await demoClient(env, origin);
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(12)));
  const auth = new URL("/authorize", origin);
  for (const [k, v] of Object.entries({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: `${origin}/demo/callback`,
    scope: "read",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256"
  })) auth.searchParams.set(k, v);
  return new Response(null, {
    status: 302,
    headers: { Location: auth.toString(), "Set-Cookie": `demo_pkce=${verifier}.${state}; Path=/demo; HttpOnly; SameSite=Lax` }
  });
}
__name(demoStart, "demoStart");
async function demoCallback(request, env, ctx) {
  const url = new URL(request.url);
  const [verifier, state] = (request.headers.get("Cookie")?.match(/demo_pkce=([^;]+)/)?.[1] ?? ".").split(".");
  if (url.searchParams.get("error")) return page(200, "Denied", `<p>The authorization was denied: <code>${escapeHtml(url.searchParams.get("error"))}</code></p><p><a href="/">Back</a></p>`);
  if (!verifier || url.searchParams.get("state") !== state) return page(400, "State mismatch", '<p>Start again from <a href="/">the home page</a>.</p>');
  const client = await demoClient(env, url.origin);
  const tokenRes = await provider.fetch(new Request(`${url.origin}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: url.searchParams.get("code") ?? "",
      redirect_uri: `${url.origin}/demo/callback`,
      client_id: client.clientId,
      code_verifier: verifier
    })
  }), env, ctx);
  const tokens = await tokenRes.json();
  if (!tokenRes.ok) return page(400, "Token exchange failed", `<pre>${escapeHtml(JSON.stringify(tokens, null, 2))}</pre>`);
  const bearer = { Authorization: `Bearer ${tokens.access_token}` };
  const api = await (await provider.fetch(new Request(`${url.origin}/api/whoami`, { headers: bearer }), env, ctx)).json();
  const mcp = await (await provider.fetch(new Request(`${url.origin}/mcp`, {
    method: "POST",
    headers: { ...bearer, "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "whoami", arguments: {} } })
  }), env, ctx)).json();
  const shown = { ...tokens, access_token: `${tokens.access_token.slice(0, 12)}\u2026`, refresh_token: tokens.refresh_token ? `${tokens.refresh_token.slice(0, 12)}\u2026` : void 0 };
  return page(200, "Signed in", `
    <h2>Token response</h2><pre id="tokens">${escapeHtml(JSON.stringify(shown, null, 2))}</pre>
    <h2>GET /api/whoami</h2><pre id="api">${escapeHtml(JSON.stringify(api, null, 2))}</pre>
    <h2>MCP tools/call whoami</h2><pre id="mcp">${escapeHtml(JSON.stringify(mcp, null, 2))}</pre>
    <p><a href="/">Home</a></p>`);
}
__name(demoCallback, "demoCallback");
var defaultHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/authorize") return consent(request, env);
    if (url.pathname === "/demo/start") return demoStart(request, env);
    if (url.pathname === "/demo/callback") return demoCallback(request, env, ctx);
    if (url.pathname === "/") {
      return page(200, "oc-oauth-provider demo", `
        <p>An OAuth 2.1 authorization server whose core is C compiled to WebAssembly.</p>
        <ul>
          <li><a href="/demo/start" id="start">Sign in with the demo client</a> (authorization code + PKCE, consent page, then the API and MCP)</li>
          <li>Protected API: <code>GET /api/whoami</code> with a Bearer token</li>
          <li>MCP endpoint (Streamable HTTP, JSON responses): <code>POST /mcp</code> with a Bearer token</li>
          <li>Metadata: <a href="/.well-known/oauth-authorization-server">authorization server</a>,
            <a href="/.well-known/oauth-protected-resource/mcp">protected resource</a></li>
        </ul>`);
    }
    return page(404, "Not found", '<p><a href="/">Home</a></p>');
  }
};
var provider = new OAuthProvider({
  apiRoute: ["/api/", "/mcp"],
  apiHandler,
  defaultHandler,
  authorizeEndpoint: "/authorize",
  tokenEndpoint: "/token",
  scopesSupported: ["read"],
  requiredScopes: ["read"],
  resourceMetadata: { resource: "http://127.0.0.1:8787/mcp" }
});
var worker_default = provider;

// node_modules/wrangler/templates/middleware/middleware-ensure-req-body-drained.ts
var drainBody = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } finally {
    try {
      if (request.body !== null && !request.bodyUsed) {
        const reader = request.body.getReader();
        while (!(await reader.read()).done) {
        }
      }
    } catch (e) {
      console.error("Failed to drain the unused request body.", e);
    }
  }
}, "drainBody");
var middleware_ensure_req_body_drained_default = drainBody;

// node_modules/wrangler/templates/middleware/middleware-miniflare3-json-error.ts
function reduceError(e) {
  return {
    name: e?.name,
    message: e?.message ?? String(e),
    stack: e?.stack,
    cause: e?.cause === void 0 ? void 0 : reduceError(e.cause)
  };
}
__name(reduceError, "reduceError");
var jsonError = /* @__PURE__ */ __name(async (request, env, _ctx, middlewareCtx) => {
  try {
    return await middlewareCtx.next(request, env);
  } catch (e) {
    const error2 = reduceError(e);
    const body = JSON.stringify(error2);
    const headers = {
      "Content-Type": "application/json",
      "MF-Experimental-Error-Stack": "true"
    };
    const encoded = encodeURIComponent(body);
    if (encoded.length <= 8192) {
      headers["MF-Experimental-Error-Stack-Payload"] = encoded;
    }
    return new Response(body, { status: 500, headers });
  }
}, "jsonError");
var middleware_miniflare3_json_error_default = jsonError;

// .wrangler/tmp/bundle-AOUwd3/middleware-insertion-facade.js
var __INTERNAL_WRANGLER_MIDDLEWARE__ = [
  middleware_ensure_req_body_drained_default,
  middleware_miniflare3_json_error_default
];
var middleware_insertion_facade_default = worker_default;

// node_modules/wrangler/templates/middleware/common.ts
var __facade_middleware__ = [];
function __facade_register__(...args) {
  __facade_middleware__.push(...args.flat());
}
__name(__facade_register__, "__facade_register__");
function __facade_invokeChain__(request, env, ctx, dispatch, middlewareChain) {
  const [head, ...tail] = middlewareChain;
  const middlewareCtx = {
    dispatch,
    next(newRequest, newEnv) {
      return __facade_invokeChain__(newRequest, newEnv, ctx, dispatch, tail);
    }
  };
  return head(request, env, ctx, middlewareCtx);
}
__name(__facade_invokeChain__, "__facade_invokeChain__");
function __facade_invoke__(request, env, ctx, dispatch, finalMiddleware) {
  return __facade_invokeChain__(request, env, ctx, dispatch, [
    ...__facade_middleware__,
    finalMiddleware
  ]);
}
__name(__facade_invoke__, "__facade_invoke__");

// .wrangler/tmp/bundle-AOUwd3/middleware-loader.entry.ts
var __Facade_ScheduledController__ = class ___Facade_ScheduledController__ {
  constructor(scheduledTime, cron, noRetry) {
    this.scheduledTime = scheduledTime;
    this.cron = cron;
    this.#noRetry = noRetry;
  }
  scheduledTime;
  cron;
  static {
    __name(this, "__Facade_ScheduledController__");
  }
  #noRetry;
  noRetry() {
    if (!(this instanceof ___Facade_ScheduledController__)) {
      throw new TypeError("Illegal invocation");
    }
    this.#noRetry();
  }
};
function wrapExportedHandler(worker) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return worker;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  const fetchDispatcher = /* @__PURE__ */ __name(function(request, env, ctx) {
    if (worker.fetch === void 0) {
      throw new Error("Handler does not export a fetch() function.");
    }
    return worker.fetch(request, env, ctx);
  }, "fetchDispatcher");
  return {
    ...worker,
    fetch(request, env, ctx) {
      const dispatcher = /* @__PURE__ */ __name(function(type, init) {
        if (type === "scheduled" && worker.scheduled !== void 0) {
          const controller = new __Facade_ScheduledController__(
            Date.now(),
            init.cron ?? "",
            () => {
            }
          );
          return worker.scheduled(controller, env, ctx);
        }
      }, "dispatcher");
      return __facade_invoke__(request, env, ctx, dispatcher, fetchDispatcher);
    }
  };
}
__name(wrapExportedHandler, "wrapExportedHandler");
function wrapWorkerEntrypoint(klass) {
  if (__INTERNAL_WRANGLER_MIDDLEWARE__ === void 0 || __INTERNAL_WRANGLER_MIDDLEWARE__.length === 0) {
    return klass;
  }
  for (const middleware of __INTERNAL_WRANGLER_MIDDLEWARE__) {
    __facade_register__(middleware);
  }
  return class extends klass {
    #fetchDispatcher = /* @__PURE__ */ __name((request, env, ctx) => {
      this.env = env;
      this.ctx = ctx;
      if (super.fetch === void 0) {
        throw new Error("Entrypoint class does not define a fetch() function.");
      }
      return super.fetch(request);
    }, "#fetchDispatcher");
    #dispatcher = /* @__PURE__ */ __name((type, init) => {
      if (type === "scheduled" && super.scheduled !== void 0) {
        const controller = new __Facade_ScheduledController__(
          Date.now(),
          init.cron ?? "",
          () => {
          }
        );
        return super.scheduled(controller);
      }
    }, "#dispatcher");
    fetch(request) {
      return __facade_invoke__(
        request,
        this.env,
        this.ctx,
        this.#dispatcher,
        this.#fetchDispatcher
      );
    }
  };
}
__name(wrapWorkerEntrypoint, "wrapWorkerEntrypoint");
var WRAPPED_ENTRY;
if (typeof middleware_insertion_facade_default === "object") {
  WRAPPED_ENTRY = wrapExportedHandler(middleware_insertion_facade_default);
} else if (typeof middleware_insertion_facade_default === "function") {
  WRAPPED_ENTRY = wrapWorkerEntrypoint(middleware_insertion_facade_default);
}
var middleware_loader_entry_default = WRAPPED_ENTRY;
export {
  __INTERNAL_WRANGLER_MIDDLEWARE__,
  middleware_loader_entry_default as default
};
//# sourceMappingURL=worker.js.map
