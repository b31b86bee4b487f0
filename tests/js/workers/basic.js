// Test Worker: the provider in both generations, plus a probe of the core's memory.
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';
import { OAuthProvider as OAuthProvider010 } from '../../../js-shim/v010/entry-workerd.js';
import { getCore } from '../../../js-shim/wasm.js';

const apiHandler = { fetch: (req, env, ctx) => Response.json({ props: ctx.props, auth: ctx.auth ?? null }) };
const defaultHandler = {
  fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === '/__memory') return Response.json({ bytes: getCore().memoryBytes });
    return new Response('default', { status: 200 });
  },
};

const v1 = new OAuthProvider({
  apiRoute: ['/api/'],
  apiHandler,
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://example.com/api' },
  requiredScopes: ['read'],
});
const legacy = new OAuthProvider010({ apiRoute: ['/api/'], apiHandler, defaultHandler, authorizeEndpoint: '/authorize', tokenEndpoint: '/token' });

export default {
  fetch(req, env, ctx) {
    return (req.headers.get('x-generation') === 'legacy' ? legacy : v1).fetch(req, env, ctx);
  },
};
