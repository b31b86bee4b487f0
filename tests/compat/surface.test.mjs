// The exported values beside OAuthProvider (issue #17): OAuthError,
// ExternalTokenError, AuthorizationError, CimdFetchError, GrantType and
// authorizationErrorRedirect, called the same way on ours and on the reference
// 1.2.3 in one workerd (harness/surface-worker.js). Each outcome (the value,
// or the error thrown; for objects their own properties with attributes, the
// classes they extend and the instanceof answers) must be the reference's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness/index.mjs';

const E = (m) => ({ $error: m });
const U = { $undefined: true };
const RU = 'https://client.example.org/cb';

const CLASSES = [
  // OAuthError: options required; statusCode defaults to 400 (?? : 0 kept, null replaced); options kept as given
  ['OAuthError', 'invalid_grant', { description: 'upstream refresh token is invalid' }],
  ['OAuthError', 'temporarily_unavailable', { description: 'd', statusCode: 429, headers: { 'Retry-After': '60' }, requiredScopes: ['a'], internal: { category: 'c', reason: 'r' }, extra: 1 }],
  ['OAuthError', 'x', {}],
  ['OAuthError', 'x', { description: 'd', statusCode: null }],
  ['OAuthError', 'x', { description: 'd', statusCode: 0 }],
  ['OAuthError', 'x', { description: 'd', statusCode: 'abc' }],
  ['OAuthError', 5, { description: 7 }],
  ['OAuthError', 'x', 'str'],
  ['OAuthError', 'x', null],
  ['OAuthError', 'x'],
  ['OAuthError'],
  // ExternalTokenError: no statusCode default
  ['ExternalTokenError', 'invalid_token', { description: 'd', statusCode: 401 }],
  ['ExternalTokenError', 'invalid_token', { description: 'd' }],
  ['ExternalTokenError', 'insufficient_scope', { description: 'd', statusCode: 403, requiredScopes: ['b', 'a', 'b', 'bad scope'], headers: { x: '1' }, internal: {} }],
  ['ExternalTokenError', 'x', {}],
  ['ExternalTokenError', 'x'],
  // AuthorizationError: redirectTo built from redirectUri, state, issuer; never taken from the options
  ['AuthorizationError', 'access_denied', { description: 'd' }],
  ['AuthorizationError', 'access_denied', { description: 'The user said no', redirectUri: RU, state: 's', issuer: 'https://example.com' }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectUri: 'https://c/cb?x=1&state=old#f' }],
  ['AuthorizationError', 'access_denied', { description: '', redirectUri: RU, state: '', issuer: '' }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectTo: 'https://evil.example' }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectUri: '' }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectUri: 'not a url' }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectUri: 5 }],
  ['AuthorizationError', 'access_denied', { description: 'd', redirectUri: 'javascript:alert(1)' }],
  ['AuthorizationError', 'access_denied', { description: 'd', state: 's', issuer: 'https://i' }],
  ['AuthorizationError', 'access_denied', { description: 5, redirectUri: RU }],
  ['AuthorizationError', 'bogus', { description: 'd', redirectUri: RU }],
  ['AuthorizationError', 'access_denied', { redirectUri: RU }],
  ['AuthorizationError', 'access_denied', {}],
  ['AuthorizationError', 'x'],
  // CimdFetchError: detail is the cause's message, or the cause as a string
  ['CimdFetchError', 'https://c/md', E('HTTP 403')],
  ['CimdFetchError', 'https://c/md', 'str'],
  ['CimdFetchError', 'https://c/md', { message: 'm' }],
  ['CimdFetchError', 5, null],
  ['CimdFetchError', 'https://c/md'],
  ['CimdFetchError'],
].map(([fn, ...args]) => ({ fn, isNew: true, args }));

const REDIRECTS = [
  [{ redirectUri: RU, state: 's', issuer: 'https://example.com' }, 'access_denied', 'The user said no'],
  [{ redirectUri: RU }, 'access_denied'],
  [{ redirectUri: RU }, 'access_denied', ''],
  [{ redirectUri: 'https://c/cb?a=1&state=x&error=y#frag', state: '' }, 'invalid_scope', 'd e+f&g=h ü'],
  [{ redirectUri: 'https://c/cb?error=y&a=1&iss=z&error_uri=q&state=1&state=2' }, 'access_denied', 'd'],
  [{ redirectUri: 'https://c/cb?a=b%20c&x&y=%7E&z=a+b' }, 'access_denied'],
  [{ redirectUri: 'https://c/cb?' }, 'access_denied'],
  [{ redirectUri: 'https://c/cb#' }, 'access_denied'],
  [{ redirectUri: '  HTTPS://C:443/a/../cb  ' }, 'access_denied'],
  [{ redirectUri: 'http://[::1]:8080/cb' }, 'e'],
  [{ redirectUri: 'http://127.1:8080/cb' }, 'e'],
  [{ redirectUri: 'com.example.app:/cb', state: 'a b' }, 'access_denied'],
  [{ redirectUri: 'cursor://anysphere.cursor-mcp/cb?x=1' }, 'e'],
  [{ redirectUri: 'javascript:alert(1)' }, 'e'],
  [{ redirectUri: 'https://u:p@c/cb' }, 'access_denied'],
  [{ redirectUri: 'https://a@b:c d@h/' }, 'e'],
  [{ redirectUri: 'https://:p@h/' }, 'e'],
  [{ redirectUri: 'https://u:@h/' }, 'e'],
  [{ redirectUri: 'https://:@h/' }, 'e'],
  [{ redirectUri: 'https://@h/' }, 'e'],
  [{ redirectUri: 'foo://ü:"<>`{}|^;=[]\\@h/p' }, 'e'],
  // values as JavaScript strings them: the code always, the others when truthy
  [{ redirectUri: RU, state: 's' }, U],
  [{ redirectUri: RU, state: 's' }, null],
  [{ redirectUri: RU, state: 's' }, 5],
  [{ redirectUri: RU, state: 's' }, ''],
  [{ redirectUri: RU, state: { a: 1 } }, 'e'],
  [{ redirectUri: RU, state: true, issuer: ['a', 'b'] }, 'e', {}],
  [{ redirectUri: RU, state: 5 }, 'access_denied', 5],
  [{ redirectUri: RU, state: 0, issuer: false }, 'access_denied', 0],
  [{ redirectUri: RU }, 'e', 'bad\u0001char "quote" back\\slash'],
  [{ redirectUri: RU }, 'e', "*-._~!'()"],
  [{ redirectUri: RU }, 'e', '\ud800x'],
  [{ redirectUri: RU }],
  // not a URL: a TypeError
  [{ redirectUri: 'not a url' }, 'access_denied'],
  [{ redirectUri: 'https://' }, 'access_denied'],
  [{ redirectUri: 5 }, 'e'],
  [{}, 'access_denied'],
  [null, 'access_denied'],
  [],
].map((args) => ({ fn: 'authorizationErrorRedirect', args }));

const OTHER = [
  { fn: 'GrantType', args: null },
  { fn: 'OAuthError', args: null },
  { fn: 'authorizationErrorRedirect', args: null },
];

test('error classes, GrantType and authorizationErrorRedirect answer as the reference', async () => {
  const calls = [...CLASSES, ...REDIRECTS, ...OTHER];
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options: {}, entry: 'surface-worker.js' });
  let got;
  try {
    got = await (await w.fetch('/', { method: 'POST', body: JSON.stringify(calls) })).json();
  } finally {
    await w.dispose();
  }
  assert.equal(got.length, calls.length);
  for (const [i, r] of got.entries()) assert.deepEqual(r.ours, r.theirs, `call ${i}: ${JSON.stringify(calls[i])}`);

  // The comparisons above are not vacuous: what the reference answered for a few of them.
  const at = (fn, args) => got[calls.findIndex((c) => c.fn === fn && JSON.stringify(c.args) === JSON.stringify(args))].theirs;
  assert.equal(at('authorizationErrorRedirect', REDIRECTS[0].args).returned.value,
    `${RU}?error=access_denied&error_description=The+user+said+no&state=s&iss=https%3A%2F%2Fexample.com`);
  assert.deepEqual(at('authorizationErrorRedirect', [{ redirectUri: 'not a url' }, 'access_denied']).threw,
    { ctor: 'TypeError', name: 'TypeError', message: 'Invalid URL string.' });
  const denied = at('AuthorizationError', CLASSES[17].args).returned;
  assert.equal(denied.own.redirectTo.value, `${RU}?error=access_denied&error_description=The+user+said+no&state=s&iss=https%3A%2F%2Fexample.com`);
  assert.deepEqual(denied.isA, { OAuthError: false, ExternalTokenError: false, AuthorizationError: true, CimdFetchError: false });
  assert.deepEqual(denied.chain, ['Error', 'Object']);
  assert.equal(at('AuthorizationError', CLASSES[20].args).returned.own.redirectTo.value.$undefined, true);
  assert.equal(at('OAuthError', CLASSES[2].args).returned.own.statusCode.value, 400);
  assert.equal(at('GrantType', null).own.TOKEN_EXCHANGE.value, 'urn:ietf:params:oauth:grant-type:token-exchange');
});

test('the classes need new, as the reference\'s', async () => {
  const calls = ['OAuthError', 'ExternalTokenError', 'AuthorizationError', 'CimdFetchError']
    .map((fn) => ({ fn, isNew: false, args: ['x', { description: 'd' }] }));
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options: {}, entry: 'surface-worker.js' });
  try {
    const got = await (await w.fetch('/', { method: 'POST', body: JSON.stringify(calls) })).json();
    for (const r of got) {
      // the message names the class as the bundler renamed it: compare the class of the error only
      assert.equal(r.theirs.threw.ctor, 'TypeError');
      assert.equal(r.ours.threw.ctor, 'TypeError');
      assert.match(r.ours.threw.message, /cannot be invoked without 'new'/);
    }
  } finally {
    await w.dispose();
  }
});

// Every option 1.2.3 accepts is implemented: each, off, not given or on, builds a provider in
// both (the callbacks: tests/compat/callbacks.test.mjs; token exchange: token-exchange.test.mjs;
// CIMD: cimd.test.mjs; enterprise-managed authorization: ema.test.mjs).
test('every option 1.2.3 accepts builds a provider in both', async () => {
  const H = { $handler: true };
  const F = { $fn: true };
  const base = { apiRoute: '/api/', apiHandler: H, defaultHandler: H, authorizeEndpoint: '/authorize', tokenEndpoint: '/token',
    resourceMetadata: { resource: 'https://example.com/api' } };
  const calls = [['allowTokenExchangeGrant', false], ['allowTokenExchangeGrant', true], ['clientIdMetadataDocumentEnabled', false],
    ['clientIdMetadataDocumentEnabled', true], ['tokenExchangeCallback', U], ['cookiePrefix', U], ['cookiePrefix', '__Host-app-'],
    ['tokenExchangeCallback', F], ['resolveExternalToken', F], ['enterpriseManagedAuthorization', { trustedIssuers: F, mapClaims: F }]]
    .map(([k, v]) => ({ fn: 'OAuthProvider', isNew: true, args: [{ ...base, [k]: v }] }));
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options: {}, entry: 'surface-worker.js' });
  let got;
  try {
    got = await (await w.fetch('/', { method: 'POST', body: JSON.stringify(calls) })).json();
  } finally {
    await w.dispose();
  }
  assert.equal(got.length, calls.length);
  for (let i = 0; i < calls.length; i++) {
    assert.ok(got[i].theirs.returned && got[i].ours.returned, `call ${i}: ${JSON.stringify(got[i])}`);
  }
});

// Every value 1.2.3 exports is exported here, the role classes included.
test('the exported names are the reference\'s', async () => {
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options: {}, entry: 'surface-worker.js' });
  let names;
  try {
    names = await (await w.fetch('/')).json();
  } finally {
    await w.dispose();
  }
  assert.deepEqual(names.ours, names.theirs);
  assert.ok(['OAuthAuthorizationServer', 'OAuthResourceServer'].every((n) => names.ours.includes(n)));
  assert.ok(names.theirs.includes('authorizationErrorRedirect') && names.theirs.includes('default'));
});
