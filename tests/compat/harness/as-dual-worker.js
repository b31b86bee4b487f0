// OAuthAuthorizationServer, ours and the reference's, in one Worker on one
// OAUTH_KV: the header x-impl: theirs picks the reference, anything else
// ours. Both are built from OPTIONS with EXTRA (callbacks: an object, or a
// function of the library).
//   /authorize                 parseAuthRequest + completeAuthorization as user1
//                              (props {name: 'alice'}, the scope asked for)
//   /__parse?…                 parseAuthRequest's AuthRequest as {value}, or {error, name, code, redirectTo}
//   /__parse/PATH?…            the same, the request made to PATH instead of /authorize
//   POST /__complete           completeAuthorization's options (JSON; userId defaults to user1) -> {value}
//                              or {error, name, code}
//   POST /__exchange           exchangeToken's options -> {value}, or {error, name, code}
//   POST /__api                {method, args}: the helper getOAuthApi(env)[method](...args) -> {value},
//                              or {error, name, code}
//   POST /__validate           {resource, token} -> {value} from validateToken, or {error, name}
//   POST /__construct          options (JSON) -> {ok} or {error, name}; {"notObject": v} passes v
//   POST /__kv                 {key, edit: {member: value|null}} edits a KV record's JSON (null deletes)
//   everything else            the server's fetch
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { OPTIONS, EXTRA } from '__OPTIONS__';

const extra = (lib) => (typeof EXTRA === 'function' ? EXTRA(lib) : EXTRA);
const servers = {};
const server = (which) => {
  const lib = which === 'theirs' ? Theirs : Ours;
  return (servers[which] ??= new lib.OAuthAuthorizationServer({ ...OPTIONS, ...extra(lib) }));
};

const caught = (e) => Response.json({ error: String(e?.message), name: e?.name, code: e?.code, redirectTo: e?.redirectTo });

export default {
  async fetch(request, env, ctx) {
    const which = request.headers.get('x-impl') === 'theirs' ? 'theirs' : 'ours';
    const lib = which === 'theirs' ? Theirs : Ours;
    const url = new URL(request.url);
    env = { ...env };
    try {
      if (url.pathname === '/__construct') {
        const spec = await request.json();
        new lib.OAuthAuthorizationServer('notObject' in spec ? spec.notObject : spec);
        return Response.json({ ok: true });
      }
      if (url.pathname === '/__parse' || url.pathname.startsWith('/__parse/')) {
        const parsed = new URL(request.url);
        parsed.pathname = url.pathname === '/__parse' ? '/authorize' : url.pathname.slice('/__parse'.length);
        return Response.json({ value: await server(which).getOAuthApi(env).parseAuthRequest(new Request(parsed)) });
      }
      if (url.pathname === '/__complete') {
        const options = await request.json();
        return Response.json({ value: await server(which).getOAuthApi(env).completeAuthorization({ userId: 'user1', props: { name: 'alice' }, scope: [], metadata: {}, ...options }) });
      }
      if (url.pathname === '/__exchange') {
        return Response.json({ value: await server(which).getOAuthApi(env).exchangeToken(await request.json()) });
      }
      if (url.pathname === '/__api') {
        const { method, args } = await request.json();
        return Response.json({ value: await server(which).getOAuthApi(env)[method](...args) });
      }
      if (url.pathname === '/__validate') {
        const { resource, token } = await request.json();
        return Response.json({ value: await server(which).validateToken(resource, token, env) });
      }
      if (url.pathname === '/__kv') {
        const { key, edit } = await request.json();
        const rec = JSON.parse(await env.OAUTH_KV.get(key));
        for (const [k, v] of Object.entries(edit)) if (v === null) delete rec[k]; else rec[k] = v;
        await env.OAUTH_KV.put(key, JSON.stringify(rec));
        return Response.json({ ok: true });
      }
      if (url.pathname === '/__keys') return Response.json((await env.OAUTH_KV.list()).keys.map((k) => k.name));
    } catch (e) {
      return caught(e);
    }
    if (url.pathname === '/authorize') {
      try {
        const api = server(which).getOAuthApi(env);
        const authRequest = await api.parseAuthRequest(request);
        const { redirectTo } = await api.completeAuthorization({
          request: authRequest, userId: 'user1', metadata: {}, scope: authRequest.scope, props: { name: 'alice' },
        });
        return Response.redirect(redirectTo, 302);
      } catch (e) {
        return Response.json({ parseError: e?.description ?? e?.message, code: e?.code }, { status: 400 });
      }
    }
    return server(which).fetch(request, env, ctx);
  },
};
