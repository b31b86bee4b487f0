#!/usr/bin/env node
// Observe full OAuth flows against a provider module in workerd and record every response and
// KV record. Default: the reference 1.2.3 with the v1 configuration.
//
//   node_modules/node/bin/node tests/compat/observe-reference.mjs
//   node_modules/node/bin/node tests/compat/observe-reference.mjs --provider <import> --config legacy --label x
//
// Writes docs/observed/<label>.json and docs/observed/<label>.md.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as H from './harness/index.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const providerImport = args.provider || '@cloudflare/workers-oauth-provider';
const configName = args.config || 'v1';
const label = args.label || 'reference-1.2.3';
const outDir = path.join(H.ROOT, 'docs/observed');

export async function observeFlows({ providerImport, options }) {
  const w = await H.startWorker({ providerImport, options });
  const rec = new H.Recorder(w);
  const records = {};
  const tokens = {};
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const post = (body, extraHeaders = {}) => ({ method: 'POST', headers: { ...form, ...extraHeaders }, body: H.form(body) });
  const findAdded = (step, prefix) => step.kv.added.find((r) => r.key.startsWith(prefix));
  const findChanged = (step, prefix) => step.kv.changed.find((r) => r.key.startsWith(prefix))?.after;
  try {
    // ---- Discovery ----
    await rec.step('discovery: authorization server metadata', '/.well-known/oauth-authorization-server');
    await rec.step('discovery: protected resource metadata (root)', '/.well-known/oauth-protected-resource');
    await rec.step('discovery: protected resource metadata (/api)', '/.well-known/oauth-protected-resource/api');
    await rec.step('discovery: protected resource metadata (/api/)', '/.well-known/oauth-protected-resource/api/');
    await rec.step('discovery: protected resource metadata (/other)', '/.well-known/oauth-protected-resource/other');
    await rec.step('discovery: openid-configuration', '/.well-known/openid-configuration');
    await rec.step('discovery: AS metadata with Origin', '/.well-known/oauth-authorization-server', { headers: { origin: 'https://app.example.net' } });
    await rec.step('discovery: AS metadata OPTIONS preflight', '/.well-known/oauth-authorization-server', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.net', 'access-control-request-method': 'GET' },
    });
    await rec.step('discovery: PRM OPTIONS preflight', '/.well-known/oauth-protected-resource/api', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.net', 'access-control-request-method': 'GET' },
    });
    await rec.step('discovery: AS metadata POST', '/.well-known/oauth-authorization-server', { method: 'POST' });
    await rec.step('discovery: AS metadata HEAD', '/.well-known/oauth-authorization-server', { method: 'HEAD' });

    // ---- Confidential client flow ----
    const cc = await rec.helper('createClient (confidential, client_secret_basic)', 'createClient', {
      redirectUris: [H.REDIRECT_URI],
      clientName: 'Confidential Test Client',
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    const client = cc.result;
    records.clientConfidential = findAdded(cc, 'client:');
    await rec.helper('lookupClient (confidential)', 'lookupClient', { clientId: client.clientId });

    const pk = H.pkcePair();
    const authQ = new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read write',
      state: 'st-123', code_challenge: pk.challenge, code_challenge_method: 'S256',
    });
    await rec.step('authorize: parseAuthRequest result (parse only)', '/authorize?' + authQ, { headers: { 'x-test-parse-only': '1' } });
    const az = await rec.step('authorize: PKCE S256, auto-approve', '/authorize?' + authQ);
    const code = new URL(az.response.headers.location).searchParams.get('code');
    tokens.code = code;
    records.grantPendingCode = findAdded(az, 'grant:');

    const ex = await rec.step('token: authorization_code (client_secret_basic)', '/token',
      post({ grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: pk.verifier }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    records.grantAfterExchange = findChanged(ex, 'grant:');
    records.accessToken = findAdded(ex, 'token:');
    records.tokenSuccessResponse = ex.response;
    const t1 = ex.response.body;
    tokens.t1 = t1;

    await rec.step('api: GET with access token', '/api/data', { headers: { authorization: `Bearer ${t1.access_token}` } });
    await rec.step('api: POST with access token', '/api/data', { method: 'POST', headers: { authorization: `Bearer ${t1.access_token}`, 'content-type': 'text/plain' }, body: 'hello' });
    await rec.step('api: GET without token', '/api/data');
    await rec.step('api: GET /api (no trailing slash, outside apiRoute)', '/api', { headers: { authorization: `Bearer ${t1.access_token}` } });
    await rec.step('api: GET with invalid token', '/api/data', { headers: { authorization: 'Bearer nope' } });

    const rf1 = await rec.step('token: refresh_token #1', '/token',
      post({ grant_type: 'refresh_token', refresh_token: t1.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    records.grantAfterRotation1 = findChanged(rf1, 'grant:');
    records.accessTokenAfterRefresh = findAdded(rf1, 'token:');
    const t2 = rf1.response.body;
    const rf2 = await rec.step('token: refresh_token #2 (current token)', '/token',
      post({ grant_type: 'refresh_token', refresh_token: t2.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    records.grantAfterRotation2 = findChanged(rf2, 'grant:');
    const t3 = rf2.response.body;
    const rfp = await rec.step('token: refresh with PREVIOUS refresh token (from #1)', '/token',
      post({ grant_type: 'refresh_token', refresh_token: t2.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    records.grantAfterPreviousTokenUse = findChanged(rfp, 'grant:');
    const t4 = rfp.response.body;
    await rec.step('token: refresh with the token that was current before the previous-token use (#2 result)', '/token',
      post({ grant_type: 'refresh_token', refresh_token: t3.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    await rec.step('token: refresh with the original (two rotations old) refresh token', '/token',
      post({ grant_type: 'refresh_token', refresh_token: t1.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    if (t4 && t4.refresh_token) {
      await rec.step('token: refresh with the newest token (from previous-token use)', '/token',
        post({ grant_type: 'refresh_token', refresh_token: t4.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    }
    await rec.step('api: first access token still valid after rotations', '/api/data', { headers: { authorization: `Bearer ${t1.access_token}` } });
    await rec.step('token: refresh with narrower scope', '/token',
      post({ grant_type: 'refresh_token', refresh_token: (rec.steps.at(-2).response.body || {}).refresh_token, scope: 'read' }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    const lastRefresh = rec.steps.at(-1).response.body;

    await rec.helper('listUserGrants(user1)', 'listUserGrants', { userId: 'user1' });
    await rec.helper('unwrapToken(access token #1)', 'unwrapToken', { token: t1.access_token });

    const rvA = await rec.step('revoke: access token (RFC 7009 at token endpoint)', '/token',
      post({ token: t1.access_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    await rec.step('api: revoked access token', '/api/data', { headers: { authorization: `Bearer ${t1.access_token}` } });
    await rec.step('revoke: refresh token with token_type_hint', '/token',
      post({ token: lastRefresh.refresh_token, token_type_hint: 'refresh_token' }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));
    await rec.step('api: access token of revoked grant', '/api/data', { headers: { authorization: `Bearer ${lastRefresh.access_token}` } });
    await rec.step('revoke: same refresh token again', '/token',
      post({ token: lastRefresh.refresh_token }, { authorization: H.basicAuth(client.clientId, client.clientSecret) }));

    // ---- Public client flow ----
    const pc = await rec.helper('createClient (public, none)', 'createClient', {
      redirectUris: [H.REDIRECT_URI], clientName: 'Public Test Client', tokenEndpointAuthMethod: 'none',
    });
    const pub = pc.result;
    records.clientPublic = findAdded(pc, 'client:');
    const pk2 = H.pkcePair();
    const q2 = new URLSearchParams({
      response_type: 'code', client_id: pub.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read',
      state: 's2', code_challenge: pk2.challenge, code_challenge_method: 'S256', resource: H.ORIGIN + '/api',
    });
    const az2 = await rec.step('authorize (public client, with resource)', '/authorize?' + q2);
    records.grantPendingCodePublic = findAdded(az2, 'grant:');
    const code2 = new URL(az2.response.headers.location).searchParams.get('code');
    const ex2 = await rec.step('token: authorization_code (public client, client_id in body)', '/token',
      post({ grant_type: 'authorization_code', code: code2, redirect_uri: H.REDIRECT_URI, code_verifier: pk2.verifier, client_id: pub.clientId, resource: H.ORIGIN + '/api' }));
    const pt = ex2.response.body;
    await rec.step('api: public client token', '/api/x', { headers: { authorization: `Bearer ${pt.access_token}` } });
    await rec.step('token: refresh (public client)', '/token', post({ grant_type: 'refresh_token', refresh_token: pt.refresh_token, client_id: pub.clientId }));
    await rec.step('revoke: refresh token (public client, client_id in body)', '/token', post({ token: pt.refresh_token, client_id: pub.clientId }));

    // ---- Re-authorization revokes the earlier grant for same user+client ----
    const pk3 = H.pkcePair();
    const a3 = await H.authorize(w, { clientId: pub.clientId, challenge: pk3.challenge, scope: 'read' });
    await rec.step('token: exchange for a fresh public grant', '/token',
      post({ grant_type: 'authorization_code', code: a3.code, redirect_uri: H.REDIRECT_URI, code_verifier: pk3.verifier, client_id: pub.clientId }));
    const pk4 = H.pkcePair();
    const q4 = new URLSearchParams({ response_type: 'code', client_id: pub.clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's4', code_challenge: pk4.challenge, code_challenge_method: 'S256' });
    await rec.step('authorize again same user+client (revokes earlier grant?)', '/authorize?' + q4);

    // ---- Helpers ----
    const g = await rec.helper('listUserGrants(user1) at end', 'listUserGrants', { userId: 'user1' });
    if (g.result?.items?.[0]) await rec.helper('revokeGrant', 'revokeGrant', { grantId: g.result.items[0].id, userId: 'user1' });
    await rec.helper('lookupClient (unknown)', 'lookupClient', { clientId: 'doesnotexist' });

    // ---- DCR ----
    const dcr = await rec.step('register (DCR, confidential default)', '/register', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], client_name: 'DCR Client', 'client_name#ja': 'クライアント', contacts: ['a@example.org'] }),
    });
    records.clientDcr = findAdded(dcr, 'client:');
    const dcr2 = await rec.step('register (DCR, public)', '/register', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], client_name: 'DCR Public', token_endpoint_auth_method: 'none' }),
    });
    records.clientDcrPublic = findAdded(dcr2, 'client:');
    await rec.step('register OPTIONS preflight', '/register', { method: 'OPTIONS', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'POST' } });
    await rec.step('token OPTIONS preflight', '/token', { method: 'OPTIONS', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    await rec.step('api OPTIONS preflight', '/api/data', { method: 'OPTIONS', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    records.finalKV = await w.dumpKV();
  } finally {
    await w.dispose();
  }
  return { steps: rec.steps, records };
}

// ---------- Markdown rendering ----------

function fence(obj, lang = 'json') {
  return '```' + lang + '\n' + (typeof obj === 'string' ? obj : JSON.stringify(obj, null, 2)) + '\n```\n';
}

function derived(records) {
  const out = [];
  const g0 = records.grantPendingCode, g1 = records.grantAfterExchange, t = records.accessToken;
  if (g0) out.push(`- pending grant: KV expiration - createdAt = ${g0.expiration - g0.value.createdAt} s`);
  if (g1) out.push(`- grant after exchange: expiresAt - createdAt = ${g1.value.expiresAt - g1.value.createdAt} s; KV expiration ${g1.expiration === g1.value.expiresAt ? '== expiresAt' : '= ' + g1.expiration}`);
  if (t) out.push(`- access token: expiresAt - createdAt = ${t.value.expiresAt - t.value.createdAt} s; KV expiration ${t.expiration === t.value.expiresAt ? '== expiresAt' : '= ' + t.expiration}`);
  if (records.clientDcr) out.push(`- DCR client: KV expiration - registrationDate = ${records.clientDcr.expiration ? records.clientDcr.expiration - records.clientDcr.value.registrationDate : 'none'} s`);
  for (const [k, r] of Object.entries(records)) {
    if (r && r.key && r.value && typeof r.value === 'object') out.push(`- ${k}: field order \`${Object.keys(r.value).join(', ')}\``);
  }
  return out.join('\n') + '\n';
}

// Label every token seen in responses (A1.., R1.., C1..) by its SHA-256 id, then show which
// ids each stored grant state holds: the refresh-rotation trace.
function rotationTrace(steps, records) {
  const labels = new Map();
  let a = 0, r = 0, c = 0;
  const id = (t) => crypto.createHash('sha256').update(t).digest('hex');
  for (const s of steps) {
    const loc = s.response?.headers?.location;
    if (loc && loc.includes('code=')) labels.set(id(new URL(loc).searchParams.get('code')), 'C' + ++c);
    const b = s.response?.body;
    if (b && typeof b === 'object') {
      if (b.access_token) labels.set(id(b.access_token), 'A' + ++a);
      if (b.refresh_token) labels.set(id(b.refresh_token), 'R' + ++r);
    }
  }
  const L = (h) => (h ? labels.get(h) || h.slice(0, 8) + '…' : '-');
  let md = '| state | authCodeId | refreshTokenId | previousRefreshTokenId |\n|---|---|---|---|\n';
  for (const k of ['grantPendingCode', 'grantAfterExchange', 'grantAfterRotation1', 'grantAfterRotation2', 'grantAfterPreviousTokenUse']) {
    const g = records[k]?.value;
    if (g) md += `| ${k} | ${L(g.authCodeId)} | ${L(g.refreshTokenId)} | ${L(g.previousRefreshTokenId)} |\n`;
  }
  md += '\nToken labels in step order (confidential flow): ';
  md += steps.filter((s) => s.response?.body?.access_token && s.request.path === '/token').slice(0, 8)
    .map((s) => `${s.name} → ${L(id(s.response.body.access_token))}/${s.response.body.refresh_token ? L(id(s.response.body.refresh_token)) : '-'}`).join('; ');
  return md + '\n';
}

export function renderMarkdown({ label, providerImport, configName, options, result }) {
  const { steps, records } = result;
  let md = `# Observed behaviour: ${label}\n\n`;
  md += `Generated by \`tests/compat/observe-reference.mjs\` (provider \`${providerImport}\`, config \`${configName}\`) in workerd via Miniflare. `;
  md += `Machine-readable: \`${label}.json\`. Values (ids, secrets, timestamps) differ per run; shapes, field order, statuses and headers are what to match. `;
  md += `Miniflare transport headers (\`mf-content-encoding\`, \`transfer-encoding\`) are stripped. Headers named \`x-harness\` come from the test Worker, not the provider.\n\n`;
  md += `## Configuration\n\n` + fence(options) + '\n';
  md += `## KV records by type\n\n`;
  const titles = {
    clientConfidential: 'Client (createClient, confidential client_secret_basic)',
    clientPublic: 'Client (createClient, public)',
    clientDcr: 'Client (DCR, default auth method)',
    clientDcrPublic: 'Client (DCR, public)',
    grantPendingCode: 'Grant with pending authorization code',
    grantPendingCodePublic: 'Grant with pending code (public client, explicit resource)',
    grantAfterExchange: 'Grant after code exchange',
    grantAfterRotation1: 'Grant after first refresh (rotation)',
    grantAfterRotation2: 'Grant after second refresh',
    grantAfterPreviousTokenUse: 'Grant after refreshing with the previous refresh token',
    accessToken: 'Access token record',
    accessTokenAfterRefresh: 'Access token record issued by refresh',
  };
  for (const [k, t] of Object.entries(titles)) {
    if (!records[k]) continue;
    md += `### ${t}\n\n` + fence(records[k]) + '\n';
  }
  md += `### Derived facts\n\n` + derived(records) + '\n';
  md += `### Refresh rotation trace\n\n` + rotationTrace(steps, records) + '\n';
  md += `## Token endpoint success response (authorization_code)\n\n` + fence(records.tokenSuccessResponse) + '\n';
  md += `## Steps\n\n`;
  for (const s of steps) {
    md += `### ${s.name}\n\n`;
    if (s.request) {
      const r = s.request;
      md += `Request: \`${r.method} ${r.path.length > 300 ? r.path.slice(0, 300) + '…' : r.path}\``;
      if (Object.keys(r.headers).length) md += ` headers ${'`'}${JSON.stringify(r.headers)}${'`'}`;
      if (r.body != null) md += ` body \`${r.body}\``;
      md += '\n\n';
      md += `Response **${s.response.status}**\n\n` + fence({ headers: s.response.headers, body: s.response.body });
    } else {
      md += `Helper \`${s.helper.op}(${JSON.stringify(s.helper.args)})\`\n\n` + fence(s.error ? { error: s.error } : { result: s.result ?? null });
    }
    const kv = s.kv;
    const parts = [];
    if (kv.added.length) parts.push('added ' + kv.added.map((r) => '`' + r.key + '`').join(', '));
    if (kv.changed.length) parts.push('changed ' + kv.changed.map((r) => '`' + r.key + '`').join(', '));
    if (kv.removed.length) parts.push('removed ' + kv.removed.map((r) => '`' + r.key + '`').join(', '));
    md += `\nKV: ${parts.length ? parts.join('; ') : 'unchanged'}\n\n`;
  }
  return md;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = H.CONFIGS[configName];
  const result = await observeFlows({ providerImport, options });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${label}.json`), JSON.stringify({ label, providerImport, configName, options, ...result }, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, `${label}.md`), renderMarkdown({ label, providerImport, configName, options, result }));
  console.log(`wrote docs/observed/${label}.json and .md (${result.steps.length} steps)`);
}
