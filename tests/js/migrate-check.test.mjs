// npx oc-oauth-provider migrate-check against local namespaces that REAL
// 0.10.4 flows wrote (the devDependency workers-oauth-provider-0.10 in
// workerd, persisted on disk where `wrangler kv --local --persist-to` reads):
// one with every hazard, one clean, one where nobody is signed out but
// something needs attention. Asserts the readable report, --json and the exit
// status.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleWorker, CONFIGS, ROOT, ORIGIN, REDIRECT_URI, authorize, tokenRequest, pkcePair } from '../compat/harness/index.mjs';

const NS_ID = 'oauth-kv';
const API = `${ORIGIN}/api`;
const SSE = `${ORIGIN}/sse`;

// The 0.10.4 harness Worker on a KV namespace persisted under dir (the layout wrangler reads:
// dir/v3/kv), plain PKCE allowed (0.10.4's allowPlainPKCE); seed(w) runs, then it stops.
// w.kv() is the namespace itself, for a record no flow writes.
async function with010(dir, seed) {
  const script = await bundleWorker({ providerImport: 'workers-oauth-provider-0.10', options: { ...CONFIGS.legacy, allowPlainPKCE: true } });
  const mf = new Miniflare({
    modules: true,
    script,
    kvNamespaces: { OAUTH_KV: NS_ID },
    kvPersist: path.join(dir, 'v3', 'kv'),
    compatibilityDate: '2025-01-01',
    compatibilityFlags: ['nodejs_compat'],
  });
  await mf.ready;
  const w = {
    fetch: (p, init = {}) => mf.dispatchFetch(ORIGIN + p, { redirect: 'manual', ...init }),
    async test(op, body) {
      const r = await w.fetch('/__test/' + op, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const text = await r.text();
      assert.equal(r.status, 200, `${op}: ${text}`);
      return JSON.parse(text);
    },
    kv: () => mf.getKVNamespace('OAUTH_KV'),
  };
  try {
    return await seed(w);
  } finally {
    await mf.dispose();
  }
}

async function client(w, redirectUris, name) {
  return w.test('createClient', { redirectUris, clientName: name, tokenEndpointAuthMethod: 'client_secret_basic' });
}

// A 0.10.4 authorization (S256 unless plain), exchanged unless pending; the grant's resource is what the client sent.
async function session(w, c, { user, resource, plain = false, pending = false, redirectUri = c.redirectUris[0] }) {
  const pk = pkcePair();
  const a = await authorize(w, {
    clientId: c.clientId, redirectUri, user, resource,
    challenge: plain ? pk.verifier : pk.challenge, method: plain ? 'plain' : 'S256',
  });
  assert.ok(a.code, `authorization for ${user}: ${JSON.stringify(a.response.body)}`);
  if (pending) return;
  const t = await tokenRequest(w, { grant_type: 'authorization_code', code: a.code, redirect_uri: redirectUri, code_verifier: pk.verifier, ...(resource ? { resource } : {}) },
    { basic: [c.clientId, c.clientSecret] });
  assert.equal(t.status, 200, `exchange for ${user}: ${JSON.stringify(t.body)}`);
}

function namespaceDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oc-migrate-${name}-`));
  fs.writeFileSync(path.join(dir, 'wrangler.toml'),
    `name = "migrate-check-test"\ncompatibility_date = "2025-06-01"\n\n[[kv_namespaces]]\nbinding = "OAUTH_KV"\nid = "${NS_ID}"\n`);
  return dir;
}

// Runs the command from the repository (so it uses the repository's wrangler); {code, stdout, stderr}.
function check(dir, ...extra) {
  const args = [path.join(ROOT, 'bin/oc-oauth-provider.mjs'), 'migrate-check', '--binding', 'OAUTH_KV', '--local',
    '--persist-to', dir, '--config', path.join(dir, 'wrangler.toml'), ...extra];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

const hazards = namespaceDir('hazards');
const clean = namespaceDir('clean');
const attention = namespaceDir('attention');
let ids;

test.before(async () => {
  ids = await with010(hazards, async (w) => {
    const good = await client(w, [REDIRECT_URI], 'Good');
    const remote = await client(w, ['http://client.example.org/cb', 'com.example.app:/cb'], 'Old http');
    await session(w, good, { user: 'alice', resource: API });
    await session(w, good, { user: 'ann', resource: API });
    await session(w, good, { user: 'bob', resource: SSE });
    await session(w, good, { user: 'carol' });
    await session(w, remote, { user: 'frank', resource: API });
    await session(w, good, { user: 'tenant:dave', pending: true });
    await session(w, good, { user: 'erin', plain: true, pending: true });
    return { good: good.clientId, remote: remote.clientId };
  });
  await with010(clean, async (w) => {
    const c = await client(w, [REDIRECT_URI, 'http://localhost:3000/cb'], 'Good');
    await session(w, c, { user: 'alice', resource: API });
    await session(w, c, { user: 'bob', resource: API, redirectUri: 'http://localhost:3000/cb' });
    await session(w, c, { user: 'carol' });
    await session(w, c, { user: 'dan', pending: true });
  });
  // Every session keeps working with the one resource, yet: a user id with ':', a client whose
  // redirect URIs 1.x refuses (one usable left), a grant record that does not decode.
  ids.attention = await with010(attention, async (w) => {
    const c = await client(w, [REDIRECT_URI, 'http://client.example.org/cb'], 'Mixed');
    await session(w, c, { user: 'alice', resource: API });
    await session(w, c, { user: 'carol' });
    await session(w, c, { user: 'tenant:dave', resource: API, pending: true });
    await (await w.kv()).put('grant:mallory:AAAAAAAAAAAAAAAA', 'not json');
    return c.clientId;
  });
});

test.after(() => {
  fs.rmSync(hazards, { recursive: true, force: true });
  fs.rmSync(clean, { recursive: true, force: true });
  fs.rmSync(attention, { recursive: true, force: true });
});

test('a namespace with every hazard: the readable report, exit status 1', async () => {
  const r = await check(hazards);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const out = r.stdout;
  assert.match(out, /Read 9 records: 7 grants \(2 with a pending authorization code\), 2 clients\./);
  assert.match(out, /\n {7}3 {2}"https:\/\/example\.com\/api"\n/);
  assert.match(out, /\n {7}1 {2}"https:\/\/example\.com\/sse"\n/);
  assert.match(out, /\n {7}3 {2}\(none: binds to the configured resource on its next refresh\)\n/);
  assert.match(out, /No resourceMetadata.resource keeps every session: the grants are bound to 2 different resources .* the best, https:\/\/example\.com\/api, signs out 1\./);
  assert.match(out, /plain PKCE challenge \(1.x refuses them at the exchange; the user authorizes again\): 1\n {2}user "erin", client /);
  assert.match(out, /User ids containing ':' .*: 1\n {2}"tenant:dave" \(1 grant\)\n/);
  assert.ok(out.includes(`  ${ids.remote} (Old http): http://client.example.org/cb com.example.app:/cb — none usable left: it cannot authorize\n`), out);
  assert.ok(!out.includes(ids.good + ' (Good)'), out);
  assert.match(out, /Switching to 1.x would sign out 2 sessions \(exit status 1\)\./);
});

test('a namespace with every hazard: --json with --resource, and the private-use option', async () => {
  const r = await check(hazards, '--json', '--resource', API, '--allow-private-use-redirect-uris');
  assert.equal(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.grants, {
    total: 7, pending: 2, bound: 4, unbound: 3,
    resources: [{ resource: API, grants: 3 }, { resource: null, grants: 3 }, { resource: SSE, grants: 1 }],
  });
  assert.deepEqual(j.resource, { resource: API, breaks: 1 });
  assert.deepEqual(j.candidates, [{ resource: API, breaks: 1 }, { resource: SSE, breaks: 3 }]);
  assert.equal(j.recommendation.resource, null);
  assert.equal(j.recommendation.best, API);
  assert.deepEqual(j.userIdsWithColon, [{ userId: 'tenant:dave', grants: 1 }]);
  assert.equal(j.pendingPlainCodes.length, 1);
  assert.equal(j.pendingPlainCodes[0].userId, 'erin');
  assert.equal(j.pendingPlainCodes[0].reason, 'The plain PKCE method is not allowed. Use S256 instead.');
  // allowPrivateUseRedirectUris: the private-use scheme is usable again, remote http never
  assert.deepEqual(j.clientsWithRefusedRedirectUris, [
    { clientId: ids.remote, clientName: 'Old http', refusedRedirectUris: ['http://client.example.org/cb'], usableRedirectUris: 1 },
  ]);
  assert.deepEqual(j.unreadable, []);
  assert.equal(j.signsOut, 2);
  assert.equal(j.exitCode, 1);
});

test('a clean namespace: the resource that keeps every session, exit status 0', async () => {
  const r = await check(clean);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /Read 5 records: 4 grants \(1 with a pending authorization code\), 1 client\./);
  assert.match(r.stdout, /resourceMetadata.resource that keeps every session: https:\/\/example\.com\/api\n/);
  assert.match(r.stdout, /plain PKCE challenge: none\nUser ids containing ':': none\nClients with redirect URIs 1.x refuses: none\n/);
  assert.match(r.stdout, /Switching to 1.x signs nobody out \(exit status 0\)\./);
});

test('a clean namespace: --json for another resource (exit status 1), and one 1.x refuses (exit status 3)', async () => {
  let r = await check(clean, '--json', '--resource', `${ORIGIN}/mcp`);
  assert.equal(r.code, 1, r.stderr);
  let j = JSON.parse(r.stdout);
  assert.deepEqual(j.resource, { resource: `${ORIGIN}/mcp`, breaks: 2 });
  assert.deepEqual(j.recommendation, { resource: API, breaks: 0 });
  assert.equal(j.signsOut, 2);

  r = await check(clean, '--json', '--resource', 'https://EXAMPLE.com/api');
  assert.equal(r.code, 3, r.stderr);
  j = JSON.parse(r.stdout);
  assert.equal(j.resource.refused, 'resourceMetadata.resource must use a lowercase scheme and lowercase host');
  assert.equal(j.resource.breaks, 0); // the case of the host is folded when grants are compared
});

test('a namespace that signs nobody out but needs attention: the readable report, exit status 2', async () => {
  const r = await check(attention, '--resource', API);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  const out = r.stdout;
  // the record that does not decode is counted as read, not as a grant
  assert.match(out, /Read 5 records: 3 grants \(1 with a pending authorization code\), 1 client\./);
  assert.match(out, /\n {7}2 {2}"https:\/\/example\.com\/api"\n {7}1 {2}\(none: binds/);
  assert.match(out, /resourceMetadata.resource that keeps every session: https:\/\/example\.com\/api\n/);
  assert.match(out, /With --resource https:\/\/example\.com\/api:\n {2}0 sessions would stop working/);
  assert.match(out, /plain PKCE challenge: none\n/);
  assert.match(out, /User ids containing ':' .*: 1\n {2}"tenant:dave" \(1 grant\)\n/);
  assert.ok(out.includes(`  ${ids.attention} (Mixed): http://client.example.org/cb — 1 usable left\n`), out);
  assert.match(out, /Unreadable records: 1\n {2}grant:mallory:AAAAAAAAAAAAAAAA: malformed grant record\n/);
  assert.match(out, /Switching to 1.x signs nobody out, but the findings above need attention first \(exit status 2\)\./);
});

test('a namespace that signs nobody out but needs attention: --json, exit status 2', async () => {
  const r = await check(attention, '--json');
  assert.equal(r.code, 2, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.signsOut, 0);
  assert.equal(j.exitCode, 2);
  assert.deepEqual(j.recommendation, { resource: API, breaks: 0 });
  assert.deepEqual(j.pendingPlainCodes, []);
  assert.deepEqual(j.userIdsWithColon, [{ userId: 'tenant:dave', grants: 1 }]);
  assert.deepEqual(j.clientsWithRefusedRedirectUris, [
    { clientId: ids.attention, clientName: 'Mixed', refusedRedirectUris: ['http://client.example.org/cb'], usableRedirectUris: 1 },
  ]);
  assert.deepEqual(j.unreadable, [{ key: 'grant:mallory:AAAAAAAAAAAAAAAA', reason: 'malformed grant record' }]);
});

test('the check refuses to run without a namespace, and when wrangler fails (exit status 3)', async () => {
  const args = [path.join(ROOT, 'bin/oc-oauth-provider.mjs'), 'migrate-check', '--json'];
  const r = await new Promise((resolve) => execFile(process.execPath, args, { cwd: ROOT }, (err, stdout, stderr) => resolve({ code: err?.code ?? 0, stdout, stderr })));
  assert.equal(r.code, 3);
  assert.match(r.stderr, /name the namespace: --binding NAME or --namespace-id ID/);
  const bad = await check(clean, '--binding', 'NO_SUCH_BINDING');
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /migrate-check: wrangler kv key list failed/);
});
