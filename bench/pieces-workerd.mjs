// CPU of single host operations in workerd (the Request, body and Response pieces an operation
// pays), each in a loop inside one request, measured as bench/ab.mjs measures (workerd-cpu.mjs):
//   node_modules/node/bin/node bench/pieces-workerd.mjs [piece …] [--n 2000] [--batches 15]
// Prints µs per iteration: the 20th percentile of the batches, each minus an empty batch.
// The body is a registration's 201 answer; the headers are the three of that answer.
import { Miniflare } from 'miniflare';
import { workerdPids, cpuNs } from './workerd-cpu.mjs';

const args = process.argv.slice(2);
const argv = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const N = +argv('--n', 2000), P = +argv('--batches', 15);
const BODY = JSON.stringify({
  client_id: 'abcdefghijklmnop', redirect_uris: ['https://client.example.org/cb'], client_name: 'bench',
  grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
  client_id_issued_at: 1764000000, client_secret: 'abcdefghijklmnopabcdefghijklmnop', client_secret_expires_at: 0, client_secret_issued_at: 1764000000,
});
const script = `
const BODY = ${JSON.stringify(BODY)};
const PAIRS = [['Content-Type', 'application/json'], ['Cache-Control', 'no-store'], ['Pragma', 'no-cache']];
const request = () => new Request('https://example.com/register', { method: 'POST', body: BODY, headers: { 'Content-Type': 'application/json' } });
const PIECES = {
  none: () => 0,
  'response-pairs': () => new Response(BODY, { status: 201, headers: PAIRS }),
  'response-appended': () => { const h = new Headers(); for (const [k, v] of PAIRS) h.append(k, v); return new Response(BODY, { status: 201, headers: h }); },
  'response-object': () => new Response(BODY, { status: 201, headers: Object.fromEntries(PAIRS) }),
  'response-bare': () => new Response(BODY, { status: 201 }),
  request,
  'request-arraybuffer': async () => new Uint8Array(await request().arrayBuffer()),
  'request-text': async () => request().text(),
  'request-length-arraybuffer': async () => { const r = request(); Number(r.headers.get('Content-Length')); return new Uint8Array(await r.arrayBuffer()); },
  'request-bytes': async () => request().bytes(),
  'request-text-encoded': async () => ENC.encodeInto(await request().text(), SCRATCH).written,
  'request-reader': async () => { const rd = request().body.getReader(); let n = 0; for (;;) { const { done, value } = await rd.read(); if (done) return n; n += value.length; } },
};
const ENC = new TextEncoder(), SCRATCH = new Uint8Array(65536);
export default { async fetch(r) {
  const u = new URL(r.url), f = PIECES[u.searchParams.get('p')], n = +u.searchParams.get('n');
  if (!f) return new Response('no piece', { status: 400 });
  for (let i = 0; i < n; i++) await f();
  return new Response('ok');
} };`;
const ALL = ['response-pairs', 'response-appended', 'response-object', 'response-bare', 'request', 'request-arraybuffer', 'request-text', 'request-length-arraybuffer'];
const pieces = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-06-01', compatibilityFlags: ['nodejs_compat'] });
await mf.ready;
const pids = workerdPids();
const run = async (p, n) => {
  const t0 = cpuNs(pids);
  const res = await mf.dispatchFetch(`http://x/?p=${p}&n=${n}`);
  if (res.status !== 200) throw new Error(await res.text());
  await res.text();
  return (cpuNs(pids) - t0) / 1e3;
};
const list = pieces.length ? pieces : ALL;
const res = Object.fromEntries(list.map((p) => [p, []]));
for (const p of list) await run(p, N);
for (let b = 0; b < P; b++) for (const p of list) { const empty = await run('none', 0); res[p].push((await run(p, N) - empty) / N); }
const low = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 5)];
for (const p of list) console.log(`${low(res[p]).toFixed(2).padStart(7)} µs  ${p}`);
await mf.dispose();
