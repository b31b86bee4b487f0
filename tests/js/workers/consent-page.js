// Test Worker: a consent page built with the consent helpers, as the README
// shows it (tests/browser/consent-helpers.test.mjs drives it in chromium).
// /start registers a client (once) and opens /authorize; the client's
// redirect URI is /client/cb, which shows what the client received.
import { OAuthProvider, AuthorizationError } from '../../../js-shim/entry-workerd.js';

const SECRET = 'consent-page-test-secret-32-chars!!';
const USER = 'browser-user';
const escape = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (body, init = {}) => {
  const headers = init.headers ?? new Headers();
  headers.set('Content-Type', 'text/html; charset=utf-8');
  return new Response(`<!doctype html><meta charset="utf-8">${body}`, { status: init.status ?? 200, headers });
};

function page(d, handle) {
  const scopes = d.scope.map((s) => `<label><input type="checkbox" name="scope" value="${escape(s)}" checked> ${escape(s)}</label>`).join(' ');
  return `<title>Authorize</title><h1 id="name">${escape(d.clientName)}</h1>
<p>Access goes to <strong id="host">${escape(d.redirectHost)}</strong>.</p>
${d.redirectIsLoopback ? '<p id="loopback">This sends access to an app on your computer.</p>' : ''}
<form method="post" action="/authorize"><input type="hidden" name="handle" value="${escape(handle)}">${scopes}
<label><input type="checkbox" name="remember" value="1" id="remember"> remember</label>
<button id="approve" name="decision" value="approve">Allow</button><button id="deny" name="decision" value="deny">Deny</button></form>`;
}

const defaultHandler = {
  async fetch(req, env) {
    const url = new URL(req.url);
    const oauth = env.OAUTH_PROVIDER;
    try {
      if (url.pathname === '/start') {
        const redirect = `${url.origin}/client/cb`;
        let id = await env.OAUTH_KV.get('test:client');
        if (!id) {
          id = (await oauth.createClient({ redirectUris: [redirect], clientName: 'Page <b>Test</b>', tokenEndpointAuthMethod: 'none' })).clientId;
          await env.OAUTH_KV.put('test:client', id);
        }
        const q = new URLSearchParams({ response_type: 'code', client_id: id, redirect_uri: redirect, scope: 'read write', state: 'page-state',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
        return Response.redirect(`${url.origin}/authorize?${q}`, 302);
      }
      if (url.pathname === '/client/cb') {
        return html(`<h1>Client</h1><pre id="query">${escape(JSON.stringify(Object.fromEntries(url.searchParams)))}</pre>`);
      }
      if (url.pathname === '/authorize' && req.method === 'GET') {
        const request = await oauth.parseAuthRequest(req);
        if (await oauth.isConsentRemembered(req, request, { secret: SECRET, subject: USER })) {
          const { redirectTo } = await oauth.completeAuthorization({ request, userId: USER, metadata: {}, scope: request.scope, props: { user: USER } });
          return Response.redirect(redirectTo, 302);
        }
        const details = await oauth.describeConsent(request);
        const consent = await oauth.beginConsent(request);
        return html(page(details, consent.handle), { headers: consent.headers });
      }
      if (url.pathname === '/authorize' && req.method === 'POST') {
        const form = await req.formData();
        const handle = String(form.get('handle'));
        if (form.get('decision') !== 'approve') {
          const denied = await oauth.denyConsent(req, handle);
          return new Response(null, { status: 302, headers: denied.headers });
        }
        const remember = form.get('remember') ? { remember: { secret: SECRET, subject: USER } } : {};
        const approved = await oauth.approveConsent(req, handle, { scope: form.getAll('scope').map(String), ...remember });
        const { redirectTo } = await oauth.completeAuthorization({
          request: approved.request, userId: USER, metadata: {}, scope: approved.request.scope, props: { user: USER },
        });
        approved.headers.set('Location', redirectTo);
        return new Response(null, { status: 302, headers: approved.headers });
      }
    } catch (e) {
      if (e instanceof AuthorizationError) return html(`<h1>Refused</h1><p id="why">${escape(e.description)}</p>`, { status: 400 });
      throw e;
    }
    return new Response('not found', { status: 404 });
  },
};

export default new OAuthProvider({
  apiRoute: '/api/',
  apiHandler: { fetch: (req, env, ctx) => Response.json({ props: ctx.props }) },
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  scopesSupported: ['read', 'write'],
  resourceMetadata: { resource: 'http://localhost/api' },
});
