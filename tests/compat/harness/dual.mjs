// Ours and the reference side by side in one workerd, on one KV namespace
// (harness/dual-worker.js), as two views with the startWorker interface.
import assert from 'node:assert/strict';
import { startWorker, capture, normalizeTimed } from './index.mjs';

// A view of a dual Worker (harness/dual-worker.js, dual-0.10-worker.js) that talks to the
// implementation `name` (its x-impl header): fetch, and test(op, body) for the Worker's
// /__test/ ops, which throws (with the status and body) unless the op answered 200.
// With alwaysPost, a test op without a body is posted with {} (the callback Workers' test ops
// read one); otherwise it is a GET.
export function implView(w, name, { alwaysPost = false } = {}) {
  const v = {
    name,
    fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }),
    async test(op, body = alwaysPost ? {} : undefined) {
      const r = await v.fetch('/__test/' + op, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const t = await r.text();
      let j; try { j = JSON.parse(t); } catch { j = t; }
      if (r.status !== 200) throw Object.assign(new Error(`${name}: test op ${op} failed: ${r.status} ${t}`), { status: r.status, body: j });
      return j;
    },
    clearKV: () => v.test('kv-clear', {}),
    dumpKV: () => v.test('kv'),
  };
  return v;
}

// The records of a view's KV (clients aside), as the token exchange tests compare them:
// ciphertexts named by whether another record shares them, wrapped keys hidden, timestamps as
// their distance from v.t0 in 30 s steps; in an order that ignores digests.
export async function namedRecords(v) {
  const dump = (await v.dumpKV()).filter((r) => !r.key.startsWith('client:'));
  const all = dump.flatMap((r) => [r.value?.encryptedProps, r.value?.grant?.encryptedProps]).filter(Boolean);
  const walk = (x, k) => {
    if (Array.isArray(x)) return x.map((e) => walk(e));
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([kk, e]) => [kk, walk(e, kk)]));
    if (k === 'encryptedProps') return `props${all.filter((y) => y === x).length > 1 ? '(shared)' : ''}`;
    if (typeof x === 'string' && /WrappedKey$|wrappedEncryptionKey/.test(k ?? '')) return '{{wrapped}}';
    if (typeof x === 'number' && x > 1e9 && x < 1e10 && v.t0) return `t0+${Math.floor((x - v.t0) / 30) * 30}`;
    return x;
  };
  const order = (r) => JSON.stringify(r).replace(/[0-9a-f]{64}/g, '');
  return dump.map((r) => walk(r)).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

// Runs scenario(v, vars) on pair.theirs, then pair.ours (views with fetch and clearKV), each on a
// cleared KV with v.t0 its clock (seconds) and vars the names it gives; the results, normalized (normalizeTimed), must be equal.
// Returns the reference's.
export async function bothCleared(pair, scenario) {
  const out = {};
  for (const v of [pair.theirs, pair.ours]) {
    await v.clearKV();
    const vars = {};
    const clock = await v.fetch('/__test/now', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    v.t0 = Math.floor((await clock.json()).now / 1000);
    assert.ok(Number.isFinite(v.t0), `${v.name}: the Worker's clock`);
    out[v.name] = normalizeTimed(await scenario(v, vars), vars, v.t0);
  }
  assert.deepEqual(out.ours, out.theirs);
  return out.theirs;
}

// A pending grant's KV lifetime (expiration - createdAt, seconds) as both libraries write it:
// '10 min' for 600 s, and for 599 or 601 s, the clock having ticked between reading createdAt and
// the KV write; any other value as it is.
export const pendingTtl = (r) => { const s = r.expiration - r.value.createdAt; return Math.abs(s - 600) <= 1 ? '10 min' : s; };

// host: { outboundService, compatibilityFlags, handleRuntimeStdio } for startWorker, when given.
export async function startDual(options, extraCode, host = {}) {
  return pairOf(await startWorker({ providerImport: './js-shim/entry-workerd.js', options, extraCode, entry: 'dual-worker.js', ...host }));
}

// The same for the 0.10.x generation (harness/dual-0.10-worker.js): 0.10.4 as "theirs" and
// oc-oauth-provider/0.10 as "ours", both with options.
export async function startDual010(options, extraCode, host = {}) {
  return pairOf(await startWorker({ providerImport: './js-shim/v010/entry-workerd.js', options, extraCode, entry: 'dual-0.10-worker.js', ...host }));
}

function pairOf(w) {
  const ours = implView(w, 'ours');
  const theirs = implView(w, 'theirs');
  return {
    ours,
    theirs,
    // The same request to both: [reference, ours], each captured (status, headers, body).
    async both(path, init = {}) {
      const a = await capture(await theirs.fetch(path, init));
      const b = await capture(await ours.fetch(path, init));
      return [a, b];
    },
    dispose: () => w.dispose(),
  };
}

// The parts of an answer a client sees: status, body, and the headers that carry meaning.
export function seen(r) {
  const h = {};
  for (const k of ['www-authenticate', 'content-type', 'cache-control', 'location', 'x-harness']) if (r.headers[k] !== undefined) h[k] = r.headers[k];
  return { status: r.status, headers: h, body: r.body };
}

// Both constructors on each set of options (harness/construct-worker.js): [{theirs, ours}], in order.
export async function constructBoth(cases) {
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options: {}, entry: 'construct-worker.js' });
  try {
    return await (await w.fetch('/', { method: 'POST', body: JSON.stringify(cases) })).json();
  } finally {
    await w.dispose();
  }
}
