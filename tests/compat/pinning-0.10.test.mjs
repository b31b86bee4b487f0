// resourceMetadata.resource under the reference 0.10.4 (rules R010-PIN-* of
// docs/observed/rules-0.10.4.md), differential: 0.10.4 and ours
// (oc-oauth-provider/0.10) in one workerd on one KV namespace (cleared before
// each side; harness/dual-0.10-worker.js), configured with a resource. 0.10.4
// pins to it: a resource parameter (authorization request,
// completeAuthorization, token request) must be exactly it, the AuthRequest,
// the grant and every access token name it, a grant or an access token bound
// to anything else is refused. The same answers, the same records (ids,
// secrets and clocks by name), the same props at the API.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { implView } from './harness/dual.mjs';

const RESOURCE = 'https://example.com/api';
const SSE = 'https://example.com/sse';
const RESOLVE = `(L) => ({
  resolveExternalToken: async ({ token }) => {
    const [mode] = token.split('.');
    if (mode === 'exact') return { props: { ext: 1 }, audience: '${RESOURCE}' };
    if (mode === 'one') return { props: { ext: 2 }, audience: ['${RESOURCE}'] };
    if (mode === 'other') return { props: {}, audience: '${SSE}' };
    if (mode === 'two') return { props: {}, audience: ['${RESOURCE}', '${RESOURCE}'] };
    return { props: {} };
  },
})`;
const OPTIONS = { ...H.CONFIGS.legacy, resourceMetadata: { resource: RESOURCE } };

const w = await H.startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options: OPTIONS, extraCode: RESOLVE, entry: 'dual-0.10-worker.js' });
after(() => w.dispose());

const impl = (name) => implView(w, name, { alwaysPost: true });
const sides = [impl('theirs'), impl('ours')];

async function both(scenario) {
  const out = {};
  for (const v of sides) {
    await v.test('kv-clear');
    const vars = {};
    v.t0 = Math.floor((await v.test('now')).now / 1000);
    // tokens minted after the names were taken, grant ids of helper calls, the error's class name (0.10.4's bundle renames it)
    out[v.name] = JSON.parse(JSON.stringify(H.normalize(await scenario(v, vars), vars))
      .replace(/:[A-Za-z0-9_-]{32}"/g, ':{{secret}}"').replace(/grant:u:[A-Za-z0-9_-]{16}/g, 'grant:u:{{id}}')
      .replace(/"id":"[A-Za-z0-9_-]{16}"/g, '"id":"{{id}}"').replace(/"constructor":"AuthorizationError\d*",/g, ''));
  }
  assert.deepEqual(out.ours, out.theirs);
  return out.theirs;
}

const api = async (v, t) => H.seenByClient(await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${t}` } })));
const token = async (v, c, params) => H.seenByClient(await H.capture(await v.fetch('/token', {
  method: 'POST', body: H.form(params),
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(c.clientId, c.clientSecret) },
})));

// The records (clients aside), clocks and wrapped keys by name.
async function records(v) {
  const walk = (x, k) => {
    if (Array.isArray(x)) return x.map((e) => walk(e));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([kk, e]) => [kk, walk(e, kk)]));
    if (typeof x === 'string' && /WrappedKey$|wrappedEncryptionKey|encryptedProps/.test(k ?? '')) return '{{secret}}';
    if (typeof x === 'number' && x > 1e9 && x < 1e10) return `t0+${Math.floor((x - v.t0) / 30) * 30}`;
    if (typeof x === 'string' && /^[0-9a-f]{64}$/.test(x)) return '{{hash}}';
    return x;
  };
  const dump = (await v.test('kv')).filter((r) => !r.key.startsWith('client:')).map((r) => walk({ ...r, key: r.key.replace(/[0-9a-f]{64}/, '{{hash}}') }));
  return dump.sort((a, b) => (a.key < b.key ? -1 : 1));
}

// A client and an authorization with resource params (an array: repeated); the code, or the error redirect.
async function authorization(v, vars, resources = []) {
  const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
  Object.assign(vars, { client: c.clientId, client_secret: c.clientSecret });
  const { verifier, challenge } = H.pkcePair();
  vars.challenge = challenge;
  const p = new URLSearchParams({ response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'xyz', scope: 'read', code_challenge: challenge, code_challenge_method: 'S256' });
  for (const r of resources) p.append('resource', r);
  const parsed = await H.capture(await v.fetch(`/authorize?${p}`, { headers: { 'x-test-parse-only': '1' } }));
  const res = await H.capture(await v.fetch(`/authorize?${p}`, { redirect: 'manual', headers: { 'x-test-user': 'user1' } }));
  const location = res.headers.location;
  const code = location ? new URL(location).searchParams.get('code') ?? undefined : undefined;
  if (code) Object.assign(vars, { code, grant: code.split(':')[1] });
  return { c, code, verifier, parsed: H.seenByClient(parsed), answer: code ? { status: res.status } : H.seenByClient(res) };
}

const exchange = (v, a, extra = {}) => token(v, a.c, { grant_type: 'authorization_code', code: a.code, redirect_uri: H.REDIRECT_URI, code_verifier: a.verifier, ...extra });

test('R010-PIN-01 without a resource parameter: the AuthRequest, the grant, the token and its answer name the configured resource', async () => {
  const r = await both(async (v, vars) => {
    const a = await authorization(v, vars);
    const t = await exchange(v, a);
    Object.assign(vars, { access: t.body.access_token, refresh: t.body.refresh_token });
    const out = { parsed: a.parsed, token: t, records: await records(v), api: await api(v, vars.access) };
    out.refresh = await token(v, a.c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    return out;
  });
  assert.equal(r.parsed.body.authRequest.resource, RESOURCE);
  assert.equal(r.token.body.resource, RESOURCE);
  assert.equal(r.api.status, 200);
  assert.equal(r.refresh.body.resource, RESOURCE);
});

test('R010-PIN-02 a resource parameter: exactly the configured one, once, or invalid_target at the authorization request', async () => {
  const r = await both(async (v, vars) => ({
    exact: (await authorization(v, vars, [RESOURCE])).answer,
    other: (await authorization(v, vars, [SSE])).answer,
    twice: (await authorization(v, vars, [RESOURCE, RESOURCE])).answer,
    slash: (await authorization(v, vars, [`${RESOURCE}/`])).answer,
    upper: (await authorization(v, vars, ['HTTPS://EXAMPLE.COM/api'])).answer,
    invalid: (await authorization(v, vars, ['not a uri'])).answer,
  }));
  assert.equal(r.exact.status, 302);
  for (const k of ['other', 'twice', 'slash', 'upper']) {
    assert.equal(r[k].body.parseError.code, 'invalid_target', k);
    assert.equal(r[k].body.parseError.description, `The resource parameter must exactly match ${RESOURCE}`, k);
  }
  assert.equal(r.invalid.body.parseError.description, 'The resource parameter must be a valid absolute URI without a fragment');
});

test('R010-PIN-03 completeAuthorization: an AuthRequest resource other than the configured one is refused', async () => {
  const r = await both(async (v, vars) => {
    const c = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], clientName: 'c', tokenEndpointAuthMethod: 'client_secret_basic' });
    vars.client = c.clientId;
    const request = { responseType: 'code', clientId: c.clientId, redirectUri: H.REDIRECT_URI, scope: ['read'], state: 's', codeChallenge: 'x'.repeat(43), codeChallengeMethod: 'S256' };
    const call = async (resource) => {
      const res = await v.fetch('/__test/completeAuthorization', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ request: { ...request, ...(resource === undefined ? {} : { resource }) }, userId: 'u', metadata: {}, scope: ['read'], props: {} }) });
      const j = await res.json();
      return { status: res.status, error: j.error ?? null, ok: !!j.redirectTo };
    };
    return { none: await call(undefined), exact: await call(RESOURCE), array: await call([RESOURCE]), other: await call(SSE), two: await call([RESOURCE, RESOURCE]), records: await records(v) };
  });
  assert.equal(r.none.ok, true);
  assert.equal(r.exact.ok, true);
  assert.equal(r.array.ok, true);
  assert.equal(r.other.ok, false);
  assert.equal(r.two.ok, false);
  assert.ok(r.records.every((x) => !x.key.startsWith('grant:') || x.value.resource === RESOURCE), JSON.stringify(r.records));
});

test('R010-PIN-04 the token endpoint: a resource parameter other than the configured one, a grant bound elsewhere', async () => {
  const r = await both(async (v, vars) => {
    const a = await authorization(v, vars);
    const out = { other: await exchange(v, a, { resource: SSE }) };
    const t = await exchange(v, a, { resource: RESOURCE });
    out.exact = t;
    Object.assign(vars, { access: t.body.access_token, refresh: t.body.refresh_token });
    // the grant rebound elsewhere, then unbound
    const grant = (await v.test('kv')).find((x) => x.key.startsWith('grant:'));
    await v.test('kv-put', { key: grant.key, value: { ...grant.value, resource: SSE } });
    out.elsewhere = await token(v, a.c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    await v.test('kv-put', { key: grant.key, value: { ...grant.value, resource: [RESOURCE] } });
    out.array = await token(v, a.c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    const { resource, ...unbound } = (await v.test('kv')).find((x) => x.key === grant.key).value;
    await v.test('kv-put', { key: grant.key, value: unbound });
    out.unbound = await token(v, a.c, { grant_type: 'refresh_token', refresh_token: vars.refresh });
    return out;
  });
  assert.equal(r.other.body.error_description, `The resource parameter must exactly match ${RESOURCE}`);
  assert.equal(r.exact.status, 200);
  assert.deepEqual(r.elsewhere.body, { error: 'invalid_target', error_description: 'The authorization grant is not bound to the configured resource' });
  assert.equal(r.array.status, 200);
  assert.equal(r.unbound.status, 200);
  assert.equal(r.unbound.body.resource, RESOURCE);
});

test('R010-PIN-05 an API route: an access token whose audience is not exactly the configured resource is refused, before its expiry', async () => {
  const r = await both(async (v, vars) => {
    const a = await authorization(v, vars);
    const t = await exchange(v, a);
    vars.access = t.body.access_token;
    const rec = (await v.test('kv')).find((x) => x.key.startsWith('token:'));
    const put = (value) => v.test('kv-put', { key: rec.key, value });
    const out = { exact: await api(v, vars.access) };
    await put({ ...rec.value, audience: [RESOURCE] });
    out.array = await api(v, vars.access);
    await put({ ...rec.value, audience: SSE, expiresAt: 1 });
    out.otherExpired = await api(v, vars.access);
    const { audience, ...none } = rec.value;
    await put(none);
    out.none = await api(v, vars.access);
    return out;
  });
  assert.equal(r.exact.status, 200);
  assert.equal(r.array.status, 200);
  for (const k of ['otherExpired', 'none']) assert.equal(r[k].body.error_description, 'Access token is not bound to the configured resource', k);
});

test('R010-EXT-04 resolveExternalToken: the audience exactly the configured resource', async () => {
  const r = await both(async (v) => ({ exact: await api(v, 'exact.t'), one: await api(v, 'one.t'), other: await api(v, 'other.t'), two: await api(v, 'two.t'), none: await api(v, 'none.t') }));
  assert.equal(r.exact.status, 200);
  assert.equal(r.one.status, 200);
  for (const k of ['other', 'two', 'none']) assert.equal(r[k].body.error_description, 'External access token is not bound to the configured resource', k);
});

test('R010-PIN-06 the protected resource metadata names the configured resource', async () => {
  const r = await both(async (v) => ({
    root: H.seenByClient(await H.capture(await v.fetch('/.well-known/oauth-protected-resource'))),
    path: H.seenByClient(await H.capture(await v.fetch('/.well-known/oauth-protected-resource/api/data'))),
  }));
  assert.equal(r.root.body.resource, RESOURCE);
  assert.equal(r.path.body.resource, RESOURCE);
});
