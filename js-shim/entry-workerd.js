// workerd / Workers entry: the bundler turns this import into a CompiledWasm module.
import wasm from '../dist/oc.wasm';
import { setWasmModule } from './wasm.js';

setWasmModule(wasm);

export * from './provider.js';
export { default } from './provider.js';
