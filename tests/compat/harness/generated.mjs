// What the generated differentials share (register-random, token-random, authorize-random,
// api-random.test.mjs): a seeded PRNG, and a table of generated requests sent to a reference and
// ours in one workerd, each side on the same fixture loaded afresh.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './index.mjs';
import { startDual, startDual010 } from './dual.mjs';
import { send, summarize, normalizeOut } from '../bad-requests.mjs';

// OC_RANDOM_SEED / OC_RANDOM_COUNT explore other inputs locally; CI runs each file's fixed ones.
export const COUNT_OF = (n) => +(process.env.OC_RANDOM_COUNT ?? n);
export const SEED_OF = (s) => +(process.env.OC_RANDOM_SEED ?? s);

// mulberry32: a small deterministic PRNG, so a failure names an input that every run generates.
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One side's answer to spec on the fixture's records: status, relevant headers, body and the keys
// the KV gained, lost or changed, normalised as bad-requests.mjs does.
async function answer(v, spec, vars, records) {
  await v.clearKV();
  await v.test('kv-load', { records });
  const before = await v.dumpKV();
  const res = await send(v, spec, vars);
  const d = H.kvDiff(before, await v.dumpKV());
  const kv = normalizeOut({ added: d.added.map((x) => x.key).sort(), removed: d.removed.map((x) => x.key).sort(), changed: d.changed.map((x) => x.key).sort() }, vars);
  // (in the dual Worker's one bundle, esbuild renames one library's AuthorizationError class)
  const out = JSON.parse(JSON.stringify(summarize(res, vars)).replace(/"constructor":"(\w+?)\d+"/g, '"constructor":"$1"'));
  return { ...out, kv };
}

// The requests to 1.2.3 and ours, then to 0.10.4 and ours' 0.10 entry: one test each, and one
// that a twentieth at least of the requests got okStatus from the reference and a twentieth not.
export function generatedTables(what, requests, okStatus) {
  for (const [label, start, options] of [['1.2.3', startDual, H.CONFIGS.v1], ['0.10.4', startDual010, H.CONFIGS.legacy]]) {
    const dual = start(options);
    after(async () => (await dual).dispose());
    const fixture = (async () => {
      const d = await dual;
      const vars = await H.setupFixture(d.theirs);
      return { vars, records: await d.theirs.dumpKV() };
    })();
    const outcomes = [];
    for (const [i, spec] of requests.entries()) {
      test(`${label}: generated ${what} #${i}`, async () => {
        const d = await dual;
        const { vars, records } = await fixture;
        const theirs = await answer(d.theirs, spec, vars, records);
        const ours = await answer(d.ours, spec, vars, records);
        assert.deepEqual(ours, theirs, `request: ${JSON.stringify(spec)}`);
        outcomes.push(theirs.status);
      });
    }
    test(`${label}: the generated requests reach ${okStatus} and other answers alike: a twentieth of each at least`, () => {
      const n = requests.length, ok = outcomes.filter((s) => s === okStatus).length;
      assert.equal(outcomes.length, n);
      assert.ok(ok >= n / 20 && n - ok >= n / 20, `${ok} of ${n} answered ${okStatus}`);
    });
  }
}
