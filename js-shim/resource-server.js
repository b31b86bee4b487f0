// OAuthResourceServer: one protected resource whose tokens the application's
// validateToken checks (the authorization server's, over a Service Binding or
// in this Worker). The core (src/config/oc_config_rs.c, src/flow/oc_flow_rs.c)
// decides every answer; this file marshals the options, calls validateToken
// and the handler, and describes what validateToken returned or threw.
import { getCore } from './wasm.js';
import { FXR, CoreError } from './core.js';
import { isHandler, callHandler, handlerContext, withHeaders, headersOf } from './handlers.js';
import { OAuthError } from './errors.js';

export class OAuthResourceServer {
  #options;
  #cfg;

  constructor(options) {
    const object = !!options && typeof options === 'object';
    const serial = { role: 'resourceServer', optionsObject: object };
    if (object) {
      serial.badHandler = !isHandler(options.handler);
      serial.validateTokenFn = typeof options.validateToken === 'function';
      if (options.resourceMetadata !== undefined) serial.resourceMetadata = options.resourceMetadata;
      if (options.requiredScopes !== undefined) serial.requiredScopes = options.requiredScopes;
    }
    this.#cfg = getCore().configure(serial);
    this.#options = options;
  }

  async fetch(request, env, ctx) {
    const h = request.headers;
    const fields = [request.method, request.url, h.get('Authorization') ?? '', h.get('Content-Type') ?? '', h.get('Origin') ?? ''];
    const io = new ValidateIo(this.#options, request, env);
    let out;
    try {
      out = await getCore().http(this.#cfg, fields, io);
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      return new Response(null, { status: 503, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } });
    }
    if (out.t === 'throw') throw new TypeError(out.message);
    if (out.t === 'response') return new Response(out.body, { status: out.status, headers: headersOf(out.headers) });
    const res = await callHandler(this.#options.handler, request, env, handlerContext(ctx, io.resolved.props, out.auth));
    return out.headers ? withHeaders(res, out.headers, out.modes) : res;
  }
}

// What one request's operation may use (js-shim/core.js): the KV, the request,
// and the one callback the core asks for, validateToken(env, request)(resource,
// token), its result described for the core and kept for the handler's props.
class ValidateIo {
  constructor(options, request, env) {
    this.options = options;
    this.request = request;
    this.env = env;
    this.kv = env?.OAUTH_KV;
    this.resolved = undefined;
  }

  async callback(name, token) {
    let v;
    try {
      v = await this.options.validateToken(this.env, this.request)(this.options.resourceMetadata.resource, token);
    } catch (e) {
      return { status: FXR.FAILED, data: describeThrown(e) };
    }
    if (v === undefined) return { status: FXR.MISSING };
    this.resolved = v;
    return { status: FXR.OK, data: describeResult(v) };
  }
}

// What the core reads of a validation result (src/flow/oc_flow_rs.c): its
// members as they are when of the expected type, else named in "bad".
function describeResult(v) {
  if (!v || typeof v !== 'object') return '{"object":false}';
  const d = { object: true, props: Object.prototype.hasOwnProperty.call(v, 'props'), bad: [] };
  if (typeof v.audience === 'string') d.audience = v.audience;
  if (v.expiresAt !== undefined) {
    if (typeof v.expiresAt === 'number' && Number.isFinite(v.expiresAt)) d.expiresAt = v.expiresAt;
    else d.bad.push('expiresAt');
  }
  if (v.scope !== undefined) {
    if (Array.isArray(v.scope)) d.scope = v.scope.map((s) => (typeof s === 'string' ? s : null));
    else d.bad.push('scope');
  }
  for (const k of ['userId', 'clientId']) {
    if (v[k] === undefined) continue;
    if (typeof v[k] === 'string') d[k] = v[k];
    else d.bad.push(k);
  }
  return JSON.stringify(d);
}

// What validateToken threw (include/op/oc_callback.h): an OAuthError's
// members as the resource server reads them.
function describeThrown(e) {
  if (!(e instanceof OAuthError)) return '{"kind":"other"}';
  const headers = e.headers && typeof e.headers === 'object' ? Object.entries(e.headers).map(([k, v]) => [k, String(v)]) : [];
  try {
    return JSON.stringify({
      kind: 'OAuthError', code: e.code, description: e.description, statusCode: e.statusCode, headers,
      requiredScopes: e.requiredScopes,
    });
  } catch {
    return '{"kind":"other"}';
  }
}
