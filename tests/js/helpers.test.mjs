// The OAuthHelpers shim against the wasm core and an in-memory KV binding:
// arguments in, values out, error answers thrown as the class the core names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Core, KIND } from '../../js-shim/core.js';
import { makeHelpers } from '../../js-shim/helpers.js';
import { setWasmModule } from '../../js-shim/wasm.js';
import { memoryKv } from './memory-kv.mjs';

const wasmPath = process.env.OC_WASM_PATH ?? new URL('../../dist/oc.wasm', import.meta.url);
const module = await WebAssembly.compile(await readFile(wasmPath));
// The error classes build their redirect with the isolate's core, as an entry point sets it.
setWasmModule(module);

const RU = 'https://client.example.org/cb';

test('helpers: client, authorization, grants, errors', async () => {
  const core = new Core(module);
  const cfg = core.configure({
    apiRoute: '/api/', hasApiHandler: true, hasDefaultHandler: true, authorizeEndpoint: '/authorize', tokenEndpoint: '/token',
    resourceMetadata: { resource: 'https://example.com/api' },
  });
  const kv = memoryKv();
  const h = makeHelpers(core, cfg, { OAUTH_KV: kv }, KIND);

  const c = await h.createClient({ redirectUris: [RU], clientName: 'App', tokenEndpointAuthMethod: 'client_secret_basic' });
  assert.equal(c.clientId.length, 16);
  assert.equal(c.clientSecret.length, 32);
  const stored = JSON.parse(kv.m.get(`client:${c.clientId}`).value);
  assert.equal(stored.authMethodExplicit, true);
  assert.equal(stored.clientSecret.length, 64);
  const looked = await h.lookupClient(c.clientId);
  assert.equal(looked.clientSecret, stored.clientSecret);
  assert.equal(looked.authMethodExplicit, undefined);
  assert.equal(await h.lookupClient('nope'), null);

  await assert.rejects(h.createClient({ redirectUris: ['javascript:x'] }), (e) => e.constructor === Error && e.message === 'Invalid redirect URI');

  const url = `https://example.com/authorize?response_type=code&client_id=${c.clientId}&redirect_uri=${encodeURIComponent(RU)}&scope=read&state=s1`;
  const ar = await h.parseAuthRequest(new Request(url));
  assert.deepEqual(ar.scope, ['read']);
  assert.equal(ar.issuer, 'https://example.com');
  assert.equal(ar.resource, 'https://example.com/api');
  await assert.rejects(h.parseAuthRequest(new Request(url.replace('response_type=code', 'response_type=token'))), (e) =>
    e.name === 'AuthorizationError' && e.code === 'unsupported_response_type' && e.state === 's1'
    && e.redirectTo.startsWith(`${RU}?error=unsupported_response_type&`));
  await assert.rejects(h.parseAuthRequest(new Request('https://example.com/authorize')), (e) =>
    e.name === 'AuthorizationError' && e.description === 'client_id is required' && e.redirectTo === undefined);

  const { redirectTo } = await h.completeAuthorization({ request: ar, userId: 'user1', metadata: { a: 1 }, scope: ['read'], props: { p: 1 } });
  assert.match(redirectTo, new RegExp(`^${RU}\\?code=user1%3A[A-Za-z0-9_-]{16}%3A[A-Za-z0-9_-]{32}&state=s1&iss=https%3A%2F%2Fexample.com$`));
  await assert.rejects(h.completeAuthorization({ request: ar, userId: 'a:b', metadata: {}, scope: [], props: {} }), TypeError);

  const { items, cursor } = await h.listUserGrants('user1');
  assert.equal(items.length, 1);
  assert.equal(cursor, undefined);
  assert.deepEqual(items[0].metadata, { a: 1 });
  assert.equal(items[0].resource, 'https://example.com/api');
  assert.deepEqual(kv.m.get(`grant:user1:${items[0].id}`).metadata, { clientId: c.clientId, resource: 'https://example.com/api', redirectUri: RU });
  assert.equal(kv.m.get(`grant:user1:${items[0].id}`).expirationTtl, 600);
  assert.equal(await h.revokeGrant(items[0].id, 'user1'), undefined);
  assert.deepEqual((await h.listUserGrants('user1')).items, []);
});
