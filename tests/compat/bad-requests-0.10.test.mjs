// The malformed-request table (bad-requests.json) replayed against
// oc-oauth-provider/0.10 must get what 0.10.4 answered
// (docs/observed/reference-0.10.4-bad-requests.json: status, headers, body, KV
// effect, follow-ups), case by case; a deliberate difference (README,
// compatibility) gets ours instead: the answer recorded for it, as the 0.10
// entry's AuthorizationError carries it (no redirectTo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runTable, compare, expectedOf } from './bad-requests.mjs';
import * as H from './harness/index.mjs';

const table = JSON.parse(fs.readFileSync(new URL('./bad-requests.json', import.meta.url), 'utf8'));
const observed = new Map(JSON.parse(fs.readFileSync(new URL('../../docs/observed/reference-0.10.4-bad-requests.json', import.meta.url), 'utf8')).map((c) => [c.id, c.observed]));
const cases = table.cases.filter((c) => c.group !== 'register' && !c.waitSeconds && observed.has(c.id) && (c.config ?? 'v1') === 'v1');
const configMap = { v1: H.CONFIGS.legacy, shortTTL: { ...H.CONFIGS.legacy, accessTokenTTL: 60, refreshTokenTTL: 60 } };

function expected(c) {
  const e = structuredClone(expectedOf(c, observed.get(c.id)));
  if (c.deliberate && e.body?.parseError) delete e.body.parseError.redirectTo;
  return e;
}

const results = await runTable({ providerImport: './js-shim/v010/entry-workerd.js', cases, configMap, log: () => {} });

test('the table covers what 0.10.4 was observed answering', () => {
  assert.ok(cases.length >= 161, `${cases.length} cases`);
  assert.ok(cases.some((c) => c.deliberate));
});

for (const c of cases) {
  test(c.id, () => {
    assert.deepEqual(compare(expected(c), results[c.id]), []);
  });
}
