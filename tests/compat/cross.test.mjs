// Cross-implementation tests: ours and the reference (1.2.3) in one workerd,
// on one KV namespace. A grant or token written by either works in the other.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView, pendingTtl } from './harness/dual.mjs';

const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: H.CONFIGS.v1, entry: 'dual-worker.js' });
after(() => w.dispose());

const impl = (name) => implView(w, name);
const ours = impl('ours');
const theirs = impl('theirs');

async function api(v, token) {
  const r = await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${token}` } }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function exchange(v, client, code, verifier) {
  const r = await H.tokenRequest(v, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [client.clientId, client.clientSecret] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function refresh(v, client, token) {
  const r = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: token }, { basic: [client.clientId, client.clientSecret] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

for (const [first, second, label] of [[theirs, ours, 'reference grant, ours exchanges'], [ours, theirs, 'our grant, reference exchanges']]) {
  test(`${label}; API by both; refresh by the first, API by the second`, async () => {
    const client = await first.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'x', tokenEndpointAuthMethod: 'client_secret_basic' });
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(first, { clientId: client.clientId, challenge, scope: 'read write' });
    assert.ok(code, 'authorization code issued');
    const t1 = await exchange(second, client, code, verifier);
    assert.equal(t1.token_type, 'bearer');
    assert.equal(t1.resource, 'https://example.com/api');
    const a = await api(ours, t1.access_token);
    const b = await api(theirs, t1.access_token);
    assert.deepEqual(a.props, { name: 'alice' });
    assert.deepEqual(a.props, b.props);
    assert.deepEqual(a.auth, b.auth);
    const t2 = await refresh(first, client, t1.refresh_token);
    assert.deepEqual((await api(second, t2.access_token)).props, { name: 'alice' });
    // Rotation is shared: the other library accepts the new refresh token, and the old
    // one (now previous) once more.
    const t3 = await refresh(second, client, t2.refresh_token);
    assert.deepEqual((await api(first, t3.access_token)).props, { name: 'alice' });
    // The code was spent: replaying it at either library fails and revokes the grant.
    const replay = await H.tokenRequest(first, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [client.clientId, client.clientSecret] });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
    const gone = await H.capture(await second.fetch('/api/data', { headers: { authorization: `Bearer ${t3.access_token}` } }));
    assert.equal(gone.status, 401);
  });
}

// Records written by ours carry the same fields, types, metadata and expirations as the reference's.
// (An access token's KV expiration is its expiresAt; the reference reads the clock twice, so
// the two can differ by a second across a tick.)
function shape(v) {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

test('records: the same keys, fields, types, metadata and expirations', async () => {
  const records = {};
  for (const [name, v] of [['theirs', theirs], ['ours', ours]]) {
    await v.test('kv-clear', {});
    const client = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'x', tokenEndpointAuthMethod: 'client_secret_basic' });
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(v, { clientId: client.clientId, challenge, scope: 'read' });
    const pending = (await v.test('kv')).find((r) => r.key.startsWith('grant:'));
    const t1 = await exchange(v, client, code, verifier);
    await refresh(v, client, t1.refresh_token);
    const dump = await v.test('kv');
    const now = Math.floor(Date.now() / 1000);
    records[name] = {
      client: shape(dump.find((r) => r.key.startsWith('client:')).value),
      pending: { value: shape(pending.value), order: Object.keys(pending.value), metadata: shape(pending.metadata), ttl: pendingTtl(pending) },
      grant: (() => {
        const g = dump.find((r) => r.key.startsWith('grant:'));
        return { value: shape(g.value), order: Object.keys(g.value), metadata: shape(g.metadata), expiresIn: Math.round((g.expiration - now) / 100) };
      })(),
      tokens: dump.filter((r) => r.key.startsWith("token:")).map((r) => ({ value: shape(r.value), order: Object.keys(r.value), expiration: Math.abs(r.expiration - r.value.expiresAt) <= 1 })),
      keys: dump.map((r) => r.key.replace(/[A-Za-z0-9_-]{16}/g, 'ID').replace(/[0-9a-f]{64}/g, 'HASH').split(':')[0]).sort(),
    };
  }
  assert.deepEqual(records.ours, records.theirs);
});

// Dynamic registration (RFC 7591): a client registered at /register by either library authorizes
// and exchanges its code on the other, confidential (the secret checked against the hash the
// first wrote) and public, and refreshes back on the first.
async function register(v, metadata) {
  const r = await H.capture(await v.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

for (const [first, second, label] of [[theirs, ours, 'registered by the reference, used with ours'], [ours, theirs, 'registered by ours, used with the reference']]) {
  test(`dynamic registration: ${label}`, async () => {
    const conf = await register(first, { redirect_uris: [H.REDIRECT_URI], client_name: 'dcr confidential', grant_types: ['authorization_code', 'refresh_token'] });
    assert.equal((await second.test('lookupClient', { clientId: conf.client_id })).clientName, 'dcr confidential');
    const { verifier, challenge } = H.pkcePair();
    const { code } = await H.authorize(second, { clientId: conf.client_id, challenge, scope: 'read' });
    assert.ok(code, 'authorization code issued');
    const t1 = await exchange(second, { clientId: conf.client_id, clientSecret: conf.client_secret }, code, verifier);
    assert.deepEqual((await api(first, t1.access_token)).props, { name: 'alice' });
    const t2 = await refresh(first, { clientId: conf.client_id, clientSecret: conf.client_secret }, t1.refresh_token);
    assert.deepEqual((await api(second, t2.access_token)).props, { name: 'alice' });
    // a wrong secret is refused by both
    for (const v of [first, second]) {
      const bad = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: t2.refresh_token }, { basic: [conf.client_id, 'x'.repeat(32)] });
      assert.equal(bad.status, 401);
    }

    const pub = await register(first, { redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    assert.equal(pub.client_secret, undefined);
    const p = H.pkcePair();
    const { code: code2 } = await H.authorize(second, { clientId: pub.client_id, challenge: p.challenge, scope: 'read' });
    const r = await H.tokenRequest(second, { grant_type: 'authorization_code', code: code2, redirect_uri: H.REDIRECT_URI, code_verifier: p.verifier, client_id: pub.client_id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual((await api(first, r.body.access_token)).props, { name: 'alice' });
  });
}

test('records: a registered client\'s record has the same members, in order, types and expiration', async () => {
  const records = {};
  const metadata = { redirect_uris: [H.REDIRECT_URI], client_name: 'x', 'client_name#fr': 'y', contacts: ['a'], token_endpoint_auth_method: 'client_secret_post' };
  for (const [name, v] of [['theirs', theirs], ['ours', ours]]) {
    await v.test('kv-clear', {});
    const body = await register(v, metadata);
    const [rec] = (await v.test('kv')).filter((r) => r.key.startsWith('client:'));
    records[name] = { order: Object.keys(rec.value), value: shape(rec.value), ttl: rec.expiration - rec.value.registrationDate, response: Object.keys(body) };
  }
  assert.deepEqual(records.ours, records.theirs);
});
