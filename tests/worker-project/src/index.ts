// A Worker protecting /api/ with oc-oauth-provider: clients register at
// /register, the user approves at /authorize, tokens come from /token.
import { OAuthProvider, type OAuthHelpers } from 'oc-oauth-provider';

export interface Env {
  OAUTH_KV: KVNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

type Props = { userId: string; name: string };

// Reached only with a valid access token; ctx.props is what the user approved.
const apiHandler = {
  async fetch(request, env, ctx) {
    const props = ctx.props as Props;
    return Response.json({ path: new URL(request.url).pathname, user: props.userId, name: props.name });
  },
} satisfies ExportedHandler<Env>;

// Everything else: the consent page. A real Worker authenticates the user here
// (and guards the POST against CSRF); this sample approves for a fixed user.
const defaultHandler = {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== '/authorize') return new Response('Not found', { status: 404 });
    const authRequest = await env.OAUTH_PROVIDER.parseAuthRequest(request); // reads the query only
    const client = await env.OAUTH_PROVIDER.lookupClient(authRequest.clientId);
    if (request.method === 'GET') {
      return new Response(`${client?.clientName ?? authRequest.clientId} asks for: ${authRequest.scope.join(' ')}`);
    }
    const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
      request: authRequest,
      userId: 'user-1',
      metadata: { label: 'sample' },
      scope: authRequest.scope,
      props: { userId: 'user-1', name: 'Sample User' } satisfies Props,
    });
    return Response.redirect(redirectTo, 302);
  },
} satisfies ExportedHandler<Env>;

export default new OAuthProvider<Env>({
  apiRoute: '/api/',
  apiHandler,
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
  scopesSupported: ['read', 'write'],
  // RFC 9728 metadata; tokens are issued for (and only accepted at) this resource.
  resourceMetadata: { resource: 'https://sample.example' },
});
