// The RFC 9728 document and the Bearer challenges of API routes as the reference 0.10.4 writes them
// (rules R010-PRM-* and R010-API-03 of docs/observed/rules-0.10.4.md), differential: 0.10.4 and
// ours (oc-oauth-provider/0.10) in one workerd (harness/dual-0.10-worker.js), configured alike:
// without resourceMetadata, with one holding members 0.10.4 does not publish, with null members,
// with a configured resource. The same status, headers and body for every path and challenge.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));

async function dual(options) {
  const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options: { ...H.CONFIGS.legacy, ...options }, entry: 'dual-0.10-worker.js' });
  workers.push(w);
  const side = (name) => ({
    name,
    fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }),
  });
  return { theirs: side('theirs'), ours: side('ours') };
}

// resourceMetadata of each configuration (undefined: none).
const CONFIGS = {
  none: undefined,
  empty: {},
  extra: {
    authorization_servers: ['https://auth.example.com'],
    scopes_supported: ['read', 'offline_access', 'write', 'read'],
    bearer_methods_supported: ['header'],
    resource_name: 'Calendar',
    jwks_uri: 'https://example.com/jwks.json',
    resource_documentation: 'https://example.com/docs',
    resource_signing_alg_values_supported: ['RS256'],
    tls_client_certificate_bound_access_tokens: false,
  },
  nulls: { scopes_supported: null, bearer_methods_supported: null, resource_name: null },
  falsy: { resource_name: '', bearer_methods_supported: [], scopes_supported: ['offline_access'] },
  configured: { resource: 'https://example.com/api', scopes_supported: ['read', 'read'], resource_name: 'API', jwks_uri: 'https://example.com/jwks.json' },
};
const pairs = {};
for (const [name, rm] of Object.entries(CONFIGS)) pairs[name] = await dual(rm === undefined ? {} : { resourceMetadata: rm });

const PATHS = [
  '/.well-known/oauth-protected-resource',
  '/.well-known/oauth-protected-resource/',
  '/.well-known/oauth-protected-resource/api',
  '/.well-known/oauth-protected-resource/api/v1/',
  '/.well-known/oauth-protected-resource/a%20b?x=1',
];

async function seen(v, path, init) {
  const r = await H.capture(await v.fetch(path, init));
  return { status: r.status, headers: r.headers, body: r.body };
}

for (const name of Object.keys(CONFIGS)) {
  test(`R010-PRM-02 the RFC 9728 document, resourceMetadata ${name}: as 0.10.4 writes it at every path`, async () => {
    const { theirs, ours } = pairs[name];
    for (const path of PATHS) {
      const a = await seen(theirs, path), b = await seen(ours, path);
      assert.deepEqual(b, a, path);
      assert.equal(a.status, 200, path);
    }
  });

  test(`R010-API-03 Bearer challenges, resourceMetadata ${name}: scope and resource_metadata as 0.10.4 names them`, async () => {
    const { theirs, ours } = pairs[name];
    const requests = [
      ['/api/data', {}],
      ['/api/data?q=1', { headers: { authorization: 'Bearer nope' } }],
      ['/api/x/y', { headers: { authorization: 'Bearer u:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }],
      ['/api/data', { headers: { authorization: 'Basic abc' } }],
    ];
    for (const [path, init] of requests) {
      const a = await seen(theirs, path, init), b = await seen(ours, path, init);
      assert.deepEqual(b, a, `${path} ${JSON.stringify(init)}`);
      assert.equal(a.status, 401);
      assert.match(a.headers['www-authenticate'], /^Bearer realm="OAuth", resource_metadata="/);
    }
  });
}

test('R010-API-03 a token whose audience does not serve the request: the challenge names the scopes', async () => {
  const { theirs, ours } = pairs.extra;
  const out = {};
  for (const v of [theirs, ours]) {
    const c = await (await v.fetch('/__test/createClient', { method: 'POST', body: JSON.stringify({ redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'client_secret_basic' }), headers: { 'content-type': 'application/json' } })).json();
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(v, { clientId: c.clientId, challenge, resource: 'https://example.com/other' });
    const t = await H.tokenRequest(v, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [c.clientId, c.clientSecret] });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    const r = await seen(v, '/api/data', { headers: { authorization: `Bearer ${t.body.access_token}` } });
    out[v.name] = { status: r.status, challenge: r.headers['www-authenticate'], body: r.body };
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.match(out.theirs.challenge, /scope="read write"/);
});
