// Test Worker: OAUTH_KV behind a wrapper that fails the n-th KV operation of a
// request (header x-fail-at: n; 0 or absent: none) and reports how many it saw
// (response header x-kv-ops), to drive revocations that stop half way. For
// /authorize only completeAuthorization's operations count, not
// parseAuthRequest's. The app's routes call the helpers and answer JSON; an
// error a helper throws is answered as {thrown: {name, code, description}}.
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';

const fault = { at: 0, count: 0, armed: false };

function faultyKv(kv) {
  const op = (name) => (...args) => {
    if (!fault.armed) return kv[name](...args);
    fault.count++;
    if (fault.count === fault.at) return Promise.reject(new Error(`injected failure of KV ${name}`));
    return kv[name](...args);
  };
  return { get: op('get'), getWithMetadata: op('getWithMetadata'), put: op('put'), delete: op('delete'), list: op('list') };
}

async function answer(f) {
  try {
    return Response.json(await f());
  } catch (e) {
    return Response.json({ thrown: { name: e.name, code: e.code, description: e.description ?? e.message } });
  }
}

const defaultHandler = {
  async fetch(request, env) {
    const url = new URL(request.url);
    const oauth = env.OAUTH_PROVIDER;
    if (url.pathname === '/authorize') {
      fault.armed = false;
      const req = await oauth.parseAuthRequest(request);
      fault.armed = true;
      return answer(() => oauth.completeAuthorization({
        request: req, userId: request.headers.get('x-user'), metadata: {}, scope: req.scope, props: { name: 'alice' },
        revokeExistingGrants: request.headers.get('x-keep-grants') !== 'yes',
      }));
    }
    if (url.pathname === '/client' && request.method === 'POST') {
      return answer(async () => oauth.createClient(await request.json()));
    }
    if (url.pathname === '/revoke-grant' && request.method === 'POST') {
      const { grantId, userId } = await request.json();
      return answer(async () => ({ revoked: await oauth.revokeGrant(grantId, userId) ?? null }));
    }
    return new Response('not found', { status: 404 });
  },
};

const provider = new OAuthProvider({
  apiRoute: '/api/',
  apiHandler: { fetch: (req, env, ctx) => Response.json({ props: ctx.props }) },
  defaultHandler,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://example.com/api' },
});

export default {
  async fetch(request, env, ctx) {
    fault.at = Number(request.headers.get('x-fail-at') ?? 0);
    fault.count = 0;
    fault.armed = true;
    const res = await provider.fetch(request, { ...env, OAUTH_KV: faultyKv(env.OAUTH_KV) }, ctx);
    fault.armed = false;
    const out = new Response(res.body, res);
    out.headers.set('x-kv-ops', String(fault.count));
    return out;
  },
};
