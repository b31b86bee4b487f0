// The two entries of this package beside the two generations of the
// reference, for the calls that need no request and no storage (the test is
// entry-0.10.test.mjs). POST / with {calls: [[fn, ...args]], construct: [options]}
// answers, for each, what 0.10.4 and ours/0.10 did; GET /exports answers each
// module's export names and their types; GET /missing-resource-metadata what
// 1.2.3 and our 1.x entry throw without resourceMetadata.
import * as Ours from '__PROVIDER__';
import * as Ours1 from '../../../js-shim/entry-workerd.js';
import * as Theirs from 'workers-oauth-provider-0.10';
import * as Theirs1 from '@cloudflare/workers-oauth-provider';

const handler = { fetch: () => new Response('handler') };
const odd = { obj: {}, num: 5, fn: () => {} };

function outcome(f) {
  try {
    const v = f();
    if (v instanceof Uint8Array) return { ok: true, bytes: [...v] };
    return { ok: true, value: v === undefined ? '(undefined)' : v };
  } catch (e) {
    return { name: e?.name, message: e?.message, error: e?.constructor?.name };
  }
}

// Options as JSON, handlers filled in as construct-worker.js does; "(undefined)" is undefined.
// enterpriseManagedAuthorization's members given as "fn" are functions.
function options(c) {
  if (c === '(undefined)' || c === null || typeof c !== 'object') return c === '(undefined)' ? undefined : c;
  const { noApiHandler, noDefault, ...o } = c;
  for (const [k, v] of Object.entries(o)) if (v === '(undefined)') o[k] = undefined;
  if (o.apiHandlers) o.apiHandlers = Object.fromEntries(o.apiHandlers.map((k) => [k, handler]));
  else if (!noApiHandler) o.apiHandler = handler;
  if (!noDefault) o.defaultHandler = handler;
  for (const k of ['apiHandler', 'defaultHandler']) if (typeof c[k] === 'string') o[k] = odd[c[k]];
  // enterpriseManagedAuthorization's members: "fn" a function, "(undefined)" undefined
  const ema = o.enterpriseManagedAuthorization;
  if (ema && typeof ema === 'object') {
    o.enterpriseManagedAuthorization = Object.fromEntries(Object.entries(ema)
      .map(([k, v]) => [k, v === 'fn' ? async () => null : v === '(undefined)' ? undefined : v]));
  }
  return o;
}

const names = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, typeof m[k]]));

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/exports') return Response.json({ theirs: names(Theirs), ours: names(Ours) });
    if (url.pathname === '/missing-resource-metadata') {
      const o = { apiRoute: '/api/', apiHandler: handler, defaultHandler: handler, authorizeEndpoint: '/a', tokenEndpoint: '/t' };
      return Response.json({
        theirs: outcome(() => new Theirs1.OAuthProvider(o)),
        ours: outcome(() => new Ours1.OAuthProvider(o)),
        ours010: outcome(() => new Ours.OAuthProvider(o) && 'ok'),
        getOAuthApi: outcome(() => Ours1.getOAuthApi(o, {})),
      });
    }
    const { calls = [], construct = [] } = await request.json();
    const call = (M, [fn, ...args]) => outcome(() => M[fn](...args.map((a) => (a === '(undefined)' ? undefined : a))));
    const make = (M, c) => outcome(() => (new M.OAuthProvider(options(c)), 'ok'));
    return Response.json({
      calls: calls.map((c) => ({ theirs: call(Theirs, c), ours: call(Ours, c) })),
      construct: construct.map((c) => ({ theirs: make(Theirs, c), ours: make(Ours, c) })),
    });
  },
};
