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
