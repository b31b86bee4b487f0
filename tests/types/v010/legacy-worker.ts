// A Worker written for @cloudflare/workers-oauth-provider 0.10.x, with its
// TypeScript: no resourceMetadata (protected resource metadata derived per
// request), resourceMatchOriginOnly, plain PKCE allowed, RFC 8693 token
// exchange, the helpers (exchangeToken among them), and the functions 1.x removed. It compiles against 0.10.4's declarations and against
// oc-oauth-provider/0.10's (tests/types/types.test.mjs), and its flows run
// against both (tests/compat/legacy-worker.test.mjs).
import OAuthProvider, {
  AuthorizationError,
  GrantType,
  OAuthError,
  getOAuthApi,
  isValidOAuthScopeToken,
  validateResourceUri,
  resourceMatches,
  base64UrlToBytes,
  parseJwtJsonPart,
  getJwtCryptoAlgorithms,
  type AuthRequest,
  type ExchangeTokenOptions,
  type OAuthHelpers,
  type OAuthProviderOptions,
  type TokenExchangeCallbackOptions,
} from '@cloudflare/workers-oauth-provider';

interface Env {
  OAUTH_KV: KVNamespace;
  OAUTH_PROVIDER: OAuthHelpers;
}

const apiHandler = {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const props = (ctx as ExecutionContext & { props: { user: string } }).props;
    return Response.json({ user: props.user, path: new URL(request.url).pathname });
  },
};

const defaultHandler = {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/authorize') {
      let authRequest: AuthRequest;
      try {
        authRequest = await env.OAUTH_PROVIDER.parseAuthRequest(request);
      } catch (e) {
        if (e instanceof AuthorizationError) return new Response(`${e.code}: ${e.description}`, { status: 400 });
        throw e;
      }
      const scope = authRequest.scope.filter((s) => isValidOAuthScopeToken(s));
      const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
        request: authRequest, userId: 'alice', metadata: { at: 1 }, scope, props: { user: 'alice' },
      });
      return Response.redirect(redirectTo, 302);
    }
    if (url.pathname === '/setup') {
      const client = await env.OAUTH_PROVIDER.createClient({
        redirectUris: ['https://client.example.org/cb'], clientName: 'sample', tokenEndpointAuthMethod: 'client_secret_basic',
      });
      return Response.json({ clientId: client.clientId, clientSecret: client.clientSecret });
    }
    if (url.pathname === '/exchange') {
      const ask: ExchangeTokenOptions = { subjectToken: url.searchParams.get('token') ?? '', scope: ['read'], aud: ['https://example.com/api'], expiresIn: 600 };
      const t = await env.OAUTH_PROVIDER.exchangeToken(ask);
      const resource: string | string[] | undefined = t.resource;
      return Response.json({ scope: t.scope, expiresIn: t.expires_in, resource: resource ?? null });
    }
    if (url.pathname === '/functions') {
      const bytes: Uint8Array = base64UrlToBytes('AQID');
      const header: Record<string, unknown> = parseJwtJsonPart('eyJhbGciOiJSUzI1NiJ9');
      const { importAlgorithm } = getJwtCryptoAlgorithms('ES256');
      return Response.json({
        scope: isValidOAuthScopeToken('read'),
        uri: validateResourceUri('https://example.com/api'),
        match: resourceMatches('https://example.com/api', 'https://example.com/', true),
        bytes: [...bytes], alg: header.alg, curve: (importAlgorithm as { namedCurve?: string }).namedCurve,
      });
    }
    return new Response('not found', { status: 404 });
  },
};

export const options: OAuthProviderOptions<Env> = {
  apiRoute: '/api/',
  apiHandler,
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
  scopesSupported: ['read', 'write'],
  accessTokenTTL: 3600,
  clientRegistrationTTL: 0,
  resourceMatchOriginOnly: true,
  allowPlainPKCE: true,
  allowTokenExchangeGrant: true,
};

// The callback's types (0.10.4's shapes), written as a 0.10.x Worker writes one.
export function exchange(o: TokenExchangeCallbackOptions) {
  if (o.grantType === GrantType.REFRESH_TOKEN && o.scope.length === 0) throw new OAuthError('invalid_grant', { description: 'no scope' });
  return { accessTokenProps: { ...o.props, refreshed: o.grantType === GrantType.REFRESH_TOKEN } };
}

export function helpersFor(env: Env): OAuthHelpers {
  return getOAuthApi(options, env);
}

export default new OAuthProvider<Env>(options);
