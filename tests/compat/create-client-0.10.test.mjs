// createClient from oc-oauth-provider/0.10 beside 0.10.4's (R010-CC-01 of docs/observed/rules-0.10.4.md),
// one Worker on one KV (harness/dual-0.10-worker.js). 0.10.4's createClient checks nothing but each
// redirect URI's characters and scheme (validateRedirectUriScheme); ours applies the registration
// rules 1.2.3's createClient applies (R-CC-01, 07, 09…12), a deliberate difference (README,
// compatibility section): the same calls, 0.10.4 storing a client and ours throwing 1.2.3's Error,
// and both refusing alike what 0.10.4 refuses.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual010 } from './harness/dual.mjs';
import { helperOutcome as helper } from './harness/cimd-docs.mjs';

const d = await startDual010(H.CONFIGS.legacy);
after(() => d.dispose());

const OK = { redirectUris: [H.REDIRECT_URI] };
// [name, createClient argument, ours' Error message (null: ours accepts as 0.10.4 does)]
const CASES = [
  ['a valid client', OK, null],
  ['R-CC-04 a dangerous scheme (refused by both)', { redirectUris: ['javascript:alert(1)'] }, 'Invalid redirect URI'],
  ['R-CC-02 a control character (refused by both)', { redirectUris: ['https://a.example/\u0001'] }, 'Invalid redirect URI'],
  ['R-CC-01 no redirect URIs', {}, 'redirect_uris is required and must not be empty'],
  ['R-CC-07 remote http', { redirectUris: ['http://client.example.org/cb'] }, 'Redirect URI must use https, or http on a loopback host'],
  ['R-CC-09 an unknown auth method', { ...OK, tokenEndpointAuthMethod: 'tls_client_auth' }, 'Unsupported token_endpoint_auth_method: tls_client_auth'],
  ['R-CC-10 an unserved grant type', { ...OK, grantTypes: ['authorization_code', 'client_credentials'] }, 'Unsupported grant_type: client_credentials'],
  ['R-CC-11 an unserved response type', { ...OK, responseTypes: ['code', 'id_token'] }, 'Unsupported response_type: id_token'],
  ['R-CC-12 the code grant without its response type', { ...OK, grantTypes: ['authorization_code'], responseTypes: [] }, 'grant_types authorization_code and response_types code must be registered together'],
];

for (const [name, arg, ours] of CASES) {
  test(`R010-CC-01 createClient, ${name}: 0.10.4 ${ours === null || /dangerous|control/.test(name) ? 'and ours alike' : 'stores it, ours refuses it'}`, async () => {
    const a = await helper(d.theirs, 'createClient', arg), b = await helper(d.ours, 'createClient', arg);
    const refusedByBoth = /refused by both/.test(name);
    if (ours === null) {
      assert.ok(a.value?.clientId && b.value?.clientId, JSON.stringify([a, b]));
      assert.deepEqual(Object.keys(b.value).sort(), Object.keys(a.value).sort());
    } else if (refusedByBoth) {
      assert.deepEqual(b, a);
      assert.equal(b.threw.message, ours);
    } else {
      assert.ok(a.value?.clientId, `0.10.4 stores it: ${JSON.stringify(a)}`);
      assert.equal(b.threw?.message, ours, JSON.stringify(b));
      assert.equal(b.threw?.name, 'Error');
    }
  });
}
