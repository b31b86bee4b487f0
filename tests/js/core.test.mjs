// The core under Node: the op loop, effects, and flat memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Core, KIND, FXR } from '../../js-shim/core.js';

const wasmPath = process.env.OC_WASM_PATH ?? new URL('../../dist/oc.wasm', import.meta.url);
const module = await WebAssembly.compile(await readFile(wasmPath));

const OPTS = { apiRoute: '/api/', hasApiHandler: true, resourceMetadata: { resource: 'https://example.com/api' } };
const TOKEN = 'user1:abcdefghijklmnop:' + 'S'.repeat(32);
const rec = (userId, grantId, expiresAt) => JSON.stringify({ id: 'x', grantId, userId, createdAt: 1, expiresAt: Math.floor(expiresAt), wrappedEncryptionKey: 'AAAA', grant: { clientId: 'c', scope: [], encryptedProps: 'AAAA' } });
const KEY = `token:user1:abcdefghijklmnop:${createHash('sha256').update(TOKEN).digest('hex')}`;

function mapKv(map) {
  return async (effects) => effects.map((e) => {
    assert.equal(e.kind, 1);
    const v = map.get(e.key);
    return v === undefined ? { status: FXR.MISSING } : { status: FXR.OK, data: v };
  });
}

test('module imports only what the shim provides', () => {
  const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`);
  for (const i of imports) assert.match(i, /^(wasi_snapshot_preview1\.|env\.(emscripten_notify_memory_growth|getentropy)$)/);
});

test('token lookup: valid, expired, missing, malformed', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = new Map([[KEY, rec('user1', 'abcdefghijklmnop', Date.now() / 1000 + 60)]]);
  let out = JSON.parse(await core.run(cfg, KIND.TOKEN_LOOKUP, [`Bearer ${TOKEN}`], mapKv(kv)));
  assert.equal(out.valid, true);
  assert.equal(out.userId, 'user1');
  kv.set(KEY, rec('user1', 'g', Date.now() / 1000 - 1));
  out = JSON.parse(await core.run(cfg, KIND.TOKEN_LOOKUP, [`Bearer ${TOKEN}`], mapKv(kv)));
  assert.equal(out.valid, false);
  out = JSON.parse(await core.run(cfg, KIND.TOKEN_LOOKUP, [`Bearer x${TOKEN}`], mapKv(kv)));
  assert.equal(out.valid, false);
  out = JSON.parse(await core.run(cfg, KIND.TOKEN_LOOKUP, ['Bearer '], mapKv(kv)));
  assert.equal(out.valid, false);
});

test('invalid options are refused with the rule that failed', () => {
  const core = new Core(module);
  assert.throws(() => core.configure({ ...OPTS, accessTokenTTL: -5 }), /accessTokenTTL/);
});

test('memory stays flat over 100,000 operations', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = new Map([[KEY, rec('user1', 'abcdefghijklmnop', Date.now() / 1000 + 600)]]);
  const perform = mapKv(kv);
  for (let i = 0; i < 1000; i++) await core.run(cfg, KIND.TOKEN_LOOKUP, [`Bearer ${TOKEN}`], perform);
  const before = core.memoryBytes;
  for (let i = 0; i < 100_000; i++) {
    const out = await core.run(cfg, KIND.TOKEN_LOOKUP, [i % 3 ? `Bearer ${TOKEN}` : `Bearer u:${i}:x`], perform);
    if (i % 3) assert.equal(out.charCodeAt(9), 116); // {"valid":t…
  }
  assert.equal(core.memoryBytes, before);
});
