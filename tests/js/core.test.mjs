// The core under Node: the op loop, effects, and flat memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Core, KIND } from '../../js-shim/core.js';
import { mintAccessToken } from './fixtures.mjs';
import { memoryKv } from './memory-kv.mjs';

const wasmPath = process.env.OC_WASM_PATH ?? new URL('../../dist/oc.wasm', import.meta.url);
const module = await WebAssembly.compile(await readFile(wasmPath));
const OPTS = { apiRoute: '/api/', hasApiHandler: true, resourceMetadata: { resource: 'https://example.com/api' } };
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

test('invalid options are refused with the rule that failed', () => {
  const core = new Core(module);
  assert.throws(() => core.configure({ ...OPTS, accessTokenTTL: -5 }), /accessTokenTTL/);
});

test('memory stays flat over 100,000 operations', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  for (let i = 0; i < 1000; i++) await api(core, cfg, `Bearer ${token}`, kv);
  const before = core.memoryBytes;
  for (let i = 0; i < 100_000; i++) {
    const out = await api(core, cfg, i % 3 ? `Bearer ${token}` : `Bearer u:${i}:x`, kv);
    if (i % 3) assert.equal(out.charCodeAt(6), 97); // {"t":"a…
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
