// oc-oauth-provider/0.10: the declarations of what @cloudflare/workers-oauth-provider
// 0.10.4 exports, written for this package (a Worker written for 0.10.x changes its
// import to this entry and nothing else). The records, errors and helpers have the
// shapes of the 1.x entry's declarations, re-exported from there; the options, the
// helper set and the functions are 0.10.4's, derived from the 1.x declarations
// (Pick / Omit) where their members are the same.
import type {
  ClientInfo, PurgeOptions, PurgeResult, ResolveExternalTokenInput, OAuthErrorInternal,
  TokenExchangeCallbackResult as TokenExchangeCallbackResult1x,
  TokenExchangeCallbackOptions as TokenExchangeCallbackOptions1x,
  ResolveExternalTokenResult as ResolveExternalTokenResult1x,
  ExchangeTokenOptions as ExchangeTokenOptions1x,
  OAuthProviderOptions as OAuthProviderOptions1x,
  OAuthHelpers as OAuthHelpers1x,
} from '../index.js';

export type {
  AuthRequest, ClientInfo, CompleteAuthorizationOptions, Grant, GrantSummary, ListOptions, ListResult, PurgeOptions,
  PurgeResult, Token, TokenBase, TokenSummary, ClientRegistrationCallbackOptions, ClientRegistrationCallbackResult,
  ResolveExternalTokenInput, OAuthErrorOptions, ExternalTokenErrorOptions, OAuthTokenErrorCode, AuthorizationErrorCode,
  AuthorizationErrorOptions, EmaOptions, EmaValidationError, EmaIdJagClaims, EmaTrustedIssuer, EmaClaimsMapper,
  EmaClaimsMapperInput, EmaClaimsMapperResult, EmaTrustedIssuerResolver, EmaTrustedIssuerResolverInput,
} from '../index.js';
export { OAuthError, ExternalTokenError, AuthorizationError, CimdFetchError, GrantType } from '../index.js';

/** What a tokenExchangeCallback may change (0.10.4: no idle lifetime, no cross-client consent;
 * refreshTokenTTL at code exchange only, a refresh that returns it is refused). */
export interface TokenExchangeCallbackResult
  extends Omit<TokenExchangeCallbackResult1x, 'refreshTokenIdleTTL' | 'allowCrossClientExchange'> {}

/** What a tokenExchangeCallback is given (0.10.4: no subjectClientId, resource or env). */
export interface TokenExchangeCallbackOptions
  extends Omit<TokenExchangeCallbackOptions1x, 'subjectClientId' | 'resource' | 'env'> {}

export interface ResolveExternalTokenResult extends Omit<ResolveExternalTokenResult1x, 'audience'> {
  /** Required, and must be resourceMetadata.resource exactly, when that is configured. */
  audience?: string | string[];
}

/** exchangeToken's options (RFC 8693 without HTTP). */
export interface ExchangeTokenOptions extends Omit<ExchangeTokenOptions1x, 'aud'> {
  /** The new token's audience (RFC 8707 resource), resolved against the subject token's grant. */
  aud?: string | string[];
}

/** A token endpoint answer (exchangeToken resolves to one). */
interface TokenResponse extends Omit<Awaited<ReturnType<OAuthHelpers1x['exchangeToken']>>, 'resource'> {
  /** The access token's audience, when it has one. */
  resource?: string | string[];
}

/** OAuthProvider's options, as 0.10.4 declares them. */
export interface OAuthProviderOptions<Env = Cloudflare.Env> extends Pick<OAuthProviderOptions1x<Env>,
  'apiRoute' | 'apiHandler' | 'apiHandlers' | 'defaultHandler' | 'authorizeEndpoint' | 'tokenEndpoint'
  | 'clientRegistrationEndpoint' | 'accessTokenTTL' | 'refreshTokenTTL' | 'scopesSupported' | 'allowTokenExchangeGrant'
  | 'enterpriseManagedAuthorization' | 'disallowPublicClientRegistration' | 'clientRegistrationCallback'
  | 'clientIdMetadataDocumentEnabled'> {
  /** Seconds; default 90 days; undefined given explicitly (or 0): registered clients never expire. */
  clientRegistrationTTL?: number;
  /** The implicit grant (response_type=token); default false. */
  allowImplicitFlow?: boolean;
  /** code_challenge_method=plain; default false (S256 only). */
  allowPlainPKCE?: boolean;
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
export interface OAuthHelpers extends Pick<OAuthHelpers1x, 'parseAuthRequest' | 'lookupClient' | 'completeAuthorization'
  | 'listClients' | 'deleteClient' | 'listUserGrants' | 'revokeGrant' | 'unwrapToken' | 'purgeExpiredData'> {
  createClient(clientInfo: Partial<ClientInfo>): Promise<ClientInfo>;
  updateClient(clientId: string, updates: Partial<ClientInfo>): Promise<ClientInfo | null>;
  /** RFC 8693 without HTTP, as the client the subject token was issued to (0.10.4's rules). */
  exchangeToken(options: ExchangeTokenOptions): Promise<TokenResponse>;
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
