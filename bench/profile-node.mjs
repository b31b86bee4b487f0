// Node CPU profile of our API token check against a Map KV (no workerd):
//   node_modules/node/bin/node --cpu-prof --cpu-prof-dir=build/prof bench/profile-node.mjs [n]
// then: node_modules/node/bin/node bench/profile-node.mjs --summarize build/prof/<file>.cpuprofile
import { readFileSync } from 'node:fs';
if (process.argv[2] === '--summarize') {
  const prof = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const self = new Map();
  const dt = prof.timeDeltas; const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  prof.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
  let total = 0;
  for (const [id, us] of counts) {
    const n = byId.get(id); const cf = n.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us); total += us;
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, us] of rows) console.log(`${(100 * us / total).toFixed(1).padStart(5)}%  ${k}`);
  process.exit(0);
}
const { OAuthProvider } = await import('../js-shim/entry-node.js');
const { mintAccessToken } = await import('../tests/js/fixtures.mjs');
const m = new Map();
const kv = { async get(k, o) { const v = m.get(k); return v === undefined ? null : (o?.type ?? o) === 'json' ? JSON.parse(v) : v; }, async put(k, v) { m.set(k, v); }, async delete() {}, async list() { return { keys: [], list_complete: true }; } };
const tokens = [];
for (let i = 0; i < 256; i++) tokens.push((await mintAccessToken(kv, { userId: `u${i}`, audience: 'https://example.com/api' })).token);
const p = new OAuthProvider({
  apiRoute: '/api/', authorizeEndpoint: '/authorize', tokenEndpoint: '/token', clientRegistrationEndpoint: '/register',
  scopesSupported: ['read', 'write', 'offline_access'], resourceMetadata: { resource: 'https://example.com/api' }, requiredScopes: ['read'],
  apiHandler: { fetch: () => new Response('ok') }, defaultHandler: { fetch: () => new Response('d') },
});
const n = +(process.argv[2] ?? 20000);
const env = { OAUTH_KV: kv };
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const res = await p.fetch(new Request('https://example.com/api/x', { headers: { Authorization: 'Bearer ' + tokens[i % 256] } }), env, { waitUntil() {}, props: undefined });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(res.status);
}
console.error(`${((performance.now() - t0) * 1e3 / n).toFixed(1)} µs per check (wall, Node)`);
