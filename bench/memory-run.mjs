// The loop of bench/memory.mjs: N mixed operations through our public API in Node, as a Worker
// would use it (OAuthProvider from js-shim, real Request objects, env.OAUTH_KV a Map-backed KV),
// with the wasm core's memory and the JS heap after a forced GC sampled at checkpoints.
//   node_modules/node/bin/node --expose-gc bench/memory-run.mjs [--ops N] [--every K] [--wasm path]
// Prints on stdout one JSON line {mix: [names of one cycle's operations]}, then one per checkpoint: {ops, wasm, heap, kv, ms, cpuMs} (bytes; KV entries;
// wall and process CPU ms since the start).
// The KV stays bounded (a pool of seeded tokens, every grant revoked and every registered client
// deleted once used), so that what grows, if anything, is ours, not the store's.
import { memoryKv } from '../tests/js/memory-kv.mjs';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { CONFIGS, REDIRECT_URI } from '../tests/compat/harness/index.mjs';
import { createHash, randomBytes } from 'node:crypto';

const args = process.argv.slice(2);
const argv = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const OPS = +argv('--ops', 1e6);
const EVERY = +argv('--every', 1e5);
if (argv('--wasm')) process.env.OC_WASM_PATH = argv('--wasm');
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const { OAuthProvider, getOAuthApi } = await import('../js-shim/entry-node.js');
const { getCore } = await import('../js-shim/wasm.js');

const ORIGIN = 'https://example.com';
const CORS = { Origin: 'https://app.example.org' };
const FORM = 'application/x-www-form-urlencoded';
const b64url = (b) => Buffer.from(b).toString('base64url');
const verifier = b64url(randomBytes(32));
const challenge = b64url(createHash('sha256').update(verifier).digest());
const qs = (o) => new URLSearchParams(o).toString();
const basic = (id, secret) => 'Basic ' + btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`);

const kv = memoryKv();
const env = { OAUTH_KV: kv };
const VALID = [], EXPIRED = [];
for (let i = 0; i < 256; i++) VALID.push((await mintAccessToken(kv, { userId: `user${i}`, audience: `${ORIGIN}/api`, props: { name: 'alice', n: i }, scope: ['read', 'write'], ttl: 86400 })).token);
for (let i = 0; i < 16; i++) EXPIRED.push((await mintAccessToken(kv, { userId: `old${i}`, audience: `${ORIGIN}/api`, scope: ['read'], ttl: -60 })).token);

const OPTIONS = {
  ...CONFIGS.v1,
  onError: () => {}, // the default logs each error answer with console.warn

  apiHandler: { fetch: (req, env, ctx) => Response.json(ctx.props) },
  defaultHandler: {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (url.pathname !== '/authorize') return new Response('not found', { status: 404 });
      const oauth = env.OAUTH_PROVIDER;
      const authRequest = await oauth.parseAuthRequest(request);
      const { redirectTo } = await oauth.completeAuthorization({
        request: authRequest, userId: url.searchParams.get('state'), metadata: { label: 'memflat' },
        scope: authRequest.scope, props: { name: 'alice', n: +url.searchParams.get('state').slice(1) },
      });
      return new Response(null, { status: 302, headers: { location: redirectTo } });
    },
  },
};
const provider = new OAuthProvider(OPTIONS);
const helpers = getOAuthApi(OPTIONS, env);

// One request through provider.fetch, its body read, its status checked; waitUntil work awaited.
async function call(want, path, init) {
  const pending = [];
  const res = await provider.fetch(new Request(ORIGIN + path, init), env, { waitUntil: (p) => pending.push(p), passThroughOnException() {}, props: undefined });
  const body = await res.text();
  await Promise.all(pending);
  if (res.status !== want) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status}, expected ${want}: ${body.slice(0, 200)}`);
  return body;
}
const bearer = (token, extra) => ({ headers: { Authorization: 'Bearer ' + token, ...extra } });
const post = (params, auth) => ({ method: 'POST', body: qs(params), headers: { 'Content-Type': FORM, ...(auth ? { Authorization: auth } : {}) } });
const REGISTRATION = JSON.stringify({
  redirect_uris: [REDIRECT_URI], client_name: 'memflat', token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
});

// The client the code exchanges use (made once; the KV keeps it).
const client = await helpers.createClient({ redirectUris: [REDIRECT_URI], clientName: 'memflat', tokenEndpointAuthMethod: 'client_secret_basic' });
const clientAuth = basic(client.clientId, client.clientSecret);
const wrongAuth = basic(client.clientId, client.clientSecret.slice(0, -1) + (client.clientSecret.endsWith('x') ? 'y' : 'x'));

// One cycle: MIX.length operations; the names are what bench/memory.mjs reports as the mix.
let cycle = 0, code, tokens, regId;
const MIX = [
  ['API check, valid token', () => call(200, '/api/x', bearer(VALID[cycle % 256]))],
  ['API check, valid token, with Origin', () => call(200, '/api/x', bearer(VALID[(cycle * 7 + 3) % 256], CORS))],
  ['API check, unknown token', () => call(401, '/api/x', bearer(`user${cycle % 256}:${b64url(randomBytes(12))}:${b64url(randomBytes(24))}`))],
  ['API check, expired token', () => call(401, '/api/x', bearer(EXPIRED[cycle % 16]))],
  ['API check, malformed token, with Origin', () => call(401, '/api/x', bearer('not a token', CORS))],
  ['authorize (parseAuthRequest + completeAuthorization)', async () => {
    const r = await provider.fetch(new Request(ORIGIN + '/authorize?' + qs({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT_URI, scope: 'read write', state: `u${cycle % 1000}`, code_challenge: challenge, code_challenge_method: 'S256' })), env, { waitUntil() {}, passThroughOnException() {}, props: undefined });
    if (r.status !== 302) throw new Error(`authorize: ${r.status} ${await r.text()}`);
    code = new URL(r.headers.get('location')).searchParams.get('code');
  }],
  ['code exchange (POST /token)', async () => {
    tokens = JSON.parse(await call(200, '/token', post({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }, clientAuth)));
  }],
  ['API check, freshly issued token', () => call(200, '/api/x', bearer(tokens.access_token))],
  ['refresh (POST /token)', async () => {
    tokens = JSON.parse(await call(200, '/token', post({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, clientAuth)));
  }],
  ['API check, refreshed token, with Origin', () => call(200, '/api/x', bearer(tokens.access_token, CORS))],
  ['revokeGrant (helper)', async () => {
    const [userId, grantId] = tokens.access_token.split(':');
    await helpers.revokeGrant(grantId, userId);
  }],
  ['dynamic registration (POST /register)', async () => {
    regId = JSON.parse(await call(201, '/register', { method: 'POST', body: REGISTRATION, headers: { 'Content-Type': 'application/json' } })).client_id;
  }],
  ['deleteClient (helper)', () => helpers.deleteClient(regId)],
  ['GET /.well-known/oauth-authorization-server', () => call(200, '/.well-known/oauth-authorization-server')],
  ['GET /.well-known/oauth-protected-resource/api, with Origin', () => call(200, '/.well-known/oauth-protected-resource/api', { headers: CORS })],
  ['POST /token, unsupported grant', () => call(400, '/token', post({ grant_type: 'password', username: 'a', password: 'b' }, clientAuth))],
  ['POST /token, wrong client secret', () => call(401, '/token', post({ grant_type: 'refresh_token', refresh_token: 'x:y:z' }, wrongAuth))],
  ['API check, no Authorization header', () => call(401, '/api/x')],
  ['API check, valid token', () => call(200, '/api/x', bearer(VALID[(cycle * 13 + 5) % 256]))],
  ['API check, valid token', () => call(200, '/api/x', bearer(VALID[(cycle * 31 + 11) % 256]))],
];

function checkpoint(ops, t0) {
  globalThis.gc(); globalThis.gc();
  process.stdout.write(JSON.stringify({ ops, wasm: getCore().memoryBytes, heap: process.memoryUsage().heapUsed, kv: kv.m.size, ms: Math.round(performance.now() - t0), cpuMs: Math.round(process.cpuUsage().user / 1e3 + process.cpuUsage().system / 1e3) }) + '\n');
}

process.stdout.write(JSON.stringify({ mix: MIX.map(([name]) => name) }) + '\n');
const t0 = performance.now();
let ops = 0;
getCore(); // instantiated by the constructor already; the first checkpoint is before any request
checkpoint(0, t0);
while (ops < OPS) {
  for (const [, op] of MIX) {
    await op();
    if (++ops % EVERY === 0 || ops === OPS) checkpoint(ops, t0);
    if (ops === OPS) break;
  }
  cycle++;
}
