// Demo Worker: an OAuth-protected API behind OAuthProvider.
import { OAuthProvider } from '../js-shim/entry-workerd.js';

const apiHandler = {
  async fetch(request, env, ctx) {
    return Response.json({ hello: ctx.props?.userId ?? null, path: new URL(request.url).pathname });
  },
};

const defaultHandler = {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/') {
      return new Response('oc-oauth-provider demo: the API lives under /api/ and needs a Bearer token.\n', {
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    return new Response('Not found', { status: 404 });
  },
};

export default new OAuthProvider({ apiRoute: '/api/', apiHandler, defaultHandler });
