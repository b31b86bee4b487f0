// Identity Assertion JWT Authorization Grants (ID-JAG) signed here, for the tests of
// enterpriseManagedAuthorization (ema.test.mjs, multi-resource.test.mjs): an RSA and an EC key
// generated per run, their public key set, and sign(alg, header, claims).
import crypto from 'node:crypto';

const subtle = crypto.webcrypto.subtle;
export const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const rsa = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
export const ec = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const pub = async (k, kid) => {
  const { kty, n, e, crv, x, y } = await subtle.exportKey('jwk', k.publicKey);
  return kty === 'RSA' ? { kty, n, e, kid, use: 'sig', alg: 'RS256' } : { kty, crv, x, y, kid, use: 'sig' };
};
// The public keys: 'rsa-1' (RS256) and 'ec-1' (ES256).
export const JWKS = { keys: [await pub(rsa, 'rsa-1'), await pub(ec, 'ec-1')] };

export const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

// The compact JWS of claims under header, signed with alg: 'RS256', 'ES256', 'HS256-pub' (an HMAC
// keyed by the RSA public key's bytes), anything else an empty signature.
export async function sign(alg, header, claims) {
  const input = `${b64(header)}.${b64(claims)}`;
  let sig;
  if (alg === 'ES256') sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, Buffer.from(input));
  else if (alg === 'RS256') sig = await subtle.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, Buffer.from(input));
  else if (alg === 'HS256-pub') {
    const spki = Buffer.from(await subtle.exportKey('spki', rsa.publicKey));
    sig = crypto.createHmac('sha256', spki).update(input).digest();
  } else sig = new Uint8Array(0);
  return `${input}.${Buffer.from(sig).toString('base64url')}`;
}
