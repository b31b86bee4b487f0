// examples/machine-client.mjs against the demo Worker (demo/worker.js) over HTTP, so the
// example cannot rot: a machine client made by the demo's admin route, client_credentials
// with client_secret_basic and with private_key_jwt (ES256 and RS256), then the protected
// API. The admin route refuses a wrong secret and does not exist without DEMO_ADMIN_SECRET.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { startWorker } from './harness.mjs';
import { createDemoClient, generateClientKey, getToken, callApi } from '../../examples/machine-client.mjs';

const ADMIN = 'demo-admin-secret-for-tests';
const mf = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0, bindings: { DEMO_ADMIN_SECRET: ADMIN } });
const base = (await mf.ready).toString().replace(/\/$/, '');
const bare = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0 });
const bareBase = (await bare.ready).toString().replace(/\/$/, '');
after(() => Promise.all([mf.dispose(), bare.dispose()]));

async function expectApi(tokens, clientId) {
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.scope, 'read');
  assert.equal(tokens.refresh_token, undefined);
  const { status, body } = await callApi({ base, accessToken: tokens.access_token });
  assert.equal(status, 200);
  assert.deepEqual(body, { user: { machineClient: clientId }, scope: ['read'], path: '/api/whoami' });
}

test('client_secret_basic: a client from the admin route, a token, the API', async () => {
  const c = await createDemoClient({ base, adminSecret: ADMIN });
  assert.equal(c.tokenEndpointAuthMethod, 'client_secret_basic');
  assert.ok(c.clientSecret);
  await expectApi(await getToken({ base, clientId: c.clientId, clientSecret: c.clientSecret }), c.clientId);
  // A wrong secret: 401 with a Basic challenge (RFC 6749 §5.2), which oauth4webapi raises as such.
  await assert.rejects(getToken({ base, clientId: c.clientId, clientSecret: `${c.clientSecret}x` }),
    (e) => e instanceof oauth.WWWAuthenticateChallengeError && e.status === 401 && e.cause[0].scheme === 'basic');
});

for (const alg of ['ES256', 'RS256']) {
  test(`private_key_jwt (${alg}): a client holding the public key, a token signed for, the API`, async () => {
    const { privateJwk, publicJwk } = await generateClientKey(alg);
    assert.equal(publicJwk.d, undefined);
    const c = await createDemoClient({ base, adminSecret: ADMIN, publicJwk });
    assert.equal(c.tokenEndpointAuthMethod, 'private_key_jwt');
    assert.equal(c.clientSecret, undefined);
    await expectApi(await getToken({ base, clientId: c.clientId, privateJwk }), c.clientId);
    // Another key, same kid: the signature does not verify.
    const other = await generateClientKey(alg);
    await assert.rejects(getToken({ base, clientId: c.clientId, privateJwk: { ...other.privateJwk, kid: privateJwk.kid } }),
      (e) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_client');
  });
}

test('the admin route: a wrong or missing secret is 401, bad keys 400, absent without DEMO_ADMIN_SECRET', async () => {
  await assert.rejects(createDemoClient({ base, adminSecret: 'wrong' }), /answered 401/);
  const none = await fetch(`${base}/demo/admin/clients`, { method: 'POST' });
  assert.equal(none.status, 401);
  await none.arrayBuffer();
  const { privateJwk } = await generateClientKey('ES256');
  await assert.rejects(createDemoClient({ base, adminSecret: ADMIN, publicJwk: privateJwk }), /answered 400.*Invalid jwks/);
  const get = await fetch(`${base}/demo/admin/clients`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  assert.equal(get.status, 405);
  await get.arrayBuffer();
  await assert.rejects(createDemoClient({ base: bareBase, adminSecret: ADMIN }), /answered 404/);
  await assert.rejects(createDemoClient({ base: bareBase, adminSecret: '' }), /answered 404/);
});
