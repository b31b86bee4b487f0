// Enterprise-managed authorization (the ID-JAG jwt-bearer grant, enterpriseManagedAuthorization;
// issue #18, rules R-EMA-* and R-CTOR-40…44 of docs/observed/rules-1.2.3.md), differential: ours and
// the reference 1.2.3 in one workerd on one KV namespace (cleared before each side); assertions
// signed here with keys generated here (RS256 and ES256), the issuers' key sets served by
// Miniflare's outboundService (harness/ema.mjs, shared with ema-0.10.test.mjs). Each case: the same
// request to both; the answer, what onError and the mapper saw, the records after it (ours' key-set
// cache aside: 1.2.3 keeps fetched sets in memory) and the token at the API must be equal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual } from './harness/dual.mjs';
import { GT, EXTRA, keyServer, run, errorsSeen, redeemedByEither, advertised, CASES } from './harness/ema.mjs';

const d = await startDual({ ...H.CONFIGS.v1 }, EXTRA, { outboundService: keyServer });
after(() => d.dispose());

async function both(c) {
  const theirs = await run(d.theirs, c);
  const ours = await run(d.ours, c);
  assert.deepEqual(ours, theirs);
  return theirs;
}

for (const c of CASES) {
  test(`${c.name}: answer, reason, records, the token at the API`, async () => {
    const r = await both(c);
    assert.equal(r.answer.status, c.status, JSON.stringify(r.answer));
    if (c.status === 200) { // the token works, its grant and the jti's marker are written
      assert.equal(r.api.status, 200, JSON.stringify(r.api));
      assert.ok(['grant:', 'token:', 'enterprise-jti:'].every((p) => r.records.some((x) => x.key.startsWith(p))), JSON.stringify(r.records));
    } else { // a reason of the feature's, and nothing written
      assert.equal(errorsSeen(r)[0]?.internal?.category, 'enterprise-managed-authorization', JSON.stringify(r.reasons));
      assert.ok(!r.records.some((x) => x.key.startsWith('grant:')), JSON.stringify(r.records));
    }
  });
}

test('R-EMA-24: the second presentation of one assertion is a replay on both', async () => {
  const r = await both({ name: 'replay', twice: true });
  assert.equal(r.again.status, 400);
  assert.equal(r.again.body.error_description, 'Invalid assertion');
  assert.deepEqual(errorsSeen(r).at(-1).internal,
    { category: 'enterprise-managed-authorization', reason: 'replayed', detail: { reason: 'replayed', jti: 'jti-1' }, detailKeys: ['reason', 'jti'] });
});

test('an assertion redeemed by one is a replay for the other (the same jti marker in KV); the token served by both', async () => {
  await redeemedByEither(d);
});

test('the metadata advertises the grant and the ID-JAG profile as 1.2.3 does', async () => {
  assert.deepEqual(await advertised(d), { grant: true, profiles: ['urn:ietf:params:oauth:grant-profile:id-jag'] });
});

test('registration and createClient accept the jwt-bearer grant type with the option', async () => {
  const body = JSON.stringify({ redirect_uris: [H.REDIRECT_URI], grant_types: ['authorization_code', GT], response_types: ['code'] });
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  const a = await H.capture(await d.theirs.fetch('/register', init));
  const b = await H.capture(await d.ours.fetch('/register', init));
  assert.equal(a.status, 201);
  assert.equal(b.status, a.status);
  assert.deepEqual(b.body.grant_types, a.body.grant_types);
});
