// Enterprise-managed authorization from oc-oauth-provider/0.10 (the ID-JAG jwt-bearer grant,
// enterpriseManagedAuthorization; issue #19, rules R010-EMA-* of docs/observed/rules-0.10.4.md),
// differential: ours and the reference 0.10.4 in one workerd on one KV namespace (cleared before
// each side; harness/dual-0.10-worker.js), with the keys, key-set server, options and run of
// ema.test.mjs (harness/ema.mjs). Each case: the same request to both; the answer, what onError
// and the mapper saw, the records after it and the token at the API must be equal. 0.10.4 needs
// resourceMetadata.resource for the option (R010-EMA-01): the Worker pins it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual } from './harness/dual.mjs';
import { GT, IDP, EXTRA, keyServer, grantRequest, run, errorsSeen, redeemedByEither, advertised, CASES, fetched } from './harness/ema.mjs';

const RESOURCE = `${H.ORIGIN}/api`;
const OPTIONS = { ...H.CONFIGS.legacy, resourceMetadata: { resource: RESOURCE } };
const HOST = { providerImport: './js-shim/v010/entry-workerd.js', entry: 'dual-0.10-worker.js', outboundService: keyServer };
const d = await startDual(OPTIONS, EXTRA, HOST);
// resourceMatchOriginOnly: a resource claim of the configured resource's origin is accepted
const origin = await startDual({ ...OPTIONS, resourceMatchOriginOnly: true }, EXTRA, HOST);
// the option not given
const off = await startDual(OPTIONS, '{}', HOST);
after(() => Promise.all([d.dispose(), origin.dispose(), off.dispose()]));

// A case on both of a pair: equal, except where 0.10.4 hands onError no `internal` and ours names
// one (c.oursInternal, R010-EMA-04): ours' is checked to be that, then left out.
async function both(c, pair = d) {
  const theirs = await run(pair.theirs, c);
  const ours = await run(pair.ours, c);
  if (c.oursInternal) {
    for (const [i, e] of errorsSeen(theirs).entries()) {
      if (e.internal !== undefined) continue;
      assert.deepEqual(errorsSeen(ours)[i].internal, c.oursInternal);
      delete errorsSeen(ours)[i].internal;
      delete e.internal;
    }
  }
  assert.deepEqual(ours, theirs);
  return theirs;
}

const WHY = (reason) => ({ category: 'enterprise-managed-authorization', reason });
const NOT_BOUND = 'Access token is not bound to the configured resource';

// The cases 1.2.3 answers alike (R010-EMA-08), and 0.10.4's own.
const SHARED = CASES.map((c) => (c.public ? { ...c, oursInternal: WHY('client_authentication_required') } : c));
const OWN = [
  { name: 'R010-EMA-02 a client registered for the code grant only', client: { grantTypes: ['authorization_code'] }, status: 200 },
  { name: 'R010-EMA-03 a resource parameter naming another resource, repeated', body: '&resource=https%3A%2F%2Fother.example%2F&resource=urn%3Ax', status: 200 },
  { name: 'R010-EMA-05 an algorithm the issuer does not list', mode: 'rsonly', alg: 'ES256', status: 400, reason: 'issuer_not_trusted' },
  { name: 'R010-EMA-06 resource claim with the host in upper case', claims: () => ({ resource: 'https://EXAMPLE.com/api' }), status: 400, reason: 'resource_mismatch' },
  { name: 'R010-EMA-06 resource claim ending in a lone #', claims: () => ({ resource: `${RESOURCE}#` }), status: 400, reason: 'resource_mismatch' },
  { name: 'R010-EMA-06 resource claim with a space', claims: () => ({ resource: `${RESOURCE}/a b` }), status: 400, reason: 'resource_mismatch' },
  { name: 'R010-EMA-06 resource claim without //', claims: () => ({ resource: 'https:example.com/api' }), status: 400, reason: 'resource_mismatch' },
  { name: 'R010-EMA-06 resource claim of another scheme', claims: () => ({ resource: 'ftp://example.com/api' }), status: 400, reason: 'resource_invalid' },
  { name: 'R010-EMA-06 resource claim with a trailing slash', claims: () => ({ resource: `${RESOURCE}/` }), status: 400, reason: 'resource_mismatch' },
];
const ORIGIN_ONLY = [
  { name: 'R010-EMA-07 originOnly: another path of the origin', claims: () => ({ resource: `${H.ORIGIN}/other` }), status: 200, bound: `${H.ORIGIN}/other`, api: 401 },
  { name: 'R010-EMA-07 originOnly: the host in upper case', claims: () => ({ resource: 'https://EXAMPLE.com/api' }), status: 200, bound: 'https://EXAMPLE.com/api', api: 401 },
  { name: 'R010-EMA-07 originOnly: the configured resource', claims: () => ({ resource: RESOURCE }), status: 200, bound: RESOURCE, api: 200 },
  { name: 'R010-EMA-07 originOnly: no resource claim', claims: () => ({ resource: undefined }), status: 200, bound: RESOURCE, api: 200 },
  { name: 'R010-EMA-06 originOnly: another origin', claims: () => ({ resource: 'https://other.example/api' }), status: 400, reason: 'resource_mismatch' },
  { name: 'R010-EMA-06 originOnly: another scheme', claims: () => ({ resource: 'http://example.com/api' }), status: 400, reason: 'resource_mismatch' },
];

function check(c, r) {
  assert.equal(r.answer.status, c.status, JSON.stringify(r.answer));
  if (c.status === 200) { // the token's grant and the jti's marker written; the grant has no KV metadata (R010-TOKEN-04)
    const bound = c.bound ?? RESOURCE;
    assert.equal(r.answer.body.resource, bound);
    assert.deepEqual(r.reasons.find((x) => x.mapper)?.mapper.resource, bound);
    const grant = r.records.find((x) => x.key.startsWith('grant:'));
    assert.equal(grant?.value.resource, bound, JSON.stringify(r.records));
    assert.equal(grant.metadata, null);
    assert.equal(r.records.find((x) => x.key.startsWith('token:'))?.value.audience, bound);
    assert.ok(r.records.some((x) => x.key.startsWith('enterprise-jti:')), JSON.stringify(r.records));
    assert.equal(r.api.status, c.api ?? 200, JSON.stringify(r.api));
    if (r.api.status === 401) assert.equal(r.api.body.error_description, NOT_BOUND);
  } else { // a reason of the feature's (or none, from 0.10.4, for the public client), and nothing written
    const seen = errorsSeen(r)[0];
    if (c.reason) assert.deepEqual({ category: seen.internal?.category, reason: seen.internal?.reason }, WHY(c.reason));
    else if (!c.public) assert.equal(seen?.internal?.category, 'enterprise-managed-authorization', JSON.stringify(r.reasons));
    assert.ok(!r.records.some((x) => x.key.startsWith('grant:')), JSON.stringify(r.records));
  }
}

for (const c of [...SHARED, ...OWN]) {
  test(`${c.name}: answer, reason, records, the token at the API`, async () => check(c, await both(c)));
}
for (const c of ORIGIN_ONLY) {
  test(`${c.name}: answer, reason, records, the token at the API`, async () => check(c, await both(c, origin)));
}

test('R010-EMA-04: 0.10.4 hands onError no internal for a public client; ours names the reason', async () => {
  const r = await run(d.theirs, { name: 'public', public: true });
  assert.equal(r.answer.status, 401);
  assert.equal(r.answer.body.error_description, 'Enterprise-managed authorization requires client authentication');
  assert.deepEqual(errorsSeen(r), [{ code: 'invalid_client', status: 401 }]);
});

test('R010-EMA-09: an assertion redeemed by one is a replay for the other (the same jti marker in KV); the token served by both', async () => {
  await redeemedByEither(d);
});

test('R010-EMA-10: the metadata advertises the grant and the ID-JAG profile only with the option', async () => {
  assert.deepEqual(await advertised(d), { grant: true, profiles: ['urn:ietf:params:oauth:grant-profile:id-jag'] });
  assert.deepEqual(await advertised(off), { grant: false, profiles: undefined });
});

test('R010-EMA-10: registration takes the jwt-bearer grant type only with the option; createClient with it', async () => {
  const body = JSON.stringify({ redirect_uris: [H.REDIRECT_URI], grant_types: ['authorization_code', GT], response_types: ['code'] });
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  const meta = { redirectUris: [H.REDIRECT_URI], grantTypes: ['authorization_code', GT] };
  const create = (v) => v.test('createClient', meta).then((x) => x.grantTypes, (e) => e.body);
  for (const [pair, status] of [[d, 201], [off, 400]]) {
    const [a, b] = [await H.capture(await pair.theirs.fetch('/register', init)), await H.capture(await pair.ours.fetch('/register', init))];
    assert.equal(a.status, status, JSON.stringify(a.body));
    assert.equal(b.status, a.status);
    assert.deepEqual(status === 201 ? b.body.grant_types : b.body, status === 201 ? a.body.grant_types : a.body);
  }
  assert.deepEqual(await create(d.theirs), meta.grantTypes);
  assert.deepEqual(await create(d.ours), meta.grantTypes);
  // without the option: 0.10.4's createClient checks no grant type at all (any is stored); ours
  // refuses one the provider does not serve, as 1.2.3 does (a createClient difference of its own, README)
  assert.deepEqual(await create(off.theirs), meta.grantTypes);
  assert.deepEqual(await create(off.ours), { helperError: { name: 'Error', message: `Unsupported grant_type: ${GT}`, constructor: 'Error' } });
});

test('R010-EMA-02: without the option the grant type is not supported', async () => {
  const out = [];
  for (const v of [off.theirs, off.ours]) {
    await v.test('kv-clear', {});
    const client = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'client_secret_basic' });
    const now = Math.floor((await v.test('now')).now / 1000);
    const init = await grantRequest(client, { iss: `${IDP}/t/off`, sub: 'alice', aud: H.ORIGIN, client_id: client.clientId, jti: 'j', exp: now + 120, iat: now });
    out.push(H.seenByClient(await H.capture(await v.fetch('/token', init))));
  }
  assert.deepEqual(out[1], out[0]);
  assert.equal(out[0].status, 400);
  assert.deepEqual(out[0].body, { error: 'unsupported_grant_type', error_description: 'Grant type not supported' });
});

test('R010-EMA-11: the key set is fetched with no User-Agent by either', async () => {
  fetched.length = 0;
  await both({ name: 'R010-EMA-11 fetch', mode: 'ua', status: 200 });
  const seen = fetched.filter((f) => f.path === '/t/ua/jwks');
  assert.ok(seen.length >= 2, JSON.stringify(fetched));
  assert.ok(seen.every((f) => f.userAgent === null), JSON.stringify(seen));
});
