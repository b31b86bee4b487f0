// The authorization request, differential over generated requests: a seeded generator mixes
// response_type, client_id, redirect_uri, scope, state, PKCE, resource and unknown parameters,
// each right, wrong, missing or empty, in any order; the harness Worker's /authorize route calls
// parseAuthRequest, then completeAuthorization with what it parsed (harness/worker-core.js). One
// fixture (clients, grants: harness setupFixture) is written by the reference and loaded afresh for
// each side; the answer (the redirect with its code normalised, or the error each helper threw)
// and the keys the KV gained must be the reference's.
// Not generated (README, deliberate differences): a parameter given twice, a code_challenge not of
// its method's form, white space or controls in a redirect URI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, startDual010 } from './harness/dual.mjs';
import { send, summarize, normalizeOut } from './bad-requests.mjs';

// OC_RANDOM_SEED / OC_RANDOM_COUNT explore other requests locally; CI runs the fixed ones.
const COUNT = +(process.env.OC_RANDOM_COUNT ?? 200);
const SEED = +(process.env.OC_RANDOM_SEED ?? 0xa07e1);

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

const e = encodeURIComponent;
const RESPONSE_TYPES = ['code', 'token', 'id_token', 'code token', 'CODE', 'none', ''];
const CLIENTS = ['{{client_id}}', '{{public_client_id}}', '{{c2_client_id}}', 'nosuchclient', ''];
const REDIRECTS = [H.REDIRECT_URI, 'https://client.example.org/other', H.REDIRECT_URI + '/', H.REDIRECT_URI + '?x=1',
  'HTTPS://CLIENT.EXAMPLE.ORG/cb', 'http://client.example.org/cb', 'http://127.0.0.1/cb', 'javascript:alert(1)', ''];
const SCOPES = ['read', 'read write', 'write', 'admin', 'read admin', '', 'read read'];
const STATES = ['s1', '', 'a b', 'x&y=z', '\u00e9', 'x'.repeat(200)];
const RESOURCES = ['https://example.com/api', 'https://example.com/other', 'https://other.example/api', 'not a uri', 'https://example.com/api#f', ''];
// challenge and method pairs that are each of their method's form (or without a method: plain's)
const PKCE = [['{{code_challenge}}', 'S256'], ['{{code_challenge}}', 'plain'], ['a'.repeat(43), 'plain'], ['a'.repeat(43), null],
  ['{{code_challenge}}', null], [null, 'S256'], ['{{code_challenge}}', 's256'], ['{{code_challenge}}', 'other'], ['{{code_challenge}}', '']];

function generate(r, nearlyRight) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  let wrongLeft = nearlyRight ? (chance(0.7) ? 1 : 0) : Infinity;
  const choose = (right, all) => (wrongLeft > 0 && chance(nearlyRight ? 0.3 : 1) ? (wrongLeft--, pick(all)) : right);
  const present = (p) => (!nearlyRight ? chance(p) : wrongLeft > 0 && chance(0.1) ? (wrongLeft--, false) : true);
  const params = [];
  if (present(0.95)) params.push(['response_type', choose('code', RESPONSE_TYPES)]);
  if (present(0.95)) params.push(['client_id', choose('{{client_id}}', CLIENTS)]);
  if (present(0.9)) params.push(['redirect_uri', e(choose(H.REDIRECT_URI, REDIRECTS))]);
  if (chance(0.8)) params.push(['scope', e(choose('read', SCOPES))]);
  if (chance(0.8)) params.push(['state', e(pick(STATES))]);
  const [challenge, method] = nearlyRight && chance(0.7) ? ['{{code_challenge}}', 'S256'] : pick(PKCE);
  if (challenge !== null && present(0.8)) params.push(['code_challenge', challenge]);
  if (method !== null) params.push(['code_challenge_method', method]);
  if (chance(0.2)) params.push(['resource', e(pick(RESOURCES))]);
  if (chance(0.15)) params.push([pick(['nonce', 'prompt', 'x']), 'v']);
  for (let i = params.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [params[i], params[j]] = [params[j], params[i]]; }
  const headers = { 'x-test-user': 'user5' };
  if (chance(0.2)) headers['x-test-grant-scope'] = pick(['read', 'write', 'read write', '']);
  return { method: 'GET', path: '/authorize?' + params.map(([k, v]) => `${k}=${v}`).join('&'), headers };
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
    test(`${label}: generated authorization request #${i}`, async () => {
      const d = await dual;
      const { vars, records } = await fixture;
      const theirs = await answer(d.theirs, spec, vars, records);
      const ours = await answer(d.ours, spec, vars, records);
      assert.deepEqual(ours, theirs, `request: ${JSON.stringify(spec)}`);
      outcomes.push(theirs.status);
    });
  }

  test(`${label}: the generated requests reach authorizations and refusals alike: a twentieth of each at least`, () => {
    assert.equal(outcomes.length, COUNT);
    const ok = outcomes.filter((s) => s === 302).length;
    assert.ok(ok >= COUNT / 20 && COUNT - ok >= COUNT / 20, `${ok} of ${COUNT} redirected`);
  });
}

table('1.2.3', startDual, H.CONFIGS.v1);
table('0.10.4', startDual010, H.CONFIGS.legacy);
