// Redirect URI rules, differential: which redirect URIs createClient() and dynamic registration
// accept and store (R-CC-01…07, R-DCR-15), which a request may use against which registration (parseAuthRequest R-PAR-05,
// R-PAR-06; completeAuthorization R-CA-04, R-CA-05) and which a code exchange may repeat
// (R-CODE-13). observe(providerImport) runs every case against one implementation in workerd and
// returns the cases with its answers; redirect-uris.test.mjs compares ours with the reference 1.2.3.
//
//   node_modules/node/bin/node tests/compat/redirect-uris.mjs [--provider <import>]
// prints the answers of one implementation (default: the reference) as JSON.
import * as H from './harness/index.mjs';

const R = H.REDIRECT_URI; // https://client.example.org/cb

// createClient({redirectUris}): [id, rule, uris]. Each runs with allowPrivateUseRedirectUris off and on.
export const REGISTRATIONS = [
  ['empty', 'R-CC-01', []],
  ['https', 'R-CC-07', [R]],
  ['loopback', 'R-CC-07', ['http://127.0.0.1:8080/cb']],
  // R-CC-02: controls (C0, DEL, C1) refused anywhere once trimmed; the trimmed white space itself is stored
  ['c1-inside', 'R-CC-02', ['https://client.example.org/c\u0085b']],
  ['c1-first', 'R-CC-02', ['\u0080' + R]],
  ['c1-last', 'R-CC-02', [R + '\u009f']],
  ['del-inside', 'R-CC-02', ['https://client.example.org/c\u007fb']],
  ['tab-inside', 'R-CC-02', ['https://client.example.org/c\tb']],
  ['ctl-first', 'R-CC-02', ['\u0001' + R]],
  ['space-around', 'R-CC-02', [' ' + R + ' ']],
  ['tab-newline-around', 'R-CC-02', ['\t' + R + '\r\n']],
  ['nbsp-bom-around', 'R-CC-02', ['\u00a0\ufeff' + R + '\u2028\u3000']],
  ['space-inside-path', 'R-CC-05', ['https://client.example.org/a b']],
  ['space-inside-query', 'R-CC-05', ['https://client.example.org/cb?a=b c']],
  ['space-inside-host', 'R-CC-05', ['https://client .example.org/cb']],
  ['non-ascii-path', 'R-CC-05', ['https://client.example.org/caf\u00e9']],
  // R-CC-03, R-CC-04: a scheme, and not a dangerous one (the text before the first ':')
  ['no-colon', 'R-CC-03', ['no-scheme', R]],
  ['mailto', 'R-CC-04', ['mailto:a@client.example.org', R]],
  ['mailto-upper', 'R-CC-04', ['MAILTO:a@client.example.org', R]],
  ['javascript-trimmed', 'R-CC-04', [' javascript:alert(1)', R]],
  ['blob', 'R-CC-04', ['blob:https://client.example.org/x', R]],
  ['about-blank', 'R-CC-04', ['about:blank', R]],
  ['about-blank-alone', 'R-CC-07', ['about:blank']],
  // R-CC-05: parses as a URL
  ['colon-first', 'R-CC-05', [':cb', R]],
  ['digit-scheme', 'R-CC-05', ['1http://client.example.org/cb', R]],
  ['port-too-big', 'R-CC-05', ['https://client.example.org:99999/cb', R]],
  ['port-empty', 'R-CC-07', ['https://client.example.org:/cb']],
  ['no-host', 'R-CC-05', ['https://', R]],
  ['bad-ipv4', 'R-CC-05', ['http://127.0.0.256/cb', R]],
  ['bad-ipv6', 'R-CC-05', ['http://[::1/cb', R]],
  ['no-slashes', 'R-CC-07', ['https:client.example.org/cb']],
  ['backslashes', 'R-CC-07', ['https:\\\\client.example.org\\cb']],
  // R-CC-06: a '#' or userinfo
  ['fragment-empty', 'R-CC-06', [R + '#', R]],
  ['userinfo', 'R-CC-06', ['https://u@client.example.org/cb', R]],
  ['userinfo-empty', 'R-CC-07', ['http://@127.0.0.1/cb']],
  ['userinfo-colon', 'R-CC-07', ['http://:@127.0.0.1/cb']],
  // R-CC-07: at least one usable (https, http on a loopback host, a private-use scheme when allowed)
  ['loopback-forms', 'R-CC-07', ['http://127.1/cb']],
  ['loopback-hex', 'R-CC-07', ['http://0x7f.0.0.1/cb']],
  ['loopback-ipv6-long', 'R-CC-07', ['http://[0:0:0:0:0:0:0:1]/cb']],
  ['loopback-upper', 'R-CC-07', ['HTTP://LOCALHOST/cb']],
  ['loopback-trailing-dot', 'R-CC-07', ['http://127.0.0.1./cb']],
  ['localhost-trailing-dot', 'R-CC-07', ['http://localhost./cb']],
  ['ipv4-mapped', 'R-CC-07', ['http://[::ffff:127.0.0.1]/cb']],
  ['remote-http', 'R-CC-07', ['http://evil.example/cb']],
  ['remote-http-beside', 'R-CC-07', ['http://evil.example/cb', R]],
  ['cursor', 'R-CC-07', ['cursor://anysphere.cursor-mcp/oauth/callback']],
  ['cursor-beside', 'R-CC-07', ['cursor://anysphere.cursor-mcp/oauth/callback', R]],
  ['private-no-dot', 'R-CC-07', ['myapp:/cb']],
  ['private-reverse-domain', 'R-CC-07', ['com.example.app:/cb']],
  ['ws-loopback', 'R-CC-07', ['ws://localhost/cb']],
  ['urn', 'R-CC-07', ['urn:ietf:wg:oauth:2.0:oob']],
  ['fullwidth-localhost', 'R-CC-07', ['http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/cb']],
  ['idn-https', 'R-CC-07', ['https://b\u00fccher.example/cb']],
];

// Registered redirect URIs (one client each) × requested ones: parseAuthRequest (R-PAR-05, R-PAR-06).
export const REGISTERED = [
  R,
  'http://localhost:8080/cb',
  'http://LOCALHOST:8080/cb',
  'http://127.0.0.1:8080/cb',
  'http://127.0.0.1:8080',
  'http://127.0.0.1:8080/',
  'http://[::1]:8080/cb',
  'https://localhost/cb',
  'http://localhost/cb?x=1',
  'http://127.0.0.1/a/../cb',
  ' http://127.0.0.1/cb',
  'http://evil.example/cb',
  'myapp://localhost/cb',
  'exp://127.0.0.1:8081/--/cb',
  'cursor://anysphere.cursor-mcp/oauth/callback',
];

export const REQUESTED = [
  R,
  R + '/',
  'https://CLIENT.example.org/cb',
  'https://client.example.org:443/cb',
  'https:client.example.org/cb',
  'http://localhost:8080/cb',
  'http://localhost:9/cb',
  'http://LOCALHOST:9/cb',
  'http://LocalHost:8080/cb',
  'http://localhost/cb',
  'http://localhost:/cb',
  'http://localhost:0/cb',
  'http://localhost:65536/cb',
  'http://localhost:9/cb/',
  'http://localhost:9/CB',
  'http://localhost:9/cb?x=1',
  'http://localhost:9/cb?',
  'http://localhost:9/cb#',
  'http://localhost:9/%63b',
  'http://localhost:9/./cb',
  'http://localhost:9/a/../cb',
  'http://localhost:9/a/%2e%2e/cb',
  'http://localhost:9\\cb',
  'http://u@localhost:9/cb',
  'http://@localhost:9/cb',
  'http://localhost.:9/cb',
  'http://%6cocalhost:9/cb',
  'HTTP://localhost:9/cb',
  'https://localhost:9/cb',
  'https://localhost/cb',
  'https://localhost:9999/cb',
  'http://127.0.0.1:9999/cb',
  'http://127.0.0.1:9999',
  'http://127.0.0.1:9999/',
  'http://127.0.0.1:8080',
  'http://127.0.0.1:8080/',
  'http://127.0.0.1/cb',
  'http://127.1:9/cb',
  'http://127.0.1:9/cb',
  'http://2130706433:9/cb',
  'http://0x7f000001:9/cb',
  'http://0177.0.0.1:9/cb',
  'http://127.0.0.1.:9/cb',
  'http://127.000.000.001:9/cb',
  'http://127.0.0.2:9/cb',
  'http://[::1]:9/cb',
  'http://[0:0:0:0:0:0:0:1]:9/cb',
  'http://[::0:1]:9/cb',
  'http://[::ffff:127.0.0.1]:9/cb',
  'http://localhost/cb?x=1',
  'http://localhost:9/cb?x=1#',
  'http://localhost:9/cb?x=%31',
  'http://127.0.0.1:9/cb',
  'http://127.0.0.1:9/a/../cb',
  'http://127.0.0.1:9/a/b/../../cb',
  ' http://127.0.0.1/cb',
  'http://127.0.0.1/cb ',
  'http://127.0.0.1/c b',
  '\u00a0http://127.0.0.1/cb',
  'http://127.0.0.1/cb\u3000',
  '\ufeff' + R,
  R + '\u00a0',
  'http://evil.example/cb',
  'myapp://localhost/cb',
  'myapp://localhost:9/cb',
  'myapp://LOCALHOST:9/cb',
  'myapp://localhost:9/a/../cb',
  'MYAPP://localhost/cb',
  'exp://127.0.0.1:8081/--/cb',
  'exp://127.0.0.1:19000/--/cb',
  'cursor://anysphere.cursor-mcp/oauth/callback',
  'cursor://anysphere.cursor-mcp/oauth/callback/',
  'http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:9/cb',
];

// completeAuthorization({request: {clientId, redirectUri, responseType: 'code', …}}) with the client
// registered [registered…]: [id, rule, registered, redirectUri].
export const COMPLETIONS = [
  ['registered-https', 'R-CA-04', [R], R],
  ['unregistered', 'R-CA-04', [R], 'https://client.example.org/other'],
  ['remote-http', 'R-CA-05', ['http://evil.example/cb', R], 'http://evil.example/cb'],
  ['private-use', 'R-CA-05', ['cursor://anysphere.cursor-mcp/oauth/callback', R], 'cursor://anysphere.cursor-mcp/oauth/callback'],
  ['about-blank', 'R-CA-05', ['about:blank', R], 'about:blank'],
  ['loopback-port', 'R-CA-04', ['http://localhost:8080/cb'], 'http://localhost:9/cb'],
  ['loopback-case', 'R-CA-04', ['http://localhost:8080/cb'], 'http://LOCALHOST:9/cb'],
  ['loopback-empty-path', 'R-CA-04', ['http://127.0.0.1:8080'], 'http://127.0.0.1:9999/'],
  ['loopback-https-port', 'R-CA-04', ['https://localhost/cb'], 'https://localhost:9999/cb'],
  ['loopback-short', 'R-CA-04', ['http://127.0.0.1:8080/cb'], 'http://127.1:9/cb'],
  ['loopback-other-path', 'R-CA-04', ['http://127.0.0.1:8080/cb'], 'http://127.0.0.1:9/other'],
  ['loopback-fragment', 'R-CA-05', ['http://127.0.0.1:8080/cb'], 'http://127.0.0.1:9/cb#'],
  ['loopback-userinfo', 'R-CA-05', ['http://127.0.0.1:8080/cb'], 'http://u@127.0.0.1:9/cb'],
  // the redirect: the URL serialized, its query re-serialized with code and state set
  ['query-reserialized', 'R-CA-04', [R + '?x=a%20b&code=old&y&state=old&code=old2'], R + '?x=a%20b&code=old&y&state=old&code=old2'],
  ['default-port', 'R-CA-04', ['https://client.example.org:443/cb'], 'https://client.example.org:443/cb'],
  ['dot-segments', 'R-CA-04', ['https://client.example.org/a/../cb'], 'https://client.example.org/a/../cb'],
  ['opaque-path', 'R-CA-05', ['urn:ietf:wg:oauth:2.0:oob', R], 'urn:ietf:wg:oauth:2.0:oob'],
  ['path-only', 'R-CA-05', ['myapp:/cb', R], 'myapp:/cb'],
  ['private-loopback', 'R-CA-05', ['myapp://localhost/cb', R], 'myapp://localhost:9/a/../cb'],
  // white space at an end: the reference trims it to check, then redirects to the untrimmed URI
  ['nbsp-leading', 'R-CA-05', ['\u00a0' + R], '\u00a0' + R],
  ['ideographic-space-trailing', 'R-CA-05', [R + '\u3000'], R + '\u3000'],
  ['space-trailing-loopback', 'R-CA-05', ['http://127.0.0.1:8080/cb'], 'http://127.0.0.1:9/cb '],
];

// parseAuthRequest refusing after the redirect URI (response_type unsupported, R-PAR-09): the error
// redirect deletes error, error_description, error_uri, state and iss from the query first (R-PAR-15).
export const ERROR_REDIRECTS = [
  ['query-params', 'R-PAR-15', R + '?state=old&error=e&error_uri=u&iss=i&keep=a%20b', R + '?state=old&error=e&error_uri=u&iss=i&keep=a%20b'],
  ['loopback-forms', 'R-PAR-15', 'http://localhost:8080/cb', 'http://LOCALHOST:9/a/../cb'],
  ['private-loopback', 'R-PAR-15', 'myapp://localhost/cb', 'myapp://localhost:9/cb?x'],
  ['private-loopback-query', 'R-PAR-15', 'myapp://localhost/cb?x', 'myapp://localhost:9/cb?x'],
];

// The code exchange's registered check (R-CODE-13), on a grant that kept no redirectUri (written by
// an older version): the client registered [registered], the token request's redirect_uri.
export const EXCHANGES = [
  ['exact', 'R-CODE-13', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:8080/cb'],
  ['loopback-port', 'R-CODE-13', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9999/cb'],
  ['loopback-case', 'R-CODE-13', 'http://localhost:8080/cb', 'http://LOCALHOST:9/cb'],
  ['loopback-empty-path', 'R-CODE-13', 'http://127.0.0.1:8080', 'http://127.0.0.1:9/'],
  ['loopback-https', 'R-CODE-13', 'https://localhost/cb', 'https://localhost:9/cb'],
  ['loopback-other-path', 'R-CODE-13', 'http://127.0.0.1:8080/cb', 'http://127.0.0.1:9999/other'],
  ['remote-exact', 'R-CODE-13', R, R],
  ['remote-slash', 'R-CODE-13', R, R + '/'],
];

// A helper call's answer: {value} or {error: {name, code, message}}.
async function helper(w, op, body) {
  const r = await w.fetch('/__test/' + op, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const j = await r.json();
  if (r.status === 200) return { value: j };
  if (!j.helperError) throw new Error(`${op}: ${r.status} ${JSON.stringify(j)}`);
  const { name, code, message } = j.helperError;
  return { error: code === undefined ? { name, message } : { name, code, message } };
}

// POST /register {redirect_uris}: {status, error, description} or {status, stored}.
async function register(w, uris) {
  const r = await w.fetch('/register', { method: 'POST', body: JSON.stringify({ redirect_uris: uris }), headers: { 'content-type': 'application/json' } });
  const j = await r.json();
  return r.status === 201 ? { status: r.status, stored: j.redirect_uris } : { status: r.status, error: j.error, description: j.error_description };
}

// A client registered with redirectUris, or {refused: error}.
async function client(w, redirectUris) {
  const r = await helper(w, 'createClient', { redirectUris, tokenEndpointAuthMethod: 'client_secret_basic' });
  return r.error ? { refused: r.error } : r.value;
}

// parseAuthRequest's answer for redirect_uri: the AuthRequest's redirectUri, or the error.
async function parse(w, clientId, redirectUri, responseType = 'code') {
  const p = new URLSearchParams({ response_type: responseType, client_id: clientId, redirect_uri: redirectUri, state: 's' });
  const r = await w.fetch('/authorize?' + p, { headers: { 'x-test-parse-only': '1' } });
  const j = await r.json();
  if (r.status === 200) return { redirectUri: j.authRequest.redirectUri };
  const { name, code, description, redirectTo } = j.parseError;
  return { error: { name, code, description, redirectTo } };
}

async function complete(w, clientId, redirectUri) {
  const request = { responseType: 'code', clientId, redirectUri, scope: ['read'], state: 's' };
  const r = await helper(w, 'completeAuthorization', { request, userId: 'user1', scope: ['read'], props: {}, metadata: {} });
  if (r.value) r.value = { redirectTo: r.value.redirectTo.replace(/code=[^&]*/, 'code={{code}}') };
  return r;
}

// Every case of one provider configuration, pushed to out as {rule, kind, config, …inputs, answer}.
async function observeConfig(w, config, out) {
  for (const [id, rule, uris] of REGISTRATIONS) {
    const r = await helper(w, 'createClient', { redirectUris: uris, tokenEndpointAuthMethod: 'client_secret_basic' });
    out.push({ rule, kind: 'createClient', config, id, uris, answer: r.error ? r : { stored: r.value.redirectUris } });
    out.push({ rule, kind: 'register', config, id, uris, answer: await register(w, uris) });
  }
  for (const registered of REGISTERED) {
    // beside a usable URI no request uses, so that an unusable one is stored too
    const c = await client(w, [registered, 'https://pad.example/unused']);
    const answers = await Promise.all(REQUESTED.map((requested) =>
      c.refused ? { clientRefused: c.refused } : parse(w, c.clientId, requested)));
    REQUESTED.forEach((requested, i) =>
      out.push({ rule: 'R-PAR-05/06', kind: 'parseAuthRequest', config, registered, requested, answer: answers[i] }));
  }
  for (const [id, rule, registered, requested] of COMPLETIONS) {
    const c = await client(w, registered);
    const answer = c.refused ? { clientRefused: c.refused } : await complete(w, c.clientId, requested);
    out.push({ rule, kind: 'completeAuthorization', config, id, registered, requested, answer });
  }
  for (const [id, rule, registered, requested] of ERROR_REDIRECTS) {
    const c = await client(w, [registered, 'https://pad.example/unused']);
    const answer = c.refused ? { clientRefused: c.refused } : await parse(w, c.clientId, requested, 'bogus');
    out.push({ rule, kind: 'error redirect', config, id, registered, requested, answer });
  }
}

async function observeExchanges(w, config, out) {
  for (const [id, rule, registered, requested] of EXCHANGES) {
    const c = await client(w, [registered]);
    if (c.refused) throw new Error(`createClient ${registered}: ${JSON.stringify(c.refused)}`);
    const done = await helper(w, 'completeAuthorization', {
      request: { responseType: 'code', clientId: c.clientId, redirectUri: registered, scope: ['read'], state: 's' },
      userId: 'user1', scope: ['read'], props: {}, metadata: {},
    });
    if (!done.value) throw new Error(`completeAuthorization ${registered}: ${JSON.stringify(done)}`);
    const code = new URL(done.value.redirectTo).searchParams.get('code');
    // the grant as a version that kept no redirectUri wrote it
    const rec = (await w.dumpKV()).find((r) => r.key.startsWith('grant:user1:') && r.value.authCodeId);
    delete rec.value.redirectUri;
    await w.test('kv-put', { key: rec.key, value: rec.value, metadata: { clientId: c.clientId } });
    const res = await H.tokenRequest(w, { grant_type: 'authorization_code', code, redirect_uri: requested }, { basic: [c.clientId, c.clientSecret] });
    const answer = { status: res.status, body: res.status === 200 ? Object.keys(res.body).sort() : res.body };
    out.push({ rule, kind: 'code exchange', config, id, registered, requested, answer });
    await w.clearKV();
  }
}

/** Every case against one implementation, in a fixed order: [{rule, kind, config, …inputs, answer}]. */
export async function observe(providerImport) {
  const out = [];
  for (const config of ['default', 'private-use']) {
    const options = { ...H.CONFIGS.v1, allowPrivateUseRedirectUris: config === 'private-use' };
    const w = await H.startWorker({ providerImport, options });
    try {
      await observeConfig(w, config, out);
      if (config === 'default') await observeExchanges(w, config, out);
    } finally {
      await w.dispose();
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--provider');
  const out = await observe(i > 0 ? process.argv[i + 1] : '@cloudflare/workers-oauth-provider');
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
