// What onError is handed, and what is logged without it, differential against the reference
// 1.2.3 in one workerd (harness/dual.mjs) (R-REST-05, R-REST-06, docs/observed/rules-1.2.3.md).
//
// The table of bad requests (bad-requests.json, every case ours answers as the reference does)
// runs on each library, fixture and follow-ups included, with an onError that records what it
// is given ({code, description, status, headers, internal, request?}: the internal reason's
// detail an Error is recorded as its name and message) and returns nothing: both must record
// the same calls, in the same order, and answer the same. Then the registration callback's two
// refusals, a body declared too large, and the helpers (whose errors never reach onError). Last,
// without onError: both must log the same console.warn lines.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as H from './harness/index.mjs';
import { startDual } from './harness/dual.mjs';
import { runCase, CASE_CONFIGS } from './bad-requests.mjs';

// Records each onError call in globalThis.__TEST_SEEN (read by the harness's /__test/seen).
const RECORD = `(() => {
  const seen = (globalThis.__TEST_SEEN = []);
  const plain = (v) => (v instanceof Error ? { error: { name: v.name, message: v.message } } : JSON.parse(JSON.stringify(v ?? null)));
  return { onError: (e) => {
    const internal = e.internal && { ...e.internal, ...('detail' in e.internal ? { detail: plain(e.internal.detail) } : {}) };
    seen.push({ keys: Object.keys(e), code: e.code, description: e.description, status: e.status, headers: e.headers, internal, request: e.request instanceof Request });
  } };
})()`;
// Records each console.warn call (its arguments; an Error as its message) instead of printing it.
const WARNINGS = `(() => {
  const seen = (globalThis.__TEST_SEEN = []);
  console.warn = (...args) => { seen.push(args.map((a) => (a instanceof Error ? { error: a.message } : a))); };
  return {};
})()`;

// One case of the table for each distinct error answer the reference gave (status, code,
// description, follow-ups' statuses): every refusal path the table reaches, once.
const table = JSON.parse(fs.readFileSync(new URL('./bad-requests.json', import.meta.url), 'utf8'));
const distinct = new Set();
const cases = table.cases.filter((c) => {
  const o = c.observed;
  if (c.waitSeconds || c.deliberate || !o.body?.error) return false;
  const key = JSON.stringify([c.config, o.status, o.body.error, o.body.error_description, o.followUps?.map((f) => f.status)]);
  return !distinct.has(key) && distinct.add(key);
});

// What view's hooks recorded while the case ran, fixture values named; and its answer.
async function during(view, c) {
  await view.test('seen');
  let vars;
  const out = await runCase(view, c, { onVars: (v) => { vars = v; } });
  return { seen: H.normalize(await view.test('seen'), vars), out };
}

const byConfig = {};
for (const c of cases) (byConfig[c.config || 'v1'] ||= []).push(c);
const results = {};
for (const [config, list] of Object.entries(byConfig)) {
  const dual = await startDual(CASE_CONFIGS[config], RECORD);
  try {
    for (const c of list) results[c.id] = [await during(dual.theirs, c), await during(dual.ours, c)];
  } finally {
    await dual.dispose();
  }
}

// Every Worker starts before the first test is registered: node:test ends the root (and runs
// its after hooks) once the registered tests are done, which a slow start could outlast.
// Registration: the callback's refusals carry what it threw or returned; a declared body over 1 MiB.
const reg = await startDual({ ...H.CONFIGS.v1, clientRegistrationTTL: 3600 }, RECORD.replace(/return \{ onError/, `return {
    clientRegistrationCallback: ({ clientMetadata }) => {
      if (clientMetadata.client_name === 'throws') throw new TypeError('callback broke');
      if (clientMetadata.client_name === 'denies') return { code: 'invalid_redirect_uri', description: 'not here', status: 403, extra: [1] };
    },
    onError`));
// Without onError: console.warn recorded instead.
const quiet = await startDual(H.CONFIGS.v1, WARNINGS);
after(() => Promise.all([reg.dispose(), quiet.dispose()]));

test('R-REST-05 the table hands onError something worth comparing', () => {
  const calls = Object.values(results).flatMap(([theirs]) => theirs.seen);
  assert.ok(cases.length >= 50 && calls.length >= 50, `${cases.length} cases, ${calls.length} onError calls`);
  const reasons = new Set(calls.map((s) => `${s.internal.category} ${s.internal.reason}`));
  assert.ok(reasons.size >= 30, [...reasons].join(', '));
});

for (const c of cases) {
  test(`R-REST-05 onError is handed what the reference hands it: ${c.group}: ${c.id}`, () => {
    const [theirs, ours] = results[c.id];
    assert.deepEqual(ours.seen, theirs.seen);
    for (const s of ours.seen) {
      assert.deepEqual(s.keys, ['code', 'description', 'status', 'headers', 'internal']);
      assert.ok(s.internal.category && s.internal.reason);
    }
    // An onError that returns nothing leaves every answer as it was.
    assert.deepEqual(ours.out, theirs.out);
  });
}


async function seenBoth(dual, path, init) {
  const out = [];
  for (const view of [dual.theirs, dual.ours]) {
    await view.test('seen');
    const r = await H.capture(await view.fetch(path, typeof init === 'function' ? init() : init));
    out.push({ status: r.status, body: r.body, seen: await view.test('seen') });
  }
  return out;
}

const JSON_POST = (body, headers = {}) => ({ method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
const registrations = [
  ['a callback that throws: client-registration callback_failed, its Error', JSON_POST('{"redirect_uris":["https://client.example.org/cb"],"client_name":"throws"}'), 'callback_failed'],
  ['a callback that refuses: client-registration callback_denied, what it returned', JSON_POST('{"redirect_uris":["https://client.example.org/cb"],"client_name":"denies"}'), 'callback_denied'],
  ['metadata refused: client-registration metadata_invalid, its Error', JSON_POST('{"redirect_uris":["javascript:alert(1)"]}'), 'metadata_invalid'],
  ['a body that is not JSON: client-registration json_malformed', JSON_POST('{'), 'json_malformed'],
  ['a declared body over 1 MiB: client-registration declared_payload_too_large', () => {
    const body = 'x'.repeat((1 << 20) + 1);
    return JSON_POST(body, { 'content-length': String(body.length) });
  }, 'declared_payload_too_large'],
];
for (const [what, init, reason] of registrations) {
  test(`R-REST-05 onError at registration: ${what}`, async () => {
    const [theirs, ours] = await seenBoth(reg, '/register', init);
    assert.equal(theirs.seen.length, 1, JSON.stringify(theirs));
    assert.equal(theirs.seen[0].internal.reason, reason);
    assert.deepEqual(ours, theirs);
  });
}

test('R-REST-05 helper errors never reach onError (parseAuthRequest, completeAuthorization)', async () => {
  for (const path of ['/authorize?response_type=code&client_id=nobody', '/authorize?response_type=token&client_id=x&redirect_uri=https://client.example.org/cb']) {
    const [theirs, ours] = await seenBoth(reg, path, {});
    assert.equal(theirs.status, 400);
    assert.deepEqual(theirs.seen, []);
    // (the bundle renames the reference's class: constructor names are compared by bad-requests.test.mjs)
    for (const r of [theirs, ours]) delete r.body.parseError.constructor;
    assert.deepEqual(ours, theirs);
  }
});

// Without onError: each error answer logged, once, as the reference logs it.
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const logged = [
  ['the token endpoint refuses a method', '/token', { method: 'GET' }],
  ['an unknown client', '/token', { method: 'POST', body: 'grant_type=authorization_code&code=a:b:c', headers: { ...FORM, authorization: H.basicAuth('nobody', 'x') } }],
  ['no client id', '/token', { method: 'POST', body: 'grant_type=authorization_code', headers: FORM }],
  ['a content type', '/token', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }],
  ['an invalid access token, with an Origin', '/api/data', { headers: { authorization: 'Bearer u:g:s', origin: 'https://app.example.net' } }],
  ['registration with another method', '/register', { method: 'GET' }],
  ['registration metadata', '/register', JSON_POST('{"redirect_uris":[]}')],
];
for (const [what, path, init] of logged) {
  test(`R-REST-06 without onError, an error answer is logged as the reference logs it: ${what}`, async () => {
    const [theirs, ours] = await seenBoth(quiet, path, init);
    assert.equal(theirs.seen.length, 1);
    assert.match(theirs.seen[0][0], /^OAuth error response: \d{3} [a-z_]+ - ./);
    assert.deepEqual(ours, theirs);
  });
}

test('R-REST-06 without onError, answers that are not OAuth errors are not logged', async () => {
  for (const [path, init] of [['/api/data', {}], ['/.well-known/oauth-authorization-server', {}], ['/token', { method: 'OPTIONS', headers: { origin: 'https://a.example' } }]]) {
    const [theirs, ours] = await seenBoth(quiet, path, init);
    assert.deepEqual(theirs.seen, []);
    assert.deepEqual(ours, theirs);
  }
});

// A renewal whose write fails: logged as the reference logs it, with what the store threw; the answer still goes out.
test('R-REST-07 a failed renewal of a client registration is logged, the answer still goes out', async () => {
  const out = [];
  for (const view of [quiet.theirs, quiet.ours]) {
    const reg = await H.capture(await view.fetch('/register', JSON_POST('{"redirect_uris":["https://client.example.org/cb"]}')));
    const { client_id: id, client_secret: secret } = reg.body;
    const rec = (await view.dumpKV()).find((r) => r.key === `client:${id}`);
    await view.test('kv-put', { key: rec.key, value: { ...rec.value, registrationExpiresAt: Math.floor(Date.now() / 1000) + 10 } });
    await view.test('seen');
    const r = await H.capture(await view.fetch('/token', { method: 'POST', body: 'token=nothing:here0000000000:x',
      headers: { ...FORM, authorization: H.basicAuth(id, secret), 'x-test-kv-put-error': 'KV PUT failed: 503 Service Unavailable' } }));
    out.push({ status: r.status, seen: H.normalize(await view.test('seen'), { id }) });
  }
  const [theirs, ours] = out;
  assert.deepEqual(theirs, { status: 200, seen: [['Failed to renew client registration {{id}}:', { error: 'KV PUT failed: 503 Service Unavailable' }]] });
  assert.deepEqual(ours, theirs);
});
