// Writes tests/c/jose_vectors.h: keys and JWS made once with node:crypto, committed as
// vectors for tests/c/test_jose.c (positive and negative). Run: node tools/gen-jose-vectors.mjs
import { generateKeyPairSync, sign, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const b64u = (b) => Buffer.from(b).toString('base64url');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSmall = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (k, extra) => ({ ...k.publicKey.export({ format: 'jwk' }), ...extra });

const claims = { iss: 'client-1', sub: 'client-1', aud: 'https://as.example/token', exp: 1900000000, iat: 1899999900, jti: 'j-1' };
const enc = (o) => b64u(JSON.stringify(o));
function jws(header, payload, signer) {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${b64u(signer(Buffer.from(input)))}`;
}
const rs = (key) => (d) => sign('sha256', d, key);
const es = (key, dsaEncoding = 'ieee-p1363') => (d) => sign('sha256', d, { key, dsaEncoding });

const rsaJwk = jwk(rsa, { kid: 'rsa-1', use: 'sig', alg: 'RS256' });
const ecJwk = jwk(ec, { kid: 'ec-1' });
const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' });
const v = {
  JWKS: JSON.stringify({ keys: [rsaJwk, ecJwk] }),
  JWKS_RSA_SMALL: JSON.stringify({ keys: [jwk(rsaSmall, { kid: 'small' })] }),
  JWKS_PRIVATE: JSON.stringify({ keys: [{ ...rsa.privateKey.export({ format: 'jwk' }), kid: 'priv' }] }),
  JWKS_TWO_RSA: JSON.stringify({ keys: [jwk(rsa), jwk(rsa2)] }),
  JWS_RS256: jws({ alg: 'RS256', kid: 'rsa-1', typ: 'JWT' }, claims, rs(rsa.privateKey)),
  JWS_ES256: jws({ alg: 'ES256', kid: 'ec-1' }, claims, es(ec.privateKey)),
  JWS_ES256_NOKID: jws({ alg: 'ES256' }, claims, es(ec.privateKey)),
  JWS_ES256_DER: jws({ alg: 'ES256', kid: 'ec-1' }, claims, es(ec.privateKey, 'der')),
  JWS_RS256_OTHER_KEY: jws({ alg: 'RS256', kid: 'rsa-1' }, claims, rs(rsa2.privateKey)),
  JWS_RS256_WRONG_KID: jws({ alg: 'RS256', kid: 'nope' }, claims, rs(rsa.privateKey)),
  JWS_HS256_PEM: jws({ alg: 'HS256', kid: 'rsa-1' }, claims, (d) => createHmac('sha256', pem).update(d).digest()),
  JWS_HS256_N: jws({ alg: 'HS256', kid: 'rsa-1' }, claims,
    (d) => createHmac('sha256', Buffer.from(rsaJwk.n, 'base64url')).update(d).digest()),
  JWS_NONE: `${enc({ alg: 'none' })}.${enc(claims)}.`,
  JWS_NONE_SIGNED: `${enc({ alg: 'none' })}.${enc(claims)}.${b64u('x')}`,
  JWS_ES_AS_RS: jws({ alg: 'RS256', kid: 'ec-1' }, claims, es(ec.privateKey)),
  JWS_CRIT: jws({ alg: 'RS256', kid: 'rsa-1', crit: ['exp'], exp: 1 }, claims, rs(rsa.privateKey)),
};
// Client assertions with one claim changed (RS256, kid rsa-1).
const asrt = (over, header = {}) => jws({ alg: 'RS256', kid: 'rsa-1', ...header }, { ...claims, ...over }, rs(rsa.privateKey));
Object.assign(v, {
  AS_ISSUER_AUD: asrt({ aud: 'https://as.example' }),
  AS_ARRAY_AUD: asrt({ aud: ['https://other.example', 'https://as.example'] }),
  AS_WRONG_AUD: asrt({ aud: 'https://other.example/token' }),
  AS_TYPED_TOKEN_AUD: asrt({}, { typ: 'client-authentication+jwt' }),
  AS_TYPED_ISSUER_AUD: asrt({ aud: 'https://as.example' }, { typ: 'application/Client-Authentication+JWT' }),
  AS_BAD_TYP: asrt({}, { typ: 'at+jwt' }),
  AS_WRONG_ISS: asrt({ iss: 'client-2' }),
  AS_WRONG_SUB: asrt({ sub: 'client-2' }),
  AS_NO_EXP: asrt({ exp: undefined }),
  AS_FRACTION_EXP: asrt({ exp: 1900000000.5 }),
  AS_NO_JTI: asrt({ jti: undefined }),
  AS_EMPTY_JTI: asrt({ jti: '' }),
  AS_NBF_FUTURE: asrt({ nbf: 1900000000 }),
  AS_OTHER_JTI: asrt({ jti: 'j-2' }),
  AS_NO_IAT: asrt({ iat: undefined }),
});
// For the flow tests (tests/c/token_fixture.h: now 1800000000, issuer https://example.com).
const flow = { iss: 'clientM000000000', sub: 'clientM000000000', aud: 'https://example.com', exp: 1800000060, iat: 1800000000, jti: 'flow-1' };
v.FLOW_ES256 = jws({ alg: 'ES256', kid: 'ec-1' }, flow, es(ec.privateKey));
v.FLOW_RS256_TOKEN_AUD = jws({ alg: 'RS256', kid: 'rsa-1' }, { ...flow, aud: 'https://example.com/token', jti: 'flow-2' }, rs(rsa.privateKey));
v.FLOW_WRONG_AUD = jws({ alg: 'RS256', kid: 'rsa-1' }, { ...flow, aud: 'https://example.org', jti: 'flow-3' }, rs(rsa.privateKey));
// A JWS whose payload was changed after signing.
const [h, , s] = v.JWS_RS256.split('.');
v.JWS_RS256_TAMPERED = `${h}.${enc({ ...claims, jti: 'j-tampered' })}.${s}`;

let out = '/* Generated once by tools/gen-jose-vectors.mjs (node:crypto): throwaway test keys; the one private JWK is a refused vector. */\n';
out += '#ifndef JOSE_VECTORS_H\n#define JOSE_VECTORS_H\n';
for (const [k, val] of Object.entries(v)) out += `#define V_${k} ${JSON.stringify(val)}\n`;
out += '#endif\n';
writeFileSync(new URL('../tests/c/jose_vectors.h', import.meta.url), out);
