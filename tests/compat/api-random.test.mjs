// The bearer check, differential over generated requests: a seeded generator mixes the
// Authorization header (schemes in any case, spaces, tokens valid, of another grant or user,
// truncated, flipped, refresh tokens and codes in their place, none), the path (the API route and
// its neighbours, queries; the discovery documents, the other endpoints), the method and an Origin. One fixture (harness setupFixture) is
// written by the reference and loaded afresh for each side; status, relevant headers (among them
// WWW-Authenticate and CORS), body (the API handler echoes ctx.props and ctx.auth) and the keys the
// KV changed must be the reference's.
// Not generated (README, deliberate differences): a token whose KV key would exceed 512 bytes.
import * as H from './harness/index.mjs';
import { rng, generatedTables, COUNT_OF, SEED_OF } from './harness/generated.mjs';

const COUNT = COUNT_OF(200);
const SEED = SEED_OF(0xa91c4);

const TOKENS = ['{{access_token}}', '{{access_token}}', '{{access_token}}', '{{other_access_token}}', '{{access_token_truncated}}',
  '{{access_token_flipped}}', '{{access_token_other_user}}', '{{access_token_other_grant}}', '{{access_token_no_user}}',
  '{{refresh_token}}', '{{code}}', 'garbage', 'a:b:c', '', '{{access_token}}x'];
const SCHEMES = ['Bearer', 'Bearer', 'Bearer', 'bearer', 'BEARER', 'Basic', 'Token', 'Bearer:', ''];
const PATHS = ['/api/x', '/api/x', '/api/x', '/api/', '/api', '/apix', '/api/x?q=1', '/api/a/b', '/API/x', '/other', '/api/%2e%2e/x',
  '/.well-known/oauth-authorization-server', '/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/api',
  '/.well-known/oauth-protected-resource/api/x', '/.well-known/oauth-authorization-server/x', '/.well-known/openid-configuration', '/register', '/token'];
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

generatedTables('API request', REQUESTS, 200);
