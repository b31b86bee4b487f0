// Bundle size, as a user deploys it: a minimal Worker built with each library through
// `wrangler deploy --dry-run --outdir` (with and without --minify); raw and gzip -9 bytes of
// every file wrangler would upload (the script and, for ours, the .wasm module), summed.
//   node_modules/node/bin/node bench/bundle.mjs        (run ./build.sh wasm first)
// Prints the README table rows (bundle raw / gzip, minified and not) on stdout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'build/bundle');
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

// The same Worker for both: the library's import, one API route, a default handler.
const worker = (pkg) => `import { OAuthProvider } from '${pkg}';
export default new OAuthProvider({
  apiRoute: '/api/',
  apiHandler: { fetch: (req, env, ctx) => Response.json(ctx.props) },
  defaultHandler: { fetch: () => new Response('hello') },
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://example.com/api' },
});
`;
const LIBS = { ours: 'oc-oauth-provider', theirs: '@cloudflare/workers-oauth-provider' };

// Files of one dry run: name -> bytes. The Worker directory sits under ROOT, so the reference
// resolves from ROOT/node_modules and ours as the package itself (its "workerd" export).
function dryRun(lib, minify) {
  const dir = join(WORK, `${lib}${minify ? '-min' : ''}`);
  const out = join(dir, 'out');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'worker.js'), worker(LIBS[lib]));
  writeFileSync(join(dir, 'wrangler.toml'), `name = "bundle-${lib}"\nmain = "worker.js"\ncompatibility_date = "2025-06-01"\n`);
  execFileSync(process.execPath, [WRANGLER, 'deploy', '--dry-run', '--outdir', out, ...(minify ? ['--minify'] : [])],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
  const files = {};
  for (const f of readdirSync(out)) if (!f.endsWith('.map') && f !== 'README.md') files[f] = readFileSync(join(out, f));
  return files;
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const measure = (files) => ({
  files,
  raw: sum(Object.values(files).map((b) => b.length)),
  gz: sum(Object.values(files).map((b) => gzipSync(b, { level: 9 }).length)),
});
const parts = (m, key) => Object.entries(m.files)
  .map(([f, b]) => `${f.endsWith('.wasm') ? 'wasm' : 'JS'} ${key === 'raw' ? b.length : gzipSync(b, { level: 9 }).length}`)
  .sort().join(' + ');

export async function bundleSizes() {
  const res = {};
  for (const minify of [true, false]) {
    const o = measure(dryRun('ours', minify)), t = measure(dryRun('theirs', minify));
    res[minify ? 'minified' : 'unminified'] = { ours: o, theirs: t };
  }
  return res;
}

// README rows, in the column layout of bench/compare.mjs's table.
export function bundleRows(res) {
  const rows = [];
  for (const [label, r] of Object.entries(res)) {
    for (const [key, what] of [['raw', 'raw'], ['gz', 'gzip -9']]) {
      rows.push(`| bundle ${what}, bytes, \`wrangler deploy --dry-run${label === 'minified' ? ' --minify' : ''}\` (ours: ${parts(r.ours, key)}) | ${r.ours[key]} | ${r.theirs[key]} | **${(r.ours[key] / r.theirs[key]).toFixed(2)}** | |`);
    }
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const res = await bundleSizes();
  console.log(bundleRows(res).join('\n'));
}
