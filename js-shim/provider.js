// OAuthProvider: routes a request to the core's operations or the user's
// handlers, and performs the effects the core asks for.
import { getCore } from './wasm.js';
import { KIND, kvPerformer } from './core.js';

const OPTION_KEYS = ['accessTokenTTL', 'refreshTokenTTL', 'refreshTokenIdleTTL', 'allowPlainPKCE', 'allowImplicitFlow'];

function isEntrypointClass(h) {
  return typeof h === 'function' && h.prototype && typeof h.prototype.fetch === 'function';
}

function callHandler(handler, request, env, ctx) {
  if (isEntrypointClass(handler)) return new handler(ctx, env).fetch(request);
  return handler.fetch(request, env, ctx);
}

export class OAuthProvider {
  #options;
  #cfg;

  constructor(options) {
    if (!options || typeof options !== 'object') throw new TypeError('OAuthProvider: options are required');
    this.#options = options;
    const core = getCore();
    const serial = {};
    for (const k of OPTION_KEYS) if (options[k] !== undefined) serial[k] = options[k];
    this.#cfg = core.configure(serial);
  }

  #isApiRequest(url) {
    const routes = [].concat(this.#options.apiRoute ?? []);
    return routes.some((r) => url.pathname.startsWith(r));
  }

  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (this.#isApiRequest(url)) {
      const auth = request.headers.get('Authorization') ?? '';
      const out = JSON.parse(await getCore().run(this.#cfg, KIND.TOKEN_LOOKUP, [auth], kvPerformer(env.OAUTH_KV)));
      if (!out.valid) {
        return new Response(JSON.stringify({ error: 'invalid_token', error_description: 'Invalid access token' }), {
          status: 401,
          headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="OAuth", error="invalid_token"' },
        });
      }
      if (ctx) ctx.props = { userId: out.userId };
      return callHandler(this.#options.apiHandler, request, env, ctx);
    }
    return callHandler(this.#options.defaultHandler, request, env, ctx);
  }
}

export default OAuthProvider;
