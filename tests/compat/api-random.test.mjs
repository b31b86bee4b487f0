// The bearer check, differential over generated requests: a seeded generator mixes the
// Authorization header (schemes in any case, spaces, tokens valid, of another grant or user,
// truncated, flipped, refresh tokens and codes in their place, none), the path (the API route and
// its neighbours, queries), the method and an Origin. One fixture (harness setupFixture) is
// written by the reference and loaded afresh for each side; status, relevant headers (among them
// WWW-Authenticate and CORS), body (the API handler echoes ctx.props and ctx.auth) and the keys the
// KV changed must be the reference's.
// Not generated (README, deliberate differences): a token whose KV key would exceed 512 bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, startDual010 } from './harness/dual.mjs';
import { send, summarize, normalizeOut } from './bad-requests.mjs';

// OC_RANDOM_SEED / OC_RANDOM_COUNT explore other requests locally; CI runs the fixed ones.
const COUNT = +(process.env.OC_RANDOM_COUNT ?? 200);
const SEED = +(process.env.OC_RANDOM_SEED ?? 0xa91c4);

// mulberry32 (as register-random.test.mjs): a failure names a request that every run generates.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['{{access_token}}', '{{access_token}}', '{{access_token}}', '{{other_access_token}}', '{{access_token_truncated}}',
  '{{access_token_flipped}}', '{{access_token_other_user}}', '{{access_token_other_grant}}', '{{access_token_no_user}}',
  '{{refresh_token}}', '{{code}}', 'garbage', 'a:b:c', '', '{{access_token}}x'];
const SCHEMES = ['Bearer', 'Bearer', 'Bearer', 'bearer', 'BEARER', 'Basic', 'Token', 'Bearer:', ''];
const PATHS = ['/api/x', '/api/x', '/api/x', '/api/', '/api', '/apix', '/api/x?q=1', '/api/a/b', '/API/x', '/other', '/api/%2e%2e/x'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'];

function generate(r, nearlyRight) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  let wrongLeft = nearlyRight ? (chance(0.6) ? 1 : 0) : Infinity;
  const choose = (right, all) => (wrongLeft > 0 && chance(nearlyRight ? 0.3 : 1) ? (wrongLeft--, pick(all)) : right);
  const headers = {};
  if (chance(nearlyRight ? 0.97 : 0.85)) {
    const sep = choose(' ', [' ', '  ', '\t', '', ' \t']);
    headers.authorization = `${choose('Bearer', SCHEMES)}${sep}${choose('{{access_token}}', TOKENS)}${chance(0.05) ? ' ' : ''}`;
  }
  if (chance(0.3)) headers.origin = pick(['https://app.example', 'null', 'https://example.com']);
  if (chance(0.1)) headers['content-type'] = 'application/json';
  const method = choose('GET', METHODS);
  if (method === 'OPTIONS' && chance(0.7)) headers['access-control-request-method'] = 'GET';
  return { method, path: choose('/api/x', PATHS), headers, ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}) };
}

const r = rng(SEED);
const REQUESTS = Array.from({ length: COUNT }, (_, i) => generate(r, i % 2 === 0));

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

// Each request goes to 1.2.3 and ours, and (the same requests) to 0.10.4 and ours' 0.10 entry.
function table(label, start, options) {
  const dual = start(options);
  after(async () => (await dual).dispose());
  const fixture = (async () => {
    const d = await dual;
    const vars = await H.setupFixture(d.theirs);
    return { vars, records: await d.theirs.dumpKV() };
  })();
  const outcomes = [];
  for (const [i, spec] of REQUESTS.entries()) {
    test(`${label}: generated API request #${i}`, async () => {
      const d = await dual;
      const { vars, records } = await fixture;
      const theirs = await answer(d.theirs, spec, vars, records);
      const ours = await answer(d.ours, spec, vars, records);
      assert.deepEqual(ours, theirs, `request: ${JSON.stringify(spec)}`);
      outcomes.push(theirs.status);
    });
  }

  test(`${label}: the generated requests reach the API handler and refusals alike: a twentieth of each at least`, () => {
    assert.equal(outcomes.length, COUNT);
    const ok = outcomes.filter((s) => s === 200).length;
    assert.ok(ok >= COUNT / 20 && COUNT - ok >= COUNT / 20, `${ok} of ${COUNT} reached the handler`);
  });
}

table('1.2.3', startDual, H.CONFIGS.v1);
table('0.10.4', startDual010, H.CONFIGS.legacy);
