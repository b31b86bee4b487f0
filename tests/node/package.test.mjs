// The package as Node ≥ 20 loads it (the "node" export condition; Node 20 has
// no relaxed SIMD and gets dist/oc-simd128.wasm): a whole flow with Node's own
// Request/Response and an in-memory KV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { OAuthProvider, OAuthError, insufficientScope } from 'oc-oauth-provider';
import { memoryKv } from '../js/memory-kv.mjs';

const ORIGIN = 'https://example.com';
const REDIRECT = 'https://client.example.org/cb';
const b64url = (b) => Buffer.from(b).toString('base64url');

const provider = new OAuthProvider({
  apiRoute: '/api/',
  apiHandler: { fetch: (req, env, ctx) => Response.json({ props: ctx.props, auth: ctx.auth }) },
  defaultHandler: {
    async fetch(req, env) {
      const url = new URL(req.url);
      if (url.pathname === '/client') return Response.json(await env.OAUTH_PROVIDER.createClient({ redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'none' }));
      const request = await env.OAUTH_PROVIDER.parseAuthRequest(req);
      const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({ request, userId: 'u1', metadata: {}, scope: request.scope, props: { who: 'node' } });
      return Response.redirect(redirectTo, 302);
    },
  },
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: `${ORIGIN}/api` },
  requiredScopes: ['read'],
});

test(`Node ${process.version}: authorize, exchange, API, step-up`, async () => {
  const env = { OAUTH_KV: memoryKv() };
  const ctx = { waitUntil() {} };
  const call = (path, init) => provider.fetch(new Request(ORIGIN + path, init), env, ctx);
  const client = await (await call('/client')).json();
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const q = new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, scope: 'read', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const redirect = await call(`/authorize?${q}`);
  assert.equal(redirect.status, 302);
  const code = new URL(redirect.headers.get('location')).searchParams.get('code');
  const tokens = await (await call('/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.clientId, code_verifier: verifier }),
  })).json();
  assert.equal(tokens.token_type, 'bearer');
  const api = await (await call('/api/x', { headers: { Authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.deepEqual(api.props, { who: 'node' });

  const denied = insufficientScope(api.auth, ['write'], 'Needs write');
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('WWW-Authenticate'),
    'Bearer realm="OAuth", error="insufficient_scope", scope="write", resource_metadata="https://example.com/.well-known/oauth-protected-resource/api", error_description="Needs write"');
  assert.throws(() => insufficientScope(api.auth, []), TypeError);
  assert.equal(typeof OAuthError, 'function');
});
