// Ours vs the reference (@cloudflare/workers-oauth-provider 1.2.3), both in the SAME workerd
// process, alternating, over one in-isolate Map KV (no storage I/O).
//   node_modules/node/bin/node bench/compare.mjs [--runs N] [--only api,code,refresh,register,cold,size,memory] [--ops N]
// Writes bench/results.md. CPU time = run time of the workerd process's threads (bench/workerd-cpu.mjs)
// around a request that loops n operations inside the Worker, minus the same request with n = 0, over n.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../tests/js/fixtures.mjs';
import { workerdPids, cpuNs, processCpuNs } from './workerd-cpu.mjs';
import { CONFIGS, REDIRECT_URI } from '../tests/compat/harness/index.mjs';
import { bundleSizes, bundleRows } from './bundle.mjs';
import { memoryProfile, memoryRows } from './memory.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REF = '@cloudflare/workers-oauth-provider';
const OURS = join(ROOT, 'js-shim/entry-workerd.js');
const EMPTY = join(ROOT, 'bench/empty-provider.js');
const args = process.argv.slice(2);
const argv = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const RUNS = +argv('--runs', 7);
const ONLY = argv('--only', 'api,code,refresh,register,cold,size,memory').split(',');
const WASM_PATH = argv('--wasm', join(ROOT, 'dist/oc.wasm'));
const log = (...a) => console.error(...a);

if (!existsSync(WASM_PATH)) execFileSync(join(ROOT, 'build.sh'), ['wasm'], { stdio: 'inherit', cwd: ROOT });
const WASM = readFileSync(WASM_PATH);

// ---------- fixtures: access tokens minted with WebCrypto in the shared KV format ----------
const b64url = (b) => Buffer.from(b).toString('base64url');
const verifier = b64url(randomBytes(32));
const PKCE = { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
const SEED = [];
{
  const collect = { async put(k, v, o) { SEED.push([k, v, o.expiration]); } };
  for (let i = 0; i < 256; i++) {
    const { token } = await mintAccessToken(collect, { userId: `user${i}`, audience: 'https://example.com/api', props: { name: 'alice', n: i }, scope: ['read', 'write'], ttl: 86400 });
    SEED.at(-1).push(token);
  }
}

// ---------- bundling ----------
async function bundle({ ours = OURS, theirs = REF, entry = join(ROOT, 'bench/compare-worker.js'), minify = false } = {}) {
  // propsCache(on): our core's per-token props cache on/off (hot bundle only; a no-op otherwise).
  const hook = ours === OURS
    ? `import { getCore } from ${JSON.stringify(join(ROOT, 'js-shim/wasm.js'))}; export const propsCache = (on) => getCore().x.oc_w_props_cache_enable(on ? 1 : 0);`
    : 'export const propsCache = () => {};';
  const benchModule = `${hook} export const PKCE = ${JSON.stringify(PKCE)}; export const SEED = ${JSON.stringify(SEED)}; export const REDIRECT_URI = ${JSON.stringify(REDIRECT_URI)}; export const OPTIONS = ${JSON.stringify(CONFIGS.v1)};`;
  const r = await build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'neutral', minify,
    mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*', 'node:*'],
    target: 'es2022', logLevel: 'silent', absWorkingDir: ROOT, nodePaths: [join(ROOT, 'node_modules')],
    plugins: [{
      name: 'bench',
      setup(b) {
        // Keep the .wasm import a CompiledWasm module: external, renamed next to the bundle.
        b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './oc.wasm', external: true }));
        b.onResolve({ filter: /^__BENCH__$/ }, () => ({ path: 'bench', namespace: 'bench' }));
        b.onLoad({ filter: /.*/, namespace: 'bench' }, () => ({ contents: benchModule, loader: 'js', resolveDir: ROOT }));
        for (const [name, target] of [['__OURS__', ours], ['__THEIRS__', theirs]]) {
          b.onResolve({ filter: new RegExp(`^${name}$`) }, async () => {
            if (target.startsWith('/')) return { path: target };
            const x = await b.resolve(target, { resolveDir: ROOT, kind: 'import-statement' });
            return { path: x.path, errors: x.errors };
          });
        }
      },
    }],
  });
  return r.outputFiles[0].text;
}

// A copy of the module with a unique custom section, so that no two isolates share a compilation.
function wasmWithNonce(bytes) {
  const nonce = randomBytes(8);
  return Buffer.concat([bytes, Buffer.from([0x00, 10, 1, 0x6e]), nonce]);
}
const modules = (script, wasm = WASM) => [
  { type: 'ESModule', path: 'worker.mjs', contents: script },
  { type: 'CompiledWasm', path: 'oc.wasm', contents: wasm },
];
const WORKER_OPTS = { compatibilityDate: '2025-06-01', compatibilityFlags: ['nodejs_compat'] };

// ---------- CPU of the workerd process: bench/workerd-cpu.mjs ----------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// ---------- hot operations ----------
async function hot() {
  const script = await bundle();
  const mf = new Miniflare({ modules: modules(script), ...WORKER_OPTS });
  await mf.ready;
  const pids = workerdPids();
  if (pids.length !== 1) throw new Error(`expected one workerd process, found ${pids.length}`);
  const req = async (path) => {
    const r = await mf.dispatchFetch('http://bench' + path);
    const t = await r.text();
    if (r.status !== 200) throw new Error(t);
  };
  const timed = async (path) => { const t0 = cpuNs(pids); await req(path); return cpuNs(pids) - t0; };
  let off = 0;
  // One batch: µs of CPU for n operations (setup for code/refresh done first, untimed).
  async function batch(impl, op, n) {
    if (op === 'code' || op === 'refresh') await req(`/__setup?impl=${impl}&helper=${helper[impl]}&op=${op}&n=${n}`);
    // apifresh: the API check with our props cache off, so every check pays the crypto.
    const q = op === 'apifresh' ? `op=api&cache=0` : `op=${op}`;
    const t = await timed(`/__bench?impl=${impl}&${q}&n=${n}&off=${off}`);
    off += n;
    return t / 1e3;
  }
  async function sample(impl, op, n) {
    const base = await batch(impl, op, 0);
    return ((await batch(impl, op, n)) - base) / n;
  }
  // One run: P short batches per implementation, interleaved (ABBA…) with empty batches, so that
  // load on the (shared) machine hits both alike; µs per op = (sum of batches - sum of empties) / (P n).
  // The run's ratio: the median over its P rounds of ours/theirs within the round (each batch minus
  // the empty batch just before it), so that a burst of load from elsewhere spoils one round, not
  // the run.
  async function run(impls, op, n, P, r) {
    const sum = Object.fromEntries(impls.map((i) => [i, 0]));
    const pairs = [];
    let base = 0;
    for (let p = 0; p < P; p++) {
      const order = (p + r) % 2 ? [...impls].reverse() : impls;
      const one = {};
      for (const impl of order) {
        const b = await batch(impl, op, 0);
        const t = await batch(impl, op, n);
        base += b;
        sum[impl] += t;
        one[impl] = t - b;
      }
      if (one.ours !== undefined && one.theirs !== undefined) pairs.push(one.ours / one.theirs);
    }
    const out = Object.fromEntries(impls.map((i) => [i, (sum[i] - base / impls.length) / (P * n)]));
    if (pairs.length) out.pairRatio = median(pairs);
    return out;
  }
  const helper = { ours: 'ours', theirs: 'theirs' };
  const results = {};
  const opsToRun = ['api', 'apifresh', 'code', 'refresh', 'register'].filter((o) => ONLY.includes(o) || (o === 'apifresh' && ONLY.includes('api')));
  for (const op of opsToRun) {
    const res = results[op] = { ours: [], theirs: [], ratio: [], none: [], notes: [] };
    // Does each work? (ours may lack an operation: report, don't hide.)
    for (const impl of ['theirs', 'ours']) {
      try { await sample(impl, op, 2); } catch (e) {
        if (impl === 'ours' && (op === 'code' || op === 'refresh')) {
          // Retry with grants/clients created by the reference's helpers (same KV format).
          try {
            helper.ours = 'theirs';
            await sample(impl, op, 2);
            res.notes.push(`ours' helpers failed (${firstLine(e)}); client and grants for ours created with the reference's helpers`);
            continue;
          } catch (e2) { helper.ours = 'ours'; e = e2; }
        }
        res.error = `${impl}: ${firstLine(e)}`;
        log(`${op}: ${res.error}`);
      }
    }
    if (res.error && res.error.startsWith('theirs')) continue;
    // Calibrate n on the reference: ~60 ms of CPU per batch, P = 8 batches per run.
    let n = 20;
    for (;;) {
      const us = await sample('theirs', op, n);
      if (us * n >= 50e3 || n >= 5000) break;
      n = Math.min(5000, Math.ceil(n * Math.min(8, Math.max(1.5, 60e3 / Math.max(us * n, 1e3)))));
    }
    const P = +argv("--batches", 12);
    // Calibration warmed the reference up; warm ours up as much (JIT tiers, caches) before timing.
    if (!res.error) await batch('ours', op, n);
    await req('/__reset');
    log(`${op}: n = ${n}, ${P} batches per run`);
    for (let r = 0; r < RUNS; r++) {
      const impls = res.error ? ['theirs'] : ['theirs', 'ours'];
      const s = await run(impls, op, n, P, r);
      if (op === 'api' || op === 'apifresh') res.none.push((await run(['none'], 'none', n, 4, 0)).none);
      res.theirs.push(s.theirs);
      if (s.ours !== undefined) { res.ours.push(s.ours); res.ratio.push(s.pairRatio); }
      await req('/__reset');
      log(`${op} run ${r + 1}: theirs ${s.theirs.toFixed(1)} µs, ours ${s.ours?.toFixed(1) ?? '-'} µs${s.ours ? `, ratio of the sums ${(s.ours / s.theirs).toFixed(3)}, median of rounds ${s.pairRatio.toFixed(3)}` : ''}`);
    }
    res.n = n; res.P = P;
  }
  await mf.dispose();
  return results;
}
const firstLine = (e) => String(e && e.message || e).split('\n')[0].slice(0, 300);

// ---------- cold start ----------
// K isolates in one fresh workerd process, each loading the bundle (ours: with its own copy of the
// .wasm, made distinct so V8 cannot share a compilation), each serving one API token check;
// minus the same with an empty provider. Per isolate: script load (JS parse + wasm compile),
// module evaluation, instantiation and the first request.
async function cold() {
  const K = +argv('--isolates', 32);
  const scripts = {
    none: await bundle({ ours: EMPTY, theirs: EMPTY }),
    ours: await bundle({ ours: OURS, theirs: EMPTY }),
    theirs: await bundle({ ours: EMPTY, theirs: REF }),
  };
  const samples = { none: [], ours: [], theirs: [] };
  const runs = +argv('--cold-runs', 5);
  for (let r = 0; r < runs; r++) {
    for (const v of r % 2 ? ['ours', 'theirs', 'none'] : ['theirs', 'none', 'ours']) {
      const workers = Array.from({ length: K }, (_, i) => ({ name: `w${i}`, modules: modules(scripts[v], wasmWithNonce(WASM)), ...WORKER_OPTS }));
      const mf = new Miniflare({ workers });
      await mf.ready;
      const pids = workerdPids();
      if (pids.length !== 1) throw new Error(`expected one workerd process, found ${pids.length}`);
      for (let i = 0; i < K; i++) {
        const w = await mf.getWorker(`w${i}`);
        const res = await w.fetch('http://bench/__first');
        const t = await res.text();
        if (res.status !== 200) throw new Error(`cold ${v}: ${t}`);
      }
      samples[v].push(processCpuNs(pids) / K / 1e3);
      await mf.dispose();
    }
    log(`cold run ${r + 1}: none ${samples.none.at(-1).toFixed(0)} µs, ours ${samples.ours.at(-1).toFixed(0)}, theirs ${samples.theirs.at(-1).toFixed(0)} (per isolate, incl. process share)`);
  }
  // Separate processes: no pairing; medians of each, then the ratio of the excesses over the empty Worker.
  const m = { none: median(samples.none), ours: median(samples.ours), theirs: median(samples.theirs) };
  return { K, runs, samples, ours: m.ours - m.none, theirs: m.theirs - m.none, ratio: (m.ours - m.none) / (m.theirs - m.none) };
}

// ---------- bundle size: bench/bundle.mjs (wrangler deploy --dry-run of a minimal Worker) ----------

// ---------- run + report ----------
const started = new Date();
const hotRes = await hot();
const coldRes = ONLY.includes('cold') ? await cold() : null;
const sz = ONLY.includes('size') ? await bundleSizes() : null;
const mem = ONLY.includes('memory') ? await memoryProfile({ ops: +argv('--ops', 1e6), wasm: WASM_PATH }) : null;

const f1 = (x) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(2));
const rows = [];
const labels = { api: 'API token check (GET /api/x, valid Bearer), 256 tokens cycled (ours: props cache, ~85 % hits)', apifresh: 'API token check, every token fresh (ours: props cache off, full crypto)', code: 'code exchange (authorization_code + PKCE S256, client_secret_basic)', refresh: 'refresh (refresh_token grant)', register: 'dynamic client registration (POST /register, JSON metadata, confidential client)' };
const notes = [];
for (const [op, r] of Object.entries(hotRes)) {
  if (r.error && !r.ours.length) {
    rows.push(`| ${labels[op]} | **FAILS**: ${r.error.replace(/\|/g, '\\|')} | ${f1(median(r.theirs))} | – | ${r.theirs.length} |`);
  } else {
    rows.push(`| ${labels[op]} | ${f1(median(r.ours))} | ${f1(median(r.theirs))} | **${f2(median(r.ratio))}** (${f2(Math.min(...r.ratio))}–${f2(Math.max(...r.ratio))}) | ${r.ratio.length} runs × ${r.P} batches × n=${r.n} |`);
  }
  for (const n of r.notes) notes.push(`- ${op}: ${n}`);
  if (op === 'api' && r.none.length) {
    const ctl = r.none.map((x, i) => x / r.theirs[i]);
    rows.push(`| control: build the Request + read a tiny Response, no provider | ${f1(median(r.none))} | | ${f2(median(ctl))} of theirs | ${ctl.length} |`);
  }
}
if (coldRes) {
  rows.push(`| cold start per isolate (script load + wasm compile + instantiate + first API check), minus an empty Worker | ${f1(coldRes.ours)} | ${f1(coldRes.theirs)} | **${f2(coldRes.ratio)}** | ${coldRes.runs} processes each × ${coldRes.K} isolates; empty Worker ${f1(median(coldRes.samples.none))} µs/isolate incl. process share |`);
}
if (sz) rows.push(...bundleRows(sz));
if (mem) rows.push(...memoryRows(mem));
const table = [
  '| operation | ours (µs CPU, or bytes) | reference 1.2.3 | ratio ours/theirs: median (min–max) | samples |',
  '|---|---:|---:|---:|---|',
  ...rows,
].join('\n');
console.log(table);

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
const wasmHash = createHash('sha256').update(WASM).digest('hex').slice(0, 12);
let commit = '?';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(); } catch {}
const md = `# Ours vs @cloudflare/workers-oauth-provider 1.2.3 in workerd

Command: \`node_modules/node/bin/node bench/compare.mjs${args.length ? ' ' + args.join(' ') : ''}\` (builds nothing but
\`dist/oc.wasm\` if missing: run \`./build.sh wasm\` first). Date: ${started.toISOString()}. Commit ${commit},
${WASM_PATH.replace(ROOT + '/', '')} sha256 ${wasmHash}… (${WASM.length} B). Machine: ${execFileSync('nproc').toString().trim()} vCPU ${cpu},
Linux ${execFileSync('uname', ['-r']).toString().trim()}, Node ${process.version}, workerd from miniflare ${JSON.parse(readFileSync(join(ROOT, 'node_modules/miniflare/package.json'), 'utf8')).version}
(compat date ${WORKER_OPTS.compatibilityDate}, nodejs_compat). Shared, noisy machine: only the ratios of one run mean anything.

${table}

How it is measured
- Both providers are mounted in ONE Worker (bench/compare-worker.js, bundled with esbuild; our
  \`.wasm\` stays a CompiledWasm module) with the same options (apiRoute /api/, resourceMetadata
  {resource: https://example.com/api}, requiredScopes [read], …) and the same env.OAUTH_KV: an
  in-isolate Map-backed KV object (get/put/delete/list/getWithMetadata; no storage I/O).
- A sample = one request that loops n operations inside the Worker (each: build the Request, call
  provider.fetch, read the whole Response); CPU time = the scheduler's run time of the workerd
  process's threads (/proc/<pid>/task/*/schedstat, ns) around it, minus the same request with n = 0,
  divided by n. n is calibrated so a reference batch takes ~60 ms of CPU. Ours and theirs alternate
  (ABBA), P rounds per run (one batch of each, each after its own empty batch); a run's ratio is the
  median over its rounds of ours/theirs (a burst of load elsewhere spoils a round, not the run); the
  median of ${RUNS} runs is reported, with the least and greatest. The µs columns are medians over
  runs of (sum of batches - sum of empty batches) / (P n). Ours gets one untimed warm-up batch, as
  the reference is warmed up by the calibration.
- API check: 256 distinct access tokens minted with WebCrypto in the shared KV format
  (tests/js/fixtures.mjs; audience https://example.com/api, scope [read, write]), cycled. The
  reference caches nothing per token: every check does SHA-256 + HMAC + AES-KW unwrap + GCM open.
  Ours remembers each token's decoded record facts and decrypted props (keyed by the token id and
  the exact stored record bytes; 256 entries, src/token/oc_props_cache.c), so in the first row most
  of its checks are cache hits (256 tokens in 256 entries, two candidate sets per token; the KV read
  and every expiry/audience check still run; record decode, HMAC + unwrap + GCM skipped). The "fresh"
  row turns that cache off in our core (\`oc_w_props_cache_enable(0)\` around the batch), i.e.
  what a token seen for the first time costs. apiHandler returns \`new Response('ok')\`.
- Code exchange / refresh: before each sample (not timed) the Worker creates a confidential client
  with env.OAUTH_PROVIDER.createClient and n grants through an /authorize route
  (parseAuthRequest + completeAuthorization), and for refresh exchanges the codes; the timed batch
  then POSTs n token requests (form body, Basic client auth), each with a fresh code / refresh token.
- Dynamic registration: n POSTs to /register, each a confidential client's JSON metadata
  (redirect URI, name, client_secret_basic, code + refresh grants); each answer must be 201.
- Cold start: a fresh workerd process per sample holding K=${coldRes?.K ?? 12} isolates (Miniflare \`workers\`), each
  loading the bundle and serving one API token check (records seeded in the Worker's Map KV);
  CPU of the whole process / K, minus the same with an empty provider module. Each isolate gets its
  own copy of oc.wasm with a unique custom section so V8 cannot share one compilation between
  isolates. This counts JS parse, wasm compile (V8 compiles lazily: whatever the first request
  needs), module evaluation, WebAssembly.Instance and the first request — what a cold isolate pays.
- Bundle size (bench/bundle.mjs): the same minimal Worker (\`new OAuthProvider({...})\` with an
  API route and a default handler) built with each library by \`wrangler deploy --dry-run --outdir\`,
  with and without \`--minify\`; raw and gzip -9 bytes of every file wrangler would upload (the
  script, and our .wasm module), summed.
- Memory (bench/memory.mjs, in Node --expose-gc, ours only): \`--ops\` (10⁶) mixed operations through
  our OAuthProvider with real Request objects over a Map KV kept bounded (API checks with valid,
  unknown, expired and malformed tokens, authorize + code exchange + refresh, registration,
  metadata, error answers; grants revoked and registered clients deleted once used); the core's
  \`memory.buffer.byteLength\` and the JS heap after a forced GC every 10⁵ operations.
${notes.length ? '\nNotes\n' + notes.join('\n') + '\n' : ''}`;
writeFileSync(join(ROOT, 'bench/results.md'), md + (existsSync(join(ROOT, 'bench/profile.md')) ? '\n' + readFileSync(join(ROOT, 'bench/profile.md'), 'utf8') : ''));
log('wrote bench/results.md');
