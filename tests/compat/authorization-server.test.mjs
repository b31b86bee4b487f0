// OAuthAuthorizationServer, ours against 1.2.3's, side by side in one Worker
// on one OAUTH_KV (harness/as-dual-worker.js): construction refusals, the
// metadata, what fetch() serves and refuses, and validateToken on tokens
// either one issued, and Client ID Metadata Documents in this role.
// docs/observed/rules-1.2.3.md 9.8 (R-AS-*), 9.5 (R-AS-13).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { documentServer, json, serve, doc, FLAGS } from './harness/cimd-docs.mjs';
import { JWKS, sign } from './harness/idjag.mjs';

const ISSUER = 'https://example.com';
const RESOURCE = 'https://example.com/mcp';
const OPTIONS = { issuer: ISSUER, resources: [RESOURCE], clientRegistrationEndpoint: '/register', scopesSupported: ['read', 'write'] };
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, entry: 'as-dual-worker.js' });
after(() => w.dispose());

async function on(impl, path, init = {}) {
  return H.capture(await w.fetch(path, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': impl } }));
}
async function same(path, init, check) {
  const theirs = await on('theirs', path, init);
  const ours = await on('ours', path, init);
  assert.deepEqual(ours, theirs, path);
  if (check) check(ours);
  return ours;
}
const post = (body) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

test('R-AS-01…09: construction refusals carry 1.2.3\'s messages', async () => {
  const base = { issuer: ISSUER, resources: [RESOURCE] };
  const cases = [
    base, { ...base, issuer: undefined }, { ...base, issuer: 'not a url' }, { ...base, issuer: 'http://example.com' },
    { ...base, issuer: 'https://Example.com' }, { ...base, issuer: 'https://u@example.com' }, { ...base, issuer: 'https://example.com/?a=1' },
    { ...base, issuer: 'https://example.com/#x' }, { ...base, issuer: 'https://example.com/tenant' }, { ...base, issuer: 'http://localhost:8787' },
    { ...base, issuer: 'https://example.com/a/../b' }, { ...base, issuer: 'https://example.com/' },
    { ...base, resources: [] }, { ...base, resources: 'x' }, { ...base, resources: [1] }, { issuer: ISSUER },
    { ...base, resources: [RESOURCE, RESOURCE] }, { ...base, resources: [RESOURCE, 'HTTPS://EXAMPLE.COM/mcp'] },
    { ...base, resources: ['https://example.com/mcp#x'] }, { ...base, resources: ['http://remote.example/mcp'] },
    { ...base, resources: ['https://Example.com/mcp'] }, { ...base, resources: ['https://example.com/.well-known/oauth-protected-resource'] },
    { ...base, tokenEndpoint: '/t#f' }, { ...base, authorizeEndpoint: '/a#f' },
    { ...base, tokenEndpoint: 'http://remote.example/token' }, { ...base, tokenEndpoint: 'https://u@example.com/token' },
    { ...base, tokenEndpoint: 'https://example.com/token#x' }, { ...base, tokenEndpoint: 'nope' }, { ...base, tokenEndpoint: 'https://auth.example/t' },
    { ...base, tokenEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, authorizeEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, authorizeEndpoint: '/oauth/token' }, { ...base, authorizeEndpoint: '/x', tokenEndpoint: '/x' },
    { ...base, clientRegistrationEndpoint: '/authorize' }, { ...base, clientRegistrationEndpoint: '/oauth/token' },
    { ...base, clientRegistrationEndpoint: '/.well-known/oauth-authorization-server' },
    { ...base, issuer: 'https://example.com/t', tokenEndpoint: '/.well-known/oauth-authorization-server/t' },
    { ...base, defaultResource: 'https://example.com/other' }, { ...base, defaultResource: RESOURCE },
    { ...base, defaultResource: 'HTTPS://EXAMPLE.COM/mcp' }, { ...base, legacyGrantResource: 'https://example.com/other' },
    { ...base, legacyGrantResource: RESOURCE }, { ...base, defaultResource: null },
    { ...base, accessTokenTTL: 5 }, { ...base, scopesSupported: ['a b'] }, { ...base, cookiePrefix: 'x' },
    { ...base, clientIdMetadataDocumentEnabled: true }, { ...base, resources: [RESOURCE, 'https://example.com/other'], clientIdMetadataDocumentEnabled: true },
  ];
  let refused = 0;
  for (const spec of cases) {
    const theirs = await on('theirs', '/__construct', post(spec));
    const ours = await on('ours', '/__construct', post(spec));
    assert.deepEqual(ours.body, theirs.body, JSON.stringify(spec));
    if (theirs.body.error) refused++;
  }
  for (const notObject of [null]) {
    const theirs = await on('theirs', '/__construct', post({ notObject }));
    const ours = await on('ours', '/__construct', post({ notObject }));
    assert.deepEqual(ours.body, theirs.body);
  }
  assert.ok(refused >= 30, `refusals exercised: ${refused}`);
});

test('more than one resource: accepted by both, the other checks first as 1.2.3 makes them', async () => {
  const spec = { issuer: ISSUER, resources: [RESOURCE, 'https://example.com/other'] };
  assert.deepEqual((await on('ours', '/__construct', post(spec))).body, { ok: true });
  assert.deepEqual((await on('theirs', '/__construct', post(spec))).body, { ok: true });
  const bad = { ...spec, defaultResource: 'https://example.com/third' };
  const theirs = (await on('theirs', '/__construct', post(bad))).body;
  assert.equal(theirs.name, 'TypeError');
  assert.deepEqual((await on('ours', '/__construct', post(bad))).body, theirs);
});

test('metadata and R-AS-12: what fetch() serves, and the bare 404 for everything else', async () => {
  const md = await same('/.well-known/oauth-authorization-server', {}, (r) => assert.equal(r.status, 200));
  assert.equal(md.body.issuer, ISSUER);
  assert.equal(md.body.token_endpoint, `${ISSUER}/oauth/token`);
  assert.equal(md.body.authorization_endpoint, `${ISSUER}/authorize`);
  await same('/.well-known/oauth-authorization-server', { headers: { origin: 'https://app.example' } });
  await same('/.well-known/oauth-authorization-server', { method: 'POST' });
  await same('/.well-known/oauth-authorization-server', { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  await same('/oauth/token', { method: 'OPTIONS', headers: { origin: 'https://app.example' } });
  await same('/oauth/token', { method: 'GET' });
  await same('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nope' });
  for (const p of ['/', '/mcp', '/api/x', '/.well-known/oauth-protected-resource/mcp', '/token', 'https://other.example/oauth/token']) {
    await same(p, { headers: { origin: 'https://app.example' } }, (r) => assert.equal(r.status, 404, p));
  }
  await same('/', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }, (r) => assert.equal(r.status, 404));
  await same('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["ftp://x"]}' });
});

// A token from impl's /register, /authorize and token endpoint.
async function issue(impl, scope = 'read') {
  const reg = await on(impl, '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none' }));
  assert.equal(reg.status, 201);
  const { verifier, challenge } = H.pkcePair();
  const q = new URLSearchParams({ response_type: 'code', client_id: reg.body.client_id, redirect_uri: H.REDIRECT_URI, scope, state: 's',
    code_challenge: challenge, code_challenge_method: 'S256' });
  const auth = await on(impl, `/authorize?${q}`);
  assert.equal(auth.status, 302, JSON.stringify(auth.body));
  const loc = new URL(auth.headers.location);
  assert.equal(loc.searchParams.get('iss'), ISSUER);
  const tok = await on(impl, '/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: H.form({ grant_type: 'authorization_code', code: loc.searchParams.get('code'), redirect_uri: H.REDIRECT_URI, client_id: reg.body.client_id, code_verifier: verifier }) });
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { token: tok.body.access_token, clientId: reg.body.client_id, tok };
}

test('R-AS-10/11: validateToken, on tokens either one issued', async () => {
  for (const issuer of ['theirs', 'ours']) {
    const { token, clientId, tok } = await issue(issuer, 'read write');
    assert.equal(tok.body.resource ?? RESOURCE, RESOURCE);
    const v = await same('/__validate', post({ resource: RESOURCE, token }));
    assert.deepEqual(v.body.value.props, { name: 'alice' });
    assert.equal(v.body.value.audience, RESOURCE);
    assert.equal(v.body.value.clientId, clientId);
    assert.deepEqual(v.body.value.scope, ['read', 'write']);
    await same('/__validate', post({ resource: 'HTTPS://EXAMPLE.COM/mcp', token }));
    // R-AS-10: a resource the server does not declare
    for (const resource of ['https://example.com/other', 'not a uri', `${RESOURCE}#x`, 7]) {
      await same('/__validate', post({ resource, token }), (r) => assert.equal(r.body.name, 'TypeError'));
    }
    // R-AS-11: tokens that are not valid for it
    for (const t of ['garbage', `${token}x`, 'user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']) {
      await same('/__validate', post({ resource: RESOURCE, token: t }), (r) => assert.equal(r.body.value, null));
    }
    const keys = (await on('ours', '/__keys')).body.filter((k) => k.startsWith('token:'));
    const key = keys.find((k) => k.startsWith(`token:user1:${token.split(':')[1]}:`));
    assert.ok(key);
    // bound to another resource: null; no audience (a legacy token): the declared resource
    await on('ours', '/__kv', post({ key, edit: { audience: 'https://example.com/other' } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value, null));
    await on('ours', '/__kv', post({ key, edit: { audience: ['https://example.com/other', RESOURCE] } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value.audience, RESOURCE));
    await on('ours', '/__kv', post({ key, edit: { audience: null } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value.audience, RESOURCE));
    // expired
    await on('ours', '/__kv', post({ key, edit: { expiresAt: 1000 } }));
    await same('/__validate', post({ resource: RESOURCE, token }), (r) => assert.equal(r.body.value, null));
  }
});

test('parseAuthRequest refuses a request elsewhere than the authorization endpoint', async () => {
  const reg = await on('ours', '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none' }));
  const q = `response_type=code&client_id=${reg.body.client_id}&redirect_uri=${encodeURIComponent(H.REDIRECT_URI)}`;
  await same(`https://other.example/authorize?${q}`, {}, (r) => assert.equal(r.status, 400));
});

// Client ID Metadata Documents in the role (R-AS-13): an issuer with a path (the metadata under it, and
// what a private_key_jwt assertion must name), two resources, the global_fetch_strictly_public flag.
const CIMD_ISSUER = 'https://example.com/tenant';
const DRIVE = 'https://example.com/drive';
const cimd = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', entry: 'as-dual-worker.js',
  options: { issuer: CIMD_ISSUER, resources: [RESOURCE, DRIVE], defaultResource: RESOURCE, authorizeEndpoint: '/authorize',
    clientIdMetadataDocumentEnabled: true, scopesSupported: ['read', 'write'] },
  outboundService: documentServer, compatibilityFlags: FLAGS });
after(() => cimd.dispose());
const onCimd = async (impl, path, init = {}) => H.capture(await cimd.fetch(path, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': impl } }));
const CIMD_TOKEN = `${CIMD_ISSUER}/oauth/token`;
const tokenPost = (params, headers = {}) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: H.form(params) });
const masked = (r) => JSON.parse(JSON.stringify(r, (k, v) => (['access_token', 'refresh_token'].includes(k) && typeof v === 'string' ? '<token>'
  : k === 'location' && typeof v === 'string' ? v.replace(/code=[^&]+/, 'code=<code>')
  : k === 'expires_in' && typeof v === 'number' ? Math.round(v / 10) * 10 : v)));

test('R-AS-13: discovery of a CIMD authorization server, as 1.2.3', async () => {
  const a = await onCimd('theirs', '/.well-known/oauth-authorization-server/tenant');
  const b = await onCimd('ours', '/.well-known/oauth-authorization-server/tenant');
  assert.deepEqual(b, a);
  assert.equal(b.body.client_id_metadata_document_supported, true);
  assert.equal(b.body.issuer, CIMD_ISSUER);
  assert.deepEqual(b.body.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
});

test('R-AS-13: a URL client id through authorize, token, validateToken per resource, refresh, and the helpers', async () => {
  const url = serve('/as/client.json', () => json(doc(`https://app.example.net/as/client.json`, { grant_types: ['authorization_code', 'refresh_token'],
    client_uri: 'https://app.example.net/', logo_uri: 'https://app.example.net/logo.png' })));
  const seen = {};
  for (const impl of ['theirs', 'ours']) {
    const out = seen[impl] = {};
    const { verifier, challenge } = H.pkcePair();
    const q = new URLSearchParams({ response_type: 'code', client_id: url, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's',
      code_challenge: challenge, code_challenge_method: 'S256', resource: DRIVE });
    out.authorize = await onCimd(impl, `/authorize?${q}`);
    const loc = new URL(out.authorize.headers.location ?? 'https://none.example');
    const code = loc.searchParams.get('code');
    assert.ok(code, `${impl}: ${JSON.stringify(out.authorize)}`);
    out.iss = loc.searchParams.get('iss');
    out.token = await onCimd(impl, '/tenant/oauth/token', tokenPost({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, client_id: url, code_verifier: verifier }));
    const token = out.token.body.access_token;
    out.validate = [];
    for (const resource of [DRIVE, RESOURCE]) {
      for (const by of ['theirs', 'ours']) {
        const v = (await onCimd(by, '/__validate', post({ resource, token }))).body.value;
        out.validate.push(v && { ...v, expiresAt: typeof v.expiresAt });
      }
    }
    out.refresh = await onCimd(impl, '/tenant/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: out.token.body.refresh_token, client_id: url }));
    out.lookup = await onCimd(impl, '/__api', post({ method: 'lookupClient', args: [url] }));
    out.describe = await onCimd(impl, '/__api', post({ method: 'describeConsent', args: [{ responseType: 'code', clientId: url, redirectUri: H.REDIRECT_URI,
      scope: ['read'], state: 's', resource: DRIVE }] }));
    out.exchange = await onCimd(impl, '/__exchange', post({ subjectToken: out.refresh.body.access_token }));
  }
  assert.deepEqual(masked(seen.ours), masked(seen.theirs));
  const o = seen.ours;
  assert.equal(o.iss, CIMD_ISSUER);
  assert.deepEqual([o.token.status, o.token.body.resource, o.refresh.status, o.refresh.body.resource], [200, DRIVE, 200, DRIVE]);
  // bound to the resource asked for: valid there (either library checking), null at the other
  assert.deepEqual(o.validate.map((v) => v?.audience ?? null), [DRIVE, DRIVE, null, null]);
  assert.equal(o.validate[0].clientId, url);
  assert.equal(o.lookup.body.value.clientId, url);
  assert.equal(o.describe.body.value.clientDomain, 'app.example.net');
  assert.equal(o.exchange.body.value?.resource, DRIVE, JSON.stringify(o.exchange.body));
  // no client record for a CIMD client
  assert.equal((await onCimd('ours', '/__keys')).body.filter((k) => k.startsWith('client:')).length, 0);
});

test('R-AS-13: a CIMD client\'s private_key_jwt names the role\'s issuer (or its token endpoint), as 1.2.3 checks it', async () => {
  const url = serve('/as-pkj/client.json', () => json(doc('https://app.example.net/as-pkj/client.json', {
    token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [JWKS.keys[1]] } })));
  const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  let n = 0;
  for (const aud of [CIMD_ISSUER, CIMD_TOKEN, [CIMD_ISSUER], 'https://example.com', `${CIMD_ISSUER}/`]) {
    const answers = {};
    for (const impl of ['theirs', 'ours']) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = await sign('ES256', { alg: 'ES256', kid: 'ec-1', typ: 'JWT' }, { iss: url, sub: url, aud, iat: now, exp: now + 60, jti: `as-pkj-${++n}` });
      answers[impl] = await onCimd(impl, '/tenant/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: url,
        client_assertion_type: TYPE, client_assertion: jwt }));
    }
    assert.deepEqual(answers.ours, answers.theirs, JSON.stringify(aud));
    const accepted = [CIMD_ISSUER, CIMD_TOKEN].includes(Array.isArray(aud) ? aud[0] : aud);
    assert.equal(answers.ours.status, accepted ? 400 : 401, JSON.stringify([aud, answers.ours.body])); // accepted: then the unknown refresh token
  }
});

test('R-AS-13 without global_fetch_strictly_public: the metadata says so and a URL client id throws 1.2.3\'s Error (R-AUTH-17)', async () => {
  const w2 = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', entry: 'as-dual-worker.js',
    options: { issuer: ISSUER, resources: [RESOURCE], clientIdMetadataDocumentEnabled: true }, outboundService: documentServer });
  try {
    const url = serve('/as-noflag/client.json', () => json(doc('https://app.example.net/as-noflag/client.json')));
    const seen = {};
    for (const impl of ['theirs', 'ours']) {
      const at = async (path, init = {}) => H.capture(await w2.fetch(path, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': impl } }));
      seen[impl] = {
        metadata: await at('/.well-known/oauth-authorization-server'),
        lookup: (await at('/__api', post({ method: 'lookupClient', args: [url] }))).body,
        // Miniflare's 500 for the Error the Worker's fetch throws: "<name>: <message>", then the stack.
        token: await at('/oauth/token', tokenPost({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }))
          .then((r) => [r.status, String(r.body).split('\n')[0]]),
      };
    }
    assert.deepEqual(seen.ours, seen.theirs);
    assert.equal(seen.ours.metadata.body.client_id_metadata_document_supported, false);
    assert.equal(seen.ours.lookup.error, "CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set.");
    assert.deepEqual(seen.ours.token, [500, "Error: CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set."]);
  } finally {
    await w2.dispose();
  }
});
