// oc-oauth-provider/0.10: the declarations of what @cloudflare/workers-oauth-provider
// 0.10.4 exports, written for this package (a Worker written for 0.10.x changes its
// import to this entry and nothing else). The records, errors and helpers have the
// shapes of the 1.x entry's declarations, re-exported from there; the options, the
// helper set and the functions are 0.10.4's.
import { WorkerEntrypoint } from 'cloudflare:workers';
import type {
  AuthRequest, ClientInfo, CompleteAuthorizationOptions, GrantSummary, ListOptions, ListResult, PurgeOptions,
  PurgeResult, TokenSummary, ClientRegistrationCallbackOptions, ClientRegistrationCallbackResult,
  ResolveExternalTokenInput, OAuthErrorInternal, EmaOptions, GrantType,
} from '../index.js';

export type {
  AuthRequest, ClientInfo, CompleteAuthorizationOptions, Grant, GrantSummary, ListOptions, ListResult, PurgeOptions,
  PurgeResult, Token, TokenBase, TokenSummary, ClientRegistrationCallbackOptions, ClientRegistrationCallbackResult,
  ResolveExternalTokenInput, OAuthErrorOptions, ExternalTokenErrorOptions, OAuthTokenErrorCode, AuthorizationErrorCode,
  AuthorizationErrorOptions, EmaOptions, EmaValidationError, EmaIdJagClaims, EmaTrustedIssuer, EmaClaimsMapper,
  EmaClaimsMapperInput, EmaClaimsMapperResult, EmaTrustedIssuerResolver, EmaTrustedIssuerResolverInput,
} from '../index.js';
export { OAuthError, ExternalTokenError, AuthorizationError, CimdFetchError, GrantType } from '../index.js';

type ExportedHandlerWithFetch<Env = Cloudflare.Env> = ExportedHandler<Env> & Pick<Required<ExportedHandler<Env>>, 'fetch'>;
type WorkerEntrypointWithFetch<Env = Cloudflare.Env> = WorkerEntrypoint<Env> & { fetch: NonNullable<WorkerEntrypoint['fetch']> };
type ApiHandler<Env> = ExportedHandlerWithFetch<Env> | (new (ctx: ExecutionContext, env: Env) => WorkerEntrypointWithFetch<Env>);

/** What a tokenExchangeCallback may change (0.10.4: no idle lifetime). */
export interface TokenExchangeCallbackResult {
  accessTokenProps?: any;
  newProps?: any;
  /** Seconds. */
  accessTokenTTL?: number;
  /** Seconds; code exchange only (a refresh that returns it is refused). */
  refreshTokenTTL?: number;
  /** The access token's scope, within the grant's. */
  accessTokenScope?: string[];
}

export interface TokenExchangeCallbackOptions {
  grantType: GrantType;
  clientId: string;
  userId: string;
  grantId: string;
  scope: string[];
  requestedScope: string[];
  props: any;
}

export interface ResolveExternalTokenResult {
  props: any;
  /** Required, and must be resourceMetadata.resource exactly, when that is configured. */
  audience?: string | string[];
}

/** OAuthProvider's options, as 0.10.4 declares them. */
export interface OAuthProviderOptions<Env = Cloudflare.Env> {
  /** Path prefixes (any host) or full URLs served by apiHandler; not with apiHandlers. */
  apiRoute?: string | string[];
  apiHandler?: ApiHandler<Env>;
  /** Route → handler; not with apiRoute / apiHandler. */
  apiHandlers?: Record<string, ApiHandler<Env>>;
  defaultHandler: ExportedHandler<Env> | (new (ctx: ExecutionContext, env: Env) => WorkerEntrypointWithFetch<Env>);
  authorizeEndpoint: string;
  tokenEndpoint: string;
  clientRegistrationEndpoint?: string;
  /** Seconds; default 3600, an integer of at least 60. */
  accessTokenTTL?: number;
  /** Seconds; default 30 days; 0: no refresh tokens; undefined given explicitly: no expiry. */
  refreshTokenTTL?: number;
  /** Seconds; default 90 days; undefined given explicitly (or 0): registered clients never expire. */
  clientRegistrationTTL?: number;
  scopesSupported?: string[];
  /** The implicit grant (response_type=token); default false. */
  allowImplicitFlow?: boolean;
  /** code_challenge_method=plain; default false (S256 only). */
  allowPlainPKCE?: boolean;
  allowTokenExchangeGrant?: boolean;
  enterpriseManagedAuthorization?: EmaOptions<Env>;
  disallowPublicClientRegistration?: boolean;
  clientRegistrationCallback?: (options: ClientRegistrationCallbackOptions) =>
    Promise<ClientRegistrationCallbackResult | void> | ClientRegistrationCallbackResult | void;
  tokenExchangeCallback?: (options: TokenExchangeCallbackOptions) =>
    Promise<TokenExchangeCallbackResult | void> | TokenExchangeCallbackResult | void;
  resolveExternalToken?: (input: ResolveExternalTokenInput<Env>) => Promise<ResolveExternalTokenResult | null>;
  onError?: (error: {
    code: string;
    description: string;
    status: number;
    headers: Record<string, string>;
    internal?: OAuthErrorInternal;
    request?: Request;
  }) => Response | void;
  clientIdMetadataDocumentEnabled?: boolean;
  /** Requested and granted resources compared by origin only (deprecated in 0.10.4). */
  resourceMatchOriginOnly?: boolean;
  /** RFC 9728 metadata; without it, derived from each request. resource pins grants and audiences. */
  resourceMetadata?: {
    resource?: string;
    authorization_servers?: string[];
    scopes_supported?: string[];
    bearer_methods_supported?: string[];
    resource_name?: string;
  };
}

/** env.OAUTH_PROVIDER, as 0.10.4 provides it. */
export interface OAuthHelpers {
  parseAuthRequest(request: Request): Promise<AuthRequest>;
  lookupClient(clientId: string): Promise<ClientInfo | null>;
  completeAuthorization(options: CompleteAuthorizationOptions): Promise<{ redirectTo: string }>;
  createClient(clientInfo: Partial<ClientInfo>): Promise<ClientInfo>;
  listClients(options?: ListOptions): Promise<ListResult<ClientInfo>>;
  updateClient(clientId: string, updates: Partial<ClientInfo>): Promise<ClientInfo | null>;
  deleteClient(clientId: string): Promise<void>;
  listUserGrants(userId: string, options?: ListOptions): Promise<ListResult<GrantSummary>>;
  revokeGrant(grantId: string, userId: string): Promise<void>;
  unwrapToken<T = any>(token: string): Promise<TokenSummary<T> | null>;
  purgeExpiredData(options?: PurgeOptions): Promise<PurgeResult>;
}

export declare class OAuthProvider<Env = Cloudflare.Env> {
  constructor(options: OAuthProviderOptions<Env>);
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  purgeExpiredData(env: Env, options?: PurgeOptions): Promise<PurgeResult>;
}

export declare function getOAuthApi<Env = Cloudflare.Env>(options: OAuthProviderOptions<Env>, env: Env): OAuthHelpers;

/** Whether scopeToken is an OAuth scope token (RFC 6749 §3.3). */
export declare function isValidOAuthScopeToken(scopeToken: string): boolean;
/** Whether uri is an absolute http(s) URI without a fragment (RFC 8707 §2). */
export declare function validateResourceUri(uri: string): boolean;
/** Requested against granted resource: exactly, or by origin with originOnly. */
export declare function resourceMatches(requested: string, granted: string, originOnly: boolean): boolean;
/** The bytes of a base64url string. */
export declare function base64UrlToBytes(base64Url: string): Uint8Array;
/** A JWT header or payload (base64url JSON object); throws Error('Malformed JWT part'). */
export declare function parseJwtJsonPart(encoded: string): Record<string, unknown>;
/** WebCrypto parameters of RS256 and ES256; throws for any other alg. */
export declare function getJwtCryptoAlgorithms(alg: string): {
  importAlgorithm: Parameters<SubtleCrypto['importKey']>[2];
  verifyAlgorithm: Parameters<SubtleCrypto['verify']>[0];
};

export default OAuthProvider;
