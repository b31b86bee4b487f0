// Malformed and adversarial requests. Each case runs on a fresh fixture (see harness setupFixture).
// Request specs are replayable: {method, path, headers, form:[[k,v],...] | body | bodyBase64, bodyPad}.
// Optional: config ('v1' default, 'shortTTL', 'originResource'), waitSeconds, alignSecond (start just
// after a whole second, for 'now-0' edits), preSteps [{request, capture:{var: 'body.x' | 'headers.location?code'}}],
// kvEdits [{keyPrefix, set:{path: value|'now-N'}, unset:[path]}] (path: 'member' or 'member.member'),
// followUps [{name, request}]. Harness header x-test-kv-put-error: every KV put of that request throws
// an Error with that message. Cases named "R-…" pin a rule of docs/observed/rules-1.2.3.md.
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const BASIC = { ...FORM, authorization: '{{basic_auth}}' };
const tok = (form, headers = BASIC) => ({ method: 'POST', path: '/token', headers, form });
const CODE = [['grant_type', 'authorization_code'], ['code', '{{code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{code_verifier}}']];
const codeWith = (over = {}, drop = []) => {
  const out = CODE.filter(([k]) => !drop.includes(k) && !(k in over)).map((p) => [...p]);
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out.push([k, v]);
  return out;
};
const REFRESH = [['grant_type', 'refresh_token'], ['refresh_token', '{{refresh_token}}']];
const api = (headers = {}, method = 'GET', path = '/api/data') => ({ method, path, headers });
const bearer = (t) => ({ authorization: `Bearer ${t}` });
// The test Worker's /authorize approves as x-test-user (user5 here, so no fixture grant is replaced).
const authz = (params, extra = {}) => ({ method: 'GET', path: '/authorize?' + params, headers: { 'x-test-user': 'user5' }, ...extra });
const AUTHZ_OK = 'response_type=code&client_id={{client_id}}&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&scope=read&state=s1&code_challenge={{code_challenge}}&code_challenge_method=S256';
const FOLLOW_API = { name: 'API with fixture access token', request: api(bearer('{{access_token}}')) };
const FOLLOW_REFRESH = { name: 'refresh with fixture refresh token', request: tok(REFRESH) };
const FOLLOW_CODE = { name: 'exchange fixture code normally', request: tok(CODE) };
// The public client P's pending code, and the client_secret_post client C2's refresh token.
const PUB = [['grant_type', 'authorization_code'], ['code', '{{public_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{public_code_verifier}}']];
const C2_REFRESH = [['grant_type', 'refresh_token'], ['refresh_token', '{{other_refresh_token}}']];
const JWT_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const RATE_LIMITED = { 'x-test-kv-put-error': 'KV PUT failed: 429 Too Many Requests' };
// Grant B (user2's pending code) as if its authorization request had used no PKCE.
const NO_PKCE = { keyPrefix: 'grant:user2:', unset: ['codeChallenge', 'codeChallengeMethod'] };
// A public client registered with a loopback redirect URI, http://127.0.0.1/cb: {{loop_client_id}}.
const LOOP_CLIENT = { request: { method: 'POST', path: '/__test/createClient', headers: { 'content-type': 'application/json' }, body: '{"redirectUris":["http://127.0.0.1/cb"],"clientName":"L","tokenEndpointAuthMethod":"none"}' }, capture: { loop_client_id: 'body.clientId' } };
const authzLoop = (redirect) => authz(`response_type=code&client_id={{loop_client_id}}&redirect_uri=${redirect}&scope=read&state=s1&code_challenge={{code_challenge}}&code_challenge_method=S256`);
// Deliberate differences (README "Deliberate differences from the reference"): ours answers as the
// RFC says; `ours` holds the fields of our answer that differ from the reference's recorded one.
const NO_KV = { kvChanged: false, kv: { added: [], removed: [], changed: [] } };
const GRANT_TYPE_REQUIRED = { rfc: 'RFC 6749 §5.2', ours: { body: { error: 'invalid_request', error_description: 'grant_type is required (or token, for revocation)' } } };
const parseError = (description, redirect) => ({
  status: 400, headers: { 'content-type': 'application/json', 'x-harness': 'parse-error' }, ...NO_KV,
  body: { parseError: { name: 'AuthorizationError', message: description, constructor: 'AuthorizationError', code: 'invalid_request', description, ...redirect } },
});
const redirectedError = (description, state) => parseError(description, {
  redirectUri: '{{redirect_uri}}', ...(state ? { state } : {}), issuer: '{{origin}}',
  redirectTo: `{{redirect_uri}}?error=invalid_request&error_description=${new URLSearchParams({ d: description }).toString().slice(2)}${state ? '&state=' + state : ''}&iss={{origin}}`,
});
const repeatedLocal = (name) => ({ rfc: 'RFC 6749 §3.1', ours: parseError(`Request parameter "${name}" must not be repeated`) });
const repeatedRedirected = (name, state = 's1') => ({ rfc: 'RFC 6749 §3.1', ours: redirectedError(`Request parameter "${name}" must not be repeated`, state) });
const S256_CHALLENGE = { rfc: 'RFC 7636 §4.2', ours: redirectedError('S256 code_challenge must be the 43-character base64url encoding of a SHA-256 digest', 's1') };
const REDIRECT_SPACE = { rfc: 'RFC 3986 §2', ours: parseError('Invalid redirect URI') };
// A pending code (user5, client C) whose S256 challenge is the digest of 42 'a', a verifier too short for RFC 7636 §4.1: {{short_code}}.
const SHORT_VERIFIER_CODE = { request: authz(AUTHZ_OK.replace('{{code_challenge}}', 'elOGB_2quSlplZKfRRVlu7gULhhEEXMiqv0rPXawGv8')), capture: { short_code: 'headers.location?code' } };

export const CASES = [
  // ---------------- token endpoint: method / content type / body ----------------
  { id: 'token-get', group: 'token', description: 'GET on the token endpoint', request: { method: 'GET', path: '/token' } },
  { id: 'token-get-query', group: 'token', description: 'GET with grant parameters in the query', request: { method: 'GET', path: '/token?grant_type=authorization_code&code={{code}}', headers: { authorization: '{{basic_auth}}' } } },
  { id: 'token-put', group: 'token', description: 'PUT with a valid code exchange body', request: { ...tok(CODE), method: 'PUT' } },
  { id: 'token-delete', group: 'token', description: 'DELETE on the token endpoint', request: { method: 'DELETE', path: '/token' } },
  { id: 'token-head', group: 'token', description: 'HEAD on the token endpoint', request: { method: 'HEAD', path: '/token' } },
  { id: 'token-options-preflight', group: 'token', description: 'CORS preflight on /token', request: { method: 'OPTIONS', path: '/token', headers: { origin: 'https://app.example.net', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } } },
  { id: 'token-options-no-origin', group: 'token', description: 'OPTIONS on /token without Origin', request: { method: 'OPTIONS', path: '/token' } },
  { id: 'token-post-with-origin', group: 'token', description: 'valid code exchange with an Origin header (CORS on success)', request: tok(CODE, { ...BASIC, origin: 'https://app.example.net' }), followUps: [FOLLOW_API] },
  { id: 'token-error-with-origin', group: 'token', description: 'error response with an Origin header (CORS on error)', request: tok([['grant_type', 'password']], { ...BASIC, origin: 'https://app.example.net' }) },
  { id: 'token-no-content-type', group: 'token', description: 'valid code exchange body without Content-Type', request: tok(CODE, { authorization: '{{basic_auth}}' }) },
  { id: 'token-json-body', group: 'token', description: 'code exchange as application/json', request: { method: 'POST', path: '/token', headers: { 'content-type': 'application/json', authorization: '{{basic_auth}}' }, body: '{"grant_type":"authorization_code","code":"{{code}}","redirect_uri":"{{redirect_uri}}","code_verifier":"{{code_verifier}}"}' } },
  { id: 'token-text-plain', group: 'token', description: 'form body sent as text/plain', request: tok(CODE, { 'content-type': 'text/plain', authorization: '{{basic_auth}}' }) },
  { id: 'token-multipart', group: 'token', description: 'multipart/form-data body', request: { method: 'POST', path: '/token', headers: { 'content-type': 'multipart/form-data; boundary=XX', authorization: '{{basic_auth}}' }, body: '--XX\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nauthorization_code\r\n--XX\r\nContent-Disposition: form-data; name="code"\r\n\r\n{{code}}\r\n--XX\r\nContent-Disposition: form-data; name="redirect_uri"\r\n\r\n{{redirect_uri}}\r\n--XX\r\nContent-Disposition: form-data; name="code_verifier"\r\n\r\n{{code_verifier}}\r\n--XX--\r\n' } },
  { id: 'token-content-type-charset', group: 'token', description: 'form content type with charset parameter (positive control)', request: tok(CODE, { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', authorization: '{{basic_auth}}' }) },
  { id: 'token-content-type-uppercase', group: 'token', description: 'form content type in upper case', request: tok(CODE, { 'content-type': 'APPLICATION/X-WWW-FORM-URLENCODED', authorization: '{{basic_auth}}' }) },
  { id: 'token-empty-body', group: 'token', description: 'empty form body', request: { method: 'POST', path: '/token', headers: BASIC, body: '' }, deliberate: GRANT_TYPE_REQUIRED },
  { id: 'token-oversized-body', group: 'token', description: 'valid code exchange padded to 1.1 MB', request: { ...tok(CODE), bodyPad: { param: 'pad', bytes: 1100000 } } },
  { id: 'token-large-body-64k', group: 'token', description: 'valid code exchange padded to 64 KB', request: { ...tok(CODE), bodyPad: { param: 'pad', bytes: 65536 } } },
  { id: 'token-invalid-utf8-raw', group: 'token', description: 'raw invalid UTF-8 byte (0xFF) inside the code value', request: { method: 'POST', path: '/token', headers: BASIC, rawParts: ['grant_type=authorization_code&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&code_verifier={{code_verifier}}&code=', { hex: 'ff' }, '{{code}}'] } },
  { id: 'token-invalid-utf8-pct', group: 'token', description: 'percent-encoded invalid UTF-8 (%FF) in grant_type', request: { method: 'POST', path: '/token', headers: BASIC, body: 'grant_type=authorization_code%FF&code={{code}}&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&code_verifier={{code_verifier}}' } },
  { id: 'token-nul-in-code', group: 'token', description: 'NUL byte appended to code', request: tok(codeWith({ code: '{{code}}\u0000' })) },

  // ---------------- grant_type ----------------
  { id: 'grant-missing', group: 'grant_type', description: 'no grant_type', request: tok(CODE.slice(1)), deliberate: GRANT_TYPE_REQUIRED },
  { id: 'grant-empty', group: 'grant_type', description: 'empty grant_type', request: tok(codeWith({ grant_type: '' })), deliberate: GRANT_TYPE_REQUIRED },
  { id: 'grant-password', group: 'grant_type', description: 'grant_type=password', request: tok([['grant_type', 'password'], ['username', 'a'], ['password', 'b']]) },
  { id: 'grant-client-credentials', group: 'grant_type', description: 'grant_type=client_credentials', request: tok([['grant_type', 'client_credentials']]) },
  { id: 'grant-implicit', group: 'grant_type', description: 'grant_type=implicit', request: tok([['grant_type', 'implicit']]) },
  { id: 'grant-token-exchange-disabled', group: 'grant_type', description: 'RFC 8693 token exchange while disabled', request: tok([['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'], ['subject_token', '{{access_token}}'], ['subject_token_type', 'urn:ietf:params:oauth:token-type:access_token']]) },
  { id: 'grant-jwt-bearer-disabled', group: 'grant_type', description: 'JWT bearer grant while EMA disabled', request: tok([['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'], ['assertion', 'a.b.c']]) },
  { id: 'grant-case', group: 'grant_type', description: 'grant_type in upper case', request: tok(codeWith({ grant_type: 'AUTHORIZATION_CODE' })) },
  { id: 'grant-duplicated-same', group: 'grant_type', description: 'grant_type=authorization_code twice', request: tok([['grant_type', 'authorization_code'], ...CODE]), followUps: [FOLLOW_CODE] },
  { id: 'grant-duplicated-different', group: 'grant_type', description: 'grant_type=refresh_token then authorization_code', request: tok([['grant_type', 'refresh_token'], ...CODE, ['refresh_token', '{{refresh_token}}']]) },
  { id: 'R-TOKEN-05 password-no-credentials', group: 'grant_type', description: 'grant_type=password without client credentials: client authentication answers first', request: tok([['grant_type', 'password'], ['username', 'a'], ['password', 'b']], FORM) },
  { id: 'R-TOKEN-05 basic-and-client-id-no-grant', group: 'grant_type', description: 'Basic plus client_id=x and no grant_type: multiple methods, not unsupported_grant_type', request: tok([['client_id', 'x']]) },
  { id: 'R-TOKEN-05 unsupported-grant-unknown-client', group: 'grant_type', description: 'grant_type=client_credentials from an unknown client_id', request: tok([['grant_type', 'client_credentials'], ['client_id', 'unknownclient123']], FORM) },
  { id: 'R-TOKEN-05 unsupported-grant-wrong-secret', group: 'grant_type', description: 'grant_type=client_credentials with a wrong Basic secret', request: tok([['grant_type', 'client_credentials']], { ...FORM, authorization: 'Basic {{b64:client_id:wrong}}' }) },
  { id: 'R-TOKEN-05 no-grant-public-client', group: 'grant_type', description: 'public client authenticated by client_id, no grant_type and no token', request: tok([['client_id', '{{public_client_id}}']], FORM), deliberate: GRANT_TYPE_REQUIRED },
  { id: 'R-TOKEN-09 resource-before-code', group: 'grant_type', description: 'resource of another origin and a malformed code: the resource is checked first', request: tok(codeWith({ code: 'abc', resource: 'https://evil.example/api' })) },
  { id: 'R-TOKEN-10 code-write-rate-limited', group: 'grant_type', description: 'code exchange whose KV writes are refused with 429 Too Many Requests', request: tok(CODE, { ...BASIC, ...RATE_LIMITED }), followUps: [FOLLOW_CODE] },
  { id: 'R-TOKEN-10 refresh-write-rate-limited', group: 'grant_type', description: 'refresh whose KV writes are refused with 429 Too Many Requests', request: tok(REFRESH, { ...BASIC, ...RATE_LIMITED }), followUps: [FOLLOW_REFRESH] },

  // ---------------- client authentication ----------------
  { id: 'auth-none-confidential', group: 'client_auth', description: 'confidential client, no credentials and no client_id', request: tok(CODE, FORM) },
  { id: 'auth-client-id-only', group: 'client_auth', description: 'confidential client, client_id in body without secret', request: tok([...CODE, ['client_id', '{{client_id}}']], FORM) },
  { id: 'auth-basic-wrong-secret', group: 'client_auth', description: 'Basic with wrong secret', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client_id:wrongsecret}}' }), followUps: [FOLLOW_CODE] },
  { id: 'auth-post-wrong-secret', group: 'client_auth', description: 'client_secret_post client (C2) with wrong secret in body', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{other_refresh_token}}'], ['client_id', '{{c2_client_id}}'], ['client_secret', 'wrong']], FORM) },
  { id: 'auth-post-for-basic-client', group: 'client_auth', description: 'correct secret via client_secret_post for a client_secret_basic client', request: tok([...CODE, ['client_id', '{{client_id}}'], ['client_secret', '{{client_secret}}']], FORM) },
  { id: 'auth-basic-for-post-client', group: 'client_auth', description: 'correct secret via Basic for a client_secret_post client (C2)', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{other_refresh_token}}']], { ...FORM, authorization: '{{basic_auth_c2}}' }) },
  { id: 'auth-basic-and-post', group: 'client_auth', description: 'Basic and client_secret in body at once (same client, correct secret)', request: tok([...CODE, ['client_id', '{{client_id}}'], ['client_secret', '{{client_secret}}']]) },
  { id: 'auth-basic-and-post-other-client', group: 'client_auth', description: 'Basic for C plus body credentials of C2', request: tok([...CODE, ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}']]) },
  { id: 'auth-basic-and-body-client-id-mismatch', group: 'client_auth', description: 'Basic for C, body client_id of C2 without secret', request: tok([...CODE, ['client_id', '{{c2_client_id}}']]) },
  { id: 'auth-basic-bad-base64', group: 'client_auth', description: 'Basic with invalid base64', request: tok(CODE, { ...FORM, authorization: 'Basic !!!not-base64***' }) },
  { id: 'auth-basic-no-colon', group: 'client_auth', description: 'Basic credentials without a colon', request: tok(CODE, { ...FORM, authorization: 'Basic ' + Buffer.from('justaclientid').toString('base64') }) },
  { id: 'auth-basic-empty-secret', group: 'client_auth', description: 'Basic with empty secret', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client_id:}}' }) },
  { id: 'auth-basic-unknown-client', group: 'client_auth', description: 'Basic with an unknown client id', request: tok(CODE, { ...FORM, authorization: 'Basic ' + Buffer.from('unknownclient123:secret').toString('base64') }) },
  { id: 'auth-basic-lowercase-scheme', group: 'client_auth', description: 'lower-case "basic" scheme with correct credentials', request: tok(CODE, { ...FORM, authorization: 'basic {{b64:client_id:client_secret}}' }) },
  { id: 'auth-basic-empty', group: 'client_auth', description: '"Basic" with no credentials', request: tok(CODE, { ...FORM, authorization: 'Basic' }) },
  { id: 'auth-bearer-at-token', group: 'client_auth', description: 'Bearer access token as token endpoint auth', request: tok(CODE, { ...FORM, authorization: 'Bearer {{access_token}}' }) },
  { id: 'auth-unknown-client-body', group: 'client_auth', description: 'unknown client_id in body (public style)', request: tok([...CODE, ['client_id', 'unknownclient123']], FORM) },
  { id: 'auth-public-with-secret', group: 'client_auth', description: 'public client sends a client_secret', request: tok([['grant_type', 'authorization_code'], ['code', '{{public_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{public_code_verifier}}'], ['client_id', '{{public_client_id}}'], ['client_secret', 'whatever']], FORM) },
  { id: 'auth-public-no-client-id', group: 'client_auth', description: 'public client code exchange without client_id', request: tok([['grant_type', 'authorization_code'], ['code', '{{public_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{public_code_verifier}}']], FORM) },
  { id: 'auth-client-id-duplicated', group: 'client_auth', description: 'public client_id twice in body', request: tok([['grant_type', 'authorization_code'], ['code', '{{public_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{public_code_verifier}}'], ['client_id', '{{public_client_id}}'], ['client_id', '{{public_client_id}}']], FORM) },
  { id: 'R-TOKEN-04 client-id-empty-then-set', group: 'client_auth', description: 'public client: client_id= (empty) then client_id=P is not a repeat', request: tok([...PUB, ['client_id', ''], ['client_id', '{{public_client_id}}']], FORM) },
  { id: 'R-TOKEN-04 client-secret-set-then-empty', group: 'client_auth', description: 'C2: client_secret=<secret> then client_secret= (empty) is not a repeat', request: tok([...C2_REFRESH, ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}'], ['client_secret', '']], FORM) },
  { id: 'R-TOKEN-04 assertion-params-empty', group: 'client_auth', description: 'public client with empty client_assertion and client_assertion_type (not sent)', request: tok([...PUB, ['client_id', '{{public_client_id}}'], ['client_assertion', ''], ['client_assertion_type', '']], FORM) },
  { id: 'R-AUTH-02 basic-and-assertion', group: 'client_auth', description: 'Basic plus client_assertion', request: tok([...CODE, ['client_assertion', 'a.b.c']]) },
  { id: 'R-AUTH-02 basic-and-assertion-type', group: 'client_auth', description: 'Basic plus client_assertion_type', request: tok([...CODE, ['client_assertion_type', JWT_TYPE]]) },
  { id: 'R-AUTH-03 basic-and-empty-client-id', group: 'client_auth', description: 'Basic plus client_id= (empty): not a second method', request: tok([...CODE, ['client_id', '']]) },
  { id: 'R-AUTH-03 basic-and-empty-client-secret', group: 'client_auth', description: 'Basic plus client_secret= (empty): not a second method', request: tok([...CODE, ['client_secret', '']]) },
  { id: 'R-AUTH-05 basic-space-inside', group: 'client_auth', description: 'Basic credentials followed by a space and more', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client_id:client_secret}} x' }) },
  { id: 'R-AUTH-05 basic-tab-inside', group: 'client_auth', description: 'Basic credentials with a tab inside', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client_id:client_secret}}\tx' }) },
  { id: 'R-AUTH-08 basic-bad-escape-id', group: 'client_auth', description: 'Basic id with a malformed percent escape', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client%zz:secret}}' }) },
  { id: 'R-AUTH-08 basic-bad-utf8-secret', group: 'client_auth', description: 'Basic secret percent-encoding invalid UTF-8', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:client_id:%FF}}' }) },
  { id: 'R-AUTH-08 basic-nul-id', group: 'client_auth', description: 'Basic id %00 (decodes to NUL)', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64:%00:secret}}' }) },
  { id: 'R-AUTH-09 basic-tab-separator', group: 'client_auth', description: 'a tab between Basic and the credentials', request: tok(CODE, { ...FORM, authorization: 'Basic\t{{b64:client_id:client_secret}}' }) },
  { id: 'R-AUTH-09 basic-two-spaces', group: 'client_auth', description: 'two spaces between Basic and the credentials', request: tok(CODE, { ...FORM, authorization: 'Basic  {{b64:client_id:client_secret}}' }) },
  { id: 'R-AUTH-09 basic-unpadded', group: 'client_auth', description: 'Basic credentials without base64 padding', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64nopad:client_id:client_secret}}' }) },
  { id: 'R-AUTH-09 basic-scheme-prefix', group: 'client_auth', description: '"Basicx" scheme: not Basic, so no credentials', request: tok(CODE, { ...FORM, authorization: 'Basicx {{b64:client_id:client_secret}}' }) },
  { id: 'R-AUTH-10 assertion-and-secret', group: 'client_auth', description: 'client_assertion parameters and a client_secret without Basic', request: tok([...C2_REFRESH, ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}'], ['client_assertion', 'a.b.c'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-11 assertion-without-type', group: 'client_auth', description: 'client_assertion without client_assertion_type', request: tok([...PUB, ['client_id', '{{public_client_id}}'], ['client_assertion', 'a.b.c']], FORM) },
  { id: 'R-AUTH-11 type-without-assertion', group: 'client_auth', description: 'client_assertion_type without client_assertion', request: tok([...PUB, ['client_id', '{{public_client_id}}'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-12 assertion-issuer-names-client', group: 'client_auth', description: 'no client_id; the assertion\'s iss names the public client P', request: tok([...PUB, ['client_assertion', '{{jwt:public_client_id}}'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-12 assertion-issuer-unknown', group: 'client_auth', description: 'no client_id; the assertion\'s iss names no client', request: tok([...PUB, ['client_assertion', '{{jwt:unknownclient123}}'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-12 assertion-unreadable', group: 'client_auth', description: 'no client_id; an assertion that is not a JWT', request: tok([...PUB, ['client_assertion', 'a.b.c'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-13 basic-empty-id', group: 'client_auth', description: 'Basic ":secret" (empty id)', request: tok(CODE, { ...FORM, authorization: 'Basic {{b64::client_secret}}' }) },
  { id: 'R-AUTH-19 public-with-assertion', group: 'client_auth', description: 'public client sends both assertion parameters', request: tok([...PUB, ['client_id', '{{public_client_id}}'], ['client_assertion', 'a.b.c'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-19 confidential-with-assertion', group: 'client_auth', description: 'client_secret_basic client sends assertion parameters instead', request: tok([...CODE, ['client_id', '{{client_id}}'], ['client_assertion', 'a.b.c'], ['client_assertion_type', JWT_TYPE]], FORM) },
  { id: 'R-AUTH-20 post-empty-secret', group: 'client_auth', description: 'client_secret_post client C2 with client_secret= (empty): presents none', request: tok([...C2_REFRESH, ['client_id', '{{c2_client_id}}'], ['client_secret', '']], FORM) },
  { id: 'R-AUTH-22 basic-no-stored-secret', group: 'client_auth', description: 'Basic for a client record without clientSecret', kvEdits: [{ keyPrefix: 'client:{{client_id}}', unset: ['clientSecret'] }], request: tok(CODE) },
  { id: 'R-AUTH-22 post-no-stored-secret', group: 'client_auth', description: 'client_secret_post for a client record without clientSecret', kvEdits: [{ keyPrefix: 'client:{{c2_client_id}}', unset: ['clientSecret'] }], request: tok([...C2_REFRESH, ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}']], FORM) },

  // ---------------- authorization_code grant ----------------
  { id: 'code-missing', group: 'authorization_code', description: 'no code', request: tok(codeWith({}, ['code'])) },
  { id: 'code-empty', group: 'authorization_code', description: 'empty code', request: tok(codeWith({ code: '' })) },
  { id: 'code-garbage', group: 'authorization_code', description: 'code "abc"', request: tok(codeWith({ code: 'abc' })) },
  { id: 'code-truncated', group: 'authorization_code', description: 'code with its last character removed', request: tok(codeWith({ code: '{{code_truncated}}' })), followUps: [FOLLOW_CODE] },
  { id: 'code-duplicated', group: 'authorization_code', description: 'code parameter twice (same value)', request: tok([...CODE, ['code', '{{code}}']]) },
  { id: 'code-verifier-missing', group: 'authorization_code', description: 'PKCE code without code_verifier', request: tok(codeWith({}, ['code_verifier'])), followUps: [FOLLOW_CODE] },
  { id: 'code-verifier-wrong', group: 'authorization_code', description: 'wrong code_verifier', request: tok(codeWith({ code_verifier: '{{code_verifier_wrong}}' })), followUps: [FOLLOW_CODE] },
  { id: 'code-verifier-short', group: 'authorization_code', description: 'code_verifier of 42 characters', request: tok(codeWith({ code_verifier: 'a'.repeat(42) })) },
  { id: 'code-verifier-long', group: 'authorization_code', description: 'code_verifier of 129 characters', request: tok(codeWith({ code_verifier: 'a'.repeat(129) })) },
  { id: 'code-verifier-bad-chars', group: 'authorization_code', description: 'code_verifier with characters outside the unreserved set', request: tok(codeWith({ code_verifier: '{{code_verifier}}!*' })) },
  { id: 'code-verifier-short-matching', group: 'authorization_code', description: 'code_verifier of 42 characters whose digest is the challenge', preSteps: [SHORT_VERIFIER_CODE], request: tok([['grant_type', 'authorization_code'], ['code', '{{short_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', 'a'.repeat(42)]]), deliberate: { rfc: 'RFC 7636 §4.1', ours: { status: 400, headers: { 'cache-control': 'no-store', 'content-type': 'application/json', pragma: 'no-cache' }, body: { error: 'invalid_grant', error_description: 'Invalid PKCE code_verifier' }, ...NO_KV } } },
  { id: 'code-verifier-duplicated', group: 'authorization_code', description: 'code_verifier twice (correct value)', request: tok([...CODE, ['code_verifier', '{{code_verifier}}']]) },
  { id: 'code-redirect-missing', group: 'authorization_code', description: 'no redirect_uri at exchange (PKCE used)', request: tok(codeWith({}, ['redirect_uri'])) },
  { id: 'code-redirect-wrong', group: 'authorization_code', description: 'unregistered redirect_uri at exchange', request: tok(codeWith({ redirect_uri: 'https://evil.example/cb' })), followUps: [FOLLOW_CODE] },
  { id: 'code-redirect-trailing-slash', group: 'authorization_code', description: 'redirect_uri with trailing slash', request: tok(codeWith({ redirect_uri: 'https://client.example.org/cb/' })) },
  { id: 'code-redirect-case', group: 'authorization_code', description: 'redirect_uri host in upper case', request: tok(codeWith({ redirect_uri: 'https://CLIENT.example.org/cb' })) },
  { id: 'code-other-client', group: 'authorization_code', description: "C's pending code redeemed by C2 (client_secret_post)", request: tok([...CODE, ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}']], FORM), followUps: [FOLLOW_CODE] },
  { id: 'code-public-by-confidential', group: 'authorization_code', description: "public client's code redeemed with C's Basic auth", request: tok([['grant_type', 'authorization_code'], ['code', '{{public_code}}'], ['redirect_uri', '{{redirect_uri}}'], ['code_verifier', '{{public_code_verifier}}']]) },
  { id: 'code-is-refresh-token', group: 'authorization_code', description: 'refresh token presented as code', request: tok(codeWith({ code: '{{refresh_token}}' })) },
  { id: 'code-is-access-token', group: 'authorization_code', description: 'access token presented as code', request: tok(codeWith({ code: '{{access_token}}' })) },
  { id: 'code-reused', group: 'authorization_code', description: 'code exchanged twice; follow-ups check the first exchange\'s tokens', preSteps: [{ request: tok(CODE), capture: { first_access_token: 'body.access_token', first_refresh_token: 'body.refresh_token' } }], request: tok(CODE), followUps: [{ name: 'API with first access token', request: api(bearer('{{first_access_token}}')) }, { name: 'refresh with first refresh token', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{first_refresh_token}}']]) }] },
  { id: 'code-reused-wrong-verifier', group: 'authorization_code', description: 'code replayed with a wrong verifier after a successful exchange', preSteps: [{ request: tok(CODE), capture: { first_access_token: 'body.access_token' } }], request: tok(codeWith({ code_verifier: '{{code_verifier_wrong}}' })), followUps: [{ name: 'API with first access token', request: api(bearer('{{first_access_token}}')) }] },
  { id: 'code-resource-wrong', group: 'authorization_code', description: 'resource naming another origin', request: tok([...CODE, ['resource', 'https://evil.example/api']]), followUps: [FOLLOW_CODE] },
  { id: 'code-resource-other-path', group: 'authorization_code', description: 'resource naming another path on this origin', request: tok([...CODE, ['resource', 'https://example.com/other']]) },
  { id: 'code-resource-correct', group: 'authorization_code', description: 'resource equal to the configured resource (positive control)', request: tok([...CODE, ['resource', 'https://example.com/api']]) },
  { id: 'code-resource-case', group: 'authorization_code', description: 'resource with upper-case host', request: tok([...CODE, ['resource', 'https://EXAMPLE.com/api']]) },
  { id: 'code-resource-descendant', group: 'authorization_code', description: 'resource naming a descendant path', request: tok([...CODE, ['resource', 'https://example.com/api/sub']]) },
  { id: 'code-resource-duplicated', group: 'authorization_code', description: 'resource twice (same value)', request: tok([...CODE, ['resource', 'https://example.com/api'], ['resource', 'https://example.com/api']]) },
  { id: 'code-resource-malformed', group: 'authorization_code', description: 'resource not a URI', request: tok([...CODE, ['resource', 'not a uri']]) },
  { id: 'code-resource-fragment', group: 'authorization_code', description: 'resource with fragment', request: tok([...CODE, ['resource', 'https://example.com/api#frag']]) },
  { id: 'code-scope-narrow', group: 'authorization_code', description: 'scope=read at exchange (grant has read write)', request: tok([...CODE, ['scope', 'read']]) },
  { id: 'code-scope-widen', group: 'authorization_code', description: 'scope=read write admin at exchange', request: tok([...CODE, ['scope', 'read write admin']]) },
  { id: 'code-scope-unheld', group: 'authorization_code', description: 'scope=admin at exchange (not held)', request: tok([...CODE, ['scope', 'admin']]) },
  { id: 'R-CODE-02 four-parts', group: 'authorization_code', description: 'code with a fourth ":"-separated part', request: tok(codeWith({ code: '{{code}}:x' })) },
  { id: 'R-CODE-09 plain-before-redirect', group: 'authorization_code', description: 'grant stored with plain PKCE, request with an unregistered redirect_uri', kvEdits: [{ keyPrefix: 'grant:user2:', set: { codeChallengeMethod: 'plain' } }], request: tok(codeWith({ redirect_uri: 'https://evil.example/cb' })) },
  { id: 'R-CODE-11 no-challenge-bogus-method', group: 'authorization_code', description: 'grant without codeChallenge but with codeChallengeMethod S512', kvEdits: [{ keyPrefix: 'grant:user2:', unset: ['codeChallenge'], set: { codeChallengeMethod: 'S512' } }], request: tok(CODE) },
  { id: 'R-CODE-12 no-pkce-no-redirect', group: 'authorization_code', description: 'grant without PKCE, request without redirect_uri', kvEdits: [NO_PKCE], request: tok(codeWith({}, ['redirect_uri', 'code_verifier'])) },
  { id: 'R-CODE-12 no-pkce-empty-redirect', group: 'authorization_code', description: 'grant without PKCE, redirect_uri= (empty)', kvEdits: [NO_PKCE], request: tok(codeWith({ redirect_uri: '' }, ['code_verifier'])) },
  { id: 'R-CODE-12 no-pkce-positive', group: 'authorization_code', description: 'grant without PKCE, redirect_uri given and no verifier (positive control)', kvEdits: [NO_PKCE], request: tok(codeWith({}, ['code_verifier'])), followUps: [FOLLOW_API] },
  { id: 'R-CODE-12 pkce-no-redirect', group: 'authorization_code', description: 'PKCE grant, request without redirect_uri (positive control)', request: tok(codeWith({}, ['redirect_uri'])) },
  { id: 'R-CODE-14 redirect-other-registered', group: 'authorization_code', description: 'redirect_uri registered for the client but not the one of the authorization request', kvEdits: [{ keyPrefix: 'client:{{client_id}}', set: { redirectUris: ['{{redirect_uri}}', 'https://client.example.org/cb2'] } }], request: tok(codeWith({ redirect_uri: 'https://client.example.org/cb2' })), followUps: [FOLLOW_CODE] },
  { id: 'R-CODE-15 no-pkce-with-verifier', group: 'authorization_code', description: 'grant without PKCE, request with a code_verifier', kvEdits: [NO_PKCE], request: tok(CODE) },
  { id: 'R-CODE-15 no-pkce-empty-verifier', group: 'authorization_code', description: 'grant without PKCE, code_verifier= (empty): not given', kvEdits: [NO_PKCE], request: tok(codeWith({ code_verifier: '' })) },
  { id: 'R-RES-01 code-grant-unbound', group: 'authorization_code', description: 'pending grant whose stored resource is another resource', kvEdits: [{ keyPrefix: 'grant:user2:', set: { resource: 'https://other.example/api' } }], request: tok(CODE) },
  { id: 'R-RES-01 code-grant-resource-case', group: 'authorization_code', description: 'pending grant whose stored resource differs in host case only (bound)', kvEdits: [{ keyPrefix: 'grant:user2:', set: { resource: 'https://EXAMPLE.com/api' } }], request: tok(CODE), followUps: [FOLLOW_API] },
  { id: 'R-RES-01 code-grant-resource-array', group: 'authorization_code', description: 'pending grant whose stored resource is a 0.x array holding the resource and another', kvEdits: [{ keyPrefix: 'grant:user2:', set: { resource: ['https://other.example/api', 'https://example.com/api'] } }], request: tok(CODE) },
  { id: 'R-RES-01 code-grant-no-resource', group: 'authorization_code', description: 'pending grant stored without a resource (made before 1.x)', kvEdits: [{ keyPrefix: 'grant:user2:', unset: ['resource'] }], request: tok(CODE) },

  // ---------------- refresh_token grant ----------------
  { id: 'refresh-missing', group: 'refresh_token', description: 'no refresh_token', request: tok([['grant_type', 'refresh_token']]) },
  { id: 'refresh-truncated', group: 'refresh_token', description: 'refresh token with last character removed', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{refresh_token_truncated}}']]), followUps: [FOLLOW_REFRESH] },
  { id: 'refresh-flipped', group: 'refresh_token', description: 'refresh token with last character changed', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{refresh_token_flipped}}']]), followUps: [FOLLOW_REFRESH] },
  { id: 'refresh-other-client', group: 'refresh_token', description: "C2's refresh token presented by C", request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{other_refresh_token}}']]), followUps: [{ name: 'C2 refreshes its own token', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{other_refresh_token}}'], ['client_id', '{{c2_client_id}}'], ['client_secret', '{{c2_client_secret}}']], FORM) }] },
  { id: 'refresh-is-access-token', group: 'refresh_token', description: 'access token presented as refresh token', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{access_token}}']]) },
  { id: 'refresh-is-code', group: 'refresh_token', description: 'pending code presented as refresh token', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{code}}']]) },
  { id: 'refresh-scope-widen', group: 'refresh_token', description: 'refresh with scope=read write admin', request: tok([...REFRESH, ['scope', 'read write admin']]) },
  { id: 'refresh-scope-unheld', group: 'refresh_token', description: 'refresh with scope=admin only', request: tok([...REFRESH, ['scope', 'admin']]), followUps: [FOLLOW_REFRESH] },
  { id: 'refresh-scope-empty', group: 'refresh_token', description: 'refresh with empty scope parameter', request: tok([...REFRESH, ['scope', '']]) },
  { id: 'refresh-scope-offline', group: 'refresh_token', description: 'refresh asking scope=offline_access (not granted)', request: tok([...REFRESH, ['scope', 'offline_access']]) },
  { id: 'refresh-resource-wrong', group: 'refresh_token', description: 'refresh with a resource of another origin', request: tok([...REFRESH, ['resource', 'https://evil.example/api']]), followUps: [FOLLOW_REFRESH] },
  { id: 'refresh-resource-correct', group: 'refresh_token', description: 'refresh with the configured resource (positive control)', request: tok([...REFRESH, ['resource', 'https://example.com/api']]) },
  { id: 'refresh-whitespace', group: 'refresh_token', description: 'refresh token with a trailing space', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{refresh_token}} ']]) },
  { id: 'refresh-no-client-auth', group: 'refresh_token', description: 'refresh for a confidential client without client auth', request: tok(REFRESH, FORM) },
  { id: 'refresh-expired-edited', group: 'refresh_token', description: 'grant expiresAt edited into the past in KV', kvEdits: [{ keyPrefix: 'grant:user1:', set: { expiresAt: 'now-10' } }], request: tok(REFRESH) },
  { id: 'R-REFRESH-02 one-part', group: 'refresh_token', description: 'refresh_token=abc', request: tok([['grant_type', 'refresh_token'], ['refresh_token', 'abc']]) },
  { id: 'R-REFRESH-02 two-parts', group: 'refresh_token', description: 'refresh token without its user id part', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{access_token_no_user}}']]) },
  { id: 'R-REFRESH-02 four-parts', group: 'refresh_token', description: 'refresh token with a fourth ":"-separated part', request: tok([['grant_type', 'refresh_token'], ['refresh_token', '{{refresh_token}}:x']]) },
  { id: 'R-REFRESH-04 short-grant-id', group: 'refresh_token', description: 'three parts, but a grant id that no grant has', request: tok([['grant_type', 'refresh_token'], ['refresh_token', 'user1:x:y']]) },
  { id: 'R-RES-01 refresh-grant-unbound', group: 'refresh_token', description: 'grant whose stored resource is another resource', kvEdits: [{ keyPrefix: 'grant:user1:', set: { resource: 'https://other.example/api' } }], request: tok(REFRESH), followUps: [FOLLOW_REFRESH] },
  { id: 'refresh-expired-wait', group: 'refresh_token', description: 'refresh after refreshTokenTTL (60 s) elapsed', config: 'shortTTL', waitSeconds: 62, request: tok(REFRESH) },

  // ---------------- revocation (token endpoint without grant_type) ----------------
  { id: 'revoke-no-token', group: 'revocation', description: 'revocation request without token (client auth present)', request: tok([['token_type_hint', 'access_token']]), deliberate: GRANT_TYPE_REQUIRED },
  { id: 'revoke-empty-token', group: 'revocation', description: 'empty token and no grant_type', request: tok([['token', ''], ['token_type_hint', 'access_token']]), deliberate: GRANT_TYPE_REQUIRED },
  { id: 'revoke-empty-grant-type', group: 'revocation', description: 'access token revoked with an empty grant_type beside it', request: tok([['grant_type', ''], ['token', '{{access_token}}']]), followUps: [FOLLOW_API] },
  { id: 'revoke-unknown-token', group: 'revocation', description: 'revoke an unknown token', request: tok([['token', 'user1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB']]) },
  { id: 'revoke-garbage-token', group: 'revocation', description: 'revoke a garbage token', request: tok([['token', 'garbage']]) },
  { id: 'revoke-other-client-token', group: 'revocation', description: "C revokes C2's access token", request: tok([['token', '{{other_access_token}}']]), followUps: [{ name: "API with C2's access token", request: api(bearer('{{other_access_token}}')) }] },
  { id: 'revoke-other-client-refresh', group: 'revocation', description: "C revokes C2's refresh token", request: tok([['token', '{{other_refresh_token}}']]) },
  { id: 'revoke-bad-hint', group: 'revocation', description: 'revoke access token with token_type_hint=bogus', request: tok([['token', '{{access_token}}'], ['token_type_hint', 'bogus']]), followUps: [FOLLOW_API] },
  { id: 'revoke-wrong-hint', group: 'revocation', description: 'revoke refresh token with token_type_hint=access_token', request: tok([['token', '{{refresh_token}}'], ['token_type_hint', 'access_token']]), followUps: [FOLLOW_API] },
  { id: 'revoke-no-client-auth', group: 'revocation', description: 'revoke without client authentication', request: tok([['token', '{{access_token}}']], FORM), followUps: [FOLLOW_API] },
  { id: 'revoke-wrong-secret', group: 'revocation', description: 'revoke with wrong Basic secret', request: tok([['token', '{{access_token}}']], { ...FORM, authorization: 'Basic {{b64:client_id:wrong}}' }), followUps: [FOLLOW_API] },
  { id: 'revoke-code', group: 'revocation', description: 'revoke a pending authorization code', request: tok([['token', '{{code}}']]), followUps: [FOLLOW_CODE] },
  { id: 'R-REVOKE-05 own-token-no-client-id', group: 'revocation', description: 'C revokes its access token whose record has no grant.clientId', kvEdits: [{ keyPrefix: 'token:user1:', unset: ['grant.clientId'] }], request: tok([['token', '{{access_token}}']]), followUps: [FOLLOW_API] },
  { id: 'R-REVOKE-05 other-token-no-client-id', group: 'revocation', description: "C revokes C2's access token whose record has no grant.clientId", kvEdits: [{ keyPrefix: 'token:user4:', unset: ['grant.clientId'] }], request: tok([['token', '{{other_access_token}}']]), followUps: [{ name: "API with C2's access token", request: api(bearer('{{other_access_token}}')) }] },
  { id: 'revoke-with-origin', group: 'revocation', description: 'revoke access token with Origin header', request: tok([['token', '{{access_token}}']], { ...BASIC, origin: 'https://app.example.net' }) },

  // ---------------- API route ----------------
  { id: 'api-no-auth', group: 'api', description: 'no Authorization header', request: api() },
  { id: 'api-bearer-empty', group: 'api', description: '"Bearer " with empty token', request: api({ authorization: 'Bearer ' }) },
  { id: 'api-bearer-lowercase', group: 'api', description: 'lower-case "bearer" scheme with a valid token', request: api({ authorization: 'bearer {{access_token}}' }) },
  { id: 'api-bearer-extra-space', group: 'api', description: 'two spaces between Bearer and the token', request: api({ authorization: 'Bearer  {{access_token}}' }) },
  { id: 'api-basic', group: 'api', description: 'Basic credentials at the API', request: api({ authorization: '{{basic_auth}}' }) },
  { id: 'api-token-truncated', group: 'api', description: 'truncated access token', request: api(bearer('{{access_token_truncated}}')) },
  { id: 'api-token-flipped', group: 'api', description: 'access token with last character changed', request: api(bearer('{{access_token_flipped}}')) },
  { id: 'api-token-other-user', group: 'api', description: 'access token with the userId part replaced', request: api(bearer('{{access_token_other_user}}')) },
  { id: 'api-token-other-grant', group: 'api', description: 'access token with the grant id part replaced', request: api(bearer('{{access_token_other_grant}}')) },
  { id: 'api-token-two-parts', group: 'api', description: 'access token without its userId part', request: api(bearer('{{access_token_no_user}}')) },
  { id: 'api-refresh-as-access', group: 'api', description: 'refresh token as bearer', request: api(bearer('{{refresh_token}}')) },
  { id: 'api-code-as-access', group: 'api', description: 'pending code as bearer', request: api(bearer('{{code}}')) },
  { id: 'api-token-in-query', group: 'api', description: 'access_token query parameter', request: { method: 'GET', path: '/api/data?access_token={{access_token}}' } },
  { id: 'api-token-in-form', group: 'api', description: 'access_token in a form body', request: { method: 'POST', path: '/api/data', headers: FORM, form: [['access_token', '{{access_token}}']] } },
  { id: 'api-two-bearers', group: 'api', description: 'two bearer credentials in one header', request: api({ authorization: 'Bearer {{access_token}}, Bearer {{other_access_token}}' }) },
  { id: 'api-head-valid', group: 'api', description: 'HEAD with a valid token', request: api(bearer('{{access_token}}'), 'HEAD') },
  { id: 'api-head-no-auth', group: 'api', description: 'HEAD without a token', request: api({}, 'HEAD') },
  { id: 'api-head-invalid', group: 'api', description: 'HEAD with an invalid token', request: api(bearer('nope'), 'HEAD') },
  { id: 'api-options-no-origin', group: 'api', description: 'OPTIONS without Origin', request: api({}, 'OPTIONS') },
  { id: 'api-options-preflight', group: 'api', description: 'CORS preflight', request: api({ origin: 'https://app.example.net', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }, 'OPTIONS') },
  { id: 'api-origin-valid', group: 'api', description: 'valid token with Origin header', request: api({ ...bearer('{{access_token}}'), origin: 'https://app.example.net' }) },
  { id: 'api-origin-no-auth', group: 'api', description: 'no token with Origin header', request: api({ origin: 'https://app.example.net' }) },
  { id: 'api-other-path', group: 'api', description: 'valid token on /apix (outside the api route)', request: api(bearer('{{access_token}}'), 'GET', '/apix') },
  { id: 'api-expired-edited', group: 'api', description: 'access token record expiresAt edited into the past', kvEdits: [{ keyPrefix: 'token:user1:', set: { expiresAt: 'now-10' } }], request: api(bearer('{{access_token}}')) },
  { id: 'api-expired-wait', group: 'api', description: 'access token after accessTokenTTL (60 s) elapsed', config: 'shortTTL', waitSeconds: 62, request: api(bearer('{{access_token}}')) },
  { id: 'api-audience-edited', group: 'api', description: 'access token record audience edited to another resource', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'https://other.example/api' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-02 bearer-tab', group: 'api', description: 'a tab between Bearer and the token', request: api({ authorization: 'Bearer\t{{access_token}}' }) },
  { id: 'R-API-02 bearer-token-tab-inside', group: 'api', description: 'a tab inside the credential', request: api({ authorization: 'Bearer {{access_token}}\tx' }) },
  { id: 'R-API-06 audience-upper-host', group: 'api', description: 'stored audience with an upper-case host', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'https://EXAMPLE.com/api' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-06 audience-upper-scheme', group: 'api', description: 'stored audience with an upper-case scheme', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'HTTPS://example.com/api' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-06 audience-upper-path', group: 'api', description: 'stored audience with an upper-case path (not bound)', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'https://example.com/API' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-06 audience-array', group: 'api', description: 'stored audience an array holding another resource and the resource', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: ['https://other.example/api', 'https://example.com/api'] } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-06 audience-absent', group: 'api', description: 'record without audience (made before 1.x)', kvEdits: [{ keyPrefix: 'token:user1:', unset: ['audience'] }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-06 audience-empty-path', group: 'api', config: 'originResource', description: 'resource https://example.com, stored audience https://example.com/', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'https://example.com/' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-07 unbound-and-expired', group: 'api', description: 'record bound to another resource and expired: the binding answers', kvEdits: [{ keyPrefix: 'token:user1:', set: { audience: 'https://other.example/api', expiresAt: 'now-10' } }], request: api(bearer('{{access_token}}')) },
  { id: 'R-API-09 expires-now', group: 'api', alignSecond: true, description: 'record expiresAt equal to now (whole seconds): still valid', kvEdits: [{ keyPrefix: 'token:user1:', set: { expiresAt: 'now-0' } }], request: api(bearer('{{access_token}}')) },
  { id: 'api-other-host', group: 'api', description: 'valid token sent to another host', request: { method: 'GET', path: 'https://other.example/api/data', headers: bearer('{{access_token}}') } },

  // ---------------- /authorize (parseAuthRequest) ----------------
  { id: 'authz-positive', group: 'authorize', description: 'valid request (positive control)', request: authz(AUTHZ_OK) },
  { id: 'authz-response-type-missing', group: 'authorize', description: 'no response_type', request: authz(AUTHZ_OK.replace('response_type=code&', '')) },
  { id: 'authz-response-type-token', group: 'authorize', description: 'response_type=token', request: authz(AUTHZ_OK.replace('response_type=code', 'response_type=token')) },
  { id: 'authz-response-type-code-idtoken', group: 'authorize', description: 'response_type=code id_token', request: authz(AUTHZ_OK.replace('response_type=code', 'response_type=code+id_token')) },
  { id: 'authz-client-missing', group: 'authorize', description: 'no client_id', request: authz(AUTHZ_OK.replace('client_id={{client_id}}&', '')) },
  { id: 'authz-client-unknown', group: 'authorize', description: 'unknown client_id', request: authz(AUTHZ_OK.replace('{{client_id}}', 'unknownclient123')) },
  { id: 'authz-client-duplicated', group: 'authorize', description: 'client_id twice', request: authz(AUTHZ_OK + '&client_id={{client_id}}'), deliberate: repeatedLocal('client_id') },
  { id: 'authz-redirect-missing', group: 'authorize', description: 'no redirect_uri (one registered)', request: authz(AUTHZ_OK.replace('redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&', '')) },
  { id: 'authz-redirect-unregistered', group: 'authorize', description: 'unregistered https redirect_uri', request: authz(AUTHZ_OK.replace('client.example.org', 'evil.example')) },
  { id: 'authz-redirect-http', group: 'authorize', description: 'http remote redirect_uri (unregistered)', request: authz(AUTHZ_OK.replace('https%3A%2F%2Fclient.example.org', 'http%3A%2F%2Fclient.example.org')) },
  { id: 'authz-redirect-duplicated', group: 'authorize', description: 'redirect_uri twice', request: authz(AUTHZ_OK + '&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb'), deliberate: repeatedLocal('redirect_uri') },
  { id: 'authz-redirect-duplicated-different', group: 'authorize', description: 'redirect_uri twice, the second unregistered', request: authz(AUTHZ_OK + '&redirect_uri=https%3A%2F%2Fevil.example%2Fcb'), deliberate: repeatedLocal('redirect_uri') },
  { id: 'authz-response-type-duplicated', group: 'authorize', description: 'response_type twice', request: authz(AUTHZ_OK + '&response_type=code'), deliberate: repeatedRedirected('response_type') },
  { id: 'authz-scope-duplicated', group: 'authorize', description: 'scope twice (read, then write)', request: authz(AUTHZ_OK + '&scope=write'), deliberate: repeatedRedirected('scope') },
  { id: 'authz-state-duplicated', group: 'authorize', description: 'state twice (s1, then s2)', request: authz(AUTHZ_OK + '&state=s2'), deliberate: repeatedRedirected('state') },
  { id: 'authz-pkce-challenge-duplicated', group: 'authorize', description: 'code_challenge twice (same value)', request: authz(AUTHZ_OK + '&code_challenge={{code_challenge}}'), deliberate: repeatedRedirected('code_challenge') },
  { id: 'authz-pkce-method-duplicated', group: 'authorize', description: 'code_challenge_method twice', request: authz(AUTHZ_OK + '&code_challenge_method=S256'), deliberate: repeatedRedirected('code_challenge_method') },
  { id: 'authz-unread-duplicated', group: 'authorize', description: 'parameters parseAuthRequest does not read, repeated (positive control)', request: authz(AUTHZ_OK + '&prompt=none&prompt=login&foo=1&foo=2') },
  { id: 'authz-redirect-trailing-space', group: 'authorize', description: 'registered https redirect_uri with a trailing space', request: authz(AUTHZ_OK.replace('%2Fcb&', '%2Fcb%20&')) },
  { id: 'authz-redirect-loopback-port', group: 'authorize', description: 'loopback redirect_uri on another port than registered (positive control)', preSteps: [LOOP_CLIENT], request: authzLoop('http%3A%2F%2F127.0.0.1%3A8080%2Fcb') },
  { id: 'authz-redirect-loopback-leading-space', group: 'authorize', description: 'loopback redirect_uri with a leading space', preSteps: [LOOP_CLIENT], request: authzLoop('%20http%3A%2F%2F127.0.0.1%3A8080%2Fcb'), deliberate: REDIRECT_SPACE },
  { id: 'authz-redirect-loopback-trailing-newline', group: 'authorize', description: 'loopback redirect_uri with a trailing newline', preSteps: [LOOP_CLIENT], request: authzLoop('http%3A%2F%2F127.0.0.1%2Fcb%0A'), deliberate: REDIRECT_SPACE },
  { id: 'authz-redirect-loopback-inner-tab', group: 'authorize', description: 'loopback redirect_uri with a tab inside', preSteps: [LOOP_CLIENT], request: authzLoop('http%3A%2F%2F127.0.0.1%2F%09cb') },
  { id: 'authz-public-no-pkce', group: 'authorize', description: 'public client without PKCE', request: authz('response_type=code&client_id={{public_client_id}}&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&scope=read&state=s1') },
  { id: 'authz-confidential-no-pkce', group: 'authorize', description: 'confidential client without PKCE (allowed?)', request: authz('response_type=code&client_id={{client_id}}&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&scope=read&state=s1') },
  { id: 'authz-pkce-plain', group: 'authorize', description: 'code_challenge_method=plain', request: authz(AUTHZ_OK.replace('{{code_challenge}}', '{{code_challenge_plain}}').replace('S256', 'plain')) },
  { id: 'authz-pkce-method-missing', group: 'authorize', description: 'code_challenge without code_challenge_method', request: authz(AUTHZ_OK.replace('&code_challenge_method=S256', '')) },
  { id: 'authz-pkce-method-bogus', group: 'authorize', description: 'code_challenge_method=S512', request: authz(AUTHZ_OK.replace('S256', 'S512')) },
  { id: 'authz-pkce-challenge-short', group: 'authorize', description: 'S256 code_challenge of 10 characters', request: authz(AUTHZ_OK.replace('{{code_challenge}}', 'abcdefghij')), deliberate: S256_CHALLENGE },
  { id: 'authz-pkce-challenge-badchars', group: 'authorize', description: 'code_challenge with invalid characters', request: authz(AUTHZ_OK.replace('{{code_challenge}}', '{{code_challenge}}%21%21')), deliberate: S256_CHALLENGE },
  { id: 'authz-pkce-challenge-long', group: 'authorize', description: 'S256 code_challenge of 128 unreserved characters', request: authz(AUTHZ_OK.replace('{{code_challenge}}', 'a'.repeat(128))), deliberate: S256_CHALLENGE },
  { id: 'authz-pkce-challenge-not-digest', group: 'authorize', description: 'S256 code_challenge of 43 base64url characters that no digest encodes to', request: authz(AUTHZ_OK.replace('{{code_challenge}}', 'x'.repeat(43))), deliberate: S256_CHALLENGE },
  { id: 'authz-resource-wrong', group: 'authorize', description: 'resource of another origin', request: authz(AUTHZ_OK + '&resource=https%3A%2F%2Fevil.example%2Fapi') },
  { id: 'authz-resource-duplicated', group: 'authorize', description: 'resource twice', request: authz(AUTHZ_OK + '&resource=https%3A%2F%2Fexample.com%2Fapi&resource=https%3A%2F%2Fexample.com%2Fapi') },
  { id: 'authz-resource-query', group: 'authorize', description: 'resource with an extra query parameter', request: authz(AUTHZ_OK + '&resource=https%3A%2F%2Fexample.com%2Fapi%3Fmode%3Ddirect') },
  { id: 'authz-scope-invalid-chars', group: 'authorize', description: 'scope containing a double quote', request: authz(AUTHZ_OK.replace('scope=read', 'scope=read%22x')) },
  { id: 'authz-scope-missing', group: 'authorize', description: 'no scope parameter', request: authz(AUTHZ_OK.replace('scope=read&', '')) },
  { id: 'authz-state-missing', group: 'authorize', description: 'no state parameter', request: authz(AUTHZ_OK.replace('state=s1&', '')) },
  { id: 'authz-post-form', group: 'authorize', description: 'POST /authorize with the parameters in a form body', request: { method: 'POST', path: '/authorize', headers: { ...FORM, 'x-test-user': 'user5' }, body: AUTHZ_OK } },
  { id: 'authz-prompt-none', group: 'authorize', description: 'prompt=none and unknown extra parameters', request: authz(AUTHZ_OK + '&prompt=none&foo=bar') },

  // ---------------- dynamic client registration ----------------
  { id: 'register-get', group: 'register', description: 'GET /register', request: { method: 'GET', path: '/register' } },
  { id: 'register-invalid-json', group: 'register', description: 'invalid JSON body', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{not json' } },
  { id: 'register-no-redirect', group: 'register', description: 'no redirect_uris', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{"client_name":"x"}' } },
  { id: 'register-javascript-uri', group: 'register', description: 'javascript: redirect URI', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["javascript:alert(1)"]}' } },
  { id: 'register-http-remote', group: 'register', description: 'only a remote http redirect URI', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["http://client.example.org/cb"]}' } },
  { id: 'register-form-body', group: 'register', description: 'form-encoded registration', request: { method: 'POST', path: '/register', headers: FORM, body: 'redirect_uris=https%3A%2F%2Fclient.example.org%2Fcb' } },
  { id: 'register-implicit-grant', group: 'register', description: 'grant_types=[implicit]', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["https://client.example.org/cb"],"grant_types":["implicit"],"response_types":["token"]}' } },
  { id: 'register-private-key-jwt', group: 'register', description: 'token_endpoint_auth_method=private_key_jwt', request: { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris":["https://client.example.org/cb"],"token_endpoint_auth_method":"private_key_jwt"}' } },
];
