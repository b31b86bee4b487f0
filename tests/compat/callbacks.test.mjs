// tokenExchangeCallback and resolveExternalToken as the reference 1.2.3 runs them (issue #17,
// rules R-CB-*, R-EXT-*, R-CODE-19/20, R-REFRESH-10/11/13, R-API-12 of docs/observed/rules-1.2.3.md),
// differential: ours and the reference in one workerd on one KV namespace (cleared before each
// side), both built with the same callbacks (each throwing its own library's error classes); the
// same answers (status, headers, body), the same KV effect and records (ids, secrets, ciphertexts
// and clocks replaced by names), the same props and ctx.auth at the API. A failure the reference
// lets escape fetch() (a 500 of the runtime) must escape ours too.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView } from './harness/dual.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));

// tokenExchangeCallback's behaviour is chosen by the user id, "<when>.<mode>": when c (code
// exchange only), r (refresh only) or b (both). The props it is given, and the options
// (env aside), go into the new props of the modes that say so, for the API to show.
const EXCHANGE = `(L) => ({
  tokenExchangeCallback: async (o) => {
    const [when, mode] = o.userId.split('.');
    if ((when === 'c' && o.grantType !== 'authorization_code') || (when === 'r' && o.grantType !== 'refresh_token')) return undefined;
    const { env, ...given } = o;
    const seen = { ...given, keys: Object.keys(o), env: typeof env.OAUTH_KV.get };
    switch (mode) {
      case 'none': return undefined;
      case 'null': return null;
      case 'empty': return {};
      case 'new': return { newProps: { n: (o.props.n ?? 0) + 1, seen } };
      case 'access': return { accessTokenProps: { token: o.grantType, seen } };
      case 'both': return { newProps: { grant: (o.props.grant ?? 0) + 1 }, accessTokenProps: { token: o.grantType, given: o.props } };
      case 'same': { const x = { same: o.grantType }; return { newProps: x, accessTokenProps: x }; }
      case 'given': return { accessTokenProps: o.props, accessTokenTTL: 600 };
      case 'falsy': return { newProps: 0, accessTokenProps: '' };
      case 'ttl': return { accessTokenTTL: 120, refreshTokenTTL: 300, refreshTokenIdleTTL: 900 };
      case 'short': return { accessTokenTTL: 30 };
      case 'fraction': return { accessTokenTTL: 90.5 };
      case 'nullttl': return { accessTokenTTL: null };
      case 'bigttl': return { accessTokenTTL: 1e7 };
      case 'refresh59': return { refreshTokenTTL: 59 };
      case 'refreshstr': return { refreshTokenTTL: '300' };
      case 'norefresh': return { refreshTokenTTL: 0, accessTokenTTL: 200 };
      case 'idle59': return { refreshTokenIdleTTL: 59 };
      case 'idlenull': return { refreshTokenIdleTTL: null };
      case 'scope': return { accessTokenScope: ['write', 'nope', 'read', 'write'] };
      case 'scopestr': return { accessTokenScope: ' read  nope ' };
      case 'scopeempty': return { accessTokenScope: [] };
      case 'scopebad': return { accessTokenScope: 5 };
      case 'invalidgrant': throw new L.OAuthError('invalid_grant', { description: 'upstream refresh token is invalid' });
      case 'limited': throw new L.OAuthError('temporarily_unavailable', { description: 'upstream rate limited', statusCode: 429, headers: { 'Retry-After': '60', 'Cache-Control': 'no-store, max-age=0' } });
      case 'custom': throw new L.OAuthError('upstream_down', { statusCode: 503 });
      case 'oauth200': throw new L.OAuthError('invalid_request', { description: 'odd', statusCode: 200 });
      case 'oauth700': throw new L.OAuthError('invalid_request', { description: 'odd', statusCode: 700 });
      case 'throw': throw new Error('boom');
      case 'syncthrow': throw new TypeError('sync');
      case 'slow': await new Promise((r) => setTimeout(r, 2500)); return { newProps: { slow: true } };
      default: return undefined;
    }
  },
})`;

// resolveExternalToken's behaviour is chosen by the token, "<mode>.<anything>".
const RESOLVE = `(L) => ({
  resolveExternalToken: async ({ token, request, env }) => {
    const mode = token.split('.')[0];
    const audience = 'https://example.com/api';
    switch (mode) {
      case 'ok': return { props: { ext: token, url: request.url, kv: typeof env.OAUTH_KV.get }, audience };
      case 'upper': return { props: [1, 2], audience: 'HTTPS://EXAMPLE.COM/api' };
      case 'slash': return { props: 'p', audience: 'https://example.com/api/' };
      case 'noprops': return { audience };
      case 'date': return { props: { d: new Date(0), f: () => 1 }, audience };
      case 'null': return null;
      case 'undef': return undefined;
      case 'false': return false;
      case 'str': return 'yes';
      case 'noaud': return { props: {} };
      case 'other': return { props: {}, audience: 'https://example.com/other' };
      case 'array': return { props: {}, audience: [audience] };
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
      default: return { props: { default: true }, audience };
    }
  },
})`;

async function dual(extra, options = H.CONFIGS.v1) {
  const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options, extraCode: extra, entry: 'dual-worker.js' });
  workers.push(w);
  const impl = (name) => implView(w, name, { alwaysPost: true });
  return { ours: impl('ours'), theirs: impl('theirs') };
}

const exchangePair = await dual(EXCHANGE);
const resolvePair = await dual(RESOLVE);

// Started here, before the first test is registered (node:test may end the root once the
// registered tests are done; a slow start later in the file could outlast them).
// The same callbacks with an onError that records its argument (an Error detail as name and
// message) in the one list both libraries' options share.
const RECORDING = (callbacks) => `(L) => {
  const seen = (globalThis.__TEST_SEEN ??= []);
  const plain = (v) => (v instanceof Error ? { error: { name: v.name, message: v.message } } : JSON.parse(JSON.stringify(v ?? null)));
  return { ...(${callbacks})(L), onError: (e) => {
    const internal = e.internal && { ...e.internal, ...('detail' in e.internal ? { detail: plain(e.internal.detail) } : {}) };
    seen.push({ keys: Object.keys(e), code: e.code, description: e.description, status: e.status, headers: e.headers, internal });
  } };
}`;
const resolveSeenPair = await dual(RECORDING(RESOLVE));
const exchangeSeenPair = await dual(RECORDING(EXCHANGE));

// Runs scenario(v, vars) against each side on a cleared KV; the normalized results must be equal.
async function both(pair, scenario) {
  const out = {};
  for (const v of [pair.theirs, pair.ours]) {
    await v.test('kv-clear');
    const vars = {};
    const t0 = v.t0 = Math.floor((await v.test('now')).now / 1000);
    out[v.name] = H.normalizeTimed(await scenario(v, vars), vars, t0);
  }
  assert.deepEqual(out.ours, out.theirs);
  return out.theirs;
}

// The records (clients aside), with what cannot be equal named: ciphertexts and wrapped keys
// by which of them are the same value within the dump, timestamps as normalize writes them.
async function records(v) {
  const dump = (await v.dumpKV()).filter((r) => !r.key.startsWith('client:'));
  const blobs = new Map();
  const blob = (s) => {
    const all = dump.flatMap((r) => [r.value?.encryptedProps, r.value?.grant?.encryptedProps]).filter(Boolean);
    if (!blobs.has(s)) blobs.set(s, `props${all.filter((x) => x === s).length > 1 ? '(shared)' : ''}`);
    return blobs.get(s);
  };
  const walk = (x, k) => {
    if (Array.isArray(x)) return x.map((e) => walk(e));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([kk, e]) => [kk, walk(e, kk)]));
    if (k === 'encryptedProps') return blob(x);
    if (typeof x === 'string' && /WrappedKey$|wrappedEncryptionKey/.test(k ?? '')) return '{{wrapped}}';
    if (typeof x === 'number' && x > 1e9 && x < 1e10 && v.t0) return `t0+${Math.floor((x - v.t0) / 30) * 30}`;
    return x;
  };
  // in an order that random ids and clocks do not decide
  const order = (r) => JSON.stringify(r).replace(/[0-9a-f]{64}/g, '');
  return dump.map((r) => walk(r)).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function tokenInit(params, c) {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) }, body: H.form(params) };
}

async function api(v, token, path = '/api/data', headers = {}) {
  return H.seenByClient(await H.capture(await v.fetch(path, { headers: { authorization: `Bearer ${token}`, ...headers } })));
}

async function token(v, c, params) {
  return H.seenByClient(await H.capture(await v.fetch('/token', tokenInit(params, c))));
}

// A confidential client and a pending code of user (PKCE S256, scope read write), named in vars.
async function pending(v, vars, user, scope = 'read write') {
  const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
  vars.client = c.clientId;
  vars.client_secret = c.clientSecret;
  const { verifier, challenge } = H.pkcePair();
  vars.challenge = challenge;
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user, scope });
  assert.ok(code, 'authorization code issued');
  vars.grant = code.split(':')[1];
  vars.code = code;
  return { c, code, verifier };
}

const codeParams = (code, verifier, extra = {}) => ({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier, ...extra });

// Code exchange (then API, refresh, API again, the old refresh token once more, when it worked),
// the callback acting on both grants; every answer and the records after each step.
async function flow(v, vars, mode, { scopeParam } = {}) {
  const { c, code, verifier } = await pending(v, vars, `b.${mode}`);
  const out = {};
  out.exchange = await token(v, c, codeParams(code, verifier, scopeParam ? { scope: scopeParam } : {}));
  out.afterExchange = await records(v);
  if (out.exchange.status !== 200) return out;
  Object.assign(vars, { access: out.exchange.body.access_token, refresh: out.exchange.body.refresh_token });
  out.api = await api(v, vars.access);
  if (!vars.refresh) return out;
  out.refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh, ...(scopeParam ? { scope: scopeParam } : {}) });
  out.afterRefresh = await records(v);
  if (out.refresh.status !== 200) return out;
  Object.assign(vars, { access2: out.refresh.body.access_token, refresh2: out.refresh.body.refresh_token });
  out.api2 = await api(v, vars.access2);
  out.oldRefresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
  if (out.oldRefresh.status === 200) {
    vars.access3 = out.oldRefresh.body.access_token;
    vars.refresh3 = out.oldRefresh.body.refresh_token;
    out.api3 = await api(v, vars.access3);
  }
  out.afterOld = await records(v);
  return out;
}

// Each mode, with what the reference must have answered at the exchange (the whole answer is
// then compared with ours).
const MODES = [
  ['none', 200], ['null', 200], ['empty', 200], ['new', 200], ['access', 200], ['both', 200], ['same', 200],
  ['given', 200], ['falsy', 200], ['ttl', 200], ['short', 400], ['fraction', 400], ['nullttl', 400], ['bigttl', 200], ['slow', 200],
  ['refresh59', 400], ['refreshstr', 400], ['norefresh', 200], ['scope', 200], ['scopestr', 200], ['scopeempty', 200],
  ['scopebad', 500], ['invalidgrant', 400], ['limited', 429], ['custom', 503], ['oauth200', 200], ['oauth700', 500], ['throw', 500], ['syncthrow', 500],
];
for (const [mode, status] of MODES) {
  test(`R-CB tokenExchangeCallback '${mode}' at code exchange and refresh: answers, records, props`, async () => {
    const r = await both(exchangePair, (v, vars) => flow(v, vars, mode));
    assert.equal(r.exchange.status, status, JSON.stringify(r.exchange));
  });
}

test('R-CB accessTokenScope may widen a narrowed request back to the grant\'s scope', async () => {
  const r = await both(exchangePair, (v, vars) => flow(v, vars, 'scope', { scopeParam: 'read' }));
  assert.equal(r.exchange.body.scope, 'write read write');
});

// The refresh-only modes: the exchange runs without changes, the refresh with them.
const REFRESH_MODES = [
  ['new', 200], ['access', 200], ['both', 200], ['ttl', 200], ['idle59', 400], ['idlenull', 400], ['short', 400],
  ['refresh59', 200], ['invalidgrant', 400], ['throw', 500], ['scope', 200],
];
for (const [mode, status] of REFRESH_MODES) {
  test(`R-CB tokenExchangeCallback '${mode}' at refresh only: answers, records, props`, async () => {
    const r = await both(exchangePair, async (v, vars) => {
      const { c, code, verifier } = await pending(v, vars, `r.${mode}`);
      const t = await token(v, c, codeParams(code, verifier));
      assert.equal(t.status, 200);
      Object.assign(vars, { access: t.body.access_token, refresh: t.body.refresh_token });
      const refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
      const out = { refresh, after: await records(v), api: await api(v, vars.access) };
      if (refresh.status === 200) {
        vars.access2 = refresh.body.access_token;
        vars.refresh2 = refresh.body.refresh_token;
        out.api2 = await api(v, vars.access2);
        out.again = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh2 });
        if (out.again.status === 200) Object.assign(vars, { access3: out.again.body.access_token, refresh3: out.again.body.refresh_token });
      }
      return out;
    });
    assert.equal(r.refresh.status, status, JSON.stringify(r.refresh));
    if (mode === 'invalidgrant') {
      assert.deepEqual(r.after, [], 'the grant and its access token are revoked');
      assert.equal(r.api.status, 401);
    }
  });
}

test('R-REFRESH-11 the grant\'s expiry is checked again once the callback returned', async () => {
  const r = await both(exchangePair, async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'r.slow');
    const t = await token(v, c, codeParams(code, verifier));
    vars.refresh = t.body.refresh_token;
    vars.access = t.body.access_token;
    const key = `grant:r.slow:${vars.grant}`;
    const rec = (await v.dumpKV()).find((x) => x.key === key);
    await v.test('kv-put', { key, value: { ...rec.value, expiresAt: Math.floor(Date.now() / 1000) + 61 }, metadata: rec.metadata });
    const refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    return { refresh, after: await records(v) };
  });
  assert.deepEqual(r.refresh.body, { error: 'invalid_grant', error_description: 'Refresh token has expired' });
});

test('R-CB-01 invalid_grant at code exchange revokes the pending grant; the code is spent for good', async () => {
  const r = await both(exchangePair, async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'c.invalidgrant');
    const first = await token(v, c, codeParams(code, verifier));
    const kv = await records(v);
    const again = await token(v, c, codeParams(code, verifier));
    return { first, kv, again };
  });
  assert.deepEqual(r.kv, []);
  assert.equal(r.again.body.error_description, 'Grant not found or authorization code expired');
});

test('R-CB a code whose callback threw another OAuthError is not spent: nothing is written', async () => {
  const r = await both(exchangePair, async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'c.limited');
    const first = await token(v, c, codeParams(code, verifier));
    return { first, kv: await records(v) };
  });
  assert.equal(r.first.status, 429);
  assert.equal(r.kv.length, 1, 'the grant, with its code still pending');
  assert.ok(r.kv[0].value.authCodeId, 'the code still pending');
});

// Records written by one library with access-token props of their own, used by the other.
for (const [firstName, secondName] of [['theirs', 'ours'], ['ours', 'theirs']]) {
  test(`R-CB records cross: token props of their own written by ${firstName}, used and refreshed by ${secondName}`, async () => {
    const first = exchangePair[firstName], second = exchangePair[secondName];
    await first.test('kv-clear');
    const vars = {};
    const { c, code, verifier } = await pending(first, vars, 'b.both');
    const t = await token(first, c, codeParams(code, verifier));
    assert.equal(t.status, 200, JSON.stringify(t));
    const a1 = await api(second, t.body.access_token);
    const b1 = await api(first, t.body.access_token);
    // the access token's own props; the grant's as the callback was given them
    assert.deepEqual(a1.body.props, { token: 'authorization_code', given: { name: 'alice' } });
    assert.deepEqual(a1.body, b1.body);
    const r = await token(second, c, { grant_type: 'refresh_token', refresh_token: t.body.refresh_token });
    assert.equal(r.status, 200, JSON.stringify(r));
    assert.deepEqual((await api(first, r.body.access_token)).body.props, { token: 'refresh_token', given: { grant: 1 } });
    // the previous refresh token, its key wrapped again by the second library, at the first
    const r2 = await token(first, c, { grant_type: 'refresh_token', refresh_token: t.body.refresh_token });
    assert.equal(r2.status, 200, JSON.stringify(r2));
    const u = await first.test('unwrapToken', { token: r2.body.access_token });
    assert.deepEqual(u.grant.props, { token: 'refresh_token', given: { grant: 2 } });
    const r3 = await token(second, c, { grant_type: 'refresh_token', refresh_token: r2.body.refresh_token });
    assert.equal(r3.status, 200, JSON.stringify(r3));
    const u3 = await second.test('unwrapToken', { token: r3.body.access_token });
    assert.deepEqual(u3.grant.props, { token: 'refresh_token', given: { grant: 3 } });
    const next = await token(first, c, { grant_type: 'refresh_token', refresh_token: r3.body.refresh_token });
    assert.deepEqual((await api(second, next.body.access_token)).body.props, { token: 'refresh_token', given: { grant: 4 } });
    const grants = await second.test('listUserGrants', { userId: 'b.both' });
    assert.equal(grants.items.length, 1);
  });
}

// ---- resolveExternalToken ----

const EXTERNAL = [
  ['ok', 200], ['upper', 200], ['slash', 401], ['noprops', 200], ['date', 200], ['null', 401], ['undef', 401], ['false', 401],
  ['str', 401], ['noaud', 401], ['other', 401], ['array', 401], ['e401', 401], ['e403', 403], ['e403off', 403], ['e403none', 403],
  ['eown', 401], ['e429', 429], ['e401as400', 400], ['e700', 500], ['ebadscope', 500], ['oauth', 500], ['throw', 500],
];
for (const [mode, status] of EXTERNAL) {
  test(`R-EXT resolveExternalToken '${mode}': the answer, the handler's props and auth`, async () => {
    const r = await both(resolvePair, async (v) => ({
      api: await api(v, `${mode}.tok`),
      withOrigin: await api(v, `${mode}.tok`, '/api/data?q=1', { origin: 'https://app.example.net' }),
      kv: await records(v),
    }));
    assert.equal(r.api.status, status, JSON.stringify(r.api));
  });
}

test('R-EXT-07 a request outside the resolver\'s audience: Invalid audience', async () => {
  const r = await both(resolvePair, async (v) => ({ other: await api(v, 'ok.tok', 'https://other.example/api/data') }));
  assert.equal(r.other.status, 401);
  assert.equal(r.other.body.error_description, 'Token audience does not match resource server');
});

test('R-EXT-01 a token of the issued shape with no record is refused without asking the resolver', async () => {
  const r = await both(resolvePair, async (v) => ({
    issued: await api(v, `user1:AAAAAAAAAAAAAAAA:${'B'.repeat(32)}`),
    // a shape the provider never issues (a 15-character grant id) goes to the resolver
    notIssued: await api(v, `user1:AAAAAAAAAAAAAAA:${'B'.repeat(32)}`),
    twoParts: await api(v, `AAAAAAAAAAAAAAAA:${'B'.repeat(32)}`),
  }));
  assert.equal(r.issued.status, 401);
  assert.equal(r.notIssued.status, 200);
  assert.equal(r.twoParts.status, 200);
});

test('R-EXT a token this provider issued still goes the usual way with a resolver configured', async () => {
  const r = await both(resolvePair, async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'user1');
    const t = await token(v, c, codeParams(code, verifier));
    vars.access = t.body.access_token;
    vars.refresh = t.body.refresh_token;
    return { api: await api(v, vars.access) };
  });
  assert.deepEqual(r.api.body.props, { name: 'alice' });
});

// ---- what onError is handed on the callbacks' error paths (R-REST-05) ----


for (const mode of ['null', 'noaud', 'other', 'e401', 'e403', 'e429']) {
  test(`R-REST-05 resolveExternalToken '${mode}': onError is handed what the reference hands it`, async () => {
    const r = await both(resolveSeenPair, async (v) => {
      await v.test('seen');
      const res = await api(v, `${mode}.tok`);
      return { status: res.status, seen: await v.test('seen') };
    });
    assert.equal(r.seen.length, 1, JSON.stringify(r));
    assert.equal(r.seen[0].internal.category, 'protected-resource');
  });
}

test('R-REST-05 resolveExternalToken, a request outside its audience: onError is handed what the reference hands it', async () => {
  const r = await both(resolveSeenPair, async (v) => {
    await v.test('seen');
    const res = await api(v, 'ok.tok', 'https://other.example/api/data');
    return { status: res.status, seen: await v.test('seen') };
  });
  assert.equal(r.seen[0].internal.reason, 'external_audience_mismatch');
});

// ('custom' throws an OAuthError without a description: the reference hands onError
// description undefined, ours '' — listed in the README's tokenExchangeCallback section.)
for (const mode of ['invalidgrant', 'limited']) {
  test(`R-REST-05 tokenExchangeCallback '${mode}' at code exchange: onError is handed what the reference hands it`, async () => {
    const r = await both(exchangeSeenPair, async (v, vars) => {
      const { c, code, verifier } = await pending(v, vars, `c.${mode}`);
      await v.test('seen');
      const res = await token(v, c, codeParams(code, verifier));
      return { status: res.status, seen: await v.test('seen') };
    });
    assert.equal(r.seen.length, 1, JSON.stringify(r));
    assert.equal(r.seen[0].internal.category, 'token-exchange-callback');
  });
}
