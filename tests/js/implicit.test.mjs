// The 0.x options in workerd: the implicit grant (allowImplicitFlow, RFC 6749 4.2, as 0.10.4
// does it) and plain PKCE (allowPlainPKCE) end to end, in both generations; refused by default.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startWorker } from './harness.mjs';

const mf = await startWorker('tests/js/workers/implicit.js');
after(() => mf.dispose());
const kv = await mf.getKVNamespace('OAUTH_KV');
const ORIGIN = 'https://example.com';
const RU = 'https://client.example.org/cb';

const call = (config, path, init = {}) =>
  mf.dispatchFetch(ORIGIN + path, { redirect: 'manual', ...init, headers: { 'x-config': config, ...(init.headers ?? {}) } });

async function createClient(config, info) {
  const r = await call(config, '/client', { method: 'POST', body: JSON.stringify({ redirectUris: [RU], ...info }) });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

const authorize = (config, params) => call(config, '/authorize?' + new URLSearchParams({ redirect_uri: RU, ...params }));

async function api(config, token) {
  const r = await call(config, '/api/data', { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: r.status === 200 ? await r.json() : await r.text() };
}

async function kvRecord(key) {
  const { value, metadata } = await kv.getWithMetadata(key, 'json');
  const list = await kv.list({ prefix: key });
  return { value, metadata, expiration: list.keys.find((k) => k.name === key)?.expiration };
}

const IMPLICIT_CLIENT = { responseTypes: ['token'], grantTypes: ['implicit'], tokenEndpointAuthMethod: 'none' };

for (const config of ['legacy-implicit', 'v1-implicit']) {
  const v1 = config.startsWith('v1');
  test(`${config}: response_type=token puts the access token in the fragment; the API accepts it`, async () => {
    const client = await createClient(config, IMPLICIT_CLIENT);
    const t0 = Math.floor(Date.now() / 1000);
    const r = await authorize(config, { response_type: 'token', client_id: client.clientId, scope: 'read write', state: 'a b&c' });
    assert.equal(r.status, 302);
    const loc = new URL(r.headers.get('location'));
    assert.equal(loc.origin + loc.pathname, RU);
    assert.equal(loc.search, '');
    const f = new URLSearchParams(loc.hash.slice(1));
    assert.deepEqual([...f.keys()], ['access_token', 'token_type', 'expires_in', 'scope', 'state', 'iss']);
    assert.equal(f.get('token_type'), 'bearer');
    assert.equal(f.get('expires_in'), '3600');
    assert.equal(f.get('scope'), 'read write');
    assert.equal(f.get('state'), 'a b&c');
    assert.equal(f.get('iss'), ORIGIN);
    assert.match(loc.hash, /&scope=read\+write&state=a\+b%26c&/);
    const token = f.get('access_token');
    const [userId, grantId] = token.split(':');
    assert.equal(userId, 'user1');

    const res = await api(config, token);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.props, { name: 'alice' });
    if (v1) assert.equal(res.body.auth.audience, 'https://example.com/api');

    // The grant: no code, PKCE or refresh fields; the access token record as the token endpoint writes it.
    const grant = await kvRecord(`grant:user1:${grantId}`);
    assert.deepEqual(Object.keys(grant.value), ['id', 'clientId', 'userId', 'scope', 'metadata', 'encryptedProps', 'createdAt', ...(v1 ? ['resource'] : []), 'redirectUri']);
    assert.deepEqual(grant.value.scope, ['read', 'write']);
    if (v1) {
      assert.deepEqual(grant.metadata, { clientId: client.clientId, resource: 'https://example.com/api', redirectUri: RU });
      assert.ok(Math.abs(grant.expiration - (t0 + 3600)) <= 2);
    } else {
      assert.equal(grant.metadata, null);
      assert.equal(grant.expiration, undefined);
    }
    const id = crypto.createHash('sha256').update(token).digest('hex');
    const rec = await kvRecord(`token:user1:${grantId}:${id}`);
    assert.deepEqual(Object.keys(rec.value), ['id', 'grantId', 'userId', 'createdAt', 'expiresAt', ...(v1 ? ['audience'] : []), 'scope', 'wrappedEncryptionKey', 'grant']);
    assert.equal(rec.value.expiresAt, rec.value.createdAt + 3600);
    assert.equal(rec.expiration, rec.value.expiresAt);
    assert.equal(rec.value.grant.encryptedProps, grant.value.encryptedProps);
    assert.equal((await kv.list({ prefix: `token:user1:${grantId}:` })).keys.length, 1);

    // Revoking the token (RFC 7009, public client) ends API access; no refresh token exists.
    const rv = await call(config, '/token', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: client.clientId }).toString(),
    });
    assert.equal(rv.status, 200);
    assert.equal((await api(config, token)).status, 401);
  });

  test(`${config}: public client without PKCE; no state, empty scope; a later authorization replaces the grant`, async () => {
    const client = await createClient(config, IMPLICIT_CLIENT);
    const r1 = await authorize(config, { response_type: 'token', client_id: client.clientId });
    const f1 = new URLSearchParams(new URL(r1.headers.get('location')).hash.slice(1));
    assert.deepEqual([...f1.keys()], ['access_token', 'token_type', 'expires_in', 'scope', 'iss']);
    assert.equal(f1.get('scope'), '');
    // An S256 challenge is checked, then ignored.
    const r2 = await authorize(config, {
      response_type: 'token', client_id: client.clientId, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    assert.equal(r2.status, 302);
    const t2 = new URLSearchParams(new URL(r2.headers.get('location')).hash.slice(1)).get('access_token');
    assert.equal((await api(config, t2)).status, 200);
    assert.equal((await api(config, f1.get('access_token'))).status, 401);
    const grant = (await kv.get(`grant:user1:${t2.split(':')[1]}`, 'json'));
    assert.equal(grant.codeChallenge, undefined);
  });

  test(`${config}: errors (client not registered for token or code, plain PKCE, discovery)`, async () => {
    const codeClient = await createClient(config, {});
    let r = await authorize(config, { response_type: 'token', client_id: codeClient.clientId, state: 's' });
    assert.equal(r.status, 400);
    assert.deepEqual(await r.json(), { error: 'unauthorized_client', description: 'The client is not registered for response_type token' });
    const tokenClient = await createClient(config, IMPLICIT_CLIENT);
    r = await authorize(config, { response_type: 'code', client_id: tokenClient.clientId, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    assert.deepEqual(await r.json(), { error: 'unauthorized_client', description: 'The client is not registered for response_type code' });
    r = await authorize(config, { response_type: 'token', client_id: tokenClient.clientId, code_challenge: 'abc', code_challenge_method: 'plain' });
    assert.deepEqual(await r.json(), { error: 'invalid_request', description: 'The plain PKCE method is not allowed. Use S256 instead.' });
    const d = await (await call(config, '/.well-known/oauth-authorization-server')).json();
    assert.deepEqual(d.response_types_supported, ['code', 'token']);
    assert.deepEqual(d.response_modes_supported, ['query', 'fragment']);
    assert.deepEqual(d.grant_types_supported, ['authorization_code', 'refresh_token', 'implicit']);
  });
}

test('default: response_type=token is unsupported, and not advertised', async () => {
  const client = await createClient('legacy', {});
  const r = await authorize('legacy', { response_type: 'token', client_id: client.clientId });
  assert.equal(r.status, 400);
  assert.deepEqual(await r.json(), { error: 'unsupported_response_type', description: 'The authorization server does not support response_type token' });
  const d = await (await call('legacy', '/.well-known/oauth-authorization-server')).json();
  assert.deepEqual(d.response_types_supported, ['code']);
  assert.deepEqual(d.response_modes_supported, ['query']);
  assert.deepEqual(d.grant_types_supported, ['authorization_code', 'refresh_token']);
  assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
});

// ---- plain PKCE ----

async function exchange(config, client, code, verifier) {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: RU, client_id: client.clientId });
  if (verifier != null) body.set('code_verifier', verifier);
  const r = await call(config, '/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  return { status: r.status, body: await r.json() };
}

test('default: plain PKCE is refused at authorize (with or without the method)', async () => {
  const client = await createClient('legacy', { tokenEndpointAuthMethod: 'none' });
  for (const extra of [{ code_challenge_method: 'plain' }, {}]) {
    const r = await authorize('legacy', { response_type: 'code', client_id: client.clientId, code_challenge: 'x'.repeat(43), ...extra });
    assert.equal(r.status, 400);
    assert.deepEqual(await r.json(), { error: 'invalid_request', description: 'The plain PKCE method is not allowed. Use S256 instead.' });
  }
});

for (const config of ['legacy-plain', 'v1-plain']) {
  test(`${config}: plain PKCE end to end (method given or left out), advertised`, async () => {
    const d = await (await call(config, '/.well-known/oauth-authorization-server')).json();
    assert.deepEqual(d.code_challenge_methods_supported, ['plain', 'S256']);
    const client = await createClient(config, { tokenEndpointAuthMethod: 'none' });
    for (const extra of [{ code_challenge_method: 'plain' }, {}]) {
      const verifier = crypto.randomBytes(32).toString('base64url');
      const r = await authorize(config, { response_type: 'code', client_id: client.clientId, code_challenge: verifier, state: 's', ...extra });
      assert.equal(r.status, 302);
      const code = new URL(r.headers.get('location')).searchParams.get('code');
      const grant = await kv.get(`grant:user1:${code.split(':')[1]}`, 'json');
      assert.equal(grant.codeChallenge, verifier);
      assert.equal(grant.codeChallengeMethod, extra.code_challenge_method); // left out when not given, as 0.10.4
      const bad = await exchange(config, client, code, verifier + 'x');
      assert.deepEqual(bad, { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid PKCE code_verifier' } });
      const ok = await exchange(config, client, code, verifier);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal((await api(config, ok.body.access_token)).status, 200);
    }
  });
}

test('default: a stored plain challenge is refused at the token endpoint before the verifier is read', async () => {
  // A grant written while plain was allowed, exchanged by a provider that no longer allows it.
  const client = await createClient('legacy-plain', { tokenEndpointAuthMethod: 'none' });
  const verifier = crypto.randomBytes(32).toString('base64url');
  const r = await authorize('legacy-plain', { response_type: 'code', client_id: client.clientId, code_challenge: verifier, code_challenge_method: 'plain' });
  const code = new URL(r.headers.get('location')).searchParams.get('code');
  for (const v of [verifier, null]) {
    assert.deepEqual(await exchange('legacy', client, code, v),
      { status: 400, body: { error: 'invalid_grant', error_description: 'The plain PKCE method is not allowed. Use S256 instead.' } });
  }
  assert.equal((await exchange('legacy-plain', client, code, verifier)).status, 200);
});
