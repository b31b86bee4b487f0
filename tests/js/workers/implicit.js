// Test Worker written as for 0.10.x: allowImplicitFlow / allowPlainPKCE options, the app's
// /authorize calling parseAuthRequest + completeAuthorization. x-config picks the provider.
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';
import { OAuthProvider as OAuthProvider010 } from '../../../js-shim/v010/entry-workerd.js';

const apiHandler = { fetch: (req, env, ctx) => Response.json({ props: ctx.props, auth: ctx.auth ?? null }) };

const defaultHandler = {
  async fetch(request, env) {
    const url = new URL(request.url);
    const oauth = env.OAUTH_PROVIDER;
    if (url.pathname === '/authorize') {
      let req;
      try {
        req = await oauth.parseAuthRequest(request);
      } catch (e) {
        return Response.json({ error: e.code, description: e.description ?? e.message }, { status: 400 });
      }
      const { redirectTo } = await oauth.completeAuthorization({
        request: req, userId: 'user1', metadata: { app: 'implicit-test' }, scope: req.scope, props: { name: 'alice' },
      });
      return Response.redirect(redirectTo, 302);
    }
    if (url.pathname === '/client' && request.method === 'POST') {
      return Response.json(await oauth.createClient(await request.json()));
    }
    return new Response('not found', { status: 404 });
  },
};

const base = {
  apiRoute: '/api/',
  apiHandler,
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  scopesSupported: ['read', 'write'],
};
const v1 = { resourceMetadata: { resource: 'https://example.com/api' } };

const providers = {
  'legacy': new OAuthProvider010(base),
  'legacy-implicit': new OAuthProvider010({ ...base, allowImplicitFlow: true }),
  'v1-implicit': new OAuthProvider({ ...base, ...v1, allowImplicitFlow: true }),
  'legacy-plain': new OAuthProvider010({ ...base, allowPlainPKCE: true }),
  'v1-plain': new OAuthProvider({ ...base, ...v1, allowPlainPKCE: true }),
};

export default {
  fetch(req, env, ctx) {
    const p = providers[req.headers.get('x-config') ?? 'legacy'];
    return p ? p.fetch(req, env, ctx) : new Response('unknown config', { status: 500 });
  },
};
