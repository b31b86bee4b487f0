// OAuthAuthorizationServer, ours against 1.2.3's, side by side in one Worker
// on one OAUTH_KV (harness/as-dual-worker.js): construction refusals, the
// metadata, what fetch() serves and refuses, and validateToken on tokens
// either one issued. docs/observed/rules-1.2.3.md 9.8 (R-AS-*).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const ISSUER = 'https://example.com';
const RESOURCE = 'https://example.com/mcp';
const OPTIONS = { issuer: ISSUER, resources: [RESOURCE], clientRegistrationEndpoint: '/register', scopesSupported: ['read', 'write'] };
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, entry: 'as-dual-worker.js' });
after(() => w.dispose());

async function on(impl, path, init = {}) {
  return H.capture(await w.fetch(path, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': impl } }));
}
async function same(path, init, check) {
  const theirs = await on('theirs', path, init);
  const ours = await on('ours', path, init);
  assert.deepEqual(ours, theirs, path);
  if (check) check(ours);
  return ours;
}
const post = (body) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

test('R-AS-01…09: construction refusals carry 1.2.3\'s messages', async () => {
  const base = { issuer: ISSUER, resources: [RESOURCE] };
  const cases = [
    base, { ...base, issuer: undefined }, { ...base, issuer: 'not a url' }, { ...base, issuer: 'http://example.com' },
    { ...base, issuer: 'https://Example.com' }, { ...base, issuer: 'https://u@example.com' }, { ...base, issuer: 'https://example.com/?a=1' },
    { ...base, issuer: 'https://example.com/#x' }, { ...base, issuer: 'https://example.com/tenant' }, { ...base, issuer: 'http://localhost:8787' },
    { ...base, issuer: 'https://example.com/a/../b' }, { ...base, issuer: 'https://example.com/' },
    { ...base, resources: [] }, { ...base, resources: 'x' }, { ...base, resources: [1] }, { issuer: ISSUER },
    { ...base, resources: [RESOURCE, RESOURCE] }, { ...base, resources: [RESOURCE, 'HTTPS://EXAMPLE.COM/mcp'] },
    { ...base, resources: ['https://example.com/mcp#x'] }, { ...base, resources: ['http://remote.example/mcp'] },
    { ...base, resources: ['https://Example.com/mcp'] }, { ...base, resources: ['https://example.com/.well-known/oauth-protected-resource'] },
    { ...base, tokenEndpoint: '/t#f' }, { ...base, authorizeEndpoint: '/a#f' },
    { ...base, tokenEndpoint: 'http://remote.example/token' }, { ...base, tokenEndpoint: 'https://u@example.com/token' },
    { ...base, tokenEndpoint: 'https://example.com/token#x' }, { ...base, tokenEndpoint: 'nope' }, { ...base, tokenEndpoint: 'https://auth.example/t' },
    { ...base, tokenEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, authorizeEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, authorizeEndpoint: '/oauth/token' }, { ...base, authorizeEndpoint: '/x', tokenEndpoint: '/x' },
    { ...base, clientRegistrationEndpoint: '/authorize' }, { ...base, clientRegistrationEndpoint: '/oauth/token' },
    { ...base, clientRegistrationEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, issuer: 'https://example.com/t', tokenEndpoint: '/.well-known/oauth-authorization-server/t' },
    { ...base, defaultResource: 'https://example.com/other' }, { ...base, defaultResource: RESOURCE },
    { ...base, defaultResource: 'HTTPS://EXAMPLE.COM/mcp' }, { ...base, legacyGrantResource: 'https://example.com/other' },
    { ...base, legacyGrantResource: RESOURCE }, { ...base, defaultResource: null },
    { ...base, accessTokenTTL: 5 }, { ...base, scopesSupported: ['a b'] }, { ...base, cookiePrefix: 'x' },
  ];
  let refused = 0;
  for (const spec of cases) {
    const theirs = await on('theirs', '/__construct', post(spec));
    const ours = await on('ours', '/__construct', post(spec));
    assert.deepEqual(ours.body, theirs.body, JSON.stringify(spec));
    if (theirs.body.error) refused++;
  }
  for (const notObject of [null]) {
    const theirs = await on('theirs', '/__construct', post({ notObject }));
    const ours = await on('ours', '/__construct', post({ notObject }));
    assert.deepEqual(ours.body, theirs.body);
  }
  assert.ok(refused >= 30, `refusals exercised: ${refused}`);
});

test('more than one resource: accepted by both, the other checks first as 1.2.3 makes them', async () => {
  const spec = { issuer: ISSUER, resources: [RESOURCE, 'https://example.com/other'] };
  assert.deepEqual((await on('ours', '/__construct', post(spec))).body, { ok: true });
  assert.deepEqual((await on('theirs', '/__construct', post(spec))).body, { ok: true });
  const bad = { ...spec, defaultResource: 'https://example.com/third' };
  const theirs = (await on('theirs', '/__construct', post(bad))).body;
  assert.equal(theirs.name, 'TypeError');
  assert.deepEqual((await on('ours', '/__construct', post(bad))).body, theirs);
});

test('metadata and R-AS-12: what fetch() serves, and the bare 404 for everything else', async () => {
  const md = await same('/.well-known/oauth-authorization-server', {}, (r) => assert.equal(r.status, 200));
  assert.equal(md.body.issuer, ISSUER);
  assert.equal(md.body.token_endpoint, `${ISSUER}/oauth/token`);
  assert.equal(md.body.authorization_endpoint, `${ISSUER}/authorize`);
  await same('/.well-known/oauth-authorization-server', { headers: { origin: 'https://app.example' } });
  await same('/.well-known/oauth-authorization-server', { method: 'POST' });
  await same('/.well-known/oauth-authorization-server', { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  await same('/oauth/token', { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  await same('/oauth/token', { method: 'GET' });
  await same('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nope' });
  for (const p of ['/', '/mcp', '/api/x', '/.well-known/oauth-protected-resource/mcp', '/token', 'https://other.example/oauth/token']) {
    await same(p, { headers: { origin: 'https://app.example' } }, (r) => assert.equal(r.status, 404, p));
  }
  await same('/', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }, (r) => assert.equal(r.status, 404));
  await same('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["ftp://x"]}' });
});

// A token from impl's /register, /authorize and token endpoint.
async function issue(impl, scope = 'read') {
  const reg = await on(impl, '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none' }));
  assert.equal(reg.status, 201);
  const { verifier, challenge } = H.pkcePair();
  const q = new URLSearchParams({ response_type: 'code', client_id: reg.body.client_id, redirect_uri: H.REDIRECT_URI, scope, state: 's',
    code_challenge: challenge, code_challenge_method: 'S256' });
  const auth = await on(impl, `/authorize?${q}`);
  assert.equal(auth.status, 302, JSON.stringify(auth.body));
  const loc = new URL(auth.headers.location);
  assert.equal(loc.searchParams.get('iss'), ISSUER);
  const tok = await on(impl, '/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: H.form({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: H.REDIRECT_URI, client_id: reg.body.client_id, code_verifier: verifier }) });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { token: tok.body.access_token, clientId: reg.body.client_id, tok };
}

test('R-AS-10/11: validateToken, on tokens either one issued', async () => {
  for (const issuer of ['theirs', 'ours']) {
    const { token, clientId, tok } = await issue(issuer, 'read write');
    assert.equal(tok.body.resource ?? RESOURCE, RESOURCE);
    const v = await same('/__validate', post({ resource: RESOURCE, token }));
    assert.deepEqual(v.body.value.props, { name: 'alice' });
    assert.equal(v.body.value.audience, RESOURCE);
    assert.equal(v.body.value.clientId, clientId);
    assert.deepEqual(v.body.value.scope, ['read', 'write']);
    await same('/__validate', post({ resource: 'HTTPS://EXAMPLE.COM/mcp', token }));
    // R-AS-10: a resource the server does not declare
    for (const resource of ['https://example.com/other', 'not a uri', `${RESOURCE}#x`, 7]) {
      await same('/__validate', post({ resource, token }), (r) => assert.equal(r.body.name, 'TypeError'));
    }
    // R-AS-11: tokens that are not valid for it
    for (const t of ['garbage', `${token}x`, 'user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']) {
      await same('/__validate', post({ resource: RESOURCE, token: t }), (r) => assert.equal(r.body.value, null));
    }
    const keys = (await on('ours', '/__keys')).body.filter((k) => k.startsWith('token:'));
    const key = keys.find((k) => k.startsWith(`token:user1:${token.split(':')[1]}:`));
    assert.ok(key);
    // bound to another resource: null; no audience (a legacy token): the declared resource
    await on('ours', '/__kv', post({ key, edit: { audience: 'https://example.com/other' } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value, null));
    await on('ours', '/__kv', post({ key, edit: { audience: ['https://example.com/other', RESOURCE] } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value.audience, RESOURCE));
    await on('ours', '/__kv', post({ key, edit: { audience: null } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value.audience, RESOURCE));
    // expired
    await on('ours', '/__kv', post({ key, edit: { expiresAt: 1000 } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value, null));
  }
});

test('parseAuthRequest refuses a request elsewhere than the authorization endpoint', async () => {
  const reg = await on('ours', '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none' }));
  const q = `response_type=code&client_id=${reg.body.client_id}&redirect_uri=${encodeURIComponent(H.REDIRECT_URI)}`;
  await same(`https://other.example/authorize?${q}`, {}, (r) => assert.equal(r.status, 400));
});
