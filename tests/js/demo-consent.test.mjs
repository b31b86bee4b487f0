// The demo's consent page over HTTP: the anti-framing headers, and the signed
// single-use form token that guards its POST (demo/consent-token.js). Every
// refused POST is a 400 that makes no grant and redirects nowhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startWorker } from './harness.mjs';
import { answerConsent, formToken } from './consent-form.mjs';

const mf = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0 });
const base = (await mf.ready).toString().replace(/\/$/, '');
const kv = await mf.getKVNamespace('OAUTH_KV');
after(() => mf.dispose());

// A fresh authorization request of the demo client (a new state each time).
async function authorizeUrl() {
  const start = await fetch(`${base}/demo/start`, { redirect: 'manual' });
  assert.equal(start.status, 302);
  return start.headers.get('location');
}
// The demo user's grant keys. An approval adds one (and, as completeAuthorization's
// revokeExistingGrants defaults to true, revokes the client's earlier one), so
// "no grant made" is "the same keys as before".
const grants = async () => (await kv.list({ prefix: 'grant:demo-user:' })).keys.map((k) => k.name).sort();
const newGrant = (before, after) => after.filter((k) => !before.includes(k)).length === 1;
const post = (url, fields) => fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });

async function expectRefused(res, reason) {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
  assert.match(await res.text(), reason);
}

test('the consent page may not be framed and is not cached', async () => {
  const res = await fetch(await authorizeUrl());
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy'), /(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(formToken(await res.text()), /^[A-Za-z0-9_-]{22}\.[0-9]+\.[A-Za-z0-9_-]{43}$/);
});

test('approve with the token: one grant; the same POST again is refused', async () => {
  const url = await authorizeUrl();
  const before = await grants();
  const { res, token } = await answerConsent(url);
  assert.equal(res.status, 302);
  assert.ok(new URL(res.headers.get('location')).searchParams.get('code'));
  const granted = await grants();
  assert.ok(newGrant(before, granted));
  await expectRefused(await post(url, { form_token: token, decision: 'approve' }), /already used/);
  await expectRefused(await post(url, { form_token: token, decision: 'deny' }), /already used/);
  assert.deepEqual(await grants(), granted);
});

test('a POST without a token, approving or denying, is refused', async () => {
  const url = await authorizeUrl();
  const before = await grants();
  await expectRefused(await post(url, { decision: 'approve' }), /malformed/);
  await expectRefused(await post(url, { decision: 'deny' }), /malformed/);
  await expectRefused(await post(url, { form_token: '', decision: 'approve' }), /malformed/);
  await expectRefused(await post(url, { form_token: 'a.b.c', decision: 'approve' }), /malformed/);
  assert.deepEqual(await grants(), before);
});

test('a token is bound to its request: another request refuses it, its own still takes it', async () => {
  const a = await authorizeUrl();
  const b = await authorizeUrl();
  const token = formToken(await (await fetch(a)).text());
  const before = await grants();
  await expectRefused(await post(b, { form_token: token, decision: 'approve' }), /does not match this request/);
  // The same request with one parameter changed (another scope) is another request.
  const widened = new URL(a); widened.searchParams.set('scope', 'read write');
  await expectRefused(await post(widened, { form_token: token, decision: 'approve' }), /does not match this request/);
  assert.deepEqual(await grants(), before);
  const res = await post(a, { form_token: token, decision: 'approve' });
  assert.equal(res.status, 302);
  assert.ok(newGrant(before, await grants()));
});

test('a tampered token (nonce, expiry or signature changed) is refused', async () => {
  const url = await authorizeUrl();
  const token = formToken(await (await fetch(url)).text());
  const [nonce, expiry, sig] = token.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const before = await grants();
  for (const bad of [`${flip(nonce, 0)}.${expiry}.${sig}`, `${nonce}.${Number(expiry) + 3600}.${sig}`, `${nonce}.${expiry}.${flip(sig, 0)}`]) {
    await expectRefused(await post(url, { form_token: bad, decision: 'approve' }), /does not match this request/);
  }
  assert.deepEqual(await grants(), before);
  assert.equal((await post(url, { form_token: token, decision: 'approve' })).status, 302);
});

// Tokens signed with the Worker's own key (read from KV, where the demo keeps it
// when no CONSENT_SECRET is set): the expiry and the single-use record are checked
// after the signature.
function sign(key, nonce, expiry, query) {
  const sig = createHmac('sha256', key).update(`demo-consent-v1\n${nonce}\n${expiry}\n${query}`).digest('base64url');
  return `${nonce}.${expiry}.${sig}`;
}

test('an expired token and a never-issued one are refused even with a good signature', async () => {
  const url = await authorizeUrl();
  const query = new URL(url).search;
  const issued = formToken(await (await fetch(url)).text());
  const key = await kv.get('demo:consent-key');
  assert.ok(key);
  const [nonce] = issued.split('.');
  const past = Math.floor(Date.now() / 1000) - 1;
  const before = await grants();
  await expectRefused(await post(url, { form_token: sign(key, nonce, String(past), query), decision: 'approve' }), /expired/);
  const future = Math.floor(Date.now() / 1000) + 300;
  await expectRefused(await post(url, { form_token: sign(key, 'AAAAAAAAAAAAAAAAAAAAAA', String(future), query), decision: 'approve' }), /already used/);
  assert.deepEqual(await grants(), before);
});

test('deny with the token redirects with access_denied and makes no grant', async () => {
  const url = await authorizeUrl();
  const before = await grants();
  const { res } = await answerConsent(url, 'deny');
  assert.equal(res.status, 302);
  assert.equal(new URL(res.headers.get('location')).searchParams.get('error'), 'access_denied');
  assert.deepEqual(await grants(), before);
});
