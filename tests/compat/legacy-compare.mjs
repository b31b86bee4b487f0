// Replays the malformed-request table against ours in the 0.10.x generation (no
// resourceMetadata) and compares with what 0.10.4 answered
// (docs/observed/reference-0.10.4-bad-requests.json), or for a deliberate difference
// what ours answers instead (expectedOf in bad-requests.mjs). A progress report for the
// 0.10.x-compatibility work, not yet part of the test suite:
//   node_modules/node/bin/node tests/compat/legacy-compare.mjs
import fs from 'node:fs';
import { runTable, compare, expectedOf } from './bad-requests.mjs';
import * as H from './harness/index.mjs';
const table = JSON.parse(fs.readFileSync(new URL('./bad-requests.json', import.meta.url), 'utf8'));
const obs = new Map(JSON.parse(fs.readFileSync(new URL('../../docs/observed/reference-0.10.4-bad-requests.json', import.meta.url), 'utf8')).map((c) => [c.id, c.observed]));
const cases = table.cases.filter((c) => c.group !== 'register' && !c.waitSeconds && obs.has(c.id) && (c.config ?? 'v1') === 'v1');
const configMap = { v1: H.CONFIGS.legacy, shortTTL: { ...H.CONFIGS.legacy, accessTokenTTL: 60, refreshTokenTTL: 60 } };
const results = await runTable({ providerImport: './js-shim/v010/entry-workerd.js', cases, configMap, log: () => {} });
let bad = 0;
for (const c of cases) { const d = compare(expectedOf(c, obs.get(c.id)), results[c.id]); if (d.length) { bad++; console.log('DIFF', c.id, d.join(' | ').slice(0, 300)); } }
console.log(`${cases.length - bad}/${cases.length} match 0.10.4`);
