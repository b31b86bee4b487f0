// tokenExchangeCallback as the reference 0.10.4 runs it (rules R010-CB-* of
// docs/observed/rules-0.10.4.md), differential: 0.10.4 and ours
// (oc-oauth-provider/0.10) in one workerd on one KV namespace (cleared before
// each side; harness/dual-0.10-worker.js), both built with the same callback
// (throwing its own library's error classes); the same answers (status,
// headers, body), the same records (ids, secrets, ciphertexts and clocks
// replaced by names), the same props at the API. A failure 0.10.4 lets escape
// fetch() (a 500 of the runtime) must escape ours too. Where 0.10.4 differs
// from 1.2.3 (tests/compat/callbacks.test.mjs): its options have no
// subjectClientId, resource or env; a refreshTokenTTL member is taken as
// given at code exchange and refused at refresh; refreshTokenIdleTTL is
// ignored; invalid_grant thrown revokes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView } from './harness/dual.mjs';

// The behaviour is chosen by the user id, "<when>.<mode>": when c (code exchange only),
// r (refresh only) or b (both). The options it is given go into the new props of the
// modes that say so, for the API to show.
const EXCHANGE = `(L) => ({
  tokenExchangeCallback: async (o) => {
    const [when, mode] = o.userId.split('.');
    if ((when === 'c' && o.grantType !== 'authorization_code') || (when === 'r' && o.grantType !== 'refresh_token')) return undefined;
    const seen = { ...o, keys: Object.keys(o) };
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
      case 'attl': return { accessTokenTTL: 120 };
      case 'idle': return { accessTokenTTL: 120, refreshTokenIdleTTL: 59 };
      case 'rttl': return { refreshTokenTTL: 300 };
      case 'rttl30': return { refreshTokenTTL: 30 };
      case 'rttlundef': return { refreshTokenTTL: undefined, newProps: { kept: 1 } };
      case 'norefresh': return { refreshTokenTTL: 0, accessTokenTTL: 200 };
      case 'rttlscope': return { refreshTokenTTL: 300, accessTokenScope: 5 };
      case 'primitive': return 7;
      case 'scope': return { accessTokenScope: ['write', 'nope', 'read', 'write'] };
      case 'scopestr': return { accessTokenScope: ' read  nope ' };
      case 'scopebad': return { accessTokenScope: 5 };
      case 'invalidgrant': throw new L.OAuthError('invalid_grant', { description: 'upstream refresh token is invalid' });
      case 'limited': throw new L.OAuthError('temporarily_unavailable', { description: 'upstream rate limited', statusCode: 429, headers: { 'Retry-After': '60' } });
      case 'throw': throw new Error('boom');
      default: return undefined;
    }
  },
})`;

const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options: H.CONFIGS.legacy, extraCode: EXCHANGE, entry: 'dual-0.10-worker.js' });
after(() => w.dispose());

const impl = (name) => implView(w, name, { alwaysPost: true });
const ours = impl('ours');
const theirs = impl('theirs');

// Runs scenario(v, vars) against each side on a cleared KV; the normalized results must be equal.
async function both(scenario) {
  const out = {};
  for (const v of [theirs, ours]) {
    await v.test('kv-clear');
    const vars = {};
    v.t0 = Math.floor((await v.test('now')).now / 1000);
    out[v.name] = H.normalizeTimed(await scenario(v, vars), vars, v.t0);
  }
  assert.deepEqual(out.ours, out.theirs);
  return out.theirs;
}

// The records (clients aside): ciphertexts by which are shared, wrapped keys and clocks by name.
async function records(v) {
  const dump = (await v.test('kv')).filter((r) => !r.key.startsWith('client:'));
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
  const order = (r) => JSON.stringify(r).replace(/[0-9a-f]{64}/g, '');
  return dump.map((r) => walk(r)).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

const api = async (v, t) => H.seenByClient(await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${t}` } })));
const token = async (v, c, params) => H.seenByClient(await H.capture(await v.fetch('/token', {
  method: 'POST', body: H.form(params),
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) },
})));
const codeParams = (code, verifier) => ({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier });

// A confidential client and a pending code of user (PKCE S256, scope read write), named in vars.
async function pending(v, vars, user) {
  const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
  Object.assign(vars, { client: c.clientId, client_secret: c.clientSecret });
  const { verifier, challenge } = H.pkcePair();
  vars.challenge = challenge;
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user, scope: 'read write' });
  assert.ok(code, 'authorization code issued');
  Object.assign(vars, { grant: code.split(':')[1], code });
  return { c, code, verifier };
}

// Code exchange, API, refresh, API, the old refresh token once more; answers and records after each.
async function flow(v, vars, user) {
  const { c, code, verifier } = await pending(v, vars, user);
  const out = { exchange: await token(v, c, codeParams(code, verifier)), afterExchange: await records(v) };
  if (out.exchange.status !== 200) return out;
  Object.assign(vars, { access: out.exchange.body.access_token, refresh: out.exchange.body.refresh_token });
  out.api = await api(v, vars.access);
  if (!vars.refresh) return out;
  out.refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
  out.afterRefresh = await records(v);
  if (out.refresh.status !== 200) return out;
  Object.assign(vars, { access2: out.refresh.body.access_token, refresh2: out.refresh.body.refresh_token });
  out.api2 = await api(v, vars.access2);
  out.oldRefresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
  if (out.oldRefresh.status === 200) Object.assign(vars, { access3: out.oldRefresh.body.access_token, refresh3: out.oldRefresh.body.refresh_token });
  out.afterOld = await records(v);
  return out;
}

// Each mode on both grants, with what 0.10.4 must have answered at the exchange, then at the refresh.
const MODES = [
  ['none', 200, 200], ['null', 200, 200], ['empty', 200, 200], ['new', 200, 200], ['access', 200, 200], ['both', 200, 200],
  ['same', 200, 200], ['given', 200, 200], ['falsy', 200, 200], ['attl', 200, 200], ['idle', 200, 200],
  ['rttl', 200, 400], ['rttlundef', 200, 400], ['rttl30', 200, 400], ['norefresh', 200], ['rttlscope', 500],
  ['primitive', 500], ['scope', 200, 200], ['scopestr', 200, 200], ['scopebad', 500],
  ['invalidgrant', 400], ['limited', 429], ['throw', 500],
];
for (const [mode, status, refreshStatus] of MODES) {
  test(`R010-CB tokenExchangeCallback '${mode}' at code exchange and refresh: answers, records, props`, async () => {
    const r = await both((v, vars) => flow(v, vars, `b.${mode}`));
    assert.equal(r.exchange.status, status, JSON.stringify(r.exchange));
    assert.equal(r.refresh?.status, refreshStatus, JSON.stringify(r.refresh));
  });
}

test('R010-CB-01 the options: no subjectClientId, resource or env', async () => {
  const r = await both((v, vars) => flow(v, vars, 'b.new'));
  assert.deepEqual(r.api.body.props.seen.keys, ['grantType', 'clientId', 'userId', 'grantId', 'scope', 'requestedScope', 'props']);
  assert.equal(r.api2.body.props.n, 2, 'the refresh saw the new props of the exchange');
});

test('R010-CB-02 refreshTokenTTL at refresh is refused, before accessTokenScope is read; nothing is written', async () => {
  const r = await both(async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'r.rttlscope');
    const t = await token(v, c, codeParams(code, verifier));
    Object.assign(vars, { access: t.body.access_token, refresh: t.body.refresh_token });
    const before = await records(v);
    const refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    return { refresh, same: JSON.stringify(before) === JSON.stringify(await records(v)) };
  });
  assert.deepEqual(r.refresh.body, { error: 'invalid_request', error_description: 'refreshTokenTTL cannot be changed during refresh token exchange' });
  assert.equal(r.same, true);
});

test('R010-CB-03 an undefined refreshTokenTTL at code exchange: the grant never expires', async () => {
  const r = await both((v, vars) => flow(v, vars, 'c.rttlundef'));
  const grant = r.afterExchange.find((x) => x.key.startsWith('grant:'));
  assert.equal('expiresAt' in grant.value, false, JSON.stringify(grant));
  assert.equal(r.refresh.status, 200);
});

test('R010-CB-04 invalid_grant thrown revokes nothing', async () => {
  const r = await both(async (v, vars) => {
    const { c, code, verifier } = await pending(v, vars, 'r.invalidgrant');
    const t = await token(v, c, codeParams(code, verifier));
    Object.assign(vars, { access: t.body.access_token, refresh: t.body.refresh_token });
    const refresh = await token(v, c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    return { refresh, after: await records(v), api: await api(v, vars.access) };
  });
  assert.equal(r.refresh.status, 400);
  assert.equal(r.api.status, 200, 'the access token still works');
  assert.ok(r.after.some((x) => x.key.startsWith('grant:')), 'the grant is kept');
});
