// Redirect URI rules, differential (tests/compat/redirect-uris.mjs): the same registrations,
// authorization requests, completeAuthorization calls and code exchanges against the reference
// 1.2.3 and ours, each in workerd; every answer must be the reference's, except where a deliberate
// difference below (README, "Deliberate differences from the reference") says what ours answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observe } from './redirect-uris.mjs';

const theirs = await observe('@cloudflare/workers-oauth-provider');
const ours = await observe('./js-shim/entry-workerd.js');

const INVALID = { error: { name: 'AuthorizationError', code: 'invalid_request', description: 'Invalid redirect URI' } };
// completeAuthorization's AuthorizationError as the harness records a helper's throw
const INVALID_THROWN = { error: { name: 'AuthorizationError', code: 'invalid_request', message: 'Invalid redirect URI' } };
const UNUSABLE = { error: { name: 'Error', message: 'Redirect URI must use https, or http on a loopback host' } };
const UNUSABLE_REGISTRATION = { status: 400, error: 'invalid_client_metadata', description: 'Redirect URI must use https, or http on a loopback host' };
const FULLWIDTH = /[\uff01-\uff5e]/;

// Inputs no conforming client sends, answered as the RFC says: {rfc, applies(case), ours(case)}.
const DELIBERATE = [
  {
    rfc: 'RFC 3986 §2, RFC 6749 §3.1.2: a redirect URI holds no space or control character, nor other white space at its ends (the reference trims them off its ends)',
    applies: (c) => (c.kind === 'parseAuthRequest' || c.kind === 'completeAuthorization') && /^\s|\s$/.test(c.requested) && !c.answer.clientRefused,
    ours: (c) => (c.kind === 'completeAuthorization' ? INVALID_THROWN : INVALID),
  },
  {
    rfc: 'RFC 3986 §3.2.2, RFC 6749 §3.1.2: a URI host is ASCII, so a host written in other characters is no loopback host (the reference maps it through IDNA)',
    applies: (c) => FULLWIDTH.test(c.requested ?? '') || (c.uris ?? []).some((u) => FULLWIDTH.test(u)),
    ours: (c) => ({ createClient: UNUSABLE, register: UNUSABLE_REGISTRATION })[c.kind] ?? INVALID,
  },
];

test('both sides ran the same cases', () => {
  assert.equal(ours.length, theirs.length);
  assert.ok(theirs.length > 2000, `${theirs.length} cases`);
});

// One test per rule, kind, configuration and registered URI: the cases whose answers differ.
const groups = new Map();
theirs.forEach((t, i) => {
  const name = `${t.rule} ${t.kind}${t.kind === 'parseAuthRequest' ? ` against ${JSON.stringify(t.registered)}` : ''} (${t.config})`;
  if (!groups.has(name)) groups.set(name, []);
  groups.get(name).push([t, ours[i]]);
});

for (const [name, pairs] of groups) {
  test(name, () => {
    const wrong = [];
    for (const [t, o] of pairs) {
      const { answer: _, ...inputs } = t;
      assert.deepEqual({ ...o, answer: undefined }, { ...inputs, answer: undefined });
      const d = DELIBERATE.find((x) => x.applies(t));
      const want = d ? d.ours(t) : t.answer;
      if (JSON.stringify(o.answer) !== JSON.stringify(want))
        wrong.push({ case: inputs, reference: t.answer, want, ours: o.answer });
    }
    assert.deepEqual(wrong, []);
  });
}

test('each deliberate difference is one: the reference answers otherwise in some case', () => {
  for (const d of DELIBERATE) {
    const differing = theirs.filter((t) => d.applies(t) && JSON.stringify(t.answer) !== JSON.stringify(d.ours(t)));
    assert.ok(differing.length > 0, d.rfc);
  }
});
