// OAuthHelpers (env.OAUTH_PROVIDER): each method is one core operation. The
// arguments go in as one JSON object; the core answers {"t":"value","value"}
// or {"t":"error","code","description",name?,warn?,…}, thrown here as the class the
// core names (warn: a line for the Worker's log, written first). No OAuth rule lives here.
import { KIND as DEFAULT_KIND } from './core.js';
import { OAuthError, AuthorizationError, CimdFetchError } from './errors.js';

function toError(answer, AuthError) {
  const { code, description, name, t, warn, ...extra } = answer;
  if (warn) console.warn(warn);
  switch (name) {
    case 'TypeError': return new TypeError(description);
    case 'Error': return new Error(description);
    case 'CimdFetchError': return new CimdFetchError(extra.metadataUrl, extra.detail);
    case 'AuthorizationError': {
      return new AuthError(code, { description, ...extra });
    }
    default: {
      return new OAuthError(code, { description, ...extra });
    }
  }
}

// A string as the reference reads it through TextEncoder (lone surrogates as U+FFFD).
const text = (v) => v.toWellFormed();

// The consent helpers' answers carry headers as [name, value] pairs
// (src/consent/oc_consent_op.h): Set-Cookie appended, any other set.
function headersFrom(pairs, headers = new Headers()) {
  for (const [name, value] of pairs) {
    if (name === 'Set-Cookie') headers.append(name, value);
    else headers.set(name, value);
  }
  return headers;
}

// A member of RememberConsentOptions as JSON: a value JSON cannot carry (an
// object, a function, a bigint, a non-finite number) as false, which the core
// refuses as the reference refuses that value.
function rememberMember(v) {
  if (v === undefined || v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return text(v);
  return typeof v === 'number' && Number.isFinite(v) ? v : false;
}

// RememberConsentOptions as the core reads them (src/consent/oc_consent_approvals.h):
// absent stays absent, another non-object null.
function rememberArg(r) {
  if (r === null || typeof r !== 'object') return r === undefined ? undefined : null;
  return { secret: rememberMember(r.secret), maxAgeSeconds: rememberMember(r.maxAgeSeconds), subject: rememberMember(r.subject) };
}

// approveConsent's scope: each member a string or null, false when not an array.
function scopeArg(scope) {
  if (scope === undefined) return undefined;
  return Array.isArray(scope) ? Array.from(scope, (s) => (typeof s === 'string' ? text(s) : null)) : false;
}

const handleArg = (handle) => (typeof handle === 'string' ? text(handle) : null);
const cookieOf = (request) => request.headers.get('Cookie');

// exchangeToken's argument: expiresIn as Number reads it (a value JSON cannot carry as its name).
function exchangeArg(o) {
  const n = o?.expiresIn === undefined ? undefined : Number(o.expiresIn);
  return {
    subjectToken: typeof o?.subjectToken === 'string' ? text(o.subjectToken) : null,
    scope: o?.scope,
    aud: o?.aud,
    expiresIn: n === undefined || Number.isFinite(n) ? n : String(n),
  };
}

// AuthError: the AuthorizationError class of the provider's entry. callback(name, arg, io):
// the provider's user callbacks, for the helpers that may ask one (exchangeToken).
export function makeHelpers(core, cfg, env, kinds = DEFAULT_KIND, AuthError = AuthorizationError, callback = undefined) {
  const perform = { kv: env.OAUTH_KV };
  const call = async (kind, args) => {
    const out = JSON.parse(await core.run(cfg, kind, [JSON.stringify(args ?? {})], perform));
    if (out.t === 'error') throw toError(out, AuthError);
    return out.value;
  };
  return {
    parseAuthRequest: (request) => call(kinds.PARSE_AUTH_REQUEST, { url: request.url }),
    lookupClient: (clientId) => call(kinds.LOOKUP_CLIENT, { clientId }),
    completeAuthorization: (options) => call(kinds.COMPLETE_AUTHORIZATION, options),
    createClient: (clientInfo) => call(kinds.CREATE_CLIENT, clientInfo),
    listUserGrants: (userId, options = {}) =>
      call(kinds.LIST_USER_GRANTS, { userId, cursor: options.cursor, limit: options.limit }),
    revokeGrant: async (grantId, userId) => { await call(kinds.REVOKE_GRANT, { grantId, userId }); },
    listClients: (options = {}) => call(kinds.LIST_CLIENTS, { cursor: options?.cursor, limit: options?.limit }),
    // unset: the members given as undefined, which JSON cannot carry.
    updateClient: (clientId, updates) => call(kinds.UPDATE_CLIENT, {
      clientId,
      updates,
      unset: updates && typeof updates === 'object' ? Object.keys(updates).filter((k) => updates[k] === undefined) : [],
    }),
    deleteClient: async (clientId) => { await call(kinds.DELETE_CLIENT, { clientId }); },
    unwrapToken: (token) => call(kinds.UNWRAP_TOKEN, { token }),
    // What the tokenExchangeCallback threw is rethrown as it was ({"t":"throw"}).
    exchangeToken: async (options) => {
      const io = { kv: env.OAUTH_KV };
      if (callback) io.callback = (name, arg) => callback(name, arg, io);
      const out = JSON.parse(await core.run(cfg, kinds.EXCHANGE_TOKEN, [JSON.stringify(exchangeArg(options))], io));
      if (out.t === 'throw') throw io.thrown;
      if (out.t === 'error') throw toError(out, AuthError);
      return out.value;
    },
    purgeExpiredData: (options) => call(kinds.PURGE_EXPIRED_DATA, options ?? {}),
    // The consent and upstream helpers: every rule is the core's (src/consent/).
    describeConsent: (authRequest) => call(kinds.DESCRIBE_CONSENT, { request: authRequest }),
    isConsentRemembered: (request, authRequest, remember) => call(kinds.CONSENT_REMEMBERED,
      { cookie: cookieOf(request), request: authRequest, remember: rememberArg(remember) ?? null }),
    beginConsent: async (authRequest) => {
      const v = await call(kinds.BEGIN_CONSENT, { request: authRequest });
      return { handle: v.handle, headers: headersFrom(v.headers) };
    },
    approveConsent: async (request, handle, options = {}) => {
      const v = await call(kinds.APPROVE_CONSENT, {
        remember: rememberArg(options.remember), cookie: cookieOf(request), handle: handleArg(handle), scope: scopeArg(options.scope),
      });
      return { request: v.request, headers: headersFrom(v.headers) };
    },
    denyConsent: async (request, handle, options = {}) => {
      const v = await call(kinds.DENY_CONSENT, {
        cookie: cookieOf(request), handle: handleArg(handle), description: options.description ? text(String(options.description)) : null,
      });
      return { request: v.request, redirectTo: v.redirectTo, headers: headersFrom(v.headers) };
    },
    beginUpstream: async (authRequest, options = {}) => {
      const v = await call(kinds.BEGIN_UPSTREAM, { request: authRequest, data: options.data });
      return { state: v.state, headers: headersFrom(v.headers, options.headers ?? new Headers()) };
    },
    finishUpstream: async (request) => {
      const v = await call(kinds.FINISH_UPSTREAM, { cookie: cookieOf(request), url: request.url });
      return { request: v.request, data: v.data, headers: headersFrom(v.headers) };
    },
  };
}
