// Machine identities (this project's additions, README "Machine identities"):
// the client_credentials grant and RFC 7662 token introspection, in workerd,
// with oauth4webapi as the client (clientCredentialsGrantRequest,
// introspectionRequest). The reference has neither, so there is nothing to
// compare with: every expectation is the rule itself (docs/observed/rules-1.2.3.md
// Appendix C).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as oauth from 'oauth4webapi';
import * as H from '../compat/harness/index.mjs';

const RS_ID = 'resourceServer01';   // a resource server, listed in introspectionClients
const RS_SECRET = 'rs-secret-rs-secret-rs-secret-32';
const OPTIONS = {
  ...H.CONFIGS.v1,
  allowClientCredentialsGrant: true,
  introspectionEndpoint: '/introspect',
  introspectionClients: [RS_ID],
};
const CALLBACK = '{ clientCredentialsCallback: async ({ clientId, scope }) => ({ props: { bot: clientId, scope } }) }';

const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, extraCode: CALLBACK });
const off = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: H.CONFIGS.v1 });
after(() => Promise.all([w.dispose(), off.dispose()]));

const fetchOf = (worker) => ({ [oauth.customFetch]: (url, init) => worker.fetch(String(url), init) });
const opts = fetchOf(w);
const issuer = new URL(H.ORIGIN);
const discover = async (worker) =>
  oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...fetchOf(worker), algorithm: 'oauth2' }));

const machineClient = (worker, extra = {}) => worker.test('createClient', {
  redirectUris: [H.REDIRECT_URI],
  grantTypes: ['client_credentials'],
  responseTypes: [],
  tokenEndpointAuthMethod: 'client_secret_basic',
  allowedScopes: ['read', 'write'],
  ...extra,
});

// The resource server's record, written with a known id (createClient chooses ids itself).
await w.test('kv-put', {
  key: `client:${RS_ID}`,
  value: {
    clientId: RS_ID, redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecret: crypto.createHash('sha256').update(RS_SECRET).digest('hex'),
  },
});

const introspect = async (as, id, secret, token) => oauth.processIntrospectionResponse(as, { client_id: id },
  await oauth.introspectionRequest(as, { client_id: id }, oauth.ClientSecretBasic(secret), token, opts));

const rejectsWith = (promise, code) => assert.rejects(promise, (e) => e instanceof oauth.ResponseBodyError && e.error === code);

test('client_credentials: a token for the client itself, its props from the callback, introspected, then revoked', async () => {
  const as = await discover(w);
  assert.equal(as.introspection_endpoint, `${H.ORIGIN}/introspect`);
  assert.deepEqual(as.introspection_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
  assert.ok(as.grant_types_supported.includes('client_credentials'));

  const info = await machineClient(w);
  assert.deepEqual(info.allowedScopes, ['read', 'write']);
  const client = { client_id: info.clientId };
  const auth = oauth.ClientSecretBasic(info.clientSecret);
  const tr = await oauth.processClientCredentialsResponse(as, client,
    await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'read' }, opts));
  assert.equal(tr.token_type, 'bearer');
  assert.equal(tr.scope, 'read');
  assert.equal(tr.expires_in, 3600);
  assert.equal(tr.refresh_token, undefined);
  assert.ok(tr.access_token.startsWith(`client:${info.clientId}:`));

  // An API route: ctx.props from clientCredentialsCallback, ctx.auth naming the client.
  const res = await oauth.protectedResourceRequest(tr.access_token, 'GET', new URL(`${H.ORIGIN}/api/data`), new Headers(), null, opts);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.props, { bot: info.clientId, scope: ['read'] });
  assert.equal(body.auth.clientId, info.clientId);
  assert.equal(body.auth.userId, `client:${info.clientId}`);

  // Introspected by the client itself and by the resource server: the same answer.
  const now = Math.floor(Date.now() / 1000);
  for (const [id, secret] of [[info.clientId, info.clientSecret], [RS_ID, RS_SECRET]]) {
    const i = await introspect(as, id, secret, tr.access_token);
    assert.equal(i.active, true);
    assert.equal(i.scope, 'read');
    assert.equal(i.client_id, info.clientId);
    assert.equal(i.sub, `client:${info.clientId}`);
    assert.equal(i.aud, `${H.ORIGIN}/api`);
    assert.equal(i.token_type, 'bearer');
    assert.ok(Math.abs(i.iat - now) < 60 && i.exp === i.iat + 3600);
  }

  // The grant is the client's, under its own subject: listed and revoked by the helpers.
  const grants = await w.test('listUserGrants', { userId: `client:${info.clientId}` });
  assert.equal(grants.items.length, 1);
  assert.equal(grants.items[0].clientId, info.clientId);
  assert.deepEqual(grants.items[0].scope, ['read']);
  assert.deepEqual(grants.items[0].metadata, { grantType: 'client_credentials' });
  await w.test('revokeGrant', { grantId: grants.items[0].id, userId: `client:${info.clientId}` });
  assert.deepEqual(await introspect(as, info.clientId, info.clientSecret, tr.access_token), { active: false });
  const gone = await w.fetch('/api/data', { headers: { authorization: `Bearer ${tr.access_token}` } });
  assert.equal(gone.status, 401);
  await gone.arrayBuffer();
});

test('introspection: expired, unknown, another client\'s, a refresh token: {"active": false}', async () => {
  const as = await discover(w);
  const m = await machineClient(w);
  const tr = await oauth.processClientCredentialsResponse(as, { client_id: m.clientId },
    await oauth.clientCredentialsGrantRequest(as, { client_id: m.clientId }, oauth.ClientSecretBasic(m.clientSecret), {}, opts));
  assert.equal(tr.scope, 'read write');

  // A user's tokens from the code flow, of another (confidential) client.
  const user = await H.createClient(w, { confidential: true });
  const { verifier, challenge } = H.pkcePair();
  const { location } = await H.authorize(w, { clientId: user.clientId, challenge, scope: 'read', state: 's1' });
  const params = oauth.validateAuthResponse(as, { client_id: user.clientId }, new URL(location), 's1');
  const ut = await oauth.processAuthorizationCodeResponse(as, { client_id: user.clientId },
    await oauth.authorizationCodeGrantRequest(as, { client_id: user.clientId }, oauth.ClientSecretBasic(user.clientSecret),
      params, H.REDIRECT_URI, verifier, opts));

  assert.equal((await introspect(as, user.clientId, user.clientSecret, ut.access_token)).active, true);
  assert.equal((await introspect(as, user.clientId, user.clientSecret, ut.access_token)).sub, 'user1');
  for (const [id, secret, token] of [
    [m.clientId, m.clientSecret, ut.access_token],          // another client's token
    [user.clientId, user.clientSecret, tr.access_token],    // the same, the other way round
    [user.clientId, user.clientSecret, ut.refresh_token],   // a refresh token is no access token
    [m.clientId, m.clientSecret, 'client:x:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'],
    [m.clientId, m.clientSecret, 'not a token'],
  ]) {
    assert.deepEqual(await introspect(as, id, secret, token), { active: false });
  }

  // Expired: the record's expiresAt in the past (KV would drop it later; the record decides).
  const rec = (await w.dumpKV()).find((r) => r.key.startsWith(`token:client:${m.clientId}:`));
  await w.test('kv-put', { key: rec.key, value: { ...rec.value, expiresAt: Math.floor(Date.now() / 1000) - 1 } });
  assert.deepEqual(await introspect(as, m.clientId, m.clientSecret, tr.access_token), { active: false });

  // Revoked by the client itself (RFC 7009 at the revocation endpoint); another client's attempt is a no-op.
  const auth = oauth.ClientSecretBasic(m.clientSecret);
  const t2 = await oauth.processClientCredentialsResponse(as, { client_id: m.clientId },
    await oauth.clientCredentialsGrantRequest(as, { client_id: m.clientId }, auth, {}, opts));
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, { client_id: user.clientId },
    oauth.ClientSecretBasic(user.clientSecret), t2.access_token, opts));
  assert.equal((await introspect(as, m.clientId, m.clientSecret, t2.access_token)).active, true);
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, { client_id: m.clientId }, auth, t2.access_token, opts));
  assert.deepEqual(await introspect(as, m.clientId, m.clientSecret, t2.access_token), { active: false });
});

test('refusals: public client, scope beyond the allowed, unauthenticated introspection, grant disabled', async () => {
  const as = await discover(w);
  const m = await machineClient(w);
  const client = { client_id: m.clientId };
  await rejectsWith(oauth.processClientCredentialsResponse(as, client,
    await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(m.clientSecret), { scope: 'read admin' }, opts)),
  'invalid_scope');

  const pub = await machineClient(w, { tokenEndpointAuthMethod: 'none' });
  const r = await oauth.clientCredentialsGrantRequest(as, { client_id: pub.clientId }, oauth.None(), {}, opts);
  assert.equal(r.status, 400);
  await rejectsWith(oauth.processClientCredentialsResponse(as, { client_id: pub.clientId }, r), 'unauthorized_client');

  // A client registered for the code flow only.
  const user = await H.createClient(w, { confidential: true });
  await rejectsWith(oauth.processClientCredentialsResponse(as, { client_id: user.clientId },
    await oauth.clientCredentialsGrantRequest(as, { client_id: user.clientId }, oauth.ClientSecretBasic(user.clientSecret), {}, opts)),
  'unauthorized_client');

  // Introspection without client authentication, with a wrong secret, as a public client.
  const tr = await oauth.processClientCredentialsResponse(as, client,
    await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(m.clientSecret), {}, opts));
  const bare = await H.capture(await w.fetch('/introspect', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form({ token: tr.access_token }),
  }));
  assert.equal(bare.status, 401);
  assert.equal(bare.body.error, 'invalid_client');
  assert.equal(bare.headers['www-authenticate'], 'Basic realm="OAuth"');
  assert.equal(bare.body.active, undefined);
  for (const [id, auth] of [[m.clientId, oauth.ClientSecretBasic('wrong')], [pub.clientId, oauth.None()]]) {
    const ask = await oauth.introspectionRequest(as, { client_id: id }, auth, tr.access_token, opts);
    const got = await H.capture(ask);
    assert.equal(got.status, 401);
    assert.equal(got.body.error, 'invalid_client');
    assert.equal(got.body.active, undefined);
  }

  // Without allowClientCredentialsGrant: not advertised, unsupported_grant_type, no introspection endpoint.
  const asOff = await discover(off);
  assert.ok(!asOff.grant_types_supported.includes('client_credentials'));
  assert.equal(asOff.introspection_endpoint, undefined);
  const conf = await H.createClient(off, { confidential: true });
  await rejectsWith(oauth.processClientCredentialsResponse(asOff, { client_id: conf.clientId },
    await oauth.clientCredentialsGrantRequest(asOff, { client_id: conf.clientId }, oauth.ClientSecretBasic(conf.clientSecret), {}, fetchOf(off))),
  'unsupported_grant_type');
  const created = await off.fetch('/__test/createClient', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ redirectUris: [H.REDIRECT_URI], grantTypes: ['client_credentials'], responseTypes: [] }),
  });
  assert.equal(created.status, 500);
  assert.match((await created.json()).helperError.message, /Unsupported grant_type: client_credentials/);
});
