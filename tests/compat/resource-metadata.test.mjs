// The RFC 9728 document of oc-oauth-provider (1.x) as the reference 1.2.3 writes it (R-DISC-*
// of docs/observed/rules-1.2.3.md), differential: 1.2.3 and ours in one workerd
// (harness/dual-worker.js), configured alike: resourceMetadata holding members 1.2.3 does not
// publish (jwks_uri, resource_documentation, …), falsy and null ones, required scopes repeated or
// only offline_access. The same status, headers and body at the document's path and elsewhere
// under the well-known prefix.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));

const RESOURCE = `${H.ORIGIN}/api`;
// Options of each configuration, over CONFIGS.v1.
const CONFIGS = {
  extra: {
    resourceMetadata: {
      resource: RESOURCE, authorization_servers: ['https://example.com'], bearer_methods_supported: ['header'],
      resource_name: 'Calendar', jwks_uri: 'https://example.com/jwks.json', resource_documentation: 'https://example.com/docs',
      resource_signing_alg_values_supported: ['RS256'], tls_client_certificate_bound_access_tokens: false,
    },
  },
  falsy: { resourceMetadata: { resource: RESOURCE, resource_name: '' }, requiredScopes: ['offline_access'] },
  nulls: { resourceMetadata: { resource: RESOURCE, resource_name: null, jwks_uri: null } },
  repeated: { resourceMetadata: { resource: RESOURCE }, requiredScopes: ['read', 'write', 'read', 'offline_access'] },
  none: { resourceMetadata: { resource: RESOURCE }, requiredScopes: undefined },
};

async function dual(options) {
  const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: { ...H.CONFIGS.v1, ...options }, entry: 'dual-worker.js' });
  workers.push(w);
  const side = (name) => ({ name, fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }) });
  return { theirs: side('theirs'), ours: side('ours') };
}
const pairs = {};
for (const [name, o] of Object.entries(CONFIGS)) pairs[name] = await dual(o);

async function seen(v, path) {
  const r = await H.capture(await v.fetch(path));
  return { status: r.status, headers: r.headers, body: r.body };
}

for (const name of Object.keys(CONFIGS)) {
  test(`the RFC 9728 document, ${name}: as 1.2.3 writes it`, async () => {
    const { theirs, ours } = pairs[name];
    for (const path of ['/.well-known/oauth-protected-resource/api', '/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/other']) {
      const a = await seen(theirs, path), b = await seen(ours, path);
      assert.deepEqual(b, a, path);
    }
    const doc = await seen(theirs, '/.well-known/oauth-protected-resource/api');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.resource, RESOURCE);
    assert.equal(doc.body.jwks_uri, undefined);
  });
}
