#!/usr/bin/env bash
# The package as a user gets it: `npm pack` into build/pack, the tarball installed
# into this sample Worker (offline: it has no dependencies of its own), the Worker
# type-checked against the packed types, then its tests run once under
# @cloudflare/vitest-pool-workers (vitest, the pool, TypeScript and the Workers
# types resolve from the repository's devDependencies); the packed package is also
# imported once by Node 20 and 22 (its "node" condition), and the Worker bundled
# by `wrangler deploy --dry-run` as wrangler.toml stands (OAUTH_KV, no compatibility
# flags, no module rules): the script plus the one .wasm module. The packed README's
# first example (its "// src/index.ts" block) is type-checked with the sample, its two
# placeholders declared. Needs dist/*.wasm built.
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
NODE22=$ROOT/node_modules/node/bin/node
PACK=$ROOT/build/pack
[ -f "$ROOT/dist/oc.wasm" ] || { echo "run.sh: dist/oc.wasm missing (./build.sh wasm)" >&2; exit 1; }

rm -rf "$PACK" node_modules && mkdir -p "$PACK"
(cd "$ROOT" && npm pack --silent --pack-destination "$PACK" >/dev/null)
mv "$PACK"/oc-oauth-provider-*.tgz "$PACK/oc-oauth-provider.tgz"
npm install --offline --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --silent

for node in node "$NODE22"; do
  "$node" --input-type=module -e "const m = await import('oc-oauth-provider');
    if (typeof m.OAuthProvider !== 'function' || typeof m.getOAuthApi !== 'function') throw new Error('exports missing');"
done
WRANGLER_SEND_METRICS=false "$NODE22" "$ROOT/node_modules/wrangler/bin/wrangler.js" deploy --dry-run \
  --outdir "$PACK/bundle" >/dev/null
ls "$PACK"/bundle/*-oc.wasm >/dev/null || { echo "run.sh: wrangler did not bundle dist/oc.wasm" >&2; exit 1; }
"$NODE22" - <<'JS'
const fs = require('node:fs');
const readme = fs.readFileSync('node_modules/oc-oauth-provider/README.md', 'utf8');
const m = readme.match(/```ts\n\/\/ src\/index\.ts\n([\s\S]*?)```/);
if (!m) throw new Error('README: no "// src/index.ts" example');
fs.writeFileSync('readme-example.ts', `${m[1]}
declare function signedInUser(request: Request): Promise<{ id: string; name: string }>;
declare function consentPage(request: import('oc-oauth-provider').AuthRequest, client: import('oc-oauth-provider').ClientInfo | null): Response;
`);
JS
"$NODE22" "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json
rc=0
"$NODE22" "$ROOT/node_modules/vitest/vitest.mjs" run --reporter=default --reporter=json \
  --outputFile.json="$PACK/vitest.json" || rc=$?
"$NODE22" -e 'const r = require(process.argv[1]); const f = r.numFailedTests || (r.success ? 0 : 1); console.log(`${r.numPassedTests} passed, ${f} failed`)' "$PACK/vitest.json"
exit "$rc"
