// Enterprise-managed authorization (the ID-JAG jwt-bearer grant) under test, for both generations
// (ema.test.mjs against 1.2.3, ema-0.10.test.mjs against 0.10.4): the issuers' key-set server for
// Miniflare's outboundService (the keys and the signer: idjag.mjs), the options (resolver and
// mapper by mode, onError and the mapper recording what they were given), and one side's run of a
// case: the answer, what onError and the mapper saw, the records after it (ours' key-set cache
// aside) and the token at the API.
import assert from 'node:assert/strict';
import * as H from './index.mjs';
import { GRANT_TYPE as GT, JWKS, b64, sign } from './idjag.mjs';

export { GT };
export const IDP = 'https://idp.example.net';

// The key server: /t/<mode>/jwks answers by mode; every other path the set. Each request is
// recorded in `fetched` (its path and its User-Agent).
export const fetched = [];
export function keyServer(request) {
  const url = new URL(request.url);
  fetched.push({ path: url.pathname, userAgent: request.headers.get('user-agent') });
  const mode = url.pathname.split('/')[2];
  if (mode === 'jwks404') return new Response('no', { status: 404 });
  if (mode === 'jwksnotjson') return new Response('not json', { headers: { 'content-type': 'application/json' } });
  if (mode === 'jwksnokeys') return Response.json({ nokeys: [] });
  return Response.json(JWKS);
}

// The options (extraCode): the resolver by the issuer's mode (…/t/<mode>); the mapper by the claim
// sub. onError records its reason and detail (its members' order too, a member holding undefined
// included: R-REST-08), the mapper the resource and scopes it was told ({mapper}).
export const EXTRA = `(L) => ({
  enterpriseManagedAuthorization: {
    trustedIssuers: async ({ iss, clientInfo, env, request }) => {
      if (!clientInfo?.clientId || typeof env.OAUTH_KV.get !== 'function' || !(request instanceof Request)) throw new Error('input');
      const mode = new URL(iss).pathname.split('/')[2];
      const ok = { issuer: iss, jwksUri: iss + '/jwks', algorithms: ['RS256', 'ES256'] };
      switch (mode) {
        case 'null': return null;
        case 'throw': throw new Error('resolver');
        case 'other': return { ...ok, issuer: '${IDP}/other' };
        case 'http': return { ...ok, jwksUri: 'http://idp.example.net/jwks' };
        case 'rsonly': return { ...ok, algorithms: undefined };
        case 'aud': return { ...ok, audience: 'https://as.example/tenant' };
        default: return ok;
      }
    },
    mapClaims: async ({ claims, clientInfo, resource, requestedScope, request, env }) => {
      (globalThis.__TEST_SEEN ??= []).push({ mapper: { resource, requestedScope, claimResource: claims.resource } });
      const base = { userId: 'enterprise-' + claims.sub, scope: ['read', 'write'], metadata: { iss: claims.iss },
        props: { claims, client: clientInfo.clientId, resource, requestedScope, env: typeof env.OAUTH_KV.get, method: request.method } };
      switch (claims.sub) {
        case 'deny': return null;
        case 'throw': throw new Error('mapper');
        case 'nouser': return { ...base, userId: '' };
        case 'colon': return { ...base, userId: 'a:b' };
        case 'badscope': return { ...base, scope: 'read' };
        case 'badtoken': return { ...base, scope: ['a b'] };
        case 'noprops': return { ...base, props: undefined };
        case 'nullprops': return { ...base, props: null };
        case 'ttl0': return { ...base, accessTokenTTL: 0 };
        case 'ttl30': return { ...base, accessTokenTTL: 30 };
        case 'ttl90': return { ...base, accessTokenTTL: 90 };
        case 'string': return 'x';
        default: return base;
      }
    },
  },
  onError: (e) => { (globalThis.__TEST_SEEN ??= []).push({ code: e.code, status: e.status, internal: e.internal && { category: e.internal.category, reason: e.internal.reason, detail: e.internal.detail, detailKeys: e.internal.detail && Object.keys(e.internal.detail) } }); },
})`;

// The token request of a valid assertion of claims for a confidential client (its Basic credentials).
export async function grantRequest(client, claims, params = {}) {
  const assertion = await sign('RS256', { alg: 'RS256', typ: 'oauth-id-jag+jwt', kid: 'rsa-1' }, claims);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(client.clientId, client.clientSecret) }, body: H.form({ grant_type: GT, assertion, ...params }) };
}

// The RFC 8414 document as a pair's two sides serve it (equal): the reference's, with whether it
// advertises the grant and the ID-JAG profile.
export async function advertised(pair) {
  const [a, b] = await pair.both('/.well-known/oauth-authorization-server');
  assert.deepEqual(b, a);
  return { grant: a.body.grant_types_supported.includes(GT), profiles: a.body.authorization_grant_profiles_supported };
}

// For each order of a pair's two sides (views on one KV): an assertion redeemed by the first is a
// replay for the second (the same jti marker in KV), and the token the first minted is served by both.
export async function redeemedByEither(pair) {
  for (const [first, second] of [[pair.theirs, pair.ours], [pair.ours, pair.theirs]]) {
    await first.test('kv-clear', {});
    const now = Math.floor((await first.test('now')).now / 1000);
    const client = await first.test('createClient', { redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'client_secret_basic' });
    const init = await grantRequest(client, { iss: `${IDP}/t/shared`, sub: 'alice', aud: H.ORIGIN, client_id: client.clientId, jti: 'shared', exp: now + 120, iat: now });
    const a = await H.capture(await first.fetch('/token', init));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const b = await H.capture(await second.fetch('/token', init));
    assert.equal(b.status, 400);
    assert.equal(b.body.error_description, 'Invalid assertion');
    for (const v of [first, second]) {
      const api = await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${a.body.access_token}` } }));
      assert.equal(api.status, 200, `${v.name}: ${JSON.stringify(api.body)}`);
    }
  }
}

// One side's run of a case c: a confidential client (or a public one; c.client: more of its
// metadata), the assertion, the answer, what onError and the mapper saw, the records, and the token
// at the API.
export async function run(v, c) {
  await v.test('kv-clear', {});
  await v.test('seen', {});
  const now = Math.floor((await v.test('now')).now / 1000);
  const vars = {};
  const client = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: c.public ? 'none' : 'client_secret_basic', ...(c.client ?? {}) });
  vars.client = client.clientId;
  const iss = `${IDP}/t/${c.mode ?? c.name.replace(/[^a-z0-9]/gi, '')}`;
  const claims = { iss, sub: 'alice', aud: H.ORIGIN, client_id: client.clientId, jti: 'jti-1', exp: now + 120, iat: now, scope: 'read write', email: 'a@example.com', ...(c.claims?.(now) ?? {}) };
  for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
  const header = { alg: c.alg ?? 'RS256', typ: 'oauth-id-jag+jwt', kid: (c.alg ?? 'RS256') === 'ES256' ? 'ec-1' : 'rsa-1', ...(c.header ?? {}) };
  for (const k of Object.keys(header)) if (header[k] === undefined) delete header[k];
  let assertion = c.assertion ?? await sign(c.sign ?? header.alg, header, claims);
  if (c.tamper) assertion = assertion.replace(/\.[^.]*$/, '.' + (await sign('RS256', header, { ...claims, jti: 'other' })).split('.')[2]);
  const params = { grant_type: GT, assertion, ...(c.params ?? {}) };
  if (params.assertion === null) delete params.assertion;
  const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(c.public ? { ...params, client_id: client.clientId } : params) };
  if (c.body) init.body += c.body;
  if (!c.public) init.headers.authorization = H.basicAuth(client.clientId, client.clientSecret);
  const out = { answer: H.seenByClient(await H.capture(await v.fetch('/token', init))) };
  if (c.twice) out.again = H.seenByClient(await H.capture(await v.fetch('/token', init)));
  out.reasons = await v.test('seen', {});
  out.records = (await v.test('kv')).filter((r) => !r.key.startsWith('client:') && !r.key.startsWith('oc-ema-jwks:'))
    .map((r) => ({ ...r, value: r.value && typeof r.value === 'object' ? { ...r.value, encryptedProps: r.value.encryptedProps && 'props', wrappedEncryptionKey: r.value.wrappedEncryptionKey && 'wrapped', grant: r.value.grant && { ...r.value.grant, encryptedProps: 'props' } } : r.value }))
    .map((r) => ({ ...r, key: r.key.replace(/:[A-Za-z0-9_-]{16}(:|$)/, ':{{grant}}$1').replace(/[0-9a-f]{64}$/, '{{hash}}') }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const tok = out.answer.body?.access_token;
  if (tok) {
    vars.token = tok;
    vars.grant = tok.split(':')[1];
    out.api = H.seenByClient(await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${tok}` } })));
  }
  return H.normalizeTimed(out, vars, now);
}

// What onError saw of a run (the mapper's entries aside).
export const errorsSeen = (r) => r.reasons.filter((x) => x.code !== undefined);

// The cases both generations answer alike (rules R-EMA-* of rules-1.2.3.md; R010-EMA-08).
export const CASES = [
  { name: 'ok RS256', status: 200 },
  { name: 'ok ES256', alg: 'ES256', status: 200 },
  { name: 'ok a scope asked narrows what the mapper is told', params: { scope: 'write admin' }, status: 200 },
  { name: 'ok no scope claim', claims: () => ({ scope: undefined }), status: 200 },
  { name: 'ok aud as a one-element array, resource claim naming the configured one', claims: () => ({ aud: [H.ORIGIN], resource: `${H.ORIGIN}/api` }), status: 200 },
  { name: 'ok the issuer audience', mode: 'aud', claims: () => ({ aud: 'https://as.example/tenant' }), status: 200 },
  { name: 'ok mapper ttl 90, null props', claims: () => ({ sub: 'ttl90' }), status: 200 },
  { name: 'R-EMA-01 public client', public: true, status: 401 },
  { name: 'R-EMA-03 assertion missing', params: { assertion: null }, status: 400 },
  { name: 'R-EMA-03 assertion empty', assertion: '', status: 400 },
  { name: 'R-EMA-04 assertion too large', assertion: 'a'.repeat(16385), status: 400 },
  { name: 'R-EMA-05 two parts', assertion: 'e30.e30', status: 400 },
  { name: 'R-EMA-05 header not an object', assertion: `${b64('[]')}.${b64({})}.AA`, status: 400 },
  { name: 'R-EMA-06 typ JWT', header: { typ: 'JWT' }, status: 400 },
  { name: 'R-EMA-06 typ absent', header: { typ: undefined }, status: 400 },
  { name: 'R-EMA-07 alg none', header: { alg: 'none', kid: undefined }, sign: 'none', status: 400 },
  { name: 'R-EMA-07 HS256 keyed by the public key', header: { alg: 'HS256' }, sign: 'HS256-pub', status: 400 },
  { name: 'R-EMA-07 an algorithm the issuer does not allow', mode: 'rsonly', alg: 'ES256', status: 400 },
  { name: 'R-EMA-08 iss missing', claims: () => ({ iss: undefined }), status: 400 },
  { name: 'R-EMA-09 resolver null', mode: 'null', status: 400 },
  { name: 'R-EMA-09 resolver throws', mode: 'throw', status: 400 },
  { name: 'R-EMA-09 resolver names another issuer', mode: 'other', status: 400 },
  { name: 'R-EMA-09 http jwksUri', mode: 'http', status: 400 },
  { name: 'R-EMA-10 key set 404', mode: 'jwks404', status: 400 },
  { name: 'R-EMA-10 key set not JSON', mode: 'jwksnotjson', status: 400 },
  { name: 'R-EMA-10 key set without keys', mode: 'jwksnokeys', status: 400 },
  { name: 'R-EMA-11 unknown kid', header: { kid: 'rotated' }, status: 400 },
  { name: 'R-EMA-12 signature of other claims', tamper: true, status: 400 },
  { name: 'R-EMA-14 sub missing', claims: () => ({ sub: undefined }), status: 400 },
  { name: 'R-EMA-14 aud of two', claims: () => ({ aud: [H.ORIGIN, 'https://x.example'] }), status: 400 },
  { name: 'R-EMA-14 exp fractional', claims: (now) => ({ exp: now + 120.5 }), status: 400 },
  { name: 'R-EMA-14 scope claim token invalid', claims: () => ({ scope: 'read "x' }), status: 400 },
  { name: 'R-EMA-15 cnf', claims: () => ({ cnf: { jkt: 'x' } }), status: 400 },
  { name: 'R-EMA-15 authorization_details', claims: () => ({ authorization_details: [] }), status: 400 },
  { name: 'R-EMA-16 aud mismatch', claims: () => ({ aud: 'https://other.example' }), status: 400 },
  { name: 'R-EMA-17 client_id mismatch', claims: () => ({ client_id: 'someone-else' }), status: 400 },
  { name: 'R-EMA-18 resource invalid', claims: () => ({ resource: 'urn:example:api' }), status: 400 },
  { name: 'R-EMA-19 resource mismatch', claims: () => ({ resource: `${H.ORIGIN}/other` }), status: 400 },
  { name: 'R-EMA-20 expired', claims: (now) => ({ exp: now - 61, iat: now - 100 }), status: 400 },
  { name: 'R-EMA-21 iat in the future', claims: (now) => ({ iat: now + 90, exp: now + 150 }), status: 400 },
  { name: 'R-EMA-22 nbf in the future', claims: (now) => ({ nbf: now + 90 }), status: 400 },
  { name: 'R-EMA-23 lifetime too long', claims: (now) => ({ exp: now + 400 }), status: 400 },
  { name: 'R-EMA-24 replayed', twice: true, status: 200 },
  { name: 'R-EMA-25 scope parameter invalid', params: { scope: 'read "x' }, status: 400 },
  { name: 'R-EMA-26 mapper denies', claims: () => ({ sub: 'deny' }), status: 400 },
  { name: 'R-EMA-26 mapper throws', claims: () => ({ sub: 'throw' }), status: 400 },
  { name: 'R-EMA-27 mapper userId empty', claims: () => ({ sub: 'nouser' }), status: 400 },
  { name: 'R-EMA-27 mapper userId with a colon', claims: () => ({ sub: 'colon' }), status: 400 },
  { name: 'R-EMA-27 mapper answers a string', claims: () => ({ sub: 'string' }), status: 400 },
  { name: 'R-EMA-28 mapper scope a string', claims: () => ({ sub: 'badscope' }), status: 400 },
  { name: 'R-EMA-28 mapper scope token invalid', claims: () => ({ sub: 'badtoken' }), status: 400 },
  { name: 'R-EMA-29 mapper without props', claims: () => ({ sub: 'noprops' }), status: 400 },
  { name: 'R-EMA-30 mapper ttl 0', claims: () => ({ sub: 'ttl0' }), status: 400 },
  { name: 'R-EMA-30 mapper ttl 30', claims: () => ({ sub: 'ttl30' }), status: 400 },
  { name: 'R-EMA-31 expired within the skew', claims: (now) => ({ exp: now - 30, iat: now - 100 }), status: 400 },
];
