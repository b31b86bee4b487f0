// resolveExternalToken as the reference 0.10.4 runs it (rules R010-EXT-* of
// docs/observed/rules-0.10.4.md), differential: 0.10.4 and ours
// (oc-oauth-provider/0.10) in one workerd on one KV namespace (cleared before
// each side; harness/dual-0.10-worker.js), both built with the same resolver
// (throwing its own library's error classes); the same answers (status,
// headers, body), the same props at the API handler, the same arguments
// handed to the resolver. A failure 0.10.4 lets escape fetch() (a 500 of the
// runtime) must escape ours too. Where 0.10.4 differs from 1.2.3
// (tests/compat/callbacks.test.mjs): every token without a record is asked,
// the issued shape too; without a configured resource any audience, or none,
// is taken, an array of them too, and it must serve the request (origin,
// path prefix, query) as 0.10.4's audienceMatches says; the handler gets no
// ctx.auth.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView } from './harness/dual.mjs';

// The behaviour is chosen by the token, "<mode>.<anything>"; what the resolver was handed goes into the props.
export const RESOLVE = `(L) => ({
  resolveExternalToken: async (arg) => {
    const { token, request, env } = arg;
    const mode = token.split('.')[0];
    const seen = { token, url: request.url, method: request.method, kv: typeof env.OAUTH_KV.get, keys: Object.keys(arg) };
    const audience = 'https://example.com/api';
    switch (mode) {
      case 'ok': return { props: { seen }, audience };
      case 'noaud': return { props: { seen } };
      case 'noprops': return { audience };
      case 'emptyaud': return { props: 1, audience: '' };
      case 'root': return { props: 'root', audience: 'https://example.com' };
      case 'upper': return { props: [1, 2], audience: 'HTTPS://EXAMPLE.COM/api' };
      case 'slash': return { props: 'p', audience: 'https://example.com/api/' };
      case 'query': return { props: 'q', audience: 'https://example.com/api/data?q=1' };
      case 'other': return { props: {}, audience: 'https://example.com/other' };
      case 'host': return { props: {}, audience: 'https://other.example/api' };
      case 'array': return { props: { a: 1 }, audience: [audience] };
      case 'arraymix': return { props: { a: 2 }, audience: ['https://other.example/', 7, audience] };
      case 'arrayempty': return { props: {}, audience: [] };
      case 'num': return { props: {}, audience: 7 };
      case 'date': return { props: { d: new Date(0), f: () => 1 }, audience };
      case 'null': return null;
      case 'undef': return undefined;
      case 'false': return false;
      case 'str': return 'yes';
      case 'e401': throw new L.ExternalTokenError('invalid_token', { description: 'expired upstream', statusCode: 401 });
      case 'e403': throw new L.ExternalTokenError('insufficient_scope', { description: 'more', statusCode: 403, requiredScopes: ['write', 'write', 'offline_access', 'admin'] });
      case 'e403off': throw new L.ExternalTokenError('insufficient_scope', { description: 'more', statusCode: 403, requiredScopes: ['offline_access'] });
      case 'e403none': throw new L.ExternalTokenError('insufficient_scope', { description: 'more', statusCode: 403 });
      case 'eown': throw new L.ExternalTokenError('invalid_token', { description: 'own', statusCode: 401, headers: { 'www-authenticate': 'Bearer error="mine"', 'X-Extra': 'y' } });
      case 'e429': throw new L.ExternalTokenError('temporarily_unavailable', { description: 'busy', statusCode: 429, headers: { 'Retry-After': '30' } });
      case 'e401as400': throw new L.ExternalTokenError('invalid_token', { description: 'odd', statusCode: 400, requiredScopes: ['a b'] });
      case 'e700': throw new L.ExternalTokenError('invalid_token', { description: 'odd', statusCode: 700 });
      case 'ebadscope': throw new L.ExternalTokenError('insufficient_scope', { description: 'x', statusCode: 403, requiredScopes: ['a b'] });
      case 'oauth': throw new L.OAuthError('invalid_token', { description: 'not this class', statusCode: 401 });
      case 'throw': throw new Error('boom');
      default: return { props: { default: true, seen }, audience };
    }
  },
})`;

// ours and theirs of a dual-0.10 Worker started with options; the same scenario on each must give the same result.
export async function dual010(options) {
  const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options, extraCode: RESOLVE, entry: 'dual-0.10-worker.js' });
  const impl = (name) => implView(w, name, { alwaysPost: true });
  const sides = [impl('theirs'), impl('ours')];
  return {
    dispose: () => w.dispose(),
    fetch: (p, init) => w.fetch(p, init),
    async both(scenario) {
      const out = {};
      for (const v of sides) {
        await v.test('kv-clear');
        const vars = {};
        out[v.name] = H.normalize(await scenario(v, vars), vars);
      }
      assert.deepEqual(out.ours, out.theirs);
      return out.theirs;
    },
  };
}

export async function api(v, tok, url = '/api/data', headers = {}) {
  return H.seenByClient(await H.capture(await v.fetch(url, { headers: { authorization: `Bearer ${tok}`, ...headers } })));
}

const d = await dual010(H.CONFIGS.legacy);
after(() => d.dispose());

const EXTERNAL = [
  ['ok', 200], ['noaud', 200], ['noprops', 200], ['emptyaud', 200], ['root', 200], ['upper', 200], ['slash', 401],
  ['query', 401], ['other', 401], ['host', 401], ['array', 200], ['arraymix', 200], ['arrayempty', 401], ['num', 401],
  ['date', 200], ['null', 401], ['undef', 401], ['false', 401], ['str', 200],
  ['e401', 401], ['e403', 403], ['e403off', 403], ['e403none', 403], ['eown', 401], ['e429', 429], ['e401as400', 400],
  ['e700', 500], ['ebadscope', 500], ['oauth', 500], ['throw', 500],
];
for (const [mode, status] of EXTERNAL) {
  test(`R010-EXT resolveExternalToken '${mode}': the answer, the handler's props and ctx`, async () => {
    const r = await d.both(async (v) => ({
      api: await api(v, `${mode}.tok`),
      withOrigin: await api(v, `${mode}.tok`, '/api/data?q=1', { origin: 'https://app.example.net' }),
    }));
    assert.equal(r.api.status, status, JSON.stringify(r.api));
    if (status === 200) assert.equal(r.api.body.auth, null, 'no ctx.auth');
  });
}

test('R010-EXT-01 the resolver is handed {token, request, env}, the token as it came', async () => {
  const r = await d.both(async (v) => ({ api: await api(v, 'ok.with spaces,and commas') }));
  assert.deepEqual(r.api.body.props.seen, {
    token: 'ok.with spaces,and commas', url: 'https://example.com/api/data', method: 'GET', kv: 'function', keys: ['token', 'request', 'env'],
  });
});

test('R010-EXT-02 a token of the issued shape without a record is asked too (1.2.3 refuses it unasked)', async () => {
  const r = await d.both(async (v) => ({
    issued: await api(v, `user1:AAAAAAAAAAAAAAAA:${'B'.repeat(32)}`),
    twoParts: await api(v, `AAAAAAAAAAAAAAAA:${'B'.repeat(32)}`),
  }));
  for (const k of ['issued', 'twoParts']) {
    assert.equal(r[k].status, 200, k);
    assert.deepEqual(r[k].body.props.default, true);
  }
});

test('R010-EXT-02 a deliberate difference: a token whose user part is too long for a KV key is asked (0.10.4 lets KV\'s error escape)', async () => {
  const tok = `${'u'.repeat(600)}:AAAAAAAAAAAAAAAA:${'B'.repeat(32)}`;
  const out = {};
  for (const name of ['theirs', 'ours']) {
    out[name] = await api({ fetch: (p, init = {}) => d.fetch(p, { ...init, headers: { ...init.headers, 'x-impl': name } }) }, tok);
  }
  assert.deepEqual(out.theirs, { status: 500, uncaught: true });
  assert.equal(out.ours.status, 200);
  assert.equal(out.ours.body.props.seen.token, tok);
});

test('R010-EXT-03 a request outside the audience: Invalid audience, on another origin or path', async () => {
  const r = await d.both(async (v) => ({
    otherHost: await api(v, 'ok.tok', 'https://other.example/api/data'),
    queryMatch: await api(v, 'query.tok', '/api/data?q=1'),
    queryOther: await api(v, 'query.tok', '/api/data?q=2'),
    slashSelf: await api(v, 'slash.tok', '/api/'),
  }));
  assert.equal(r.otherHost.status, 401);
  assert.equal(r.otherHost.body.error_description, 'Token audience does not match resource server');
  assert.match(r.otherHost.headers['www-authenticate'], /error_description="Invalid audience"/);
  assert.equal(r.queryMatch.status, 200);
  assert.equal(r.queryOther.status, 401);
  assert.equal(r.slashSelf.status, 200);
});

test('R010-EXT a token this provider issued still goes the usual way with a resolver configured', async () => {
  const r = await d.both(async (v) => {
    const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user: 'user1', scope: 'read' });
    const t = await H.capture(await v.fetch('/token', {
      method: 'POST', body: H.form({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) },
    }));
    return { api: await api(v, t.body.access_token) };
  });
  assert.deepEqual(r.api.body.props, { name: 'alice' });
});

// An issued token bound to resource (RFC 8707, the client's), and what the API answers at each url.
async function boundToken(v, resource) {
  const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
  const { verifier, challenge } = H.pkcePair();
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user: 'user1', scope: 'read', resource });
  const t = await H.capture(await v.fetch('/token', {
    method: 'POST', body: H.form({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier, resource }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) },
  }));
  assert.equal(t.status, 200, JSON.stringify(t.body));
  return t.body.access_token;
}

test('R010-API-02 an issued token\'s audience must serve the request: its origin, its query, its path prefix', async () => {
  const r = await d.both(async (v) => {
    const sse = await boundToken(v, 'https://example.com/sse');
    const query = await boundToken(v, 'https://example.com/api/data?x=1');
    const root = await boundToken(v, 'https://example.com/');
    return {
      sse: await api(v, sse), query: await api(v, query), queryExact: await api(v, query, '/api/data?x=1'),
      root: await api(v, root, '/api/deep/er'),
    };
  });
  assert.equal(r.sse.status, 401);
  assert.equal(r.sse.body.error_description, 'Token audience does not match resource server');
  assert.equal(r.query.status, 401);
  assert.equal(r.queryExact.status, 200);
  assert.equal(r.root.status, 200);
});

test('R010-TOKEN-05 a grant whose stored resource is not a valid resource URI: invalid_target at the token endpoint', async () => {
  const r = await d.both(async (v) => {
    const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user: 'user1', scope: 'read' });
    const grant = (await v.test('kv')).find((x) => x.key.startsWith('grant:'));
    await v.test('kv-put', { key: grant.key, value: { ...grant.value, resource: 'not a uri' }, expirationTtl: 600 });
    const t = await H.capture(await v.fetch('/token', {
      method: 'POST', body: H.form({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) },
    }));
    return { token: H.seenByClient(t) };
  });
  assert.deepEqual(r.token.body, { error: 'invalid_target', error_description: 'The authorization grant contains an invalid resource' });
});
