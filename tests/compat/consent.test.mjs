// The consent and upstream helpers (issue #18, rules R-CONSENT-*, R-CTOR-10 of
// docs/observed/rules-1.2.3.md) against the reference 1.2.3: both in one workerd on one KV
// namespace (harness/consent-worker.js), driven over HTTP with a cookie jar per browser. The
// same answers (status, headers with Set-Cookie shapes, bodies, redirect URLs), the same KV
// effects, each refusal; and across the two: a consent begun by one is approved or denied by
// the other, an approval remembered by one is honoured by the other, an upstream state begun by
// one is finished by the other.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as H from './harness/index.mjs';
import { constructBoth } from './harness/dual.mjs';

const OPTIONS = { ...H.CONFIGS.v1 };
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, entry: 'consent-worker.js' });
after(() => w.dispose());

const SECRET = 'a-consent-secret-of-32-characters!';
const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

// A browser: its cookies, as a browser keeps them from Set-Cookie (Max-Age=0 deletes).
class Browser {
  cookies = new Map();
  take(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at), value = pair.slice(at + 1);
      if (attrs.some((a) => a.trim() === 'Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

// One request to one implementation from a browser: {status, headers (Set-Cookie as a list), body}.
async function send(impl, browser, method, path, body) {
  const headers = { 'x-impl': impl };
  if (browser?.header) headers.cookie = browser.header;
  const init = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await w.fetch(path, init);
  browser?.take(res);
  const h = {};
  for (const [k, v] of res.headers) if (k !== 'set-cookie' && !H.HARNESS_HEADERS.has(k)) h[k] = v;
  return { status: res.status, headers: h, setCookie: res.headers.getSetCookie(), body: await res.json() };
}

const test_ = (op, body, impl = 'ours') => send(impl, null, body === undefined ? 'GET' : 'POST', '/__test/' + op, body).then((r) => r.body);

// An answer with its random parts named: each handle, hash and approvals value by its role.
function normal(x, names) {
  let s = JSON.stringify(x);
  for (const [v, name] of names) if (v) s = s.split(v).join(name);
  return JSON.parse(s);
}

let client;
async function theClient() {
  client ??= await test_('createClient', { redirectUris: [H.REDIRECT_URI, 'http://127.0.0.1:8765/cb'], clientName: 'Consent Test', clientUri: 'https://client.example.org', tokenEndpointAuthMethod: 'none' });
  return client;
}

function authorizePath(c, { scope = 'read write', state = 'st-1', redirectUri = H.REDIRECT_URI } = {}) {
  const { challenge } = H.pkcePair('v'.repeat(43));
  const p = new URLSearchParams({ response_type: 'code', client_id: c.clientId, redirect_uri: redirectUri, scope, state, code_challenge: challenge, code_challenge_method: 'S256' });
  return '/authorize?' + p;
}

// The consent page for a new browser, opened with impl.
async function openPage(impl, browser = new Browser(), opts) {
  const c = await theClient();
  const page = await send(impl, browser, 'GET', authorizePath(c, opts));
  assert.equal(page.status, 200, JSON.stringify(page.body));
  return { browser, page, handle: page.body.handle, hash: sha256hex(page.body.handle) };
}

// The KV records, each transaction's key named by its handle's hash.
async function kv(names) {
  const all = await test_('kv');
  return normal(all.filter((r) => !r.key.startsWith('client:')).map((r) => ({ key: r.key, value: typeof r.value, shape: /^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/.test(r.value), ttl: r.expiration !== null })), names);
}

test('beginConsent: the same page answer, cookie, headers and KV record', async () => {
  const out = {};
  for (const impl of ['theirs', 'ours']) {
    await test_('kv-clear', {});
    client = undefined;
    const { page, handle, hash } = await openPage(impl);
    assert.match(handle, /^[A-Za-z0-9_-]{43}$/);
    const records = await test_('kv');
    const rec = records.find((r) => r.key === `transaction:${hash}`);
    assert.ok(rec, 'the record is stored under the hash of the handle');
    const now = Date.now() / 1000;
    assert.ok(rec.expiration >= now + 590 && rec.expiration <= now + 610, `expiration ${rec.expiration - now}`);
    assert.ok(!rec.value.includes(handle) && !rec.value.includes('Consent Test'), 'KV holds neither the handle nor the request in clear');
    out[impl] = normal({ page, kv: await kv([[hash, '<hash>'], [hash.slice(0, 16), '<h16>']]) }, [[handle, '<handle>'], [client.clientId, '<client>'], [hash, '<hash>'], [hash.slice(0, 16), '<h16>']]);
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.deepEqual(out.ours.page.setCookie, ['__Host-oauth-consent-<h16>=<hash>; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600']);
  assert.equal(out.ours.page.headers['x-frame-options'], 'DENY');
  assert.equal(out.ours.page.headers['content-security-policy'], "frame-ancestors 'none'");
  assert.equal(out.ours.page.headers['cache-control'], 'no-store');
  assert.deepEqual(out.ours.page.body.details, {
    clientId: '<client>', clientName: 'Consent Test', clientUri: 'https://client.example.org', redirectUri: H.REDIRECT_URI,
    redirectHost: 'client.example.org', redirectIsLoopback: false, scope: ['read', 'write'],
  });
});

// Deletes every transaction record (the clients stay).
async function clearTransactions() {
  for (const r of await test_('kv')) if (r.key.startsWith('transaction:')) await test_('kv-delete', { key: r.key });
}

// A browser holding the same cookies (its state before a response cleared one).
function copyOf(browser) {
  const b = new Browser();
  b.cookies = new Map(browser.cookies);
  return b;
}

// One decision, begun with `begin` and answered with `end`, as a normalised transcript;
// `again`: the same post replayed with the binding cookie kept.
async function decide(begin, end, path, body = {}) {
  await clearTransactions();
  const { browser, handle, hash } = await openPage(begin);
  const names = [[handle, '<handle>'], [client.clientId, '<client>'], [hash, '<hash>'], [hash.slice(0, 16), '<h16>']];
  const kept = copyOf(browser);
  const r = await send(end, browser, 'POST', path, { handle, ...body });
  const again = await send(end, kept, 'POST', path, { handle, ...body });
  return { r: normal(r, names), again: normal(again, names), kv: await kv(names), cookies: [...browser.cookies.keys()] };
}

for (const [begin, end] of [['theirs', 'theirs'], ['ours', 'ours'], ['theirs', 'ours'], ['ours', 'theirs']]) {
  test(`approve and deny: begun by ${begin}, answered by ${end}, as the reference answers both`, async () => {
    const want = {
      approve: await decide('theirs', 'theirs', '/approve', { options: { scope: ['offline_access', 'read', 'read'] } }),
      deny: await decide('theirs', 'theirs', '/deny', { options: { description: 'The user said no' } }),
      denyPlain: await decide('theirs', 'theirs', '/deny'),
    };
    const got = {
      approve: await decide(begin, end, '/approve', { options: { scope: ['offline_access', 'read', 'read'] } }),
      deny: await decide(begin, end, '/deny', { options: { description: 'The user said no' } }),
      denyPlain: await decide(begin, end, '/deny'),
    };
    assert.deepEqual(got, want);
    assert.deepEqual(got.approve.r.body.request.scope, ['offline_access', 'read']);
    assert.deepEqual(got.approve.r.setCookie, ['__Host-oauth-consent-<h16>=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
    assert.equal(got.approve.again.body.error.description, 'This authorization expired or was already used; start again');
    assert.deepEqual(got.approve.kv, [], 'the transaction is deleted');
    assert.equal(got.deny.r.status, 302);
    assert.equal(got.deny.r.headers.location,
      `${H.REDIRECT_URI}?error=access_denied&error_description=The+user+said+no&state=st-1&iss=https%3A%2F%2Fexample.com`);
    assert.equal(got.deny.r.body.redirectTo, got.deny.r.headers.location);
  });
}

// The approvals cookie's payload with the clocks made relative: [{k, s, e - now}], and its Max-Age.
function approvals(setCookie) {
  const c = setCookie.find((x) => x.startsWith('__Host-oauth-approvals='));
  if (!c) return null;
  const value = c.slice(c.indexOf('=') + 1, c.indexOf(';'));
  const now = Math.floor(Date.now() / 1000);
  const near = (n, want) => (Math.abs(n - want) <= 3 ? want : n);
  const list = JSON.parse(Buffer.from(value.split('.')[0], 'base64url').toString());
  return {
    list: list.map((e) => ({ ...e, e: near(e.e - now, 3600) })),
    attrs: c.slice(c.indexOf(';')).replace(/Max-Age=(\d+)/, (_, n) => `Max-Age=${near(+n, 3600)}`),
    signed: value.split('.')[1].length === 43,
  };
}

for (const [writer, reader] of [['theirs', 'ours'], ['ours', 'theirs']]) {
  test(`remembered consent: written by ${writer}, honoured by ${reader}, and the same cookie from both`, async () => {
    const browser = new Browser();
    const remember = { secret: SECRET, subject: 'alice', maxAgeSeconds: 3600 };
    const { handle, request } = await openPage(writer, browser).then((p) => ({ handle: p.handle, request: p.page.body.request }));
    const approved = await send(writer, browser, 'POST', '/approve', { handle, options: { scope: ['read', 'write'], remember } });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    // the other library writes the same cookie for the same approval (clocks aside)
    const other = new Browser();
    const p2 = await openPage(reader, other);
    const approved2 = await send(reader, other, 'POST', '/approve', { handle: p2.handle, options: { scope: ['read', 'write'], remember } });
    assert.deepEqual(approvals(approved2.setCookie), approvals(approved.setCookie));
    assert.equal(approvals(approved.setCookie).attrs, '; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600');
    const ask = async (impl, req, rem) => (await send(impl, browser, 'POST', '/remembered', { request: req, remember: rem })).body;
    const cases = [
      [request, { secret: SECRET, subject: 'alice' }],
      [{ ...request, scope: ['read'] }, { secret: SECRET, subject: 'alice' }],
      [{ ...request, scope: ['read', 'offline_access'] }, { secret: SECRET, subject: 'alice' }],
      [request, { secret: SECRET, subject: 'bob' }],
      [request, { secret: SECRET }],
      [request, { secret: SECRET + 'x', subject: 'alice' }],
      [{ ...request, redirectUri: 'http://127.0.0.1:8765/cb' }, { secret: SECRET, subject: 'alice' }],
      [{ ...request, resource: undefined }, { secret: SECRET, subject: 'alice' }],
    ];
    const got = [];
    for (const [req, rem] of cases) got.push([await ask(reader, req, rem), await ask(writer, req, rem)]);
    assert.deepEqual(got.map(([a]) => a), got.map(([, b]) => b));
    assert.deepEqual(got.map(([a]) => a.remembered), [true, true, false, false, false, false, false, false]);
    // a second approval (another redirect URI) from the reader keeps the first
    const p3 = await openPage(reader, browser, { redirectUri: 'http://127.0.0.1:8765/cb', scope: 'read' });
    await send(reader, browser, 'POST', '/approve', { handle: p3.handle, options: { remember: { secret: SECRET, subject: 'alice' } } });
    assert.equal((await ask(writer, request, { secret: SECRET, subject: 'alice' })).remembered, true);
    assert.equal((await ask(writer, p3.page.body.request, { secret: SECRET, subject: 'alice' })).remembered, true);
  });
}

for (const [begin, end] of [['theirs', 'theirs'], ['ours', 'ours'], ['theirs', 'ours'], ['ours', 'theirs']]) {
  test(`upstream sign-in: state begun by ${begin} after approval, finished by ${end}`, async () => {
    const run = async (b, e) => {
      await clearTransactions();
      const { browser, handle, hash } = await openPage(b);
      const a = await send(b, browser, 'POST', '/approve', { handle, upstream: { data: { verifier: 'pkce-v', n: [1, 2.5, null] } } });
      const state = a.body.state;
      const sh = sha256hex(state);
      const names = [[handle, '<handle>'], [client.clientId, '<client>'], [hash, '<hash>'], [hash.slice(0, 16), '<h16>'], [state, '<state>'], [sh, '<shash>'], [sh.slice(0, 16), '<s16>']];
      const records = normal(await kv(names), names);
      const kept = copyOf(browser);
      const cb = await send(e, browser, 'GET', `/callback?code=upstream-code&state=${encodeURIComponent(state)}`);
      const again = await send(e, kept, 'GET', `/callback?code=upstream-code&state=${encodeURIComponent(state)}`);
      return normal({ a, records, cb, again, after: await kv(names) }, names);
    };
    const want = await run('theirs', 'theirs');
    const got = await run(begin, end);
    assert.deepEqual(got, want);
    assert.deepEqual(got.a.setCookie, ['__Host-oauth-consent-<h16>=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0',
      '__Host-oauth-upstream-<s16>=<shash>; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600']);
    assert.deepEqual(got.records, [{ key: 'transaction:<shash>', value: 'string', shape: true, ttl: true }]);
    assert.deepEqual(got.cb.body.data, { verifier: 'pkce-v', n: [1, 2.5, null] });
    assert.equal(got.cb.body.request.clientId, '<client>');
    assert.equal(got.again.body.error.description, 'This authorization expired or was already used; start again');
  });
}

test('beginUpstream: without data, with the caller\'s headers, and without options', async () => {
  const { page } = await openPage('theirs');
  const request = page.body.request;
  const cases = [
    { request },
    { request, data: { a: 1 }, headers: { 'Cache-Control': 'private', 'X-Own': '1' } },
    { request, noOptions: true },
  ];
  for (const c of cases) {
    const run = async (impl) => {
      const b = new Browser();
      const r = await send(impl, b, 'POST', '/upstream', c);
      const sh = sha256hex(r.body.state);
      const cb = await send(impl === 'ours' ? 'theirs' : 'ours', b, 'GET', `/callback?state=${r.body.state}`);
      return normal({ r, cb }, [[r.body.state, '<state>'], [sh, '<shash>'], [sh.slice(0, 16), '<s16>']]);
    };
    assert.deepEqual(await run('ours'), await run('theirs'), JSON.stringify(c));
  }
});

test('describeConsent: the same facts for names, loopback and private-use redirects, no client', async () => {
  const c = await theClient();
  const named = await test_('createClient', { redirectUris: ['https://app.example/cb'], clientName: '  ', logoUri: 'https://app.example/logo.png', tokenEndpointAuthMethod: 'none' });
  const requests = [
    { clientId: c.clientId, redirectUri: H.REDIRECT_URI, scope: ['read'] },
    { clientId: named.clientId, redirectUri: 'https://app.example/cb', scope: [] },
    { clientId: c.clientId, redirectUri: 'http://LocalHost:8080/cb', scope: ['a', 'b'] },
    { clientId: c.clientId, redirectUri: 'http://127.0.0.1:8765/cb', scope: [] },
    { clientId: c.clientId, redirectUri: 'http://127.256.0.1/cb', scope: [] },
    { clientId: c.clientId, redirectUri: 'http://[::1]:9/cb', scope: [] },
    { clientId: c.clientId, redirectUri: 'com.example.app:/oauth', scope: [] },
    { clientId: c.clientId, redirectUri: 'myapp://callback/x', scope: [] },
    { clientId: 'no-such-client', redirectUri: 'https://x.example/cb', scope: ['read'] },
    { clientId: c.clientId, redirectUri: 'not a url', scope: [] },
  ];
  for (const request of requests) {
    const [a, b] = [await send('theirs', null, 'POST', '/describe', { request }), await send('ours', null, 'POST', '/describe', { request })];
    assert.deepEqual(b, a, JSON.stringify(request));
  }
});

// Each refusal, answered by both the same way (class, code, description) and leaving KV as the reference leaves it.
test('refusals: handles, binding cookies, single use, scopes, remember options, state', async () => {
  const run = async (impl) => {
    const out = [];
    const page = await openPage(impl);
    const { browser, handle, hash } = page;
    const stranger = new Browser();
    const forged = new Browser();
    forged.cookies.set(`__Host-oauth-consent-${hash.slice(0, 16)}`, sha256hex('another'));
    const named = new Browser();
    const unknown = 'x'.repeat(43);
    named.cookies.set(`__Host-oauth-consent-${sha256hex(unknown).slice(0, 16)}`, sha256hex(unknown));
    const cases = [
      [browser, '/approve', { handle: '' }],
      [browser, '/approve', { handle: 5 }],
      [browser, '/deny', {}],
      [stranger, '/approve', { handle }],
      [forged, '/approve', { handle }],
      [forged, '/deny', { handle }],
      [named, '/approve', { handle: unknown }],
      [browser, '/approve', { handle, options: { scope: ['read', 'admin'] } }],
      [browser, '/approve', { handle, options: { scope: 'read' } }],
      [browser, '/approve', { handle, options: { scope: ['read', 5] } }],
      [browser, '/approve', { handle, options: { scope: ['bad scope'] } }],
      [browser, '/approve', { handle, options: { remember: { secret: 'too short' } } }],
      [browser, '/approve', { handle, options: { remember: 'x' } }],
      [browser, '/approve', { handle, options: { remember: null } }],
      [browser, '/approve', { handle, options: { remember: { secret: SECRET, maxAgeSeconds: 0 } } }],
      [browser, '/approve', { handle, options: { remember: { secret: SECRET, maxAgeSeconds: 1.5 } } }],
      [browser, '/approve', { handle, options: { remember: { secret: SECRET, maxAgeSeconds: { $nan: true } } } }],
      [browser, '/approve', { handle, options: { remember: { secret: SECRET, subject: '' } } }],
      [browser, '/approve', { handle, options: { remember: { secret: 5 } } }],
      [browser, '/remembered', { request: page.page.body.request, remember: { $undefined: true } }],
      [browser, '/remembered', { request: page.page.body.request, remember: { secret: SECRET, subject: null } }],
      [browser, '/remembered', { request: page.page.body.request, remember: { secret: SECRET.slice(0, 31) } }],
      [browser, '/approve', { handle }],
      [browser, '/approve', { handle }],
      [browser, '/deny', { handle }],
    ];
    for (const [b, path, body] of cases) {
      const r = await send(impl, b, 'POST', path, body);
      out.push({ path, body: normal(r.body, [[handle, '<handle>'], [client.clientId, '<client>']]), status: r.status, kv: (await kv([])).length });
    }
    for (const q of ['', '?state=', '?code=1', `?state=${handle}`]) {
      const r = await send(impl, browser, 'GET', '/callback' + q);
      out.push({ q: q.replace(handle, '<handle>'), body: r.body, status: r.status });
    }
    return out;
  };
  await test_('kv-clear', {});
  client = undefined;
  const want = await run('theirs');
  await test_('kv-clear', {});
  client = undefined;
  const got = await run('ours');
  for (let i = 0; i < want.length; i++) assert.deepEqual(got[i], want[i], `case ${i}`);
  const said = new Set(got.map((g) => g.body.error?.description ?? g.body.error?.message));
  for (const d of ['Missing transaction handle', 'This authorization was not started in this browser; start again',
    'This authorization belongs to a different browser session; start again', 'This authorization expired or was already used; start again',
    'Approved scopes must be ones this server supports', 'remember must be an object with a secret',
    'remember.secret must be a string of at least 32 characters', 'remember.maxAgeSeconds must be a positive integer',
    'remember.subject must be a non-empty string', 'Missing state parameter']) assert.ok(said.has(d), d);
});

test('a stored redirect URI that is not a URL: denyConsent throws a TypeError after consuming', async () => {
  const out = {};
  for (const impl of ['theirs', 'ours']) {
    const b = new Browser();
    const r = await send(impl, b, 'POST', '/call', { method: 'beginConsent', args: [{ clientId: 'c', redirectUri: 'nope', scope: [] }] });
    // the route answers {result} without the headers: bind the browser by hand
    const hash = sha256hex(r.body.result.handle);
    b.cookies.set(`__Host-oauth-consent-${hash.slice(0, 16)}`, hash);
    const d = await send(impl, b, 'POST', '/deny', { handle: r.body.result.handle });
    out[impl] = { status: d.status, name: d.body.error.name, kv: (await kv([])).length };
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.equal(out.ours.name, 'TypeError');
});

test('cookiePrefix: validated at construction as the reference does; names every cookie', async () => {
  const base = { apiRoute: '/api/', authorizeEndpoint: '/authorize', tokenEndpoint: '/token', resourceMetadata: { resource: 'https://example.com/api' } };
  const values = ['__Host-app-', '__Host-', 'app-', '__host-app-', '__Host-a b', '__Host-a;', '__Host-é', '', null, 5, true, ['__Host-']];
  const got = await constructBoth(values.map((cookiePrefix) => ({ ...base, cookiePrefix })));
  for (const [i, g] of got.entries()) assert.deepEqual(g.ours, g.theirs, JSON.stringify(values[i]));
  assert.deepEqual(got.map((g) => g.ours === 'ok'), [true, true, false, false, false, false, false, false, false, false, false, false]);
  const w2 = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: { ...OPTIONS, cookiePrefix: '__Host-app-' }, entry: 'consent-worker.js' });
  try {
    const c = await (await w2.fetch('/__test/createClient', { method: 'POST', body: JSON.stringify({ redirectUris: [H.REDIRECT_URI], tokenEndpointAuthMethod: 'none' }) })).json();
    for (const impl of ['theirs', 'ours']) {
      const res = await w2.fetch(authorizePath(c), { headers: { 'x-impl': impl } });
      assert.match(res.headers.getSetCookie()[0], /^__Host-app-consent-[0-9a-f]{16}=[0-9a-f]{64}; /);
    }
  } finally {
    await w2.dispose();
  }
});
