// The provider in real workerd: routing, the bearer check against real KV
// records written with WebCrypto, discovery, flat memory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { mintAccessToken } from './fixtures.mjs';

const mf = await startWorker('tests/js/workers/basic.js');
after(() => mf.dispose());
const kv = await mf.getKVNamespace('OAUTH_KV');
const ORIGIN = 'https://example.com';
const get = (path, headers = {}) => mf.dispatchFetch(ORIGIN + path, { headers });

test('default handler serves non-API paths', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.equal(await r.text(), 'default');
});

test('API route: 401 challenge without a token', async () => {
  const r = await get('/api/x');
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('WWW-Authenticate'),
    'Bearer realm="OAuth", resource_metadata="https://example.com/.well-known/oauth-protected-resource/api", scope="read"');
  assert.equal(r.headers.get('Cache-Control'), 'no-store');
  assert.equal(await r.text(), '');
});

test('API route: a token written with WebCrypto reaches the handler with props and auth', async () => {
  const { token, record } = await mintAccessToken(kv, { audience: 'https://example.com/api', props: { name: 'alice', n: 1 } });
  const r = await get('/api/x', { Authorization: `Bearer ${token}` });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.deepEqual(body.props, { name: 'alice', n: 1 });
  assert.deepEqual(body.auth, {
    token, audience: 'https://example.com/api', expiresAt: record.expiresAt, scope: ['read'], userId: 'user1', clientId: 'client1',
  });
  // 1.x accepts a lower-case scheme and extra spaces; GET /api is under "/api/".
  assert.equal((await get('/api', { Authorization: `bearer  ${token}` })).status, 200);
});

test('API route: invalid, expired, wrong audience, other host', async () => {
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  const check = async (path, auth, desc, origin = ORIGIN) => {
    const r = await mf.dispatchFetch(origin + path, { headers: { Authorization: auth } });
    assert.equal(r.status, 401);
    const body = await r.json();
    assert.equal(body.error, 'invalid_token');
    assert.equal(body.error_description, desc);
    return r;
  };
  await check('/api/x', `Bearer ${token.slice(0, -1)}${token.at(-1) === 'A' ? 'B' : 'A'}`, 'Invalid access token');
  await check('/api/x', `Bearer ${token.split(':').slice(1).join(':')}`, 'Invalid access token');
  const expired = await mintAccessToken(kv, { audience: 'https://example.com/api', ttl: -10 });
  await check('/api/x', `Bearer ${expired.token}`, 'Access token expired');
  const other = await mintAccessToken(kv, { audience: 'https://other.example/api' });
  await check('/api/x', `Bearer ${other.token}`, 'Access token is not bound to the configured resource');
  const r = await check('/api/x', `Bearer ${token}`, 'Token audience does not match resource server', 'https://elsewhere.example');
  assert.equal(r.headers.get('WWW-Authenticate'), 'Bearer realm="OAuth", error="invalid_token", scope="read", error_description="Invalid audience"');
});

test('0.10.x generation: case-sensitive scheme, metadata derived from the path', async () => {
  const { token } = await mintAccessToken(kv, {});
  let r = await get('/api/data', { Authorization: `Bearer ${token}`, 'x-generation': 'legacy' });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).props.name, 'alice');
  r = await get('/api/data', { Authorization: `bearer ${token}`, 'x-generation': 'legacy' });
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('WWW-Authenticate'), 'Bearer realm="OAuth", resource_metadata="https://example.com/.well-known/oauth-protected-resource/api/data"');
});

test('discovery documents', async () => {
  let r = await get('/.well-known/oauth-protected-resource/api');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), {
    resource: 'https://example.com/api', authorization_servers: ['https://example.com'], scopes_supported: ['read'], bearer_methods_supported: ['header'],
  });
  r = await get('/.well-known/oauth-protected-resource');
  assert.equal(r.status, 404);
  r = await get('/.well-known/oauth-authorization-server');
  const as = await r.json();
  assert.equal(as.issuer, 'https://example.com');
  assert.equal(as.token_endpoint, 'https://example.com/token');
  assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
});

test('CORS on the API route, HEAD without a body', async () => {
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  let r = await get('/api/x', { Authorization: `Bearer ${token}`, Origin: 'https://app.example.net' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('Access-Control-Allow-Origin'), 'https://app.example.net');
  await r.arrayBuffer();
  r = await mf.dispatchFetch(`${ORIGIN}/api/x`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.net' } });
  assert.equal(r.status, 204);
  r = await mf.dispatchFetch(`${ORIGIN}/api/x`, { method: 'HEAD', headers: { Authorization: 'Bearer x:y:z' } });
  assert.equal(r.status, 401);
  assert.equal(await r.text(), '');
});

test('a record too large for the core is a 500 server_error, not a crash', async () => {
  const { token, key } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  await kv.put(key, `{"pad":"${'x'.repeat(9 << 20)}"}`);
  const r = await get('/api/x', { Authorization: `Bearer ${token}` });
  assert.equal(r.status, 500);
  assert.deepEqual(await r.json(), { error: 'server_error', error_description: 'The request could not be processed' });
  // and the core goes on serving
  const ok = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  assert.equal((await get('/api/x', { Authorization: `Bearer ${ok.token}` })).status, 200);
});

test('wasm memory stays flat across requests in workerd', async () => {
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  const mem = async () => (await (await get('/__memory')).json()).bytes;
  const headers = { Authorization: `Bearer ${token}` };
  for (let i = 0; i < 50; i++) await (await get('/api/x', headers)).arrayBuffer();
  const before = await mem();
  for (let i = 0; i < 1000; i++) await (await get('/api/x', headers)).arrayBuffer();
  assert.equal(await mem(), before);
});
