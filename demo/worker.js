// Demo Worker: a consent page, a protected JSON API and an MCP endpoint behind
// OAuthProvider. `./build.sh demo` serves it on http://127.0.0.1:8787.
import { OAuthProvider, authorizationErrorRedirect } from '../js-shim/entry-workerd.js';
import { handleMcp } from './mcp.js';
import { page, escapeHtml } from './html.js';
import { issueConsentToken, redeemConsentToken } from './consent-token.js';

const USER = { id: 'demo-user', name: 'Demo User' };

const apiHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/mcp') return handleMcp(request, ctx);
    return Response.json({ user: ctx.props, scope: ctx.auth?.scope ?? [], path: url.pathname });
  },
};

// The consent page. GET renders the request with a form whose hidden field holds a
// signed single-use token bound to this exact request (demo/consent-token.js); POST
// redeems that token first, and only then approves or denies. A POST whose token is
// missing, tampered with, expired, already used or made for another request gets a
// 400 and changes nothing.
async function consent(request, env) {
  const url = new URL(request.url);
  let authRequest;
  try {
    authRequest = await env.OAUTH_PROVIDER.parseAuthRequest(request); // the query; a POST's body is left unread
  } catch (e) {
    return page(400, 'Invalid authorization request', `<p>${escapeHtml(e.description ?? e.message)}</p>`);
  }
  if (request.method === 'POST') {
    const form = await request.formData();
    const refused = await redeemConsentToken(env, form.get('form_token'), url.search);
    if (refused) return page(400, 'Request refused', `<p>${escapeHtml(refused)}. Start again from the application.</p>`);
    if (form.get('decision') !== 'approve') {
      return Response.redirect(authorizationErrorRedirect(authRequest, 'access_denied', 'The user denied the request'), 302);
    }
    const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
      request: authRequest,
      userId: USER.id,
      metadata: { approvedAt: new Date().toISOString() },
      scope: authRequest.scope,
      props: { userId: USER.id, name: USER.name },
    });
    return Response.redirect(redirectTo, 302);
  }
  if (request.method !== 'GET') return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'GET, POST' } });
  const client = await env.OAUTH_PROVIDER.lookupClient(authRequest.clientId);
  const token = await issueConsentToken(env, url.search);
  const scopes = authRequest.scope.length ? authRequest.scope : ['(none)'];
  return page(200, 'Authorize access', `
    <p><strong>${escapeHtml(client?.clientName ?? authRequest.clientId)}</strong> asks to act as
    <strong>${escapeHtml(USER.name)}</strong> with these scopes:</p>
    <ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>
    <form method="post" action="${escapeHtml(url.pathname + url.search)}">
      <input type="hidden" name="form_token" value="${escapeHtml(token)}">
      <button name="decision" value="approve" id="approve">Approve</button>
      <button name="decision" value="deny" id="deny">Deny</button>
    </form>`, { 'Cache-Control': 'no-store' });
}

// A demo client run by the Worker itself: authorization code + PKCE, then the API and MCP.
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function demoClient(env, origin) {
  const stored = await env.OAUTH_KV.get('demo:client');
  if (stored) return JSON.parse(stored);
  const c = await env.OAUTH_PROVIDER.createClient({
    redirectUris: [`${origin}/demo/callback`], clientName: 'Demo client', tokenEndpointAuthMethod: 'none',
  });
  await env.OAUTH_KV.put('demo:client', JSON.stringify({ clientId: c.clientId }));
  return c;
}

async function demoStart(request, env) {
  const origin = new URL(request.url).origin;
  const client = await demoClient(env, origin);
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(12)));
  const auth = new URL('/authorize', origin);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: client.clientId, redirect_uri: `${origin}/demo/callback`,
    scope: 'read', state, code_challenge: challenge, code_challenge_method: 'S256',
  })) auth.searchParams.set(k, v);
  return new Response(null, {
    status: 302,
    headers: { Location: auth.toString(), 'Set-Cookie': `demo_pkce=${verifier}.${state}; Path=/demo; HttpOnly; SameSite=Lax` },
  });
}

async function demoCallback(request, env, ctx) {
  const url = new URL(request.url);
  const [verifier, state] = (request.headers.get('Cookie')?.match(/demo_pkce=([^;]+)/)?.[1] ?? '.').split('.');
  if (url.searchParams.get('error')) return page(200, 'Denied', `<p>The authorization was denied: <code>${escapeHtml(url.searchParams.get('error'))}</code></p><p><a href="/">Back</a></p>`);
  if (!verifier || url.searchParams.get('state') !== state) return page(400, 'State mismatch', '<p>Start again from <a href="/">the home page</a>.</p>');
  const client = await demoClient(env, url.origin);
  const tokenRes = await provider.fetch(new Request(`${url.origin}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: `${url.origin}/demo/callback`,
      client_id: client.clientId, code_verifier: verifier,
    }),
  }), env, ctx);
  const tokens = await tokenRes.json();
  if (!tokenRes.ok) return page(400, 'Token exchange failed', `<pre>${escapeHtml(JSON.stringify(tokens, null, 2))}</pre>`);
  const bearer = { Authorization: `Bearer ${tokens.access_token}` };
  const api = await (await provider.fetch(new Request(`${url.origin}/api/whoami`, { headers: bearer }), env, ctx)).json();
  const mcp = await (await provider.fetch(new Request(`${url.origin}/mcp`, {
    method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
  }), env, ctx)).json();
  const shown = { ...tokens, access_token: `${tokens.access_token.slice(0, 12)}…`, refresh_token: tokens.refresh_token ? `${tokens.refresh_token.slice(0, 12)}…` : undefined };
  return page(200, 'Signed in', `
    <h2>Token response</h2><pre id="tokens">${escapeHtml(JSON.stringify(shown, null, 2))}</pre>
    <h2>GET /api/whoami</h2><pre id="api">${escapeHtml(JSON.stringify(api, null, 2))}</pre>
    <h2>MCP tools/call whoami</h2><pre id="mcp">${escapeHtml(JSON.stringify(mcp, null, 2))}</pre>
    <p><a href="/">Home</a></p>`);
}

// Demo-only admin route: makes a machine client (client_credentials, scope `read`) for
// examples/machine-client.mjs. It exists only when the DEMO_ADMIN_SECRET variable is set
// (`./build.sh demo --var DEMO_ADMIN_SECRET:…`), and answers only a POST whose
// `Authorization: Bearer …` is that secret (compared in constant time, over SHA-256
// digests). The JSON body `{ "jwks": {…} }` makes a private_key_jwt client with those
// public keys; an empty body a client_secret_basic one, whose secret is in the answer.
const sha256 = (s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));

async function demoAdminClients(request, env) {
  if (!env.DEMO_ADMIN_SECRET) return page(404, 'Not found', '<p><a href="/">Home</a></p>');
  if (request.method !== 'POST') return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
  const given = request.headers.get('Authorization')?.match(/^Bearer (.+)$/)?.[1] ?? '';
  if (!crypto.subtle.timingSafeEqual(await sha256(given), await sha256(env.DEMO_ADMIN_SECRET))) {
    return Response.json({ error: 'unauthorized' }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  let body;
  try {
    const text = await request.text();
    body = text ? JSON.parse(text) : {};
  } catch {
    return Response.json({ error: 'invalid_request', error_description: 'The body is not JSON' }, { status: 400 });
  }
  const jwks = body?.jwks;
  try {
    const c = await env.OAUTH_PROVIDER.createClient({
      redirectUris: [`${new URL(request.url).origin}/demo/unused`], clientName: 'Demo machine client',
      grantTypes: ['client_credentials'], responseTypes: [], allowedScopes: ['read'],
      ...(jwks === undefined ? { tokenEndpointAuthMethod: 'client_secret_basic' } : { tokenEndpointAuthMethod: 'private_key_jwt', jwks }),
    });
    return Response.json({ clientId: c.clientId, clientSecret: c.clientSecret, tokenEndpointAuthMethod: c.tokenEndpointAuthMethod },
      { status: 201, headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    return Response.json({ error: 'invalid_client_metadata', error_description: e.message }, { status: 400 });
  }
}

const defaultHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/authorize') return consent(request, env);
    if (url.pathname === '/demo/admin/clients') return demoAdminClients(request, env);
    if (url.pathname === '/demo/start') return demoStart(request, env);
    if (url.pathname === '/demo/callback') return demoCallback(request, env, ctx);
    if (url.pathname === '/') {
      return page(200, 'oc-oauth-provider demo', `
        <p>An OAuth 2.1 authorization server whose core is C compiled to WebAssembly.</p>
        <ul>
          <li><a href="/demo/start" id="start">Sign in with the demo client</a> (authorization code + PKCE, consent page, then the API and MCP)</li>
          <li>Protected API: <code>GET /api/whoami</code> with a Bearer token</li>
          <li>MCP endpoint (Streamable HTTP, JSON responses): <code>POST /mcp</code> with a Bearer token;
            an MCP client registers itself at <code>POST /register</code> (RFC 7591 dynamic client registration)</li>
          <li>Machine clients (<code>client_credentials</code>, a secret or <code>private_key_jwt</code>): see
            <code>examples/machine-client.mjs</code></li>
          <li>Metadata: <a href="/.well-known/oauth-authorization-server">authorization server</a>,
            <a href="/.well-known/oauth-protected-resource">protected resource</a></li>
        </ul>`);
    }
    return page(404, 'Not found', '<p><a href="/">Home</a></p>');
  },
};

// The provider is made on the first request, so the demo's resource (every
// token's audience) is the origin it is served from, whatever the port.
let provider;

export default {
  fetch(request, env, ctx) {
    provider ??= new OAuthProvider({
      apiRoute: ['/api/', '/mcp'],
      apiHandler,
      defaultHandler,
      authorizeEndpoint: '/authorize',
      tokenEndpoint: '/token',
      clientRegistrationEndpoint: '/register',
      scopesSupported: ['read'],
      requiredScopes: ['read'],
      // Machine clients (examples/machine-client.mjs): client_credentials with a secret or
      // a private_key_jwt assertion; the API sees the client's id in ctx.props.
      allowClientCredentialsGrant: true,
      allowPrivateKeyJwt: true,
      clientCredentialsCallback: async ({ clientId }) => ({ props: { machineClient: clientId } }),
      resourceMetadata: { resource: new URL(request.url).origin },
    });
    return provider.fetch(request, env, ctx);
  },
};
