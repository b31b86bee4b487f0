// The core under Node: the op loop, effects, and flat memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Core, KIND } from '../../js-shim/core.js';
import { mintAccessToken } from './fixtures.mjs';
import { memoryKv } from './memory-kv.mjs';

const wasmPath = process.env.OC_WASM_PATH ?? new URL('../../dist/oc.wasm', import.meta.url);
const module = await WebAssembly.compile(await readFile(wasmPath));
const OPTS = { apiRoute: '/api/', hasApiHandler: true, authorizeEndpoint: '/authorize', tokenEndpoint: '/token', resourceMetadata: { resource: 'https://example.com/api' } };
const URL_ = 'https://example.com/api/x';
const api = (core, cfg, auth, kv) => core.run(cfg, KIND.HTTP, ['GET', URL_, auth, '', ''], { kv });

test('module imports only what the shim provides', () => {
  const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
  for (const i of imports) assert.match(i, /^(wasi_snapshot_preview1\.|env\.(emscripten_notify_memory_growth|getentropy)$)/);
});

test('bearer check through the op loop: valid, expired, missing, malformed', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api', props: { a: 1 } });
  let out = JSON.parse(await api(core, cfg, `Bearer ${token}`, kv));
  assert.equal(out.t, 'api');
  assert.deepEqual(out.props, { a: 1 });
  assert.equal(out.auth.userId, 'user1');
  const expired = await mintAccessToken(kv, { audience: 'https://example.com/api', ttl: -1 });
  out = JSON.parse(await api(core, cfg, `Bearer ${expired.token}`, kv));
  assert.equal(JSON.parse(out.body).error_description, 'Access token expired');
  out = JSON.parse(await api(core, cfg, `Bearer x${token}`, kv));
  assert.equal(out.status, 401);
  out = JSON.parse(await api(core, cfg, 'Bearer ', kv));
  assert.equal(out.status, 401);
  assert.equal(out.body, undefined);
  // A function instead of a KV binding performs effects for the core.
  out = JSON.parse(await core.run(cfg, KIND.HTTP, ['GET', URL_, `Bearer ${token}`, '', ''], async (fx) => fx.map(() => ({ status: 1 }))));
  assert.equal(JSON.parse(out.body).error_description, 'Invalid access token');
});

const httpApi = (core, cfg, auth, kv, origin = '') => core.http(cfg, ['GET', URL_, auth, '', origin], { kv });

test('http: the binary answer, read into fresh objects', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api', props: { a: 1, nested: { b: [2] } } });
  const first = await httpApi(core, cfg, `Bearer ${token}`, kv);
  assert.equal(first.t, 'api');
  assert.equal(first.handler, 0);
  assert.deepEqual(first.props, { a: 1, nested: { b: [2] } });
  assert.equal(first.auth.token, token);
  assert.equal(first.auth.userId, 'user1');
  assert.equal(first.headers, undefined);
  // A handler may change its props: the next request gets its own.
  first.props.nested.b.push(3);
  first.auth.scope.push('admin');
  const second = await httpApi(core, cfg, `Bearer ${token}`, kv);
  assert.deepEqual(second.props, { a: 1, nested: { b: [2] } });
  assert.deepEqual(second.auth.scope, ['read']);
  assert.notEqual(second.props, first.props);
  // With an Origin, the headers for the handler's response.
  const cors = await httpApi(core, cfg, `Bearer ${token}`, kv, 'https://app.example.net');
  assert.deepEqual(cors.headers.find(([k]) => k === 'Access-Control-Allow-Origin'), ['Access-Control-Allow-Origin', 'https://app.example.net']);
  // 1.x: kept when the handler's response has them, Vary and Expose-Headers added to (oc_http.h, header modes).
  assert.deepEqual(cors.headers.map(([k]) => k), ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods',
    'Access-Control-Allow-Headers', 'Access-Control-Expose-Headers', 'Access-Control-Max-Age', 'Vary']);
  assert.equal(cors.modes, 'kkkaka');
  // A refusal: status, headers, body, and the OAuth error for onError.
  const bad = await httpApi(core, cfg, `Bearer x${token}`, kv);
  assert.equal(bad.t, 'response');
  assert.equal(bad.status, 401);
  assert.equal(JSON.parse(bad.body).error_description, 'Invalid access token');
  // own: the headers onError is given, [from, to) (Content-Type left out; CORS would follow);
  // internal: why, for onError only ([category, reason, detail]); request: onError is not handed the Request.
  assert.deepEqual(bad.error, { code: 'invalid_token', description: 'Invalid access token', own: [1, 4],
    internal: ['protected-resource', 'token_not_found', ''], request: false });
  assert.equal(bad.warn, undefined);
  assert.doesNotMatch(bad.body + JSON.stringify(bad.headers), /token_not_found/);
  assert.deepEqual(bad.headers.slice(1, 4).map(([k]) => k), ['Cache-Control', 'Pragma', 'WWW-Authenticate']);
  assert.match(new Headers(bad.headers).get('WWW-Authenticate'), /^Bearer realm="OAuth", resource_metadata="https:\/\/example\.com\//);
  // No credentials: no body, no error.
  const none = await httpApi(core, cfg, '', kv);
  assert.equal(none.status, 401);
  assert.equal(none.body, null);
  assert.equal(none.error, undefined);
  // Not the provider's: the default handler.
  assert.deepEqual(await core.http(cfg, ['GET', 'https://example.com/home', '', '', ''], { kv }), { t: 'default' });
  // A discovery document: the body as text, HEAD without it.
  const doc = await core.http(cfg, ['GET', 'https://example.com/.well-known/oauth-authorization-server', '', '', ''], { kv });
  assert.equal(JSON.parse(doc.body).issuer, 'https://example.com');
  const head = await core.http(cfg, ['HEAD', 'https://example.com/.well-known/oauth-authorization-server', '', '', ''], { kv });
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
  // A non-ASCII header value round-trips.
  const uni = await httpApi(core, cfg, `Bearer ${token}`, kv, 'https://été.example');
  assert.equal(new Headers(uni.headers.map(([k, v]) => [k, v])).get('Access-Control-Allow-Origin').length, 'https://été.example'.length);
});

test('http: concurrent checks whose KV reads finish out of order each get their own answer', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const minted = [];
  for (let i = 0; i < 40; i++) minted.push(await mintAccessToken(kv, { userId: `u${i}`, audience: 'https://example.com/api', props: { i } }));
  const slow = { async get(k) { await new Promise((r) => setTimeout(r, Math.random() * 5)); return kv.get(k); } };
  const answers = await Promise.all(minted.map(({ token }, i) =>
    i % 4 === 3 ? httpApi(core, cfg, `Bearer x${token}`, slow) : httpApi(core, cfg, `Bearer ${token}`, slow)));
  answers.forEach((a, i) => {
    if (i % 4 === 3) assert.equal(a.status, 401);
    else assert.deepEqual([a.t, a.props, a.auth.userId], ['api', { i }, `u${i}`]);
  });
  // And the KV read failing: an error answer (storage unavailable), not a throw.
  const failing = { async get() { throw new Error('KV GET failed'); } };
  const failed = await httpApi(core, cfg, `Bearer ${minted[0].token}`, failing);
  assert.equal(failed.t, 'response');
  assert.ok(failed.status >= 500, `status ${failed.status}`);
});

test('invalid options are refused with the rule that failed', () => {
  const core = new Core(module);
  assert.throws(() => core.configure({ ...OPTS, accessTokenTTL: -5 }), /accessTokenTTL/);
});

test('a repeated check (remembered facts and props) answers as the first and as one with the cache off; a rewritten record is read again', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const aud = 'https://example.com/api';
  const minted = [
    await mintAccessToken(kv, { audience: aud, props: { a: 1, s: 'é\u0000"' } }),
    await mintAccessToken(kv, { audience: [aud, 'https://other.example/'], clientId: undefined, props: [1, null] }),
  ];
  // a token's own scope beside its grant's
  const rec = JSON.parse(kv.m.get(minted[0].key).value);
  rec.scope = ['read', 'x y'];
  kv.m.get(minted[0].key).value = JSON.stringify(rec);
  for (const { token, key } of minted) {
    const auth = `Bearer ${token}`;
    const first = await httpApi(core, cfg, auth, kv);
    const again = await httpApi(core, cfg, auth, kv);
    core.x.oc_w_props_cache_enable(0);
    const off = await httpApi(core, cfg, auth, kv);
    core.x.oc_w_props_cache_enable(1);
    assert.equal(first.t, 'api');
    assert.deepEqual(again, first);
    assert.deepEqual(off, first);
    // the same token, its record rewritten (expired): decoded again, refused
    await httpApi(core, cfg, auth, kv);
    const r = JSON.parse(kv.m.get(key).value);
    r.expiresAt = 1;
    kv.m.get(key).value = JSON.stringify(r);
    const expired = await httpApi(core, cfg, auth, kv);
    assert.equal(expired.status, 401);
    assert.equal(JSON.parse(expired.body).error_description, 'Access token expired');
  }
  assert.deepEqual((await httpApi(core, cfg, `Bearer ${minted[0].token}`, memoryKv())).status, 401); // no record
});

test('memory stays flat over 100,000 operations', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  for (let i = 0; i < 1000; i++) await api(core, cfg, `Bearer ${token}`, kv);
  for (let i = 0; i < 1000; i++) await httpApi(core, cfg, `Bearer ${token}`, kv);
  const before = core.memoryBytes;
  for (let i = 0; i < 100_000; i++) {
    const auth = i % 3 ? `Bearer ${token}` : `Bearer u:${i}:x`;
    if (i % 2) {
      const out = await api(core, cfg, auth, kv);
      if (i % 3) assert.equal(out.charCodeAt(6), 97); // {"t":"a…
    } else {
      const out = await httpApi(core, cfg, auth, kv);
      if (i % 3) assert.equal(out.t, 'api');
    }
  }
  assert.equal(core.memoryBytes, before);
});

// The initial value of global 0 (the stack pointer wasm-ld and Emscripten put first)
// and the offsets of the active data segments, read from the module's bytes.
function stackAndData(bytes) {
  let p = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const constExpr = () => { const op = bytes[p++]; assert.equal(op, 0x41, 'i32.const'); const v = leb(); assert.equal(bytes[p++], 0x0b); return v; };
  let sp, data = [];
  while (p < bytes.length) {
    const id = bytes[p++], size = leb(), end = p + size;
    if (id === 6) {
      leb(); // count
      assert.equal(bytes[p++], 0x7f, 'global 0 is an i32');
      assert.equal(bytes[p++], 1, 'global 0 is mutable');
      sp = constExpr();
    } else if (id === 11) {
      for (let n = leb(); n > 0; n--) {
        const flags = leb();
        if (flags === 2) leb();
        if (flags !== 1) data.push(constExpr()); // 1: passive, no offset
        const len = leb();
        p += len;
      }
    }
    p = end;
  }
  return { sp, data };
}

// --stack-first: the stack lies below every static byte, so an overflow runs
// past address 0 and traps instead of overwriting data.
test('the stack sits below all static data', async () => {
  const paths = process.env.OC_WASM_PATH ? [wasmPath] : [wasmPath, new URL('../../dist/oc-simd128.wasm', import.meta.url)];
  for (const path of paths) {
    const { sp, data } = stackAndData(new Uint8Array(await readFile(path)));
    assert.ok(sp > 0 && data.length > 0, String(path));
    assert.ok(data.every((off) => off >= sp), `${path}: stack top ${sp}, data from ${Math.min(...data)}`);
  }
});
