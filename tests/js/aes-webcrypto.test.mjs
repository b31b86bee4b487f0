// oc_aes in workerd agrees with WebCrypto (AES-KW, AES-GCM) on random inputs, both wasm builds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startWorker, ROOT } from './harness.mjs';

let mf;
before(async () => {
  execFileSync(path.join(ROOT, 'bench/build-aes.sh'), { stdio: 'inherit' });
  mf = await startWorker('tests/js/workers/aes.js');
});
after(async () => { await mf?.dispose(); });

test('oc_aes matches WebCrypto AES-KW and AES-GCM, rejects tampering with outputs zeroed', async () => {
  const r = await mf.dispatchFetch('http://x/?rounds=700');
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { relaxed: [], simd128: [] });
});
