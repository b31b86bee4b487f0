// The table of malformed and adversarial requests (tests/compat/bad-requests.json,
// recorded from the reference 1.2.3) replayed against ours in workerd: every case
// must get the reference's status, headers, body, KV effect and follow-up answers,
// except the deliberate differences (a `deliberate` field: input no conforming
// client sends, answered as the RFC it names says), which must get exactly the
// answer recorded there, and which must differ from the reference's.
// Left out: the two cases that sleep past a 60 s TTL (expiry is covered by the
// cases that edit expiresAt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runTable, compare, expectedOf } from './bad-requests.mjs';

const table = JSON.parse(fs.readFileSync(new URL('./bad-requests.json', import.meta.url), 'utf8'));
const cases = table.cases.filter((c) => !c.waitSeconds);
const results = await runTable({ providerImport: './js-shim/entry-workerd.js', cases, log: () => {} });

test('the table is large enough to mean something', () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
});

for (const c of cases) {
  const name = `${c.group}: ${c.id}: ${c.description}`;
  if (!c.deliberate) {
    test(name, () => {
      assert.deepEqual(compare(c.observed, results[c.id]), []);
    });
    continue;
  }
  test(`${name} (deliberate difference, ${c.deliberate.rfc})`, () => {
    assert.match(c.deliberate.rfc, /^RFC \d+ §/);
    assert.notDeepEqual(compare(c.observed, expectedOf(c)), [], 'ours is recorded as the reference\'s answer');
    assert.deepEqual(compare(expectedOf(c), results[c.id]), []);
  });
}
