// Client ID Metadata Documents served by a test (cimd.test.mjs, cimd-0.10.test.mjs,
// authorization-server.test.mjs) through Miniflare's outboundService: the Worker's own fetch() calls
// are answered here, the URLs staying https://. serve(path, answer) publishes a document under DOCS;
// every request is recorded. Below, what those tests ask of both libraries alike.
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import * as H from './index.mjs';
import { seen } from './dual.mjs';

export const DOCS = 'https://app.example.net';
export const served = new Map();
export const requests = [];
// The outboundService: the answer served for the URL's origin and path, else 404.
export function documentServer(request) {
  const url = new URL(request.url);
  requests.push({ url: request.url, accept: request.headers.get('accept'), cacheControl: request.headers.get('cache-control'), ua: request.headers.get('user-agent') });
  const answer = served.get(url.origin + url.pathname);
  return answer ? answer(request) : new Response('not found', { status: 404 });
}
export const json = (body, init = {}) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' }, ...init });
// Publishes answer (a function of the Request) at DOCS + path; returns that URL.
export const serve = (path, answer) => { served.set(DOCS + path, answer); return DOCS + path; };
// A public client's document for url, with extra members.
export const doc = (url, extra = {}) => ({ client_id: url, client_name: 'Doc Client', redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none', ...extra });
// The compatibility flags CIMD needs, as 1.2.3 requires them.
export const FLAGS = ['nodejs_compat', 'global_fetch_strictly_public'];

// A helper's outcome as the application sees it: its value, or the error it threw (its
// constructor's name aside: the references' bundles rename the class CimdFetchError2).
export async function helperOutcome(v, op, body) {
  try {
    return { value: await v.test(op, body) };
  } catch (e) {
    const { constructor, ...threw } = e.body?.helperError ?? e.body;
    return { threw };
  }
}

// Documents that cannot be resolved, each served, and URLs refused
// before any fetch (R-CIMD-01, 05, 06, 08, 09): [[name, client id URL]].
export function unresolvableDocuments() {
  const BAD = [
    ['R-CIMD-10 404', '/bad/404', () => new Response('no', { status: 404 })],
    ['R-CIMD-10 500', '/bad/500', () => new Response('{}', { status: 500 })],
    ['R-CIMD-11 declared too large', '/bad/declared', (r) => json('{}', { headers: { 'content-type': 'application/json', 'content-length': '9999' } })],
    ['R-CIMD-13 body too large', '/bad/large', () => json({ client_id: 'x', pad: 'x'.repeat(6000) })],
    ['R-CIMD-14 not UTF-8', '/bad/utf8', () => new Response(new Uint8Array([0x7b, 0xff, 0x7d]), { headers: { 'content-type': 'application/json' } })],
    ['R-CIMD-15 not JSON', '/bad/json', () => json('{not json')],
    ['R-CIMD-17 not an object', '/bad/array', () => json('[]')],
    ['R-CIMD-19 client_id mismatch', '/bad/mismatch', () => json(doc('https://other.example.net/c.json'))],
    ['R-CIMD-20 no client_name', '/bad/name', (r) => json({ ...doc(DOCS + '/bad/name'), client_name: ' ' })],
    ['R-CIMD-21 no redirect_uris', '/bad/redirects', () => json({ ...doc(DOCS + '/bad/redirects'), redirect_uris: [] })],
    ['R-CIMD-22 dangerous redirect', '/bad/js', () => json({ ...doc(DOCS + '/bad/js'), redirect_uris: ['javascript:alert(1)'] })],
    ['R-CIMD-23 a secret', '/bad/secret', () => json({ ...doc(DOCS + '/bad/secret'), client_secret: 's' })],
    ['R-CIMD-25 private key material', '/bad/private', () => json({ ...doc(DOCS + '/bad/private'), jwks: { keys: [{ kty: 'EC', d: 'x' }] } })],
    ['R-CIMD-27 symmetric method', '/bad/symmetric', () => json({ ...doc(DOCS + '/bad/symmetric'), token_endpoint_auth_method: 'client_secret_basic' })],
    ['R-CIMD-28 no accepted method', '/bad/methods', () => json({ ...doc(DOCS + '/bad/methods'), token_endpoint_auth_method: undefined, token_endpoint_auth_methods_supported: ['tls_client_auth'] })],
    ['R-CIMD-29 grant without code', '/bad/grants', () => json({ ...doc(DOCS + '/bad/grants'), response_types: ['token'] })],
    ['R-CIMD-12 no body', '/bad/empty', () => new Response(null, { status: 200, headers: { 'content-type': 'application/json' } })],
    ['R-CIMD-18 a member of the wrong type', '/bad/type', () => json({ ...doc(DOCS + '/bad/type'), client_uri: 5 })],
    ['R-CIMD-24 jwks keys not an array', '/bad/jwks', () => json({ ...doc(DOCS + '/bad/jwks'), jwks: { keys: {} } })],
    ['R-CIMD-26 private_key_jwt without keys', '/bad/pkj', () => json({ ...doc(DOCS + '/bad/pkj'), token_endpoint_auth_method: 'private_key_jwt' })],
  ];
  const REFUSED_URLS = [
    ' https://app.example.net/c.json',
    'https://app.example.net/c.json#f',
    'https://user@app.example.net/c.json',
    'https://app.example.net/a/../c.json',
    'https://app.example.net/%zz/c.json',
  ];
  for (const [, path, answer] of BAD) serve(path, answer);
  return [...BAD.map(([name, path]) => [name, DOCS + path]), ...REFUSED_URLS.map((u) => [u, u])];
}

// Each case asked of a pair d (startDual's: theirs, ours, both): the token endpoint's answer (401
// invalid_client "Client not found"), lookupClient's CimdFetchError and parseAuthRequest's (the
// harness's /authorize), each the reference's.
export async function assertUnresolvable(d, cases) {
  for (const [name, url] of cases) {
    const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }) };
    const [a, b] = await d.both('/token', init);
    assert.deepEqual(seen(b), seen(a), name);
    assert.deepEqual([b.status, b.body.error, b.body.error_description], [401, 'invalid_client', 'Client not found'], name);
    const la = await helperOutcome(d.theirs, 'lookupClient', { clientId: url });
    const lb = await helperOutcome(d.ours, 'lookupClient', { clientId: url });
    assert.deepEqual(lb, la, name);
    assert.equal(lb.threw?.name, 'CimdFetchError', `${name}: ${JSON.stringify(lb)}`);
    assert.ok(lb.threw.message.startsWith(`CIMD fetch failed for ${url}: `), name);
    const q = new URLSearchParams({ response_type: 'code', client_id: url, redirect_uri: H.REDIRECT_URI, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const [pa, pb] = await d.both('/authorize?' + q);
    for (const r of [pa, pb]) delete r.body.parseError?.constructor;
    assert.deepEqual(seen(pb), seen(pa), name);
    assert.equal(pb.body.parseError?.name, 'CimdFetchError', name);
  }
}

// oauth4webapi as a public client with the URL client id url, against v: discovery, /authorize
// (the harness consents with completeAuthorization), the code exchange, the API, refresh, and the
// API with the refreshed token. Returns what the API handler saw the first time.
export async function publicClientFlow(v, url) {
  const opts = { [oauth.customFetch]: (u, init) => v.fetch(String(u), init) };
  const issuer = new URL(H.ORIGIN);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
  const client = { client_id: url };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const { location, response } = await H.authorize(v, { clientId: url, challenge: await oauth.calculatePKCECodeChallenge(verifier), state, scope: 'read' });
  assert.ok(location, `${v.name}: ${JSON.stringify(response.body)}`);
  const params = oauth.validateAuthResponse(as, client, new URL(location), state);
  const tr = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, H.REDIRECT_URI, verifier, opts));
  assert.equal(tr.scope, 'read', v.name);
  const api = (token) => oauth.protectedResourceRequest(token, 'GET', new URL(`${H.ORIGIN}/api/data`), new Headers(), null, opts);
  const res = await api(tr.access_token);
  assert.equal(res.status, 200, v.name);
  const seenAtApi = await res.json();
  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tr.refresh_token, opts));
  assert.equal((await api(refreshed.access_token)).status, 200, v.name);
  return seenAtApi;
}

// completeAuthorization for the document client url, as one user, for its redirect URI, another it
// lists, then the first again: the redirect URIs of the user's grants left (sorted).
export async function grantsAfterReauthorizing(v, url) {
  const user = `grants-${v.name}`;
  const complete = (redirectUri) => v.test('completeAuthorization', {
    request: { responseType: 'code', clientId: url, redirectUri, scope: ['read'], state: 's', codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'S256' },
    userId: user, metadata: {}, scope: ['read'], props: {},
  });
  await complete(H.REDIRECT_URI);
  await complete(OTHER_REDIRECT_URI);
  await complete(H.REDIRECT_URI);
  const grants = (await v.dumpKV()).filter((r) => r.key.startsWith(`grant:${user}:`));
  return grants.map((g) => g.value.redirectUri).sort();
}
export const OTHER_REDIRECT_URI = 'https://client.example.org/other';
