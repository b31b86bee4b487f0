// Dynamic client registration, differential over generated bodies: a seeded generator (the same
// bodies every run) mixes every member the registration reads, each with a valid value or one of
// the wrong kinds a client could send (other JSON types, empty, out-of-range strings, odd URIs),
// plus localized members with any tag and unknown members. Each body goes to the reference 1.2.3
// and to ours in one workerd on one KV namespace; status, headers, body and the client record must
// be the reference's (random parts normalised as register.test.mjs does). The hand-written cases
// name the rules (register-cases.mjs); these look for the combinations nobody wrote down.
// Inputs the README lists as deliberate differences are not generated (white space at a URI's end,
// private-use schemes under this config, Object.prototype names with a '#', JSON beyond ours'
// parser limits, an empty grant or response type).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, startDual010 } from './harness/dual.mjs';
import { normalise } from './register-normalise.mjs';
import { rng, COUNT_OF, SEED_OF } from './harness/generated.mjs';

const COUNT = COUNT_OF(240);
const SEED = SEED_OF(0x5eed1e55);

const R = 'https://client.example.org/cb';
const URIS = [R, 'https://client.example.org/cb?x=1', 'http://localhost:3000/callback', 'http://127.0.0.1/cb',
  'http://[::1]:8080/cb', 'https://client.example.org/cb#frag', 'http://client.example.org/cb', '/relative',
  'javascript:alert(1)', 'data:text/html,x', 'https://', 'HTTPS://CLIENT.EXAMPLE.ORG/CB', 'https://u:p@client.example.org/cb',
  'https://client.example.org:443/cb', 'https://client.example.org/%7Ecb', 'https://b\u00fccher.example/cb', 'urn:ietf:wg:oauth:2.0:oob',
  'https://client.example.org/a"b', 'https://client.example.org/\u2028'];
const WEB = ['https://client.example.org', 'http://client.example.org/x', 'https://client.example.org/logo.png?v=1',
  'not a uri', 'javascript:alert(1)', 'ftp://client.example.org/x', '', 'https://client.example.org/\u00e9', 'data:,x'];
const TEXT = ['App', '', 'Caf\u00e9 \u{1F600}', 'q"b\\s/\b\f\n\r\t\u0001\u001f\u007f', '\u2028\u2029', 'x'.repeat(300), ' padded '];
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'implicit', 'password',
  'urn:ietf:params:oauth:grant-type:token-exchange', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'x'];
const RESPONSES = ['code', 'token', 'id_token', 'code token', 'none'];
const METHODS = ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt', 'client_secret_jwt', 'tls_client_auth', 'x', ''];
const LOCALIZABLE = ['client_name', 'client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'contacts', 'jwks_uri', 'scope'];
const TAGS = ['fr', 'de-CH', 'en-US', '', 'a"b', 'x\\y', '\u00e9', 'ja-Jpan-JP', '#', ' ', 'zz\u0001'];

// A body: well-formed (every value one a conforming client may send) or, in the other half, any
// value of any kind in any member.
function generate(r, wellFormed) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  const some = (a, max) => Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(a));
  const odd = () => pick([null, 1, -0.5, true, {}, [], [1], { a: 'b' }, 'string']);
  const good = URIS.slice(0, 5), web = WEB.slice(0, 3);
  const value = (ok, bad) => wellFormed || chance(0.75) ? ok() : bad();
  const body = {};
  const members = [
    ['redirect_uris', () => value(() => [pick(good), ...some(good, 2)], () => chance(0.6) ? some(URIS, 3) : odd())],
    ['client_name', () => value(() => pick(TEXT), odd)],
    ['client_uri', () => value(() => pick(web), () => chance(0.5) ? pick(WEB) : odd())],
    ['logo_uri', () => value(() => pick(web), () => chance(0.5) ? pick(WEB) : odd())],
    ['tos_uri', () => value(() => pick(web), () => chance(0.5) ? pick(WEB) : odd())],
    ['policy_uri', () => value(() => pick(web), () => chance(0.5) ? pick(WEB) : odd())],
    ['jwks_uri', () => value(() => pick(web), () => chance(0.5) ? pick(WEB) : odd())],
    ['contacts', () => value(() => some(['ops@client.example.org', 'x', 'a"b'], 3), () => chance(0.5) ? ['a', 1] : odd())],
    ['grant_types', () => value(() => pick([['authorization_code'], ['authorization_code', 'refresh_token'], ['refresh_token', 'authorization_code', 'refresh_token']]), () => chance(0.6) ? some(GRANTS, 3) : odd())],
    ['response_types', () => value(() => ['code'], () => chance(0.6) ? some(RESPONSES, 2) : odd())],
    ['token_endpoint_auth_method', () => value(() => pick(METHODS.slice(0, 3)), () => chance(0.6) ? pick(METHODS) : odd())],
    ['scope', () => value(() => pick(['read', 'read write']), () => chance(0.5) ? pick(['', 'a"b']) : odd())],
    ['software_id', () => pick(['x', 1])],
    ['client_id', () => 'chosen-by-client'],
    ['client_secret', () => 'chosen-by-client'],
  ];
  for (const [name, v] of members) if (chance(name === 'redirect_uris' ? (wellFormed ? 1 : 0.9) : 0.4)) body[name] = v();
  for (let i = Math.floor(r() * 3); i > 0; i--) {
    const field = pick(LOCALIZABLE);
    const ok = /uri$/.test(field) ? () => pick(web) : () => pick(TEXT);
    body[`${field}#${pick(TAGS)}`] = value(ok, () => chance(0.5) ? pick([...TEXT, ...WEB]) : odd());
  }
  for (let i = Math.floor(r() * 2); i > 0; i--) body[pick(['zz', 'x_y', 'a"b', '\u00e9', 'i18n', 'clientName', 'redirectUris'])] = chance(0.5) ? pick(TEXT) : odd();
  // members in a shuffled order: the answer and the record follow the reference's order, not the body's
  const entries = Object.entries(body);
  for (let i = entries.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [entries[i], entries[j]] = [entries[j], entries[i]]; }
  return JSON.stringify(Object.fromEntries(entries));
}

const r = rng(SEED);
const BODIES = Array.from({ length: COUNT }, (_, i) => generate(r, i % 2 === 0));

// 0.10.4 checks only each redirect URI's characters and scheme; ours' 0.10 entry registers what
// 1.2.3 registers (README, deliberate differences: a fragment, a remote http or userinfo URI, one
// that does not parse). The 0.10.4 table leaves out bodies listing a URI the two would judge apart.
const BOTH_JUDGE_ALIKE = new Set([...URIS.slice(0, 5), 'javascript:alert(1)', 'data:text/html,x', '/relative']);
const alike010 = (body) => {
  const u = JSON.parse(body).redirect_uris;
  return !Array.isArray(u) || u.every((x) => typeof x !== 'string' || BOTH_JUDGE_ALIKE.has(x));
};

// Each body goes to 1.2.3 and ours, and (those both judge alike) to 0.10.4 and ours' 0.10 entry.
function table(label, start, options, bodies) {
  const statuses = [];
  const dual = start(options);
  after(async () => (await dual).dispose());

  for (const [i, body] of bodies.entries()) {
    test(`${label}: generated registration #${i}`, async () => {
      const d = await dual;
      const got = {};
      for (const [name, v] of [['theirs', d.theirs], ['ours', d.ours]]) {
        await v.clearKV();
        const cap = await H.capture(await v.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
        got[name] = normalise(cap, await v.dumpKV());
      }
      await d.ours.clearKV();
      assert.deepEqual(got.ours, got.theirs, `body: ${body}`);
      statuses.push(got.theirs.status);
    });
  }

  test(`${label}: the generated bodies reach both outcomes: a fifth registered at least, a fifth refused at least`, () => {
    assert.equal(statuses.length, bodies.length);
    const registered = statuses.filter((s) => s === 201).length, n = bodies.length;
    assert.ok(n >= COUNT / 2, `${n} bodies`);
    assert.ok(registered >= n / 5 && n - registered >= n / 5, `${registered} of ${n} registered`);
  });
}

table('1.2.3', startDual, H.CONFIGS.v1, BODIES);
table('0.10.4', startDual010, H.CONFIGS.legacy, BODIES.filter(alike010));

// The deliberate difference itself (README): 0.10.4 registers these, ours' 0.10 entry refuses them as 1.2.3 does.
test('0.10.4: deliberate difference (RFC 6749 §3.1.2, OAuth 2.1 §2.3.1): redirect URIs 1.2.3 refuses', async () => {
  const d = await startDual010(H.CONFIGS.legacy);
  try {
    for (const [uri, description] of [
      ['https://client.example.org/cb#frag', 'Invalid redirect URI'],
      ['http://client.example.org/cb', 'Redirect URI must use https, or http on a loopback host'],
      ['https://u:p@client.example.org/cb', 'Invalid redirect URI'],
    ]) {
      const body = JSON.stringify({ redirect_uris: [uri] });
      const got = {};
      for (const [name, v] of [['theirs', d.theirs], ['ours', d.ours]]) {
        await v.clearKV();
        got[name] = normalise(await H.capture(await v.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body })), await v.dumpKV());
      }
      assert.equal(got.theirs.status, 201, `0.10.4 registers ${uri}`);
      assert.deepEqual({ status: got.ours.status, body: got.ours.body, records: got.ours.records },
        { status: 400, body: { error: 'invalid_client_metadata', error_description: description }, records: 0 }, uri);
    }
  } finally {
    await d.dispose();
  }
});
