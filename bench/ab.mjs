// Two builds of ours side by side in ONE workerd (bench/compare-worker.js, the same Map KV and
// operations as bench/compare.mjs): this worktree (js-shim/ + dist/oc.wasm) against a base, e.g.
// the commit before a change:
//   git archive <commit> js-shim | tar -x -C build/base && (cd <that commit's checkout> && ./build.sh wasm)
//   mkdir -p build/base/dist && cp <its dist/oc.wasm> build/base/dist/
//   node_modules/node/bin/node bench/ab.mjs [--base build/base] [--op api|apifresh|code|refresh|register]
//       [--runs 5] [--n 300] [--batches 10] [--ref]   (--ref: the reference instead of the base)
// Per run: the median over its rounds of new/base (each batch minus the empty batch before it);
// also the 10th percentile of each side's batches (load on a shared machine only adds CPU time).
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { workerdPids, cpuNs } from './workerd-cpu.mjs';
import { CONFIGS, REDIRECT_URI } from '../tests/compat/harness/index.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argv = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const OP = argv('--op', 'api'), RUNS = +argv('--runs', 5), N = +argv('--n', 300), P = +argv('--batches', 10);
const REF = args.includes('--ref');
const BASE = resolve(ROOT, argv('--base', 'build/base'));
const other = REF ? 'reference' : 'base';

const b64url = (b) => Buffer.from(b).toString('base64url');
const verifier = b64url(randomBytes(32));
const PKCE = { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
const SEED = [];
const collect = { async put(k, v, o) { SEED.push([k, v, o.expiration]); } };
for (let i = 0; i < 256; i++) {
  const { token } = await mintAccessToken(collect, { userId: `user${i}`, audience: 'https://example.com/api', props: { name: 'alice', n: i }, scope: ['read', 'write'], ttl: 86400 });
  SEED.at(-1).push(token);
}
// propsCache(on) toggles the new build's cache around its "fresh" batches; the base's stays off
// for the whole apifresh comparison.
const imp = (p) => JSON.stringify(join(p, 'js-shim/wasm.js'));
const hook = `import { getCore } from ${imp(ROOT)};${REF ? '' : ` import { getCore as getBase } from ${imp(BASE)};`}
export const propsCache = (on) => getCore().x.oc_w_props_cache_enable(on ? 1 : 0);
${!REF && OP === 'apifresh' ? 'getBase().x.oc_w_props_cache_enable(0);' : ''}`;
const benchModule = `${hook} export const PKCE = ${JSON.stringify(PKCE)}; export const SEED = ${JSON.stringify(SEED)}; export const REDIRECT_URI = ${JSON.stringify(REDIRECT_URI)}; export const OPTIONS = ${JSON.stringify(CONFIGS.v1)};`;
const theirs = REF ? createRequire(join(ROOT, 'package.json')).resolve('@cloudflare/workers-oauth-provider') : join(BASE, 'js-shim/entry-workerd.js');
const r = await build({
  entryPoints: [join(ROOT, 'bench/compare-worker.js')], bundle: true, write: false, format: 'esm', platform: 'neutral',
  mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*', 'node:*'],
  target: 'es2022', logLevel: 'silent', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')],
  plugins: [{ name: 'ab', setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: a.importer.startsWith(BASE + '/') ? './oc-base.wasm' : './oc.wasm', external: true }));
    b.onResolve({ filter: /^__BENCH__$/ }, () => ({ path: 'b', namespace: 'b' }));
    b.onLoad({ filter: /.*/, namespace: 'b' }, () => ({ contents: benchModule, loader: 'js', resolveDir: ROOT }));
    b.onResolve({ filter: /^__OURS__$/ }, () => ({ path: join(ROOT, 'js-shim/entry-workerd.js') }));
    b.onResolve({ filter: /^__THEIRS__$/ }, () => ({ path: theirs }));
  } }],
});
const modules = [
  { type: 'ESModule', path: 'worker.mjs', contents: r.outputFiles[0].text },
  { type: 'CompiledWasm', path: 'oc.wasm', contents: readFileSync(join(ROOT, 'dist/oc.wasm')) },
];
if (!REF) modules.push({ type: 'CompiledWasm', path: 'oc-base.wasm', contents: readFileSync(join(BASE, 'dist/oc.wasm')) });
const mf = new Miniflare({ modules, compatibilityDate: '2025-06-01', compatibilityFlags: ['nodejs_compat'] });
await mf.ready;
const pids = workerdPids();
const req = async (path) => { const res = await mf.dispatchFetch('http://bench' + path); const t = await res.text(); if (res.status !== 200) throw new Error(t); };
let off = 0;
async function batch(impl, n) {
  if (OP === 'code' || OP === 'refresh') await req(`/__setup?impl=${impl}&helper=${impl}&op=${OP}&n=${n}`);
  const q = OP === 'apifresh' ? 'op=api&cache=0' : `op=${OP}`;
  const t0 = cpuNs(pids);
  await req(`/__bench?impl=${impl}&${q}&n=${n}&off=${off}`);
  off += n;
  return (cpuNs(pids) - t0) / 1e3;
}
for (const impl of ['ours', 'theirs']) await batch(impl, N);
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const low = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 10)];
const runs = [], all = { ours: [], theirs: [] };
for (let run = 0; run < RUNS; run++) {
  const rounds = [];
  for (let p = 0; p < P; p++) {
    const one = {};
    for (const impl of (p + run) % 2 ? ['theirs', 'ours'] : ['ours', 'theirs']) {
      const empty = await batch(impl, 0);
      one[impl] = ((await batch(impl, N)) - empty) / N;
      all[impl].push(one[impl]);
    }
    rounds.push(one.ours / one.theirs);
  }
  runs.push(med(rounds));
  await req('/__reset');
  console.error(`run ${run + 1}: new/${other} ${runs.at(-1).toFixed(3)}`);
}
await mf.dispose();
console.log(`${OP}: new/${other} median of runs ${med(runs).toFixed(2)} (${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)}); ` +
  `10th percentile of batches: new ${low(all.ours).toFixed(1)} µs, ${other} ${low(all.theirs).toFixed(1)} µs (${(low(all.ours) / low(all.theirs)).toFixed(2)})`);
