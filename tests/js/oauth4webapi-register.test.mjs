// oauth4webapi as a client that knows nothing beforehand, against the demo
// Worker on loopback: authorization server discovery, RFC 7591 dynamic client
// registration at /register, authorization code + PKCE through the demo's
// consent page (answered over HTTP with its form token), the token endpoint,
// the protected API, and a refresh.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { startWorker } from './harness.mjs';
import { answerConsent } from './consent-form.mjs';

const mf = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0 });
const base = (await mf.ready).toString().replace(/\/$/, '');
after(() => mf.dispose());
// Plain http is fine on loopback; oauth4webapi requires saying so.
const opts = { [oauth.allowInsecureRequests]: true };
const REDIRECT_URI = `${base}/oauth4webapi/callback`;

async function discover() {
  const issuer = new URL(base);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
  assert.equal(as.issuer, base);
  assert.equal(as.registration_endpoint, `${base}/register`);
  assert.ok(as.code_challenge_methods_supported.includes('S256'));
  return as;
}

// Authorization code + PKCE: the consent page approved over HTTP, then the code
// exchanged. Returns the token endpoint's answer.
async function codeFlow(as, client, clientAuth) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorize = new URL(as.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT_URI, scope: 'read', state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  })) authorize.searchParams.set(k, v);
  const { res } = await answerConsent(authorize);
  assert.equal(res.status, 302);
  const callback = new URL(res.headers.get('location'));
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI);
  const params = oauth.validateAuthResponse(as, client, callback, state); // checks iss (RFC 9207) and state
  return oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, verifier, opts));
}

async function whoami(accessToken) {
  const res = await oauth.protectedResourceRequest(accessToken, 'GET', new URL(`${base}/api/whoami`), new Headers(), null, opts);
  assert.equal(res.status, 200);
  return res.json();
}

test('oauth4webapi: discovery, /register (confidential), consent, token, API, refresh', async () => {
  const as = await discover();
  const registered = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(as, {
    redirect_uris: [REDIRECT_URI], client_name: 'oauth4webapi test', token_endpoint_auth_method: 'client_secret_basic',
  }, opts));
  assert.match(registered.client_id, /^[A-Za-z0-9_-]+$/);
  assert.equal(typeof registered.client_secret, 'string');
  assert.deepEqual(registered.redirect_uris, [REDIRECT_URI]);
  const client = { client_id: registered.client_id };
  const clientAuth = oauth.ClientSecretBasic(registered.client_secret);

  const tokens = await codeFlow(as, client, clientAuth);
  assert.equal(tokens.token_type, 'bearer');
  assert.equal(tokens.scope, 'read');
  assert.ok(tokens.refresh_token);
  const api = await whoami(tokens.access_token);
  assert.deepEqual(api.user, { userId: 'demo-user', name: 'Demo User' });
  assert.deepEqual(api.scope, ['read']);

  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, opts));
  assert.notEqual(refreshed.access_token, tokens.access_token);
  assert.ok(refreshed.refresh_token);
  assert.deepEqual((await whoami(refreshed.access_token)).user, { userId: 'demo-user', name: 'Demo User' });

  // The registered secret is what authenticates the client: a wrong one is refused
  // with 401, a Basic challenge (RFC 6749 5.2) and invalid_client.
  const wrong = await oauth.refreshTokenGrantRequest(as, client, oauth.ClientSecretBasic('not-the-secret'), refreshed.refresh_token, opts);
  const error = await oauth.processRefreshTokenResponse(as, client, wrong).then(() => null, (e) => e);
  assert.ok(error instanceof oauth.WWWAuthenticateChallengeError, String(error));
  assert.equal(error.status, 401);
  assert.equal(error.cause[0].scheme, 'basic');
  assert.equal((await error.response.json()).error, 'invalid_client');
});

test('oauth4webapi: a public client registered at /register runs the same flow without a secret', async () => {
  const as = await discover();
  const registered = await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(as, {
    redirect_uris: [REDIRECT_URI], client_name: 'oauth4webapi public', token_endpoint_auth_method: 'none',
  }, opts));
  assert.equal(registered.client_secret, undefined);
  const client = { client_id: registered.client_id, token_endpoint_auth_method: 'none' };
  const tokens = await codeFlow(as, client, oauth.None());
  assert.deepEqual((await whoami(tokens.access_token)).scope, ['read']);
  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, opts));
  assert.deepEqual((await whoami(refreshed.access_token)).user, { userId: 'demo-user', name: 'Demo User' });
});
