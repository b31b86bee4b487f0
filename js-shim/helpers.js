// OAuthHelpers (env.OAUTH_PROVIDER): each method is one core operation. The
// arguments go in as one JSON object; the core answers {"t":"value","value"}
// or {"t":"error","code","description",name?,…}, thrown here as the class the
// core names. No OAuth rule lives here.
import { KIND as DEFAULT_KIND } from './core.js';
import { OAuthError, AuthorizationError } from './errors.js';

function toError(answer, AuthError) {
  const { code, description, name, t, ...extra } = answer;
  switch (name) {
    case 'TypeError': return new TypeError(description);
    case 'Error': return new Error(description);
    case 'AuthorizationError': {
      return new AuthError(code, { description, ...extra });
    }
    default: {
      return new OAuthError(code, { description, ...extra });
    }
  }
}

// AuthError: the AuthorizationError class of the provider's entry.
export function makeHelpers(core, cfg, env, kinds = DEFAULT_KIND, AuthError = AuthorizationError) {
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
    purgeExpiredData: (options) => call(kinds.PURGE_EXPIRED_DATA, options ?? {}),
  };
}
