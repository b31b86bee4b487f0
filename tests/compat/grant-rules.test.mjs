// Issue #15, items 2-5, differential: the same input to ours and to the reference (1.2.3) in one
// workerd, on one KV namespace (cleared before each side); the same status, headers, body and KV
// effect, with random values (ids, secrets, tokens) replaced by their names.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));

async function dual(options) {
  const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options, entry: 'dual-worker.js' });
  workers.push(w);
  const impl = (name) => {
    const v = {
      name,
      fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }),
      // A helper call: {value} or {error} (the thrown error's class, code and message).
      async helper(op, body) {
        const r = await v.fetch('/__test/' + op, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        const j = await r.json();
        if (r.status === 200) return { value: j };
        assert.ok(j.helperError, `${name} ${op}: ${JSON.stringify(j)}`);
        const { name: cls, message, code } = j.helperError;
        return { error: { name: cls, message, code } };
      },
      async test(op, body) {
        const r = await v.helper(op, body);
        assert.ok(!r.error, `${name} ${op}: ${JSON.stringify(r.error)}`);
        return r.value;
      },
      kv: () => v.test('kv', {}),
    };
    return v;
  };
  return { ours: impl('ours'), theirs: impl('theirs') };
}

const v1 = await dual(H.CONFIGS.v1);

// Runs scenario(v, vars) against each side on a cleared KV; the normalized results must be equal.
async function both(pair, scenario) {
  const out = {};
  for (const v of [pair.theirs, pair.ours]) {
    await v.test('kv-clear', {});
    const vars = {};
    const result = await scenario(v, vars);
    out[v.name] = normalize(result, vars);
  }
  assert.deepEqual(out.ours, out.theirs);
  return out.theirs;
}

function normalize(x, vars) {
  const s = JSON.stringify(H.normalize(x, vars)).replace(/\b[0-9a-f]{64}\b/g, '{{hash}}');
  return JSON.parse(s);
}

// What a KV diff shows: keys added, changed, removed (values compared through the keys' names).
function effect(before, afterDump) {
  const d = H.kvDiff(before, afterDump);
  return { added: d.added.map((r) => r.key).sort(), changed: d.changed.map((r) => r.key).sort(), removed: d.removed.map((r) => r.key).sort() };
}

// One HTTP exchange: its full answer and its KV effect.
async function step(v, path, init) {
  const before = await v.kv();
  const res = await H.capture(await v.fetch(path, init));
  return { ...res, kv: effect(before, await v.kv()) };
}

function tokenInit(params, basic) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = H.basicAuth(basic[0], basic[1]);
  return { method: 'POST', headers, body: H.form(params) };
}

async function client(v, vars, name, extra = {}) {
  const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: name, tokenEndpointAuthMethod: 'client_secret_basic', ...extra });
  vars[name] = c.clientId;
  if (c.clientSecret) vars[name + '_secret'] = c.clientSecret;
  return c;
}

// A code for user (PKCE S256) issued to c; its grant id named `grant`.
async function code(v, vars, c, user, grant = 'grant') {
  const { verifier, challenge } = H.pkcePair();
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user });
  assert.ok(code, 'authorization code issued');
  vars[grant] = code.split(':')[1];
  vars[grant + '_code'] = code;
  return { code, verifier };
}

const exchangeParams = (code, verifier) => ({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier });

test('item 4: a spent code presented by another client is refused before the replay rule', async () => {
  const seen = await both(v1, async (v, vars) => {
    const owner = await client(v, vars, 'owner');
    const other = await client(v, vars, 'other');
    const { code: c, verifier } = await code(v, vars, owner, 'user1');
    const first = await step(v, '/token', tokenInit(exchangeParams(c, verifier), [owner.clientId, owner.clientSecret]));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    for (const k of ['access_token', 'refresh_token']) vars[k] = first.body[k];
    const byOther = await step(v, '/token', tokenInit(exchangeParams(c, verifier), [other.clientId, other.clientSecret]));
    const api = await step(v, '/api/x', { headers: { authorization: `Bearer ${first.body.access_token}` } });
    const byOwner = await step(v, '/token', tokenInit(exchangeParams(c, verifier), [owner.clientId, owner.clientSecret]));
    return { byOther, api: api.status, byOwner };
  });
  assert.equal(seen.byOther.status, 400);
  assert.deepEqual(seen.byOther.body, { error: 'invalid_grant', error_description: 'Client ID mismatch' });
  assert.deepEqual(seen.byOther.kv, { added: [], changed: [], removed: [] });
  assert.equal(seen.api, 200, 'the owner stays signed in');
  assert.deepEqual(seen.byOwner.body, { error: 'invalid_grant', error_description: 'Authorization code already used' });
  assert.equal(seen.byOwner.kv.removed.length, 2, 'the owner replaying it revokes the grant and its access token');
});

// Sets what is left of the grant behind a refresh token to `left` seconds (its record's
// expiresAt; the KV entry keeps its expiration, as a later clock would see it).
async function grantLeft(v, token, left) {
  const [user, grant] = token.split(':');
  const rec = (await v.kv()).find((r) => r.key === `grant:${user}:${grant}`);
  assert.ok(rec, 'grant record');
  const value = { ...rec.value, expiresAt: Math.floor(Date.now() / 1000) + left };
  await v.test('kv-put', { key: rec.key, value, metadata: rec.metadata, expiration: rec.expiration });
}

// A refresh's answer with expires_in checked against [lo, hi] (the clock may tick in between) and named.
function lifetime(res, lo, hi) {
  if (res.status !== 200) return res;
  const e = res.body.expires_in;
  assert.ok(e >= lo && e <= hi, `expires_in ${e} not in [${lo}, ${hi}]`);
  return { ...res, body: { ...res.body, expires_in: `[${lo}, ${hi}]` } };
}

async function refreshed(v, vars, c, token, name) {
  const res = await step(v, '/token', tokenInit({ grant_type: 'refresh_token', refresh_token: token }, [c.clientId, c.clientSecret]));
  if (res.status === 200) for (const k of ['access_token', 'refresh_token']) vars[`${name}_${k}`] = res.body[k];
  return res;
}

async function grantWithRefresh(v, vars) {
  const c = await client(v, vars, 'c');
  const { code: cd, verifier } = await code(v, vars, c, 'user1');
  const t = await step(v, '/token', tokenInit(exchangeParams(cd, verifier), [c.clientId, c.clientSecret]));
  assert.equal(t.status, 200, JSON.stringify(t.body));
  for (const k of ['access_token', 'refresh_token']) vars[k] = t.body[k];
  return { c, t };
}

test('item 3: a refresh never lets access outlive the grant (refreshTokenTTL 120)', async () => {
  const pair = await dual({ ...H.CONFIGS.v1, refreshTokenTTL: 120 });
  const seen = await both(pair, async (v, vars) => {
    const { c, t } = await grantWithRefresh(v, vars);
    await grantLeft(v, t.body.refresh_token, 5);
    const fiveLeft = await refreshed(v, vars, c, t.body.refresh_token, 'r1');
    await grantLeft(v, t.body.refresh_token, 100);
    const hundredLeft = lifetime(await refreshed(v, vars, c, t.body.refresh_token, 'r2'), 98, 100);
    return { exchange: t.body.expires_in, fiveLeft, hundredLeft };
  });
  assert.equal(seen.exchange, 3600);
  assert.equal(seen.fiveLeft.status, 400);
  assert.deepEqual(seen.fiveLeft.body, { error: 'invalid_grant', error_description: 'Refresh token has expired' });
  assert.deepEqual(seen.fiveLeft.kv, { added: [], changed: [], removed: [] });
  assert.equal(seen.hundredLeft.status, 200);
  assert.equal(seen.hundredLeft.body.expires_in, '[98, 100]');
});

test('item 3: with an idle TTL, access lasts at most until the grant\'s new end', async () => {
  const pair = await dual({ ...H.CONFIGS.v1, refreshTokenIdleTTL: 120 });
  const seen = await both(pair, async (v, vars) => {
    const { c, t } = await grantWithRefresh(v, vars);
    return { refresh: lifetime(await refreshed(v, vars, c, t.body.refresh_token, 'r1'), 119, 120) };
  });
  assert.equal(seen.refresh.status, 200);
});

// Legacy records of users whose ids hold ':' next to carol's: carol's grant A (with an access
// token), carol:0's grants B (with KV key metadata and a token) and C (without metadata).
const HEX = (c) => c.repeat(64);
async function seedColonUsers(v, clientId) {
  const grant = (user, id, meta) => ({
    key: `grant:${user}:${id}`,
    value: { id, clientId, userId: user, scope: ['read'], metadata: { of: user }, encryptedProps: 'eA==', createdAt: 1, resource: 'https://example.com/api' },
    metadata: meta ? { clientId, resource: 'https://example.com/api' } : undefined,
  });
  const records = [
    grant('carol', 'AAAAAAAAAAAAAAAA', true),
    grant('carol:0', 'BBBBBBBBBBBBBBBB', true),
    grant('carol:0', 'CCCCCCCCCCCCCCCC', false),
    { key: `token:carol:AAAAAAAAAAAAAAAA:${HEX('a')}`, value: {} },
    { key: `token:carol:0:BBBBBBBBBBBBBBBB:${HEX('b')}`, value: {} },
  ];
  for (const r of records) await v.test('kv-put', r);
}

test('item 5: listUserGrants and re-authorization touch only that user\'s records', async () => {
  const seen = await both(v1, async (v, vars) => {
    const c = await client(v, vars, 'c');
    await seedColonUsers(v, c.clientId);
    // (The reference lists a page's grants in the order its reads complete: compared sorted.)
    const ids = (page) => ({ items: page.items.map((g) => `${g.userId}/${g.id}/${JSON.stringify(g.metadata)}`).sort(), more: page.cursor !== undefined });
    const all = ids(await v.test('listUserGrants', { userId: 'carol' }));
    const other = ids(await v.test('listUserGrants', { userId: 'carol:0' }));
    // Pages of one key: carol:0's keys sort first, pages without carol's are skipped.
    const first = await v.test('listUserGrants', { userId: 'carol', options: { limit: 1 } });
    const second = first.cursor ? ids(await v.test('listUserGrants', { userId: 'carol', options: { limit: 1, cursor: first.cursor } })) : null;
    const { challenge } = H.pkcePair();
    const before = await v.kv();
    const { code: cd } = await H.authorize(v, { clientId: c.clientId, challenge, user: 'carol' });
    assert.ok(cd, 'authorization code issued');
    vars.new_grant = cd.split(':')[1];
    vars.new_code = cd;
    const reauth = effect(before, await v.kv());
    return { all, other, first: ids(first), second, reauth };
  });
  assert.deepEqual(seen.all.items, ['carol/AAAAAAAAAAAAAAAA/{"of":"carol"}']);
  assert.deepEqual(seen.other.items, ['carol:0/BBBBBBBBBBBBBBBB/{"of":"carol:0"}', 'carol:0/CCCCCCCCCCCCCCCC/{"of":"carol:0"}']);
  assert.deepEqual(seen.first.items, ['carol/AAAAAAAAAAAAAAAA/{"of":"carol"}']);
  assert.ok(seen.second === null || seen.second.items.length === 0);
  assert.deepEqual(seen.reauth, {
    added: ['grant:carol:{{new_grant}}'],
    changed: [],
    removed: ['grant:carol:AAAAAAAAAAAAAAAA', `token:carol:AAAAAAAAAAAAAAAA:{{hash}}`],
  });
});

// Deliberate difference: revoking carol's grant G lists token:carol:G:, under which the tokens
// of user "carol:G" also lie; the reference deletes them too, ours only carol's own.
test('item 5: revokeGrant deletes only that grant\'s tokens (the reference also deletes another user\'s)', async () => {
  const out = {};
  for (const v of [v1.theirs, v1.ours]) {
    await v.test('kv-clear', {});
    const foreign = `token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:${HEX('d')}`;
    await v.test('kv-put', { key: 'grant:carol:AAAAAAAAAAAAAAAA', value: { id: 'AAAAAAAAAAAAAAAA', clientId: 'x', userId: 'carol', scope: [], encryptedProps: 'eA==', createdAt: 1 } });
    await v.test('kv-put', { key: `token:carol:AAAAAAAAAAAAAAAA:${HEX('a')}`, value: {} });
    await v.test('kv-put', { key: foreign, value: {} });
    await v.test('revokeGrant', { grantId: 'AAAAAAAAAAAAAAAA', userId: 'carol' });
    out[v.name] = (await v.kv()).map((r) => r.key);
  }
  assert.deepEqual(out.ours, [`token:carol:AAAAAAAAAAAAAAAA:DDDDDDDDDDDDDDDD:${HEX('d')}`]);
  assert.deepEqual(out.theirs, [], 'the reference deletes the other user\'s token as well');
});

test('item 2: /token refuses a grant type the client is not registered for', async () => {
  const seen = await both(v1, async (v, vars) => {
    const clients = {
      r: await client(v, vars, 'r', { grantTypes: ['refresh_token'], responseTypes: [] }),
      n: await client(v, vars, 'n', { grantTypes: [], responseTypes: [] }),
      a: await client(v, vars, 'a', { grantTypes: ['authorization_code'], responseTypes: ['code'] }),
    };
    const bodies = [
      { grant_type: 'authorization_code', code: 'user1:AAAAAAAAAAAAAAAA:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      { grant_type: 'authorization_code' },
      { grant_type: 'refresh_token', refresh_token: 'user1:AAAAAAAAAAAAAAAA:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      { grant_type: 'authorization_code', code: 'user1:AAAAAAAAAAAAAAAA:x', resource: 'https://evil.example/' },
      { token: 'user1:AAAAAAAAAAAAAAAA:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
    ];
    const out = {};
    for (const [name, c] of Object.entries(clients)) {
      out[name] = [];
      // (bodies[3] only where the grant type is refused: for a registered client the reference
      // checks the resource before the code, ours after; not this rule.)
      for (const b of bodies) out[name].push(name === 'a' && b === bodies[3] ? null : await step(v, '/token', tokenInit(b, [c.clientId, c.clientSecret])));
      out[name].push(await step(v, '/token', tokenInit(bodies[0], [c.clientId, 'wrong'])));
    }
    return out;
  });
  const refused = { error: 'unauthorized_client', error_description: 'The client is not registered for this grant type' };
  assert.deepEqual(seen.r[0].body, refused);
  assert.deepEqual(seen.r[3].body, refused);
  assert.equal(seen.r[0].status, 400);
  assert.deepEqual(seen.n[2].body, refused);
  assert.equal(seen.n[4].status, 200, 'revocation is not a grant');
  assert.equal(seen.r[5].status, 401, 'client authentication comes first');
  assert.notDeepEqual(seen.a[2].body, refused, 'authorization_code implies refresh_token');
});

// The AuthRequests an app may hand back to completeAuthorization after carrying them through
// state or a cookie, hand-built or altered: each answer and KV effect as the reference's.
test('item 2: completeAuthorization checks the AuthRequest it is handed again', async () => {
  const { challenge } = H.pkcePair();
  const seen = await both(v1, async (v, vars) => {
    const c = await client(v, vars, 'c', { redirectUris: [H.REDIRECT_URI, 'http://evil.example/cb'] });
    const p = await client(v, vars, 'p', { tokenEndpointAuthMethod: 'none' });
    const r = await client(v, vars, 'r', { grantTypes: ['refresh_token'], responseTypes: [] });
    const base = (cl, extra = {}) => ({ responseType: 'code', clientId: cl.clientId, redirectUri: H.REDIRECT_URI, scope: ['read'], state: 's', issuer: 'https://example.com', ...extra });
    const cases = {
      noClientId: { request: { ...base(c), clientId: undefined } },
      noRedirect: { request: { ...base(c), redirectUri: undefined } },
      noClientBadUser: { request: { ...base(c), clientId: '' }, userId: 'a:b' },
      badUser: { request: base(c), userId: 'a:b' },
      unknownClient: { request: base({ clientId: 'nope' }) },
      unregistered: { request: base(c, { redirectUri: 'https://x.example/cb' }) },
      notUsable: { request: base(c, { redirectUri: 'http://evil.example/cb' }) },
      noResponseType: { request: base(c, { responseType: undefined }) },
      emptyResponseType: { request: base(c, { responseType: '' }) },
      token: { request: base(c, { responseType: 'token' }) },
      codeIdToken: { request: base(c, { responseType: 'code id_token' }) },
      tokenAndBadResource: { request: base(c, { responseType: 'token', resource: 'https://evil.example/' }) },
      clientWithoutCode: { request: base(r) },
      badResource: { request: base(c, { resource: 'https://evil.example/api' }) },
      badResourcePublicNoPkce: { request: base(p, { resource: 'https://evil.example/api' }) },
      resourceArray: { request: base(c, { resource: ['https://example.com/api'] }) },
      resourceArrayTwice: { request: base(c, { resource: ['https://example.com/api', 'https://example.com/api'] }) },
      resourceArrayTwo: { request: base(c, { resource: ['https://example.com/api', 'https://evil.example/api'] }) },
      publicNoPkce: { request: base(p) },
      methodOnly: { request: base(c, { codeChallengeMethod: 'S256' }) },
      emptyChallenge: { request: base(p, { codeChallenge: '', codeChallengeMethod: 'S256' }) },
      plain: { request: base(c, { codeChallenge: challenge, codeChallengeMethod: 'plain' }) },
      noMethod: { request: base(c, { codeChallenge: challenge }) },
      s512: { request: base(c, { codeChallenge: challenge, codeChallengeMethod: 'S512' }) },
      publicToken: { request: base(p, { responseType: 'token' }) },
      confidential: { request: base(c) },
      publicS256: { request: base(p, { codeChallenge: challenge, codeChallengeMethod: 'S256' }) },
      malformedChallenge: { request: base(p, { codeChallenge: 'abc', codeChallengeMethod: 'S256' }) },
    };
    const out = {};
    for (const [name, cs] of Object.entries(cases)) {
      const before = await v.kv();
      const res = await v.helper('completeAuthorization', { userId: `u-${name}`, scope: ['read'], props: { a: 1 }, ...cs });
      if (res.value) res.value = new URL(res.value.redirectTo).searchParams.has('code') ? 'code issued' : res.value;
      out[name] = { ...res, kv: effect(before, await v.kv()).added.map((k) => k.replace(/[A-Za-z0-9_-]{16}$/, '{{grant}}')) };
    }
    return out;
  });
  assert.deepEqual(seen.publicNoPkce, {
    error: { name: 'AuthorizationError', message: 'Public clients must use PKCE with the authorization code flow.', code: 'invalid_request' },
    kv: [],
  });
  assert.equal(seen.clientWithoutCode.error.code, 'unauthorized_client');
  assert.equal(seen.notUsable.error.message, 'Invalid redirect URI');
  assert.deepEqual(seen.publicS256, { value: 'code issued', kv: ['grant:u-publicS256:{{grant}}'] });
});
