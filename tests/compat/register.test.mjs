// Dynamic client registration, differential (register-cases.mjs): every case goes to the reference
// 1.2.3 and to ours in one workerd on one KV namespace; status, headers, body and the client record
// written must be the reference's, random ids, secrets and clocks aside (checked for shape and
// consistency, then replaced by placeholders). DELIBERATE cases must get ours, which must differ. The same
// tables go to 0.10.4 and ours' 0.10 entry (but for R010-DCR-02's redirect URIs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, startDual010 } from './harness/dual.mjs';
import { normalise } from './register-normalise.mjs';
import { CASES, CLOSED_CASES, OPEN_CASES, DELIBERATE, CALLBACK, CALLBACK_CASES } from './register-cases.mjs';

function request(c) {
  const headers = { ...(c.headers ?? { 'content-type': 'application/json' }) };
  if (c.origin) headers.origin = c.origin;
  let body = c.body;
  if (body !== undefined && c.stream) {
    const bytes = new TextEncoder().encode(body);
    body = new ReadableStream({ start(ctl) { for (let i = 0; i < bytes.length; i += 65536) ctl.enqueue(bytes.subarray(i, i + 65536)); ctl.close(); } });
  }
  return [c.path ?? '/register', { method: c.method ?? 'POST', headers, body, duplex: c.stream ? 'half' : undefined }];
}

async function run(dual, c) {
  const got = {};
  for (const [name, v] of [['theirs', dual.theirs], ['ours', dual.ours]]) {
    await v.clearKV();
    const cap = await H.capture(await v.fetch(...request(c)));
    got[name] = normalise(cap, await v.dumpKV());
  }
  await dual.ours.clearKV();
  return got;
}

// The 0.10.x generation: 0.10.4 and ours' 0.10 entry on the same cases, but for the redirect URIs
// 0.10.4 registers and ours refuses as 1.2.3 (README, deliberate differences, R010-DCR-02).
const DELIBERATE_010 = new Set(['fragment', 'userinfo', 'http-remote', 'private-use-off']);

function table(label, options, cases, extraCode, start = startDual) {
  const dual = start(options, extraCode);
  after(async () => (await dual).dispose());
  for (const c of cases) {
    if (start === startDual010 && DELIBERATE_010.has(c.id)) {
      test(`${label}: ${c.rule}: ${c.id} (deliberate difference, R010-DCR-02)`, async () => {
        const { theirs, ours } = await run(await dual, c);
        assert.equal(theirs.status, 201, '0.10.4 registers it');
        assert.equal(ours.status, 400);
        assert.equal(ours.records, 0);
      });
      continue;
    }
    test(`${label}: ${c.rule}: ${c.id}`, async () => {
      const { theirs, ours } = await run(await dual, c);
      assert.deepEqual(ours, theirs);
    });
  }
}

test('the tables cover every rule of section 8 that can be reached', () => {
  const rules = new Set([...CASES, ...CLOSED_CASES, ...OPEN_CASES, ...CALLBACK_CASES].map((c) => c.rule));
  for (let i = 2; i <= 19; i++) if (i !== 17) assert.ok(rules.has(`R-DCR-${String(i).padStart(2, '0')}`), `R-DCR-${i}`);
  assert.ok(CASES.length > 150, `${CASES.length} cases`);
});

table('default', H.CONFIGS.v1, CASES);
table('disallowPublicClientRegistration', { ...H.CONFIGS.v1, disallowPublicClientRegistration: true }, CLOSED_CASES);
// (undefined survives only in extraCode: the options cross as JSON)
table('no TTL, private-use schemes', { ...H.CONFIGS.v1, allowPrivateUseRedirectUris: true }, OPEN_CASES, '{ clientRegistrationTTL: undefined }');
table('clientRegistrationCallback', H.CONFIGS.v1, CALLBACK_CASES, CALLBACK);
table('0.10.4', H.CONFIGS.legacy, CASES, undefined, startDual010);
table('0.10.4, disallowPublicClientRegistration', { ...H.CONFIGS.legacy, disallowPublicClientRegistration: true }, CLOSED_CASES, undefined, startDual010);
table('0.10.4, no TTL, private-use schemes', { ...H.CONFIGS.legacy, allowPrivateUseRedirectUris: true }, OPEN_CASES, '{ clientRegistrationTTL: undefined }', startDual010);
table('0.10.4, clientRegistrationCallback', H.CONFIGS.legacy, CALLBACK_CASES, CALLBACK, startDual010);

{
  const dual = startDual(H.CONFIGS.v1);
  after(async () => (await dual).dispose());
  for (const d of DELIBERATE) {
    test(`deliberate difference (${d.rfc}): ${d.id}`, async () => {
      const c = { id: d.id, body: d.body };
      const { theirs, ours } = await run(await dual, c);
      assert.equal(theirs.status, 201, 'the reference registers it');
      assert.deepEqual({ status: ours.status, error: ours.body.error, description: ours.body.error_description, records: ours.records },
        { ...d.ours, records: 0 });
    });
  }
  test('deliberate difference (RFC 7591 §2.2: only human-readable members take a language tag): a member named after an Object.prototype property is not one', async () => {
    const body = JSON.stringify({ redirect_uris: ['https://client.example.org/cb'], 'constructor#x': 'v', 'toString#fr': 'w' });
    const { theirs, ours } = await run(await dual, { body });
    assert.equal(theirs.body['constructor#x'], 'v', 'the reference takes it for client_name#x');
    assert.equal(ours.status, 201);
    assert.equal(ours.body['constructor#x'], undefined);
    assert.equal(ours.body['toString#fr'], undefined);
    assert.doesNotMatch(ours.record, /i18n/);
  });
}

// clientRegistrationTTL: a successful token request from a client past half its registration's
// lifetime writes its record again with a fresh expiry (the reference's renewClientRegistrationIfDue).
{
  const dual = startDual(H.CONFIGS.v1);
  after(async () => (await dual).dispose());
  test('renewal: a token request past half the TTL writes the registration again, as the reference', async () => {
    const d = await dual;
    const seen = {};
    for (const [name, v] of [['theirs', d.theirs], ['ours', d.ours]]) {
      await v.clearKV();
      const reg = await H.capture(await v.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], client_name: 'renew me' }) }));
      assert.equal(reg.status, 201);
      const key = `client:${reg.body.client_id}`;
      const now = Math.floor(Date.now() / 1000);
      const rec = (await v.dumpKV()).find((r) => r.key === key);
      // A day left of the 90: due.
      await v.test('kv-put', { key, value: { ...rec.value, registrationExpiresAt: now + 86400 }, expirationTtl: 86400 });
      const { verifier, challenge } = H.pkcePair();
      const { code } = await H.authorize(v, { clientId: reg.body.client_id, challenge, scope: 'read' });
      const t = await H.tokenRequest(v, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [reg.body.client_id, reg.body.client_secret] });
      assert.equal(t.status, 200);
      const after = (await v.dumpKV()).find((r) => r.key === key);
      const fresh = after.value.registrationExpiresAt - now;
      assert.ok(fresh >= 7776000 && fresh <= 7776000 + 5, `${name}: registrationExpiresAt ${fresh} s ahead`);
      assert.ok(Math.abs(after.expiration - after.value.registrationExpiresAt) <= 1, `${name}: KV expiry with it`);
      seen[name] = { order: Object.keys(after.value), rest: { ...after.value, clientId: '<id>', clientSecret: '<hash>', registrationDate: '<t>', registrationExpiresAt: '<renewed>' } };
      // Not due any more: the next request leaves it.
      const again = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: t.body.refresh_token }, { basic: [reg.body.client_id, reg.body.client_secret] });
      assert.equal(again.status, 200);
      assert.equal((await v.dumpKV()).find((r) => r.key === key).value.registrationExpiresAt, after.value.registrationExpiresAt);
    }
    assert.deepEqual(seen.ours, seen.theirs);
  });
}
