// onError as the reference 1.2.3 calls it (R-REST-02, docs/observed/rules-1.2.3.md), differential:
// the same request to ours and to the reference in one workerd (harness/dual.mjs), both built with
// an onError that replaces every answer but server_error with a 418 naming what it was given. The
// reference must give the status the case names; ours the reference's whole answer: a Response
// returned by onError replaces every JSON error answer (with the error's own headers given to the
// hook, the CORS headers added to the replacement), never the bare 401/404/405 answers.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual } from './harness/dual.mjs';

// For invalid_client the replacement carries CORS headers of its own, which the provider keeps.
const ONERROR = `{ onError: ({ code, description, status, headers }) =>
  code === 'server_error' ? undefined : Response.json({ replaced: code, description, status, headers }, { status: 418,
    headers: code === 'invalid_client' ? { 'access-control-allow-origin': 'https://mine.example', vary: 'Accept' } : {} }) }`;
const hooked = await startDual(H.CONFIGS.v1, ONERROR);
after(() => hooked.dispose());

// What a client sees of an answer: status, every header but the harness transport's, body.
function answer(r) {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !H.HARNESS_HEADERS.has(k)));
  return { status: r.status, headers, body: r.body };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const hookCases = [
  ['replaced: the token endpoint refuses a method (JSON 405)', '/token', { method: 'GET' }, 418],
  ['replaced: the token endpoint refuses a content type (JSON 400)', '/token', { method: 'POST', body: 'grant_type=authorization_code', headers: { 'content-type': 'text/plain' } }, 418],
  ['replaced: an unknown client (JSON 401 with a Basic challenge)', '/token', { method: 'POST', body: 'grant_type=authorization_code&code=a:b:c', headers: { ...FORM, authorization: H.basicAuth('nobody', 'x') } }, 418],
  ['replaced: an invalid access token (JSON 401)', '/api/data', { headers: { authorization: 'Bearer u:g:s' } }, 418],
  ['replaced: with an Origin, the CORS headers go with the replaced answer', '/token', { method: 'GET', headers: { origin: 'https://app.example.net' } }, 418],
  ['replaced: with an Origin, the CORS headers the replacement has are kept, Vary added to', '/token', { method: 'POST', body: 'grant_type=authorization_code&code=a:b:c', headers: { ...FORM, authorization: H.basicAuth('nobody', 'x'), origin: 'https://app.example.net' } }, 418,
    { 'access-control-allow-origin': 'https://mine.example', vary: 'Accept, Origin' }],
  ['kept: no credentials at the API (bare 401)', '/api/data', {}, 401],
  ['kept: the metadata document with another method (bare 405)', '/.well-known/oauth-authorization-server', { method: 'POST' }, 405],
  ['kept: a path in the metadata namespace not derived from the resource (bare 404)', '/.well-known/oauth-protected-resource/other', {}, 404],
];
// A case may name headers the reference's answer must carry.
for (const [what, path, init, status, headers = {}] of hookCases) {
  test(`R-REST-02 onError ${what}`, async () => {
    const [theirs, ours] = await hooked.both(path, init);
    assert.equal(theirs.status, status, `the reference: ${JSON.stringify(theirs.body)}`);
    for (const [k, v] of Object.entries(headers)) assert.equal(theirs.headers[k], v, `the reference's ${k}`);
    assert.deepEqual(answer(ours), answer(theirs));
  });
}
