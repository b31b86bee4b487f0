#!/usr/bin/env node
// Run the malformed/adversarial request table (bad-requests-cases.mjs) against a provider.
//
// Record the reference (default):
//   node_modules/node/bin/node tests/compat/bad-requests.mjs
//     -> tests/compat/bad-requests.json, docs/observed/errors.md
// Compare another implementation against the recorded table:
//   node_modules/node/bin/node tests/compat/bad-requests.mjs --provider ./js-shim/entry-workerd.js --compare tests/compat/bad-requests.json
// Options: --only <id-substring>[,<id-substring>…], --skip-wait (skip cases that sleep past a TTL), --out <json>, --md <md>.
// Recording a subset (--only, --skip-wait) into an existing table replaces only those cases' answers
// and keeps every other case (and the discovery documents) as recorded.
//
// A case with `deliberate: {rfc, ours}` is one where ours answers as the RFC says and the reference
// does not (input no conforming client sends; README "Deliberate differences from the reference"):
// `observed` stays the reference's answer, and ours must give `expectedOf(case)`, the reference's
// answer with the fields of `ours` (status, headers, body, kvChanged, kv, followUps) replaced.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as H from './harness/index.mjs';
import { CASES } from './bad-requests-cases.mjs';

const argv = process.argv.slice(2);
const arg = (n, d) => { const i = argv.indexOf('--' + n); return i >= 0 ? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : true) : d; };
const providerImport = arg('provider', '@cloudflare/workers-oauth-provider');
const compareFile = arg('compare');
const only = arg('only');
const skipWait = arg('skip-wait', false);
const outJson = arg('out', compareFile ? null : path.join(H.ROOT, 'tests/compat/bad-requests.json'));
const outMd = arg('md', compareFile ? null : path.join(H.ROOT, 'docs/observed/errors.md'));
const label = arg('label', providerImport === '@cloudflare/workers-oauth-provider' ? 'reference 1.2.3' : providerImport);

export const CASE_CONFIGS = {
  v1: H.CONFIGS.v1,
  shortTTL: { ...H.CONFIGS.v1, accessTokenTTL: 60, refreshTokenTTL: 60 },
  originResource: { ...H.CONFIGS.v1, resourceMetadata: { resource: H.ORIGIN } },
  legacy: H.CONFIGS.legacy,
  legacyShortTTL: { ...H.CONFIGS.legacy, accessTokenTTL: 60, refreshTokenTTL: 60 },
  // The API route "/" on a resource that is the whole origin (R-ROUTE-03).
  rootRoute: { ...H.CONFIGS.v1, apiRoute: '/', resourceMetadata: { resource: H.ORIGIN } },
};
const RELEVANT = /^(content-type|www-authenticate|cache-control|pragma|access-control-.*|allow|location|vary|retry-after|x-harness)$/;
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TOKEN_RE = /[A-Za-z0-9_%.~{}-]+(?::|%3A)(?:[A-Za-z0-9_-]{16}|\{\{[a-z0-9_]+\}\})(?::|%3A)[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g;

function normVars(vars) {
  const v = { ...vars };
  for (const k of ['access_token', 'refresh_token', 'other_access_token', 'other_refresh_token', 'code', 'public_code', 'first_access_token', 'first_refresh_token']) {
    if (vars[k]) v[k + '_id'] = sha(vars[k]);
  }
  return v;
}
export function normalizeOut(x, vars) {
  const n = H.normalize(x, normVars(vars));
  const walk = (y) => {
    if (typeof y === 'string') {
      return y.replace(/\b[0-9a-f]{64}\b/g, '{{sha256}}').replace(TOKEN_RE, '{{new_token}}')
        .replace(/^((?:grant|token):[^:]+:)[A-Za-z0-9_-]{16}(?=$|:)/, '$1{{new_grant_id}}');
    }
    if (typeof y === 'number' && y > 1.7e9 && y < 2.2e9) return '{{timestamp}}';
    if (Array.isArray(y)) return y.map(walk);
    if (y && typeof y === 'object') return Object.fromEntries(Object.entries(y).map(([k, e]) => [walk(k), walk(e)]));
    return y;
  };
  return walk(n);
}
// A capture path: dotted members, optionally followed by ?name, a query parameter of the URL found there.
function getPath(obj, p) {
  const [members, param] = p.split('?');
  const v = members.split('.').reduce((o, k) => (o == null ? o : o[k]), obj);
  return param && typeof v === 'string' ? new URL(v).searchParams.get(param) : v;
}

export async function send(w, spec, vars) {
  const { path: p, init } = H.buildRequest(spec, vars);
  const res = await H.capture(await w.fetch(p, init));
  return res;
}
export function summarize(res, vars) {
  const headers = {};
  for (const [k, v] of Object.entries(res.headers)) if (RELEVANT.test(k)) headers[k] = v;
  let body = res.body;
  if (typeof body === 'string' && body.length > 2000) body = body.slice(0, 2000) + `…(${body.length} chars)`;
  return normalizeOut({ status: res.status, headers, body }, vars);
}

// kvEdits: {keyPrefix, set?: {path: value | 'now-N'}, unset?: [path]}; a path is a member name
// or dotted names into nested objects ('grant.clientId'). The first key with the prefix is edited.
async function applyKvEdits(w, edits, vars) {
  for (const e of edits || []) {
    const prefix = H.fill(e.keyPrefix, vars);
    const rec = (await w.dumpKV()).find((r) => r.key.startsWith(prefix));
    if (!rec) throw new Error('kvEdit: no key with prefix ' + prefix);
    const value = structuredClone(rec.value);
    const now = Math.floor(Date.now() / 1000);
    const at = (p) => {
      const names = p.split('.');
      const last = names.pop();
      const obj = names.reduce((o, k) => o[k], value);
      if (!obj || typeof obj !== 'object') throw new Error('kvEdit: no object at ' + p);
      return [obj, last];
    };
    for (const [k, v] of Object.entries(e.set || {})) {
      const [obj, name] = at(k);
      obj[name] = typeof v === 'string' && /^now-\d+$/.test(v) ? now - Number(v.slice(4)) : H.fill(v, vars);
    }
    for (const k of e.unset || []) {
      const [obj, name] = at(k);
      delete obj[name];
    }
    await w.test('kv-put', { key: rec.key, value, metadata: rec.metadata, expiration: rec.expiration });
  }
}

// alignSecond: start the case just after a whole second, so that a 'now-0' edit and the request
// it prepares fall in the same second (the rules compare whole seconds).
async function startOfSecond() {
  await sleep(1000 - (Date.now() % 1000) + 5);
}

// One case on a fresh fixture of w (a startWorker view); onVars, if given, is handed the fixture's variables.
export async function runCase(w, c, { waited, onVars } = {}) {
  const vars = await H.setupFixture(w);
  onVars?.(vars);
  if (c.alignSecond) await startOfSecond();
  await applyKvEdits(w, c.kvEdits, vars);
  const pre = [];
  for (const s of c.preSteps || []) {
    const r = await send(w, s.request, vars);
    for (const [name, p] of Object.entries(s.capture || {})) vars[name] = getPath(r, p);
    pre.push(summarize(r, vars));
  }
  if (c.waitSeconds && !waited) await sleep(c.waitSeconds * 1000);
  const before = await w.dumpKV();
  const res = await send(w, c.request, vars);
  const after = await w.dumpKV();
  const d = H.kvDiff(before, after);
  const kv = normalizeOut({ added: d.added.map((r) => r.key), removed: d.removed.map((r) => r.key), changed: d.changed.map((r) => r.key) }, vars);
  const followUps = [];
  for (const f of c.followUps || []) {
    const r = await send(w, f.request, vars);
    const s = summarize(r, vars);
    followUps.push({ name: f.name, status: s.status, body: s.body });
  }
  const out = { ...summarize(res, vars), kvChanged: !!(d.added.length || d.removed.length || d.changed.length), kv };
  if (pre.length) out.preSteps = pre.map((p) => ({ status: p.status, body: p.body }));
  if (followUps.length) out.followUps = followUps;
  return out;
}

export async function runTable({ providerImport, cases = CASES, configMap = CASE_CONFIGS, log = console.log }) {
  const results = {};
  const byConfig = {};
  for (const c of cases) (byConfig[c.config || 'v1'] ||= []).push(c);
  // Cases that wait past a TTL each get their own Worker, started first and run concurrently.
  const waiting = cases.filter((c) => c.waitSeconds);
  const waitJobs = waiting.map(async (c) => {
    const w = await H.startWorker({ providerImport, options: configMap[c.config || 'v1'] });
    try { results[c.id] = await runCase(w, c); log(`  ${c.id}: ${results[c.id].status} (waited ${c.waitSeconds}s)`); }
    catch (e) { results[c.id] = { harnessError: String(e.stack || e) }; log(`  ${c.id}: HARNESS ERROR ${e.message}`); }
    finally { await w.dispose(); }
  });
  for (const [cfg, list] of Object.entries(byConfig)) {
    const todo = list.filter((c) => !c.waitSeconds);
    if (!todo.length) continue;
    const w = await H.startWorker({ providerImport, options: configMap[cfg] });
    try {
      for (const c of todo) {
        try { results[c.id] = await runCase(w, c); }
        catch (e) { results[c.id] = { harnessError: String(e.stack || e) }; }
        const r = results[c.id];
        log(`  ${c.id}: ${r.status ?? 'HARNESS ERROR ' + r.harnessError.split('\n')[0]}`);
      }
    } finally { await w.dispose(); }
  }
  await Promise.all(waitJobs);
  return results;
}

async function discovery(providerImport) {
  const out = [];
  const cfgs = {
    v1: H.CONFIGS.v1,
    'v1-origin-resource': { ...H.CONFIGS.v1, resourceMetadata: { resource: H.ORIGIN, resource_name: 'Example API', bearer_methods_supported: ['header'] }, requiredScopes: ['read', 'offline_access'], apiRoute: '/api/' },
    legacy: H.CONFIGS.legacy,
  };
  const paths = ['/.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server/api', '/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/api', '/.well-known/oauth-protected-resource/api/data', '/.well-known/openid-configuration'];
  for (const [name, options] of Object.entries(cfgs)) {
    const w = await H.startWorker({ providerImport, options });
    try {
      for (const p of paths) {
        const r = await H.capture(await w.fetch(p));
        out.push({ config: name, options, path: p, status: r.status, headers: r.headers, body: r.body });
      }
      const r = await H.capture(await w.fetch('/api/data'));
      out.push({ config: name, options, path: '/api/data (no token)', status: r.status, headers: r.headers, body: r.body });
    } finally { await w.dispose(); }
  }
  return out;
}

function renderMd({ label, cases, results, disc }) {
  let md = `# Observed error behaviour: ${label}\n\n`;
  md += `Generated by \`tests/compat/bad-requests.mjs\` from the table in \`tests/compat/bad-requests-cases.mjs\`; full data (replayable requests + observed responses) in \`tests/compat/bad-requests.json\`. `;
  md += `Each case runs on a fresh fixture (KV cleared; clients C (basic), C2 (post), P (public); grant A user1+C exchanged; grant B user2+C pending code; grant D user3+P pending code; grant E user4+C2 exchanged). `;
  md += `Config \`v1\` = \`${JSON.stringify(H.CONFIGS.v1)}\`; \`shortTTL\` adds accessTokenTTL/refreshTokenTTL 60. `;
  md += `\`/authorize\` is the test Worker's handler: parseAuthRequest errors are rendered by the harness as 400 \`{parseError:{name,message,code,description,redirectUri,state,issuer,redirectTo}}\` with \`x-harness: parse-error\`. `;
  md += `Placeholders: fixture values are replaced by \`{{name}}\`, newly minted tokens by \`{{new_token}}\`, SHA-256 ids by \`{{sha256}}\`, new grant ids by \`{{new_grant_id}}\`, Unix timestamps by \`{{timestamp}}\`.\n\n`;
  const groups = [...new Set(cases.map((c) => c.group))];
  for (const g of groups) {
    md += `## ${g}\n\n| id | request | status | error / result | headers of note | KV | follow-ups |\n|---|---|---|---|---|---|---|\n`;
    for (const c of cases.filter((x) => x.group === g)) {
      const r = results[c.id] || {};
      const b = r.body;
      let res = '';
      if (r.harnessError) res = 'harness error';
      else if (b && typeof b === 'object') {
        if (b.error) res = `\`${b.error}\`: ${b.error_description ?? ''}`;
        else if (b.parseError) res = `parse: ${b.parseError.constructor ?? b.parseError.name} \`${b.parseError.code ?? ''}\` ${b.parseError.description ?? b.parseError.message}${b.parseError.redirectTo ? ' (redirectTo set)' : ''}`;
        else if (b.access_token) res = 'tokens issued' + (b.scope != null ? ` (scope "${b.scope}")` : '');
        else if (b.props) res = 'API handler reached';
        else res = '`' + JSON.stringify(b).slice(0, 120) + '`';
      } else if (typeof b === 'string') res = b ? '`' + b.slice(0, 80).replace(/\|/g, '\\|').replace(/\n/g, ' ') + '`' : '(empty)';
      const h = r.headers || {};
      const notes = [];
      if (h['www-authenticate']) notes.push('WWW-Authenticate: ' + h['www-authenticate']);
      if (h['access-control-allow-origin']) notes.push('ACAO: ' + h['access-control-allow-origin']);
      if (h.allow) notes.push('Allow: ' + h.allow);
      if (h.location) notes.push('Location: ' + h.location);
      if (h['content-type'] && !/json/.test(h['content-type'])) notes.push('CT: ' + h['content-type']);
      if (b && typeof b === 'object' && b.error && h['cache-control'] !== 'no-store') notes.push('no Cache-Control');
      const kv = r.kvChanged ? Object.entries(r.kv).filter(([, v]) => v.length).map(([k, v]) => `${k}: ${v.map((x) => x.replace(/:\{\{sha256\}\}/, ':…')).join(', ')}`).join('; ') : 'no';
      const fu = (r.followUps || []).map((f) => `${f.name} → ${f.status}${f.body && f.body.error ? ' ' + f.body.error : ''}`).join('; ');
      if (c.deliberate) {
        const o = expectedOf(c, r);
        const ob = o.body && typeof o.body === 'object' ? (o.body.parseError ?? o.body) : null;
        res += ` **ours (${c.deliberate.rfc}): ${o.status}${ob ? ` \`${ob.code ?? ob.error}\`: ${ob.description ?? ob.error_description}` : ''}**`;
      }
      md += `| ${c.id} | ${c.description.replace(/\|/g, '\\|')} | ${r.status ?? ''} | ${res.replace(/\|/g, '\\|')} | ${notes.join('<br>').replace(/\|/g, '\\|')} | ${kv} | ${fu} |\n`;
    }
    md += '\n';
  }
  md += `## Discovery documents (exactly as served)\n\n`;
  for (const d of disc) {
    md += `### ${d.config}: GET ${d.path} → ${d.status}\n\n`;
    md += '```json\n' + JSON.stringify({ headers: d.headers, body: d.body }, null, 2) + '\n```\n\n';
  }
  return md;
}

/** What ours must answer: the reference's answer, or for a deliberate difference the fields of `ours` over it. */
export function expectedOf(c, observed = c.observed) {
  return c.deliberate ? { ...observed, ...c.deliberate.ours } : observed;
}

export function compare(expected, actual) {
  const diffs = [];
  if (expected.status !== actual.status) diffs.push(`status ${expected.status} != ${actual.status}`);
  if (JSON.stringify(expected.body) !== JSON.stringify(actual.body)) diffs.push(`body ${JSON.stringify(expected.body).slice(0, 200)} != ${JSON.stringify(actual.body).slice(0, 200)}`);
  for (const k of new Set([...Object.keys(expected.headers || {}), ...Object.keys(actual.headers || {})])) {
    if ((expected.headers || {})[k] !== (actual.headers || {})[k]) diffs.push(`header ${k}: ${JSON.stringify((expected.headers || {})[k])} != ${JSON.stringify((actual.headers || {})[k])}`);
  }
  if (expected.kvChanged !== actual.kvChanged || JSON.stringify(expected.kv) !== JSON.stringify(actual.kv)) diffs.push(`kv ${JSON.stringify(expected.kv)} != ${JSON.stringify(actual.kv)}`);
  if (JSON.stringify(expected.followUps) !== JSON.stringify(actual.followUps)) diffs.push(`followUps ${JSON.stringify(expected.followUps)} != ${JSON.stringify(actual.followUps)}`);
  return diffs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let cases = CASES;
  if (compareFile) cases = JSON.parse(fs.readFileSync(compareFile, 'utf8')).cases;
  if (only) cases = cases.filter((c) => only.split(',').some((o) => c.id.includes(o)));
  if (skipWait) cases = cases.filter((c) => !c.waitSeconds);
  console.log(`running ${cases.length} cases against ${providerImport}`);
  const results = await runTable({ providerImport, cases });
  if (compareFile) {
    let fails = 0;
    for (const c of cases) {
      const d = compare(expectedOf(c), results[c.id]);
      if (d.length) { fails++; console.log(`DIFF ${c.id}:\n    ` + d.join('\n    ')); }
    }
    console.log(`${cases.length - fails}/${cases.length} cases match`);
    process.exitCode = fails ? 1 : 0;
  } else {
    // A subset is merged into the table already recorded: the other cases keep their request and answer.
    const old = cases.length < CASES.length && outJson && fs.existsSync(outJson) ? JSON.parse(fs.readFileSync(outJson, 'utf8')) : null;
    const oldById = new Map((old?.cases ?? []).map((c) => [c.id, c]));
    const recorded = old
      ? CASES.map((c) => (c.id in results ? { ...c, observed: results[c.id] } : oldById.get(c.id))).filter(Boolean)
      : cases.map((c) => ({ ...c, observed: results[c.id] }));
    for (const c of recorded) results[c.id] = c.observed;
    const disc = old?.discovery ?? await discovery(providerImport);
    const table = {
      description: 'Malformed/adversarial requests. `request` is replayable (placeholders filled by tests/compat/harness setupFixture); `observed` is what the reference did; `deliberate.ours`, where present, what ours answers instead (see expectedOf in bad-requests.mjs).',
      provider: label,
      fixture: 'see tests/compat/harness/index.mjs setupFixture',
      configs: CASE_CONFIGS,
      cases: recorded,
      discovery: disc,
    };
    if (outJson) fs.writeFileSync(outJson, JSON.stringify(table, null, 2) + '\n');
    if (outMd) { fs.mkdirSync(path.dirname(outMd), { recursive: true }); fs.writeFileSync(outMd, renderMd({ label, cases: recorded, results, disc })); }
    console.log(`wrote ${outJson} and ${outMd}`);
  }
}
