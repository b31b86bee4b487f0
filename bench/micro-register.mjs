// Micro-benchmark in Node of dynamic client registration without Request or Response: core.http
// on POST /register with bench/compare-worker.js's confidential client metadata, its body handed
// as bytes, the record written into a Map KV (field encoding, three crossings, the effects, the
// binary answer read).
//   node_modules/node/bin/node bench/micro-register.mjs [--wasm a.wasm,b.wasm] [--n 10000] [--rounds 5] [--fake-random]
// µs of process CPU per registration, minimum and median over the rounds, the modules interleaved.
// --fake-random: crypto.getRandomValues replaced by Math.random, for profiles (Node's costs
// several µs a call, workerd's far less). For names in a profile, link the module keeping them.
import { readFileSync } from 'node:fs';
import { Core } from '../js-shim/core.js';
import { CONFIGS, REDIRECT_URI } from '../tests/compat/harness/index.mjs';

const args = process.argv.slice(2);
const argv = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const wasms = argv('--wasm', new URL('../dist/oc.wasm', import.meta.url).pathname).split(',');
const N = +argv('--n', 10000), ROUNDS = +argv('--rounds', 5);
if (args.includes('--fake-random')) {
  const subtle = globalThis.crypto.subtle;
  const getRandomValues = (a) => { for (let i = 0; i < a.length; i++) a[i] = (Math.random() * 256) | 0; return a; };
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues, subtle } });
}
const BODY = new TextEncoder().encode(JSON.stringify({
  redirect_uris: [REDIRECT_URI], client_name: 'bench', token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
}));
const m = new Map();
const kv = { async get(k) { return m.get(k) ?? null; }, async put(k, v) { m.set(k, v); } };
const request = { headers: { get: () => null }, arrayBuffer: async () => BODY.buffer.slice(0) };
const impls = wasms.map((path) => {
  const core = new Core(new WebAssembly.Module(readFileSync(path)));
  return { path, core, cfg: core.configure({ ...CONFIGS.v1, hasApiHandler: true }) };
});
async function loop(impl, n) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const out = await impl.core.http(impl.cfg, ['POST', 'https://example.com/register', '', 'application/json', ''], { kv, request });
    if (out.status !== 201) throw new Error(JSON.stringify(out));
    m.clear();
  }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
const res = new Map(impls.map((i) => [i.path, []]));
for (const impl of impls) await loop(impl, 2000);
for (let r = 0; r < ROUNDS; r++) {
  for (const impl of r % 2 ? [...impls].reverse() : impls) res.get(impl.path).push(await loop(impl, N));
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [k, v] of res) console.log(`min ${Math.min(...v).toFixed(2).padStart(6)} µs  median ${med(v).toFixed(2).padStart(6)} µs  ${k}`);
