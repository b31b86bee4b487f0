// Test Worker: the provider over a KV binding that throws, on every call, the
// Error whose message is the request's x-kv-error header (when it has one), as
// the Workers KV binding reports a non-2xx storage answer; and a probe that
// returns what the real binding throws for a key over 512 bytes.
import { OAuthProvider } from '../../../js-shim/entry-workerd.js';

const provider = new OAuthProvider({
  apiRoute: '/api/',
  apiHandler: { fetch: () => new Response('api') },
  defaultHandler: { fetch: () => new Response('default') },
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://example.com/api' },
});

function faulty(kv, message) {
  const fail = async () => { throw new Error(message); };
  return { get: fail, put: fail, delete: fail, list: fail, getWithMetadata: fail, binding: kv };
}

export default {
  async fetch(req, env, ctx) {
    if (new URL(req.url).pathname === '/__long-key') {
      try {
        await env.OAUTH_KV.get('k'.repeat(1429));
        return Response.json({ thrown: null });
      } catch (e) {
        return Response.json({ thrown: e.message, isError: e instanceof Error });
      }
    }
    const message = req.headers.get('x-kv-error');
    return provider.fetch(req, message ? { ...env, OAUTH_KV: faulty(env.OAUTH_KV, message) } : env, ctx);
  },
};
