// The provider in real workerd: routing, a KV-backed token check, flat memory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startWorker } from './harness.mjs';

const mf = await startWorker('tests/js/workers/basic.js');
after(() => mf.dispose());
const kv = await mf.getKVNamespace('OAUTH_KV');

const TOKEN = 'user1:abcdefghijklmnop:' + 'S'.repeat(32);
const KEY = `token:user1:abcdefghijklmnop:${createHash('sha256').update(TOKEN).digest('hex')}`;

test('default handler serves non-API paths', async () => {
  const r = await mf.dispatchFetch('http://localhost/');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), 'default');
});

test('API route: 401 without a token, handler with a live token', async () => {
  let r = await mf.dispatchFetch('http://localhost/api/x');
  assert.equal(r.status, 401);
  assert.match(r.headers.get('WWW-Authenticate'), /^Bearer /);
  await r.arrayBuffer();
  await kv.put(KEY, JSON.stringify({ userId: 'user1', grantId: 'abcdefghijklmnop', expiresAt: Math.floor(Date.now() / 1000) + 600 }));
  r = await mf.dispatchFetch('http://localhost/api/x', { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { props: { userId: 'user1' } });
  r = await mf.dispatchFetch('http://localhost/api/x', { headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}T` } });
  assert.equal(r.status, 401);
  await r.arrayBuffer();
});

test('wasm memory stays flat across requests in workerd', async () => {
  const mem = async () => (await (await mf.dispatchFetch('http://localhost/__memory')).json()).bytes;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  for (let i = 0; i < 50; i++) await (await mf.dispatchFetch('http://localhost/api/x', { headers })).arrayBuffer();
  const before = await mem();
  for (let i = 0; i < 2000; i++) await (await mf.dispatchFetch('http://localhost/api/x', { headers })).arrayBuffer();
  assert.equal(await mem(), before);
});
