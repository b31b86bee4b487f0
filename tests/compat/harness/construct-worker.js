// Constructs OAuthProvider with each posted set of options, ours and the
// reference's, and answers what each constructor did: "ok" or {name, message}.
// Options are JSON; handlers are filled in: apiHandler (unless noApiHandler),
// defaultHandler (unless noDefault), apiHandlers from a list of keys, and
// "obj" / "num" / "fn" for a handler given as {} / 5 / a plain function.
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';

const handler = { fetch: () => new Response('handler') };
const odd = { obj: {}, num: 5, fn: () => {} };

function construct(Provider, c) {
  const P = Provider.OAuthProvider ?? Provider.default;
  const { noApiHandler, noDefault, ...opts } = c;
  if (opts.apiHandlers) opts.apiHandlers = Object.fromEntries(opts.apiHandlers.map((k) => [k, handler]));
  else if (!noApiHandler) opts.apiHandler = handler;
  if (!noDefault) opts.defaultHandler = handler;
  for (const k of ['apiHandler', 'defaultHandler']) if (typeof c[k] === 'string') opts[k] = odd[c[k]];
  try {
    new P(opts);
    return 'ok';
  } catch (e) {
    return { name: e?.name, message: e?.message };
  }
}

export default {
  async fetch(request) {
    const cases = await request.json();
    return Response.json(cases.map((c) => ({ theirs: construct(Theirs, c), ours: construct(Ours, c) })));
  },
};
