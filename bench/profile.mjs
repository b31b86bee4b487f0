// Where our API token check spends its CPU in workerd: variants of bench/profile-worker.js, each
// n iterations in one request, workerd process CPU around it minus an empty request, interleaved.
//   node_modules/node/bin/node bench/profile.mjs [--runs N] [--only req,http,…]
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { workerdPids, cpuNs } from './workerd-cpu.mjs';
import { CONFIGS } from '../tests/compat/harness/index.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? +process.argv[runsArg + 1] : 5;
const SEED = [];
const collect = { async put(k, v, o) { SEED.push([k, v, o.expiration]); } };
for (let i = 0; i < 256; i++) {
  const { token } = await mintAccessToken(collect, { userId: `user${i}`, audience: 'https://example.com/api', props: { name: 'alice', n: i }, scope: ['read', 'write'], ttl: 86400 });
  SEED.at(-1).push(token);
}
const r = await build({
  entryPoints: [join(ROOT, 'bench/profile-worker.js')], bundle: true, write: false, format: 'esm', platform: 'neutral',
  mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*', 'node:*'],
  target: 'es2022', logLevel: 'silent', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')],
  plugins: [{ name: 'p', setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './oc.wasm', external: true }));
    b.onResolve({ filter: /^__BENCH__$/ }, () => ({ path: 'b', namespace: 'b' }));
    b.onLoad({ filter: /.*/, namespace: 'b' }, () => ({ contents: `export const SEED = ${JSON.stringify(SEED)}; export const OPTIONS = ${JSON.stringify(CONFIGS.v1)};`, loader: 'js' }));
    b.onResolve({ filter: /^__THEIRS__$/ }, async () => { const x = await b.resolve('@cloudflare/workers-oauth-provider', { resolveDir: ROOT, kind: 'import-statement' }); return { path: x.path }; });
  } }],
});
const mf = new Miniflare({
  modules: [{ type: 'ESModule', path: 'w.mjs', contents: r.outputFiles[0].text }, { type: 'CompiledWasm', path: 'oc.wasm', contents: readFileSync(join(ROOT, 'dist/oc.wasm')) }],
  compatibilityDate: '2025-06-01', compatibilityFlags: ['nodejs_compat'],
});
await mf.ready;
const pids = workerdPids();
const cpu = () => cpuNs(pids);
const go = async (v, n) => { const t0 = cpu(); const res = await mf.dispatchFetch(`http://x/?v=${v}&n=${n}`); const t = await res.text(); if (res.status !== 200) throw new Error(v + ': ' + t); return cpu() - t0; };
const onlyArg = process.argv.indexOf('--only');
const V = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : ['req', 'bare', 'marshal', 'begin', 'runmiss', 'http', 'run', 'core', 'fetch', 'theirs'];
for (const v of V) await go(v, 300);
const n = 200, P = 10, acc = Object.fromEntries(V.map((v) => [v, []])), batches = Object.fromEntries(V.map((v) => [v, []]));
for (let run = 0; run < RUNS; run++) {
  const sum = Object.fromEntries(V.map((v) => [v, 0]));
  for (let p = 0; p < P; p++) {
    for (const v of p % 2 ? [...V].reverse() : V) {
      const b = await go(v, 0), t = (await go(v, n)) - b;
      sum[v] += t;
      batches[v].push(t / n / 1e3);
    }
  }
  for (const v of V) acc[v].push(sum[v] / (P * n) / 1e3);
  console.error(`run ${run + 1}: ` + V.map((v) => `${v} ${acc[v].at(-1).toFixed(1)}`).join(', '));
}
await mf.dispose();
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const theirs = acc.theirs ?? [];
// The least disturbed batch: load on a shared machine only ever adds CPU time.
const low = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 10)]; };
console.log('| variant (per check) | µs, median of runs | ratio to reference check | µs, 10th percentile of batches | its ratio |\n|---|---:|---:|---:|---:|');
for (const v of V) console.log(`| ${v} | ${med(acc[v]).toFixed(1)} | ${theirs.length ? med(acc[v].map((x, i) => x / theirs[i])).toFixed(2) : '–'} | ${low(batches[v]).toFixed(1)} | ${batches.theirs ? (low(batches[v]) / low(batches.theirs)).toFixed(2) : '–'} |`);
