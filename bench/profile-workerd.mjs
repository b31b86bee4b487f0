// V8 CPU profile of one operation inside workerd (through its inspector), self time by function:
//   node_modules/node/bin/node bench/profile-workerd.mjs [--op api|apifresh|code|refresh] [--impl ours|theirs] [--n 3000] [--top 40]
// Bundles bench/compare-worker.js like bench/compare.mjs does, runs n operations a few times under
// Profiler.start/stop and prints the functions with the most self time (wasm functions by index
// unless the module keeps its name section). Sampling adds overhead: read shares, not µs.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { CONFIGS, REDIRECT_URI } from '../tests/compat/harness/index.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argv = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const OP = argv('--op', 'api'), IMPL = argv('--impl', 'ours'), N = +argv('--n', 3000), TOP = +argv('--top', 40);
const WASM = readFileSync(argv('--wasm', join(ROOT, 'dist/oc.wasm')));

const b64url = (b) => Buffer.from(b).toString('base64url');
const verifier = b64url(randomBytes(32));
const PKCE = { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
const SEED = [];
const collect = { async put(k, v, o) { SEED.push([k, v, o.expiration]); } };
for (let i = 0; i < 256; i++) {
  const { token } = await mintAccessToken(collect, { userId: `user${i}`, audience: 'https://example.com/api', props: { name: 'alice', n: i }, scope: ['read', 'write'], ttl: 86400 });
  SEED.at(-1).push(token);
}
const hook = `import { getCore } from ${JSON.stringify(join(ROOT, 'js-shim/wasm.js'))}; export const propsCache = (on) => getCore().x.oc_w_props_cache_enable(on ? 1 : 0);`;
const benchModule = `${hook} export const PKCE = ${JSON.stringify(PKCE)}; export const SEED = ${JSON.stringify(SEED)}; export const REDIRECT_URI = ${JSON.stringify(REDIRECT_URI)}; export const OPTIONS = ${JSON.stringify(CONFIGS.v1)};`;
const r = await build({
  entryPoints: [join(ROOT, 'bench/compare-worker.js')], bundle: true, write: false, format: 'esm', platform: 'neutral',
  mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*', 'node:*'],
  target: 'es2022', logLevel: 'silent', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')],
  plugins: [{ name: 'p', setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './oc.wasm', external: true }));
    b.onResolve({ filter: /^__BENCH__$/ }, () => ({ path: 'b', namespace: 'b' }));
    b.onLoad({ filter: /.*/, namespace: 'b' }, () => ({ contents: benchModule, loader: 'js', resolveDir: ROOT }));
    b.onResolve({ filter: /^__OURS__$/ }, () => ({ path: join(ROOT, 'js-shim/entry-workerd.js') }));
    b.onResolve({ filter: /^__THEIRS__$/ }, async () => ({ path: (await b.resolve('@cloudflare/workers-oauth-provider', { resolveDir: ROOT, kind: 'import-statement' })).path }));
  } }],
});
import { writeFileSync } from 'node:fs';
writeFileSync(join(ROOT, 'build/profile-workerd-bundle.js'), r.outputFiles[0].text);
const port = 9300 + Math.floor(Math.random() * 500);
const mf = new Miniflare({
  name: 'w', inspectorPort: port,
  modules: [{ type: 'ESModule', path: 'worker.mjs', contents: r.outputFiles[0].text }, { type: 'CompiledWasm', path: 'oc.wasm', contents: WASM }],
  compatibilityDate: '2025-06-01', compatibilityFlags: ['nodejs_compat'],
});
await mf.ready;
const req = async (path) => { const res = await mf.dispatchFetch('http://bench' + path); const t = await res.text(); if (res.status !== 200) throw new Error(t); };

const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl);
await new Promise((ok, no) => { ws.onopen = ok; ws.onerror = no; });
let id = 0;
const waiting = new Map();
ws.onmessage = (m) => { const d = JSON.parse(m.data); if (d.id && waiting.has(d.id)) { waiting.get(d.id)(d); waiting.delete(d.id); } };
const send = (method, params = {}) => new Promise((ok) => { const i = ++id; waiting.set(i, ok); ws.send(JSON.stringify({ id: i, method, params })); });

const q = OP === 'apifresh' ? 'op=api&cache=0' : `op=${OP}`;
let off = 0;
// One sample: setup (code, refresh) unprofiled, then n operations, profiled when profile is set.
const one = async (profile) => {
  if (OP === 'code' || OP === 'refresh') await req(`/__setup?impl=${IMPL}&helper=${IMPL}&op=${OP}&n=${N}`);
  if (profile) await send('Profiler.start');
  await req(`/__bench?impl=${IMPL}&${q}&n=${N}&off=${off}`);
  const p = profile ? (await send('Profiler.stop')).result.profile : null;
  off += N;
  await req('/__reset');
  return p;
};
await send('Profiler.enable');
await send('Profiler.setSamplingInterval', { interval: 50 });
await one(false); // warm up
const prof = [];
for (let k = 0; k < 3; k++) prof.push(await one(true));
ws.close();
await mf.dispose();

const self = new Map();
const lines = new Map();
let total = 0;
for (const p of prof) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) {
    for (const t of n.positionTicks ?? []) {
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${t.line}`;
      lines.set(k, (lines.get(k) ?? 0) + t.ticks);
    }
  }
  p.samples.forEach((sid, i) => {
    const cf = byId.get(sid).callFrame;
    const dt = p.timeDeltas[i + 1] ?? 0;
    const key = `${cf.functionName || '(anon)'} ${cf.url ? cf.url.split('/').pop() + ':' + (cf.lineNumber + 1) : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
}
const idle = ['(idle)', '(program)'].reduce((s, k) => s + (self.get(k + ' ') ?? 0), 0);
const wasm = [...self].filter(([k]) => k.startsWith('wasm-function') || /\.wasm/.test(k)).reduce((s, [, v]) => s + v, 0);
const gc = self.get('(garbage collector) ') ?? 0;
console.log(`${IMPL} ${OP}: ${(total / 3 / N).toFixed(1)} µs wall per op sampled, ${(100 * idle / total).toFixed(0)} % idle/program, ${(100 * wasm / (total - idle)).toFixed(0)} % of the rest in wasm, ${(100 * gc / (total - idle)).toFixed(0)} % in GC`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${(100 * us / total).toFixed(1).padStart(5)}%  ${(us / 3 / N).toFixed(2).padStart(6)} µs  ${k}`);
}
const ticks = [...lines.values()].reduce((a, b) => a + b, 0);
console.log(`\nJS lines with the most self ticks (of ${ticks}):`);
for (const [k, t] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(100 * t / ticks).toFixed(1).padStart(5)}%  ${k}`);
