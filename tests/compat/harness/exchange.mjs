// The steps the token-exchange tests of both generations share (tests/compat/token-exchange.test.mjs,
// token-exchange-0.10.test.mjs): a client's grant and its tokens, the token request, the API call,
// and the exchange followed by its records and the new token's use. How a client is registered
// differs per generation, so the test hands its own `client(v, vars, name, grantTypes)` in.
import assert from 'node:assert/strict';
import * as H from './index.mjs';
import { namedRecords } from './dual.mjs';

export const GT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const AT = 'urn:ietf:params:oauth:token-type:access_token';

// A form body; an array value repeats the parameter, null leaves it out.
export function formBody(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of v == null ? [] : [].concat(v)) p.append(k, x);
  return p.toString();
}

// A token request, authenticated as c with client_secret_basic (none when c is null).
export async function token(v, c, params) {
  const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(params) };
  if (c) init.headers.authorization = H.basicAuth(c.clientId, c.clientSecret);
  return H.seenByClient(await H.capture(await v.fetch('/token', init)));
}

export async function api(v, tok) {
  return H.seenByClient(await H.capture(await v.fetch('/api/data', { headers: { authorization: `Bearer ${tok}` } })));
}

// A client, a grant of user (scope read write; bound to `resource` when given) and its tokens,
// named in vars (client, grant, code, challenge, access, refresh). Returns the client.
export async function granted(v, vars, client, { user = 'user1', resource, grantTypes } = {}) {
  const c = await client(v, vars, 'client', grantTypes);
  const { verifier, challenge } = H.pkcePair();
  vars.challenge = challenge;
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user, scope: 'read write', resource });
  assert.ok(code, 'authorization code issued');
  vars.grant = code.split(':')[1];
  vars.code = code;
  const t = await token(v, c, { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier });
  assert.equal(t.status, 200, JSON.stringify(t));
  vars.access = t.body.access_token;
  vars.refresh = t.body.refresh_token;
  return c;
}

export const exchangeParams = (subject, extra = {}) => ({ grant_type: GT, subject_token: subject, subject_token_type: AT, ...extra });

// The exchange, then the records, and the new token at the API (and exchanged once more).
export async function exchangeFlow(v, vars, c, params) {
  const out = { exchange: await token(v, c, params), after: await namedRecords(v) };
  if (out.exchange.status === 200) {
    vars.exchanged = out.exchange.body.access_token;
    out.api = await api(v, vars.exchanged);
    out.again = await token(v, c, exchangeParams(vars.exchanged, { scope: 'read' }));
    if (out.again.status === 200) vars.exchanged2 = out.again.body.access_token;
  }
  return out;
}
