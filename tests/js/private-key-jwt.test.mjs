// private_key_jwt client authentication (ours for registered clients; README "Machine identities"),
// in workerd, with oauth4webapi's PrivateKeyJwt as the client: client_credentials and
// introspection with an inline JWKS (the record's clientAssertionKeys, 1.2.3's member), then
// every refusal the rules name (docs/observed/rules-1.2.3.md Appendix C.1, OURS-PKJ-*), each a
// 401 invalid_client that issues nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as oauth from 'oauth4webapi';
import * as H from '../compat/harness/index.mjs';

const OPTIONS = { ...H.CONFIGS.v1, allowClientCredentialsGrant: true, introspectionEndpoint: '/introspect', allowPrivateKeyJwt: true };
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS });
after(() => w.dispose());

const fetchOf = { [oauth.customFetch]: (url, init) => w.fetch(String(url), init) };
const issuer = new URL(H.ORIGIN);
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...fetchOf, algorithm: 'oauth2' }));

const gen = (alg) => crypto.webcrypto.subtle.generateKey(
  alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  true, ['sign', 'verify']);
const ec = await gen('ES256');
const rsa = await gen('RS256');
const jwk = async (k, kid) => ({ ...(await crypto.webcrypto.subtle.exportKey('jwk', k.publicKey)), kid, use: 'sig', key_ops: undefined, ext: undefined });

// createClient with allowPrivateKeyJwt: the keys go to the record's clientAssertionKeys (1.2.3's
// member, never answered), no secret is minted.
const created = await w.test('createClient', {
  redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [],
  tokenEndpointAuthMethod: 'private_key_jwt', allowedScopes: ['read'],
  jwks: { keys: [await jwk(ec, 'ec-1'), await jwk(rsa, 'rsa-1')] },
});
const CLIENT_ID = created.clientId;
const client = { client_id: CLIENT_ID };

test('createClient: private_key_jwt with jwks; metadata advertises the method and its algorithms', async () => {
  assert.equal(created.tokenEndpointAuthMethod, 'private_key_jwt');
  assert.equal(created.clientSecret, undefined);
  assert.equal(created.clientAssertionKeys, undefined);
  assert.equal(created.jwks, undefined);
  const rec = (await w.test('kv', {})).find((r) => r.key === `client:${CLIENT_ID}`).value;
  const stored = typeof rec === 'string' ? JSON.parse(rec) : rec;
  assert.deepEqual(stored.clientAssertionKeys.algorithms, ['RS256', 'ES256']);
  assert.equal(stored.clientAssertionKeys.jwks.keys.length, 2);
  assert.deepEqual(as.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
  assert.deepEqual(as.token_endpoint_auth_signing_alg_values_supported, ['RS256', 'ES256']);
  assert.deepEqual(as.introspection_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
  assert.deepEqual(as.introspection_endpoint_auth_signing_alg_values_supported, ['RS256', 'ES256']);
  const bad = async (args, message) => {
    const r = await w.fetch('/__test/createClient', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'private_key_jwt', ...args }) });
    const text = await r.text();
    assert.ok(text.includes(message), text);
  };
  await bad({}, 'private_key_jwt requires jwks or jwksUri');
  await bad({ jwks: { keys: [{ ...(await jwk(rsa, 'x')), d: 'AAAA' }] } }, 'Invalid jwks');
  await bad({ jwks: { keys: [] }, jwksUri: 'https://c.example/jwks' }, 'jwks and jwksUri must not both be present');
});

test('private_key_jwt (ES256 and RS256, inline JWKS): client_credentials, the API, introspection', async () => {
  for (const [key, kid] of [[ec, 'ec-1'], [rsa, 'rsa-1']]) {
    const auth = oauth.PrivateKeyJwt({ key: key.privateKey, kid });
    const tr = await oauth.processClientCredentialsResponse(as, client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'read' }, fetchOf));
    assert.equal(tr.scope, 'read');
    const res = await w.fetch('/api/data', { headers: { authorization: `Bearer ${tr.access_token}` } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).auth.clientId, CLIENT_ID);
    const i = await oauth.processIntrospectionResponse(as, client,
      await oauth.introspectionRequest(as, client, auth, tr.access_token, fetchOf));
    assert.equal(i.active, true);
    assert.equal(i.client_id, CLIENT_ID);
  }
});

// A compact JWS signed by hand, to make each refusal.
const b64u = (b) => Buffer.from(b).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
async function assertion({ header = {}, claims = {}, sign = 'ec' } = {}) {
  const h = { alg: sign === 'rsa' ? 'RS256' : 'ES256', kid: sign === 'rsa' ? 'rsa-1' : 'ec-1', ...header };
  const c = { iss: CLIENT_ID, sub: CLIENT_ID, aud: H.ORIGIN, iat: now(), exp: now() + 60, jti: crypto.randomUUID(), ...claims };
  const input = `${b64u(JSON.stringify(h))}.${b64u(JSON.stringify(c))}`;
  let sig;
  if (typeof sign === 'function') sig = sign(input);
  else if (sign === 'none') sig = new Uint8Array(0);
  else {
    const k = sign === 'rsa' ? rsa.privateKey : ec.privateKey;
    sig = new Uint8Array(await crypto.webcrypto.subtle.sign(sign === 'rsa' ? 'RSASSA-PKCS1-v1_5' : { name: 'ECDSA', hash: 'SHA-256' }, k, Buffer.from(input)));
  }
  return `${input}.${b64u(sig)}`;
}
const TOKEN_PATH = new URL(as.token_endpoint).pathname;
const post = (a, path = TOKEN_PATH, extra = { grant_type: 'client_credentials' }) => w.fetch(path, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ ...extra, client_id: CLIENT_ID, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a }),
});
async function refused(a, path, extra) {
  const r = await post(a, path, extra);
  const body = await r.json();
  assert.equal(r.status, 401, JSON.stringify(body));
  assert.equal(body.error, 'invalid_client');
  assert.equal(body.error_description, 'Client authentication failed');
}

test('private_key_jwt: a replayed jti is refused (token endpoint and introspection)', async () => {
  const a = await assertion();
  const first = await post(a);
  assert.equal(first.status, 200);
  await first.arrayBuffer();
  await refused(a);
  const b = await assertion({ sign: 'rsa' });
  const ok = await post(b, '/introspect', { token: 'x' });
  assert.deepEqual(await ok.json(), { active: false });
  await refused(b, '/introspect', { token: 'x' });
});

test('private_key_jwt refusals: alg none, HS256 keyed with the public key, expiry, audience, issuer, kid, signature', async () => {
  const spki = Buffer.from(await crypto.webcrypto.subtle.exportKey('spki', rsa.publicKey));
  const pem = `-----BEGIN PUBLIC KEY-----\n${spki.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
  const nBytes = Buffer.from((await jwk(rsa, 'rsa-1')).n, 'base64url');
  const hmac = (key) => (input) => crypto.createHmac('sha256', key).update(input).digest();
  const cases = {
    'alg none': await assertion({ header: { alg: 'none' }, sign: 'none' }),
    'alg none, signed part': await assertion({ header: { alg: 'none' }, sign: () => Buffer.from('x') }),
    'HS256 keyed with the PEM public key': await assertion({ header: { alg: 'HS256', kid: 'rsa-1' }, sign: hmac(pem) }),
    'HS256 keyed with the modulus': await assertion({ header: { alg: 'HS256', kid: 'rsa-1' }, sign: hmac(nBytes) }),
    'expired': await assertion({ claims: { exp: now() - 61, iat: now() - 120 } }),
    'more than an hour ahead': await assertion({ claims: { exp: now() + 3700 } }),
    'wrong aud': await assertion({ claims: { aud: 'https://other.example' } }),
    'wrong iss': await assertion({ claims: { iss: 'someoneElse00001' } }),
    'wrong sub': await assertion({ claims: { sub: 'someoneElse00001' } }),
    'no jti': await assertion({ claims: { jti: undefined } }),
    'unknown kid': await assertion({ header: { kid: 'nope' } }),
    'bad signature': (await assertion({ sign: 'rsa' })).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
  };
  const other = await gen('ES256');
  const h = { alg: 'ES256', kid: 'ec-1' };
  const c = { iss: CLIENT_ID, sub: CLIENT_ID, aud: H.ORIGIN, exp: now() + 60, jti: crypto.randomUUID() };
  const input = `${b64u(JSON.stringify(h))}.${b64u(JSON.stringify(c))}`;
  cases['signed by another key'] = `${input}.${b64u(new Uint8Array(await crypto.webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, other.privateKey, Buffer.from(input))))}`;
  for (const [name, a] of Object.entries(cases)) {
    await test(name, () => refused(a));
  }
  // None of them issued a token.
  const grants = await w.test('listUserGrants', { userId: `client:${CLIENT_ID}` });
  assert.equal(grants.items.length, 3);
});

test('updateClient: jwks for private_key_jwt, checked in C, kept as clientAssertionKeys; new keys replace the old', async () => {
  const info = await w.test('createClient', {
    redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [],
    tokenEndpointAuthMethod: 'client_secret_basic', allowedScopes: ['read'],
  });
  const c = { client_id: info.clientId };
  const record = async () => (await w.dumpKV()).find((r) => r.key === `client:${info.clientId}`).value;
  const token = (key, kid) => oauth.clientCredentialsGrantRequest(as, c, oauth.PrivateKeyJwt({ key: key.privateKey, kid }), {}, fetchOf)
    .then((res) => oauth.processClientCredentialsResponse(as, c, res));
  const refused = (updates, message) => assert.rejects(w.test('updateClient', { clientId: info.clientId, updates }),
    (e) => e.status === 500 && e.body.helperError.name === 'Error' && e.body.helperError.message.includes(message));

  await refused({ jwks: { keys: [await jwk(ec, 'ec-1')] } }, 'jwks requires tokenEndpointAuthMethod private_key_jwt');
  await refused({ tokenEndpointAuthMethod: 'private_key_jwt' }, 'private_key_jwt requires jwks or jwksUri');
  await refused({ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [{ ...(await jwk(ec, 'x')), d: 'AAAA' }] } }, 'Invalid jwks');
  await refused({ tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://c.example/jwks' }, 'private_key_jwt jwksUri must be an https: URL');
  await refused({ tokenEndpointAuthMethod: 'private_key_jwt', clientAssertionKeys: { jwks: { keys: [] }, algorithms: ['ES256'] } },
    'clientAssertionKeys cannot be set');
  assert.equal((await record()).tokenEndpointAuthMethod, 'client_secret_basic');

  const updated = await w.test('updateClient', { clientId: info.clientId, updates: { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [await jwk(ec, 'ec-1')] } } });
  assert.equal(updated.tokenEndpointAuthMethod, 'private_key_jwt');
  assert.equal(updated.clientAssertionKeys, undefined);
  assert.equal(updated.jwks, undefined);
  assert.equal(updated.clientSecret, undefined);
  const rec = await record();
  assert.deepEqual(rec.clientAssertionKeys.algorithms, ['ES256']);
  assert.equal(rec.jwks, undefined);
  assert.equal(rec.clientSecret, undefined);
  assert.equal((await token(ec, 'ec-1')).scope, 'read');
  await assert.rejects(token(rsa, 'rsa-1'), (e) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_client');

  await w.test('updateClient', { clientId: info.clientId, updates: { jwks: { keys: [await jwk(rsa, 'rsa-1')] } } });
  assert.deepEqual((await record()).clientAssertionKeys.algorithms, ['RS256']);
  assert.equal((await token(rsa, 'rsa-1')).scope, 'read');
  await assert.rejects(token(ec, 'ec-1'), (e) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_client');
});
