// Public types of oc-oauth-provider: the names and shapes that
// @cloudflare/workers-oauth-provider 1.2.3 exports, so that a Worker which
// type-checks against it type-checks against this package with only its import
// changed. Like 1.2.3's, these declarations use the Workers runtime types
// (ExecutionContext, ExportedHandler, Cloudflare.Env and the module
// "cloudflare:workers"), from @cloudflare/workers-types or `wrangler types`.
//
// Declared here only where this package has them at run time: 1.2.3's
// OAuthAuthorizationServer and OAuthResourceServer, and the OAuthHelpers methods listed at OAuthHelpers, are not (yet) provided. Their
// option and result types are declared, as are options that the constructor
// refuses until they are implemented (see OAuthProviderOptions).
import { WorkerEntrypoint } from 'cloudflare:workers';

// ---------------------------------------------------------------- errors

/** The internal reason behind an error response: given to onError, never sent. */
export interface OAuthErrorInternal {
  /** Kebab-case subsystem, e.g. `refresh-token-grant`. */
  category: string;
  /** Snake-case name of the check that failed. */
  reason: string;
  detail?: unknown;
}

export interface OAuthErrorOptions {
  /** Sent as `error_description`. */
  description: string;
  /** HTTP status; 400 when not given. */
  statusCode?: number;
  headers?: Record<string, string>;
  internal?: OAuthErrorInternal;
  /** For `insufficient_scope`: the scopes the challenge names. */
  requiredScopes?: string[];
}

/** An OAuth error thrown by application code to get a standard OAuth error response. */
export declare class OAuthError extends Error {
  readonly code: string;
  /** The options given, with `statusCode` filled in. */
  readonly options: OAuthErrorOptions & { statusCode: number };
  readonly description: string;
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly requiredScopes?: string[];
  constructor(code: string, options: OAuthErrorOptions);
}

/** Error codes of the token endpoint and of bearer token answers (RFC 6749, 6750, 8693). */
export type OAuthTokenErrorCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client'
  | 'unsupported_grant_type' | 'invalid_scope' | 'invalid_token' | 'insufficient_scope'
  | 'invalid_target' | 'server_error' | 'temporarily_unavailable';

export interface ExternalTokenErrorOptions {
  /** Sent as `error_description`: nothing secret. */
  description: string;
  statusCode: number;
  headers?: Record<string, string>;
  /** For `insufficient_scope`: the scopes the challenge names. */
  requiredScopes?: string[];
}

/** The structured answer a resolveExternalToken callback throws. */
export declare class ExternalTokenError extends Error {
  readonly code: OAuthTokenErrorCode;
  readonly description: string;
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly requiredScopes?: string[];
  constructor(code: OAuthTokenErrorCode, options: ExternalTokenErrorOptions);
}

/** A Client ID Metadata Document could not be fetched or was not valid. */
export declare class CimdFetchError extends Error {
  readonly reason: 'metadata_resolution_failed';
  readonly metadataUrl: string;
  /** The cause's message, or the cause as a string. */
  readonly detail: string;
  constructor(metadataUrl: string, cause: unknown);
}

/** Authorization endpoint error codes (RFC 6749 §4.1.2.1, RFC 8707). */
export type AuthorizationErrorCode =
  | 'invalid_request' | 'invalid_target' | 'unauthorized_client' | 'access_denied'
  | 'unsupported_response_type' | 'invalid_scope' | 'server_error' | 'temporarily_unavailable';

export interface AuthorizationErrorOptions {
  description: string;
  /** The client's validated redirect URI; absent when the error must not be redirected. */
  redirectUri?: string;
  state?: string;
  /** The issuer, sent as `iss` (RFC 9207). */
  issuer?: string;
}

/**
 * An authorization request that cannot proceed. `redirectTo` is the error
 * redirect back to the client, set only when `redirectUri` is given; without
 * it, show the error yourself and never redirect.
 */
export declare class AuthorizationError extends Error {
  readonly code: AuthorizationErrorCode;
  readonly description: string;
  readonly redirectUri?: string;
  readonly state?: string;
  readonly issuer?: string;
  readonly redirectTo?: string;
  constructor(code: AuthorizationErrorCode, options: AuthorizationErrorOptions);
}

/**
 * The error redirect back to a client (RFC 6749 §4.1.2.1, RFC 9207): its
 * redirect URI with `error`, `error_description` (when given), `state` and
 * `iss`. Give it a request this package validated (parseAuthRequest). Throws
 * a TypeError when `redirectUri` is not a URL.
 */
export declare function authorizationErrorRedirect(
  request: { redirectUri: string; state?: string; issuer?: string },
  code: AuthorizationErrorCode,
  description?: string,
): string;

// ---------------------------------------------------------------- resources

/** RFC 9728 metadata of one protected resource. */
export interface OAuthProtectedResourceMetadata {
  /** The resource's canonical https URL: every access token's audience. */
  resource: string;
  authorization_servers?: string[];
  /** @deprecated Use `requiredScopes`; giving both is refused. */
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_name?: string;
}

/** RFC 9728 metadata published by a standalone resource server. */
export interface OAuthResourceMetadata {
  resource: string;
  authorization_servers: string[];
  /** @deprecated Use `requiredScopes`; giving both is refused. */
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_name?: string;
}

/** What a bearer token was verified to be: `ctx.auth` in an API handler. */
export interface OAuthResourceAuth {
  /** The token as presented; never log it. */
  token: string;
  audience: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
  scope: string[];
  userId?: string;
  clientId?: string;
}

/** A protected handler's context: the runtime's, with `props` and `auth`. */
export type OAuthResourceContext<Props> = ExecutionContext<Props> & { readonly auth: OAuthResourceAuth };

export interface OAuthResourceTokenValidation<Props> {
  props: Props;
  audience: string;
  expiresAt?: number;
  scope?: string[];
  userId?: string;
  clientId?: string;
}

export type OAuthResourceTokenValidator<Props> =
  (resource: string, token: string) => Promise<OAuthResourceTokenValidation<Props> | null>;

export type OAuthResourceHandler<Env, Props> =
  | { fetch(request: Request, env: Env, ctx: OAuthResourceContext<Props>): Response | Promise<Response> }
  | (new (ctx: OAuthResourceContext<Props>, env: Env) => { fetch(request: Request): Response | Promise<Response> });

export interface OAuthResourceServerOptions<Env = Cloudflare.Env, Props = unknown> {
  resourceMetadata: OAuthResourceMetadata;
  requiredScopes?: string[];
  handler: OAuthResourceHandler<Env, Props>;
  validateToken(env: Env, request: Request): OAuthResourceTokenValidator<Props>;
}

/**
 * One OAuth protected resource, in the authorization server's Worker or its
 * own: RFC 9728 metadata, the Bearer challenge, the token checked by
 * `validateToken` (audience and expiry enforced on its result), the canonical
 * resource and its descendants routed to `handler` with `ctx.props` and
 * `ctx.auth`; a validator that throws anything but an `OAuthError` is a 503.
 */
export declare class OAuthResourceServer<Env = Cloudflare.Env, Props = unknown> {
  #private;
  constructor(options: OAuthResourceServerOptions<Env, Props>);
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
}

/** An access token checked for one resource. */
export interface ValidatedAccessToken<T = any> {
  props: T;
  audience: string;
  expiresAt: number;
  scope: string[];
  userId: string;
  clientId: string;
}

/** The RPC surface of an authorization server's token validation, over a Service Binding. */
export interface AuthorizationServerBinding<Props = any> {
  validateToken(resource: string, token: string): Promise<ValidatedAccessToken<Props> | null>;
}

/**
 * The 403 step-up answer (RFC 6750 §3.1) for a valid token that lacks scopes:
 * the challenge names every scope the operation needs and the resource's
 * RFC 9728 metadata URL. Throws a TypeError when `scope` holds no valid scope.
 */
export declare function insufficientScope(
  auth: Pick<OAuthResourceAuth, 'audience'> & Partial<OAuthResourceAuth>,
  scope: string[],
  description?: string,
): Response;

// ---------------------------------------------------------------- consent and upstream

export interface RememberConsentOptions {
  /** At least 32 characters. */
  secret: string;
  maxAgeSeconds?: number;
  subject?: string;
}

/** What a consent page shows; every string may come from the client: escape it. */
export interface ConsentDescription {
  clientId: string;
  clientName: string;
  clientDomain?: string;
  clientUri?: string;
  logoUri?: string;
  redirectUri: string;
  redirectHost: string;
  redirectIsLoopback: boolean;
  scope: string[];
}

export interface ConsentTransaction {
  handle: string;
  headers: Headers;
}

export interface ApprovedConsent {
  request: AuthRequest;
  headers: Headers;
}

export interface DeniedConsent {
  request: AuthRequest;
  redirectTo: string;
  headers: Headers;
}

export interface UpstreamTransaction {
  state: string;
  headers: Headers;
}

export interface ResumedUpstream<Data = unknown> {
  request: AuthRequest;
  data: Data;
  headers: Headers;
}

// ---------------------------------------------------------------- enterprise-managed authorization

/** Why an ID-JAG assertion was refused. */
export type EmaValidationError =
  | { reason: 'assertion_missing' }
  | { reason: 'assertion_too_large'; size: number; max: number }
  | { reason: 'assertion_malformed' }
  | { reason: 'invalid_typ'; got?: unknown }
  | { reason: 'invalid_alg'; got?: unknown }
  | { reason: 'issuer_not_trusted'; iss: string }
  | { reason: 'no_matching_key'; kid?: string }
  | { reason: 'signature_failed' }
  | { reason: 'jwks_fetch_failed'; status?: number }
  | { reason: 'invalid_claim'; claim: string }
  | { reason: 'aud_mismatch'; expected: string; got: string | string[] }
  | { reason: 'unsupported_claim'; claim: 'authorization_details' | 'cnf' }
  | { reason: 'expired'; exp: number; now: number }
  | { reason: 'iat_in_future'; iat: number; now: number; skew: number }
  | { reason: 'nbf_in_future'; nbf: number; now: number; skew: number }
  | { reason: 'lifetime_too_long'; lifetime: number; max: number }
  | { reason: 'replayed'; jti: string }
  | { reason: 'client_id_mismatch'; expected: string; got: string }
  | { reason: 'resource_invalid'; resource: string }
  | { reason: 'resource_mismatch'; expected: string; got: string }
  | { reason: 'invalid_scope_param' }
  | { reason: 'invalid_mapped_user' }
  | { reason: 'invalid_mapped_scope' }
  | { reason: 'invalid_mapped_props' }
  | { reason: 'invalid_mapped_ttl' }
  | { reason: 'mapper_denied' }
  | { reason: 'mapper_threw' }
  | { reason: 'assertion_expired_after_processing' };

export interface EmaIdJagClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  resource: string;
  client_id: string;
  jti: string;
  exp: number;
  iat: number;
  scope?: string;
  email?: string;
  [claim: string]: unknown;
}

export interface EmaTrustedIssuer {
  issuer: string;
  jwksUri: string;
  algorithms?: string[];
  audience?: string;
}

export interface EmaClaimsMapperInput<Env = Cloudflare.Env> {
  claims: EmaIdJagClaims;
  clientInfo: ClientInfo;
  resource: string;
  requestedScope: string[];
  request: Request;
  env: Env;
}

export interface EmaClaimsMapperResult {
  /** Must not contain ':'. */
  userId: string;
  scope: string[];
  metadata?: unknown;
  props: unknown;
  accessTokenTTL?: number;
}

export type EmaClaimsMapper<Env = Cloudflare.Env> =
  (input: EmaClaimsMapperInput<Env>) => Promise<EmaClaimsMapperResult | null>;

export interface EmaTrustedIssuerResolverInput<Env = Cloudflare.Env> {
  iss: string;
  env: Env;
  request: Request;
  clientInfo: ClientInfo;
}

export type EmaTrustedIssuerResolver<Env = Cloudflare.Env> =
  (input: EmaTrustedIssuerResolverInput<Env>) => Promise<EmaTrustedIssuer | null>;

/** enterpriseManagedAuthorization: its presence enables the ID-JAG grant. */
export interface EmaOptions<Env = Cloudflare.Env> {
  /** The trusted issuer for an assertion's (unverified) `iss`, or null; its `issuer` must equal `iss`. Only `https:` is enforced on `jwksUri`. */
  trustedIssuers: EmaTrustedIssuerResolver<Env>;
  /** Maps validated claims to the user, scopes, props and metadata of the grant; null denies. */
  mapClaims: EmaClaimsMapper<Env>;
  /** Seconds a fetched key set is used (cached in OAUTH_KV here). Default 300. */
  jwksCacheTtlSeconds?: number;
  /** Seconds of clock skew allowed for `exp`, `iat` and `nbf`. Default 60. */
  clockSkewSeconds?: number;
  /** The longest `exp - iat` accepted, in seconds. Default 300. */
  maxAssertionLifetimeSeconds?: number;
  /** Accept public clients (no client authentication) on this grant. Default false. */
  allowPublicClients?: boolean;
}

// ---------------------------------------------------------------- provider options

/** The grant types, as values of the token request's `grant_type`. */
export declare enum GrantType {
  AUTHORIZATION_CODE = 'authorization_code',
  REFRESH_TOKEN = 'refresh_token',
  TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange',
  JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer',
}

type ExportedHandlerWithFetch<Env = Cloudflare.Env, Props = unknown> =
  ExportedHandler<Env, unknown, unknown, Props> & Pick<Required<ExportedHandler<Env, unknown, unknown, Props>>, 'fetch'>;
type WorkerEntrypointWithFetch<Env = Cloudflare.Env, Props = {}> =
  WorkerEntrypoint<Env, Props> & { fetch: NonNullable<WorkerEntrypoint['fetch']> };
/** An API handler: an object with `fetch`, or a WorkerEntrypoint class with `fetch`. */
type ApiHandler<Env> = ExportedHandlerWithFetch<Env> | (new (ctx: ExecutionContext, env: Env) => WorkerEntrypointWithFetch<Env>);

/** What a tokenExchangeCallback may change (README, "tokenExchangeCallback"). */
export interface TokenExchangeCallbackResult {
  /** The new access token's props (sealed under a key of their own); default: newProps, else the grant's. */
  accessTokenProps?: any;
  /** The grant's props from now on (and the access token's, without accessTokenProps). */
  newProps?: any;
  /** Seconds, an integer of at least 60 (a refresh caps it at the grant's end). */
  accessTokenTTL?: number;
  /** Code exchange only: 0 (no refresh token) or an integer of at least 60. */
  refreshTokenTTL?: number;
  /** Refresh only: the grant's idle lifetime from this refresh, an integer of at least 60. */
  refreshTokenIdleTTL?: number;
  /** The access token's scope: those of the grant's scopes listed. */
  accessTokenScope?: string[];
  /** RFC 8693 token exchange only: lets a client exchange another client's access token. */
  allowCrossClientExchange?: boolean;
}

export interface TokenExchangeCallbackOptions<Env = Cloudflare.Env> {
  grantType: GrantType;
  clientId: string;
  subjectClientId: string;
  userId: string;
  grantId: string;
  scope: string[];
  requestedScope: string[];
  resource: string;
  props: any;
  env: Env;
}

export interface ClientRegistrationCallbackOptions {
  /** The registration request's JSON body. */
  clientMetadata: Record<string, unknown>;
  /** A clone of the request, body unread. */
  request: Request;
}

/** Returned to refuse a registration (RFC 7591 §3.2.2). */
export interface ClientRegistrationCallbackResult {
  /** Default `invalid_client_metadata`. */
  code?: string;
  description?: string;
  /** Default 400. */
  status?: number;
}

/** This project's addition: the argument of `clientCredentialsCallback`. */
export interface ClientCredentialsCallbackOptions {
  /** The authenticated client asking for a token for itself. */
  clientId: string;
  /** The token's scope: what it asked for, within its `allowedScopes`. */
  scope: string[];
}

/** This project's addition: what `clientCredentialsCallback` may return. */
export interface ClientCredentialsCallbackResult {
  /** The token's props (`ctx.props` in API handlers); default `{}`. */
  props?: any;
}

export interface ResolveExternalTokenInput<Env = Cloudflare.Env> {
  token: string;
  request: Request;
  env: Env;
}

export interface ResolveExternalTokenResult {
  props: any;
  /** Must identify `resourceMetadata.resource`. */
  audience: string;
}

/**
 * OAuthProvider's options, as 1.2.3 declares them, every one implemented.
 */
export interface OAuthProviderOptions<Env = Cloudflare.Env> {
  /** Path prefixes (any host) or full URLs served by `apiHandler`; not with `apiHandlers`. */
  apiRoute?: string | string[];
  apiHandler?: ApiHandler<Env>;
  /** Route → handler; not with `apiRoute` / `apiHandler`. */
  apiHandlers?: Record<string, ApiHandler<Env>>;
  /** Every other request, and API requests without a valid token. */
  defaultHandler: ExportedHandler<Env> | (new (ctx: ExecutionContext, env: Env) => WorkerEntrypointWithFetch<Env>);
  authorizeEndpoint: string;
  tokenEndpoint: string;
  clientRegistrationEndpoint?: string;
  /** Seconds; default 3600, at least 60. */
  accessTokenTTL?: number;
  /** Seconds; default 30 days; 0: no refresh tokens; `undefined` given explicitly: no expiry. */
  refreshTokenTTL?: number;
  /** Seconds of idleness after which a grant expires; each refresh moves the expiry. */
  refreshTokenIdleTTL?: number;
  /** Seconds; default 90 days; `undefined` given explicitly: no expiry. */
  clientRegistrationTTL?: number;
  /** Advertised in the authorization server metadata. */
  scopesSupported?: string[];
  /** RFC 8693 token exchange at the token endpoint (advertised in the metadata). Default false. */
  allowTokenExchangeGrant?: boolean;
  /**
   * Experimental (as in 1.2.3): the MCP Enterprise-Managed Authorization extension. Given, the
   * token endpoint accepts ID-JAG assertions with the JWT bearer grant
   * (`urn:ietf:params:oauth:grant-type:jwt-bearer`), advertised in the metadata.
   */
  enterpriseManagedAuthorization?: EmaOptions<Env>;
  disallowPublicClientRegistration?: boolean;
  clientRegistrationCallback?: (options: ClientRegistrationCallbackOptions) =>
    Promise<ClientRegistrationCallbackResult | void> | ClientRegistrationCallbackResult | void;
  /** Runs at each code exchange and refresh, before tokens are minted; may change props, lifetimes, scope. */
  tokenExchangeCallback?: (options: TokenExchangeCallbackOptions<Env>) =>
    Promise<TokenExchangeCallbackResult | void> | TokenExchangeCallbackResult | void;
  /** Asked about a bearer token not of this provider's issued shape; throw ExternalTokenError to answer. */
  resolveExternalToken?: (input: ResolveExternalTokenInput<Env>) => Promise<ResolveExternalTokenResult | null>;
  /** Called with every OAuth error response; a returned Response replaces it. Without it, each is logged with console.warn. */
  onError?: (error: {
    code: string;
    description: string;
    status: number;
    headers: Record<string, string>;
    internal: OAuthErrorInternal;
    request?: Request;
  }) => Response | void;
  /** Lets requests use RFC 8252 private-use scheme redirect URIs. */
  allowPrivateUseRedirectUris?: boolean;
  /**
   * Client ID Metadata Documents: a client id that is an `https:` URL with a path names the
   * client's document, fetched (5 KiB, 10 s) wherever the client is looked up; one that cannot be
   * resolved is `invalid_client` at the token endpoint and a `CimdFetchError` from the helpers.
   * Needs the `global_fetch_strictly_public` compatibility flag.
   */
  clientIdMetadataDocumentEnabled?: boolean;
  /**
   * Prefix of the consent and upstream helpers' cookies (`<prefix>consent-…`,
   * `<prefix>upstream-…`, `<prefix>approvals`): starts with `__Host-`, cookie-name
   * characters only. Defaults to `__Host-oauth-`.
   */
  cookiePrefix?: string;
  resourceMetadata: OAuthProtectedResourceMetadata;
  /** Scopes named in the 401 challenge and the resource metadata. */
  requiredScopes?: string[];

  // This project's additions (README "Machine identities"); the reference has none of them.
  /**
   * Enables the client_credentials grant (RFC 6749 §4.4) for confidential
   * clients whose `grantTypes` list it, scoped within their `allowedScopes`;
   * no refresh token. Default false.
   */
  allowClientCredentialsGrant?: boolean;
  /** The props of a client_credentials token (default `{}`); throwing answers 500 server_error. */
  clientCredentialsCallback?: (options: ClientCredentialsCallbackOptions) =>
    Promise<ClientCredentialsCallbackResult | void> | ClientCredentialsCallbackResult | void;
  /** The RFC 7662 token introspection endpoint: a path or a URL, as `tokenEndpoint`. */
  introspectionEndpoint?: string;
  /** Resource servers: client ids that may introspect any client's tokens (others: only their own). */
  introspectionClients?: string[];
  /**
   * Lets `createClient`, `updateClient` and dynamic registration make
   * `tokenEndpointAuthMethod: 'private_key_jwt'` clients (RFC 7523 client assertions signed RS256
   * or ES256) with an inline `jwks` or a `jwksUri` (`jwks_uri`: an https URL naming no local or
   * private address; the set is fetched when an assertion comes, at most 64 KiB within 5 s, and
   * cached 5 minutes in KV), and advertises the method in the metadata. Default false: 1.2.3's
   * answers.
   */
  allowPrivateKeyJwt?: boolean;
}

/** Options of 1.2.3's OAuthAuthorizationServer. */
export type OAuthAuthorizationServerOptions<Env = Cloudflare.Env> = Omit<OAuthProviderOptions<Env>,
  'apiRoute' | 'apiHandler' | 'apiHandlers' | 'defaultHandler' | 'authorizeEndpoint' | 'tokenEndpoint'
  | 'resourceMetadata' | 'requiredScopes' | 'resolveExternalToken'> & {
  issuer: string;
  authorizeEndpoint?: string;
  tokenEndpoint?: string;
  resources: readonly string[];
  defaultResource?: string;
  legacyGrantResource?: string;
};

// ---------------------------------------------------------------- helpers and records

/** A parsed authorization request. */
export interface AuthRequest {
  responseType: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  resource?: string;
  /** Sent back as `iss` (RFC 9207). */
  issuer?: string;
}

/**
 * This project's addition (with `allowPrivateKeyJwt`): the public keys of a
 * `tokenEndpointAuthMethod: 'private_key_jwt'` client, given to `createClient`
 * / `updateClient` as `jwks`, or as the `ClientInfo` member `jwksUri` (fetched
 * when needed); never returned.
 */
export interface ClientKeysInput {
  jwks?: { keys: JsonWebKey[] };
}

/** A client record; `clientSecret` is stored as a hash. */
export interface ClientInfo {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
  clientName?: string;
  logoUri?: string;
  clientUri?: string;
  policyUri?: string;
  tosUri?: string;
  jwksUri?: string;
  /** RFC 7591 §2.2 language variants, keyed by member name with its tag (`client_name#ja`). */
  i18n?: Record<string, string>;
  contacts?: string[];
  grantTypes?: string[];
  responseTypes?: string[];
  registrationDate?: number;
  /** `client_secret_basic`, `client_secret_post` or `none`. */
  tokenEndpointAuthMethod: string;
  /**
   * This project's addition: the scopes the client may obtain for itself with
   * the client_credentials grant (set by `createClient` / `updateClient`, never
   * by dynamic registration).
   */
  allowedScopes?: string[];
}

export interface CompleteAuthorizationOptions {
  request: AuthRequest;
  /** Not empty, no ':'. */
  userId: string;
  metadata: any;
  scope: string[];
  props: any;
  /** Revoke this user's earlier grants to the same client (default true). */
  revokeExistingGrants?: boolean;
}

/** A grant record as stored. */
export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scope: string[];
  metadata: any;
  encryptedProps: string;
  createdAt: number;
  expiresAt?: number;
  refreshTokenId?: string;
  refreshTokenWrappedKey?: string;
  previousRefreshTokenId?: string;
  previousRefreshTokenWrappedKey?: string;
  authCodeId?: string;
  authCodeWrappedKey?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  resource?: string | string[];
  redirectUri?: string;
}

export interface TokenBase {
  id: string;
  grantId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  audience?: string | string[];
  scope: string[];
}

/** An access token record as stored. */
export interface Token extends TokenBase {
  wrappedEncryptionKey: string;
  grant: { clientId: string; scope: string[]; encryptedProps: string };
}

/** An access token with its props decrypted. */
export interface TokenSummary<T = any> extends TokenBase {
  grant: { clientId: string; scope: string[]; props: T };
}

export interface ListOptions {
  /** At most 1000. */
  limit?: number;
  cursor?: string;
}

export interface ListResult<T> {
  items: T[];
  cursor?: string;
}

export interface PurgeOptions {
  batchSize?: number;
  purgeOrphanedGrants?: boolean;
  purgeExpiredGrants?: boolean;
  purgeOrphanedTokens?: boolean;
  cursor?: string;
}

export interface PurgeResult {
  grantsChecked: number;
  grantsPurged: number;
  tokensChecked: number;
  tokensPurged: number;
  done: boolean;
  cursor?: string;
}

/** A grant without its secrets. */
export interface GrantSummary {
  id: string;
  clientId: string;
  userId: string;
  scope: string[];
  metadata: any;
  createdAt: number;
  expiresAt?: number;
  redirectUri?: string;
  resource?: string | string[];
}

export interface ExchangeTokenOptions {
  subjectToken: string;
  scope?: string[];
  aud?: string;
  expiresIn?: number;
}

/** A token endpoint answer (exchangeToken resolves to one). */
interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  /** The audience of the access token: the configured resource. */
  resource: string;
}

/** `env.OAUTH_PROVIDER` in every handler: 1.2.3's methods. */
export interface OAuthHelpers {
  /** Throws AuthorizationError for a request that cannot proceed. */
  parseAuthRequest(request: Request): Promise<AuthRequest>;
  lookupClient(clientId: string): Promise<ClientInfo | null>;
  /**
   * RFC 8693 token exchange without HTTP, as the client the subject token was
   * issued to: a new access token of its grant, narrowed by scope, aud and
   * expiresIn. Rejects with Error for an unusable subject token or client,
   * with OAuthError for the exchange's refusals, and with what a
   * tokenExchangeCallback threw.
   */
  exchangeToken(options: ExchangeTokenOptions): Promise<TokenResponse>;
  completeAuthorization(options: CompleteAuthorizationOptions): Promise<{ redirectTo: string }>;
  createClient(clientInfo: Partial<ClientInfo> & ClientKeysInput): Promise<ClientInfo>;
  listUserGrants(userId: string, options?: ListOptions): Promise<ListResult<GrantSummary>>;
  revokeGrant(grantId: string, userId: string): Promise<void>;
  listClients(options?: ListOptions): Promise<ListResult<ClientInfo>>;
  /** Validated as createClient is; null when there is no such client. */
  updateClient(clientId: string, updates: Partial<ClientInfo> & ClientKeysInput): Promise<ClientInfo | null>;
  /** Deletes the client, then every grant and access token of it, of every user. */
  deleteClient(clientId: string): Promise<void>;
  /** The access token's record with its props decrypted; null for anything else. */
  unwrapToken<T = any>(token: string): Promise<TokenSummary<T> | null>;
  /** One batch of the sweep; call again with the result's cursor until done. */
  purgeExpiredData(options?: PurgeOptions): Promise<PurgeResult>;
  /**
   * What a consent page must show: the client's name (its client ID when it gave none), the
   * redirect URI's hostname and whether it is a local app, the scopes. Escape every string.
   */
  describeConsent(authRequest: AuthRequest): Promise<ConsentDescription>;
  /**
   * Whether an approval remembered by approveConsent(…, { remember }) covers this request: same
   * client, redirect URI, resource (and subject), a subset of the approved scopes.
   * @throws TypeError when `remember` breaks its rules (secret of 32+ characters, …)
   */
  isConsentRemembered(request: Request, authRequest: AuthRequest,
    remember: Pick<RememberConsentOptions, 'secret' | 'subject'>): Promise<boolean>;
  /** Stores the request for ten minutes; send `headers` (binding cookie, no framing, no caching) with the page. */
  beginConsent(authRequest: AuthRequest): Promise<ConsentTransaction>;
  /**
   * Consumes the handle (once, in the browser that opened the page); `scope` replaces the
   * requested scopes, each in scopesSupported; `remember` sets the signed approvals cookie.
   * @throws AuthorizationError when the handle is missing, unbound, expired or used, or a scope is not supported
   */
  approveConsent(request: Request, handle: string, options?: {
    scope?: string[];
    remember?: RememberConsentOptions;
  }): Promise<ApprovedConsent>;
  /**
   * Consumes the handle as approveConsent does; the redirect back to the client carries
   * error=access_denied, its state and iss. `headers` include Location.
   * @throws AuthorizationError when the handle is missing, unbound, expired or used
   */
  denyConsent(request: Request, handle: string, options?: { description?: string }): Promise<DeniedConsent>;
  /** Call only after consent: stores the request (and `data`) under a new `state` bound to this browser. */
  beginUpstream(authRequest: AuthRequest, options?: { data?: unknown; headers?: Headers }): Promise<UpstreamTransaction>;
  /**
   * At the third party's callback: the request and `data` that beginUpstream stored under `state`.
   * @throws AuthorizationError when state is missing, unbound, expired or used
   */
  finishUpstream<Data = unknown>(request: Request): Promise<ResumedUpstream<Data>>;
}

/** The OAuth 2.1 provider: `export default new OAuthProvider({...})`. */
export declare class OAuthProvider<Env = Cloudflare.Env> {
  constructor(options: OAuthProviderOptions<Env>);
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  /** purgeExpiredData outside a request (a Cron Trigger's scheduled handler). */
  purgeExpiredData(env: Env, options?: PurgeOptions): Promise<PurgeResult>;
}

/**
 * The authorization-server role on its own: `fetch()` serves its metadata (at the issuer's
 * RFC 8414 URL), token, revocation and registration endpoints; the application routes the
 * authorization endpoint and uses `getOAuthApi()`; `validateToken()` answers a resource server,
 * in this Worker or over a Service Binding from a `WorkerEntrypoint` that exposes it.
 * Each grant and token is bound to one of `resources`: the one a request names, else
 * `defaultResource` (or the sole resource); records without one bind to `legacyGrantResource`.
 */
export declare class OAuthAuthorizationServer<Env = Cloudflare.Env> {
  #private;
  constructor(options: OAuthAuthorizationServerOptions<Env>);
  /** The token checked for one declared resource: `null` when not valid for it; rejects for an undeclared resource. */
  validateToken<T = any>(resource: string, token: string, env: Env): Promise<ValidatedAccessToken<T> | null>;
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  getOAuthApi(env: Env): OAuthHelpers;
  purgeExpiredData(env: Env, options?: PurgeOptions): Promise<PurgeResult>;
}

/** The helpers of `env.OAUTH_PROVIDER` for code outside a request; options checked as the constructor does. */
export declare function getOAuthApi<Env = Cloudflare.Env>(options: OAuthProviderOptions<Env>, env: Env): OAuthHelpers;

export default OAuthProvider;
