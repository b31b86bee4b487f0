// Storage failures in workerd (issue #15): a KV error is a rate limit only when
// the binding reports status 429; any other failure, whatever digits its
// message holds, is a server error, never 429.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';

const mf = await startWorker('tests/js/workers/kv-faults.js');
after(() => mf.dispose());

const TOKEN = `user1:${'g'.repeat(16)}:${'s'.repeat(32)}`;
const api = (message) => mf.dispatchFetch('https://example.com/api/x', { headers: { Authorization: `Bearer ${TOKEN}`, 'x-kv-error': message } });
const token = (message) => mf.dispatchFetch('https://example.com/token', {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'x-kv-error': message },
  body: 'grant_type=refresh_token&refresh_token=' + encodeURIComponent(TOKEN) + '&client_id=c',
});

test('the real binding reports a key over 512 bytes as an Error "KV GET failed: 414 …1429…"', async () => {
  const r = await (await mf.dispatchFetch('https://example.com/__long-key')).json();
  assert.deepEqual(r, { thrown: 'KV GET failed: 414 UTF-8 encoded length of 1429 exceeds key length limit of 512.', isError: true });
});

test('a 429 from the binding is temporarily_unavailable, at the API and at the token endpoint', async () => {
  for (const send of [api, token]) {
    const r = await send('KV GET failed: 429 Too Many Requests');
    assert.equal(r.status, 429);
    assert.equal((await r.json()).error, 'temporarily_unavailable');
  }
});

test('other storage failures are server errors, whatever digits they hold', async () => {
  for (const message of [
    'KV GET failed: 414 UTF-8 encoded length of 1429 exceeds key length limit of 512.',
    'KV PUT failed: 500 Internal Server Error (429 retries)',
    'KV GET failed: 503 Service Unavailable',
    'rate limit',
    'upstream said 429',
  ]) {
    for (const send of [api, token]) {
      const r = await send(message);
      assert.equal(r.status, 500, message);
      assert.equal((await r.json()).error, 'server_error', message);
    }
  }
});
