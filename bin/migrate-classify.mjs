// The migration check's findings: the core classifies the records
// (OC_KIND_MIGRATE_CHECK, src/helper/oc_helper_migrate_check.c: every rule
// lives there); this file only batches them in and adds the findings up.
import fs from 'node:fs';
import { Core, KIND } from '../js-shim/core.js';

// Records handed to the core per operation.
const BATCH = 200;

function loadCore() {
  const relaxed = fs.readFileSync(new URL('../dist/oc.wasm', import.meta.url));
  const bytes = WebAssembly.validate(relaxed) ? relaxed : fs.readFileSync(new URL('../dist/oc-simd128.wasm', import.meta.url));
  return new Core(new WebAssembly.Module(bytes));
}

export class Tally {
  #core = loadCore();
  #pending = [];
  #options;
  #codesIn = new Map();          // binding -> its grants whose pending code 1.x refuses

  constructor({ allowPrivateUseRedirectUris = false } = {}) {
    this.#options = { allowPrivateUseRedirectUris };
    this.records = 0;
    this.grants = 0;
    this.pending = 0;
    this.bindings = new Map();   // JSON of a stored resource (absent: 'null') -> {resource, grants}
    this.users = new Map();      // refused user id -> its grants
    this.codes = [];             // pending codes 1.x refuses
    this.clients = 0;
    this.blocked = [];           // clients with redirect URIs 1.x refuses
    this.unreadable = [];
  }

  #classify(args) {
    const out = this.#core.runSync(0, KIND.MIGRATE_CHECK, [JSON.stringify({ ...this.#options, ...args })]);
    if (out.t !== 'value') throw new Error(`migrate-check: ${out.description}`);
    return out.value;
  }

  // Adds records ([[key, value]…]).
  add(records) {
    for (const r of records) this.#pending.push(r);
    while (this.#pending.length >= BATCH) this.#flush(this.#pending.splice(0, BATCH));
  }

  #flush(batch) {
    if (batch.length === 0) return;
    const { records } = this.#classify({ records: batch.map(([key, value]) => ({ key, value })) });
    for (const f of records) this.#count(f);
  }

  #count(f) {
    this.records++;
    if (f.type === 'unreadable') this.unreadable.push({ key: f.key, reason: f.reason });
    if (f.type === 'client') {
      this.clients++;
      if (f.refusedRedirectUris.length) {
        const { clientId, clientName, refusedRedirectUris, usableRedirectUris } = f;
        this.blocked.push({ clientId, clientName, refusedRedirectUris, usableRedirectUris });
      }
    }
    if (f.type !== 'grant') return;
    this.grants++;
    if (f.pending) this.pending++;
    const id = JSON.stringify(f.resource ?? null);
    const b = this.bindings.get(id) ?? this.bindings.set(id, { resource: f.resource ?? null, grants: 0 }).get(id);
    b.grants++;
    if (f.codeRefused) this.#codesIn.set(b, (this.#codesIn.get(b) ?? 0) + 1);
    if (f.userIdRefused) this.users.set(f.userId, (this.users.get(f.userId) ?? 0) + 1);
    if (f.codeRefused) this.codes.push({ key: f.key, userId: f.userId, clientId: f.clientId, reason: f.codeRefused });
  }

  // The findings once every record is in. resource: the value to evaluate (--resource), or undefined.
  finish(resource) {
    this.#flush(this.#pending.splice(0));
    const bindings = [...this.bindings.values()].sort((a, b) => b.grants - a.grants);
    const stored = new Set();
    for (const b of bindings) for (const r of [b.resource ?? []].flat()) stored.add(r);
    const candidates = [...stored];
    if (resource !== undefined && !stored.has(resource)) candidates.push(resource);
    const verdict = this.#classify({
      resources: candidates,
      bindings: bindings.map((b) => (b.resource === null ? {} : { resource: b.resource })),
    });
    // breaks[i]: grants that stop working under candidates[i]
    const evaluated = candidates.map((value, i) => ({
      resource: value,
      ...(verdict.resources[i].refused ? { refused: verdict.resources[i].refused } : {}),
      breaks: bindings.reduce((n, b, j) => n + (verdict.bindings[j][i] ? 0 : b.grants), 0),
    }));
    const bound = bindings.reduce((n, b) => n + (b.resource === null ? 0 : b.grants), 0);
    // Sessions lost when grant j is kept iff keeps(j): the grants broken, and the refused codes of those kept.
    const lost = (keeps) => bindings.reduce((n, b, j) => n + (keeps(j) ? this.#codesIn.get(b) ?? 0 : b.grants), 0);
    const recommendation = recommend(evaluated.filter((c) => stored.has(c.resource)), bound);
    const chosen = resource !== undefined ? resource : recommendation.resource ?? recommendation.best;
    const at = candidates.indexOf(chosen);
    const signsOut = at >= 0 ? lost((j) => verdict.bindings[j][at]) : lost((j) => bindings[j].resource === null);
    return {
      records: this.records,
      grants: { total: this.grants, pending: this.pending, bound, unbound: this.grants - bound, resources: bindings },
      candidates: evaluated.filter((c) => stored.has(c.resource)).sort((a, b) => a.breaks - b.breaks),
      recommendation,
      ...(resource !== undefined ? { resource: evaluated.find((c) => c.resource === resource) } : {}),
      userIdsWithColon: [...this.users].map(([userId, grants]) => ({ userId, grants })),
      clients: this.clients,
      clientsWithRefusedRedirectUris: this.blocked,
      pendingPlainCodes: this.codes,
      unreadable: this.unreadable,
      signsOut,
    };
  }
}

// The resourceMetadata.resource that keeps every grant working, or why none can.
function recommend(candidates, bound) {
  if (bound === 0) return { resource: null, breaks: 0, why: 'no grant is bound to a resource: any resource keeps every session (they bind to it on their next refresh)' };
  const ok = candidates.filter((c) => !c.refused);
  const best = ok[0];
  if (best && best.breaks === 0) return { resource: best.resource, breaks: 0 };
  if (!best) {
    return { resource: null, breaks: bound, why: `1.x refuses every resource the grants carry as resourceMetadata.resource: ${candidates.map((c) => `${c.resource} (${c.refused})`).join('; ')}` };
  }
  return {
    resource: null,
    best: best.resource,
    breaks: best.breaks,
    why: `the grants are bound to ${candidates.length} different resources and one resourceMetadata.resource matches only one of them; the best, ${best.resource}, signs out ${best.breaks}`,
  };
}
