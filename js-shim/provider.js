// OAuthProvider: hands each request to the core, performs the effects it asks
// for, and turns its answer into a Response or a call of the user's handler.
// Every OAuth decision is the core's; this file only marshals.
import { getCore } from './wasm.js';
import { KIND, CoreError } from './core.js';
import { makeHelpers } from './helpers.js';
import { OAuthError, AuthorizationError } from './errors.js';

export { OAuthError, AuthorizationError };

// Options that cross to the core as JSON (the rest are functions or handlers).
const SERIAL_OPTIONS = [
  'apiRoute', 'authorizeEndpoint', 'tokenEndpoint', 'clientRegistrationEndpoint', 'accessTokenTTL',
  'refreshTokenTTL', 'refreshTokenIdleTTL', 'clientRegistrationTTL', 'scopesSupported', 'requiredScopes',
  'resourceMetadata', 'allowPlainPKCE', 'allowImplicitFlow', 'allowPrivateUseRedirectUris',
  'disallowPublicClientRegistration', 'allowTokenExchangeGrant', 'clientIdMetadataDocumentEnabled',
];

// What a request gets when the core could not finish (e.g. a request too large for memory).
const SERVER_ERROR = {
  t: 'response',
  status: 500,
  headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store'], ['Pragma', 'no-cache']],
  body: '{"error":"server_error","error_description":"The request could not be processed"}',
  error: { code: 'server_error', description: 'The request could not be processed' },
};

function isEntrypointClass(h) {
  return typeof h === 'function' && h.prototype && typeof h.prototype.fetch === 'function';
}

// A handler must be a WorkerEntrypoint class or an object with fetch; the
// reference's message. The core only learns which handlers exist.
function checkHandler(h, name, required) {
  if (h === undefined && !required) return;
  if (!isEntrypointClass(h) && !(h && typeof h.fetch === 'function')) {
    throw new TypeError(`${name} must be either an ExportedHandler object with a fetch method or a class extending WorkerEntrypoint`);
  }
}

function callHandler(handler, request, env, ctx) {
  if (isEntrypointClass(handler)) return new handler(ctx, env).fetch(request);
  return handler.fetch(request, env, ctx);
}

// The context a handler sees: the runtime's, plus props and auth.
function handlerContext(ctx, props, auth) {
  if (!ctx) return { props, auth };
  try {
    ctx.props = props;
    if (auth !== undefined) ctx.auth = auth;
    if (ctx.props === props) return ctx;
  } catch {
    // read-only on this runtime: wrap it below
  }
  return {
    waitUntil: (p) => ctx.waitUntil(p),
    passThroughOnException: () => ctx.passThroughOnException?.(),
    exports: ctx.exports,
    props,
    auth,
  };
}

export class OAuthProvider {
  #options;
  #cfg;
  #handlers;

  constructor(options) {
    if (!options || typeof options !== 'object') throw new TypeError('OAuthProvider: options are required');
    // The reference checks the default handler before any other option.
    checkHandler(options.defaultHandler, 'defaultHandler', true);
    checkHandler(options.apiHandler, 'apiHandler');
    for (const [route, h] of Object.entries(options.apiHandlers ?? {})) checkHandler(h, `apiHandlers[${route}]`);
    const serial = {};
    for (const k of SERIAL_OPTIONS) {
      if (k in options) serial[k] = options[k] === undefined ? null : options[k];
    }
    serial.hasApiHandler = options.apiHandler !== undefined;
    if (options.apiHandlers) serial.apiHandlerRoutes = Object.keys(options.apiHandlers);
    serial.hasOnError = typeof options.onError === 'function';
    serial.hasClientRegistrationCallback = typeof options.clientRegistrationCallback === 'function';
    this.#cfg = getCore().configure(serial);
    this.#options = options;
    this.#handlers = options.apiHandlers ? Object.values(options.apiHandlers) : [options.apiHandler];
  }

  async fetch(request, env, ctx) {
    env = withHelpers(env, this.#cfg);
    const h = request.headers;
    const fields = [request.method, request.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    let out;
    try {
      const io = { kv: env.OAUTH_KV, request, callback: (name, arg) => this.#call(name, arg, request, io) };
      out = await getCore().http(this.#cfg, fields, io);
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      out = SERVER_ERROR;
    }
    if (out.t === 'response') return this.#respond(out);
    if (out.t === 'api') {
      const res = await callHandler(this.#handlers[out.handler], request, env, handlerContext(ctx, out.props, out.auth));
      return out.headers ? withHeaders(res, out.headers) : res;
    }
    return callHandler(this.#options.defaultHandler, request, env, ctx);
  }

  // A user callback the core asks for, by option name, with its JSON argument:
  // clientRegistrationCallback gets the parsed metadata and the request (its
  // body, which the core has read, supplied again).
  #call(name, arg, request, io) {
    const init = { method: request.method, headers: request.headers };
    if (io.body !== undefined) init.body = io.body;
    return this.#options[name]({ clientMetadata: JSON.parse(arg), request: new Request(request.url, init) });
  }

  #respond(out) {
    if (out.error && this.#options.onError) {
      const headers = new Headers(out.headers);
      const replaced = this.#options.onError({
        code: out.error.code,
        description: out.error.description,
        status: out.status,
        headers: Object.fromEntries(headers),
      });
      if (replaced instanceof Response) return replaced;
      return new Response(out.body, { status: out.status, headers });
    }
    return new Response(out.body, { status: out.status, headers: out.headers });
  }
}

// env.OAUTH_PROVIDER for every handler: the helpers bound to this provider's
// options, made once per env object.
const helpersByEnv = new WeakMap();

function withHelpers(env, cfg) {
  let made = helpersByEnv.get(env);
  if (made?.cfg !== cfg) {
    made = { cfg, helpers: makeHelpers(getCore(), cfg, env, KIND) };
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
 * The 403 step-up answer (RFC 6750 §3.1) for a valid token that lacks scopes:
 * WWW-Authenticate names every scope the operation needs and the resource's
 * RFC 9728 metadata URL.
 */
export function insufficientScope(auth, scope, description) {
  const out = getCore().runSync(0, KIND.INSUFFICIENT_SCOPE, [JSON.stringify({ audience: auth?.audience, scope, description })]);
  if (out.t === 'error') throw new TypeError(out.description);
  return new Response(out.body ?? null, { status: out.status, headers: out.headers });
}

function withHeaders(res, extra) {
  const r = new Response(res.body, res);
  for (const [k, v] of extra) r.headers.set(k, v);
  return r;
}

export default OAuthProvider;
