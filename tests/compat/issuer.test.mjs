// The issuer a provider names when tokenEndpoint is a full URL (R-DISC-05 of
// docs/observed/rules-1.2.3.md, R010-DISC-01 of rules-0.10.4.md), differential: each reference and
// ours in one workerd (harness/dual-worker.js, harness/dual-0.10-worker.js), configured alike. Both
// references take the issuer from the token endpoint's origin (as the URL parser serialises it),
// not from the request's: in the RFC 8414 document, as the RFC 9728 document's default
// authorization server, and in parseAuthRequest's AuthRequest (the `iss` of its redirects).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));

const GENERATIONS = {
  '1.x': { providerImport: './js-shim/entry-workerd.js', entry: 'dual-worker.js', base: H.CONFIGS.v1 },
  '0.10': { providerImport: './js-shim/v010/entry-workerd.js', entry: 'dual-0.10-worker.js', base: H.CONFIGS.legacy },
};
// tokenEndpoint of each configuration, and the issuer both references derive from it.
const TOKEN_ENDPOINTS = [
  ['/token', H.ORIGIN],
  ['https://Auth.Example.NET:443/oauth/token', 'https://auth.example.net'],
  ['http://127.0.0.1:8080/token', 'http://127.0.0.1:8080'],
  [`${H.ORIGIN}/token`, H.ORIGIN],
];

async function dual(gen, tokenEndpoint) {
  const { providerImport, entry, base } = GENERATIONS[gen];
  const w = await H.startWorker({ providerImport, entry, options: { ...base, tokenEndpoint } });
  workers.push(w);
  const side = (name) => ({ name, fetch: (p, init = {}) => w.fetch(p, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': name } }) });
  return { theirs: side('theirs'), ours: side('ours') };
}

async function seen(v, path, init) {
  const r = await H.capture(await v.fetch(path, init));
  return { status: r.status, headers: r.headers, body: r.body };
}

// parseAuthRequest's AuthRequest for a registered client, and the redirect of a refused request.
async function parsed(v) {
  const c = await seen(v, '/__test/createClient', { method: 'POST', body: JSON.stringify({ redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'none' }) });
  const q = (extra) => new URLSearchParams({ client_id: c.body.clientId, redirect_uri: H.REDIRECT_URI, state: 's', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...extra });
  const ok = await seen(v, `/authorize?${q({ response_type: 'code', scope: 'read' })}`, { headers: { 'x-test-parse-only': '1' } });
  const refused = await seen(v, `/authorize?${q({ response_type: 'token' })}`, { headers: { 'x-test-parse-only': '1' } });
  return { issuer: ok.body.authRequest?.issuer, status: ok.status, refused: refused.body };
}

for (const gen of Object.keys(GENERATIONS)) {
  for (const [tokenEndpoint, issuer] of TOKEN_ENDPOINTS) {
    test(`${gen}: the issuer with tokenEndpoint ${tokenEndpoint}: as the reference names it`, async () => {
      const { theirs, ours } = await dual(gen, tokenEndpoint);
      for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/oauth-protected-resource/api', '/.well-known/oauth-protected-resource']) {
        assert.deepEqual(await seen(ours, path), await seen(theirs, path), path);
      }
      const meta = await seen(theirs, '/.well-known/oauth-authorization-server');
      assert.equal(meta.body.issuer, issuer);
      const a = await parsed(theirs), b = await parsed(ours);
      const mask = (x) => JSON.parse(JSON.stringify(x).replace(/"clientId":"[^"]*"|client_id=[^&"]*/g, 'CLIENT').replace(/"constructor":"[^"]*",?/g, ''));
      assert.deepEqual(mask(b), mask(a));
      assert.equal(a.issuer, issuer);
    });
  }
}
