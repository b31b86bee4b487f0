// The consent form's CSRF token: signed, bound to one authorization request,
// short-lived and single-use.
//
// Format: <nonce>.<expiry>.<signature>, each base64url (expiry: Unix seconds in
// decimal). The signature is HMAC-SHA-256 over
//   "demo-consent-v1\n" + nonce + "\n" + expiry + "\n" + the /authorize query string
// so a token is good for the exact request it was rendered for and no other.
// The key is env.CONSENT_SECRET (`wrangler secret put CONSENT_SECRET`) when set,
// else 32 random bytes generated once and kept in KV under `demo:consent-key` (two
// first requests racing may each make one; a token signed with the key that lost
// is refused, and the user starts again).
// Issuing a token stores `demo:consent-nonce:<nonce>` in KV; redeeming it deletes
// that key, so a second POST with the same token is refused. (KV has no
// compare-and-swap: two POSTs racing within KV's propagation delay could both
// pass; a Durable Object would close that gap. The demo accepts it.)

const KEY_NAME = 'demo:consent-key';
const NONCE_PREFIX = 'demo:consent-nonce:';
export const CONSENT_TOKEN_TTL = 600; // seconds; KV's expirationTtl minimum is 60

const enc = new TextEncoder();

function b64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(s) {
  if (!/^[A-Za-z0-9_-]+$/.test(s) || s.length % 4 === 1) return null;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function consentKey(env) {
  let raw = env.CONSENT_SECRET;
  if (!raw) {
    raw = await env.OAUTH_KV.get(KEY_NAME);
    if (!raw) {
      raw = b64url(crypto.getRandomValues(new Uint8Array(32)));
      await env.OAUTH_KV.put(KEY_NAME, raw);
    }
  }
  return crypto.subtle.importKey('raw', enc.encode(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

function signedInput(nonce, expiry, query) {
  return enc.encode(`demo-consent-v1\n${nonce}\n${expiry}\n${query}`);
}

// A fresh token for the authorization request whose query string is `query`
// (URL.search, with its leading "?").
export async function issueConsentToken(env, query, now = Date.now()) {
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const expiry = String(Math.floor(now / 1000) + CONSENT_TOKEN_TTL);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', await consentKey(env), signedInput(nonce, expiry, query)));
  await env.OAUTH_KV.put(NONCE_PREFIX + nonce, '1', { expirationTtl: CONSENT_TOKEN_TTL });
  return `${nonce}.${expiry}.${b64url(sig)}`;
}

// Checks `token` for the request whose query string is `query` and consumes it.
// Returns null when it is good, else the reason it is refused: malformed, a bad
// signature (tampered, or for another request), expired, or already used.
// The signature is checked with crypto.subtle.verify (constant time) before
// anything else in the token is trusted.
export async function redeemConsentToken(env, token, query, now = Date.now()) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || !/^[0-9]{1,12}$/.test(parts[1])) return 'malformed form token';
  const [nonce, expiry, sigText] = parts;
  const sig = fromB64url(sigText);
  if (!sig || !fromB64url(nonce)) return 'malformed form token';
  const good = await crypto.subtle.verify('HMAC', await consentKey(env), sig, signedInput(nonce, expiry, query));
  if (!good) return 'form token does not match this request';
  if (Number(expiry) * 1000 <= now) return 'form token expired';
  const key = NONCE_PREFIX + nonce;
  if ((await env.OAUTH_KV.get(key)) === null) return 'form token already used';
  await env.OAUTH_KV.delete(key);
  return null;
}
