// Node entry: compile the module from the package's file once, at import time.
import { readFile } from 'node:fs/promises';
import { setWasmModule } from './wasm.js';

// dist/oc.wasm uses relaxed SIMD (Node 22+); Node 20 gets the plain-SIMD build.
async function load() {
  if (process.env.OC_WASM_PATH) return readFile(new URL(process.env.OC_WASM_PATH, `file://${process.cwd()}/`));
  const relaxed = await readFile(new URL('../dist/oc.wasm', import.meta.url));
  if (WebAssembly.validate(relaxed)) return relaxed;
  return readFile(new URL('../dist/oc-simd128.wasm', import.meta.url));
}
setWasmModule(await WebAssembly.compile(await load()));

export * from './provider.js';
export { default } from './provider.js';
