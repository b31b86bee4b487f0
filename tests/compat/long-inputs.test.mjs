// Long and malformed inputs (issue #15), ours against the reference 1.2.3 in one
// workerd on one KV: where the reference answers, ours answers the same; where
// the reference fails with a 5xx, ours answers the endpoint's OAuth error.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, seen } from './harness/dual.mjs';

const d = await startDual(H.CONFIGS.v1);
after(() => d.dispose());
// One fixture, written by ours; the reference reads the same records.
const vars = await H.setupFixture(d.ours);
const bearer = (t) => ({ headers: { authorization: `Bearer ${t}` } });

test('a long URL on an API route meets the bearer check, as in the reference', async () => {
  const long = '/api/secret?x=' + 'a'.repeat(9000);
  for (const [path, init, status] of [
    [long, {}, 401],
    [long, bearer(vars.access_token_flipped), 401],
    [long, bearer(vars.access_token), 200],
    ['/api/' + 'b'.repeat(20000), bearer(vars.access_token), 200],
  ]) {
    const [theirs, ours] = await d.both(path, init);
    assert.equal(ours.status, status, JSON.stringify(ours.body).slice(0, 200));
    assert.deepEqual(seen(ours), seen(theirs));
  }
});

test('parseAuthRequest reads a long authorization request, as the reference does', async () => {
  const p = new URLSearchParams({ response_type: 'code', client_id: vars.client_id, redirect_uri: H.REDIRECT_URI, state: 's'.repeat(9000), code_challenge: vars.code_challenge, code_challenge_method: 'S256' });
  const [theirs, ours] = await d.both('/authorize?' + p, { headers: { 'x-test-parse-only': '1' } });
  assert.equal(ours.status, 200, JSON.stringify(ours.body).slice(0, 300));
  assert.deepEqual(ours.body, theirs.body);
});

const form = (o) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(o) });
const withBasic = (init, id, secret) => ({ ...init, headers: { ...init.headers, authorization: H.basicAuth(id, secret) } });

// Where the reference answers, ours answers the same; where it fails (5xx: KV
// refuses a key over 512 bytes), ours answers as for an unknown id or token.
async function asUnknown(path, initFor, longs, short) {
  const [ref] = await d.both(path, initFor(short));
  assert.ok(ref.status < 500, `the reference's answer for ${short.slice(0, 20)}… is ${ref.status}`);
  for (const id of longs) {
    const [theirs, ours] = await d.both(path, initFor(id));
    assert.deepEqual(seen(ours), seen(ref), `${path} with ${id.length} characters`);
    if (theirs.status < 500) assert.deepEqual(seen(ours), seen(theirs));
  }
}

const LONG = [506, 1422, 6000].map((n) => 'c'.repeat(n));

test('a client_id too long for a KV key: invalid_client, as an unknown client', async () => {
  const code = { grant_type: 'authorization_code', code: vars.code, redirect_uri: H.REDIRECT_URI, code_verifier: vars.code_verifier };
  const short = 'c'.repeat(500);
  await asUnknown('/token', (id) => form({ ...code, client_id: id, client_secret: 'x' }), LONG, short);
  await asUnknown('/token', (id) => withBasic(form(code), id, 'x'), LONG, short);
  await asUnknown('/token', (id) => form({ ...code, client_id: id }), LONG, short);
  await asUnknown('/token', (id) => form({ grant_type: 'refresh_token', refresh_token: vars.refresh_token, client_id: id }), LONG, short);
  // the 1,422-character id whose KV error text holds "1429" is not a rate limit
  const [, ours] = await d.both('/token', form({ ...code, client_id: 'c'.repeat(1422) }));
  assert.equal(ours.status, 401);
  assert.equal(ours.body.error, 'invalid_client');
});

test('a token whose user part is too long for a KV key: the answer for an absent grant', async () => {
  const swap = (tok, user) => [user, ...tok.split(':').slice(1)].join(':');
  const users = [425, 1422, 6000].map((n) => 'u'.repeat(n));
  const basic = (init) => withBasic(init, vars.client_id, vars.client_secret);
  const short = 'nobody';
  await asUnknown('/token', (u) => basic(form({ grant_type: 'authorization_code', code: swap(vars.code, u), redirect_uri: H.REDIRECT_URI, code_verifier: vars.code_verifier })), users, short);
  await asUnknown('/token', (u) => basic(form({ grant_type: 'refresh_token', refresh_token: swap(vars.refresh_token, u) })), users, short);
  await asUnknown('/token', (u) => basic(form({ token: swap(vars.refresh_token, u) })), users, short);
  await asUnknown('/token', (u) => basic(form({ token: swap(vars.access_token, u) })), users, short);
  await asUnknown('/api/x', (u) => ({ headers: { authorization: `Bearer ${swap(vars.access_token, u)}` } }), users, short);
  // nothing was revoked on the way
  const [, ok] = await d.both('/api/x', bearer(vars.access_token));
  assert.equal(ok.status, 200);
});

test('parseAuthRequest with a client_id too long for a KV key: Invalid client_id', async () => {
  const url = (id) => '/authorize?' + new URLSearchParams({ response_type: 'code', client_id: id, redirect_uri: H.REDIRECT_URI, code_challenge: vars.code_challenge, code_challenge_method: 'S256' });
  const [ref] = await d.both(url('c'.repeat(500)), {});
  assert.equal(ref.body.parseError.description, 'Invalid client_id');
  for (const id of LONG) {
    const [theirs, ours] = await d.both(url(id), {});
    assert.deepEqual(ours.body, { parseError: { ...ref.body.parseError, constructor: 'AuthorizationError' } }, `${id.length} characters`);
    assert.notEqual(theirs.body.parseError.name, 'AuthorizationError'); // the reference throws the KV error
  }
});

test('helpers with ids too long for a KV key answer as for absent records', async () => {
  const long = 'x'.repeat(600);
  assert.equal(await d.ours.test('lookupClient', { clientId: long }), null);
  assert.deepEqual(await d.ours.test('listUserGrants', { userId: long }), { items: [] });
  assert.equal(await d.ours.test('revokeGrant', { grantId: 'g'.repeat(16), userId: long }), null);
  assert.equal(await d.ours.test('revokeGrant', { grantId: long, userId: 'user1' }), null);
  // The reference throws its KV error for these.
  await assert.rejects(d.theirs.test('lookupClient', { clientId: long }));
  // completeAuthorization refuses a userId whose token keys cannot fit, before writing anything
  const before = await d.ours.dumpKV();
  const a = await H.authorize(d.ours, { clientId: vars.client_id, challenge: vars.code_challenge, user: 'u'.repeat(425) });
  assert.equal(a.response.body.completeError.name, 'TypeError');
  assert.deepEqual(await d.ours.dumpKV(), before);
  const b = await H.authorize(d.ours, { clientId: vars.client_id, challenge: vars.code_challenge, user: 'u'.repeat(424) });
  assert.ok(b.code, 'a userId that fits is served');
});
