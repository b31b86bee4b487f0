// Writes KV records in the storage format of compat.md using WebCrypto only,
// an implementation independent of the core's: what it writes, the core must read.
import { webcrypto as wc, createHash } from 'node:crypto';

const WRAP_HMAC_KEY = Uint8Array.from(Buffer.from('227e26868df1e16d8070ea17975b47a68218fa8728aede85b51d4ad996caca43', 'hex'));
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function randomString(n) {
  const b = wc.getRandomValues(new Uint8Array(n));
  return Array.from(b, (x) => ALPHABET[x % 64]).join('');
}

export const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

async function wrappingKey(token) {
  const k = await wc.subtle.importKey('raw', WRAP_HMAC_KEY, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const raw = await wc.subtle.sign('HMAC', k, new TextEncoder().encode(token));
  return wc.subtle.importKey('raw', raw, { name: 'AES-KW' }, false, ['wrapKey', 'unwrapKey']);
}

export async function encryptProps(props) {
  const key = await wc.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const ct = await wc.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, new TextEncoder().encode(JSON.stringify(props)));
  return { key, encryptedProps: Buffer.from(ct).toString('base64') };
}

export async function wrapKey(token, key) {
  const w = await wc.subtle.wrapKey('raw', key, await wrappingKey(token), { name: 'AES-KW' });
  return Buffer.from(w).toString('base64');
}

// An access token and its record, as if issued for a grant.
export async function mintAccessToken(kv, { userId = 'user1', grantId = randomString(16), clientId = 'client1', props = { name: 'alice' }, scope = ['read'], audience, ttl = 3600 } = {}) {
  const token = `${userId}:${grantId}:${randomString(32)}`;
  const { key, encryptedProps } = await encryptProps(props);
  const now = Math.floor(Date.now() / 1000);
  const id = sha256hex(token);
  const record = {
    id, grantId, userId, createdAt: now, expiresAt: now + ttl,
    ...(audience !== undefined ? { audience } : {}),
    scope, wrappedEncryptionKey: await wrapKey(token, key),
    grant: { clientId, scope, encryptedProps },
  };
  await kv.put(`token:${userId}:${grantId}:${id}`, JSON.stringify(record), { expiration: now + Math.max(ttl, 60) });
  return { token, record, key: `token:${userId}:${grantId}:${id}` };
}
