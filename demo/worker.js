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

const defaultHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/authorize') return consent(request, env);
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
      resourceMetadata: { resource: new URL(request.url).origin },
    });
    return provider.fetch(request, env, ctx);
  },
};
