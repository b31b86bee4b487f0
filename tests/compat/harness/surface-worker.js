// The exported values, ours and the reference's, on the same posted calls:
// [{fn, args, isNew}] (args null: describe the export itself). GET: the names
// each module exports. Each call's outcome is described as
// plain JSON (the value, or the thrown error; for objects their class, own
// properties with their attributes, prototype chain and instanceof answers), so
// the two libraries' outcomes can be compared with deepEqual.
//
// An argument {"$error": "msg"} stands for new Error("msg"); {"$undefined": true}
// for undefined; {"$fn": true} for a function; {"$handler": true} for a handler
// object (with fetch).
import * as Ours from '__PROVIDER__';
import * as Theirs from '@cloudflare/workers-oauth-provider';

const CLASSES = ['OAuthError', 'ExternalTokenError', 'AuthorizationError', 'CimdFetchError'];

function revive(v) {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    if ('$error' in v) return new Error(v.$error);
    if ('$undefined' in v) return undefined;
    if ('$fn' in v) return () => {};
    if ('$handler' in v) return { fetch: () => new Response('handler') };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  }
  return v;
}

function plain(v) {
  if (v === undefined) return { $undefined: true };
  if (v instanceof Error) return { $error: v.message, name: v.name };
  return v;
}

function describe(lib, v) {
  if (v === null || typeof v !== 'object') return { type: typeof v, value: plain(v) };
  const own = {};
  for (const k of Object.getOwnPropertyNames(v)) {
    if (k === 'stack') continue;
    const d = Object.getOwnPropertyDescriptor(v, k);
    own[k] = { value: plain(d.value), enumerable: d.enumerable, writable: d.writable, configurable: d.configurable };
  }
  // Below the object's own class (whose name a bundler may change): the classes it extends.
  const chain = [];
  for (let p = Object.getPrototypeOf(Object.getPrototypeOf(v)); p; p = Object.getPrototypeOf(p)) chain.push(p.constructor?.name);
  const isA = {};
  for (const c of CLASSES) if (typeof lib[c] === 'function') isA[c] = v instanceof lib[c];
  return {
    type: 'object',
    own,
    chain,
    isA,
    ownClass: CLASSES.find((c) => Object.getPrototypeOf(v) === lib[c]?.prototype) ?? null,
    isError: v instanceof Error,
    name: v.name,
    message: v.message,
    string: v instanceof Error ? String(v) : undefined,
    json: JSON.stringify(v),
    frozen: Object.isFrozen(v),
  };
}

function run(lib, { fn, args = [], isNew }) {
  const f = lib[fn];
  if (f === undefined) return { missing: fn };
  if (args === null) return describe(lib, f);
  try {
    const a = revive(args);
    return { returned: describe(lib, isNew ? new f(...a) : f(...a)) };
  } catch (e) {
    return { threw: { ctor: e?.constructor?.name, name: e?.name, message: e?.message } };
  }
}

export default {
  async fetch(request) {
    if (request.method === 'GET') return Response.json({ theirs: Object.keys(Theirs).sort(), ours: Object.keys(Ours).sort() });
    const calls = await request.json();
    return Response.json(calls.map((c) => ({ theirs: run(Theirs, c), ours: run(Ours, c) })));
  },
};
