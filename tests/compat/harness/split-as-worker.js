// The authorization-server Worker of the split topology: 1.2.3's
// OAuthAuthorizationServer (__PROVIDER__), its WorkerEntrypoint exposing
// fetch and validateToken over a Service Binding. /authorize approves at
// once as user1 (props {name: 'alice'}), with the scope asked for.
import { WorkerEntrypoint } from 'cloudflare:workers';
import * as Lib from '__PROVIDER__';
import { OPTIONS } from '__OPTIONS__';

const authorizationServer = new Lib.OAuthAuthorizationServer(OPTIONS);

export default class AuthServer extends WorkerEntrypoint {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/authorize') {
      const api = authorizationServer.getOAuthApi(this.env);
      const authRequest = await api.parseAuthRequest(request);
      const { redirectTo } = await api.completeAuthorization({
        request: authRequest, userId: 'user1', metadata: {}, scope: authRequest.scope, props: { name: 'alice' },
      });
      return Response.redirect(redirectTo, 302);
    }
    return authorizationServer.fetch(request, this.env, this.ctx);
  }

  validateToken(resource, token) {
    return authorizationServer.validateToken(resource, token, this.env);
  }
}
