// A Worker written against @cloudflare/workers-oauth-provider 1.2.3's types:
// WorkerEntrypoint classes as the API handler and the default handler.
import { WorkerEntrypoint } from 'cloudflare:workers';
import { OAuthProvider, insufficientScope, type OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';

type Props = { userId: string; email: string };

export class ApiHandler extends WorkerEntrypoint<SampleEnv, Props> {
  async fetch(request: Request): Promise<Response> {
    const { userId, email } = this.ctx.props;
    if (new URL(request.url).pathname === '/api/write') {
      const auth = (this.ctx as unknown as { auth: OAuthResourceAuth }).auth;
      if (!auth.scope.includes('write')) return insufficientScope(auth, ['write'], 'Writing needs the write scope');
    }
    this.ctx.waitUntil(Promise.resolve());
    return Response.json({ userId, email, kv: typeof this.env.OAUTH_KV.get });
  }
}

export class DefaultHandler extends WorkerEntrypoint<SampleEnv> {
  async fetch(request: Request): Promise<Response> {
    const authRequest = await this.env.OAUTH_PROVIDER.parseAuthRequest(request);
    const { redirectTo } = await this.env.OAUTH_PROVIDER.completeAuthorization({
      request: authRequest,
      userId: 'alice',
      metadata: { label: 'sample' },
      scope: authRequest.scope,
      props: { userId: 'alice', email: 'alice@example.com' } satisfies Props,
    });
    return Response.redirect(redirectTo, 302);
  }
}

export default new OAuthProvider<SampleEnv>({
  apiRoute: ['/api/', 'https://api.example.com/v1/'],
  apiHandler: ApiHandler,
  defaultHandler: DefaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
  accessTokenTTL: 3600,
  refreshTokenTTL: 30 * 24 * 3600,
  scopesSupported: ['read', 'write'],
  resourceMetadata: { resource: 'https://example.com/api', resource_name: 'Sample API' },
  requiredScopes: ['read'],
});
