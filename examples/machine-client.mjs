#!/usr/bin/env node
// A machine client of the demo Worker (Node 20+, oauth4webapi): gets an access token with
// the client_credentials grant, authenticating with its secret (client_secret_basic) or with
// a signed JWT (private_key_jwt), then calls the demo's protected API and prints the answer.
//
//   ./build.sh demo --var DEMO_ADMIN_SECRET:letmein          # serves http://127.0.0.1:8787
//   node examples/machine-client.mjs new-client --admin-secret letmein                  # a secret client
//   node examples/machine-client.mjs new-client --admin-secret letmein --key-out bot.jwk # a private_key_jwt client
//   node examples/machine-client.mjs call --client-id ID --client-secret SECRET
//   node examples/machine-client.mjs call --client-id ID --key bot.jwk
//
// --base URL (default http://127.0.0.1:8787) names the demo. The functions are exported for
// tests/js/demo-machine-client.test.mjs.
import * as oauth from 'oauth4webapi';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const DEFAULT_BASE = 'http://127.0.0.1:8787';

// oauth4webapi refuses plain http unless told; the demo runs on http://127.0.0.1 locally.
const insecureFor = (base) => (new URL(base).protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

const SIGN = { ES256: { name: 'ECDSA', namedCurve: 'P-256' }, RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } };

// A fresh key pair for private_key_jwt: the private JWK (kept by the client) and the public
// one (given to the server). `alg` is ES256 or RS256.
export async function generateClientKey(alg = 'ES256') {
  const params = alg === 'RS256' ? { ...SIGN.RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) } : SIGN.ES256;
  const pair = await crypto.subtle.generateKey(params, true, ['sign', 'verify']);
  const kid = crypto.randomUUID();
  const privateJwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg };
  const { d, p, q, dp, dq, qi, key_ops, ext, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

// Asks the demo's admin route (DEMO_ADMIN_SECRET) for a machine client: with `publicJwk`, a
// private_key_jwt client holding that key; without, a client_secret_basic one.
export async function createDemoClient({ base = DEFAULT_BASE, adminSecret, publicJwk }) {
  const res = await fetch(new URL('/demo/admin/clients', base), {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminSecret}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(publicJwk ? { jwks: { keys: [publicJwk] } } : {}),
  });
  if (res.status !== 201) throw new Error(`the admin route answered ${res.status}: ${await res.text()}`);
  return res.json();
}

// The client authentication oauth4webapi sends: the secret, or an assertion signed with the key.
async function clientAuth({ clientSecret, privateJwk }) {
  if (!privateJwk) return oauth.ClientSecretBasic(clientSecret);
  const alg = privateJwk.alg ?? (privateJwk.kty === 'EC' ? 'ES256' : 'RS256');
  const { key_ops, ext, ...jwk } = privateJwk;
  const key = await crypto.subtle.importKey('jwk', jwk, SIGN[alg], false, ['sign']);
  return oauth.PrivateKeyJwt({ key, kid: privateJwk.kid });
}

// client_credentials at the demo's token endpoint (found by RFC 8414 discovery). Returns
// oauth4webapi's processed token response; throws its errors (e.g. ResponseBodyError).
export async function getToken({ base = DEFAULT_BASE, clientId, clientSecret, privateJwk, scope = 'read' }) {
  const issuer = new URL(base);
  const opts = insecureFor(base);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...opts, algorithm: 'oauth2' }));
  const client = { client_id: clientId };
  const auth = await clientAuth({ clientSecret, privateJwk });
  return oauth.processClientCredentialsResponse(as, client,
    await oauth.clientCredentialsGrantRequest(as, client, auth, { scope }, opts));
}

// GET the demo's protected API with the token; returns { status, body }.
export async function callApi({ base = DEFAULT_BASE, accessToken, path = '/api/whoami' }) {
  const res = await oauth.protectedResourceRequest(accessToken, 'GET', new URL(path, base), new Headers(), null, insecureFor(base));
  return { status: res.status, body: await res.json() };
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string', default: DEFAULT_BASE },
      'admin-secret': { type: 'string' }, 'key-out': { type: 'string' }, alg: { type: 'string', default: 'ES256' },
      'client-id': { type: 'string' }, 'client-secret': { type: 'string' }, key: { type: 'string' },
    },
  });
  const base = values.base;
  if (positionals[0] === 'new-client' && values['admin-secret']) {
    let publicJwk;
    if (values['key-out']) {
      const pair = await generateClientKey(values.alg);
      await writeFile(values['key-out'], JSON.stringify(pair.privateJwk, null, 2) + '\n', { mode: 0o600 });
      publicJwk = pair.publicJwk;
    }
    console.log(JSON.stringify(await createDemoClient({ base, adminSecret: values['admin-secret'], publicJwk }), null, 2));
    return;
  }
  if (positionals[0] === 'call' && values['client-id'] && (values['client-secret'] || values.key)) {
    const privateJwk = values.key ? JSON.parse(await readFile(values.key, 'utf8')) : undefined;
    const tokens = await getToken({ base, clientId: values['client-id'], clientSecret: values['client-secret'], privateJwk });
    console.log(`token: ${tokens.token_type}, scope ${tokens.scope}, expires in ${tokens.expires_in} s`);
    const { status, body } = await callApi({ base, accessToken: tokens.access_token });
    console.log(`GET /api/whoami: ${status}`);
    console.log(JSON.stringify(body, null, 2));
    return;
  }
  console.error('usage: machine-client.mjs new-client --admin-secret S [--key-out FILE [--alg ES256|RS256]] [--base URL]\n' +
    '       machine-client.mjs call --client-id ID (--client-secret S | --key FILE) [--base URL]');
  process.exitCode = 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e.error ? `${e.error}: ${e.error_description ?? ''}` : e.message);
    process.exitCode = 1;
  });
}
