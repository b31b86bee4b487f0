// OAuthResourceServer, ours and the reference's, in one Worker: the header
// x-impl: theirs picks the reference, anything else ours. Each is built from
// OPTIONS (resourceMetadata, requiredScopes) with a validator the request
// drives: x-test-validation is a JSON spec,
//   {"return": value}                 resolve value (a JSON value)
//   {"returnUndefined": true}         resolve undefined
//   {"oauthError": [code, options]}   throw the library's own OAuthError
//   {"throw": message}                throw an Error
//   {"throwEarly": message}           validateToken(env, request) itself throws
// and {"now": true} in "return" sets expiresAt to the clock plus one hour.
// OPTIONS.entrypoint: the handler is a WorkerEntrypoint class answering
// {props, auth, entrypoint: true}. The handler answers {props, auth} as JSON (with x-handler-cors set:
// Access-Control-Allow-Origin "https://only.example" of its own).
//
// POST /__construct with a JSON spec of options builds a server and answers
// {ok} or {error: message, name}: spec.handler "fetch" (default), "none",
// "object" (no fetch), "class" (a WorkerEntrypoint); spec.validateToken "fn"
// (default) or "none"; spec.notObject: the options are that value instead.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';
import { WorkerEntrypoint } from 'cloudflare:workers';
import { OPTIONS } from '__OPTIONS__';

const handler = {
  fetch(request, env, ctx) {
    const headers = { 'Content-Type': 'application/json' };
    if (request.headers.get('x-handler-cors')) headers['Access-Control-Allow-Origin'] = 'https://only.example';
    return new Response(JSON.stringify({ props: ctx.props, auth: ctx.auth, path: new URL(request.url).pathname }), { headers });
  },
};

class EntryHandler extends WorkerEntrypoint {
  fetch(request) {
    return Response.json({ props: this.ctx.props, auth: this.ctx.auth, entrypoint: true });
  }
}

function validator(lib) {
  return (env, request) => {
    const spec = JSON.parse(request.headers.get('x-test-validation') ?? '{"return":null}');
    if (spec.throwEarly) throw new Error(spec.throwEarly);
    return async (resource, token) => {
      if (spec.oauthError) throw new lib.OAuthError(spec.oauthError[0], spec.oauthError[1]);
      if (spec.throw) throw new Error(spec.throw);
      if (spec.returnUndefined) return undefined;
      const v = spec.return;
      if (v && typeof v === 'object' && v.now) {
        delete v.now;
        v.expiresAt = Math.floor(Date.now() / 1000) + 3600;
      }
      if (v && typeof v === 'object' && v.echo) {
        delete v.echo;
        v.props = { resource, token };
      }
      return v;
    };
  };
}

function construct(lib, spec) {
  if ('notObject' in spec) return new lib.OAuthResourceServer(spec.notObject);
  const o = { ...spec.options };
  const h = spec.handler ?? 'fetch';
  if (h === 'fetch') o.handler = handler;
  else if (h === 'object') o.handler = {};
  else if (h === 'class') o.handler = EntryHandler;
  if ((spec.validateToken ?? 'fn') === 'fn') o.validateToken = validator(lib);
  return new lib.OAuthResourceServer(o);
}

const { entrypoint, ...RS_OPTIONS } = OPTIONS; // entrypoint: the handler is EntryHandler

const servers = {};
function server(which) {
  const lib = which === 'theirs' ? Theirs : Ours;
  servers[which] ??= new lib.OAuthResourceServer({ ...RS_OPTIONS, handler: entrypoint ? EntryHandler : handler, validateToken: validator(lib) });
  return servers[which];
}

export default {
  async fetch(request, env, ctx) {
    const which = request.headers.get('x-impl') === 'theirs' ? 'theirs' : 'ours';
    const url = new URL(request.url);
    if (url.pathname === '/__construct') {
      const spec = await request.json();
      try {
        construct(which === 'theirs' ? Theirs : Ours, spec);
        return Response.json({ ok: true });
      } catch (e) {
        return Response.json({ error: String(e?.message), name: e?.name });
      }
    }
    return server(which).fetch(request, { ...env }, ctx);
  },
};
