// Node entry: compile the module from the package's file once, at import time.
import { readFile } from 'node:fs/promises';
import { setWasmModule } from './wasm.js';

const path = process.env.OC_WASM_PATH
  ? new URL(process.env.OC_WASM_PATH, `file://${process.cwd()}/`)
  : new URL('../dist/oc.wasm', import.meta.url);
setWasmModule(await WebAssembly.compile(await readFile(path)));

export * from './provider.js';
export { default } from './provider.js';
