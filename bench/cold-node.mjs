// Where a cold isolate's time goes in ours, step by step, in a fresh Node process (the reference
// cannot load in Node: it imports cloudflare:workers). CPU µs of the process (all threads) per step:
// import (js-shim and the module's WebAssembly.compile), getCore (WebAssembly.Instance), the
// OAuthProvider constructor (the config op), the first API check and a second one. The host's own
// first-use costs (Request, Response, Headers, URL, TextEncoder/Decoder, crypto.subtle) are paid
// before, untimed.
//   node_modules/node/bin/node bench/cold-node.mjs [--runs 5] [--trace]
// --trace: V8's --trace-wasm-compilation-times for one run: how many functions each step compiles
// lazily, and their bytes (the module's function bodies compile on their first call).
import { execFileSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const self = fileURLToPath(import.meta.url);

if (args[0] === '--child') {
  const trace = args[1] === '--trace';
  const { memoryKv } = await import('../tests/js/memory-kv.mjs');
  const { mintAccessToken } = await import('../tests/js/fixtures.mjs');
  const kv = memoryKv();
  const { token } = await mintAccessToken(kv, { audience: 'https://example.com/api' });
  { // the host's first uses, untimed
    const rq = new Request('https://x/', { headers: { a: 'b' } }); rq.headers.get('a');
    await new Response('x', { headers: new Headers([['a', 'b']]) }).text();
    new URL('https://x/y'); new TextEncoder().encode('x'); new TextDecoder().decode(new Uint8Array(1));
    await crypto.subtle.digest('SHA-256', new Uint8Array(1));
  }
  const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
  const steps = {};
  let t = cpu();
  const mark = (name) => { const n = cpu(); steps[name] = n - t; if (trace) writeSync(1, `@@ ${name}\n`); t = cpu(); };
  const mod = await import('../js-shim/entry-node.js');
  const { getCore } = await import('../js-shim/wasm.js');
  mark('import');
  getCore();
  mark('getCore');
  const p = new mod.OAuthProvider({
    apiRoute: '/api/', apiHandler: { fetch: (r, env, ctx) => new Response(`ok ${ctx.props.name}`) },
    defaultHandler: { fetch: () => new Response('d') }, authorizeEndpoint: '/authorize', tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register', resourceMetadata: { resource: 'https://example.com/api' },
  });
  mark('construct');
  const env = { OAUTH_KV: kv }, ctx = { waitUntil() {}, passThroughOnException() {} };
  for (const name of ['first check', 'second check']) {
    const r = await p.fetch(new Request('https://example.com/api/x', { headers: { Authorization: `Bearer ${token}` } }), env, ctx);
    if (r.status !== 200 || (await r.text()) !== 'ok alice') throw new Error(`${name}: ${r.status}`);
    mark(name);
  }
  if (!trace) console.log(JSON.stringify(steps));
} else {
  const node = process.execPath;
  const runs = +(args[args.indexOf('--runs') + 1] || 5);
  if (args.includes('--trace')) {
    // stdbuf: V8 prints its trace through C stdio, which a pipe would buffer past the marks.
    const out = execFileSync('stdbuf', ['-oL', node, '--trace-wasm-compilation-times', self, '--child', '--trace'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    let n = 0, bytes = 0;
    for (const line of out.split('\n')) {
      const m = /bodysize (\d+)/.exec(line);
      if (m) { n++; bytes += +m[1]; continue; }
      const s = /^@@ (.*)/.exec(line);
      if (s) { console.log(`${s[1].padEnd(13)} ${String(n).padStart(4)} functions compiled, ${bytes} B of bodies`); n = 0; bytes = 0; }
    }
  } else {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(JSON.parse(execFileSync(node, [self, '--child'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })));
    const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    for (const k of Object.keys(all[0])) console.log(`${k.padEnd(13)} ${String(med(all.map((s) => s[k]))).padStart(7)} µs  (${all.map((s) => s[k]).join(', ')})`);
  }
}
