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
