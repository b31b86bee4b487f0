// The functions 0.10.4 exports beside its classes. The three that decide an
// OAuth rule (a scope token, a resource URI, resource matching) are the
// core's (OC_KIND_URI_RULES, src/helper/oc_helper_uri_rules.c): this file
// reads the caller's values as 0.10.4 reads them (as strings) and hands
// them over. The other three are encodings: base64url and JSON, and the
// WebCrypto parameters of the two JOSE algorithms 0.10.4 names.
import { getCore } from '../wasm.js';
import { KIND } from '../core.js';

// A value as a string, every byte of it kept across the boundary; null when
// it cannot be read as one.
function text(v) {
  try {
    return encodeURIComponent(String(v).toWellFormed());
  } catch {
    return null;
  }
}

function rule(args) {
  const out = getCore().runSync(0, KIND.URI_RULES, [JSON.stringify(args)]);
  if (out.t === 'error') throw new TypeError(out.description);
  return out.value;
}

/** Whether scopeToken is an OAuth scope token (RFC 6749 §3.3). */
export function isValidOAuthScopeToken(scopeToken) {
  if (typeof scopeToken === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return rule({ fn: 'isValidOAuthScopeToken', a: text(scopeToken) });
}

/** Whether uri is an absolute http(s) URI without a fragment (RFC 8707 §2). */
export function validateResourceUri(uri) {
  return rule({ fn: 'validateResourceUri', a: typeof uri === 'string' ? text(uri) : null });
}

/** Whether a requested resource matches a granted one: exactly, or with originOnly by origin. */
export function resourceMatches(requested, granted, originOnly) {
  return rule({
    fn: 'resourceMatches', a: text(requested), b: text(granted), same: requested === granted, originOnly: !!originOnly,
  });
}

/** The bytes of a base64url string (padding optional); throws what atob throws on anything else. */
export function base64UrlToBytes(base64Url) {
  const b64 = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A JWT header or payload: base64url of a JSON object; Error('Malformed JWT part') otherwise. */
export function parseJwtJsonPart(encoded) {
  let value;
  try {
    value = JSON.parse(new TextDecoder().decode(base64UrlToBytes(encoded)));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('Malformed JWT part');
  return value;
}

const JOSE = {
  RS256: () => {
    const a = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { importAlgorithm: a, verifyAlgorithm: a };
  },
  ES256: () => ({ importAlgorithm: { name: 'ECDSA', namedCurve: 'P-256' }, verifyAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }),
};

/** The WebCrypto import and verify parameters of a JOSE alg (RS256, ES256). */
export function getJwtCryptoAlgorithms(alg) {
  if (!Object.hasOwn(JOSE, alg)) throw new Error(`Unsupported JWT alg: ${alg}`);
  return JOSE[alg]();
}
