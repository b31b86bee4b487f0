// A Worker written against @cloudflare/workers-oauth-provider 1.2.3's types:
// object handlers (ExportedHandler, with and without fetch), apiHandlers,
// the helpers, onError, and the error classes.
import OAuthProvider, {
  AuthorizationError,
  authorizationErrorRedirect,
  GrantType,
  OAuthError,
  ExternalTokenError,
  CimdFetchError,
  type AuthRequest,
  type ApprovedConsent,
  type ConsentDescription,
  type ConsentTransaction,
  type DeniedConsent,
  type RememberConsentOptions,
  type ResumedUpstream,
  type UpstreamTransaction,
  type ClientInfo,
  type GrantSummary,
  type ListResult,
  type OAuthHelpers,
  type OAuthProviderOptions,
  type TokenExchangeCallbackOptions,
  type TokenExchangeCallbackResult,
  type ResolveExternalTokenInput,
  type ResolveExternalTokenResult,
  type AuthorizationErrorCode,
  type OAuthTokenErrorCode,
} from '@cloudflare/workers-oauth-provider';

const api = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.OAUTH_KV.put('seen', request.url));
    return Response.json({ props: ctx.props });
  },
} satisfies ExportedHandler<SampleEnv>;

const admin = {
  fetch(request: Request, env: SampleEnv, ctx: ExecutionContext): Response {
    return new Response(`admin ${request.method} ${env.UPSTREAM_SECRET.length} ${typeof ctx.passThroughOnException}`);
  },
} satisfies ExportedHandler<SampleEnv>;

async function consent(request: Request, helpers: OAuthHelpers): Promise<Response> {
  let authRequest: AuthRequest;
  try {
    authRequest = await helpers.parseAuthRequest(request);
  } catch (e) {
    if (e instanceof AuthorizationError) {
      if (e.redirectTo) return Response.redirect(e.redirectTo, 302);
      return new Response(`${e.code}: ${e.description}`, { status: 400 });
    }
    if (e instanceof CimdFetchError) return new Response(e.detail, { status: 502 });
    throw e;
  }
  const client: ClientInfo | null = await helpers.lookupClient(authRequest.clientId);
  if (!client || new URL(request.url).searchParams.get('deny')) {
    const code: AuthorizationErrorCode = 'access_denied';
    return Response.redirect(authorizationErrorRedirect(authRequest, code, 'The user declined'), 302);
  }
  const { redirectTo } = await helpers.completeAuthorization({
    request: authRequest,
    userId: 'bob',
    metadata: { client: client.clientName ?? client.clientId },
    scope: authRequest.scope.filter((s) => s !== 'admin'),
    props: { userId: 'bob' },
    revokeExistingGrants: false,
  });
  return Response.redirect(redirectTo, 302);
}

// The consent and upstream helpers, as docs/consent-page.md and docs/upstream-sign-in.md use them.
async function consentHelpers(request: Request, helpers: OAuthHelpers): Promise<Response> {
  const remember: RememberConsentOptions = { secret: 'x'.repeat(32), subject: 'bob', maxAgeSeconds: 3600 };
  if (request.method === 'GET') {
    const authRequest = await helpers.parseAuthRequest(request);
    if (await helpers.isConsentRemembered(request, authRequest, { secret: remember.secret })) return new Response('remembered');
    const details: ConsentDescription = await helpers.describeConsent(authRequest);
    const page: ConsentTransaction = await helpers.beginConsent(authRequest);
    return new Response(`${details.clientName} ${details.redirectHost} ${details.redirectIsLoopback} ${page.handle}`, { headers: page.headers });
  }
  const form = await request.formData();
  const handle = String(form.get('handle'));
  if (form.get('decision') === 'deny') {
    const denied: DeniedConsent = await helpers.denyConsent(request, handle, { description: 'declined' });
    return new Response(denied.redirectTo, { status: 302, headers: denied.headers });
  }
  const approved: ApprovedConsent = await helpers.approveConsent(request, handle, { scope: form.getAll('scope').map(String), remember });
  const upstream: UpstreamTransaction = await helpers.beginUpstream(approved.request, { data: { verifier: 'v' }, headers: approved.headers });
  const back: ResumedUpstream<{ verifier: string }> = await helpers.finishUpstream<{ verifier: string }>(request);
  return new Response(`${upstream.state} ${back.data.verifier} ${back.request.clientId}`, { headers: back.headers });
}

const defaultHandler: ExportedHandler<SampleEnv> = {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/authorize') return consent(request, env.OAUTH_PROVIDER);
    if (url.pathname === '/consent') return consentHelpers(request, env.OAUTH_PROVIDER);
    if (url.pathname === '/grants') {
      const page: ListResult<GrantSummary> = await env.OAUTH_PROVIDER.listUserGrants('bob', { limit: 10 });
      for (const g of page.items) await env.OAUTH_PROVIDER.revokeGrant(g.id, g.userId);
      return Response.json(page.cursor ?? null);
    }
    if (url.pathname === '/clients') {
      const c = await env.OAUTH_PROVIDER.createClient({ redirectUris: ['https://client.example/cb'], tokenEndpointAuthMethod: 'none' });
      return Response.json(c);
    }
    return new Response('not found', { status: 404 });
  },
  async scheduled(_controller, env) {
    await env.OAUTH_KV.list({ prefix: 'grant:' });
  },
};

// The callbacks, given to the provider below.
export function onRefresh(options: TokenExchangeCallbackOptions<SampleEnv>): TokenExchangeCallbackResult | undefined {
  if (options.grantType === GrantType.REFRESH_TOKEN) return { newProps: { ...options.props, refreshed: true }, accessTokenTTL: 600 };
  if (options.grantType === GrantType.AUTHORIZATION_CODE) return undefined;
  const code: OAuthTokenErrorCode = 'invalid_grant';
  throw new OAuthError(code, { description: 'upstream refresh token is invalid', statusCode: 400, headers: { 'Retry-After': '60' } });
}

export const externalRefusal = new ExternalTokenError('invalid_token', { description: 'expired', statusCode: 401 });

async function resolvePat({ token, request, env }: ResolveExternalTokenInput<SampleEnv>): Promise<ResolveExternalTokenResult | null> {
  if (!token.startsWith('pat_')) return null;
  if (request.method === 'DELETE') throw new ExternalTokenError('insufficient_scope', { description: 'read only', statusCode: 403, requiredScopes: ['write'] });
  return { props: { pat: token, seen: await env.OAUTH_KV.get(token) }, audience: 'https://example.com/' };
}
export const grantTypes: string[] = Object.values(GrantType);

const options: OAuthProviderOptions<SampleEnv> = {
  apiHandlers: { '/api/': api, 'https://admin.example.com/': admin },
  defaultHandler,
  authorizeEndpoint: 'https://example.com/authorize',
  tokenEndpoint: 'https://example.com/token',
  refreshTokenTTL: undefined,
  allowPrivateUseRedirectUris: true,
  disallowPublicClientRegistration: true,
  resourceMetadata: { resource: 'https://example.com/', authorization_servers: ['https://example.com'], bearer_methods_supported: ['header'] },
  onError({ code, description, status, headers }) {
    console.warn(`OAuth error ${status} ${code}: ${description}`, headers);
  },
  tokenExchangeCallback: onRefresh,
  resolveExternalToken: resolvePat,
};

export default new OAuthProvider(options);
