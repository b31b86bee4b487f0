// Construction rules (docs/observed/rules-1.2.3.md section 1) and insufficientScope
// (R-HLP-01), differential: every call of construction-cases.js made on ours and on the
// reference 1.2.3 in one workerd. The reference must do what the case says (so a case
// cannot pass by both sides failing for some other reason), and ours what the reference
// does: the same error class and message, or acceptance (for insufficientScope the same
// Response). A case marked `ours` is a deliberate difference: the same class, a message
// naming what is wrong.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { constructBoth } from './harness/dual.mjs';

const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', entry: 'calls-worker.js' });
after(() => w.dispose());
const results = await (await w.fetch('/run')).json();

const seen = (got) => (got.ok ? null : [got.name, got.message]);

test('every rule of the table is exercised', () => {
  const rules = new Set(results.map((r) => r.rule));
  for (const id of ['R-CTOR-01', 'R-CTOR-03', 'R-CTOR-04', 'R-CTOR-05', 'R-CTOR-06', 'R-CTOR-07', 'R-CTOR-08', 'R-CTOR-09', 'R-CTOR-11',
    'R-CTOR-13', 'R-CTOR-14', 'R-CTOR-15', 'R-CTOR-17', 'R-CTOR-18', 'R-CTOR-19', 'R-CTOR-21', 'R-CTOR-24', 'R-CTOR-25',
    'R-CTOR-26', 'R-CTOR-27', 'R-CTOR-32', 'R-HLP-01']) assert.ok(rules.has(id), id);
});

for (const r of results) {
  test(r.id, () => {
    assert.deepEqual(seen(r.theirsGot), r.expect, 'the reference does what the case says');
    if (r.ours) {
      assert.deepEqual(seen(r.oursGot), r.ours, 'ours: the deliberate answer');
      assert.equal(r.oursGot.name, r.theirsGot.name, 'the same error class as the reference');
    } else {
      assert.deepEqual(r.oursGot, r.theirsGot);
    }
  });
}

// Handlers at construction (issue #15), through harness/dual.mjs: a missing or malformed
// handler is refused with the reference's message, the default handler first.
const base = { tokenEndpoint: '/token', authorizeEndpoint: '/authorize', resourceMetadata: { resource: 'https://example.com/api' }, apiRoute: '/api/' };

test('a missing or malformed handler is refused as the reference refuses it', async () => {
  const cases = [
    { ...base, noDefault: true },
    { apiRoute: '/api/', tokenEndpoint: '/token', authorizeEndpoint: '/authorize', noDefault: true },
    { ...base, defaultHandler: 'obj' },
    { ...base, defaultHandler: 'num' },
    { ...base, defaultHandler: 'fn' },
    { ...base, apiHandler: 'obj' },
    // the default handler is checked first
    { ...base, apiHandler: 'obj', noDefault: true },
    { ...base, noApiHandler: true, noDefault: true },
    { ...base, apiHandlers: ['/api/'], apiRoute: undefined, noDefault: true },
    { ...base, resourceMetadata: { resource: 'ftp://x' }, noDefault: true },
    { ...base, accessTokenTTL: 1, noDefault: true },
    { ...base, noApiHandler: true },
    { ...base },
  ];
  const got = await constructBoth(cases);
  for (const [i, r] of got.entries()) assert.deepEqual(r.ours, r.theirs, `case ${i}: ${JSON.stringify(cases[i])}`);
  assert.deepEqual(got[0].ours, { name: 'TypeError', message: 'defaultHandler must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint' });
  assert.equal(got.at(-1).ours, 'ok');
});
