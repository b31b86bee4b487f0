// A real OAuth client, oauth4webapi, against our provider in workerd:
// discovery, authorization code + PKCE (with RFC 9207 iss), API call, refresh.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import * as H from './harness/index.mjs';

const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: H.CONFIGS.v1 });
after(() => w.dispose());
const customFetch = (url, init) => w.fetch(String(url), init);
const opts = { [oauth.customFetch]: customFetch };

test('oauth4webapi: discovery, code + PKCE, API, refresh', async () => {
  const issuer = new URL(H.ORIGIN);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
  assert.equal(as.token_endpoint, `${H.ORIGIN}/token`);

  const info = await H.createClient(w, { confidential: true });
  const client = { client_id: info.clientId };
  const clientAuth = oauth.ClientSecretBasic(info.clientSecret);

  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const state = oauth.generateRandomState();
  const { location } = await H.authorize(w, { clientId: client.client_id, challenge, state, scope: 'read write' });
  const params = oauth.validateAuthResponse(as, client, new URL(location), state);

  const tokenResponse = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, H.REDIRECT_URI, verifier, opts));
  assert.equal(tokenResponse.token_type, 'bearer');
  assert.ok(tokenResponse.refresh_token);
  assert.deepEqual(tokenResponse.scope.split(' ').sort(), ['read', 'write']);

  const res = await oauth.protectedResourceRequest(tokenResponse.access_token, 'GET', new URL(`${H.ORIGIN}/api/data`), new Headers(), null, opts);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.props, { name: 'alice' });
  assert.equal(body.auth.clientId, client.client_id);

  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokenResponse.refresh_token, opts));
  assert.notEqual(refreshed.access_token, tokenResponse.access_token);
  const res2 = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', new URL(`${H.ORIGIN}/api/data`), new Headers(), null, opts);
  assert.equal(res2.status, 200);
  await res2.arrayBuffer();

  // A spent refresh token two rotations old is refused with invalid_grant.
  const again = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token, opts));
  await assert.rejects(
    async () => oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokenResponse.refresh_token, opts)),
    (e) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_grant',
  );
  assert.ok(again.access_token);
});
