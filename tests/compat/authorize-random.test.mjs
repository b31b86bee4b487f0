// The authorization request, differential over generated requests: a seeded generator mixes
// response_type, client_id, redirect_uri, scope, state, PKCE, resource and unknown parameters,
// each right, wrong, missing or empty, in any order; the harness Worker's /authorize route calls
// parseAuthRequest, then completeAuthorization with what it parsed (harness/worker-core.js). One
// fixture (clients, grants: harness setupFixture) is written by the reference and loaded afresh for
// each side; the answer (the redirect with its code normalised, or the error each helper threw)
// and the keys the KV gained must be the reference's.
// Not generated (README, deliberate differences): a parameter given twice, a code_challenge not of
// its method's form, white space or controls in a redirect URI.
import * as H from './harness/index.mjs';
import { rng, generatedTables, COUNT_OF, SEED_OF } from './harness/generated.mjs';

const COUNT = COUNT_OF(200);
const SEED = SEED_OF(0xa07e1);

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

generatedTables('authorization request', REQUESTS, 302);
