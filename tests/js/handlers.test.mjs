// Handler shapes and routing in workerd: WorkerEntrypoint classes and objects,
// apiHandlers with path and full-URL routes, onError, env.OAUTH_PROVIDER.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { mintAccessToken } from './fixtures.mjs';

const mf = await startWorker('tests/js/workers/handlers.js');
after(() => mf.dispose());
const kv = await mf.getKVNamespace('OAUTH_KV');

test('a WorkerEntrypoint class gets props, auth and env.OAUTH_PROVIDER', async () => {
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com', props: { p: 1 }, clientId: 'cX' });
  const r = await mf.dispatchFetch('https://example.com/v1/thing', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { handler: 'class', props: { p: 1 }, clientId: 'cX', helpers: 'function' });
});

test('a full-URL route matches its host only', async () => {
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com' });
  let r = await mf.dispatchFetch('https://example.com/v2/x', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).handler, 'object');
  r = await mf.dispatchFetch('https://other.example.com/v2/x', { headers: { Authorization: `Bearer ${token}` } });
  assert.deepEqual(await r.json(), { handler: 'default', helpers: 'function' });
  // A path route matches any host; a request off the resource's origin is refused by audience.
  r = await mf.dispatchFetch('https://other.example.com/v1/x', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error_description, 'Token audience does not match resource server');
});

test('the default handler is a class too, and onError can replace an error response', async () => {
  let r = await mf.dispatchFetch('https://example.com/elsewhere');
  assert.deepEqual(await r.json(), { handler: 'default', helpers: 'function' });
  // A public client, so that the request gets past client authentication to its grant type.
  await kv.put('client:publicClient0001', JSON.stringify({ clientId: 'publicClient0001', redirectUris: ['https://client.example.org/cb'], tokenEndpointAuthMethod: 'none' }));
  const token = (body) => mf.dispatchFetch('https://example.com/token', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body,
  });
  r = await token('grant_type=password&client_id=publicClient0001');
  assert.equal(r.status, 418);
  assert.equal(await r.text(), 'custom 400 unsupported_grant_type');
  // Other errors pass through unchanged. Without credentials, client authentication answers
  // before the grant type is looked at (the reference's R-TOKEN-05), whatever the grant type.
  for (const body of ['grant_type=password', 'grant_type=authorization_code']) {
    r = await token(body);
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { error: 'invalid_client', error_description: 'Client ID is required' });
  }
});
