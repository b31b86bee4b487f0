// private_key_jwt with keys by URI (ours; README "Machine identities"), in workerd, with
// oauth4webapi's PrivateKeyJwt as the client: the core asks for the set (the effect OC_FX_FETCH),
// the shim performs a real fetch() with redirect: 'manual', a time limit and a byte limit, and the
// set is cached in KV. The key server is run by this test: Miniflare's outboundService answers the
// Worker's outbound fetch() calls with a function here, so the URLs stay https:// (no option of the
// provider relaxes the https rule for tests) and every request is counted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as oauth from 'oauth4webapi';
import * as H from '../compat/harness/index.mjs';

const KEYS = 'https://keys.example.net';
const gen = (alg) => crypto.webcrypto.subtle.generateKey(
  alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  true, ['sign', 'verify']);
const ec = await gen('ES256');
const rsa = await gen('RS256');
const jwk = async (k, kid) => ({ ...(await crypto.webcrypto.subtle.exportKey('jwk', k.publicKey)), kid, use: 'sig', key_ops: undefined, ext: undefined });
const EC = await jwk(ec, 'ec-1');
const RSA = await jwk(rsa, 'rsa-1');

// The key server: each path's answer, and how many GETs each path got.
const served = new Map();
const hits = new Map();
const json = (body, init = {}) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
function keyServer(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  hits.set(key, (hits.get(key) ?? 0) + 1);
  const answer = served.get(key);
  return answer ? answer(request) : new Response('not found', { status: 404 });
}
const serve = (path, answer) => { served.set(KEYS + path, answer); return KEYS + path; };
const count = (url) => hits.get(url) ?? 0;

const OPTIONS = { ...H.CONFIGS.v1, allowClientCredentialsGrant: true, allowPrivateKeyJwt: true };
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, outboundService: keyServer });
after(() => w.dispose());

const fetchOf = { [oauth.customFetch]: (url, init) => w.fetch(String(url), init) };
const issuer = new URL(H.ORIGIN);
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...fetchOf, algorithm: 'oauth2' }));

const create = (jwksUri) => w.test('createClient', {
  redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [],
  tokenEndpointAuthMethod: 'private_key_jwt', allowedScopes: ['read'], jwksUri,
});
// The token endpoint's raw answer to a client_credentials request signed with key (kid).
const ask = (clientId, key, kid) => oauth.clientCredentialsGrantRequest(as, { client_id: clientId },
  oauth.PrivateKeyJwt({ key: key.privateKey, kid }), { scope: 'read' }, fetchOf);
async function issued(clientId, key, kid) {
  const tr = await oauth.processClientCredentialsResponse(as, { client_id: clientId }, await ask(clientId, key, kid));
  assert.equal(tr.scope, 'read');
  const res = await w.fetch('/api/data', { headers: { authorization: `Bearer ${tr.access_token}` } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).auth.clientId, clientId);
}
async function refused(clientId, key, kid) {
  const r = await ask(clientId, key, kid);
  const body = await r.json();
  assert.equal(r.status, 401, JSON.stringify(body));
  assert.deepEqual([body.error, body.error_description], ['invalid_client', 'Client authentication failed']);
}
const cacheRecords = async () => (await w.dumpKV()).filter((r) => r.key.startsWith('oc-client-jwks:'));

test('jwks_uri: the set fetched once, cached in KV, a second assertion needs no fetch', async () => {
  const url = serve('/a/jwks', () => json({ keys: [EC, RSA] }));
  const { clientId, clientSecret } = await create(url);
  assert.equal(clientSecret, undefined);
  const stored = (await w.dumpKV()).find((r) => r.key === `client:${clientId}`).value;
  const rec = typeof stored === 'string' ? JSON.parse(stored) : stored;
  assert.equal(rec.jwksUri, url);
  assert.deepEqual(rec.clientAssertionKeys, { jwksUri: url, algorithms: ['RS256', 'ES256'] });
  await issued(clientId, ec, 'ec-1');
  assert.equal(count(url), 1);
  await issued(clientId, rsa, 'rsa-1');
  await issued(clientId, ec, 'ec-1');
  assert.equal(count(url), 1);
  const [cached] = await cacheRecords();
  assert.match(cached.key, /^oc-client-jwks:[0-9a-f]{64}$/);
  assert.match(cached.value, /^\d+\n\{"keys"/);
  assert.ok(cached.expiration > Date.now() / 1000 + 200 && cached.expiration <= Date.now() / 1000 + 301, String(cached.expiration));
});

test('jwks_uri: a kid the cached set lacks fetches the set again, at most once in 30 s', async () => {
  let keys = [EC];
  const url = serve('/b/jwks', () => json({ keys }));
  const { clientId } = await create(url);
  await issued(clientId, ec, 'ec-1');
  assert.equal(count(url), 1);
  keys = [EC, RSA]; // the client publishes a new key
  await refused(clientId, rsa, 'rsa-1'); // the set was fetched less than 30 s ago: not again
  assert.equal(count(url), 1);
  // The cached set made 60 s older (its record: fetch time in seconds, a newline, the document).
  const rec = (await cacheRecords()).find((r) => r.value.includes(EC.x) && !r.value.includes(RSA.n));
  const [at, doc] = [rec.value.slice(0, rec.value.indexOf('\n')), rec.value.slice(rec.value.indexOf('\n') + 1)];
  await w.test('kv-put', { key: rec.key, value: `${Number(at) - 60}\n${doc}`, expirationTtl: 300 });
  await issued(clientId, rsa, 'rsa-1');
  assert.equal(count(url), 2);
  await issued(clientId, rsa, 'rsa-1');
  assert.equal(count(url), 2);
});

test('jwks_uri: oversized, slow, redirected, non-200 and non-JSON documents are refused (401 invalid_client), nothing cached', async () => {
  const big = serve('/big/jwks', () => json({ keys: [EC], pad: 'x'.repeat(70 * 1024) }));
  const slow = serve('/slow/jwks', () => new Promise((resolve) => setTimeout(() => resolve(json({ keys: [EC] })), 7000)));
  const target = serve('/target/jwks', () => json({ keys: [EC] }));
  const moved = serve('/moved/jwks', () => new Response(null, { status: 302, headers: { location: target } }));
  const missing = serve('/missing/jwks', () => json({ error: 'gone' }, { status: 404 }));
  const failing = serve('/error/jwks', () => json({ keys: [EC] }, { status: 500 }));
  const html = serve('/html/jwks', () => new Response(JSON.stringify({ keys: [EC] }), { headers: { 'content-type': 'text/html' } }));
  const before = (await cacheRecords()).length;
  for (const url of [big, moved, missing, failing, html]) {
    const { clientId } = await create(url);
    await refused(clientId, ec, 'ec-1');
    assert.equal(count(url), 1, url);
  }
  assert.equal(count(target), 0); // the redirect was not followed
  const { clientId } = await create(slow);
  const t0 = Date.now();
  await refused(clientId, ec, 'ec-1');
  const took = Date.now() - t0;
  assert.ok(took >= 4500 && took < 6900, `timed out after ${took} ms`);
  assert.equal((await cacheRecords()).length, before);
});

test('createClient / updateClient: a jwksUri that is not https, has userinfo or a fragment, or names a local address is refused', async () => {
  for (const uri of ['http://keys.example.net/jwks', 'https://u:p@keys.example.net/jwks', 'https://keys.example.net/jwks#k',
    'https://localhost/jwks', 'https://127.0.0.1/jwks', 'https://2130706433/jwks', 'https://10.0.0.8/jwks',
    'https://169.254.169.254/jwks', 'https://[::1]/jwks', '/jwks']) {
    await assert.rejects(create(uri), (e) => e.status === 500 && e.body.helperError.message.includes('private_key_jwt jwksUri must be an https: URL'), uri);
  }
  const info = await w.test('createClient', { redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [], tokenEndpointAuthMethod: 'client_secret_basic', allowedScopes: ['read'] });
  await assert.rejects(w.test('updateClient', { clientId: info.clientId, updates: { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://keys.example.net/jwks' } }),
    (e) => e.status === 500 && e.body.helperError.message.includes('private_key_jwt jwksUri must be an https: URL'));
  const url = serve('/c/jwks', () => json({ keys: [EC] }));
  const updated = await w.test('updateClient', { clientId: info.clientId, updates: { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: url } });
  assert.equal(updated.jwksUri, url);
  await issued(info.clientId, ec, 'ec-1');
  assert.equal(count(url), 1);
});

// Dynamic registration (RFC 7591 §2) with allowPrivateKeyJwt: jwks or jwks_uri, then the
// authorization code flow with oauth4webapi authenticating by private_key_jwt at the token endpoint.
async function codeFlowWith(client, key, kid) {
  const auth = oauth.PrivateKeyJwt({ key: key.privateKey, kid });
  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const { code } = await H.authorize(w, { clientId: client.client_id, scope: 'read', challenge, state: 's1' });
  const cb = new URL(`${H.REDIRECT_URI}?code=${encodeURIComponent(code)}&state=s1&iss=${encodeURIComponent(as.issuer)}`);
  const params = oauth.validateAuthResponse(as, client, cb, 's1');
  const tr = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, auth, params, H.REDIRECT_URI, verifier, fetchOf));
  assert.equal(tr.token_type.toLowerCase(), 'bearer');
  const res = await w.fetch('/api/data', { headers: { authorization: `Bearer ${tr.access_token}` } });
  assert.equal(res.status, 200);
  return tr;
}
const register = (metadata) => oauth.dynamicClientRegistrationRequest(as, { redirect_uris: [H.REDIRECT_URI], ...metadata }, fetchOf);

test('registration: private_key_jwt with jwks, then a code exchange authenticated by an assertion (oauth4webapi)', async () => {
  const client = await oauth.processDynamicClientRegistrationResponse(await register({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [EC] } }));
  assert.equal(client.token_endpoint_auth_method, 'private_key_jwt');
  assert.equal(client.client_secret, undefined);
  assert.deepEqual(client.jwks, JSON.parse(JSON.stringify({ keys: [EC] })));
  await codeFlowWith(client, ec, 'ec-1');
});

test('registration: private_key_jwt with jwks_uri, the set fetched when the first assertion comes', async () => {
  const url = serve('/reg/jwks', () => json({ keys: [RSA] }));
  const client = await oauth.processDynamicClientRegistrationResponse(await register({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: url }));
  assert.equal(client.jwks_uri, url);
  assert.equal(client.client_secret, undefined);
  assert.equal(count(url), 0);
  await codeFlowWith(client, rsa, 'rsa-1');
  assert.equal(count(url), 1);
});

test('registration refusals: jwks and jwks_uri together, neither, a jwks_uri that is not https or names a local address (400 invalid_client_metadata)', async () => {
  const cases = [
    [{ jwks: { keys: [EC] }, jwks_uri: `${KEYS}/x/jwks` }, 'jwks and jwks_uri must not both be present'],
    [{}, 'private_key_jwt requires jwks or jwks_uri'],
    [{ jwks_uri: 'http://keys.example.net/jwks' }, 'private_key_jwt jwks_uri must be an https: URL'],
    [{ jwks_uri: 'https://127.0.0.1/jwks' }, 'private_key_jwt jwks_uri must be an https: URL'],
    [{ jwks: { keys: [{ ...EC, d: 'AAAA' }] } }, 'Invalid jwks'],
  ];
  for (const [metadata, message] of cases) {
    const r = await register({ token_endpoint_auth_method: 'private_key_jwt', ...metadata });
    const body = await r.json();
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(body.error, 'invalid_client_metadata');
    assert.ok(body.error_description.startsWith(message), body.error_description);
  }
});
