// The resource-server Worker of the split topology: OAuthResourceServer
// (__PROVIDER__) instances whose validator is the authorization server's
// validateToken over the Service Binding AUTH_SERVER. OPTIONS.servers:
// [{resourceMetadata, requiredScopes?}], each serving its resource; the
// handler answers {props, auth}, or 403 insufficientScope() when the path
// ends in /write and the token lacks "write".
import * as Lib from '__PROVIDER__';
import { OPTIONS } from '__OPTIONS__';

const handler = {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname.endsWith('/write') && !ctx.auth.scope.includes('write')) {
      return Lib.insufficientScope(ctx.auth, ['write'], 'writing needs the write scope');
    }
    return Response.json({ props: ctx.props, auth: ctx.auth });
  },
};

const servers = OPTIONS.servers.map((o) => new Lib.OAuthResourceServer({
  ...o, handler, validateToken: (env) => env.AUTH_SERVER.validateToken,
}));

export default {
  async fetch(request, env, ctx) {
    for (const s of servers) {
      const res = await s.fetch(request, env, ctx);
      if (res.status !== 404) return res;
    }
    return new Response(null, { status: 404 });
  },
};
