// Starts a test Worker in real workerd through miniflare.
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function startWorker(script, extra = {}) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(ROOT, script),
    modulesRoot: ROOT,
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: '2025-06-01',
    kvNamespaces: ['OAUTH_KV'],
    ...extra,
  });
  await mf.ready;
  return mf;
}
