#!/usr/bin/env node
// Observes the implicit grant (allowImplicitFlow: true) and plain PKCE (allowPlainPKCE) in a
// provider, black box: redirects, KV records, discovery, errors.
//
//   node_modules/node/bin/node tests/compat/observe-implicit.mjs [--provider <import>] [--config legacy|v1] [--out <file.json>]
//
// Default provider: 0.10.4 (the devDependency alias workers-oauth-provider-0.10), config legacy. Writes JSON to stdout or --out.
import fs from 'node:fs';
import * as H from './harness/index.mjs';

const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const provider = arg('--provider', 'workers-oauth-provider-0.10');
const base = H.CONFIGS[arg('--config', 'legacy')];
const out = {};

function shapeKV(records) {
  return records.map((r) => ({ key: r.key, value: r.value, metadata: r.metadata, expiration: r.expiration }));
}

async function run(label, options, fn, extraCode) {
  const w = await H.startWorker({ providerImport: provider, options, extraCode });
  try {
    out[label] = await fn(w);
  } catch (e) {
    out[label] = { harnessError: String(e.stack || e) };
  } finally {
    await w.dispose();
  }
}

async function authz(w, params, headers = {}) {
  const p = new URLSearchParams(params);
  const before = await w.dumpKV();
  const res = await H.capture(await w.fetch('/authorize?' + p.toString(), { headers }));
  const after = await w.dumpKV();
  const now = (await w.test('now')).now;
  return { request: '/authorize?' + p.toString(), response: res, kv: H.kvDiff(before, after), now };
}

function frag(location) {
  if (!location) return null;
  const u = new URL(location);
  return { search: u.search, hash: u.hash, params: Object.fromEntries(new URLSearchParams(u.hash.slice(1))) };
}

const implicitOpts = { ...base, allowImplicitFlow: true };
// A client registered for both response types (createClient's default is responseTypes ["code"]).
const IMPLICIT_CLIENT = { responseTypes: ['code', 'token'], grantTypes: ['authorization_code', 'refresh_token', 'implicit'] };
const iclient = (w, { confidential = true, extra = {}, ...o } = {}) =>
  H.createClient(w, { confidential, ...o, extra: { ...IMPLICIT_CLIENT, ...(confidential ? {} : { tokenEndpointAuthMethod: 'none' }), ...extra } });

await run('construct+discovery', implicitOpts, async (w) => {
  const d = await H.capture(await w.fetch('/.well-known/oauth-authorization-server'));
  return { discovery: d };
});

await run('discovery-default', base, async (w) => ({ discovery: await H.capture(await w.fetch('/.well-known/oauth-authorization-server')) }));

await run('implicit-confidential', implicitOpts, async (w) => {
  const c = await iclient(w);
  const parse = await H.capture(await w.fetch('/authorize?' + new URLSearchParams({ response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read write', state: 'xyz' }), { headers: { 'x-test-parse-only': '1' } }));
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read write', state: 'xyz' });
  const f = frag(a.response.headers.location);
  const api = f && f.params.access_token ? await H.capture(await w.fetch('/api/data', { headers: { authorization: 'Bearer ' + f.params.access_token } })) : null;
  const grants = await w.test('listUserGrants', { userId: 'user1' });
  let unwrap = null;
  if (f && f.params.access_token) unwrap = await w.test('unwrapToken', { token: f.params.access_token }).catch((e) => ({ error: e.body ?? String(e) }));
  // Refresh with nothing; revoke the access token via the revocation endpoint.
  const revoke = f && f.params.access_token ? await H.tokenRequest(w, { token: f.params.access_token }, { basic: [c.clientId, c.clientSecret] }) : null;
  const apiAfter = f && f.params.access_token ? await H.capture(await w.fetch('/api/data', { headers: { authorization: 'Bearer ' + f.params.access_token } })) : null;
  const kvAfterRevoke = await w.dumpKV();
  return { client: c, parse, authorize: a, fragment: f, api, grants, unwrap, revoke, apiAfter, kvAfterRevoke };
});

await run('implicit-public-no-state-no-scope', implicitOpts, async (w) => {
  const c = await iclient(w, { confidential: false });
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI });
  return { client: c, authorize: a, fragment: frag(a.response.headers.location) };
});

await run('implicit-with-pkce', implicitOpts, async (w) => {
  const c = await iclient(w, { confidential: false });
  const pk = H.pkcePair();
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's', code_challenge: pk.challenge, code_challenge_method: 'S256' });
  const b = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's', code_challenge: pk.challenge, code_challenge_method: 'plain' });
  const d = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's', code_challenge: pk.challenge });
  return { S256: { ...a, fragment: frag(a.response.headers.location) }, plain: { ...b, fragment: frag(b.response.headers.location) }, noMethod: { ...d, fragment: frag(d.response.headers.location) } };
});

await run('implicit-grant-scope-and-reauth', implicitOpts, async (w) => {
  const c = await iclient(w);
  const pk = H.pkcePair();
  const code = await H.authorize(w, { clientId: c.clientId, challenge: pk.challenge });
  const tok = await H.tokenRequest(w, { grant_type: 'authorization_code', code: code.code, redirect_uri: H.REDIRECT_URI, code_verifier: pk.verifier }, { basic: [c.clientId, c.clientSecret] });
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read write', state: 'q' }, { 'x-test-grant-scope': 'read' });
  const f = frag(a.response.headers.location);
  const oldApi = await H.capture(await w.fetch('/api/data', { headers: { authorization: 'Bearer ' + tok.body.access_token } }));
  const refresh = await H.tokenRequest(w, { grant_type: 'refresh_token', refresh_token: tok.body.refresh_token }, { basic: [c.clientId, c.clientSecret] });
  // A second implicit authorization: does it revoke the first implicit grant?
  const a2 = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 'q2' });
  const f2 = frag(a2.response.headers.location);
  const firstApi = await H.capture(await w.fetch('/api/data', { headers: { authorization: 'Bearer ' + f.params.access_token } }));
  return { codeToken: tok, authorize: a, fragment: f, oldApi, refresh, authorize2: a2, fragment2: f2, firstImplicitApi: firstApi };
});

await run('implicit-unregistered-redirect', implicitOpts, async (w) => {
  const c = await iclient(w);
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: 'https://evil.example/cb', state: 'x' });
  const b = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI + '?a=1', state: 'x' });
  return { unregistered: a, redirectWithQuery: b };
});

await run('implicit-redirect-with-query', implicitOpts, async (w) => {
  const c = await iclient(w, { redirectUris: ['https://client.example.org/cb?x=1'] });
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: 'https://client.example.org/cb?x=1', state: 'a b&c' });
  return { authorize: a, fragment: frag(a.response.headers.location) };
});

await run('implicit-ttl-and-callback', { ...implicitOpts, accessTokenTTL: 120 }, async (w) => {
  const c = await iclient(w);
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 'x' });
  const f = frag(a.response.headers.location);
  const api = await H.capture(await w.fetch('/api/data', { headers: { authorization: 'Bearer ' + f.params.access_token } }));
  return { authorize: a, fragment: f, api };
}, `{ tokenExchangeCallback: async (o) => { globalThis.__calls = (globalThis.__calls||0)+1; return { accessTokenProps: { ...o.props, via: o.grantType }, newProps: { ...o.props, updated: true }, accessTokenTTL: 300 }; } }`);

await run('implicit-client-grant-types', implicitOpts, async (w) => {
  // A client registered for authorization_code only (DCR default), and one registered for implicit / token.
  const r1 = await H.capture(await w.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI] }) }));
  const r2 = await H.capture(await w.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], grant_types: ['implicit'], response_types: ['token'], token_endpoint_auth_method: 'none' }) }));
  const a1 = await authz(w, { response_type: 'token', client_id: r1.body.client_id, redirect_uri: H.REDIRECT_URI, state: 'x' });
  const a2 = await authz(w, { response_type: 'token', client_id: r2.body.client_id, redirect_uri: H.REDIRECT_URI, state: 'x' });
  const code2 = await authz(w, { response_type: 'code', client_id: r2.body.client_id, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: H.pkcePair().challenge, code_challenge_method: 'S256' });
  return { regDefault: r1, regImplicit: r2, tokenForDefault: a1, tokenForImplicit: a2, codeForImplicitClient: code2 };
});

await run('implicit-client-registration-matrix', implicitOpts, async (w) => {
  const res = {};
  const combos = {
    rtTokenOnly: { responseTypes: ['token'] },
    rtTokenGrantImplicit: { responseTypes: ['token'], grantTypes: ['implicit'] },
    grantImplicitOnly: { grantTypes: ['implicit'] },
    rtCodeTokenDefaultGrants: { responseTypes: ['code', 'token'] },
  };
  for (const [k, extra] of Object.entries(combos)) {
    let c;
    try { c = await H.createClient(w, { confidential: true, extra }); } catch (e) { res[k] = { createClientError: e.body ?? String(e) }; continue; }
    const pk = H.pkcePair();
    res[k] = {
      client: { grantTypes: c.grantTypes, responseTypes: c.responseTypes },
      token: await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x' }),
      code: await authz(w, { response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: pk.challenge, code_challenge_method: 'S256' }),
    };
  }
  return res;
});

await run('implicit-disabled', base, async (w) => {
  const c = await H.createClient(w, { confidential: true });
  const a = await authz(w, { response_type: 'token', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x' });
  const r2 = await H.capture(await w.fetch('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], grant_types: ['implicit'], response_types: ['token'] }) }));
  return { authorize: a, regImplicit: r2 };
});

await run('other-response-types', implicitOpts, async (w) => {
  const c = await iclient(w);
  const res = {};
  for (const rt of ['code token', 'token code', 'id_token', 'TOKEN', '']) {
    res[rt] = await authz(w, { response_type: rt, client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x' });
  }
  res.response_mode_query = await authz(w, { response_type: 'token', response_mode: 'query', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x' });
  return res;
});

// Plain PKCE: default vs allowPlainPKCE: true.
for (const [label, opts] of [['plain-default', base], ['plain-allowed', { ...base, allowPlainPKCE: true }]]) {
  await run(label, opts, async (w) => {
    const c = await H.createClient(w, { confidential: true });
    const verifier = H.pkcePair().verifier;
    const disc = await H.capture(await w.fetch('/.well-known/oauth-authorization-server'));
    const plain = await authz(w, { response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: verifier, code_challenge_method: 'plain' });
    const loc = plain.response.headers.location;
    const code = loc ? new URL(loc).searchParams.get('code') : null;
    const grantRec = plain.kv.added[0] ?? null;
    const tokWrong = code ? await H.tokenRequest(w, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier + 'x' }, { basic: [c.clientId, c.clientSecret] }) : null;
    // Wrong verifier revokes? re-authorize for the good exchange.
    const plain2 = await authz(w, { response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: verifier, code_challenge_method: 'plain' });
    const loc2 = plain2.response.headers.location;
    const code2 = loc2 ? new URL(loc2).searchParams.get('code') : null;
    const tok = code2 ? await H.tokenRequest(w, { grant_type: 'authorization_code', code: code2, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [c.clientId, c.clientSecret] }) : null;
    const noMethod = await authz(w, { response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: verifier });
    const loc3 = noMethod.response.headers.location;
    const code3 = loc3 ? new URL(loc3).searchParams.get('code') : null;
    const tok3 = code3 ? await H.tokenRequest(w, { grant_type: 'authorization_code', code: code3, redirect_uri: H.REDIRECT_URI, code_verifier: verifier }, { basic: [c.clientId, c.clientSecret] }) : null;
    // Token endpoint: a plain-method grant planted directly is not possible black-box; S256 grant with plain-looking verifier:
    const pk = H.pkcePair();
    const s = await authz(w, { response_type: 'code', client_id: c.clientId, redirect_uri: H.REDIRECT_URI, state: 'x', code_challenge: pk.challenge, code_challenge_method: 'S256' });
    const codeS = new URL(s.response.headers.location).searchParams.get('code');
    const tokS = await H.tokenRequest(w, { grant_type: 'authorization_code', code: codeS, redirect_uri: H.REDIRECT_URI, code_verifier: pk.challenge }, { basic: [c.clientId, c.clientSecret] });
    return { discoveryMethods: disc.body.code_challenge_methods_supported, plain, grantRec, tokWrong, plain2, tok, noMethod, tok3, s256WithChallengeAsVerifier: tokS };
  });
}

const json = JSON.stringify(out, null, 2) + '\n';
const o = arg('--out');
if (o) fs.writeFileSync(o, json); else process.stdout.write(json);
