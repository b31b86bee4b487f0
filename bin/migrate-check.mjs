// npx oc-oauth-provider migrate-check: what switching a namespace written by
// 0.10.x to 1.x (oc-oauth-provider, or @cloudflare/workers-oauth-provider
// 1.2) does to its sessions. Reads through wrangler, writes nothing.
import { parseArgs } from 'node:util';
import { Namespace } from './migrate-wrangler.mjs';
import { Tally } from './migrate-classify.mjs';

export const EXIT = Object.freeze({ SAFE: 0, SIGNS_OUT: 1, ATTENTION: 2, FAILED: 3 });

const HELP = `usage: oc-oauth-provider migrate-check [options]

Reads the grant: and client: records of a KV namespace through wrangler and
reports what switching it from 0.10.x to 1.x does. Writes nothing.

namespace (passed to wrangler kv):
  --binding NAME          the KV binding (e.g. OAUTH_KV)
  --namespace-id ID       or the namespace's id
  --config FILE           wrangler configuration file
  --env NAME              wrangler environment
  --local | --remote      local (wrangler dev) or remote storage
  --persist-to DIR        local persistence directory
  --preview               the preview namespace
check:
  --resource URL          the resourceMetadata.resource you will configure:
                          how many sessions it would break
  --allow-private-use-redirect-uris
                          you will set allowPrivateUseRedirectUris: true
  --json                  one JSON document on stdout, for scripts
exit status:
  0  switching signs nobody out and nothing needs attention
  1  switching would sign someone out: grants bound to a resource the
     configured (or any single) resource does not match, or pending
     authorization codes with a plain PKCE challenge
  2  nobody is signed out, but something needs attention first: user ids
     containing ':', clients whose redirect URIs 1.x refuses, unreadable records
  3  the check could not run (bad arguments, wrangler failed, a --resource
     that 1.x does not accept)
`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      binding: { type: 'string' }, 'namespace-id': { type: 'string' }, config: { type: 'string' },
      env: { type: 'string' }, local: { type: 'boolean' }, remote: { type: 'boolean' },
      'persist-to': { type: 'string' }, preview: { type: 'boolean' },
      resource: { type: 'string' }, 'allow-private-use-redirect-uris': { type: 'boolean' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.binding === undefined && values['namespace-id'] === undefined && !values.help) {
    throw new Error('name the namespace: --binding NAME or --namespace-id ID');
  }
  if (values.local && values.remote) throw new Error('--local and --remote exclude each other');
  const target = [];
  for (const k of ['binding', 'namespace-id', 'config', 'env', 'persist-to']) if (values[k] !== undefined) target.push(`--${k}`, values[k]);
  for (const k of ['local', 'remote', 'preview']) if (values[k]) target.push(`--${k}`);
  return { ...values, target };
}

// A progress bar on stderr, drawn only on a terminal and for a large namespace.
function progress(total) {
  if (!process.stderr.isTTY || total < 200) return { update() {}, done() {} };
  const draw = (n) => {
    const w = 30, f = Math.round((w * n) / total);
    process.stderr.write(`\rreading ${'#'.repeat(f)}${'-'.repeat(w - f)} ${n}/${total} records`);
  };
  draw(0);
  return { update: draw, done: () => process.stderr.write('\n') };
}

export async function main(argv) {
  let o;
  try {
    o = options(argv);
  } catch (e) {
    process.stderr.write(`migrate-check: ${e.message}\n\n${HELP}`);
    return EXIT.FAILED;
  }
  if (o.help) {
    process.stdout.write(HELP);
    return EXIT.SAFE;
  }
  let report;
  try {
    const ns = new Namespace(o.target);
    const keys = [...(await ns.list('grant:')), ...(await ns.list('client:'))].map((k) => k.name);
    const tally = new Tally({ allowPrivateUseRedirectUris: !!o['allow-private-use-redirect-uris'] });
    const bar = progress(keys.length);
    let read = 0;
    await ns.read(keys, (batch) => {
      tally.add(batch);
      bar.update((read += batch.length));
    });
    bar.done();
    report = tally.finish(o.resource);
  } catch (e) {
    process.stderr.write(`migrate-check: ${e.message}\n`);
    return EXIT.FAILED;
  }
  report.exitCode = exitCode(report);
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : readable(report));
  return report.exitCode;
}

function exitCode(r) {
  if (r.resource?.refused) return EXIT.FAILED;
  if (r.signsOut > 0) return EXIT.SIGNS_OUT;
  if (r.userIdsWithColon.length || r.clientsWithRefusedRedirectUris.length || r.unreadable.length) return EXIT.ATTENTION;
  return EXIT.SAFE;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function readable(r) {
  const L = [];
  const g = r.grants;
  L.push(`Read ${plural(r.records, 'record')}: ${plural(g.total, 'grant')} (${g.pending} with a pending authorization code), ${plural(r.clients, 'client')}.`);
  L.push('', 'Resources the grants are bound to:');
  if (g.total === 0) L.push('  (no grants)');
  for (const b of g.resources) {
    L.push(`  ${String(b.grants).padStart(6)}  ${b.resource === null ? '(none: binds to the configured resource on its next refresh)' : JSON.stringify(b.resource)}`);
  }
  L.push('');
  const rec = r.recommendation;
  if (rec.resource) L.push(`resourceMetadata.resource that keeps every session: ${rec.resource}`);
  else if (rec.breaks === 0) L.push(`resourceMetadata.resource: ${rec.why}.`);
  else L.push(`No resourceMetadata.resource keeps every session: ${rec.why}.`);
  for (const c of r.candidates.filter((c) => c.refused)) L.push(`  1.x refuses ${c.resource}: ${c.refused}`);
  if (r.resource) {
    L.push('', `With --resource ${r.resource.resource}:`);
    if (r.resource.refused) L.push(`  1.x refuses it at construction: ${r.resource.refused}`);
    L.push(`  ${plural(r.resource.breaks, 'session')} would stop working (refresh: invalid_grant or invalid_target; API calls: 401).`);
  }
  L.push('');
  if (r.pendingPlainCodes.length) {
    L.push(`Pending authorization codes with a plain PKCE challenge (1.x refuses them at the exchange; the user authorizes again): ${r.pendingPlainCodes.length}`);
    for (const c of r.pendingPlainCodes) L.push(`  user ${JSON.stringify(c.userId)}, client ${c.clientId}`);
  } else L.push('Pending authorization codes with a plain PKCE challenge: none');
  if (r.userIdsWithColon.length) {
    L.push(`User ids containing ':' (1.x's completeAuthorization throws for them: encode them, e.g. encodeURIComponent; 0.10.x never issued a working token for them): ${r.userIdsWithColon.length}`);
    for (const u of r.userIdsWithColon) L.push(`  ${JSON.stringify(u.userId)} (${plural(u.grants, 'grant')})`);
  } else L.push("User ids containing ':': none");
  if (r.clientsWithRefusedRedirectUris.length) {
    L.push(`Clients with redirect URIs 1.x refuses (https, or http on a loopback host; authorization requests using them get invalid_request): ${r.clientsWithRefusedRedirectUris.length}`);
    for (const c of r.clientsWithRefusedRedirectUris) {
      const name = c.clientName ? ` (${c.clientName})` : '';
      const left = c.usableRedirectUris ? `${c.usableRedirectUris} usable left` : 'none usable left: it cannot authorize';
      L.push(`  ${c.clientId}${name}: ${c.refusedRedirectUris.join(' ')} — ${left}`);
    }
  } else L.push('Clients with redirect URIs 1.x refuses: none');
  if (r.unreadable.length) {
    L.push(`Unreadable records: ${r.unreadable.length}`);
    for (const u of r.unreadable) L.push(`  ${u.key}: ${u.reason}`);
  }
  L.push('', verdictLine(r), '');
  return L.join('\n');
}

function verdictLine(r) {
  switch (r.exitCode) {
    case EXIT.SIGNS_OUT: return `Switching to 1.x would sign out ${plural(r.signsOut, 'session')} (exit status 1).`;
    case EXIT.ATTENTION: return 'Switching to 1.x signs nobody out, but the findings above need attention first (exit status 2).';
    case EXIT.FAILED: return `--resource ${r.resource.resource} is not a value 1.x accepts (exit status 3).`;
    default: return 'Switching to 1.x signs nobody out (exit status 0).';
  }
}
