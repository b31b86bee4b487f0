// Reusable compat harness: bundles tests/compat/harness/worker-template.js around a provider
// module (reference or ours), runs it in workerd via Miniflare, and drives it over HTTP.
//
//   import { startWorker, CONFIGS } from './harness/index.mjs';
//   const w = await startWorker({ providerImport: '@cloudflare/workers-oauth-provider', options: CONFIGS.v1 });
//   const r = await w.fetch('/token', { method: 'POST', body: '...' });
//   await w.dispose();
import { build } from 'esbuild';
import fs from 'node:fs';
import { Miniflare } from 'miniflare';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');
export const ORIGIN = 'https://example.com';
export const REDIRECT_URI = 'https://client.example.org/cb';

// Provider configurations. Endpoints are paths on ORIGIN.
export const CONFIGS = {
  // 1.x generation: resourceMetadata set.
  v1: {
    apiRoute: '/api/',
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register',
    scopesSupported: ['read', 'write', 'offline_access'],
    resourceMetadata: { resource: `${ORIGIN}/api` },
    requiredScopes: ['read'],
  },
  // 0.10.x generation: no resourceMetadata.
  legacy: {
    apiRoute: '/api/',
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register',
    scopesSupported: ['read', 'write', 'offline_access'],
  },
};

const bundleCache = new Map();
// The .wasm modules a bundled script imports (kept external: workerd needs them as CompiledWasm).
const bundleWasm = new Map();

export async function bundleWorker({ providerImport = '@cloudflare/workers-oauth-provider', options = {}, extraCode = '{}', entry = 'worker-template.js' }) {
  const cacheKey = JSON.stringify([providerImport, options, extraCode, entry]);
  if (bundleCache.has(cacheKey)) return bundleCache.get(cacheKey);
  const optionsModule = `export const OPTIONS = ${JSON.stringify(options)};\nexport const EXTRA = ${extraCode};\n`;
  const providerPath = providerImport.startsWith('.') ? path.resolve(ROOT, providerImport) : providerImport;
  const wasm = new Map();
  const result = await build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*', 'node:*'],
    target: 'es2022',
    logLevel: 'silent',
    absWorkingDir: ROOT,
    nodePaths: [path.join(ROOT, 'node_modules')],
    plugins: [
      {
        name: 'harness-virtual',
        setup(b) {
          b.onResolve({ filter: /^__OPTIONS__$/ }, () => ({ path: '__OPTIONS__', namespace: 'harness' }));
          b.onLoad({ filter: /.*/, namespace: 'harness' }, () => ({ contents: optionsModule, loader: 'js', resolveDir: ROOT }));
          b.onResolve({ filter: /\.wasm$/ }, (args) => {
            const abs = path.resolve(args.resolveDir, args.path);
            wasm.set(path.basename(abs), abs);
            return { path: './' + path.basename(abs), external: true };
          });
          b.onResolve({ filter: /^__PROVIDER__$/ }, async () => {
            if (path.isAbsolute(providerPath)) return { path: providerPath };
            const r = await b.resolve(providerPath, { resolveDir: ROOT, kind: 'import-statement' });
            return { path: r.path, errors: r.errors };
          });
        },
      },
    ],
  });
  const script = result.outputFiles[0].text;
  bundleCache.set(cacheKey, script);
  bundleWasm.set(script, [...wasm]);
  return script;
}

/** The modules a bundled script runs as in Miniflare: the script, and the .wasm it imports. */
export function workerModules(script) {
  const wasm = bundleWasm.get(script) ?? [];
  if (!wasm.length) return { modules: true, script };
  return {
    modulesRoot: '/',
    modules: [
      { type: 'ESModule', path: '/worker.js', contents: script },
      ...wasm.map(([name, file]) => ({ type: 'CompiledWasm', path: '/' + name, contents: fs.readFileSync(file) })),
    ],
  };
}

/**
 * Start a Worker wrapping the provider module `providerImport` (package name, absolute path, or
 * path relative to the repo root) configured with `options` (JSON-serialisable OAuthProvider
 * options without handlers) and `extraCode` (a JS object-literal expression merged into the
 * options, for callbacks). entry 'dual-worker.js' mounts the provider and the reference side by
 * side on one KV namespace (header x-impl: theirs selects the reference). outboundService:
 * a function(Request) -> Response answering the Worker's own fetch() calls (Miniflare's option of
 * that name) in place of the network. handleRuntimeStdio: a function(stdout, stderr) given the
 * runtime's output streams (Miniflare's option of that name: the Worker's console), when given.
 */
export async function startWorker({ providerImport, options = CONFIGS.v1, extraCode, entry, compatibilityDate = '2025-01-01', compatibilityFlags = ['nodejs_compat'], outboundService, handleRuntimeStdio } = {}) {
  const script = await bundleWorker({ providerImport, options, extraCode, entry });
  const wasm = bundleWasm.get(script) ?? [];
  const mf = new Miniflare({
    ...(wasm.length
      ? {
          modulesRoot: '/',
          modules: [
            { type: 'ESModule', path: '/worker.js', contents: script },
            ...wasm.map(([name, file]) => ({ type: 'CompiledWasm', path: '/' + name, contents: fs.readFileSync(file) })),
          ],
        }
      : { modules: true, script }),
    kvNamespaces: ['OAUTH_KV'],
    ...(outboundService ? { outboundService } : {}),
    ...(handleRuntimeStdio ? { handleRuntimeStdio } : {}),
    compatibilityDate,
    compatibilityFlags,
  });
  await mf.ready;
  const w = {
    mf,
    script,
    async fetch(pathOrUrl, init = {}) {
      const url = pathOrUrl.startsWith('http') ? pathOrUrl : ORIGIN + pathOrUrl;
      return mf.dispatchFetch(url, { redirect: 'manual', ...init });
    },
    async test(op, body) {
      const r = await w.fetch('/__test/' + op, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const t = await r.text();
      let j; try { j = JSON.parse(t); } catch { j = t; }
      if (r.status !== 200) throw Object.assign(new Error(`test op ${op} failed: ${r.status} ${t}`), { status: r.status, body: j });
      return j;
    },
    dumpKV: () => w.test('kv'),
    clearKV: () => w.test('kv-clear', {}),
    dispose: () => mf.dispose(),
  };
  return w;
}

// ---------- Flow helpers (shared by observe scripts and table-driven tests) ----------

export function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}
export function pkcePair(verifier = b64url(crypto.randomBytes(32))) {
  return { verifier, challenge: b64url(crypto.createHash('sha256').update(verifier).digest()) };
}
export function basicAuth(id, secret) {
  return 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
}

// Headers added by Miniflare's dispatchFetch transport (or by the harness Worker), not by the provider.
export const HARNESS_HEADERS = new Set(['mf-content-encoding', 'transfer-encoding']);

/** Capture a Response fully: status, all headers, body (JSON parsed when possible). */
export async function capture(res) {
  const headers = {};
  for (const [k, v] of res.headers) if (!HARNESS_HEADERS.has(k)) headers[k] = v;
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let body = text;
  let bodyJson;
  try { bodyJson = JSON.parse(text); } catch {}
  return { status: res.status, headers, body: bodyJson !== undefined ? bodyJson : text, bodyIsJson: bodyJson !== undefined };
}

export async function createClient(w, { confidential = true, redirectUris = [REDIRECT_URI], extra = {} } = {}) {
  const info = {
    redirectUris,
    clientName: confidential ? 'Confidential Test Client' : 'Public Test Client',
    tokenEndpointAuthMethod: confidential ? 'client_secret_basic' : 'none',
    ...extra,
  };
  return w.test('createClient', info);
}

/** Run /authorize with auto-approve; returns {code, location, response}. */
export async function authorize(w, { clientId, redirectUri = REDIRECT_URI, scope = 'read write', state = 'xyz', challenge, method = 'S256', user, resource, extraParams = {} }) {
  const p = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, state });
  if (scope != null) p.set('scope', scope);
  if (challenge) { p.set('code_challenge', challenge); p.set('code_challenge_method', method); }
  if (resource) p.set('resource', resource);
  for (const [k, v] of Object.entries(extraParams)) p.set(k, v);
  const headers = {};
  if (user) headers['x-test-user'] = user;
  const res = await w.fetch('/authorize?' + p.toString(), { headers });
  const cap = await capture(res);
  const location = cap.headers.location;
  let code;
  if (location) code = new URL(location).searchParams.get('code');
  return { code, location, response: cap };
}

export function form(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v != null) p.append(k, v);
  return p.toString();
}

export async function tokenRequest(w, params, { basic, headers = {} } = {}) {
  const h = { 'content-type': 'application/x-www-form-urlencoded', ...headers };
  if (basic) h.authorization = basicAuth(basic[0], basic[1]);
  return capture(await w.fetch('/token', { method: 'POST', headers: h, body: form(params) }));
}

// ---------- Recorder: request + response + KV diff per step ----------

export function kvDiff(before, after) {
  const b = new Map(before.map((r) => [r.key, r]));
  const a = new Map(after.map((r) => [r.key, r]));
  const added = [], changed = [], removed = [];
  for (const [k, r] of a) {
    if (!b.has(k)) added.push(r);
    else if (JSON.stringify(b.get(k)) !== JSON.stringify(r)) changed.push({ key: k, before: b.get(k), after: r });
  }
  for (const [k, r] of b) if (!a.has(k)) removed.push(r);
  return { added, changed, removed };
}

export function describeRequest(path, init = {}) {
  const headers = {};
  for (const [k, v] of Object.entries(init.headers || {})) headers[k.toLowerCase()] = v;
  const req = { method: init.method || 'GET', path, headers };
  if (init.body != null) {
    const buf = Buffer.isBuffer(init.body) || init.body instanceof Uint8Array ? Buffer.from(init.body) : Buffer.from(String(init.body), 'utf8');
    const text = buf.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(buf)) req.body = text;
    else req.bodyBase64 = buf.toString('base64');
  }
  return req;
}

export class Recorder {
  constructor(w) { this.w = w; this.steps = []; }
  async step(name, path, init = {}, note) {
    const before = await this.w.dumpKV();
    const res = await capture(await this.w.fetch(path, init));
    const after = await this.w.dumpKV();
    const step = { name, request: describeRequest(path, init), response: res, kv: kvDiff(before, after) };
    if (note) step.note = note;
    this.steps.push(step);
    return step;
  }
  async helper(name, op, body) {
    const before = await this.w.dumpKV();
    let result, error;
    try { result = await this.w.test(op, body); } catch (e) { error = e.body ?? e.message; }
    const after = await this.w.dumpKV();
    const step = { name, helper: { op, args: body }, result, error, kv: kvDiff(before, after) };
    this.steps.push(step);
    return step;
  }
}

// ---------- Fixture for table-driven cases ----------
// Fresh state: KV cleared, then
//   client C  (confidential, client_secret_basic)   {{client_id}} {{client_secret}} {{basic_auth}}
//   client C2 (confidential, client_secret_post)    {{c2_client_id}} {{c2_client_secret}} {{basic_auth_c2}}
//   client P  (public, none)                        {{public_client_id}}
//   grant A: user1 + C, code exchanged              {{access_token}} {{refresh_token}} {{grant_id}}
//   grant B: user2 + C, code pending (PKCE S256)    {{code}} {{code_verifier}} {{code_challenge}} {{code_grant_id}}
//   grant D: user3 + P, code pending (PKCE S256)    {{public_code}} {{public_code_verifier}}
//   grant E: user4 + C2, code exchanged             {{other_access_token}} {{other_refresh_token}} {{other_grant_id}}
// plus {{redirect_uri}}, {{origin}}, {{resource}} and derived tampered values (see below).
export async function setupFixture(w) {
  await w.clearKV();
  const v = { redirect_uri: REDIRECT_URI, origin: ORIGIN };
  const C = await createClient(w, { confidential: true });
  const C2 = await w.test('createClient', { redirectUris: [REDIRECT_URI], clientName: 'C2', tokenEndpointAuthMethod: 'client_secret_post' });
  const P = await createClient(w, { confidential: false });
  Object.assign(v, {
    client_id: C.clientId, client_secret: C.clientSecret, basic_auth: basicAuth(C.clientId, C.clientSecret),
    c2_client_id: C2.clientId, c2_client_secret: C2.clientSecret, basic_auth_c2: basicAuth(C2.clientId, C2.clientSecret),
    public_client_id: P.clientId,
  });
  const exchange = async (client, secret, code, verifier, basic) => {
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
    if (!basic) { params.client_id = client; if (secret) params.client_secret = secret; }
    const r = await tokenRequest(w, params, basic ? { basic: [client, secret] } : {});
    if (r.status !== 200) throw new Error('fixture exchange failed: ' + JSON.stringify(r.body));
    return r.body;
  };
  // grant A
  let pk = pkcePair();
  let a = await authorize(w, { clientId: C.clientId, challenge: pk.challenge, user: 'user1' });
  const tA = await exchange(C.clientId, C.clientSecret, a.code, pk.verifier, true);
  v.access_token = tA.access_token; v.refresh_token = tA.refresh_token; v.grant_id = tA.access_token.split(':')[1];
  v.resource = tA.resource;
  // grant E
  pk = pkcePair();
  a = await authorize(w, { clientId: C2.clientId, challenge: pk.challenge, user: 'user4' });
  const tE = await exchange(C2.clientId, C2.clientSecret, a.code, pk.verifier, false);
  v.other_access_token = tE.access_token; v.other_refresh_token = tE.refresh_token; v.other_grant_id = tE.access_token.split(':')[1];
  // grant B (pending)
  pk = pkcePair();
  a = await authorize(w, { clientId: C.clientId, challenge: pk.challenge, user: 'user2' });
  v.code = a.code; v.code_verifier = pk.verifier; v.code_challenge = pk.challenge; v.code_grant_id = a.code.split(':')[1];
  // grant D (pending, public)
  pk = pkcePair();
  a = await authorize(w, { clientId: P.clientId, challenge: pk.challenge, user: 'user3' });
  v.public_code = a.code; v.public_code_verifier = pk.verifier;
  // derived / tampered values
  v.code_truncated = v.code.slice(0, -1);
  v.access_token_truncated = v.access_token.slice(0, -1);
  v.refresh_token_truncated = v.refresh_token.slice(0, -1);
  const [, gA, sA] = v.access_token.split(':');
  v.access_token_other_user = `user2:${gA}:${sA}`; // userId part swapped
  v.access_token_other_grant = `user1:${v.code_grant_id}:${sA}`; // grant id part swapped
  v.access_token_no_user = `${gA}:${sA}`;
  v.access_token_flipped = v.access_token.slice(0, -1) + (v.access_token.endsWith('A') ? 'B' : 'A');
  v.refresh_token_flipped = v.refresh_token.slice(0, -1) + (v.refresh_token.endsWith('A') ? 'B' : 'A');
  v.code_verifier_wrong = pkcePair().verifier;
  v.code_challenge_plain = 'a'.repeat(43);
  return v;
}

/** Replace {{name}} placeholders in strings (deeply) from vars. Unknown names are left as is. */
// Also {{b64:a:b}}: standard base64 of "<a>:<b>", where a and b are variable names or, if no
// such variable exists, literals (possibly empty; letters, digits and _ % . + -) — for hand-made
// Basic credentials; {{b64nopad:a:b}} is the same without its '=' padding. {{jwt:a}}: an unsigned
// compact JWT whose claims are {"iss": a} (a variable name or a literal), for client_assertion.
export function fill(x, vars) {
  if (typeof x === 'string') {
    return x
      .replace(/\{\{jwt:([A-Za-z0-9_]+)\}\}/g, (m, a) => [{ alg: 'RS256', typ: 'JWT' }, { iss: vars[a] ?? a }]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl')
      .replace(/\{\{b64(nopad)?:([A-Za-z0-9_%.+-]*):([A-Za-z0-9_%.+-]*)\}\}/g, (m, nopad, a, b) => {
        const enc = Buffer.from(`${vars[a] ?? a}:${vars[b] ?? b}`).toString('base64');
        return nopad ? enc.replace(/=+$/, '') : enc;
      })
      .replace(/\{\{([a-z0-9_]+)\}\}/g, (m, k) => (k in vars ? vars[k] : m));
  }
  if (Array.isArray(x)) return x.map((e) => fill(e, vars));
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, fill(e, vars)]));
  return x;
}

/**
 * An answer (capture()'s) as a client sees it: status, headers, body; an uncaught failure (the
 * runtime's 500, no JSON body) by its status alone.
 */
export function seenByClient(r) {
  if (r.status === 500 && !r.bodyIsJson) return { status: 500, uncaught: true };
  return { status: r.status, headers: r.headers, body: r.body };
}

/**
 * normalize, then 64-hex digests as {{hash}} and timestamps (seconds) as their distance from t0
 * floored to 30 s (lifetimes in the scenarios are multiples of 30 and a scenario lasts less);
 * an expires_in rounded up to 30 s (a lifetime capped at a grant's end is a second nearer once
 * the clock ticked).
 */
export function normalizeTimed(x, vars, t0) {
  const times = (y, k) => {
    if (typeof y === 'number' && y > 1e9 && y < 1e10) return `t0+${Math.floor((y - t0) / 30) * 30}`;
    if (k === 'expires_in' && typeof y === 'number') return Math.ceil(y / 30) * 30;
    if (Array.isArray(y)) return y.map((e) => times(e));
    if (y && typeof y === 'object') return Object.fromEntries(Object.entries(y).map(([kk, e]) => [kk, times(e, kk)]));
    return y;
  };
  return times(JSON.parse(JSON.stringify(normalize(x, vars)).replace(/\b[0-9a-f]{64}\b/g, '{{hash}}')));
}

/** Inverse of fill for recorded outputs: replace fixture values (and their URL-encoded forms) by placeholders. */
export function normalize(x, vars) {
  const pairs = [];
  for (const [k, val] of Object.entries(vars)) {
    if (typeof val !== 'string' || val.length < 6) continue;
    pairs.push([val, `{{${k}}}`]);
    const enc = encodeURIComponent(val);
    if (enc !== val) pairs.push([enc, `{{${k}}}`]);
  }
  pairs.sort((a, b) => b[0].length - a[0].length);
  const norm = (s) => { for (const [from, to] of pairs) s = s.split(from).join(to); return s; };
  const walk = (y) => {
    if (typeof y === 'string') return norm(y);
    if (Array.isArray(y)) return y.map(walk);
    if (y && typeof y === 'object') return Object.fromEntries(Object.entries(y).map(([k, e]) => [norm(k), walk(e)]));
    return y;
  };
  return walk(x);
}

/** Build fetch init from a replayable request spec: {method, path, headers, form|body|bodyBase64|bodyPad}. */
export function buildRequest(spec, vars) {
  const s = fill(spec, vars);
  const init = { method: s.method || 'GET', headers: { ...(s.headers || {}) } };
  if (s.form) {
    init.body = s.form.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`).join('&');
  } else if (s.body != null) init.body = s.body;
  else if (s.bodyBase64 != null) init.body = Buffer.from(s.bodyBase64, 'base64');
  else if (s.rawParts) {
    // strings (UTF-8, placeholders filled) and {hex} raw bytes, concatenated: for invalid UTF-8
    init.body = Buffer.concat(s.rawParts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p.hex, 'hex'))));
  }
  if (s.bodyPad) {
    // {param, bytes}: append &param=aaaa… so the body is at least `bytes` long
    const base = init.body ? String(init.body) + '&' : '';
    init.body = base + s.bodyPad.param + '=' + 'a'.repeat(s.bodyPad.bytes);
  }
  return { path: s.path, init };
}
