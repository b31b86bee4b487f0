// Cross-implementation tests for the 0.10.x generation: a 0.10.x Worker run
// against 0.10.4 and against ours (oc-oauth-provider/0.10) in one workerd, on
// one KV namespace (harness/dual-0.10-worker.js). The core flows, dynamic
// registration and the helpers in every direction; records written by each
// read by the other, of the same shape; tokens bound to the resource a client
// sends (RFC 8707). Then three ways: data 0.10.4 wrote, used by our 1.x entry
// as 1.2.3 uses it (an unbound grant binds to the configured resource on its
// next refresh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView, pendingTtl } from './harness/dual.mjs';

const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options: H.CONFIGS.legacy, entry: 'dual-0.10-worker.js' });
after(() => w.dispose());

const impl = (name) => implView(w, name);
const ours = impl('ours');
const theirs = impl('theirs');
const ours1 = impl('ours1');
const theirs1 = impl('theirs1');

async function api(v, token, path = '/api/data') {
  return H.capture(await v.fetch(path, { headers: { authorization: `Bearer ${token}` } }));
}
async function apiOk(v, token) {
  const r = await api(v, token);
  assert.equal(r.status, 200, `${v.name}: ${JSON.stringify(r.body)}`);
  return r.body;
}
async function token(v, client, params) {
  const r = await H.tokenRequest(v, params, { basic: [client.clientId, client.clientSecret] });
  assert.equal(r.status, 200, `${v.name}: ${JSON.stringify(r.body)}`);
  return r.body;
}
const exchange = (v, client, code, verifier, extra = {}) =>
  token(v, client, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier, ...extra });
const refresh = (v, client, rt, extra = {}) => token(v, client, { grant_type: 'refresh_token', refresh_token: rt, ...extra });
const newClient = (v) => v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'x', tokenEndpointAuthMethod: 'client_secret_basic' });

const PAIRS = [[theirs, ours, '0.10.4 first, ours second'], [ours, theirs, 'ours first, 0.10.4 second']];

for (const [first, second, label] of PAIRS) {
  test(`core flows, ${label}: the grant, exchange, API, refresh rotation and code replay across both`, async () => {
    const client = await newClient(first);
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(first, { clientId: client.clientId, challenge, scope: 'read write' });
    assert.ok(code);
    const t1 = await exchange(second, client, code, verifier);
    assert.equal(t1.resource, undefined, 'no resource asked: the token is unbound');
    const a = await apiOk(ours, t1.access_token);
    const b = await apiOk(theirs, t1.access_token);
    assert.deepEqual(a, b);
    assert.deepEqual(a.props, { name: 'alice' });
    const t2 = await refresh(first, client, t1.refresh_token);
    assert.deepEqual((await apiOk(second, t2.access_token)).props, { name: 'alice' });
    const t3 = await refresh(second, client, t2.refresh_token);
    assert.deepEqual((await apiOk(first, t3.access_token)).props, { name: 'alice' });
    const replay = await H.tokenRequest(first, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [client.clientId, client.clientSecret] });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    assert.equal((await api(second, t3.access_token)).status, 401);
  });

  test(`RFC 8707, ${label}: tokens bound to the resource the client sends`, async () => {
    const client = await newClient(first);
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(first, { clientId: client.clientId, challenge, resource: 'https://example.com/api' });
    const t1 = await exchange(second, client, code, verifier);
    assert.equal(t1.resource, 'https://example.com/api', 'the grant\'s resource');
    for (const v of [ours, theirs]) await apiOk(v, t1.access_token);
    // a resource the grant does not name is refused by both
    for (const v of [ours, theirs]) {
      const r = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: t1.refresh_token, resource: 'https://other.example/api' }, { basic: [client.clientId, client.clientSecret] });
      assert.equal(r.status, 400, v.name);
      assert.deepEqual(r.body, { error: 'invalid_target', error_description: 'Requested resource was not included in the authorization request' });
    }
    // a token bound to another origin is refused at the API by both
    const other = await newClient(second);
    const p = H.pkcePair();
    const { code: c2 } = await H.authorize(second, { clientId: other.clientId, challenge: p.challenge, resource: 'https://other.example/api' });
    const t2 = await exchange(first, other, c2, p.verifier);
    assert.equal(t2.resource, 'https://other.example/api');
    for (const v of [ours, theirs]) assert.equal((await api(v, t2.access_token)).status, 401, v.name);
  });

  test(`helpers, ${label}: clients, grants, revocation and unwrapToken across both`, async () => {
    const client = await newClient(first);
    assert.equal((await second.test('lookupClient', { clientId: client.clientId })).clientName, 'x');
    assert.ok((await second.test('listClients', {})).items.some((c) => c.clientId === client.clientId));
    await second.test('updateClient', { clientId: client.clientId, updates: { clientName: 'renamed' } });
    assert.equal((await first.test('lookupClient', { clientId: client.clientId })).clientName, 'renamed');
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(first, { clientId: client.clientId, challenge, user: 'helper-user' });
    const t = await exchange(first, client, code, verifier);
    const grants = await second.test('listUserGrants', { userId: 'helper-user' });
    assert.equal(grants.items.length, 1);
    const u1 = await second.test('unwrapToken', { token: t.access_token });
    const u2 = await first.test('unwrapToken', { token: t.access_token });
    assert.deepEqual(u1, u2);
    assert.deepEqual(u1.grant.props, { name: 'alice' });
    await second.test('revokeGrant', { grantId: grants.items[0].id, userId: 'helper-user' });
    assert.equal((await api(first, t.access_token)).status, 401);
    await second.test('deleteClient', { clientId: client.clientId });
    assert.equal(await first.test('lookupClient', { clientId: client.clientId }), null);
  });

  test(`dynamic registration, ${label}`, async () => {
    const r = await H.capture(await first.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], client_name: 'dcr' }) }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const client = { clientId: r.body.client_id, clientSecret: r.body.client_secret };
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(second, { clientId: client.clientId, challenge, scope: 'read' });
    const t = await exchange(second, client, code, verifier);
    assert.deepEqual((await apiOk(first, t.access_token)).props, { name: 'alice' });
  });
}

// Records written by ours have the same keys, members (in order), types and expirations as 0.10.4's.
function shape(v) {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

for (const resource of [undefined, 'https://example.com/api']) {
  test(`records (${resource ? 'a resource sent' : 'no resource'}): the same keys, members, types, metadata and expirations`, async () => {
    const records = {};
    for (const v of [theirs, ours]) {
      await v.test('kv-clear', {});
      const client = await newClient(v);
      const { verifier, challenge } = H.pkcePair();
      const { code } = await H.authorize(v, { clientId: client.clientId, challenge, scope: 'read', resource });
      const pending = (await v.test('kv')).find((r) => r.key.startsWith('grant:'));
      const t1 = await exchange(v, client, code, verifier);
      await refresh(v, client, t1.refresh_token);
      const dump = await v.test('kv');
      const now = Math.floor(Date.now() / 1000);
      const g = dump.find((r) => r.key.startsWith('grant:'));
      records[v.name] = {
        client: shape(dump.find((r) => r.key.startsWith('client:')).value),
        pending: { value: shape(pending.value), order: Object.keys(pending.value), metadata: shape(pending.metadata), ttl: pendingTtl(pending) },
        grant: { value: shape(g.value), order: Object.keys(g.value), metadata: shape(g.metadata), expiresIn: Math.round((g.expiration - now) / 100), resource: g.value.resource },
        tokens: dump.filter((r) => r.key.startsWith('token:')).map((r) => ({ value: shape(r.value), order: Object.keys(r.value), audience: r.value.audience, expiration: Math.abs(r.expiration - r.value.expiresAt) <= 1 })),
      };
    }
    assert.deepEqual(records.ours, records.theirs);
  });
}

// Three ways: a grant 0.10.4 wrote without a resource, refreshed by the same Worker moved to
// 1.x: 1.2.3 and ours (1.x entry) both bind it to the configured resource, and each reads
// what the other then wrote.
for (const [moved, other] of [[ours1, theirs1], [theirs1, ours1]]) {
  test(`three ways: a 0.10.4 grant refreshed by ${moved.name} binds to the configured resource`, async () => {
    const client = await newClient(theirs);
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(theirs, { clientId: client.clientId, challenge, scope: 'read write', user: `three-${moved.name}` });
    const t1 = await exchange(theirs, client, code, verifier);
    const key = (await theirs.test('kv')).find((r) => r.key.startsWith(`grant:three-${moved.name}:`)).key;
    const before = (await theirs.test('kv')).find((r) => r.key === key).value;
    assert.equal(before.resource, undefined);
    const t2 = await refresh(moved, client, t1.refresh_token);
    assert.equal(t2.resource, 'https://example.com/api');
    const after = (await moved.test('kv')).find((r) => r.key === key).value;
    assert.equal(after.resource, 'https://example.com/api');
    for (const v of [ours1, theirs1]) assert.deepEqual((await apiOk(v, t2.access_token)).props, { name: 'alice' }, v.name);
    const t3 = await refresh(other, client, t2.refresh_token);
    assert.equal(t3.resource, 'https://example.com/api');
    for (const v of [ours1, theirs1]) assert.deepEqual((await apiOk(v, t3.access_token)).props, { name: 'alice' }, v.name);
  });
}
