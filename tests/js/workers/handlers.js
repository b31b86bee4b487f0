// Test Worker: apiHandlers (several routes, a full-URL route), a WorkerEntrypoint
// class as handler, onError replacing error responses, env.OAUTH_PROVIDER everywhere.
import { WorkerEntrypoint } from 'cloudflare:workers';
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';

class ApiEntrypoint extends WorkerEntrypoint {
  async fetch(request) {
    return Response.json({ handler: 'class', props: this.ctx.props, clientId: this.ctx.auth?.clientId, helpers: typeof this.env.OAUTH_PROVIDER?.lookupClient });
  }
}

const objectHandler = {
  fetch: (req, env, ctx) => Response.json({ handler: 'object', props: ctx.props, helpers: typeof env.OAUTH_PROVIDER?.createClient }),
};

class DefaultEntrypoint extends WorkerEntrypoint {
  async fetch(request) {
    return Response.json({ handler: 'default', helpers: typeof this.env.OAUTH_PROVIDER?.completeAuthorization });
  }
}

export default new OAuthProvider({
  apiHandlers: {
    '/v1/': ApiEntrypoint,
    'https://example.com/v2/': objectHandler,
  },
  defaultHandler: DefaultEntrypoint,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  // Every API route lies under the resource (1.x): here, the whole origin.
  resourceMetadata: { resource: 'https://example.com' },
  onError({ code, status }) {
    if (code === 'unsupported_grant_type') return new Response(`custom ${status} ${code}`, { status: 418 });
  },
});
