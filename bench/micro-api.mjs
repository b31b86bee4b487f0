// Micro-benchmark in Node of the core's API token check alone (Core.run with KIND.HTTP against a
// Map KV: field encoding, the wasm op, the one KV get, the output JSON.parse; no Request/Response).
//   node_modules/node/bin/node bench/micro-api.mjs [--wasm a.wasm,b.wasm] [--n 20000] [--rounds 5]
// Each wasm is measured with the props cache on (256 tokens cycled: hits) and off (full crypto),
// interleaved; µs of process CPU per check: the minimum over the rounds (the least disturbed by
// other load on a shared machine) and the median.
import { readFileSync } from 'node:fs';
import { Core, KIND } from '../js-shim/core.js';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { CONFIGS } from '../tests/compat/harness/index.mjs';

const args = process.argv.slice(2);
const argv = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const wasms = argv('--wasm', new URL('../dist/oc.wasm', import.meta.url).pathname).split(',');
const N = +argv('--n', 20000), ROUNDS = +argv('--rounds', 5);
const m = new Map();
const kv = { async get(k) { const v = m.get(k); return v === undefined ? null : v; }, async put(k, v) { m.set(k, v); } };
const tokens = [];
for (let i = 0; i < 256; i++) tokens.push((await mintAccessToken(kv, { userId: `u${i}`, audience: 'https://example.com/api', props: { name: 'alice', n: i }, scope: ['read', 'write'] })).token);
const OPTIONS = { ...CONFIGS.v1, hasApiHandler: true };
const impls = wasms.map((path) => {
  const core = new Core(new WebAssembly.Module(readFileSync(path)));
  return { path, core, cfg: core.configure(OPTIONS) };
});
async function loop(impl, cache, n) {
  const has = typeof impl.core.x.oc_w_props_cache_enable === 'function';
  if (!cache && !has) {} else if (has) impl.core.x.oc_w_props_cache_enable(cache ? 1 : 0);
  const io = { kv };
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const out = JSON.parse(await impl.core.run(impl.cfg, KIND.HTTP, ['GET', 'https://example.com/api/x', 'Bearer ' + tokens[i & 255], '', ''], io));
    if (out.t !== 'api') throw new Error(JSON.stringify(out));
  }
  const d = process.cpuUsage(t0);
  if (has) impl.core.x.oc_w_props_cache_enable(1);
  return (d.user + d.system) / n;
}
const res = new Map();
for (const impl of impls) { await loop(impl, true, 2000); await loop(impl, false, 2000); }
for (let r = 0; r < ROUNDS; r++) {
  for (const impl of r % 2 ? [...impls].reverse() : impls) {
    for (const cache of [true, false]) {
      const k = `${impl.path} cache=${cache && typeof impl.core.x.oc_w_props_cache_enable === 'function' ? 'on' : 'off'}`;
      if (!res.has(k)) res.set(k, []);
      res.get(k).push(await loop(impl, cache, N));
    }
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [k, v] of res) console.log(`min ${Math.min(...v).toFixed(2).padStart(6)} µs  median ${med(v).toFixed(2).padStart(6)} µs  ${k}`);
