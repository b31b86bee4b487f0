// workerd / Workers entry: the bundler turns this import into a CompiledWasm module.
import { WorkerEntrypoint } from 'cloudflare:workers';
import wasm from '../dist/oc.wasm';
import { setWasmModule } from './wasm.js';
import { setEntrypointClass } from './handlers.js';

setWasmModule(wasm);
setEntrypointClass(WorkerEntrypoint);

export * from './provider.js';
export { default } from './provider.js';
