// Reusable compat harness: bundles tests/compat/harness/worker-template.js around a provider
// module (reference or ours), runs it in workerd via Miniflare, and drives it over HTTP.
//
//   import { startWorker, CONFIGS } from './harness/index.mjs';
//   const w = await startWorker({ providerImport: '@cloudflare/workers-oauth-provider', options: CONFIGS.v1 });
//   const r = await w.fetch('/token', { method: 'POST', body: '...' });
//   await w.dispose();
import { build } from 'esbuild';
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

export async function bundleWorker({ providerImport = '@cloudflare/workers-oauth-provider', options = {}, extraCode = '{}' }) {
  const cacheKey = JSON.stringify([providerImport, options, extraCode]);
  if (bundleCache.has(cacheKey)) return bundleCache.get(cacheKey);
  const optionsModule = `export const OPTIONS = ${JSON.stringify(options)};\nexport const EXTRA = ${extraCode};\n`;
  const providerPath = providerImport.startsWith('.') ? path.resolve(ROOT, providerImport) : providerImport;
  const result = await build({
    entryPoints: [path.join(here, 'worker-template.js')],
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
  return script;
}

/**
 * Start a Worker wrapping the provider module `providerImport` (package name, absolute path, or
 * path relative to the repo root) configured with `options` (JSON-serialisable OAuthProvider
 * options without handlers) and `extraCode` (a JS object-literal expression merged into the
 * options, for callbacks).
 */
export async function startWorker({ providerImport, options = CONFIGS.v1, extraCode, compatibilityDate = '2025-01-01', compatibilityFlags = ['nodejs_compat'] } = {}) {
  const script = await bundleWorker({ providerImport, options, extraCode });
  const mf = new Miniflare({
    modules: true,
    script,
    kvNamespaces: ['OAUTH_KV'],
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
