// The sample Worker written for 0.10.x (tests/types/v010/legacy-worker.ts, its
// TypeScript unchanged) bundled twice: its import of
// @cloudflare/workers-oauth-provider resolved to 0.10.4 and to
// oc-oauth-provider/0.10. Both run the same flows in workerd and answer alike:
// a client created by the helpers, consent, the code exchange with PKCE, the
// API, a refresh, the functions 1.x removed, the derived resource metadata.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import * as H from './harness/index.mjs';

const SAMPLE = path.join(H.ROOT, 'tests/types/v010/legacy-worker.ts');

async function start(provider) {
  const wasm = [];
  const out = await build({
    entryPoints: [SAMPLE], bundle: true, write: false, format: 'esm', platform: 'neutral', target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['cloudflare:*'],
    logLevel: 'silent', absWorkingDir: H.ROOT, nodePaths: [path.join(H.ROOT, 'node_modules')],
    plugins: [{
      name: 'provider',
      setup(b) {
        b.onResolve({ filter: /^@cloudflare\/workers-oauth-provider$/ }, () => ({ path: provider }));
        b.onResolve({ filter: /\.wasm$/ }, (args) => {
          const abs = path.resolve(args.resolveDir, args.path);
          wasm.push([path.basename(abs), abs]);
          return { path: './' + path.basename(abs), external: true };
        });
      },
    }],
  });
  const mf = new Miniflare({
    modulesRoot: '/',
    modules: [
      { type: 'ESModule', path: '/worker.js', contents: out.outputFiles[0].text },
      ...wasm.map(([name, file]) => ({ type: 'CompiledWasm', path: '/' + name, contents: fs.readFileSync(file) })),
    ],
    kvNamespaces: ['OAUTH_KV'], compatibilityDate: '2025-01-01',
  });
  await mf.ready;
  return { fetch: (p, init = {}) => mf.dispatchFetch(H.ORIGIN + p, { redirect: 'manual', ...init }), dispose: () => mf.dispose() };
}

const theirs = await start(path.join(H.ROOT, 'node_modules/workers-oauth-provider-0.10/dist/oauth-provider.js'));
const ours = await start(path.join(H.ROOT, 'js-shim/v010/entry-workerd.js'));
after(() => Promise.all([theirs.dispose(), ours.dispose()]));

async function flow(w) {
  const seen = {};
  const client = await (await w.fetch('/setup')).json();
  const { verifier, challenge } = H.pkcePair();
  const { location, response } = await H.authorize(w, { clientId: client.clientId, challenge, scope: 'read write' });
  seen.consent = response.status;
  const code = new URL(location).searchParams.get('code');
  const t1 = await H.tokenRequest(w, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [client.clientId, client.clientSecret] });
  seen.exchange = [t1.status, Object.keys(t1.body), t1.body.scope];
  const api = await H.capture(await w.fetch('/api/data', { headers: { authorization: `Bearer ${t1.body.access_token}` } }));
  seen.api = [api.status, api.body];
  const t2 = await H.tokenRequest(w, { grant_type: 'refresh_token', refresh_token: t1.body.refresh_token }, { basic: [client.clientId, client.clientSecret] });
  seen.refresh = [t2.status, Object.keys(t2.body)];
  const x = await H.tokenRequest(w, { grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', subject_token: t2.body.access_token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token', scope: 'read' }, { basic: [client.clientId, client.clientSecret] });
  seen.tokenExchange = [x.status, Object.keys(x.body), x.body.scope];
  seen.exchangeHelper = await (await w.fetch(`/exchange?token=${encodeURIComponent(t1.body.access_token)}`)).json();
  seen.plain = (await H.authorize(w, { clientId: client.clientId, challenge: verifier, method: 'plain' })).response.status;
  seen.functions = await (await w.fetch('/functions')).json();
  seen.prm = await (await w.fetch('/.well-known/oauth-protected-resource/api/data')).json();
  seen.noToken = (await H.capture(await w.fetch('/api/data'))).status;
  return seen;
}

test('the 0.10.x sample Worker runs its flows alike on 0.10.4 and on oc-oauth-provider/0.10', async () => {
  const a = await flow(theirs);
  const b = await flow(ours);
  assert.deepEqual(b, a);
  assert.equal(a.exchange[0], 200);
  assert.deepEqual(a.api, [200, { user: 'alice', path: '/api/data' }]);
  assert.equal(a.refresh[0], 200);
  assert.deepEqual(a.tokenExchange, [200, ['access_token', 'issued_token_type', 'token_type', 'expires_in', 'scope'], 'read']);
  assert.deepEqual(a.exchangeHelper, { scope: 'read', expiresIn: 600, resource: ['https://example.com/api'] });
  assert.equal(a.noToken, 401);
});
