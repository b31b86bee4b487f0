// Client ID Metadata Documents (clientIdMetadataDocumentEnabled, rules-1.2.3.md §9.5): ours and
// the reference 1.2.3 in one workerd (harness/dual-worker.js) with the global_fetch_strictly_public
// compatibility flag, the documents served by this test through Miniflare's outboundService (the
// Worker's own fetch() calls answered here, the URLs staying https://). Each case asks both the same
// thing and compares what a client (or the application) sees. Most documents are served without a
// Cache-Control lifetime, so neither keeps them (the Cache API entry needs one) and every resolution
// fetches; the cache tests below give them one, and count the fetches.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import * as H from './harness/index.mjs';
import { startDual, seen } from './harness/dual.mjs';
import { DOCS, requests, documentServer, json, serve, doc, FLAGS, helperOutcome as helper, unresolvableDocuments, assertUnresolvable,
  publicClientFlow, grantsAfterReauthorizing, OTHER_REDIRECT_URI } from './harness/cimd-docs.mjs';

const OPTIONS = { ...H.CONFIGS.v1, clientIdMetadataDocumentEnabled: true };
// What the Worker writes to its console (both libraries), line by line.
const logged = [];
const collect = (...streams) => {
  for (const s of streams) {
    let rest = '';
    s.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      logged.push(...lines);
    });
  }
};
const d = await startDual(OPTIONS, undefined, { outboundService: documentServer, compatibilityFlags: FLAGS, handleRuntimeStdio: collect });
after(() => d.dispose());

const { ours, theirs } = d;
const both = async (fn) => [await fn(theirs), await fn(ours)];

test('discovery: client_id_metadata_document_supported and private_key_jwt, as the reference', async () => {
  const [a, b] = await d.both('/.well-known/oauth-authorization-server');
  assert.deepEqual(seen(b), seen(a));
  assert.equal(b.body.client_id_metadata_document_supported, true);
  assert.deepEqual(b.body.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
});

test('oauth4webapi with a URL client_id: authorize, consent (completeAuthorization), token, API, refresh, on both', async () => {
  const url = serve('/oauth/client.json', () => json(doc(DOCS + '/oauth/client.json', { grant_types: ['authorization_code', 'refresh_token'] })));
  for (const v of [theirs, ours]) assert.equal((await publicClientFlow(v, url)).auth.clientId, url, v.name);
  // Each implementation fetched the document the same way: 1.2.3's headers.
  const mine = requests.filter((r) => r.url === url);
  assert.ok(mine.length >= 2);
  for (const r of mine) assert.deepEqual([r.accept, r.cacheControl], ['application/json', 'no-store']);
  // No client record is written for a CIMD client.
  assert.equal((await ours.dumpKV()).filter((r) => r.key.startsWith('client:')).length, 0);
});

test('lookupClient and describeConsent of a CIMD client, as the reference', async () => {
  const url = serve('/lookup/client.json', () => json(doc(DOCS + '/lookup/client.json', { client_uri: 'https://app.example.net/', logo_uri: 'https://app.example.net/logo.png' })));
  const [a, b] = await both((v) => helper(v, 'lookupClient', { clientId: url }));
  assert.deepEqual(b, a);
  const request = { responseType: 'code', clientId: url, redirectUri: H.REDIRECT_URI, scope: ['read'], state: 's' };
  const [c, e] = await both((v) => helper(v, 'api', { method: 'describeConsent', args: [request] }));
  assert.deepEqual(e, c);
  assert.equal(e.value.clientDomain, 'app.example.net');
});

// Documents that cannot be resolved (harness/cimd-docs.mjs: unresolvableDocuments): at the token endpoint 401
// invalid_client "Client not found" (R-AUTH-16); from parseAuthRequest and lookupClient a CimdFetchError
// with the detail (R-PAR-03, R-LC-02).
const unresolvable = unresolvableDocuments();

test('documents that cannot be resolved: token endpoint, parseAuthRequest, lookupClient, as the reference', async () => {
  await assertUnresolvable(d, unresolvable);
});

test('updateClient of a CIMD id: TypeError, as the reference (R-HLP-06)', async () => {
  const url = serve('/update/client.json', () => json(doc(DOCS + '/update/client.json')));
  const [a, b] = await both((v) => helper(v, 'updateClient', { clientId: url, updates: { clientName: 'x' } }));
  assert.deepEqual(b, a);
  assert.equal(b.threw.name, 'TypeError');
});

test('completeAuthorization replaces a CIMD client\'s grants only for the same redirect URI, as the reference', async () => {
  const url = serve('/grants/client.json', () => json(doc(DOCS + '/grants/client.json', { redirect_uris: [H.REDIRECT_URI, OTHER_REDIRECT_URI] })));
  const [a, b] = await both((v) => grantsAfterReauthorizing(v, url));
  assert.deepEqual(b, a);
  assert.deepEqual(b, [H.REDIRECT_URI, OTHER_REDIRECT_URI]);
});

test('without global_fetch_strictly_public: a CIMD-shaped id throws the reference\'s Error, at the token endpoint too (R-AUTH-17)', async () => {
  const w = await startDual(OPTIONS, undefined, { outboundService: documentServer });
  try {
    const url = serve('/noflag/client.json', () => json(doc(DOCS + '/noflag/client.json')));
    const [a, b] = await w.both('/.well-known/oauth-authorization-server');
    assert.deepEqual(seen(b), seen(a));
    assert.equal(b.body.client_id_metadata_document_supported, false);
    const [la, lb] = [await helper(w.theirs, 'lookupClient', { clientId: url }), await helper(w.ours, 'lookupClient', { clientId: url })];
    assert.deepEqual(lb, la);
    assert.equal(lb.threw.message, "CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set.");
    const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }) };
    const [ta, tb] = await w.both('/token', init);
    // The Worker's fetch throws: Miniflare answers 500 with the error's "<name>: <message>" and stack.
    const thrown = (r) => [r.status, String(r.body).split('\n')[0]];
    assert.deepEqual(thrown(ta), [500, "Error: CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set."]);
    assert.deepEqual(thrown(tb), thrown(ta));
  } finally {
    await w.dispose();
  }
});

test('a document server slower than 10 s: timed out, as the reference (R-CIMD-16)', async () => {
  const url = serve('/slow/client.json', () => new Promise((resolve) => setTimeout(() => resolve(json(doc(DOCS + '/slow/client.json'))), 11000)));
  const [a, b] = await both((v) => helper(v, 'lookupClient', { clientId: url }));
  assert.deepEqual(b, a);
  assert.equal(b.threw.detail, 'Client metadata fetch timed out after 10000ms');
});

// private_key_jwt for a CIMD client whose document carries its public key (R-AUTH-24…26, R-CIMD-30…46):
// the code exchanged with an assertion oauth4webapi signs, then assertions built here, each refused
// (or accepted) as the reference answers them.
const ecKey = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const ecJwk = { ...(await crypto.subtle.exportKey('jwk', ecKey.publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' };
delete ecJwk.key_ops; delete ecJwk.ext;
const b64u = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
async function assertion(header, claims) {
  const input = `${b64u(header)}.${b64u(claims)}`;
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecKey.privateKey, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(sig).toString('base64url')}`;
}
const pkjUrl = serve('/pkj/client.json', () => json(doc(DOCS + '/pkj/client.json', {
  token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [ecJwk] },
})));

test('private_key_jwt of a CIMD client: oauth4webapi through authorize and token, on both', async () => {
  for (const v of [theirs, ours]) {
    const opts = { [oauth.customFetch]: (u, init) => v.fetch(String(u), init) };
    const issuer = new URL(H.ORIGIN);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
    const client = { client_id: pkjUrl };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const { location } = await H.authorize(v, { clientId: pkjUrl, challenge: await oauth.calculatePKCECodeChallenge(verifier), state, scope: 'read' });
    const params = oauth.validateAuthResponse(as, client, new URL(location), state);
    const tr = await oauth.processAuthorizationCodeResponse(as, client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.PrivateKeyJwt({ key: ecKey.privateKey, kid: 'k1' }), params, H.REDIRECT_URI, verifier, opts));
    assert.equal(tr.scope, 'read', v.name);
  }
});

test('private_key_jwt assertions of a CIMD client refused as the reference refuses them', async () => {
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: pkjUrl, sub: pkjUrl, aud: H.ORIGIN, iat: now, exp: now + 60 };
  const H0 = { alg: 'ES256', kid: 'k1', typ: 'JWT' };
  const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const cases = [
    ['R-AUTH-24 assertion type', H0, good, 'urn:other'],
    ['R-CIMD-31 longer than 16 KiB', null, `${'e'.repeat(17000)}.e.e`, TYPE],
    ['R-CIMD-32 not a JWS', null, 'a.b', TYPE],
    ['R-CIMD-33 alg none', { alg: 'none', kid: 'k1' }, good, TYPE],
    ['R-CIMD-34 typ', { ...H0, typ: 'at+jwt' }, good, TYPE],
    ['R-CIMD-35 iss', H0, { ...good, iss: 'https://other.example.net/c' }, TYPE],
    ['R-CIMD-36 aud', H0, { ...good, aud: 'https://other.example.net' }, TYPE],
    ['R-CIMD-37 exp not an integer', H0, { ...good, exp: 'soon' }, TYPE],
    ['R-CIMD-38 expired', H0, { ...good, exp: now - 120 }, TYPE],
    ['R-CIMD-39 exp too far', H0, { ...good, exp: now + 7200 }, TYPE],
    ['R-CIMD-40 nbf ahead', H0, { ...good, nbf: now + 600 }, TYPE],
    ['R-CIMD-41 iat ahead', H0, { ...good, iat: now + 600 }, TYPE],
    ['R-CIMD-42 no jti', H0, good, TYPE],
    ['R-CIMD-43 unknown kid', { ...H0, kid: 'k2' }, { ...good, jti: 'j-kid' }, TYPE],
  ];
  // R-CIMD-45: a client whose keys are at a jwks_uri that answers 404.
  const byUri = serve('/pkj-uri/client.json', () => json(doc(DOCS + '/pkj-uri/client.json', {
    token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks_uri: DOCS + '/pkj-uri/missing-jwks',
  })));
  {
    const jwt = await assertion(H0, { ...good, iss: byUri, sub: byUri, jti: 'j-uri' });
    const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: H.form({ grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: byUri, client_assertion_type: TYPE, client_assertion: jwt }) };
    const [a, b] = await d.both('/token', init);
    assert.deepEqual(seen(b), seen(a), 'R-CIMD-45');
    assert.deepEqual([b.status, b.body.error_description], [401, 'Client authentication failed'], 'R-CIMD-45');
  }
  for (const [name, header, claims, type] of cases) {
    const jwt = header === null ? claims : await assertion(header, name.includes('no jti') ? claims : { jti: `j-${name}`, ...claims });
    const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: H.form({ grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: pkjUrl, client_assertion_type: type, client_assertion: jwt }) };
    const [a, b] = await d.both('/token', init);
    assert.deepEqual(seen(b), seen(a), name);
    assert.deepEqual([b.status, b.body.error], [401, 'invalid_client'], name);
  }
  // R-CIMD-44 a tampered signature; R-CIMD-46 a jti replayed (its first use passes client
  // authentication, then meets the unknown refresh token). Each implementation gets its own jti.
  const post = (v, jwt) => v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: H.form({ grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: pkjUrl, client_assertion_type: TYPE, client_assertion: jwt }) })
    .then(async (r) => [r.status, (await r.json()).error_description]);
  const tamper = (jwt) => jwt.slice(0, -4) + (jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const outcomes = await both(async (v) => {
    const once = await assertion(H0, { ...good, jti: `j-replay-${v.name}` });
    return {
      signature: await post(v, tamper(await assertion(H0, { ...good, jti: `j-sig-${v.name}` }))),
      first: await post(v, once),
      replayed: await post(v, once),
    };
  });
  assert.deepEqual(outcomes[1], outcomes[0]);
  assert.deepEqual(outcomes[1], { signature: [401, 'Client authentication failed'], first: [400, 'Grant not found'], replayed: [401, 'Client authentication failed'] });
});

test('allowTokenExchangeGrant: a CIMD client listing the token exchange grant exchanges its token, as the reference', async () => {
  const w = await startDual({ ...OPTIONS, allowTokenExchangeGrant: true }, undefined, { outboundService: documentServer, compatibilityFlags: FLAGS });
  try {
    const TE = 'urn:ietf:params:oauth:grant-type:token-exchange';
    const url = serve('/exchange/client.json', () => json(doc(DOCS + '/exchange/client.json', { grant_types: ['authorization_code', TE] })));
    const answers = [];
    for (const v of [w.theirs, w.ours]) {
      const pkce = H.pkcePair();
      const { code, response } = await H.authorize(v, { clientId: url, challenge: pkce.challenge, scope: 'read' });
      assert.ok(code, `${v.name}: ${JSON.stringify(response.body)}`);
      const tr = await H.tokenRequest(v, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: pkce.verifier, client_id: url });
      assert.equal(tr.status, 200, v.name);
      const ex = await H.tokenRequest(v, { grant_type: TE, subject_token: tr.body.access_token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token', client_id: url });
      answers.push([ex.status, ex.body.issued_token_type ?? ex.body.error, ex.body.scope]);
    }
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[1], [200, 'urn:ietf:params:oauth:token-type:access_token', 'read']);
  } finally {
    await w.dispose();
  }
});

// The Cache API entry of a validated document (rules-1.2.3.md R-CIMD-47…51): both libraries keep it in
// the cache "workers-oauth-provider:cimd:v1" under the URL for the origin's lifetime, so a resolution
// within it fetches nothing, and either reads what the other stored. Each library resolves its own URLs
// (the two share the workerd's cache), counted at the document server.
const fetchesOf = (url) => requests.filter((r) => r.url === url).length;
const cached = (path, cacheControl, body) => serve(path, () => json(body ?? doc(DOCS + path), {
  headers: { 'content-type': 'application/json', ...(cacheControl === undefined ? {} : { 'cache-control': cacheControl }) },
}));
// Resolutions of url through each path that resolves a client: lookupClient, parseAuthRequest and
// completeAuthorization (/authorize), the token endpoint.
async function resolveThrice(v, url) {
  const looked = await helper(v, 'lookupClient', { clientId: url });
  const q = new URLSearchParams({ response_type: 'code', client_id: url, redirect_uri: H.REDIRECT_URI, state: 's', code_challenge: H.pkcePair().challenge, code_challenge_method: 'S256' });
  const parsed = await H.capture(await v.fetch('/authorize?' + q));
  const token = await H.capture(await v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: H.form({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }) }));
  return { looked, parsed: [parsed.status, parsed.body?.parseError?.message ?? null], token: seen(token) };
}

test('R-CIMD-47 a document with a max-age is fetched once within it, at every resolution path, as the reference', async () => {
  const out = {};
  for (const v of [theirs, ours]) {
    const url = cached(`/cache/${v.name}/client.json`, 'public, max-age=300');
    const first = await resolveThrice(v, url);
    const second = await resolveThrice(v, url);
    assert.deepEqual(second, first, v.name);
    assert.equal(first.looked.value?.clientId, url, v.name);
    out[v.name] = { answers: JSON.parse(JSON.stringify(first).replaceAll(`/${v.name}/`, '/')), fetches: fetchesOf(url) };
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.equal(out.ours.fetches, 1);
});

test('R-CIMD-48 no-store, no-cache, private, max-age=0 or no Cache-Control: every resolution fetches, as the reference', async () => {
  for (const [name, cc] of [['no-store', 'no-store, max-age=300'], ['no-cache', 'max-age=300, no-cache'], ['private', 'private, max-age=300'],
    ['zero', 'max-age=0'], ['s-maxage zero', 's-maxage=0, max-age=300'], ['none', undefined]]) {
    const counts = {};
    for (const v of [theirs, ours]) {
      const url = cached(`/nocache/${v.name}/${name.replace(' ', '-')}.json`, cc);
      for (let i = 0; i < 3; i++) assert.equal((await helper(v, 'lookupClient', { clientId: url })).value?.clientId, url, `${v.name} ${name}`);
      counts[v.name] = fetchesOf(url);
    }
    assert.deepEqual(counts, { theirs: 3, ours: 3 }, name);
  }
});

test('R-CIMD-49 a document that does not resolve is not cached, whatever its max-age, as the reference', async () => {
  const counts = {};
  for (const v of [theirs, ours]) {
    const url = cached(`/badcache/${v.name}/client.json`, 'max-age=300', { ...doc(DOCS + `/badcache/${v.name}/client.json`), client_name: ' ' });
    const s404 = serve(`/badcache/${v.name}/404.json`, () => new Response('{}', { status: 404, headers: { 'cache-control': 'max-age=300' } }));
    for (let i = 0; i < 2; i++) {
      assert.equal((await helper(v, 'lookupClient', { clientId: url })).threw?.name, 'CimdFetchError', v.name);
      assert.equal((await helper(v, 'lookupClient', { clientId: s404 })).threw?.name, 'CimdFetchError', v.name);
    }
    counts[v.name] = [fetchesOf(url), fetchesOf(s404)];
  }
  assert.deepEqual(counts, { theirs: [2, 2], ours: [2, 2] });
});

test('R-CIMD-50 either library reads the entry the other stored: same cache, same key, same body', async () => {
  const byTheirs = cached('/shared/theirs-first.json', 'max-age=300');
  const byOurs = cached('/shared/ours-first.json', 'max-age=300');
  const [a, b] = [await helper(theirs, 'lookupClient', { clientId: byTheirs }), await helper(ours, 'lookupClient', { clientId: byTheirs })];
  const [c, e] = [await helper(ours, 'lookupClient', { clientId: byOurs }), await helper(theirs, 'lookupClient', { clientId: byOurs })];
  assert.deepEqual(b, a);
  assert.deepEqual(e, c);
  assert.equal(b.value?.clientId, byTheirs);
  assert.deepEqual([fetchesOf(byTheirs), fetchesOf(byOurs)], [1, 1]);
});

test('R-CIMD-51 an entry past its max-age is fetched again, as the reference', async () => {
  const counts = {};
  for (const v of [theirs, ours]) {
    const url = cached(`/expiry/${v.name}/client.json`, 'max-age=1');
    assert.equal((await helper(v, 'lookupClient', { clientId: url })).value?.clientId, url);
    assert.equal((await helper(v, 'lookupClient', { clientId: url })).value?.clientId, url);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal((await helper(v, 'lookupClient', { clientId: url })).value?.clientId, url);
    counts[v.name] = fetchesOf(url);
  }
  assert.deepEqual(counts, { theirs: 2, ours: 2 });
});

test('a CIMD client id that does not resolve is logged as the reference logs it (console.warn), at the token endpoint and from the helpers', async () => {
  const lines = {};
  for (const v of [theirs, ours]) {
    const missing = serve(`/log/${v.name}/404.json`, () => new Response('no', { status: 404 }));
    const dotted = `${DOCS}/log/${v.name}/../c.json`;
    for (const url of [missing, dotted]) {
      await helper(v, 'lookupClient', { clientId: url });
      await v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: H.form({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }) });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    lines[v.name] = logged.filter((l) => l.includes(`/log/${v.name}/`)).map((l) => l.replaceAll(`/${v.name}/`, '/'));
  }
  assert.deepEqual(lines.ours, lines.theirs);
  assert.deepEqual(lines.ours, [
    `CIMD fetch failed for ${DOCS}/log/404.json: Failed to fetch client metadata: HTTP 404`,
    `CIMD fetch failed for ${DOCS}/log/404.json: Failed to fetch client metadata: HTTP 404`,
    `CIMD fetch failed for ${DOCS}/log/../c.json: Client Identifier URL must not contain dot path segments`,
    `CIMD fetch failed for ${DOCS}/log/../c.json: Client Identifier URL must not contain dot path segments`,
  ]);
});

// R-AUTH-27: onError is handed the Request for a client id whose document cannot be resolved (at the
// token endpoint) and for a client assertion that fails verification, not for other refusals (a wrong
// client_assertion_type among them), as the reference hands it. An onError that records its argument
// (and a refused assertion's detail, its members' order too, one holding undefined included: R-REST-08).
const RECORD = `(() => {
  const seen = (globalThis.__TEST_SEEN = []);
  const assertionDetail = (i) => (i?.reason === 'client_assertion_invalid' ? { detail: i.detail, detailKeys: Object.keys(i.detail) } : {});
  return { onError: (e) => { seen.push({ keys: Object.keys(e), code: e.code, reason: e.internal?.reason, request: e.request instanceof Request, url: e.request?.url, ...assertionDetail(e.internal) }); } };
})()`;
const recording = await startDual(OPTIONS, RECORD, { outboundService: documentServer, compatibilityFlags: FLAGS });
after(() => recording.dispose());

test('R-AUTH-27 onError is handed the Request for an unresolvable document and a failed assertion, as the reference', async () => {
  const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const H0 = { alg: 'ES256', kid: 'k1', typ: 'JWT' };
  const now = Math.floor(Date.now() / 1000);
  const claims = (jti, extra = {}) => ({ iss: pkjUrl, sub: pkjUrl, aud: H.ORIGIN, iat: now, exp: now + 60, jti, ...extra });
  const refresh = { grant_type: 'refresh_token', refresh_token: 'u:g:s' };
  const out = {};
  for (const v of [recording.theirs, recording.ours]) {
    const cases = [
      ['document 404', { ...refresh, client_id: `${DOCS}/r-auth-27/missing.json` }],
      ['assertion for another audience', { ...refresh, client_id: pkjUrl, client_assertion_type: TYPE, client_assertion: await assertion(H0, claims(`a27-${v.name}`, { aud: 'https://other.example.net' })) }],
      ['wrong assertion type', { ...refresh, client_id: pkjUrl, client_assertion_type: 'urn:other', client_assertion: await assertion(H0, claims(`b27-${v.name}`)) }],
      ['unknown stored client', { ...refresh, client_id: 'nobody', client_secret: 'x' }],
    ];
    out[v.name] = [];
    for (const [name, params] of cases) {
      const r = await H.capture(await v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(params) }));
      out[v.name].push([name, r.status, await v.test('seen')]);
    }
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.deepEqual(out.ours.map(([, , s]) => s.map((x) => x.request)), [[true], [true], [false], [false]]);
  assert.equal(out.ours[0][2][0].url, `${H.ORIGIN}/token`);
});

// R-REST-08: a refused client assertion's detail ({clientId, reason, …}) holds 1.2.3's members, in its
// order, as its JSON.stringify gives them. The server's clock in a detail (now, lifetime = exp - now)
// is read as within seconds of this test's; jti and names of the side are the side's.
test('R-REST-08 onError\'s detail for a refused client assertion of a CIMD client, as the reference', async () => {
  const TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
  const H0 = { alg: 'ES256', kid: 'k1', typ: 'JWT' };
  const now = Math.floor(Date.now() / 1000);
  const good = (jti) => ({ iss: pkjUrl, sub: pkjUrl, aud: H.ORIGIN, iat: now, exp: now + 60, jti });
  const cases = [
    ['iss another', H0, { iss: 'https://other.example.net/c' }],
    ['iss a number', H0, { iss: 42 }],
    ['sub an array', H0, { sub: ['a', 1, null, [true]] }],
    ['sub an object', H0, { sub: { a: 1 } }],
    ['aud an array', H0, { aud: ['https://x.example', 2e21] }],
    ['aud absent', H0, { aud: undefined }],
    ['aud null', H0, { aud: null }],
    ['alg none', { alg: 'none', kid: 'k1' }, {}],
    ['alg HS256', { ...H0, alg: 'HS256' }, {}],
    ['alg a number', { ...H0, alg: 256 }, {}],
    ['alg absent', { kid: 'k1', typ: 'JWT' }, {}],
    ['typ at+jwt', { ...H0, typ: 'at+jwt' }, {}],
    ['typ a number', { ...H0, typ: 7 }, {}],
    ['crit', { ...H0, crit: ['exp'] }, {}],
    ['exp not an integer', H0, { exp: 'soon' }],
    ['expired', H0, { exp: now - 120 }],
    ['exp too far', H0, { exp: now + 7200 }],
    ['nbf ahead', H0, { nbf: now + 600 }],
    ['iat ahead', H0, { iat: now + 600 }],
    ['no jti', H0, { jti: undefined }],
    ['unknown kid', { ...H0, kid: 'k2' }, {}],
    ['replayed', H0, {}, 2],
  ];
  const clock = (k, v) => (typeof v === 'number' && Math.abs(v - now) <= 5 ? 'now' : k === 'lifetime' && Math.abs(v - 7200) <= 5 ? 'exp - now' : v);
  const out = {};
  for (const v of [recording.theirs, recording.ours]) {
    out[v.name] = [];
    for (const [name, header, patch, times = 1] of cases) {
      const claims = { ...good(`r08-${name}-${v.name}`), ...patch };
      for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
      const params = { grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: pkjUrl, client_assertion_type: TYPE, client_assertion: await assertion(header, claims) };
      for (let i = 0; i < times; i++) await v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(params) });
      const seen = (await v.test('seen')).filter((x) => x.reason === 'client_assertion_invalid');
      out[v.name].push([name, JSON.parse(JSON.stringify(seen.map((x) => [x.detail, x.detailKeys])).split(v.name).join('SIDE'), clock)]);
    }
  }
  assert.deepEqual(out.ours, out.theirs);
  // each case refused once with a detail, and what they give is not empty
  assert.ok(out.ours.every(([, s]) => s.length === 1 && s[0][0].clientId === pkjUrl), JSON.stringify(out.ours));
  const byName = Object.fromEntries(out.ours.map(([n, [[detail]]]) => [n, detail]));
  assert.deepEqual(byName['iss a number'], { clientId: pkjUrl, reason: 'client_id_mismatch', expected: pkjUrl, got: '42' });
  assert.deepEqual(byName['iat ahead'], { clientId: pkjUrl, reason: 'iat_in_future', iat: now + 600, now: 'now', skew: 60 });
  assert.deepEqual(byName.replayed, { clientId: pkjUrl, reason: 'replayed', jti: 'r08-replayed-SIDE' });
  // a client whose jwks_uri answers 404: jwks_fetch_failed {status}
  const byUri = serve('/r08-uri/client.json', () => json(doc(DOCS + '/r08-uri/client.json', {
    token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks_uri: DOCS + '/r08-uri/missing-jwks',
  })));
  const fetched = {};
  for (const v of [recording.theirs, recording.ours]) {
    const jwt = await assertion(H0, { ...good(`r08-uri-${v.name}`), iss: byUri, sub: byUri });
    const params = { grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: byUri, client_assertion_type: TYPE, client_assertion: jwt };
    await v.fetch('/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(params) });
    fetched[v.name] = (await v.test('seen')).map((x) => [x.reason, x.detail, x.detailKeys]);
  }
  assert.deepEqual(fetched.ours, fetched.theirs);
  assert.deepEqual(fetched.ours, [['client_assertion_invalid', { clientId: byUri, reason: 'jwks_fetch_failed', status: 404 }, ['clientId', 'reason', 'status']]]);
});
