// Ours and the reference side by side in one workerd, on one KV namespace
// (harness/dual-worker.js), as two views with the startWorker interface.
import { startWorker, capture } from './index.mjs';

export async function startDual(options, extraCode) {
  const w = await startWorker({ providerImport: './js-shim/entry-workerd.js', options, extraCode, entry: 'dual-worker.js' });
  const view = (name) => {
    const v = {
      fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }),
      async test(op, body) {
        const r = await v.fetch('/__test/' + op, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        const t = await r.text();
        let j; try { j = JSON.parse(t); } catch { j = t; }
        if (r.status !== 200) throw Object.assign(new Error(`test op ${op} failed: ${r.status} ${t}`), { status: r.status, body: j });
        return j;
      },
      clearKV: () => v.test('kv-clear', {}),
      dumpKV: () => v.test('kv'),
    };
    return v;
  };
  const ours = view('ours');
  const theirs = view('theirs');
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
