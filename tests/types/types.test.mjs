// Sample Workers written against @cloudflare/workers-oauth-provider 1.2.3's
// types (tests/types/*.ts: WorkerEntrypoint and object handlers, apiHandlers,
// the helpers, the error classes) compile with tsc --strict, unchanged, against
// the reference's declarations and against ours (js-shim/index.d.ts, put in the
// reference's place by tsconfig.ours.json's paths): once with
// @cloudflare/workers-types, once with the runtime types `wrangler types`
// generates. Compiling against the reference too keeps the samples honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const SAMPLES = ['env.d.ts', 'entrypoint-worker.ts', 'object-worker.ts', 'manage-worker.ts', 'resource-server-worker.ts', 'authorization-server-worker.ts'].map((f) => path.join(here, f));

function compile(project) {
  const r = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

for (const target of ['reference', 'ours']) {
  test(`the samples compile against ${target} (@cloudflare/workers-types)`, () => {
    const r = compile(path.join(here, `tsconfig.${target}.json`));
    assert.equal(r.status, 0, r.out);
  });
}

// A Worker written for 0.10.x (v010/legacy-worker.ts) compiles against 0.10.4's
// declarations and against oc-oauth-provider/0.10's (js-shim/v010/index.d.ts).
for (const target of ['v010-reference', 'v010-ours']) {
  test(`the 0.10.x sample compiles against ${target === 'v010-ours' ? 'oc-oauth-provider/0.10' : '0.10.4'}`, () => {
    const r = compile(path.join(here, `tsconfig.${target}.json`));
    assert.equal(r.status, 0, r.out);
  });
}

// This project's additions (machine-worker.ts) compile against ours only: the
// reference refusing them shows the sample uses what only ours declares.
test('the additions sample compiles against ours, not against the reference', () => {
  const ours = compile(path.join(here, 'tsconfig.ours-additions.json'));
  assert.equal(ours.status, 0, ours.out);
  const theirs = compile(path.join(here, 'tsconfig.reference-additions.json'));
  assert.notEqual(theirs.status, 0);
  for (const name of ['allowClientCredentialsGrant', 'ClientCredentialsCallbackOptions', 'allowedScopes', 'jwks']) {
    assert.match(theirs.out, new RegExp(name), `the reference should not know ${name}`);
  }
});

test('the samples compile against the reference and ours (wrangler types)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'oc-types-'));
  try {
    writeFileSync(path.join(dir, 'wrangler.jsonc'), JSON.stringify({
      name: 'sample', main: 'worker.ts', compatibility_date: '2025-09-01',
      kv_namespaces: [{ binding: 'OAUTH_KV', id: '0' }],
    }));
    writeFileSync(path.join(dir, 'worker.ts'), 'export default {};\n');
    execFileSync(process.execPath, [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'types', '--path', './worker-configuration.d.ts'],
      { cwd: dir, stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    for (const target of ['reference', 'ours']) {
      const project = path.join(dir, `tsconfig.${target}.json`);
      writeFileSync(project, JSON.stringify({
        extends: path.join(here, `tsconfig.${target}.json`),
        compilerOptions: { types: [], ...(target === 'ours' ? { paths: { '@cloudflare/workers-oauth-provider': [path.join(root, 'js-shim/index.d.ts')] } } : {}) },
        files: [path.join(dir, 'worker-configuration.d.ts'), ...SAMPLES],
      }));
      const r = compile(project);
      assert.equal(r.status, 0, `${target}: ${r.out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
