// OAuthAuthorizationServer: the authorization-server role on its own. Its
// options are OAuthProvider's without the handlers, with an issuer and a
// resource registry; the core checks them (src/config/oc_config_as.c) and
// serves its endpoints (src/flow/oc_flow_dispatch.c). validateToken is one
// core operation (OC_KIND_VALIDATE_TOKEN), callable over a Service Binding
// from a WorkerEntrypoint that exposes it.
import { getCore } from './wasm.js';
import { KIND } from './core.js';
import { makeHelpers } from './helpers.js';
import { OAuthProvider } from './provider.js';
import { CONFIG_OF } from './generation.js';
import { AUTHORIZATION_SERVER_OPTIONS } from './roles.js';

export class OAuthAuthorizationServer {
  #provider;
  #cfg;

  constructor(options) {
    // (the engine's TypeError for options that are null or undefined, as 1.2.3's destructuring throws it)
    const { issuer, resources, defaultResource, legacyGrantResource, authorizeEndpoint, tokenEndpoint, clientRegistrationEndpoint, ...common } = options;
    const built = { ...common, issuer, resources, defaultResource, legacyGrantResource, authorizeEndpoint, tokenEndpoint, clientRegistrationEndpoint };
    AUTHORIZATION_SERVER_OPTIONS.add(built);
    this.#provider = new OAuthProvider(built);
    this.#cfg = CONFIG_OF.get(this.#provider);
  }

  /** The token's record checked for one declared resource: its facts and props, or null. */
  async validateToken(resource, token, env) {
    const out = JSON.parse(await getCore().run(this.#cfg, KIND.VALIDATE_TOKEN, [JSON.stringify({ resource, token })], { kv: env.OAUTH_KV }));
    if (out.t === 'error') throw out.name === 'TypeError' ? new TypeError(out.description) : new Error(out.description);
    return out.value;
  }

  fetch(request, env, ctx) {
    return this.#provider.fetch(request, env, ctx);
  }

  getOAuthApi(env) {
    return makeHelpers(getCore(), this.#cfg, env, KIND);
  }

  purgeExpiredData(env, options) {
    return this.getOAuthApi(env).purgeExpiredData(options);
  }
}
