// A resource-server Worker of the split topology, as 1.2.3's docs write it:
// OAuthResourceServer whose validator is the authorization server's
// validateToken over a Service Binding, a step-up answer, ctx.props and ctx.auth.
import {
  OAuthResourceServer,
  insufficientScope,
  OAuthError,
  type AuthorizationServerBinding,
  type OAuthResourceContext,
} from '@cloudflare/workers-oauth-provider';

type Props = { name: string };
interface ResourceEnv {
  AUTH_SERVER: AuthorizationServerBinding<Props>;
}

const server = new OAuthResourceServer<ResourceEnv, Props>({
  resourceMetadata: { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] },
  requiredScopes: ['read'],
  validateToken: (env) => env.AUTH_SERVER.validateToken,
  handler: {
    async fetch(request: Request, env: ResourceEnv, ctx: OAuthResourceContext<Props>) {
      if (request.method === 'POST' && !ctx.auth.scope.includes('write')) return insufficientScope(ctx.auth, ['write']);
      return Response.json({ hello: ctx.props.name, user: ctx.auth.userId ?? null });
    },
  },
});

// The same resource with a validator of its own, which may answer an OAuth error.
export const local = new OAuthResourceServer<ResourceEnv, Props>({
  resourceMetadata: { resource: 'https://mcp.example.com/other', authorization_servers: ['https://auth.example.com'] },
  validateToken: (env) => async (resource, token) => {
    if (token.length > 4096) throw new OAuthError('invalid_token', { description: 'token too long' });
    return env.AUTH_SERVER.validateToken(resource, token);
  },
  handler: { fetch: (_request, _env, ctx) => Response.json(ctx.props) },
});

export default {
  fetch(request: Request, env: ResourceEnv, ctx: ExecutionContext) {
    return server.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<ResourceEnv>;
