// The authorization-server Worker of the split topology, as 1.2.3's docs write
// it: OAuthAuthorizationServer, its WorkerEntrypoint exposing fetch and
// validateToken over a Service Binding, the application's authorization endpoint.
import { WorkerEntrypoint } from 'cloudflare:workers';
import { OAuthAuthorizationServer, type ValidatedAccessToken } from '@cloudflare/workers-oauth-provider';

type Props = { name: string };

const authorizationServer = new OAuthAuthorizationServer<SampleEnv>({
  issuer: 'https://auth.example.com',
  resources: ['https://mcp.example.com/mcp'],
  defaultResource: 'https://mcp.example.com/mcp',
  clientRegistrationEndpoint: '/register',
  scopesSupported: ['read', 'write'],
  accessTokenTTL: 600,
});

export default class AuthServer extends WorkerEntrypoint<SampleEnv> {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === '/authorize') {
      const api = authorizationServer.getOAuthApi(this.env);
      const authRequest = await api.parseAuthRequest(request);
      const { redirectTo } = await api.completeAuthorization({
        request: authRequest, userId: 'user1', metadata: {}, scope: authRequest.scope, props: { name: 'alice' } satisfies Props,
      });
      return Response.redirect(redirectTo, 302);
    }
    return authorizationServer.fetch(request, this.env, this.ctx);
  }

  validateToken(resource: string, token: string): Promise<ValidatedAccessToken<Props> | null> {
    return authorizationServer.validateToken<Props>(resource, token, this.env);
  }

  async scheduled(): Promise<void> {
    await authorizationServer.purgeExpiredData(this.env, { batchSize: 100 });
  }
}
