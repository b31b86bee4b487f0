// Benchmark Worker for bench/compare.mjs: mounts BOTH providers in one isolate, selected by the
// `impl` query parameter of the /__bench and /__setup routes, over one in-isolate Map-backed KV
// (no storage I/O). Both get the same options and the same KV object.
// Bundled by bench/compare.mjs with esbuild: "__OURS__" / "__THEIRS__" resolve to the providers
// (or to bench/empty-provider.js for the cold-start variants) and "__BENCH__" to a generated
// module with constants (PKCE pair, seed KV records, the provider options: the tests'
// CONFIGS.v1 from tests/compat/harness).
import * as OursMod from '__OURS__';
import * as TheirsMod from '__THEIRS__';
import { PKCE, SEED, REDIRECT_URI, propsCache, OPTIONS } from '__BENCH__';

const ORIGIN = 'https://example.com';

// ---------- in-isolate KV (the subset of the Workers KV API both libraries use) ----------
class MemKV {
  constructor() { this.m = new Map(); }
  #live(key) {
    const e = this.m.get(key);
    if (!e) return undefined;
    if (e.exp && e.exp * 1000 <= Date.now()) { this.m.delete(key); return undefined; }
    return e;
  }
  async get(key, opt) {
    const type = typeof opt === 'string' ? opt : opt?.type;
    const e = this.#live(key);
    if (!e) return null;
    if (type === 'json') return JSON.parse(e.v);
    if (type === 'arrayBuffer') return new TextEncoder().encode(e.v).buffer;
    return e.v;
  }
  async getWithMetadata(key, opt) {
    const e = this.#live(key);
    return { value: e ? await this.get(key, opt) : null, metadata: e ? e.md : null };
  }
  async put(key, value, opts = {}) {
    const exp = opts.expiration ?? (opts.expirationTtl ? Math.floor(Date.now() / 1000) + opts.expirationTtl : 0);
    this.m.set(key, { v: String(value), exp, md: opts.metadata ?? null });
  }
  async delete(key) { this.m.delete(key); }
  async list({ prefix = '', cursor, limit = 1000 } = {}) {
    const names = [...this.m.keys()].filter((k) => k.startsWith(prefix) && this.#live(k)).sort();
    const start = cursor ? +cursor : 0;
    const page = names.slice(start, start + limit);
    const keys = page.map((name) => {
      const e = this.m.get(name);
      const k = { name };
      if (e.exp) k.expiration = e.exp;
      if (e.md != null) k.metadata = e.md;
      return k;
    });
    const done = start + limit >= names.length;
    return done ? { keys, list_complete: true, cacheStatus: null } : { keys, list_complete: false, cursor: String(start + limit), cacheStatus: null };
  }
}
const kv = new MemKV();
for (const [k, v, exp] of SEED) kv.m.set(k, { v, exp, md: null });

// ---------- handlers (identical for both) ----------
const apiHandler = { fetch: () => new Response('ok') };
const state = { ours: { codes: [], refresh: [] }, theirs: { codes: [], refresh: [] } };
const qs = (o) => new URLSearchParams(o).toString();

const defaultHandler = {
  async fetch(request, env) {
    const url = new URL(request.url);
    const oauth = env.OAUTH_PROVIDER;
    if (url.pathname === '/authorize') {
      const authRequest = await oauth.parseAuthRequest(request);
      const { redirectTo } = await oauth.completeAuthorization({
        request: authRequest, userId: url.searchParams.get('state'), metadata: { label: 'bench' },
        scope: authRequest.scope, props: { name: 'alice', n: 1 },
      });
      return new Response(null, { status: 302, headers: { location: redirectTo } });
    }
    if (url.pathname === '/__setup/client') {
      if (!oauth) throw new Error('env.OAUTH_PROVIDER is not set by this provider');
      const c = await oauth.createClient({ redirectUris: [REDIRECT_URI], clientName: 'bench', tokenEndpointAuthMethod: 'client_secret_basic' });
      return Response.json({ clientId: c.clientId, clientSecret: c.clientSecret });
    }
    return new Response('default', { status: 404 });
  },
};

const impls = {};
const envs = { ours: { OAUTH_KV: kv }, theirs: { OAUTH_KV: kv } };
function mount(name, mod) {
  const C = mod.OAuthProvider ?? mod.default;
  if (C) impls[name] = new C({ ...OPTIONS, apiHandler, defaultHandler });
}
mount('ours', OursMod);
mount('theirs', TheirsMod);

function mkctx(pending) {
  return { waitUntil: (p) => pending.push(p), passThroughOnException() {}, props: undefined };
}
async function call(impl, req, pending) {
  return impls[impl].fetch(req, envs[impl], mkctx(pending));
}
const basic = (id, secret) => 'Basic ' + btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`);
const FORM = 'application/x-www-form-urlencoded';

// One operation of each kind; throws on an unexpected status.
async function apiCheck(impl, token, pending) {
  const res = await call(impl, new Request(ORIGIN + '/api/x', { headers: { Authorization: 'Bearer ' + token } }), pending);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`api check: ${res.status} ${new TextDecoder().decode(body)}`);
}
async function tokenCall(impl, client, params, pending) {
  const res = await call(impl, new Request(ORIGIN + '/token', {
    method: 'POST', body: qs(params), headers: { 'Content-Type': FORM, Authorization: basic(client.clientId, client.clientSecret) },
  }), pending);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`token ${params.grant_type}: ${res.status} ${text}`);
  return text;
}

// Dynamic client registration (RFC 7591): a confidential web client, as an MCP client registers.
const REGISTRATION = JSON.stringify({
  redirect_uris: [REDIRECT_URI], client_name: 'bench', token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
});
async function register(impl, pending) {
  const res = await call(impl, new Request(ORIGIN + '/register', {
    method: 'POST', body: REGISTRATION, headers: { 'Content-Type': 'application/json' },
  }), pending);
  const text = await res.text();
  if (res.status !== 201) throw new Error(`register: ${res.status} ${text}`);
}

async function setup(impl, helperImpl, what, n, pending) {
  const st = state[impl];
  // helperImpl's helpers create the client and grants (KV records are format-compatible).
  let r = await call(helperImpl, new Request(ORIGIN + '/__setup/client'), pending);
  if (r.status !== 200) throw new Error(`createClient via ${helperImpl}: ${r.status} ${await r.text()}`);
  const client = await r.json();
  st.client = client;
  const codes = [];
  for (let i = 0; i < n; i++) {
    const q = qs({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'read write',
      state: `u${i}`, code_challenge: PKCE.challenge, code_challenge_method: 'S256' });
    r = await call(helperImpl, new Request(ORIGIN + '/authorize?' + q), pending);
    const loc = r.headers.get('location');
    if (r.status !== 302 || !loc) throw new Error(`authorize via ${helperImpl}: ${r.status} ${await r.text()}`);
    codes.push(new URL(loc).searchParams.get('code'));
  }
  if (what === 'code') { st.codes = codes; return; }
  st.refresh = [];
  for (const code of codes) {
    const t = JSON.parse(await tokenCall(helperImpl, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: PKCE.verifier }, pending));
    st.refresh.push(t.refresh_token);
  }
}

async function bench(impl, op, n, off, pending) {
  const st = state[impl];
  if (op === 'none') {
    // Control: build the same Request and read a tiny Response, no provider.
    for (let i = 0; i < n; i++) {
      const req = new Request(ORIGIN + '/api/x', { headers: { Authorization: 'Bearer ' + SEED[(off + i) % SEED.length][3] } });
      const res = new Response('ok');
      await res.arrayBuffer();
      if (!req.headers.get('authorization')) throw new Error('x');
    }
  } else if (op === 'api') {
    const tokens = SEED.filter((s) => s[3]);
    for (let i = 0; i < n; i++) await apiCheck(impl, tokens[(off + i) % tokens.length][3], pending);
  } else if (op === 'code') {
    if (st.codes.length < n) throw new Error('not enough codes prepared');
    for (let i = 0; i < n; i++) {
      await tokenCall(impl, st.client, { grant_type: 'authorization_code', code: st.codes[i], redirect_uri: REDIRECT_URI, code_verifier: PKCE.verifier }, pending);
    }
    st.codes = st.codes.slice(n);
  } else if (op === 'refresh') {
    if (st.refresh.length < n) throw new Error('not enough refresh tokens prepared');
    for (let i = 0; i < n; i++) await tokenCall(impl, st.client, { grant_type: 'refresh_token', refresh_token: st.refresh[i] }, pending);
    st.refresh = st.refresh.slice(n);
  } else if (op === 'register') {
    for (let i = 0; i < n; i++) await register(impl, pending);
  } else throw new Error('unknown op ' + op);
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const p = url.searchParams;
    const pending = [];
    try {
      if (url.pathname === '/__bench') {
        if (p.get('op') !== 'none' && !impls[p.get('impl')]) throw new Error('no provider ' + p.get('impl'));
        // cache=0: our core's per-token props cache off for this batch (ignored by the reference).
        const nocache = p.get('cache') === '0' && p.get('impl') === 'ours';
        if (nocache) propsCache(false);
        try {
          await bench(p.get('impl'), p.get('op'), +p.get('n'), +(p.get('off') ?? 0), pending);
        } finally {
          if (nocache) propsCache(true);
        }
      } else if (url.pathname === '/__setup') {
        await setup(p.get('impl'), p.get('helper') ?? p.get('impl'), p.get('op'), +p.get('n'), pending);
      } else if (url.pathname === '/__reset') {
        // Drop everything but the seeded access tokens (bounds the heap between samples).
        const keep = new Set(SEED.map((s) => s[0]));
        for (const k of [...kv.m.keys()]) if (!keep.has(k)) kv.m.delete(k);
      } else if (url.pathname === '/__first') {
        // Cold start: the first request an isolate serves, an API token check.
        const impl = impls.ours ? 'ours' : impls.theirs ? 'theirs' : null;
        if (impl) await apiCheck(impl, SEED[0][3], pending);
        else await bench(null, 'none', 1, 0, pending);
      } else {
        return new Response('not found', { status: 404 });
      }
      await Promise.all(pending);
      return new Response('done');
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
