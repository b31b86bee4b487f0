// createClient and updateClient, differential over generated arguments: a seeded generator mixes
// every ClientInfo member (redirectUris, names and URIs, contacts, grant and response types, the
// auth method, a chosen secret, unknown members), each valid or a wrong value of its type, in any
// order (a member of the wrong type is a listed deliberate difference: R-CC-08, R-HLP-17).
// Each call goes to 1.2.3 and to ours in one workerd on one KV namespace (each side on a cleared
// one): the value or the error thrown (class and message) and the record written must be the
// reference's, the generated id, secret and clock checked, then named; then the same calls to
// 0.10.4 and ours' 0.10 entry, which answers as 0.10.4 but for the checks it keeps from 1.2.3
// (README, deliberate differences, R010-CC-01, R010-CC-02).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as H from './harness/index.mjs';
import { startDual, startDual010 } from './harness/dual.mjs';
import { rng, COUNT_OF, SEED_OF } from './harness/generated.mjs';

const COUNT = COUNT_OF(160);
const SEED = SEED_OF(0xc11e47);

const R = H.REDIRECT_URI;
const GOOD_URIS = [R, 'http://localhost:3000/callback', 'http://127.0.0.1/cb', 'https://client.example.org/cb?x=1'];
const URIS = [...GOOD_URIS, 'https://client.example.org/cb#f', 'http://client.example.org/cb', 'javascript:alert(1)', '/relative', 'urn:x', ''];
const WEB = ['https://client.example.org', 'http://client.example.org/x', 'not a uri', 'javascript:x', ''];
const TEXT = ['App', '', 'Caf\u00e9 \u{1F600}', 'q"b\\s/\n\t\u0001', 'x'.repeat(300)];
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'implicit', 'urn:ietf:params:oauth:grant-type:token-exchange', 'x'];
const RESPONSES = ['code', 'token', 'id_token'];
const METHODS = ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt', 'x'];

function generate(r, nearlyRight) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  const some = (a, max) => Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(a));
  const strs = () => some([...TEXT, ...URIS], 2);
  const value = (ok, bad) => (nearlyRight || chance(0.7) ? ok() : bad());
  const info = {};
  const members = [
    ['redirectUris', () => value(() => [pick(GOOD_URIS), ...some(GOOD_URIS, 1)], () => some(URIS, 2))],
    ['clientName', () => pick(TEXT)],
    ['logoUri', () => value(() => WEB[0], () => pick(WEB))],
    ['clientUri', () => value(() => WEB[0], () => pick(WEB))],
    ['policyUri', () => value(() => WEB[1], () => pick(WEB))],
    ['tosUri', () => value(() => WEB[0], () => pick(WEB))],
    ['contacts', () => value(() => some(['ops@client.example.org', 'x'], 2), strs)],
    ['grantTypes', () => value(() => pick([['authorization_code'], ['authorization_code', 'refresh_token']]), () => some(GRANTS, 2))],
    ['responseTypes', () => value(() => ['code'], () => some(RESPONSES, 2))],
    ['tokenEndpointAuthMethod', () => value(() => pick(METHODS.slice(0, 3)), () => pick(METHODS))],
    ['clientSecret', () => pick(['S'.repeat(32), 'short', ''])],
    ['zz', () => pick(TEXT)],
  ];
  for (const [name, v] of members) if (chance(name === 'redirectUris' ? (nearlyRight ? 1 : 0.9) : 0.4)) info[name] = v();
  const entries = Object.entries(info);
  for (let i = entries.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [entries[i], entries[j]] = [entries[j], entries[i]]; }
  return Object.fromEntries(entries);
}

const r = rng(SEED);
const CALLS = Array.from({ length: COUNT }, (_, i) => generate(r, i % 2 === 0));
const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');

// The outcome of one helper call and the client records after it, random parts checked and named.
async function outcome(v, op, body) {
  let out;
  try {
    out = { value: await v.test(op, body) };
  } catch (e) {
    const he = e.body?.helperError;
    assert.ok(he, `${v.name} ${op}: ${e.message}`);
    out = { error: { name: he.name, message: he.message } };
  }
  const records = (await v.dumpKV()).filter((x) => x.key.startsWith('client:')).map((x) => ({ key: x.key, value: { ...x.value }, expires: x.expiration != null }));
  const id = out.value?.clientId;
  const text = JSON.stringify({ out, records }, (k, x) => {
    if (typeof x !== 'string') return x;
    if (id && x === id) return '<id>';
    if (id && x === `client:${id}`) return 'client:<id>';
    if (out.value?.clientSecret && x === out.value.clientSecret && x.length === 32) return '<secret>';
    if (out.value?.clientSecret && x === sha256(out.value.clientSecret)) return '<hash>';
    return x;
  }).replace(/"(registrationDate|createdAt)":\d+/g, '"$1":"<t>"');
  return JSON.parse(text);
}

// Both calls on one side: createClient(info) on a cleared KV, then updateClient of a fresh valid
// client with the next generated members.
async function both(v, i) {
  await v.clearKV();
  const created = await outcome(v, 'createClient', CALLS[i]);
  await v.clearKV();
  const base = await v.test('createClient', { redirectUris: [R], clientName: 'base' });
  const updated = await outcome(v, 'updateClient', { clientId: base.clientId, updates: CALLS[(i + 1) % CALLS.length] });
  return { created, updated: JSON.parse(JSON.stringify(updated).replaceAll(base.clientId, '<base>').replaceAll(sha256(base.clientSecret), '<base hash>')) };
}
// Both sides' outcomes of call i on a pair (each side named for outcome's messages), the KV cleared after.
async function pairOutcomes(pair, i) {
  const d = await pair;
  d.theirs.name = 'theirs';
  d.ours.name = 'ours';
  const theirs = await both(d.theirs, i);
  const ours = await both(d.ours, i);
  await d.ours.clearKV();
  return { theirs, ours };
}
const described = (i) => `createClient(${JSON.stringify(CALLS[i])}); updateClient(…, ${JSON.stringify(CALLS[(i + 1) % CALLS.length])})`;

const statuses = [];
const of12 = []; // 1.2.3's outcomes, by call
const dual = startDual(H.CONFIGS.v1);
after(async () => (await dual).dispose());
for (const i of CALLS.keys()) {
  test(`1.2.3: generated createClient #${i}, then updateClient with the next one`, async () => {
    const { theirs, ours } = await pairOutcomes(dual, i);
    assert.deepEqual(ours, theirs, described(i));
    of12[i] = theirs;
    statuses.push(theirs.created.out.error ? 'refused' : 'created');
  });
}

test('1.2.3: the generated calls reach both outcomes: a fifth created at least, a fifth refused at least', () => {
  assert.equal(statuses.length, COUNT);
  const created = statuses.filter((s) => s === 'created').length;
  assert.ok(created >= COUNT / 5 && COUNT - created >= COUNT / 5, `${created} of ${COUNT} created`);
});

// 0.10.4 and ours' 0.10 entry: the same answers, but where 0.10.4 stores what 1.2.3 refuses (README,
// R010-CC-01, R010-CC-02): there ours' 0.10 entry throws 1.2.3's Error and writes nothing.
const dual010 = startDual010(H.CONFIGS.legacy);
after(async () => (await dual010).dispose());
let refusedAs12 = 0;
for (const i of CALLS.keys()) {
  test(`0.10.4: generated createClient #${i}, then updateClient with the next one`, async () => {
    const { theirs, ours } = await pairOutcomes(dual010, i);
    assert.ok(of12[i], '1.2.3\'s outcome of the same calls');
    for (const part of ['created', 'updated']) {
      if (JSON.stringify(ours[part]) === JSON.stringify(theirs[part])) continue;
      assert.ok(ours[part].out.error && theirs[part].out.value, `${part}: only a refusal of what 0.10.4 stores may differ: ${described(i)}`);
      assert.deepEqual(ours[part].out.error, of12[i][part].out.error, `${part}: refused as 1.2.3 refuses it: ${described(i)}`);
      assert.deepEqual(ours[part].records.map((x) => [x.key, x.value.clientName]), part === 'created' ? [] : [['client:<base>', 'base']], `${part}: nothing written`);
      refusedAs12++;
    }
  });
}

test('0.10.4: some calls were refused as 1.2.3 refuses them, where 0.10.4 stores them', () => {
  assert.ok(refusedAs12 > 0);
});
