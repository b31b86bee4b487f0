// The entry oc-oauth-provider/0.10 against @cloudflare/workers-oauth-provider
// 0.10.4 (the devDependency alias workers-oauth-provider-0.10), in one workerd
// (harness/entry-0.10-worker.js): the same exports; the functions 1.x removed
// answering every input as 0.10.4 does; the constructor refusing (and
// accepting) what 0.10.4's does, with its messages, in its order
// (docs/observed/rules-0.10.4.md section 1). And the 1.x entry: without
// resourceMetadata, 1.2.3's error with one more sentence naming the 0.10 entry.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', entry: 'entry-0.10-worker.js' });
after(() => w.dispose());
const post = async (body) => (await w.fetch('/', { method: 'POST', body: JSON.stringify(body) })).json();

test('the same exports as 0.10.4, each of the same type', async () => {
  const { theirs, ours } = await (await w.fetch('/exports')).json();
  assert.deepEqual(ours, theirs);
  for (const name of ['resourceMatches', 'validateResourceUri', 'isValidOAuthScopeToken', 'base64UrlToBytes', 'parseJwtJsonPart', 'getJwtCryptoAlgorithms', 'OAuthProvider', 'getOAuthApi', 'default']) {
    assert.equal(ours[name], 'function', name);
  }
});

test('1.x without resourceMetadata: 1.2.3\'s TypeError, and where the 0.10 entry is', async () => {
  const r = await (await w.fetch('/missing-resource-metadata')).json();
  assert.equal(r.theirs.name, 'TypeError');
  assert.equal(r.ours.name, 'TypeError');
  assert.equal(r.ours.message, `${r.theirs.message}. A Worker written for @cloudflare/workers-oauth-provider 0.10.x runs unchanged when it imports 'oc-oauth-provider/0.10'.`);
  assert.deepEqual(r.getOAuthApi, r.ours);
  assert.deepEqual(r.ours010, { ok: true, value: 'ok' });
});

const U = '(undefined)';
const CALLS = [
  // isValidOAuthScopeToken: RFC 6749 §3.3 scope-token, read as a string
  ...['read', 'a:b', '', ' ', 'a b', '"', '\\', '!', '~', 'é', 'a\u0000', 'a\t', '\u007f', 5, null, U, true, ['a'], { a: 1 }]
    .map((v) => ['isValidOAuthScopeToken', v]),
  // validateResourceUri: http(s), parses, no fragment; strings only
  ...['https://example.com/api', 'http://localhost:8787', 'HTTPS://EXAMPLE.COM', 'https://a/#', 'https://a/#x', 'https://a/?q#',
    'ftp://a/', 'urn:x', 'mailto:a@b', 'https://', '/api', '', ' https://a/ ', 'https://a b/', 'https://a/\u0000', 'https://[::1]/',
    'https://a:99999/', 'https://user:pw@a/', 5, null, U, ['https://a/']].map((v) => ['validateResourceUri', v]),
  // resourceMatches: exact, or origins with originOnly (truthy), else exact when either does not parse
  ...[
    ['https://a/x', 'https://a/x', false], ['https://a/x', 'https://a/y', false], ['https://a/x', 'https://a/y', true],
    ['https://a:443/x', 'https://A/', true], ['http://a/x', 'https://a/x', true], ['https://a:8443/', 'https://a/', true],
    ['urn:a', 'urn:b', true], ['urn:a', 'urn:a', true], ['foo://h/a', 'foo://h/b', 1], ['file:///a', 'file:///b', 'yes'],
    ['not a url', 'not a url', true], ['not a url', 'https://a/', true], ['https://a/', 'https://a/', 0],
    ['https://a/', 'https://a/', null], [5, 5, false], [5, '5', false], [null, null, true], ['https://a/', U, true],
  ].map((v) => ['resourceMatches', ...v]),
  // base64UrlToBytes: base64url, padding optional
  ...['', 'AQID', 'AQI', 'AQ', 'A', '-_-_', '+/+/', 'AQ==', 'AQ=', 'A Q', '!!!!', 'AQID\n'].map((v) => ['base64UrlToBytes', v]),
  // parseJwtJsonPart: base64url of a JSON object
  ...['eyJhbGciOiJSUzI1NiJ9', 'eyJhIjpbXX0', 'W10', 'bnVsbA', 'NQ', 'e30', '!!', '', 'eyJh'].map((v) => ['parseJwtJsonPart', v]),
  // getJwtCryptoAlgorithms: RS256 and ES256 only
  ...['RS256', 'ES256', 'PS256', 'rs256', '', 'toString', '__proto__', 5, U].map((v) => ['getJwtCryptoAlgorithms', v]),
];

test('the functions 1.x removed answer as 0.10.4\'s do', async () => {
  const { calls } = await post({ calls: CALLS });
  for (const [i, r] of calls.entries()) assert.deepEqual(r.ours, r.theirs, JSON.stringify(CALLS[i]));
  // the table can fail: some inputs are refused, some accepted
  assert.ok(calls.some((r) => r.theirs.value === true) && calls.some((r) => r.theirs.value === false));
  assert.ok(calls.some((r) => r.theirs.name === 'Error'));
});

const EP = { authorizeEndpoint: '/authorize', tokenEndpoint: '/token' };
const BASE = { apiRoute: '/api/', ...EP };
const CONSTRUCT = [
  BASE,
  // the route shape first, then the default handler, then the API handler and routes
  { ...EP, noApiHandler: true },
  { ...BASE, apiHandlers: ['/x/'] },
  { ...BASE, defaultHandler: 'obj', apiHandler: 'num' },
  { ...BASE, noDefault: true },
  { ...BASE, apiHandler: 'fn' },
  { ...BASE, apiRoute: ['/a/', 'b'] },
  { ...BASE, apiRoute: 'b' },
  { ...EP, noApiHandler: true, apiHandlers: ['/a/', 'b'] },
  // endpoints: required, path or URL, equal ones allowed, registration when truthy
  { apiRoute: '/api/' },
  { apiRoute: '/api/', authorizeEndpoint: '/a', tokenEndpoint: null },
  { apiRoute: '/api/', authorizeEndpoint: 5, tokenEndpoint: '/t' },
  { apiRoute: '/api/', authorizeEndpoint: 'authorize', tokenEndpoint: '/t' },
  { apiRoute: '/api/', authorizeEndpoint: '/x', tokenEndpoint: '/x' },
  { ...BASE, tokenEndpoint: 'https://example.com/token' },
  { ...BASE, clientRegistrationEndpoint: 'register' },
  { ...BASE, clientRegistrationEndpoint: '' },
  // lifetimes: accessTokenTTL only
  { ...BASE, accessTokenTTL: 59 }, { ...BASE, accessTokenTTL: 60 }, { ...BASE, accessTokenTTL: 1.5 }, { ...BASE, accessTokenTTL: null },
  { ...BASE, accessTokenTTL: U }, { ...BASE, accessTokenTTL: '3600' },
  { ...BASE, refreshTokenTTL: U }, { ...BASE, refreshTokenTTL: 0 }, { ...BASE, refreshTokenTTL: 60 },
  { ...BASE, clientRegistrationTTL: 0 }, { ...BASE, clientRegistrationTTL: U }, { ...BASE, clientRegistrationTTL: 86400 },
  // options 1.x removed or added: accepted (ignored where 0.10.4 has no such option)
  { ...BASE, resourceMatchOriginOnly: true }, { ...BASE, resourceMatchOriginOnly: false }, { ...BASE, refreshTokenIdleTTL: 5 },
  { ...BASE, requiredScopes: ['a b'] },
  // scopesSupported, then resourceMetadata
  { ...BASE, scopesSupported: ['read', 'write'] }, { ...BASE, scopesSupported: ['a b'] }, { ...BASE, scopesSupported: ['a', 'a'] },
  { ...BASE, scopesSupported: ['a', 'a'], resourceMetadata: { resource: 'ftp://x' } },
  { ...BASE, resourceMetadata: { resource: 'https://example.com/api' } },
  { ...BASE, resourceMetadata: { resource: 'http://EXAMPLE.com/api' } },
  { ...BASE, resourceMetadata: { resource: 'ftp://example.com/api' } },
  { ...BASE, resourceMetadata: { resource: 'https://example.com/api#x' } },
  { ...BASE, resourceMetadata: { resource: 'https://example.com/api#' } },
  { ...BASE, resourceMetadata: { resource: '' } },
  { ...BASE, resourceMetadata: { resource_name: 'x' } },
  { ...BASE, resourceMetadata: {} },
  { ...BASE, resourceMetadata: null },
  { ...BASE, resourceMetadata: { authorization_servers: [] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['https://as.example'] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['http://localhost'] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['not a url'] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['https://a/?q'] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['https://a/?'] } },
  { ...BASE, resourceMetadata: { authorization_servers: ['https://a/#f'] } },
  { ...BASE, resourceMetadata: { scopes_supported: ['read'] } },
  { ...BASE, resourceMetadata: { scopes_supported: ['a b'] } },
  { ...BASE, resourceMetadata: { bearer_methods_supported: ['header'] } },
  { ...BASE, resourceMetadata: { bearer_methods_supported: ['body'] } },
  // null members: resource and authorization_servers are read, the others skipped
  { ...BASE, resourceMetadata: { resource: null } },
  { ...BASE, resourceMetadata: { authorization_servers: null } },
  { ...BASE, resourceMetadata: { scopes_supported: null, bearer_methods_supported: null, resource_name: null } },
  // PKCE and implicit switches: accepted
  { ...BASE, allowPlainPKCE: true, allowImplicitFlow: true },
];

test('the constructor refuses and accepts what 0.10.4\'s does, with its messages', async () => {
  const { construct } = await post({ construct: CONSTRUCT });
  for (const [i, r] of construct.entries()) assert.deepEqual(r.ours, r.theirs, JSON.stringify(CONSTRUCT[i]));
  assert.ok(construct.some((r) => r.theirs.ok) && construct.some((r) => r.theirs.name === 'TypeError'));
});

// enterpriseManagedAuthorization (R010-EMA-01): 1.2.3's rules (R-CTOR-40…44), and a configured
// resourceMetadata.resource required after the functions, before the numbers; the other options first.
const EMA = { trustedIssuers: 'fn', mapClaims: 'fn' };
const PINNED = { ...BASE, resourceMetadata: { resource: 'https://example.com/api' } };
const EMA_CONSTRUCT = [
  { ...PINNED, enterpriseManagedAuthorization: EMA },
  { ...BASE, enterpriseManagedAuthorization: EMA },
  { ...BASE, resourceMetadata: {}, enterpriseManagedAuthorization: EMA },
  { ...BASE, resourceMetadata: { resource_name: 'x' }, enterpriseManagedAuthorization: EMA },
  { ...BASE, resourceMetadata: 'x', enterpriseManagedAuthorization: EMA },
  { ...BASE, enterpriseManagedAuthorization: {} },
  { ...BASE, enterpriseManagedAuthorization: true },
  { ...BASE, enterpriseManagedAuthorization: false },
  { ...BASE, enterpriseManagedAuthorization: { trustedIssuers: 'fn' } },
  { ...BASE, enterpriseManagedAuthorization: { ...EMA, jwksCacheTtlSeconds: 0 } },
  { ...PINNED, enterpriseManagedAuthorization: { ...EMA, jwksCacheTtlSeconds: 0, clockSkewSeconds: -1 } },
  { ...PINNED, enterpriseManagedAuthorization: { ...EMA, jwksCacheTtlSeconds: '600', clockSkewSeconds: -1 } },
  { ...PINNED, enterpriseManagedAuthorization: { ...EMA, clockSkewSeconds: 0, maxAssertionLifetimeSeconds: 0 } },
  { ...PINNED, enterpriseManagedAuthorization: { ...EMA, maxAssertionLifetimeSeconds: null } },
  { ...PINNED, enterpriseManagedAuthorization: { ...EMA, jwksCacheTtlSeconds: '(undefined)', allowPublicClients: true } },
  { ...BASE, accessTokenTTL: 1, enterpriseManagedAuthorization: {} },
  { ...BASE, scopesSupported: ['a b'], enterpriseManagedAuthorization: {} },
  { ...BASE, resourceMetadata: { resource: 'ftp://x' }, enterpriseManagedAuthorization: {} },
];

test('R010-EMA-01: enterpriseManagedAuthorization refused and accepted as 0.10.4 does, with its messages', async () => {
  const { construct } = await post({ construct: EMA_CONSTRUCT });
  for (const [i, r] of construct.entries()) assert.deepEqual(r.ours, r.theirs, JSON.stringify(EMA_CONSTRUCT[i]));
  assert.ok(construct[0].theirs.ok);
  assert.equal(construct[1].theirs.message, 'enterpriseManagedAuthorization requires resourceMetadata.resource to be configured');
});

// clientIdMetadataDocumentEnabled, truthy or not, builds a provider on both (its rules: cimd-0.10.test.mjs).
test('clientIdMetadataDocumentEnabled is accepted at construction, as 0.10.4 accepts it', async () => {
  const values = [true, false, 1, 'yes', null, U];
  const { construct } = await post({ construct: values.map((v) => ({ ...BASE, clientIdMetadataDocumentEnabled: v })) });
  for (const [i, r] of construct.entries()) {
    assert.ok(r.theirs.ok, JSON.stringify(r));
    assert.deepEqual(r.ours, r.theirs, String(values[i]));
  }
});

test('what 0.10.4 throws before reading any option', async () => {
  const { construct } = await post({ construct: [null, U, 5, 'x'] });
  for (const r of construct) assert.deepEqual(r.ours, r.theirs);
});
