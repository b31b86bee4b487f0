// The test Worker's logic, shared by worker-template.js (one provider) and
// dual-worker.js (ours and the reference side by side on one KV namespace).
// Nothing here is provider-specific beyond the public OAuthProvider / OAuthHelpers API.

function json(value, status = 200, headers = {}) {
  return new Response(JSON.stringify(value, null, 0), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function describeError(e) {
  if (!e || typeof e !== 'object') return { thrown: String(e) };
  const out = { name: e.name, message: e.message, constructor: e.constructor && e.constructor.name };
  for (const k of ['code', 'description', 'redirectUri', 'state', 'issuer', 'redirectTo', 'statusCode', 'reason', 'metadataUrl', 'detail']) {
    if (e[k] !== undefined) out[k] = e[k];
  }
  return out;
}

// Harness: a request carrying x-test-response-headers (a JSON object) gets those headers on the
// API handler's response (e.g. CORS headers of its own).
export const apiHandler = {
  async fetch(request, env, ctx) {
    const auth = ctx.auth ? { ...ctx.auth } : undefined;
    const own = JSON.parse(request.headers.get('x-test-response-headers') ?? '{}');
    return json({ props: ctx.props ?? null, auth: auth ?? null, method: request.method, path: new URL(request.url).pathname }, 200, own);
  },
};

async function dumpKV(env) {
  const records = [];
  let cursor;
  do {
    const page = await env.OAUTH_KV.list({ cursor });
    for (const k of page.keys) {
      const raw = await env.OAUTH_KV.get(k.name);
      let value = raw;
      try { value = JSON.parse(raw); } catch {}
      records.push({ key: k.name, value, metadata: k.metadata ?? null, expiration: k.expiration ?? null });
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return records;
}

export const defaultHandler = {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const oauth = env.OAUTH_PROVIDER;
    if (url.pathname === '/authorize') {
      let authRequest;
      try {
        authRequest = await oauth.parseAuthRequest(request);
      } catch (e) {
        // Harness convention: parseAuthRequest failures are reported as 400 JSON {parseError}.
        return json({ parseError: describeError(e) }, 400, { 'x-harness': 'parse-error' });
      }
      if (request.headers.get('x-test-parse-only')) return json({ authRequest });
      const userId = request.headers.get('x-test-user') || 'user1';
      const scopeHeader = request.headers.get('x-test-grant-scope');
      try {
        const { redirectTo } = await oauth.completeAuthorization({
          request: authRequest,
          userId,
          metadata: { label: 'test' },
          scope: scopeHeader != null ? scopeHeader.split(' ').filter(Boolean) : authRequest.scope,
          props: { name: 'alice' },
        });
        return new Response(null, { status: 302, headers: { location: redirectTo, 'x-harness': 'authorized' } });
      } catch (e) {
        return json({ completeError: describeError(e) }, 500, { 'x-harness': 'complete-error' });
      }
    }
    if (url.pathname.startsWith('/__test/')) {
      const op = url.pathname.slice('/__test/'.length);
      const body = request.method === 'POST' ? await request.json() : {};
      try {
        switch (op) {
          case 'kv': return json(await dumpKV(env));
          case 'kv-clear': {
            for (const r of await dumpKV(env)) await env.OAUTH_KV.delete(r.key);
            return json({ ok: true });
          }
          case 'kv-put': {
            const opts = {};
            if (body.metadata != null) opts.metadata = body.metadata;
            if (body.expiration != null) opts.expiration = body.expiration;
            if (body.expirationTtl != null) opts.expirationTtl = body.expirationTtl;
            await env.OAUTH_KV.put(body.key, typeof body.value === 'string' ? body.value : JSON.stringify(body.value), opts);
            return json({ ok: true });
          }
          case 'kv-delete': await env.OAUTH_KV.delete(body.key); return json({ ok: true });
          case 'createClient': return json(await oauth.createClient(body));
          case 'lookupClient': return json(await oauth.lookupClient(body.clientId));
          case 'completeAuthorization': return json(await oauth.completeAuthorization(body));
          case 'listClients': return json(await oauth.listClients(body.options));
          case 'listUserGrants': return json(await oauth.listUserGrants(body.userId, body.options));
          case 'revokeGrant': return json(await oauth.revokeGrant(body.grantId, body.userId) ?? null);
          case 'unwrapToken': return json(await oauth.unwrapToken(body.token));
          // body.undefined: members of the options given as undefined; body.nan: expiresIn as NaN
          case 'exchangeToken': {
            const options = { ...body.options };
            for (const k of body.undefined ?? []) options[k] = undefined;
            if (body.nan) options.expiresIn = NaN;
            return json(await oauth.exchangeToken(options));
          }
          case 'updateClient': {
            // body.undefined: members of updates given as undefined (JSON cannot carry them)
            const updates = body.updates && typeof body.updates === 'object' ? { ...body.updates } : body.updates;
            for (const k of body.undefined ?? []) updates[k] = undefined;
            return json(await oauth.updateClient(body.clientId, updates));
          }
          case 'deleteClient': return json(await oauth.deleteClient(body.clientId) ?? null);
          case 'purgeExpiredData': return json(await oauth.purgeExpiredData(body.options));
          // The same helpers from getOAuthApi(options, env) and OAuthProvider.purgeExpiredData(env, options).
          case 'api': return json(await env.TEST_OAUTH_API()[body.method](...body.args));
          // getOAuthApi with other options: body.options over the harness's (alone when body.bare).
          case 'apiWith': env.TEST_OAUTH_API(body.bare ? body.options : { ...env.TEST_OPTIONS, ...body.options }); return json({ ok: true });
          case 'providerPurge': return json(await env.TEST_PROVIDER.purgeExpiredData(env, body.options));
          case 'kv-load': {
            for (const r of body.records) {
              const opts = {};
              if (r.metadata != null) opts.metadata = r.metadata;
              if (r.expiration != null) opts.expiration = r.expiration;
              await env.OAUTH_KV.put(r.key, typeof r.value === 'string' ? r.value : JSON.stringify(r.value), opts);
            }
            return json({ ok: true });
          }
          case 'now': return json({ now: Date.now() });
          // What the Worker's own hooks (options given as extraCode) recorded in globalThis.__TEST_SEEN, taken.
          case 'seen': return json((globalThis.__TEST_SEEN ?? []).splice(0));
          default: return json({ error: 'unknown test op' }, 404);
        }
      } catch (e) {
        return json({ helperError: describeError(e) }, 500, { 'x-harness': 'helper-error' });
      }
    }
    return new Response('default handler: ' + url.pathname, { status: 404, headers: { 'x-harness': 'default-404' } });
  },
};


// Harness fault injection: a request carrying x-test-kv-put-error gets an OAUTH_KV whose put
// throws an Error with that message (as Workers KV does when a write is refused, e.g.
// "KV PUT failed: 429 Too Many Requests"); reads, lists and deletes still work.
function withFailingPuts(env, message) {
  const kv = env.OAUTH_KV;
  const failing = new Proxy(kv, {
    get(target, name) {
      if (name === 'put') return async () => { throw new Error(message); };
      const v = Reflect.get(target, name);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { ...env, OAUTH_KV: failing };
}

export function makeWorker(Provider, options) {
  const OAuthProvider = Provider.OAuthProvider ?? Provider.default;
  let provider, constructionError;
  try {
    provider = new OAuthProvider({ ...options, apiHandler, defaultHandler });
  } catch (e) {
    constructionError = describeError(e);
  }
  return {
    async fetch(request, env, ctx) {
      if (constructionError) return json({ constructionError }, 500, { 'x-harness': 'construction-error' });
      const putError = request.headers.get('x-test-kv-put-error');
      env = putError ? withFailingPuts(env, putError) : env;
      if (Provider.getOAuthApi) {
        const plain = { ...env };
        env.TEST_OAUTH_API = (opts = { ...options, apiHandler, defaultHandler }) => Provider.getOAuthApi(opts, plain);
        env.TEST_PROVIDER = provider;
        env.TEST_OPTIONS = { ...options, apiHandler, defaultHandler };
      }
      return provider.fetch(request, env, ctx);
    },
  };
}
