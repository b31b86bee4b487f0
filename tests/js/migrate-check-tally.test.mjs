// migrate-check's sums (bin/migrate-classify.mjs) over findings the core makes:
// a session is counted once, whether its grant is bound elsewhere, its pending
// code refused, or both; the recommendation in each case the report names.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Tally } from '../../bin/migrate-classify.mjs';

const API = 'https://example.com/api';
const SSE = 'https://example.com/sse';
let n = 0;
function grant(user, extra = {}) {
  const id = `grant${String(n++).padStart(11, 'A')}`;
  return [`grant:${user}:${id}`, JSON.stringify({ id, clientId: 'c', userId: user, scope: [], metadata: {}, encryptedProps: 'x', createdAt: 1, ...extra })];
}
const plain = { authCodeId: 'h', authCodeWrappedKey: 'k', codeChallenge: 'a'.repeat(43), codeChallengeMethod: 'plain' };

test('a plain pending code on a grant bound elsewhere signs out one session, not two', () => {
  const t = new Tally();
  t.add([grant('a', { resource: API }), grant('b', { resource: SSE, ...plain }), grant('c', plain)]);
  const r = t.finish(API);
  assert.deepEqual(r.resource, { resource: API, breaks: 1 });
  assert.equal(r.pendingPlainCodes.length, 2);
  assert.equal(r.signsOut, 2); // b (bound to /sse, its code refused too) and c (its code)
});

test('no grant bound: any resource; only refused codes sign out', () => {
  const t = new Tally();
  t.add([grant('a'), grant('b', plain)]);
  const r = t.finish();
  assert.equal(r.recommendation.resource, null);
  assert.equal(r.recommendation.breaks, 0);
  assert.match(r.recommendation.why, /no grant is bound to a resource/);
  assert.deepEqual(r.candidates, []);
  assert.equal(r.signsOut, 1);
});

test('grants bound only to a value 1.x refuses: every bound grant signs out, and the refusal is named', () => {
  const t = new Tally();
  t.add([grant('a', { resource: 'http://mcp.example.com/mcp' }), grant('b')]);
  const r = t.finish();
  assert.equal(r.recommendation.resource, null);
  assert.equal(r.recommendation.breaks, 1);
  assert.match(r.recommendation.why, /1.x refuses every resource the grants carry .*http:\/\/mcp\.example\.com\/mcp \(resourceMetadata\.resource is required and must be an absolute HTTPS URI/);
  assert.equal(r.signsOut, 1);
});

test('case-folded duplicates of one resource: the lower-case one keeps both', () => {
  const t = new Tally();
  t.add([grant('a', { resource: 'https://MCP.example.com/mcp' }), grant('b', { resource: 'https://mcp.example.com/mcp' })]);
  const r = t.finish();
  assert.deepEqual(r.recommendation, { resource: 'https://mcp.example.com/mcp', breaks: 0 });
  assert.equal(r.signsOut, 0);
});
