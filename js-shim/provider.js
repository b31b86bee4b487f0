// OAuthProvider: hands each request to the core, performs the effects it asks
// for, and turns its answer into a Response or a call of the user's handler.
// Every OAuth decision is the core's; this file only marshals.
import { getCore } from './wasm.js';
import { KIND, FXR, CoreError } from './core.js';
import { makeHelpers } from './helpers.js';
import { isHandler, callHandler, handlerContext, withHeaders, headersOf } from './handlers.js';
import { OAuthError, ExternalTokenError, AuthorizationError, GrantType } from './errors.js';
import { GENERATION_OF, CONFIG_OF, AUTHORIZATION_ERROR_OF } from './generation.js';
import { AUTHORIZATION_SERVER_OPTIONS, authorizationServerSerial } from './roles.js';

export { OAuthError, ExternalTokenError, AuthorizationError, CimdFetchError, GrantType, authorizationErrorRedirect } from './errors.js';
export { OAuthResourceServer } from './resource-server.js';
export { OAuthAuthorizationServer } from './authorization-server.js';

// Options that cross to the core as JSON (the rest are functions or handlers).
const SERIAL_OPTIONS = [
  'apiRoute', 'authorizeEndpoint', 'tokenEndpoint', 'clientRegistrationEndpoint', 'accessTokenTTL',
  'refreshTokenTTL', 'refreshTokenIdleTTL', 'clientRegistrationTTL', 'scopesSupported', 'requiredScopes',
  'resourceMetadata', 'allowPlainPKCE', 'allowImplicitFlow', 'allowPrivateUseRedirectUris',
  'disallowPublicClientRegistration', 'allowTokenExchangeGrant', 'clientIdMetadataDocumentEnabled', 'cookiePrefix',
  // this project's additions (README "Machine identities")
  'allowClientCredentialsGrant', 'introspectionEndpoint', 'introspectionClients', 'allowPrivateKeyJwt',
];

// The options the core is told of only when they are functions (see enabledOptions).
const FUNCTION_OPTIONS = new Set(['clientRegistrationCallback', 'clientCredentialsCallback']);

// What a request gets when the core could not finish (e.g. a request too large for memory).
const SERVER_ERROR = {
  t: 'response',
  status: 500,
  headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store'], ['Pragma', 'no-cache']],
  body: '{"error":"server_error","error_description":"The request could not be processed"}',
  error: { code: 'server_error', description: 'The request could not be processed', own: [1, 3], internal: ['oc-core', 'operation_failed', ''] },
};

// What each generation's constructor throws before it reads any option: 1.2.3
// applies the `in` operator to its argument, then checks the default handler;
// 0.10.4 reads options.apiRoute first (the core orders the rest, with
// badDefaultHandler).
const FIRST_CHECKS = {
  1(options) {
    if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
      throw new TypeError(`Cannot use 'in' operator to search for 'authorizationServer' in ${String(options)}`);
    }
    if (!isHandler(options.defaultHandler)) {
      throw new TypeError('defaultHandler must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint');
    }
  },
  '0.10'(options) {
    if (options === null || options === undefined) {
      throw new TypeError(`Cannot read properties of ${options} (reading 'apiRoute')`);
    }
  },
};

// Without an onError option, each OAuth error answer is logged as the reference logs it.
function warnOnError({ status, code, description }) {
  console.warn(`OAuth error response: ${status} ${code} - ${description}`);
}

// onError's `internal` from the core's reason [category, reason, detail] (oc_err.h): the
// detail a JSON object; "error": the Error a callback or the store threw during this
// request, else one whose message is the description; "error AuthorizationError <code>".
function internalOf([category, reason, detail], description, io) {
  if (!category) return { category: 'oc-core', reason: 'unspecified' };
  if (!detail) return { category, reason };
  return { category, reason, detail: detailOf(detail, description, io) };
}

function detailOf(detail, description, io) {
  if (detail === 'error') return io.thrown ?? new Error(description);
  if (detail.startsWith('error AuthorizationError ')) return new AuthorizationError(detail.slice(25), { description });
  const d = JSON.parse(detail);
  // A member the reference holds as undefined: written null and named by the
  // member "\u0000" (oc_jsonw_js_member), made undefined in its place.
  if (d !== null && typeof d === 'object' && Object.prototype.hasOwnProperty.call(d, '\0')) {
    const name = d['\0'];
    delete d['\0'];
    d[name] = undefined;
  }
  return d;
}

export class OAuthProvider {
  #options;
  #cfg;
  #handlers;
  #onError;
  #errors;
  #exchange;
  #helperCall;
  #requestCall;

  constructor(options) {
    // The generation is the entry's: its class says it (generation.js); the options never do.
    const generation = GENERATION_OF.get(new.target) ?? '1';
    // OAuthAuthorizationServer's options (roles.js): no handlers to check
    const role = AUTHORIZATION_SERVER_OPTIONS.has(options);
    if (!role) FIRST_CHECKS[generation](options);
    this.#errors = AUTHORIZATION_ERROR_OF.get(generation) ?? AuthorizationError;
    this.#exchange = EXCHANGE_CALL[generation];
    // The options as JSON: a JSON null is `undefined` given explicitly, nullOptions names those that were null.
    const serial = {};
    const nulls = [];
    const given = Object(options);
    for (const k of SERIAL_OPTIONS) {
      if (!(k in given)) continue;
      serial[k] = options[k] === undefined ? null : options[k];
      if (options[k] === null) nulls.push(k);
    }
    if (nulls.length) serial.nullOptions = nulls;
    serial.generation = generation;
    if (role) Object.assign(serial, authorizationServerSerial(options));
    if ('resourceMatchOriginOnly' in given) serial.resourceMatchOriginOnly = !!options.resourceMatchOriginOnly;
    if (options.enterpriseManagedAuthorization) serial.enterpriseManagedAuthorization = emaSerial(options.enterpriseManagedAuthorization);
    // What only JS can see of the API handlers; the core decides what is refused, and in which order.
    serial.hasApiHandler = !!options.apiHandler;
    if (!isHandler(options.defaultHandler)) serial.badDefaultHandler = true;
    if (options.apiHandler && !isHandler(options.apiHandler)) serial.badApiHandler = true;
    if (options.apiHandlers) {
      const entries = Object.entries(options.apiHandlers);
      serial.apiHandlerRoutes = entries.map(([route]) => route);
      const bad = entries.flatMap(([, h], i) => (isHandler(h) ? [] : [i]));
      if (bad.length) serial.badApiHandlers = bad;
    }
    // Which options are given, for those the core cannot read as JSON: their names (a truthy
    // value; a function-typed one only when it is a function).
    serial.enabledOptions = Object.keys(options).filter((k) => (FUNCTION_OPTIONS.has(k) ? typeof options[k] === 'function' : options[k]));
    // The host's fact the core cannot see: Client ID Metadata Documents need global_fetch_strictly_public.
    serial.globalFetchStrictlyPublic = globalThis.Cloudflare?.compatibilityFlags?.global_fetch_strictly_public === true;
    this.#cfg = getCore().configure(serial);
    this.#options = options;
    // The reference spreads the options over its defaults: an own enumerable onError, even
    // undefined, replaces the default logger.
    this.#onError = Object.prototype.propertyIsEnumerable.call(options, 'onError') ? options.onError : warnOnError;
    this.#handlers = options.apiHandlers ? Object.values(options.apiHandlers) : [options.apiHandler];
    CONFIG_OF.set(this, this.#cfg);
    // The helpers' user callbacks (exchangeToken's tokenExchangeCallback), on the env they serve.
    this.#helperCall = (name, arg, io, env) => this.#call(name, arg, undefined, env, io);
    this.#requestCall = (name, arg, io) => this.#call(name, arg, io.request, io.env, io);
    CALLER_OF.set(this, this.#helperCall);
  }

  /** purgeExpiredData outside a request (a Cron Trigger's scheduled handler). */
  purgeExpiredData(env, options) {
    return makeHelpers(getCore(), this.#cfg, env, KIND).purgeExpiredData(options);
  }

  async fetch(request, env, ctx) {
    env = withHelpers(env, this.#cfg, this.#errors, this.#helperCall);
    const h = request.headers;
    const fields = [request.method, request.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    let out;
    const io = new RequestIo(env.OAUTH_KV, request, env, this.#requestCall);
    try {
      out = await getCore().http(this.#cfg, fields, io);
      // What the core lets escape: a TypeError (or Error) it names, or what the callback threw, as it was.
      if (out.t === 'throw') throw out.message === undefined ? io.thrown : out.plain ? new Error(out.message) : new TypeError(out.message);
      if (out.t === 'api' && out.external) out.props = io.resolved.props;
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      out = SERVER_ERROR;
    }
    if (out.t === 'response') return this.#respond(out, io);
    if (out.t === 'api') {
      const res = callHandler(this.#handlers[out.handler], request, env, handlerContext(ctx, out.props, out.auth));
      return out.headers ? withHeaders(await res, out.headers, out.modes) : res;
    }
    return callHandler(this.#options.defaultHandler, request, env, ctx);
  }

  // A user callback the core asks for, by option name, with its argument (text),
  // called and its outcome serialised as include/op/oc_callback.h says; the
  // core judges it. What it threw is kept (io.thrown) for the core to let
  // escape, resolveExternalToken's result (io.resolved) for its props.
  async #call(name, arg, request, env, io) {
    try {
      if (name === 'tokenExchangeCallback') {
        const options = JSON.parse(arg);
        const out = await this.#options.tokenExchangeCallback(this.#exchange.env ? { ...options, env } : options);
        // (0.10.4 asks `'refreshTokenTTL' in` a truthy result of the code and refresh grants,
        // not of token exchange: a primitive throws its TypeError)
        const hasRefreshTTL = this.#exchange.readsIn && !!out && options.grantType !== GrantType.TOKEN_EXCHANGE
          && 'refreshTokenTTL' in out;
        return out === undefined ? { status: FXR.MISSING } : { status: FXR.OK, data: exchangeResult(out, options.props, hasRefreshTTL) };
      }
      if (name === 'resolveExternalToken') {
        const resolve = this.#options.resolveExternalToken;
        const out = await resolve({ token: arg, request, env });
        if (out === undefined) return { status: FXR.MISSING };
        io.resolved = out;
        const seen = out !== null && (typeof out === 'object' || typeof out === 'function') ? { audience: out.audience }
          : typeof out === 'bigint' || typeof out === 'symbol' ? {} : out;
        return { status: FXR.OK, data: JSON.stringify(seen) ?? '{}' };
      }
      if (name === 'emaTrustedIssuers') {
        // {iss, clientInfo}: the core's; env and the request are the shim's
        const out = await this.#options.enterpriseManagedAuthorization.trustedIssuers({ ...JSON.parse(arg), env, request });
        return out ? { status: FXR.OK, data: JSON.stringify(out) ?? 'null' } : { status: FXR.MISSING };
      }
      if (name === 'emaMapClaims') {
        // {claims, clientInfo, resource, requestedScope}, with the request and env
        const out = await this.#options.enterpriseManagedAuthorization.mapClaims({ ...JSON.parse(arg), request, env });
        return out === undefined ? { status: FXR.MISSING } : { status: FXR.OK, data: emaMapped(out) };
      }
      let out;
      if (name === 'clientCredentialsCallback') {
        // the argument as it is ({clientId, scope})
        out = await this.#options[name](JSON.parse(arg));
      } else {
        // clientRegistrationCallback gets the parsed metadata and the request (its
        // body, which the core has read, supplied again).
        const init = { method: request.method, headers: request.headers };
        if (io.body !== undefined) init.body = io.body;
        out = await this.#options[name]({ clientMetadata: JSON.parse(arg), request: new Request(request.url, init) });
      }
      return out === undefined ? { status: FXR.MISSING } : { status: FXR.OK, data: JSON.stringify(out) ?? '{}' };
    } catch (e) {
      io.thrown = e;
      return { status: FXR.FAILED, data: describeThrown(e) };
    }
  }

  // An error answer goes through onError (the option, or warnOnError), which may replace
  // it with a Response of its own; what it returns otherwise leaves the answer as it is.
  #respond(out, io) {
    if (out.warn) {
      if (io.thrown === undefined) console.warn(out.warn);
      else console.warn(out.warn, io.thrown);
    }
    if (out.error && this.#onError != null) {
      const headers = headersOf(out.headers);
      const { code, description } = out.error;
      const replaced = this.#onError({
        code,
        description,
        status: out.status,
        headers: Object.fromEntries(out.headers.slice(...out.error.own)),
        internal: internalOf(out.error.internal, description, io),
        ...(out.error.request ? { request: io.request } : {}),
      });
      // The answer's headers after its own (CORS) go onto the replacement too.
      const from = out.error.own[1];
      if (replaced instanceof Response) return from < out.headers.length ? withHeaders(replaced, out.headers.slice(from), out.modes?.slice(from)) : replaced;
      return new Response(out.body, { status: out.status, headers });
    }
    return new Response(out.body, { status: out.status, headers: headersOf(out.headers) });
  }
}

// What a request's effects are performed with (core.js performOne): its KV binding, the
// Request, and the user callbacks the core asks for (by the provider's caller, with the
// request's env); what they leave for the answer (thrown, resolved, body) is added on the way.
class RequestIo {
  constructor(kv, request, env, caller) {
    this.kv = kv;
    this.request = request;
    this.env = env;
    this.caller = caller;
  }

  callback(name, arg) { return this.caller(name, arg, this); }
}

// How each generation calls tokenExchangeCallback: 1.x adds env to its options;
// 0.10.4 does not, and tells a refreshTokenTTL member (even undefined) with `in`.
const EXCHANGE_CALL = { '1': { env: true, readsIn: false }, '0.10': { env: false, readsIn: true } };

// A tokenExchangeCallback's result as the core reads it (src/flow/oc_flow_token_callback.c):
// its lifetimes, scope and cross-client consent, which of its props objects are the same object and
// whether refreshTokenTTL is a member, the clock once it returned; then its
// props as JSON.stringify writes them.
function exchangeResult(out, props, hasRefreshTTL) {
  const at = out?.accessTokenProps;
  const meta = [{
    accessTokenTTL: out?.accessTokenTTL, refreshTokenTTL: out?.refreshTokenTTL,
    refreshTokenIdleTTL: out?.refreshTokenIdleTTL, accessTokenScope: out?.accessTokenScope,
    allowCrossClientExchange: out?.allowCrossClientExchange === true || undefined,
  }, (at === out?.newProps ? 1 : 0) | (at === props ? 2 : 0) | (hasRefreshTTL ? 4 : 0)
    | (out?.newProps === props ? 8 : 0), Date.now()];
  return `${JSON.stringify(meta)}\0${JSON.stringify(out?.newProps) ?? ''}\0${JSON.stringify(at) ?? ''}`;
}

// enterpriseManagedAuthorization as the core reads it (src/config/oc_config_ema.h): which
// callbacks are functions, the numbers as Number() reads them (NaN and the infinities named).
function emaSerial(ema) {
  const num = (v) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : String(n);
  };
  return {
    trustedIssuers: typeof ema.trustedIssuers === 'function',
    mapClaims: typeof ema.mapClaims === 'function',
    jwksCacheTtlSeconds: num(ema.jwksCacheTtlSeconds),
    clockSkewSeconds: num(ema.clockSkewSeconds),
    maxAssertionLifetimeSeconds: num(ema.maxAssertionLifetimeSeconds),
    allowPublicClients: !!ema.allowPublicClients,
  };
}

// mapClaims' answer as the core reads it (oc_ema_mapped_read in include/oauth/oc_ema.h): null;
// or what each member is, its props and metadata as JSON text, and the clock once it returned.
function emaMapped(out) {
  if (out === null) return 'null';
  if (typeof out !== 'object') return JSON.stringify({ object: false });
  const ttl = out.accessTokenTTL;
  return JSON.stringify({
    object: true,
    userId: typeof out.userId === 'string' ? out.userId : undefined,
    scope: Array.isArray(out.scope) ? out.scope.map((s) => (typeof s === 'string' ? s : null)) : undefined,
    props: 'props' in out && out.props !== undefined ? JSON.stringify(out.props) ?? 'null' : undefined,
    metadata: JSON.stringify(out.metadata ?? null) ?? 'null',
    ttl: ttl === undefined ? undefined : typeof ttl === 'number' && Number.isFinite(ttl) ? ttl : String(ttl),
    now: Date.now(),
  });
}

// What a callback threw, as the core reads it (include/op/oc_callback.h).
function describeThrown(e) {
  const oauth = e instanceof OAuthError;
  if (!oauth && !(e instanceof ExternalTokenError)) {
    // an Error's message (0.10.4 answers a registration callback's with it)
    if (e instanceof Error && typeof e.message === 'string') return JSON.stringify({ kind: 'other', message: e.message });
    return JSON.stringify({ kind: 'other' });
  }
  const o = oauth ? e.options : e;
  const headers = o.headers && typeof o.headers === 'object' ? Object.entries(o.headers).map(([k, v]) => [k, String(v)]) : [];
  try {
    return JSON.stringify({
      kind: oauth ? 'OAuthError' : 'ExternalTokenError', code: e.code, description: o.description,
      statusCode: o.statusCode, headers, requiredScopes: oauth ? undefined : e.requiredScopes,
    });
  } catch {
    return JSON.stringify({ kind: 'other' });
  }
}

// env.OAUTH_PROVIDER for every handler: the helpers bound to this provider's
// options, made once per env object.
const helpersByEnv = new WeakMap();

function withHelpers(env, cfg, authorizationError, caller) {
  let made = helpersByEnv.get(env);
  if (made?.cfg !== cfg) {
    made = { cfg, helpers: makeHelpers(getCore(), cfg, env, KIND, authorizationError, (name, arg, io) => caller(name, arg, io, env)) };
    helpersByEnv.set(env, made);
  }
  const helpers = made.helpers;
  if (env.OAUTH_PROVIDER === helpers) return env;
  try {
    env.OAUTH_PROVIDER = helpers;
    if (env.OAUTH_PROVIDER === helpers) return env;
  } catch {
    // frozen env: hand the handlers a copy
  }
  return { ...env, OAUTH_PROVIDER: helpers };
}

/**
 * The helpers of env.OAUTH_PROVIDER for code outside a request (a scheduled
 * handler, a queue consumer): options are checked as the constructor checks them.
 */
export function getOAuthApi(options, env) {
  const provider = new OAuthProvider(options);
  const caller = CALLER_OF.get(provider);
  return makeHelpers(getCore(), CONFIG_OF.get(provider), env, KIND, undefined, (name, arg, io) => caller(name, arg, io, env));
}

// Each provider's caller of its user callbacks for the helpers (getOAuthApi's too).
const CALLER_OF = new WeakMap();

/**
 * The 403 step-up answer (RFC 6750 §3.1) for a valid token that lacks scopes:
 * WWW-Authenticate names every scope the operation needs and the resource's
 * RFC 9728 metadata URL.
 */
export function insufficientScope(auth, scope, description) {
  const out = getCore().runSync(0, KIND.INSUFFICIENT_SCOPE, [JSON.stringify({ audience: auth?.audience, scope, description })]);
  if (out.t === 'error') throw new TypeError(out.description);
  return new Response(out.body ?? null, { status: out.status, headers: out.headers });
}

export default OAuthProvider;
