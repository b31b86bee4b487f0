// Holds the compiled module, given by the entry point for the platform
// (workerd imports it; Node compiles it from the file), and one Core per isolate.
import { Core } from './core.js';

let wasmModule;
let core;

export function setWasmModule(m) { wasmModule = m; }

export function getCore() {
  if (!core) {
    if (!wasmModule) throw new Error('oc core: wasm module not loaded');
    core = new Core(wasmModule);
  }
  return core;
}
