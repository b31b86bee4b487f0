// A registration's answer and client record with the random parts (id, secret, clocks) checked for
// shape and consistency, then replaced by placeholders, so that two providers' answers compare whole
// (register.test.mjs, register-random.test.mjs).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';

const ALPHABET = /^[A-Za-z0-9_-]+$/;

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');

// The answer and the record, random parts checked and replaced.
export function normalise(cap, dump) {
  const body = cap.body && typeof cap.body === 'object' ? { ...cap.body } : cap.body;
  const clients = dump.filter((r) => r.key.startsWith('client:'));
  const out = { status: cap.status, headers: cap.headers, body, records: clients.length };
  if (!body || typeof body !== 'object' || body.client_id === undefined) return out;
  const t = body.client_id_issued_at;
  assert.ok(Math.abs(t - Date.now() / 1000) < 60, `issued at ${t}`);
  assert.match(body.client_id, ALPHABET);
  assert.equal(body.client_id.length, 16);
  body.client_id = '<id>';
  body.client_id_issued_at = '<t>';
  if (body.client_secret !== undefined) {
    assert.match(body.client_secret, ALPHABET);
    assert.equal(body.client_secret.length, 32);
    body.client_secret = '<secret>';
    body.client_secret_issued_at = body.client_secret_issued_at === t ? '<t>' : body.client_secret_issued_at;
    if (body.client_secret_expires_at) body.client_secret_expires_at = `<t+${body.client_secret_expires_at - t}>`;
  }
  assert.equal(clients.length, 1);
  const r = clients[0];
  assert.equal(r.key, `client:${cap.body.client_id}`);
  const v = { ...r.value };
  assert.equal(v.clientId, cap.body.client_id);
  v.clientId = '<id>';
  if (v.clientSecret !== undefined) {
    assert.equal(v.clientSecret, sha256(cap.body.client_secret), 'the record keeps the secret\'s SHA-256');
    v.clientSecret = '<hash>';
  }
  assert.equal(v.registrationDate, t);
  v.registrationDate = '<t>';
  if (v.registrationExpiresAt !== undefined) v.registrationExpiresAt = `<t+${v.registrationExpiresAt - t}>`;
  out.record = JSON.stringify(v);
  // KV computes the expiry from its own clock at the write: a second after registrationDate at most
  if (r.expiration !== null) {
    const d = r.expiration - t, ttl = Math.round(d / 60) * 60;
    assert.ok(d - ttl >= 0 && d - ttl <= 1, `expiration ${d} s after registrationDate`);
    out.expiration = `<t+${ttl}>`;
  } else out.expiration = null;
  out.metadata = r.metadata;
  return out;
}
