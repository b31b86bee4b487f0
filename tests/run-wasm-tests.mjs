// Runs the C test suite compiled to wasm32-wasi under Node's WASI.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const wasi = new WASI({ version: 'preview1', args: ['tests', ...argv.slice(3)], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(argv[2]));
// Emscripten's standalone modules also tell the host when memory grows.
const imports = { ...wasi.getImportObject(), env: { emscripten_notify_memory_growth() {} } };
const instance = await WebAssembly.instantiate(module, imports);
const code = wasi.start(instance);
exit(code);
