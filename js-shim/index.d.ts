// Public types of oc-oauth-provider: the same names and shapes as
// @cloudflare/workers-oauth-provider (1.x and 0.10.x), so switching is one import.

/** The Workers execution context (structurally the runtime's ExecutionContext). */
export interface OAuthExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  props?: any;
}

export interface ExportedHandlerWithFetch<Env = any> {
  fetch(request: Request, env: Env, ctx: OAuthExecutionContext): Response | Promise<Response>;
}
export interface WorkerEntrypointWithFetch<Env = any> {
  fetch(request: Request): Response | Promise<Response>;
}
export type Handler<Env = any> =
  | ExportedHandlerWithFetch<Env>
  | (new (ctx: OAuthExecutionContext, env: Env) => WorkerEntrypointWithFetch<Env>);

/** RFC 9728 protected resource metadata; `resource` is every token's audience. */
export interface OAuthProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  bearer_methods_supported?: ['header'] | string[];
  resource_name?: string;
  [member: string]: unknown;
}

export interface OAuthErrorInfo {
  code: string;
  description: string;
  status: number;
  headers: Record<string, string>;
}

/** The argument of clientRegistrationCallback: the request's JSON body, and the request (body readable). */
export interface ClientRegistrationCallbackOptions {
  clientMetadata: Record<string, unknown>;
  request: Request;
}

/** A refusal from clientRegistrationCallback: code (default invalid_client_metadata), status (default 400). */
export interface ClientRegistrationCallbackResult {
  code?: string;
  description?: string;
  status?: number;
}

export interface OAuthProviderOptions<Env = any> {
  /** Path prefixes (any host) or full URLs (host too) served by `apiHandler`. */
  apiRoute?: string | string[];
  apiHandler?: Handler<Env>;
  /** Route → handler; never together with apiRoute/apiHandler. */
  apiHandlers?: Record<string, Handler<Env>>;
  /** Every other request, and API requests the provider does not own. */
  defaultHandler: Handler<Env>;
  authorizeEndpoint?: string;
  tokenEndpoint?: string;
  clientRegistrationEndpoint?: string;
  /** Seconds; default 3600; at least 60 in the 1.x generation. */
  accessTokenTTL?: number;
  /** Seconds; 0 disables refresh tokens; `undefined` given explicitly: never expire. Default 30 days (1.x). */
  refreshTokenTTL?: number;
  /** Seconds of idleness after which a grant expires; each refresh moves the expiry. */
  refreshTokenIdleTTL?: number;
  clientRegistrationTTL?: number;
  scopesSupported?: string[];
  /** Scopes named in the 401 challenge and the resource metadata. */
  requiredScopes?: string[];
  /** Given: 1.x behaviour (audience-bound tokens). Omitted: 0.10.x behaviour. */
  resourceMetadata?: OAuthProtectedResourceMetadata;
  /** 0.x option, accepted for old Workers; off by default. Allows code_challenge_method plain (or none). */
  allowPlainPKCE?: boolean;
  /** 0.x option, accepted for old Workers; off by default. Allows response_type=token (RFC 6749 4.2) for
   * clients registered for it: completeAuthorization then redirects with the access token in the fragment. */
  allowImplicitFlow?: boolean;
  allowPrivateUseRedirectUris?: boolean;
  disallowPublicClientRegistration?: boolean;
  /** Called at dynamic registration once the metadata is valid, before the client is stored:
   * return nothing to allow it, or a result to refuse it with that answer. */
  clientRegistrationCallback?: (options: ClientRegistrationCallbackOptions) =>
    Promise<ClientRegistrationCallbackResult | void> | ClientRegistrationCallbackResult | void;
  /** Called with every OAuth error response; a returned Response replaces it. */
  onError?: (error: OAuthErrorInfo) => Response | void;
}

export interface AuthRequest {
  responseType: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  state: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  resource?: string | string[];
}

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
  contacts?: string[];
  grantTypes?: string[];
  responseTypes?: string[];
  registrationDate?: number;
  tokenEndpointAuthMethod: string;
}

export interface CompleteAuthorizationOptions {
  request: AuthRequest;
  userId: string;
  metadata: any;
  scope: string[];
  props: any;
  /** Revoke this user's earlier grants to the same client (default true). */
  revokeExistingGrants?: boolean;
}

export interface GrantSummary {
  id: string;
  clientId: string;
  userId: string;
  scope: string[];
  metadata: any;
  createdAt: number;
  expiresAt?: number;
}

export interface ListOptions {
  limit?: number;
  cursor?: string;
}

export interface ListResult<T> {
  items: T[];
  cursor?: string;
}

/** `env.OAUTH_PROVIDER` in every handler. */
export interface OAuthHelpers {
  parseAuthRequest(request: Request): Promise<AuthRequest>;
  lookupClient(clientId: string): Promise<ClientInfo | null>;
  completeAuthorization(options: CompleteAuthorizationOptions): Promise<{ redirectTo: string }>;
  createClient(clientInfo: Partial<ClientInfo>): Promise<ClientInfo>;
  listUserGrants(userId: string, options?: ListOptions): Promise<ListResult<GrantSummary>>;
  revokeGrant(grantId: string, userId: string): Promise<void>;
}

/** What an API handler finds in `ctx.auth`. */
export interface AccessTokenAuth {
  token: string;
  audience?: string | string[];
  expiresAt: number;
  scope: string[];
  userId: string;
  clientId: string;
}

/** An OAuth error: RFC code, wire-safe description, HTTP status and extra headers. */
export declare class OAuthError extends Error {
  constructor(code: string, options?: { description?: string; statusCode?: number; headers?: Record<string, string> });
  readonly code: string;
  readonly description: string;
  readonly statusCode: number;
  readonly headers: Record<string, string>;
}

/** An authorization request error; `redirectTo` is set when sending the user back is safe. */
export declare class AuthorizationError extends Error {
  constructor(code: string, options: { description: string; redirectUri?: string; state?: string; issuer?: string; redirectTo?: string });
  readonly code: string;
  readonly description: string;
  readonly redirectUri?: string;
  readonly state?: string;
  readonly issuer?: string;
  readonly redirectTo?: string;
}

/**
 * The 403 step-up answer (RFC 6750 §3.1) for a valid token that lacks scopes: the challenge
 * names every scope the operation needs and the resource's RFC 9728 metadata URL.
 * Throws a TypeError when `scope` holds no valid scope token.
 */
export declare function insufficientScope(auth: Pick<AccessTokenAuth, 'audience'> & Partial<AccessTokenAuth>, scope: string[], description?: string): Response;

export declare class OAuthProvider<Env = any> {
  constructor(options: OAuthProviderOptions<Env>);
  fetch(request: Request, env: Env, ctx: OAuthExecutionContext): Promise<Response>;
}

export default OAuthProvider;

// ---- client and grant management (listClients … purgeExpiredData, getOAuthApi) ----

/** An access token's record with its props decrypted (`unwrapToken`). */
export interface TokenSummary<T = any> {
  id: string;
  grantId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  audience?: string | string[];
  scope: string[];
  grant: { clientId: string; scope: string[]; props: T };
}

export interface PurgeOptions {
  /** Keys checked per phase (grants, tokens) per call; default 50. */
  batchSize?: number;
  /** Grants whose client record is gone; default true. */
  purgeOrphanedGrants?: boolean;
  /** Grants past their expiresAt; default true. */
  purgeExpiredGrants?: boolean;
  /** Access tokens whose grant is gone; default true. */
  purgeOrphanedTokens?: boolean;
  /** The previous call's `cursor`: resume the sweep there. */
  cursor?: string;
}

export interface PurgeResult {
  grantsChecked: number;
  grantsPurged: number;
  tokensChecked: number;
  tokensPurged: number;
  /** True once both phases are complete; there is no cursor then. */
  done: boolean;
  cursor?: string;
}

export interface OAuthHelpers {
  listClients(options?: ListOptions): Promise<ListResult<ClientInfo>>;
  /** Validated as createClient is; null when there is no such client. */
  updateClient(clientId: string, updates: Partial<ClientInfo>): Promise<ClientInfo | null>;
  /** Deletes the client, then every grant and access token of it, of every user. */
  deleteClient(clientId: string): Promise<void>;
  unwrapToken<T = any>(token: string): Promise<TokenSummary<T> | null>;
  purgeExpiredData(options?: PurgeOptions): Promise<PurgeResult>;
}

export interface OAuthProvider<Env = any> {
  /** purgeExpiredData outside a request (a Cron Trigger's scheduled handler). */
  purgeExpiredData(env: Env, options?: PurgeOptions): Promise<PurgeResult>;
}

/** The helpers of `env.OAUTH_PROVIDER` for code outside a request; options checked as the constructor does. */
export declare function getOAuthApi<Env = any>(options: OAuthProviderOptions<Env>, env: Env): OAuthHelpers;
