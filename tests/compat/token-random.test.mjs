// The token endpoint, differential over generated requests: a seeded generator (the same requests
// every run) mixes revocations and grant types, codes, refresh tokens, PKCE verifiers, redirect URIs, scopes,
// resources and client authentication (Basic, in the body, both, none, wrong), each right, wrong,
// missing, empty or repeated, in any order and under a few content types. One fixture (clients,
// grants, tokens: harness setupFixture) is written by the reference; for each request, each side
// gets that KV loaded afresh, then the request: status, relevant headers, body and the keys the KV
// gained, lost or changed must be the reference's (tokens, ids and times normalised as
// bad-requests.mjs does). bad-requests-cases.mjs names the rules one by one; this looks for the
// combinations nobody wrote down.
// Not generated (README, deliberate differences): a missing or empty grant_type, a code_verifier
// that is not 43–128 unreserved characters yet hashes to the challenge, keys over 512 bytes.
import * as H from './harness/index.mjs';
import { rng, generatedTables, COUNT_OF, SEED_OF } from './harness/generated.mjs';

const COUNT = COUNT_OF(200);
const SEED = SEED_OF(0x70c3e5);

const GRANTS = ['authorization_code', 'authorization_code', 'authorization_code', 'refresh_token', 'refresh_token',
  'client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange', 'password', 'AUTHORIZATION_CODE', 'implicit'];
const CODES = ['{{code}}', '{{code}}', '{{code}}', '{{public_code}}', '{{code_truncated}}', '{{refresh_token}}', '{{access_token}}',
  'garbage', 'a:b:c', '{{code}}x', ''];
const REFRESH = ['{{refresh_token}}', '{{refresh_token}}', '{{other_refresh_token}}', '{{refresh_token_truncated}}',
  '{{refresh_token_flipped}}', '{{access_token}}', '{{code}}', 'garbage', ''];
const REVOKED = ['{{access_token}}', '{{refresh_token}}', '{{other_access_token}}', '{{other_refresh_token}}', '{{access_token_flipped}}',
  '{{code}}', 'garbage', 'user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'];
const VERIFIERS = ['{{code_verifier}}', '{{code_verifier}}', '{{code_verifier}}', '{{code_verifier_wrong}}', '{{public_code_verifier}}', ''];
const REDIRECTS = ['{{redirect_uri}}', '{{redirect_uri}}', '{{redirect_uri}}', 'https://client.example.org/other', '{{redirect_uri}}/', '{{redirect_uri}}?x=1', ''];
const SCOPES = ['read', 'read write', 'write', 'admin', 'read admin', ''];
const RESOURCES = ['{{resource}}', 'https://example.com/other', 'https://other.example/api', 'not a uri', 'https://example.com/api#f', ''];
const AUTH = {
  basic: (p, h) => { h.authorization = '{{basic_auth}}'; },
  basicOther: (p, h) => { h.authorization = '{{basic_auth_c2}}'; },
  basicWrong: (p, h) => { h.authorization = 'Basic {{b64:client_id:wrong}}'; },
  basicUnknown: (p, h) => { h.authorization = 'Basic {{b64:nosuchclient:x}}'; },
  basicGarbage: (p, h) => { h.authorization = 'Basic !!!'; },
  bearer: (p, h) => { h.authorization = 'Bearer {{access_token}}'; },
  post: (p) => { p.push(['client_id', '{{client_id}}'], ['client_secret', '{{client_secret}}']); },
  postOther: (p) => { p.push(['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}']); },
  postWrong: (p) => { p.push(['client_id', '{{client_id}}'], ['client_secret', 'wrong']); },
  postIdOnly: (p) => { p.push(['client_id', '{{client_id}}']); },
  public: (p) => { p.push(['client_id', '{{public_client_id}}']); },
  both: (p, h) => { h.authorization = '{{basic_auth}}'; p.push(['client_id', '{{client_id}}'], ['client_secret', '{{client_secret}}']); },
  none: () => {},
};
const AUTHS = ['basic', 'basic', 'basic', 'post', 'public', 'public', 'basicOther', 'basicWrong', 'basicUnknown', 'basicGarbage',
  'bearer', 'postOther', 'postWrong', 'postIdOnly', 'both', 'none'];
const TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=UTF-8', 'application/json', 'text/plain', null];

// A request: in half of them one parameter at most is wrong (the rest a valid code exchange or
// refresh for the client it authenticates), in the other half anything goes.
function generate(r, nearlyRight) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const chance = (p) => r() < p;
  const params = [];
  const headers = {};
  const grant = nearlyRight ? pick(['authorization_code', 'refresh_token']) : pick(GRANTS);
  const auth = nearlyRight ? pick(['basic', 'post', 'both', 'public']) : pick(AUTHS);
  const isPublic = auth === 'public';
  // with one parameter at most taken from the wrong values
  let wrongLeft = nearlyRight ? (chance(0.7) ? 1 : 0) : Infinity;
  const choose = (right, all) => {
    if (wrongLeft > 0 && chance(nearlyRight ? 0.35 : 1)) { wrongLeft--; return pick(all); }
    return right;
  };
  const present = (p) => !nearlyRight ? chance(p) : wrongLeft > 0 && chance(0.1) ? (wrongLeft--, false) : true;
  // a revocation (RFC 7009: a token and no grant_type) now and then; an empty token beside no
  // grant_type is a listed deliberate difference, so the token is never empty here
  if (chance(0.12)) {
    const p = [['token', pick(REVOKED)]];
    if (chance(0.5)) p.push(['token_type_hint', pick(['access_token', 'refresh_token', 'x', ''])]);
    if (chance(0.1)) p.push(['grant_type', pick(GRANTS)]);
    AUTH[nearlyRight ? pick(['basic', 'post', 'public']) : pick(AUTHS)](p, headers);
    for (let i = p.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [p[i], p[j]] = [p[j], p[i]]; }
    headers['content-type'] = TYPES[0];
    return { method: 'POST', path: '/token', headers, form: p };
  }
  params.push(['grant_type', grant]);
  if (grant === 'authorization_code' || (!nearlyRight && chance(0.1))) {
    if (present(0.92)) params.push(['code', choose(isPublic ? '{{public_code}}' : '{{code}}', CODES)]);
    if (present(0.85)) params.push(['redirect_uri', choose('{{redirect_uri}}', REDIRECTS)]);
    if (present(0.9)) params.push(['code_verifier', choose(isPublic ? '{{public_code_verifier}}' : '{{code_verifier}}', VERIFIERS)]);
  }
  if ((grant === 'refresh_token' && (!isPublic || !nearlyRight)) || (!nearlyRight && chance(0.1))) {
    if (present(0.92)) params.push(['refresh_token', choose('{{refresh_token}}', REFRESH)]);
  }
  if (chance(0.25)) params.push(['scope', pick(SCOPES)]);
  if (chance(0.2)) params.push(['resource', pick(RESOURCES)]);
  if (chance(0.1)) params.push([pick(['x', 'state', 'nonce']), 'v']);
  AUTH[grant === 'refresh_token' && isPublic && nearlyRight ? 'basic' : auth](params, headers);
  // a parameter sent twice
  if (chance(nearlyRight ? 0.03 : 0.08)) params.push(pick(params.slice(1).length ? params.slice(1) : params));
  for (let i = params.length - 1; i > 1; i--) { const j = 1 + Math.floor(r() * i); [params[i], params[j]] = [params[j], params[i]]; }
  const type = nearlyRight && chance(0.9) ? TYPES[0] : pick(TYPES);
  if (type) headers['content-type'] = type;
  if (chance(0.97)) return { method: 'POST', path: '/token', headers, form: params };
  // a GET carries the parameters in its query (placeholders filled there, values as they are)
  return { method: 'GET', path: '/token?' + params.map(([k, v]) => `${k}=${v}`).join('&'), headers };
}

const r = rng(SEED);
const REQUESTS = Array.from({ length: COUNT }, (_, i) => generate(r, i % 2 === 0));

generatedTables('token request', REQUESTS, 200);
