// Revocations that a KV failure interrupts, in workerd (issue #15, item 9). The
// test Worker's KV wrapper fails the n-th operation of one request; for every n
// across a whole revocation the answer must be a clean OAuth error, no access
// token may keep working once its grant is gone (a retry could not find it),
// and the same call again must succeed and leave nothing of the grant: RFC 7009
// revocation of a refresh token, a replayed code, revokeGrant, and
// completeAuthorization revoking earlier grants.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startWorker } from './harness.mjs';
import { randomString } from './fixtures.mjs';

const mf = await startWorker('tests/js/workers/revoke.js');
after(() => mf.dispose());
const kv = await mf.getKVNamespace('OAUTH_KV');
const ORIGIN = 'https://example.com';
const RU = 'https://client.example.org/cb';

const call = (path, init = {}, failAt = 0) =>
  mf.dispatchFetch(ORIGIN + path, { ...init, headers: { 'x-fail-at': String(failAt), ...(init.headers ?? {}) } });

const created = await (await call('/client', {
  method: 'POST',
  body: JSON.stringify({ redirectUris: [RU], clientName: 'Revoke test', tokenEndpointAuthMethod: 'client_secret_basic' }),
})).json();
const client = { id: created.clientId, basic: 'Basic ' + btoa(`${created.clientId}:${created.clientSecret}`) };
assert.equal(client.id.length, 16);

const tokenRequest = (params, failAt = 0) => call('/token', {
  method: 'POST',
  headers: { authorization: client.basic, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
}, failAt);

function authorize(user, { keep = false, challenge, failAt = 0 } = {}) {
  const q = new URLSearchParams({
    response_type: 'code', client_id: client.id, redirect_uri: RU, scope: 'read', state: 's',
    code_challenge: challenge ?? 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  });
  return call('/authorize?' + q, { headers: { 'x-user': user, ...(keep ? { 'x-keep-grants': 'yes' } : {}) } }, failAt);
}

// A grant of user with two access tokens (the code exchange's and a refresh's) and its current refresh token.
async function grantWithTokens(user) {
  const verifier = randomString(43);
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const { redirectTo } = await (await authorize(user, { keep: true, challenge })).json();
  const code = new URL(redirectTo).searchParams.get('code');
  const t1 = await (await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: RU, code_verifier: verifier })).json();
  const t2 = await (await tokenRequest({ grant_type: 'refresh_token', refresh_token: t1.refresh_token })).json();
  assert.ok(t1.access_token && t2.access_token && t2.refresh_token);
  return { grantId: code.split(':')[1], code, verifier, access: [t1.access_token, t2.access_token], refresh: t2.refresh_token };
}

const apiStatus = async (token) => (await call('/api/x', { headers: { authorization: `Bearer ${token}` } })).status;
const grantExists = async (user, g) => (await kv.get(`grant:${user}:${g.grantId}`)) !== null;
const tokenKeys = async (user, g) => (await kv.list({ prefix: `token:${user}:${g.grantId}:` })).keys.length;

// A failed storage effect at the token endpoint: a clean RFC 6749 error (the code's mapping of today, or 503).
async function isStorageErrorResponse(res) {
  const body = await res.json().catch(() => null);
  return ((res.status === 500 && body?.error === 'server_error') || (res.status === 503 && body?.error === 'temporarily_unavailable'))
    && typeof body.error_description === 'string';
}

// A helper that failed on storage throws an OAuthError (the reference lets the KV exception escape).
const isStorageErrorThrown = (out) => out.thrown?.name === 'OAuthError' && ['server_error', 'temporarily_unavailable'].includes(out.thrown.code);

// Each revocation: who is revoked in a world of two grants g1, g2 of one user, and the call.
const revocations = {
  'RFC 7009 revocation of a refresh token': {
    revoked: ['g1'],
    run: (w, failAt) => tokenRequest({ token: w.g1.refresh }, failAt),
    succeeded: async (res) => res.status === 200 && (await res.text()) === '',
    failedCleanly: isStorageErrorResponse,
  },
  'replayed authorization code': {
    revoked: ['g1'],
    run: (w, failAt) => tokenRequest({ grant_type: 'authorization_code', code: w.g1.code, redirect_uri: RU, code_verifier: w.g1.verifier }, failAt),
    succeeded: async (res) => res.status === 400 && (await res.json()).error_description === 'Authorization code already used',
    failedCleanly: isStorageErrorResponse,
  },
  revokeGrant: {
    revoked: ['g1'],
    run: (w, failAt) => call('/revoke-grant', { method: 'POST', body: JSON.stringify({ grantId: w.g1.grantId, userId: w.user }) }, failAt),
    succeeded: async (res) => (await res.json()).revoked === null,
    failedCleanly: async (res) => isStorageErrorThrown(await res.json()),
  },
  'completeAuthorization revoking existing grants': {
    revoked: ['g1', 'g2'],
    run: (w, failAt) => authorize(w.user, { failAt }),
    succeeded: async (res) => typeof (await res.json()).redirectTo === 'string',
    failedCleanly: async (res) => isStorageErrorThrown(await res.json()),
  },
};

let users = 0;
async function world() {
  const user = `u${++users}`;
  return { user, g2: await grantWithTokens(user), g1: await grantWithTokens(user) };
}

// After a success: the revoked grants and their tokens are gone, the others untouched.
async function checkRevoked(w, r, where) {
  for (const name of ['g1', 'g2']) {
    const g = w[name];
    if (r.revoked.includes(name)) {
      assert.equal(await grantExists(w.user, g), false, `${where}: grant ${name} gone`);
      assert.equal(await tokenKeys(w.user, g), 0, `${where}: tokens of ${name} gone`);
      for (const t of g.access) assert.equal(await apiStatus(t), 401, `${where}: access token of ${name} refused`);
      const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: g.refresh });
      assert.equal((await res.json()).error, 'invalid_grant', `${where}: refresh token of ${name} refused`);
    } else {
      assert.equal(await grantExists(w.user, g), true, `${where}: grant ${name} kept`);
      for (const t of g.access) assert.equal(await apiStatus(t), 200, `${where}: access token of ${name} works`);
    }
  }
  // g2, or completeAuthorization's new grant (a grant a failed call wrote is revoked by the retry)
  const left = (await kv.list({ prefix: `grant:${w.user}:` })).keys.length;
  assert.equal(left, 1, `${where}: one grant of the user left`);
}

for (const [name, r] of Object.entries(revocations)) {
  test(`${name}: a KV failure at any operation answers a clean error, and the same call again finishes`, async () => {
    const clean = await world();
    const res = await r.run(clean, 0);
    const total = Number(res.headers.get('x-kv-ops'));
    assert.ok(await r.succeeded(res), 'the revocation without fault succeeds');
    await checkRevoked(clean, r, 'without fault');
    assert.ok(total >= 4, `the revocation takes ${total} KV operations`);

    for (let n = 1; n <= total; n++) {
      const where = `KV operation ${n} of ${total} failed`;
      const w = await world();
      const failed = await r.run(w, n);
      assert.ok(Number(failed.headers.get('x-kv-ops')) >= n, `${where}: the fault was reached`);
      assert.ok(await r.failedCleanly(failed), `${where}: a clean storage error`);
      // In between: an access token that still works still has its grant, so a retry finds it.
      for (const gname of r.revoked) {
        const g = w[gname];
        if (await grantExists(w.user, g)) continue;
        assert.equal(await tokenKeys(w.user, g), 0, `${where}: no token of ${gname} outlives its grant`);
        for (const t of g.access) assert.equal(await apiStatus(t), 401, `${where}: access token of ${gname} refused without its grant`);
      }
      const again = await r.run(w, 0);
      assert.ok(await r.succeeded(again), `${where}: the same call again succeeds`);
      await checkRevoked(w, r, where);
    }
  });
}
