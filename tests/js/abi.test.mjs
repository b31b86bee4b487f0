// The shim's ABI numbers (OP, FX, FXR, KIND in js-shim/core.js) against the
// enums of include/op/oc_op.h, and ANSWER against oc_http.h's: the C headers
// are the one source; every name on either side must exist on the other with
// the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as core from '../../js-shim/core.js';

const GROUPS = { OC_OP_: 'OP', OC_FX_: 'FX', OC_FXR_: 'FXR', OC_KIND_: 'KIND' };

// The members of every enum in a C header, with C's implicit values, by name.
function cEnums(text) {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const out = [];
  for (const [, body] of src.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)) {
    let next = 0;
    for (const item of body.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Za-z_]\w*)\s*(?:=\s*(\d+))?$/.exec(item);
      assert.ok(m, `enum member not understood: ${item}`);
      const value = m[2] === undefined ? next : Number(m[2]);
      out.push([m[1], value]);
      next = value + 1;
    }
  }
  return out;
}

// Each enum member of the header in the shim group its prefix names.
function headerGroups(text) {
  const groups = Object.fromEntries(Object.values(GROUPS).map((g) => [g, {}]));
  for (const [name, value] of cEnums(text)) {
    // The longest prefix wins: OC_FXR_ before OC_FX_.
    const prefix = Object.keys(GROUPS).filter((p) => name.startsWith(p)).sort((a, b) => b.length - a.length)[0];
    assert.ok(prefix, `${name}: an oc_op.h enum member outside OP, FX, FXR and KIND`);
    groups[GROUPS[prefix]][name.slice(prefix.length)] = value;
  }
  return groups;
}

const header = await readFile(new URL('../../include/op/oc_op.h', import.meta.url), 'utf8');

test('cEnums reads explicit and implicit values, and ignores comments', () => {
  assert.deepEqual(cEnums('typedef enum {\n A = 2, /* x = 9, */\n B, // C = 4,\n D = 7\n} t;\nenum { E };'),
    [['A', 2], ['B', 3], ['D', 7], ['E', 0]]);
  assert.throws(() => cEnums('enum { A = 1 << 2 };'), /not understood/);
});

test('OP, FX, FXR and KIND in js-shim/core.js are exactly the enums of include/op/oc_op.h', () => {
  const c = headerGroups(header);
  for (const g of Object.values(GROUPS)) {
    assert.ok(Object.keys(c[g]).length > 0, `no ${g} numbers found in oc_op.h`);
    assert.deepEqual({ ...core[g] }, c[g], `${g} differs between js-shim/core.js and include/op/oc_op.h`);
  }
  // The outbound GET (oc_fetch.h): its effect and the two failures only it reports; the cache (oc_cache.h).
  assert.deepEqual([c.FX.FETCH, c.FXR.TIMEOUT, c.FXR.TOO_LARGE, c.FX.CACHE], [7, 4, 5, 8]);
});

test('ANSWER in js-shim/core.js is exactly the OC_HTTP_ANSWER_ enum of include/op/oc_http.h', async () => {
  const text = await readFile(new URL('../../include/op/oc_http.h', import.meta.url), 'utf8');
  const c = Object.fromEntries(cEnums(text).filter(([n]) => n.startsWith('OC_HTTP_ANSWER_')).map(([n, v]) => [n.slice(15), v]));
  assert.ok(Object.keys(c).length > 0, 'no OC_HTTP_ANSWER_ numbers found in oc_http.h');
  assert.deepEqual({ ...core.ANSWER }, c);
});
