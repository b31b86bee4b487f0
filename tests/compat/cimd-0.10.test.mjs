// Client ID Metadata Documents (clientIdMetadataDocumentEnabled) as the reference 0.10.4 runs them
// (rules R010-CIMD-* of docs/observed/rules-0.10.4.md, section 10): 0.10.4 and ours
// (oc-oauth-provider/0.10) in one workerd (harness/dual-0.10-worker.js, one KV namespace) with the
// global_fetch_strictly_public compatibility flag, the documents served through Miniflare's
// outboundService (harness/cimd-docs.mjs, shared with cimd.test.mjs). Each case asks both the same thing
// and compares what a client or the application sees. The documents carry no Cache-Control lifetime,
// so every resolution fetches. Where 0.10.4 differs from 1.2.3 (cimd.test.mjs): no private_key_jwt
// for documents (none is the only method a document client can have), the implicit grant kept with
// allowImplicitFlow (and held together with the token response type), no User-Agent on the GET,
// and updateClient writing the client a document describes instead of refusing it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual010, seen } from './harness/dual.mjs';
import { DOCS, FLAGS, documentServer, serve, requests, json, doc, helperOutcome as helper, unresolvableDocuments, assertUnresolvable,
  publicClientFlow, grantsAfterReauthorizing, OTHER_REDIRECT_URI } from './harness/cimd-docs.mjs';

const OPTIONS = { ...H.CONFIGS.legacy, clientIdMetadataDocumentEnabled: true };
const host = { outboundService: documentServer, compatibilityFlags: FLAGS };
const d = await startDual010(OPTIONS, undefined, host);
const implicit = await startDual010({ ...OPTIONS, allowImplicitFlow: true }, undefined, host);
const exchange = await startDual010({ ...OPTIONS, allowTokenExchangeGrant: true }, undefined, host);
after(() => Promise.all([d, implicit, exchange].map((w) => w.dispose())));

const both = async (fn, pair = d) => [await fn(pair.theirs), await fn(pair.ours)];
const tokenForm = (params) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(params) });

// A public key a document may publish (0.10.4 reads none of it).
const ecKey = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const ecJwk = { ...(await crypto.subtle.exportKey('jwk', ecKey.publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' };
delete ecJwk.key_ops; delete ecJwk.ext;

const unresolvable = unresolvableDocuments();

test('R010-CIMD-01 documents that cannot be resolved: token endpoint, parseAuthRequest, lookupClient, as 0.10.4', async () => {
  await assertUnresolvable(d, unresolvable);
});

test('R010-CIMD-02 discovery: client_id_metadata_document_supported, and no private_key_jwt, as 0.10.4', async () => {
  const [a, b] = await d.both('/.well-known/oauth-authorization-server');
  assert.deepEqual(seen(b), seen(a));
  assert.equal(b.body.client_id_metadata_document_supported, true);
  assert.deepEqual(b.body.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post', 'none']);
  assert.equal(b.body.token_endpoint_auth_signing_alg_values_supported, undefined);
});

test('R010-CIMD-03 private_key_jwt offered by a document: none is the only accepted method, as 0.10.4', async () => {
  const only = serve('/pkj/only.json', () => json(doc(DOCS + '/pkj/only.json', {
    token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [ecJwk] },
  })));
  const both2 = serve('/pkj/both.json', () => json(doc(DOCS + '/pkj/both.json', {
    token_endpoint_auth_method: undefined, token_endpoint_auth_methods_supported: ['private_key_jwt', 'none'], jwks: { keys: [ecJwk] },
  })));
  // Offered alone (with usable keys: 1.2.3 accepts it), or without keys: no accepted method.
  const bare = serve('/pkj/bare.json', () => json(doc(DOCS + '/pkj/bare.json', { token_endpoint_auth_method: 'private_key_jwt' })));
  for (const url of [only, bare]) {
    const [a, b] = await both((v) => helper(v, 'lookupClient', { clientId: url }));
    assert.deepEqual(b, a, url);
    assert.equal(b.threw?.detail, 'CIMD client does not support an accepted token endpoint authentication method. Supported methods: none. Client advertised: private_key_jwt', url);
  }
  // Offered beside none: the client is public, its ClientInfo the reference's.
  const [a, b] = await both((v) => helper(v, 'lookupClient', { clientId: both2 }));
  assert.deepEqual(b, a);
  assert.equal(b.value.tokenEndpointAuthMethod, 'none');
  // Its assertion parameters are not read: the request is the public client's (client authentication
  // passes, the made-up refresh token does not).
  const assertion = { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'a.b.c' };
  const [ta, tb] = await d.both('/token', tokenForm({ grant_type: 'refresh_token', refresh_token: 'u:g:s', client_id: both2, ...assertion }));
  assert.deepEqual(seen(tb), seen(ta));
  assert.notEqual(tb.status, 401);
  // With no client_id, the assertion's issuer does not name the client (1.2.3 reads it).
  const [na, nb] = await d.both('/token', tokenForm({ grant_type: 'refresh_token', refresh_token: 'u:g:s', ...assertion }));
  assert.deepEqual(seen(nb), seen(na));
  assert.deepEqual([nb.status, nb.body.error_description], [401, 'Client ID is required']);
});

test('R010-CIMD-04 allowImplicitFlow: the implicit grant and the token response type kept together, as 0.10.4', async () => {
  const kept = serve('/implicit/client.json', () => json(doc(DOCS + '/implicit/client.json', {
    grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'token'],
  })));
  const alone = serve('/implicit/alone.json', () => json(doc(DOCS + '/implicit/alone.json', { response_types: ['code', 'token'] })));
  const [la, lb] = await both((v) => helper(v, 'lookupClient', { clientId: kept }), implicit);
  assert.deepEqual(lb, la);
  assert.deepEqual([lb.value.grantTypes, lb.value.responseTypes], [['authorization_code', 'implicit'], ['code', 'token']]);
  // Without the option the same document keeps neither.
  const [wa, wb] = await both((v) => helper(v, 'lookupClient', { clientId: kept }));
  assert.deepEqual(wb, wa);
  assert.deepEqual([wb.value.grantTypes, wb.value.responseTypes], [['authorization_code'], ['code']]);
  // The token response type without the implicit grant: refused with the option, dropped without it.
  const [ra, rb] = await both((v) => helper(v, 'lookupClient', { clientId: alone }), implicit);
  assert.deepEqual(rb, ra);
  assert.equal(rb.threw?.detail, 'grant_types implicit and response_types token must be registered together');
  const [oa, ob] = await both((v) => helper(v, 'lookupClient', { clientId: alone }));
  assert.deepEqual(ob, oa);
  assert.deepEqual(ob.value.responseTypes, ['code']);
  // The implicit flow for the document client: a token in the fragment from each.
  const shapes = [];
  for (const v of [implicit.theirs, implicit.ours]) {
    const { location, response } = await H.authorize(v, { clientId: kept, scope: 'read', extraParams: { response_type: 'token' } });
    assert.ok(location, `${v.name}: ${JSON.stringify(response.body)}`);
    const f = new URLSearchParams(new URL(location).hash.slice(1));
    shapes.push([[...f.keys()].sort(), f.get('token_type'), f.get('scope')]);
  }
  assert.deepEqual(shapes[1], shapes[0]);
});

test('R010-CIMD-05 oauth4webapi with a URL client_id: authorize, consent, token, API, refresh, on both; the GET as 0.10.4 sends it', async () => {
  const url = serve('/oauth/client.json', () => json(doc(DOCS + '/oauth/client.json', { grant_types: ['authorization_code', 'refresh_token'] })));
  const seenAtApi = [await publicClientFlow(d.theirs, url), await publicClientFlow(d.ours, url)];
  assert.deepEqual(seenAtApi[1], seenAtApi[0]);
  assert.deepEqual(seenAtApi[1].props, { name: 'alice' });
  // The document's GET: Accept and Cache-Control, no User-Agent (1.2.3 sends one), from each.
  const mine = requests.filter((r) => r.url === url);
  assert.ok(mine.length >= 6, `${mine.length} fetches`);
  for (const r of mine) assert.deepEqual([r.accept, r.cacheControl, r.ua], ['application/json', 'no-store', null]);
  // No client record is written for a document client.
  assert.equal((await d.ours.dumpKV()).filter((r) => r.key.startsWith('client:')).length, 0);
});

test('R010-CIMD-06 updateClient of a document client id: the client it describes, updated and stored, as 0.10.4', async () => {
  const url = serve('/update/client.json', () => json(doc(DOCS + '/update/client.json', { client_uri: 'https://app.example.net/', contacts: ['a@example.net'] })));
  const out = {};
  for (const v of [d.theirs, d.ours]) {
    await v.clearKV();
    const updated = await helper(v, 'updateClient', { clientId: url, updates: { clientName: 'Renamed', logoUri: 'https://app.example.net/logo.png' } });
    // KV expirations as hours from now (0.10.4 gives every updated client clientRegistrationTTL).
    const hours = (e) => (e == null ? null : Math.round((e - Date.now() / 1000) / 3600));
    const records = (await v.dumpKV()).map(({ key, value, expiration }) => ({ key, value, expiration: hours(expiration) }));
    // The document is still what a lookup, and listClients (R010-CIMD-13), read.
    const looked = await helper(v, 'lookupClient', { clientId: url });
    const stored = await H.createClient(v, { extra: { clientName: 'Stored' } });
    await v.test('updateClient', { clientId: stored.clientId, updates: { contacts: ['b@example.net'] } });
    const storedExpiration = hours((await v.dumpKV()).find((r) => r.key === `client:${stored.clientId}`).expiration);
    const listed = await helper(v, 'listClients', {});
    const failed = await helper(v, 'updateClient', { clientId: DOCS + '/bad/404', updates: { clientName: 'x' } });
    // A listed document client whose document cannot be resolved fails the list.
    await v.test('kv-put', { key: `client:${DOCS}/bad/404`, value: { clientId: `${DOCS}/bad/404`, redirectUris: [H.REDIRECT_URI] } });
    const listFailed = await helper(v, 'listClients', {});
    out[v.name] = { updated, records, looked, storedExpiration, listed: listed.value.items.map((c) => [c.clientId === url ? url : 'stored', c.clientName]), failed, listFailed };
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.equal(out.ours.records[0].key, `client:${url}`);
  assert.equal(out.ours.records[0].value.clientName, 'Renamed');
  assert.deepEqual([out.ours.records[0].expiration, out.ours.storedExpiration], [2160, 2160]);
  assert.equal(out.ours.looked.value.clientName, 'Doc Client');
  assert.deepEqual(out.ours.listed, [['stored', 'Stored'], [url, 'Doc Client']]);
  assert.equal(out.ours.failed.threw.name, 'CimdFetchError');
  assert.equal(out.ours.listFailed.threw.name, 'CimdFetchError');
});

test('R010-CIMD-07 completeAuthorization replaces a document client\'s grants only for the same redirect URI, as 0.10.4', async () => {
  const url = serve('/grants/client.json', () => json(doc(DOCS + '/grants/client.json', { redirect_uris: [H.REDIRECT_URI, OTHER_REDIRECT_URI] })));
  const [a, b] = await both((v) => grantsAfterReauthorizing(v, url));
  assert.deepEqual(b, a);
  assert.deepEqual(b, [H.REDIRECT_URI, OTHER_REDIRECT_URI]);
});

test('R010-CIMD-08 token exchange by a document client, and exchangeToken of its token, as 0.10.4', async () => {
  const TE = 'urn:ietf:params:oauth:grant-type:token-exchange';
  const AT = 'urn:ietf:params:oauth:token-type:access_token';
  // A document that does not list the grant: 0.10.4 does not ask.
  const url = serve('/exchange/client.json', () => json(doc(DOCS + '/exchange/client.json')));
  const answers = [];
  for (const v of [exchange.theirs, exchange.ours]) {
    const pkce = H.pkcePair();
    const { code, response } = await H.authorize(v, { clientId: url, challenge: pkce.challenge, scope: 'read write' });
    assert.ok(code, `${v.name}: ${JSON.stringify(response.body)}`);
    const tr = await H.tokenRequest(v, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: pkce.verifier, client_id: url });
    assert.equal(tr.status, 200, v.name);
    const ex = await H.tokenRequest(v, { grant_type: TE, subject_token: tr.body.access_token, subject_token_type: AT, scope: 'read', client_id: url });
    const helped = await helper(v, 'exchangeToken', { options: { subjectToken: tr.body.access_token, scope: ['write'] } });
    answers.push([ex.status, ex.body.issued_token_type ?? ex.body.error, ex.body.scope, helped.value?.scope ?? helped.threw]);
  }
  assert.deepEqual(answers[1], answers[0]);
  assert.deepEqual(answers[1], [200, AT, 'read', 'write']);
});

test('R010-CIMD-09 without global_fetch_strictly_public: discovery false, a document client id throws 0.10.4\'s Error', async () => {
  const w = await startDual010(OPTIONS, undefined, { outboundService: documentServer });
  try {
    const url = serve('/noflag/client.json', () => json(doc(DOCS + '/noflag/client.json')));
    const [a, b] = await w.both('/.well-known/oauth-authorization-server');
    assert.deepEqual(seen(b), seen(a));
    assert.equal(b.body.client_id_metadata_document_supported, false);
    for (const [op, body] of [['lookupClient', { clientId: url }], ['updateClient', { clientId: url, updates: {} }]]) {
      const [la, lb] = [await helper(w.theirs, op, body), await helper(w.ours, op, body)];
      assert.deepEqual(lb, la, op);
      assert.equal(lb.threw.message, "CIMD is enabled but 'global_fetch_strictly_public' compatibility flag is not set.", op);
    }
    const [ta, tb] = await w.both('/token', tokenForm({ grant_type: 'authorization_code', code: 'u:g:s', client_id: url }));
    assert.equal(ta.status, 500);
    assert.equal(tb.status, ta.status);
  } finally {
    await w.dispose();
  }
});

// R010-CIMD-12: the Cache API entry of a validated document, kept for the origin's lifetime as 1.2.3
// keeps it (R-CIMD-47…51, tested in full in cimd.test.mjs): counted at the document server.
test('R010-CIMD-12 a document with a max-age is fetched once within it, and one with no-store every time, as 0.10.4', async () => {
  const counts = {};
  for (const v of [d.theirs, d.ours]) {
    for (const [name, cc] of [['kept', 'public, max-age=300'], ['nostore', 'no-store, max-age=300']]) {
      const url = serve(`/cache010/${v.name}/${name}.json`, () => json(doc(`${DOCS}/cache010/${v.name}/${name}.json`), { headers: { 'content-type': 'application/json', 'cache-control': cc } }));
      for (let i = 0; i < 3; i++) assert.equal((await helper(v, 'lookupClient', { clientId: url })).value?.clientId, url, `${v.name} ${name}`);
      counts[`${v.name} ${name}`] = requests.filter((r) => r.url === url).length;
    }
  }
  assert.deepEqual(counts, { 'theirs kept': 1, 'theirs nostore': 3, 'ours kept': 1, 'ours nostore': 3 });
});
