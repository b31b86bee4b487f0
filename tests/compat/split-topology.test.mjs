// The split topology of 1.x across Workers in one workerd, joined by Service
// Bindings: an authorization server (OAuthAuthorizationServer, ours and then
// 1.2.3's, whose WorkerEntrypoint exposes validateToken over RPC) declaring
// several resources, and two resource-server Workers of our
// OAuthResourceServer (mcp.example.com: /mcp and /other; drive.example.com:
// the drive), each validating tokens over its binding. oauth4webapi is the
// client: discovery of each, dynamic registration, authorization code with
// PKCE for one resource, token, resource calls; then the audience mismatch
// (a token of one resource at another, in the same Worker and across
// Workers), the missing-scope step-up challenge and the 503 of a validator
// that rejects.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import * as oauth from 'oauth4webapi';
import * as H from './harness/index.mjs';

const ISSUER = 'https://auth.example.com';
const MCP = 'https://mcp.example.com/mcp';
const OTHER = 'https://mcp.example.com/other';
const UNDECLARED = 'https://mcp.example.com/undeclared';
const DRIVE = 'https://drive.example.com/drive';
const REDIRECT = 'https://client.example.org/cb';

const AS = {
  ours: { providerImport: './js-shim/entry-workerd.js', resources: [MCP, OTHER, DRIVE] },
  theirs: { providerImport: '@cloudflare/workers-oauth-provider', resources: [MCP, OTHER, DRIVE] },
};
const rsWorker = (resources) => H.bundleWorker({
  providerImport: './js-shim/entry-workerd.js', entry: 'split-rs-worker.js',
  options: {
    servers: resources.map((resource) => ({
      resourceMetadata: { resource, authorization_servers: [ISSUER], resource_name: 'split' }, requiredScopes: ['read'],
    })),
  },
});
const rsScript = await rsWorker([MCP, OTHER, UNDECLARED]);
const driveScript = await rsWorker([DRIVE]);

// Both topologies start before any test is registered: a test run that ended while the second
// was still starting would dispose of it (the root's after hooks) before its tests ran.
const topologies = [];
for (const [impl, { providerImport, resources }] of Object.entries(AS)) {
  const asScript = await H.bundleWorker({
    providerImport, entry: 'split-as-worker.js',
    options: { issuer: ISSUER, resources, clientRegistrationEndpoint: '/register', scopesSupported: ['read', 'write'] },
  });
  const mf = new Miniflare({
    workers: [
      { name: 'rs', ...H.workerModules(rsScript), routes: ['mcp.example.com/*'], compatibilityDate: '2025-01-01', serviceBindings: { AUTH_SERVER: 'as' } },
      { name: 'drive', ...H.workerModules(driveScript), routes: ['drive.example.com/*'], compatibilityDate: '2025-01-01', serviceBindings: { AUTH_SERVER: 'as' } },
      { name: 'as', ...H.workerModules(asScript), routes: ['auth.example.com/*'], compatibilityDate: '2025-01-01', kvNamespaces: ['OAUTH_KV'] },
    ],
  });
  await mf.ready;
  topologies.push([impl, mf]);
}
after(() => Promise.all(topologies.map(([, mf]) => mf.dispose())));

for (const [impl, mf] of topologies) {
  const opts = { [oauth.customFetch]: (url, init) => mf.dispatchFetch(String(url), { redirect: 'manual', ...init }) };

  // Discovery, registration, authorization with consent, token: an access token for resource.
  async function tokenFor(resource, scope) {
    const issuer = new URL(ISSUER);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
    const client = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(as, {
      redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', client_name: 'split test',
    }, opts));
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint);
    for (const [k, v] of Object.entries({
      response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, state, scope, resource,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    })) url.searchParams.set(k, v);
    const consent = await mf.dispatchFetch(url, { redirect: 'manual' });
    assert.equal(consent.status, 302);
    const params = oauth.validateAuthResponse(as, client, new URL(consent.headers.get('location')), state);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, { ...opts, additionalParameters: { resource } }));
    return tokens.access_token;
  }

  const call = (token, url) => oauth.protectedResourceRequest(token, 'GET', new URL(url), new Headers(), null, opts);
  // A refused call as it is (oauth4webapi throws on a challenge).
  const raw = (token, url) => mf.dispatchFetch(url, { headers: { authorization: `Bearer ${token}` } });

  test(`split topology (${impl} authorization server): oauth4webapi through both Workers, the token validated over the binding`, async () => {
    const rs = await oauth.processResourceDiscoveryResponse(new URL(MCP), await oauth.resourceDiscoveryRequest(new URL(MCP), opts));
    assert.deepEqual(rs.authorization_servers, [ISSUER]);
    assert.deepEqual(rs.scopes_supported, ['read']);

    const token = await tokenFor(MCP, 'read');
    const res = await call(token, `${MCP}/tools`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.props, { name: 'alice' });
    assert.equal(body.auth.audience, MCP);
    assert.equal(body.auth.userId, 'user1');
    assert.deepEqual(body.auth.scope, ['read']);
    assert.equal(typeof body.auth.clientId, 'string');
    assert.ok(body.auth.expiresAt > Date.now() / 1000);

    // no token: the challenge names the metadata and the required scopes
    const bare = await mf.dispatchFetch(`${MCP}/tools`);
    assert.equal(bare.status, 401);
    assert.equal(bare.headers.get('www-authenticate'),
      'Bearer realm="OAuth", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="read"');
    // a token the authorization server does not know
    const unknown = await raw('user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', `${MCP}/tools`);
    assert.equal(unknown.status, 401);
    assert.match(unknown.headers.get('www-authenticate'), /error="invalid_token"/);
  });

  test(`split topology (${impl} authorization server): audience mismatch, missing scope, validator rejection`, async () => {
    const token = await tokenFor(MCP, 'read');
    // a token for /mcp presented to /other: validateToken answers null for that resource
    const other = await raw(token, `${OTHER}/tools`);
    assert.equal(other.status, 401);
    assert.equal(other.headers.get('www-authenticate'),
      'Bearer realm="OAuth", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/other", error="invalid_token", scope="read"');
    assert.equal(await other.text(), '');

    // the handler's step-up answer
    const write = await raw(token, `${MCP}/write`);
    assert.equal(write.status, 403);
    assert.equal(write.headers.get('www-authenticate'),
      'Bearer realm="OAuth", error="insufficient_scope", scope="write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", error_description="writing needs the write scope"');
    const writer = await tokenFor(MCP, 'read write');
    assert.equal((await call(writer, `${MCP}/write`)).status, 200);

    // a resource the authorization server does not declare: validateToken rejects over RPC, 503
    const undeclared = await raw(token, `${UNDECLARED}/tools`);
    assert.equal(undeclared.status, 503);
    assert.equal(undeclared.headers.get('cache-control'), 'no-store');
    assert.equal(await undeclared.text(), '');
  });

  test(`split topology (${impl} authorization server): two resource Workers, each token bound to its own resource`, async () => {
    const rs = await oauth.processResourceDiscoveryResponse(new URL(DRIVE), await oauth.resourceDiscoveryRequest(new URL(DRIVE), opts));
    assert.deepEqual(rs.authorization_servers, [ISSUER]);
    const issuer = new URL(ISSUER);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
    assert.deepEqual(as.protected_resources, [MCP, OTHER, DRIVE]);

    const drive = await tokenFor(DRIVE, 'read');
    const mcp = await tokenFor(MCP, 'read');
    const res = await call(drive, `${DRIVE}/files`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.auth.audience, DRIVE);
    assert.deepEqual(body.props, { name: 'alice' });
    assert.equal((await (await call(mcp, `${MCP}/tools`)).json()).auth.audience, MCP);
    // a new authorization for one resource leaves the other's grant alone
    assert.equal((await call(drive, `${DRIVE}/files`)).status, 200);
    // each token refused by the other resource's Worker
    for (const [token, url, md] of [[mcp, `${DRIVE}/files`, 'https://drive.example.com/.well-known/oauth-protected-resource/drive'],
      [drive, `${MCP}/tools`, 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp']]) {
      const refused = await raw(token, url);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('www-authenticate'), `Bearer realm="OAuth", resource_metadata="${md}", error="invalid_token", scope="read"`);
    }
  });
}
