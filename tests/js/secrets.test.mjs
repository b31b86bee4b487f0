// Secrets in wasm memory (issue #15): once an operation has ended, the
// plaintext of a secret it made is nowhere in the core's linear memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Core, KIND } from '../../js-shim/core.js';
import { memoryKv } from './memory-kv.mjs';

const wasmPath = process.env.OC_WASM_PATH ?? new URL('../../dist/oc.wasm', import.meta.url);
const module = await WebAssembly.compile(await readFile(wasmPath));
const OPTS = { apiRoute: '/api/', hasApiHandler: true, authorizeEndpoint: '/authorize', tokenEndpoint: '/token', resourceMetadata: { resource: 'https://example.com/api' } };

function holds(memory, text) {
  return Buffer.from(memory.buffer).indexOf(Buffer.from(text, 'latin1')) >= 0;
}

test('createClient leaves no plaintext client secret in wasm memory', async () => {
  const core = new Core(module);
  const cfg = core.configure(OPTS);
  const kv = memoryKv();
  for (let i = 0; i < 20; i++) {
    const out = JSON.parse(await core.run(cfg, KIND.CREATE_CLIENT, [JSON.stringify({ redirectUris: ['https://client.example.org/cb'], tokenEndpointAuthMethod: 'client_secret_basic' })], { kv }));
    assert.equal(out.t, 'value');
    const secret = out.value.clientSecret;
    assert.equal(secret.length, 32);
    assert.ok(!holds(core.memory, secret), `client secret ${i} found in wasm memory`);
    // the record holds its hash, not the secret
    assert.ok(!kv.m.get(`client:${out.value.clientId}`).value.includes(secret));
  }
});
