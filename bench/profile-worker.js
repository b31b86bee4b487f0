// Profiling Worker for bench/profile.mjs: pieces of our API token check, each looped n times
// inside one request (CPU measured from outside, like bench/compare.mjs).
import { OAuthProvider } from '../js-shim/entry-workerd.js';
import { OAuthProvider as Theirs } from '__THEIRS__';
import { getCore } from '../js-shim/wasm.js';
import { KIND } from '../js-shim/core.js';
import { SEED, OPTIONS } from '__BENCH__';

const m = new Map(SEED.map((s) => [s[0], s[1]]));
const kv = { async get(k, o) { const v = m.get(k); return v === undefined ? null : (o?.type ?? o) === 'json' ? JSON.parse(v) : v; }, async put() {}, async delete() {}, async list() { return { keys: [], list_complete: true }; } };
const apiHandler = { fetch: () => new Response('ok') };
const defaultHandler = { fetch: () => new Response('d') };
const ours = new OAuthProvider({ ...OPTIONS, apiHandler, defaultHandler });
const theirs = new Theirs({ ...OPTIONS, apiHandler, defaultHandler });
const env = { OAUTH_KV: kv }, env2 = { OAUTH_KV: kv };
const enc = new TextEncoder();
let cfg;
const ctx = () => ({ waitUntil() {}, passThroughOnException() {}, props: undefined });
const url = 'https://example.com/api/x';

const variants = {
  // Request built, 5 headers read, a tiny Response built and read.
  async req(t) {
    const r = new Request(url, { headers: { Authorization: 'Bearer ' + t } });
    const h = r.headers; const f = [r.method, r.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    if (!f[2]) throw new Error();
    await new Response('ok').arrayBuffer();
  },
  // + encode the fields (TextEncoder) and await one KV get.
  async marshal(t, key) {
    const r = new Request(url, { headers: { Authorization: 'Bearer ' + t } });
    const h = r.headers; const f = [r.method, r.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    for (const x of f) enc.encode(x);
    await kv.get(key, { type: 'text' });
    await new Response('ok').arrayBuffer();
  },
  // + the whole core operation (wasm + the KV read + the answer), no provider wrapper.
  async core(t) {
    const r = new Request(url, { headers: { Authorization: 'Bearer ' + t } });
    const h = r.headers; const f = [r.method, r.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    const out = await getCore().http(cfg, f, { kv, request: r });
    if (out.t !== 'api') throw new Error(JSON.stringify(out));
    await new Response('ok').arrayBuffer();
  },
  // The least a check can cost in plain JS, no crypto: the Request, one KV read, the record
  // parsed and its expiry checked, remembered props parsed into a fresh object, the handler's Response.
  async bare(t, key) {
    const r = new Request(url, { headers: { Authorization: 'Bearer ' + t } });
    const a = r.headers.get('Authorization');
    const v = await kv.get(key, 'text');
    const rec = JSON.parse(v);
    if (rec.expiresAt < Date.now() / 1000 || !a) throw new Error();
    const props = JSON.parse('{"name":"alice","n":1}');
    const res = await apiHandler.fetch(r, env, { props });
    await res.arrayBuffer();
  },
  // core.http alone: fields as strings, the KV read from the Map (no Request).
  async http(t) {
    const out = await getCore().http(cfg, ['GET', url, 'Bearer ' + t, '', ''], { kv });
    if (out.t !== 'api') throw new Error(JSON.stringify(out));
  },
  // core.run alone (JSON output parsed), effects answered from the Map at once (no Request).
  async run(t) {
    const f = ['GET', url, 'Bearer ' + t, '', ''];
    const out = JSON.parse(await getCore().run(cfg, KIND.HTTP, f, async (fx) => fx.map((e) => ({ status: 0, data: m.get(e.key) }))));
    if (out.t !== 'api') throw new Error(JSON.stringify(out));
  },
  // The same with a malformed token: parse + routing + one SHA-256 + KV miss, no unwrap/decrypt.
  async runmiss(t) {
    const f = ['GET', url, 'Bearer ' + t.slice(0, -2) + 'xx', '', ''];
    const out = await getCore().http(cfg, f, { kv: { async get() { return null; } } });
    if (out.t !== 'response') throw new Error(JSON.stringify(out));
  },
  // The default route: fields in, dispatch, answer out (one crossing, no KV).
  async begin(t) {
    const out = await getCore().http(cfg, ['GET', 'https://example.com/', 'Bearer ' + t, '', ''], { kv });
    if (out.t !== 'default') throw new Error(JSON.stringify(out));
  },
  async fetch(t) {
    const res = await ours.fetch(new Request(url, { headers: { Authorization: 'Bearer ' + t } }), env, ctx());
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(res.status);
  },
  async theirs(t) {
    const res = await theirs.fetch(new Request(url, { headers: { Authorization: 'Bearer ' + t } }), env2, ctx());
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(res.status);
  },
};

export default {
  async fetch(request) {
    const p = new URL(request.url).searchParams;
    try {
      if (!cfg) {
        const serial = { ...OPTIONS, hasApiHandler: true };
        cfg = getCore().configure(serial);
      }
      const v = variants[p.get('v')], n = +p.get('n');
      for (let i = 0; i < n; i++) { const s = SEED[i % SEED.length]; await v(s[3], s[0]); }
      return new Response('done');
    } catch (e) { return new Response(String(e.stack || e), { status: 500 }); }
  },
};
