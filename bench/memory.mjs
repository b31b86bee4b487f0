// Memory over many mixed operations: the wasm core's linear memory and the JS heap after a forced
// GC, sampled at checkpoints while bench/memory-run.mjs drives N operations (default 10⁶) through
// our public API in Node (node --expose-gc; not workerd: its isolate's heap is not reachable from
// here). Both must stay flat: the core answers each request from its own arena, freed after it.
//   node_modules/node/bin/node bench/memory.mjs [--ops N] [--every K] [--wasm path]
// (run ./build.sh wasm first). Prints the checkpoints on stderr and the README rows on stdout.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUN = join(ROOT, 'bench/memory-run.mjs');

// Growth allowed before a row says GROWS: none for wasm memory (it only ever grows, by 64 KiB
// pages); for the JS heap after GC, 1 MiB between the warm checkpoint and the end.
const HEAP_SLACK = 1 << 20;

// Runs the loop; resolves to {mix: names of one cycle's operations, points: its checkpoints
// [{ops, wasm, heap, kv, ms, cpuMs}]}.
export function memoryProfile({ ops = 1e6, every = 1e5, wasm } = {}) {
  const argv = ['--expose-gc', RUN, '--ops', String(ops), '--every', String(every), ...(wasm ? ['--wasm', wasm] : [])];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const points = [];
  let mix;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const p = JSON.parse(line);
    if (p.mix) { mix = p.mix; return; }
    points.push(p);
    console.error(`memory: ${p.ops} ops: wasm ${p.wasm} B, JS heap ${p.heap} B, KV ${p.kv} entries, ${(p.ms / 1e3).toFixed(0)} s wall, ${(p.cpuMs / 1e3).toFixed(0)} s CPU`);
  });
  return new Promise((resolve, reject) => child.on('close', (rc) => (rc === 0 ? resolve({ mix, points }) : reject(new Error(`bench/memory-run.mjs exited with ${rc}`)))));
}

const count = (n) => (n >= 1e3 && Math.log10(n) % 1 === 0 ? `10${String(Math.log10(n)).replace(/./g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[d])}` : n.toLocaleString('en-US'));
const bytes = (n) => n.toLocaleString('en-US');

// README rows, in the column layout of bench/compare.mjs's table. "start" is the first checkpoint
// after the first 10 % of the operations (JIT, caches and the core's arena warmed up); the cold
// value, before the first request, is given beside it.
export function memoryRows({ points, mix }) {
  const last = points.at(-1);
  const warm = points.find((p) => p.ops >= last.ops / 10) ?? last;
  const cold = points[0];
  const wasmFlat = last.wasm <= warm.wasm;
  const heapFlat = last.heap - warm.heap <= HEAP_SLACK;
  const names = [...new Set(mix)].map((n) => { const k = mix.filter((m) => m === n).length; return k > 1 ? `${k}× ${n}` : n; }).join('; ');
  const what = `${count(last.ops)} mixed operations in Node --expose-gc, a cycle of ${mix.length} (${names})`;
  const at = `checkpoints every ${count(points[1]?.ops ?? last.ops)} ops; KV ${Math.min(...points.map((p) => p.kv))}–${Math.max(...points.map((p) => p.kv))} entries; ${(last.cpuMs / 1e3).toFixed(0)} s CPU`;
  return [
    `| wasm memory over ${what}: at ${count(warm.ops)} ops → at the end, bytes | ${bytes(warm.wasm)} → ${bytes(last.wasm)} (**${wasmFlat ? 'flat' : `GROWS +${bytes(last.wasm - warm.wasm)}`}**; ${bytes(cold.wasm)} before the first request) | – | – | ${at}: ${points.map((p) => p.wasm).join(', ')} |`,
    `| JS heap after a forced GC over the same, at ${count(warm.ops)} ops → at the end, bytes | ${bytes(warm.heap)} → ${bytes(last.heap)} (**${heapFlat ? 'flat' : 'GROWS'}**, ${last.heap >= warm.heap ? '+' : '−'}${bytes(Math.abs(last.heap - warm.heap))}; ${bytes(cold.heap)} before the first request) | – | – | ${at}: ${points.map((p) => p.heap).join(', ')} |`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const argv = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
  const res = await memoryProfile({ ops: +argv('--ops', 1e6), every: +argv('--every', 1e5), wasm: argv('--wasm') });
  console.log(memoryRows(res).join('\n'));
}
