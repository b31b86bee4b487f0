// RFC 8693 token exchange behind allowTokenExchangeGrant (issue #18, rules R-TX-* of
// docs/observed/rules-1.2.3.md 9.3), differential: ours and the reference 1.2.3 in one workerd
// on one KV namespace (cleared before each side); the same requests, the same answers (status,
// headers, body), the same records after them (ids, secrets, ciphertexts and clocks named), the
// same props and ctx.auth at the API for the exchanged token; and tokens minted by either
// exchanged by the other.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual, bothCleared, namedRecords } from './harness/dual.mjs';
import { GT, AT, token, api, exchangeParams, exchangeFlow, granted as grantedWith } from './harness/exchange.mjs';

const workers = [];
after(() => Promise.all(workers.map((w) => w.dispose())));


// tokenExchangeCallback chosen by the user id "x.<mode>"; it runs for the exchange only.
const CALLBACK = `(L) => ({
  tokenExchangeCallback: async (o) => {
    if (o.grantType !== '${GT}') return undefined;
    const { env, ...given } = o;
    const seen = { ...given, keys: Object.keys(o), env: typeof env.OAUTH_KV.get };
    switch (o.userId.split('.')[1]) {
      case 'none': return undefined;
      case 'cross': return { allowCrossClientExchange: true, accessTokenProps: { seen } };
      case 'crossno': return { allowCrossClientExchange: 'yes' };
      case 'access': return { accessTokenProps: { token: 'own', seen } };
      case 'new': return { newProps: { n: 1 } };
      case 'both': return { newProps: { n: 1 }, accessTokenProps: { a: 2 } };
      case 'given': return { newProps: o.props };
      case 'ttl': return { accessTokenTTL: 7200 };
      case 'ttl120': return { accessTokenTTL: 120, refreshTokenTTL: 5, refreshTokenIdleTTL: 'x' };
      case 'short': return { accessTokenTTL: 30 };
      case 'scope': return { accessTokenScope: ['write', 'nope', 'read', 'write'] };
      case 'invalidgrant': throw new L.OAuthError('invalid_grant', { description: 'upstream gone' });
      case 'limited': throw new L.OAuthError('temporarily_unavailable', { description: 'busy', statusCode: 429, headers: { 'Retry-After': '9' } });
      case 'throw': throw new Error('boom');
      default: return undefined;
    }
  },
})`;

// The dual Worker's views (harness/dual.mjs), whose test ops also report a failed helper call.
async function dual(options, extra) {
  const d = await startDual(options, extra);
  workers.push(d);
  const view = (base) => {
    const v = {
      ...base,
      async test(op, body) {
        const r = await v.fetch('/__test/' + op, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } });
        return { status: r.status, body: await r.json() };
      },
      async ok(op, body) {
        const r = await v.test(op, body);
        assert.equal(r.status, 200, `${v.name} ${op}: ${JSON.stringify(r.body)}`);
        return r.body;
      },
    };
    return v;
  };
  return { ours: view(d.ours), theirs: view(d.theirs) };
}

const ON = { ...H.CONFIGS.v1, allowTokenExchangeGrant: true };
const plain = await dual(ON);
const withCallback = await dual(ON, CALLBACK);
const off = await dual(H.CONFIGS.v1);
// onError records its argument (an Error detail as name and message) where the test reads it.
const recording = await dual(ON, `(L) => ({ onError: (e) => {
  const plain = (v) => (v instanceof Error ? { error: { name: v.name, message: v.message } } : JSON.parse(JSON.stringify(v ?? null)));
  const internal = e.internal && { ...e.internal, ...('detail' in e.internal ? { detail: plain(e.internal.detail) } : {}) };
  (globalThis.__TEST_SEEN ??= []).push({ code: e.code, description: e.description, status: e.status, headers: e.headers, internal });
} })`);

const GRANTS = ['authorization_code', 'refresh_token', GT];

// A confidential client (registered for the exchange unless plainGrants) named `name` in vars.
async function client(v, vars, name, grantTypes = GRANTS) {
  const c = await v.ok('createClient', { redirectUris: [H.REDIRECT_URI], clientName: name, tokenEndpointAuthMethod: 'client_secret_basic', grantTypes });
  vars[name] = c.clientId;
  vars[`${name}_secret`] = c.clientSecret;
  return c;
}

// A client, a grant of user (scope read write) and its tokens, named in vars: the client.
const granted = (v, vars, user = 'user1', opts = {}) => grantedWith(v, vars, client, { user, ...opts });

// Request cases: extra parameters of the exchange of the grant's access token, and the status the
// reference must give (the whole answer is then compared with ours).
const CASES = [
  ['ok', {}, 200],
  ['R-TX scope narrowed', { scope: 'read' }, 200],
  ['R-TX scope with one unheld', { scope: 'write admin' }, 200],
  ['R-TX-10 scope none held', { scope: 'admin' }, 400],
  ['R-TX expires_in shorter', { expires_in: '120' }, 200],
  ['R-TX expires_in longer than the subject token', { expires_in: '999999' }, 200],
  ['R-TX expires_in as parseInt reads it', { expires_in: ' +90s' }, 200],
  ['R-TX-17 expires_in below 60', { expires_in: '59' }, 400],
  ['R-TX-06 expires_in 0', { expires_in: '0' }, 400],
  ['R-TX-06 expires_in negative', { expires_in: '-60' }, 400],
  ['R-TX-06 expires_in not a number', { expires_in: 'abc' }, 400],
  ['R-TX-06 expires_in empty', { expires_in: '' }, 400],
  ['R-TX-01 subject_token missing', { subject_token: null }, 400],
  ['R-TX-01 subject_token empty', { subject_token: '' }, 400],
  ['R-TX-02 subject_token_type missing', { subject_token_type: null }, 400],
  ['R-TX-02 subject_token_type empty', { subject_token_type: '' }, 400],
  ['R-TX-03 subject_token_type refresh_token', { subject_token_type: 'urn:ietf:params:oauth:token-type:refresh_token' }, 400],
  ['R-TX-04 requested_token_type jwt', { requested_token_type: 'urn:ietf:params:oauth:token-type:jwt' }, 400],
  ['R-TX requested_token_type access_token', { requested_token_type: AT }, 200],
  ['R-TX requested_token_type empty', { requested_token_type: '' }, 200],
  ['R-TX resource naming the configured one', { resource: 'https://example.com/api' }, 200],
  ['R-TX-12 resource other (R-TOKEN-09 first)', { resource: 'https://example.com/other' }, 400],
  ['R-TX-07 unknown subject token', { subject_token: 'user1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 400],
  ['R-TX-07 malformed subject token', { subject_token: 'nope' }, 400],
  ['R-TX-07 refresh token as subject', { subject_token: '{{refresh}}' }, 400],
  ['R-TX-07 authorization code as subject', { subject_token: '{{code}}' }, 400],
];
for (const [name, extra, status] of CASES) {
  test(`${name}: answers, records, the new token at the API`, async () => {
    const r = await bothCleared(plain, async (v, vars) => {
      const c = await granted(v, vars);
      const params = exchangeParams(vars.access, H.fill(extra, vars));
      for (const k of Object.keys(params)) if (params[k] === null) delete params[k];
      return exchangeFlow(v, vars, c, params);
    });
    assert.equal(r.exchange.status, status, JSON.stringify(r.exchange));
  });
}

// The subject token's record or grant changed first: (what to change, status).
const STATES = [
  ['R-TX-08 its grant revoked', async (v, vars) => v.ok('kv-delete', { key: `grant:user1:${vars.grant}` }), 400],
  ['R-TX-11 its audience names no configured resource', (v, vars) => editToken(v, vars, { audience: 'https://other.example/api' }), 400],
  ['R-TX-11 no audience stored: the configured resource', (v, vars) => editToken(v, vars, { audience: undefined }), 200],
  ['R-TX-13 less than 60 s left', (v, vars) => editToken(v, vars, { expiresAt: v.t0 + 45 }), 400],
  ['R-TX-13 90 s left: the lifetime capped', (v, vars) => editToken(v, vars, { expiresAt: v.t0 + 100 }), 200],
  ['R-TX-07 expired', (v, vars) => editToken(v, vars, { expiresAt: v.t0 - 5 }), 400],
  ['R-TX scope from the record\'s grant when it has none of its own', (v, vars) => editToken(v, vars, { scope: undefined, grant: { scope: ['write'] } }), 200],
];

async function editToken(v, vars, changes) {
  const rec = (await v.ok('kv')).find((x) => x.key.startsWith(`token:user1:${vars.grant}:`));
  const value = { ...rec.value, ...changes, grant: { ...rec.value.grant, ...(changes.grant ?? {}) } };
  await v.ok('kv-put', { key: rec.key, value: JSON.parse(JSON.stringify(value)), expirationTtl: 3600 });
}

for (const [name, change, status] of STATES) {
  test(`${name}: answers, records`, async () => {
    const r = await bothCleared(plain, async (v, vars) => {
      const c = await granted(v, vars);
      await change(v, vars);
      return exchangeFlow(v, vars, c, exchangeParams(vars.access));
    });
    assert.equal(r.exchange.status, status, JSON.stringify(r.exchange));
  });
}

test('R-TX-09 another client\'s subject token, without a callback', async () => {
  const r = await bothCleared(plain, async (v, vars) => {
    await granted(v, vars);
    const other = await client(v, vars, 'other');
    return exchangeFlow(v, vars, other, exchangeParams(vars.access));
  });
  assert.equal(r.exchange.body.error_description, 'The subject token was issued to a different client');
});

test('R-TX client authentication and registration come first', async () => {
  const r = await bothCleared(plain, async (v, vars) => {
    const c = await granted(v, vars, 'user1', { grantTypes: ['authorization_code', 'refresh_token'] });
    return {
      unregistered: await token(v, c, exchangeParams(vars.access)),
      wrongSecret: await token(v, { clientId: c.clientId, clientSecret: 'x' }, exchangeParams(vars.access)),
      noClient: await token(v, null, exchangeParams(vars.access)),
    };
  });
  assert.equal(r.unregistered.body.error, 'unauthorized_client');
  assert.equal(r.wrongSecret.status, 401);
});

test('R-TX the option off: unsupported grant type; metadata without it', async () => {
  const r = await bothCleared(off, async (v, vars) => {
    const c = await granted(v, vars, 'user1', { grantTypes: ['authorization_code', 'refresh_token'] });
    const meta = await H.capture(await v.fetch('/.well-known/oauth-authorization-server'));
    const reg = await v.test('createClient', { redirectUris: [H.REDIRECT_URI], grantTypes: GRANTS });
    return { exchange: await token(v, c, exchangeParams(vars.access)), grants: meta.body.grant_types_supported, reg };
  });
  assert.equal(r.exchange.body.error, 'unsupported_grant_type');
  assert.deepEqual(r.grants, ['authorization_code', 'refresh_token']);
  assert.equal(r.reg.status, 500);
});

test('R-TX metadata advertises the grant with the option; registration accepts it; createClient defaults to it', async () => {
  const r = await bothCleared(plain, async (v) => {
    const meta = await H.capture(await v.fetch('/.well-known/oauth-authorization-server'));
    const reg = await H.capture(await v.fetch('/register', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [H.REDIRECT_URI], grant_types: GRANTS, response_types: ['code'], token_endpoint_auth_method: 'none' }),
    }));
    const created = await v.ok('createClient', { redirectUris: [H.REDIRECT_URI] });
    return { meta: meta.body, reg: { status: reg.status, grants: reg.body.grant_types }, created: created.grantTypes };
  });
  assert.deepEqual(r.meta.grant_types_supported, ['authorization_code', 'refresh_token', GT]);
  assert.deepEqual(r.created, ['authorization_code', 'refresh_token', GT]);
  assert.equal(r.reg.status, 201);
});

// The callback's modes: (mode, whether another client exchanges, status).
const MODES = [
  ['none', false, 200], ['none', true, 400], ['crossno', true, 400], ['cross', true, 200], ['access', false, 200],
  ['new', false, 200], ['both', false, 200], ['given', false, 200], ['ttl', false, 200], ['ttl120', false, 200],
  ['short', false, 400], ['scope', false, 200], ['invalidgrant', false, 400], ['limited', false, 429], ['throw', false, 500],
];
for (const [mode, cross, status] of MODES) {
  test(`R-TX tokenExchangeCallback '${mode}'${cross ? ' (another client)' : ''}: answers, records, props`, async () => {
    const r = await bothCleared(withCallback, async (v, vars) => {
      const c = await granted(v, vars, `x.${mode}`);
      const by = cross ? await client(v, vars, 'other') : c;
      return exchangeFlow(v, vars, by, exchangeParams(vars.access, { scope: 'read' }));
    });
    assert.equal(r.exchange.status, status, JSON.stringify(r.exchange));
    if (mode === 'invalidgrant') assert.deepEqual(r.after, [], 'the grant and its tokens are revoked');
  });
}

// Tokens minted by one library exchanged by the other, on one KV; the exchanged token used at
// the first library's API, and exchanged back.
for (const [first, second] of [['theirs', 'ours'], ['ours', 'theirs']]) {
  test(`R-TX records cross: ${first}'s access token exchanged by ${second}`, async () => {
    const a = plain[first], b = plain[second];
    await a.ok('kv-clear');
    const vars = {};
    const c = await granted(a, vars);
    const ex = await token(b, c, exchangeParams(vars.access, { scope: 'read' }));
    assert.equal(ex.status, 200, JSON.stringify(ex));
    const atFirst = await api(a, ex.body.access_token);
    const atSecond = await api(b, ex.body.access_token);
    assert.equal(atFirst.status, 200);
    assert.deepEqual(atFirst.body, atSecond.body);
    const back = await token(a, c, exchangeParams(ex.body.access_token));
    assert.equal(back.status, 200, JSON.stringify(back));
    assert.equal(back.body.scope, 'read');
    assert.equal((await api(b, back.body.access_token)).status, 200);
  });
}

// The exchangeToken helper (env.OAUTH_PROVIDER.exchangeToken): the same options to both, the
// answer (value, or the error's class, code and description), the records after it, the new
// token at the API.
async function helper(v, vars, options, extra = {}) {
  const r = await v.test('exchangeToken', { options: H.fill(options, vars), ...extra });
  // (the reference's bundle names its OAuthError class's constructor OAuthError2; its name is OAuthError)
  if (r.body.helperError?.constructor === 'OAuthError2') r.body.helperError.constructor = 'OAuthError';
  const out = { status: r.status, answer: r.body, after: await namedRecords(v) };
  if (r.status === 200) {
    vars.helped = r.body.access_token;
    out.api = await api(v, vars.helped);
  }
  return out;
}

const HELPER_CASES = [
  ['ok', {}, 200],
  ['scope, expiresIn, aud', { scope: ['write', 'nope', 'write'], expiresIn: 120, aud: 'https://example.com/api' }, 200],
  ['scope as a string', { scope: 'read nope' }, 200],
  ['R-TX-10 scope none held', { scope: ['admin', 5] }, 500],
  ['expiresIn longer than the subject token', { expiresIn: 1e9 }, 200],
  ['expiresIn a numeric string', { expiresIn: '120' }, 200],
  ['R-TX-17 expiresIn fractional', { expiresIn: 90.5 }, 500],
  ['R-TX-17 expiresIn null', { expiresIn: null }, 500],
  ['R-TX-14 expiresIn 0', { expiresIn: 0 }, 500],
  ['R-TX-14 expiresIn negative', { expiresIn: -60 }, 500],
  ['R-TX-12 aud other', { aud: 'https://example.com/other' }, 500],
  ['R-TX-12 aud null', { aud: null }, 500],
  ['R-TX-12 aud an array of the resource', { aud: ['https://example.com/api', 'https://example.com/api'] }, 200],
  ['R-TX-12 aud an array of two', { aud: ['https://example.com/api', 'https://example.com/other'] }, 500],
  ['R-TX-07 unknown subject token', { subjectToken: 'user1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 500],
  ['R-TX-07 a refresh token', { subjectToken: '{{refresh}}' }, 500],
];
for (const [name, options, status] of HELPER_CASES) {
  test(`exchangeToken helper ${name}: answers, records, the new token at the API`, async () => {
    const r = await bothCleared(plain, async (v, vars) => {
      await granted(v, vars);
      return helper(v, vars, { subjectToken: '{{access}}', ...options });
    });
    assert.equal(r.status, status, JSON.stringify(r.answer));
  });
}

test('exchangeToken helper expiresIn NaN and undefined members', async () => {
  const r = await bothCleared(plain, async (v, vars) => {
    await granted(v, vars);
    return {
      nan: await helper(v, vars, { subjectToken: '{{access}}' }, { nan: true }),
      undef: await helper(v, vars, { subjectToken: '{{access}}' }, { undefined: ['scope', 'aud', 'expiresIn'] }),
    };
  });
  assert.equal(r.nan.answer.helperError.description, 'Requested token lifetime must be at least 60 seconds');
  assert.equal(r.undef.status, 200);
});

test('exchangeToken helper: the grant or the client gone; an expired subject token', async () => {
  const r = await bothCleared(plain, async (v, vars) => {
    const c = await granted(v, vars);
    const out = {};
    await v.ok('kv-delete', { key: `grant:user1:${vars.grant}` });
    out.noGrant = await helper(v, vars, { subjectToken: '{{access}}' });
    await v.ok('kv-delete', { key: `client:${c.clientId}` });
    out.noClient = await helper(v, vars, { subjectToken: '{{access}}' });
    await editToken(v, vars, { expiresAt: v.t0 - 5 });
    out.expired = await helper(v, vars, { subjectToken: '{{access}}' });
    return out;
  });
  assert.equal(r.noClient.answer.helperError.message, 'Client not found');
  assert.equal(r.noGrant.answer.helperError.description, 'Grant not found');
  assert.equal(r.expired.answer.helperError.message, 'Invalid or expired subject token');
});

test('exchangeToken helper: a subjectToken that is not a string throws a TypeError', async () => {
  for (const v of [plain.theirs, plain.ours]) {
    const r = await v.test('exchangeToken', { options: { subjectToken: 5 } });
    assert.equal(r.body.helperError.constructor, 'TypeError', v.name);
  }
});

// The callback at the helper: its modes, what it threw rethrown as it was.
for (const [mode, status] of [['none', 200], ['access', 200], ['ttl', 200], ['short', 500], ['scope', 200], ['invalidgrant', 500], ['limited', 500], ['throw', 500]]) {
  test(`exchangeToken helper with tokenExchangeCallback '${mode}'`, async () => {
    const r = await bothCleared(withCallback, async (v, vars) => {
      await granted(v, vars, `x.${mode}`);
      return helper(v, vars, { subjectToken: '{{access}}', scope: ['read'] });
    });
    assert.equal(r.status, status, JSON.stringify(r.answer));
    if (mode === 'invalidgrant') assert.deepEqual(r.after, [], 'the grant and its tokens are revoked');
  });
}

// onError's argument for each refused request of the cases above: the reference's reasons.
test('R-TX onError is given the reference\'s code, description and internal reason', async () => {
  const r = await bothCleared(recording, async (v, vars) => {
    const c = await granted(v, vars);
    const other = await client(v, vars, 'other');
    for (const [, extra, status] of CASES) {
      if (status === 200) continue;
      const params = exchangeParams(vars.access, H.fill(extra, vars));
      for (const k of Object.keys(params)) if (params[k] === null) delete params[k];
      await token(v, c, params);
    }
    await token(v, other, exchangeParams(vars.access));
    await editToken(v, vars, { audience: 'https://other.example/api' });
    await token(v, c, exchangeParams(vars.access));
    await editToken(v, vars, { audience: 'https://example.com/api', expiresAt: v.t0 + 30 });
    await token(v, c, exchangeParams(vars.access));
    await v.ok('kv-delete', { key: `grant:user1:${vars.grant}` });
    await editToken(v, vars, { expiresAt: v.t0 + 3000 });
    await token(v, c, exchangeParams(vars.access));
    return v.ok('seen');
  });
  assert.ok(r.length >= 20, `${r.length} answers recorded`);
  assert.ok(r.every((e) => e.internal?.category && e.internal?.reason), JSON.stringify(r));
});
