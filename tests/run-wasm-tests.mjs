// Runs the C test suite compiled to wasm32-wasi under Node's WASI.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const wasi = new WASI({ version: 'preview1', args: ['tests', ...argv.slice(3)], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(argv[2]));
// Emscripten's standalone modules import getentropy and a memory-growth hook.
let memory;
const env = {
  emscripten_notify_memory_growth() {},
  getentropy(ptr, len) { crypto.getRandomValues(new Uint8Array(memory.buffer, ptr, len)); return 0; },
};
const imports = { ...wasi.getImportObject(), env };
const instance = await WebAssembly.instantiate(module, imports);
memory = instance.exports.memory;
const code = wasi.start(instance);
exit(code);
