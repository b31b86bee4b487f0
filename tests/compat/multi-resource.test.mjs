// OAuthAuthorizationServer with several resources, ours against 1.2.3's, side
// by side in one Worker on one OAUTH_KV (harness/as-dual-worker.js): which
// resource an authorization request, completeAuthorization, a code exchange,
// a refresh and a token exchange bind to, the defaultResource and
// legacyGrantResource policies, validateToken per resource, and the
// revocation of earlier grants per resource, and the resource an
// enterprise-managed authorization (ID-JAG jwt-bearer) grant binds to.
// docs/observed/rules-1.2.3.md R-PAR-17, R-CA-15, R-RES-02…04, R-MRES-*,
// R-EMA-02.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { GRANT_TYPE as JWT_BEARER, JWKS, sign } from './harness/idjag.mjs';

const ISSUER = 'https://example.com';
const MCP = 'https://example.com/mcp';
const DRIVE = 'https://example.com/drive';
const Q1 = 'https://example.com/q?t=1';
const Q12 = 'https://example.com/q?t=1&u=2';
const QV = 'https://example.com/q?v=3';
const RESOURCES = [MCP, DRIVE, Q1, Q12, QV];
const BASE = { issuer: ISSUER, resources: RESOURCES, clientRegistrationEndpoint: '/register', scopesSupported: ['read', 'write'],
  allowTokenExchangeGrant: true };
const start = (options, extraCode, host = {}) => H.startWorker({ providerImport: './js-shim/entry-workerd.js', options, extraCode, entry: 'as-dual-worker.js', ...host });
const plain = await start(BASE);
const policy = await start({ ...BASE, defaultResource: DRIVE, legacyGrantResource: MCP });
// enterpriseManagedAuthorization: the issuer's key set served here; the mapper puts what it was told in the props
const IDP = 'https://idp.example.net';
const EMA = `{
  enterpriseManagedAuthorization: {
    trustedIssuers: async ({ iss }) => ({ issuer: iss, jwksUri: iss + '/jwks', algorithms: ['RS256'] }),
    mapClaims: async ({ claims, resource }) => ({ userId: 'ema-' + claims.sub, scope: ['read'], props: { resource, claim: claims.resource ?? null } }),
  },
}`;
const keyServer = () => Response.json(JWKS);
const ema = await start(BASE, EMA, { outboundService: keyServer });
const emaPolicy = await start({ ...BASE, defaultResource: DRIVE }, EMA, { outboundService: keyServer });
after(() => Promise.all([plain.dispose(), policy.dispose(), ema.dispose(), emaPolicy.dispose()]));

async function on(w, impl, path, init = {}) {
  return H.capture(await w.fetch(path, { ...init, headers: { ...(init.headers ?? {}), 'x-impl': impl } }));
}
// The answer of both, tokens and codes aside (random): equal, or the assertion fails.
// Tokens masked; expires_in to 10 s (an exchanged token's lifetime is its subject's time left, which
// the clock may have shortened by a second between the two implementations' runs).
const masked = (r) => JSON.parse(JSON.stringify(r, (k, v) => (['access_token', 'refresh_token'].includes(k) && typeof v === 'string' ? '<token>'
  : k === 'expires_in' && typeof v === 'number' ? Math.round(v / 10) * 10 : v)));
async function same(w, path, init, check) {
  const theirs = await on(w, 'theirs', path, init);
  const ours = await on(w, 'ours', path, init);
  assert.deepEqual(masked(ours), masked(theirs), `${path} ${init?.body ?? ''}`);
  if (check) check(ours);
  return { ours, theirs };
}
const post = (body) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const tokenPost = (params) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: H.form(params) });

// One public client for both (same KV), registered through ours.
async function client(w, grantTypes = ['authorization_code', 'refresh_token']) {
  const reg = await on(w, 'ours', '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'none', grant_types: grantTypes }));
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  return reg.body.client_id;
}
const CHALLENGE = H.pkcePair().challenge;
function authQuery(clientId, resources, extra = {}) {
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: H.REDIRECT_URI, scope: 'read', state: 's',
    code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra });
  for (const r of resources) q.append('resource', r);
  return q;
}

test('construction: several resources accepted by both; the metadata lists them all', async () => {
  for (const w of [plain, policy]) {
    const { ours } = await same(w, '/.well-known/oauth-authorization-server', {});
    assert.deepEqual(ours.body.protected_resources, RESOURCES);
  }
  for (const spec of [{ ...BASE, defaultResource: 'HTTPS://EXAMPLE.COM/drive' }, { ...BASE, legacyGrantResource: [MCP, MCP] },
    { ...BASE, defaultResource: 'https://example.com/q?t=1&u=2&x=9' }, { ...BASE, legacyGrantResource: 'https://example.com/other' }]) {
    const theirs = await on(plain, 'theirs', '/__construct', post(spec));
    const ours = await on(plain, 'ours', '/__construct', post(spec));
    assert.deepEqual(ours.body, theirs.body, JSON.stringify(spec));
  }
});

test('R-PAR-17 and resource selection in parseAuthRequest', async () => {
  const id = await client(plain);
  const cases = [
    [], [MCP], [DRIVE], ['HTTPS://EXAMPLE.COM/drive'], [MCP, MCP], [MCP, DRIVE], [''], ['https://example.com/other'], [`${MCP}#x`],
    [`${MCP}?mode=direct`], [`${DRIVE}/`], ['https://example.com/q?t=1&x=9'], ['https://example.com/q?t=1&u=2&x=9'],
    ['https://example.com/q?t=1&v=3'], ['https://example.com/q'], [Q1], ['https://example.com:443/mcp'], ['not a uri'],
  ];
  let refusedWithoutResource = 0;
  for (const resources of cases) {
    const { ours } = await same(plain, `/__parse?${authQuery(id, resources)}`, {});
    if (resources.length === 0) {
      assert.equal(ours.body.code, 'invalid_target');
      assert.equal(ours.body.error, 'The resource parameter is required when the authorization server has multiple resources');
      assert.ok(ours.body.redirectTo.startsWith(H.REDIRECT_URI));
      refusedWithoutResource++;
    }
  }
  assert.equal(refusedWithoutResource, 1);
  // defaultResource: a request without resource binds to it
  const pid = await client(policy);
  const { ours } = await same(policy, `/__parse?${authQuery(pid, [])}`, {});
  assert.equal(ours.body.value.resource, DRIVE);
  await same(policy, `/__parse?${authQuery(pid, [MCP])}`, {}, (r) => assert.equal(r.body.value.resource, MCP));
});

test('R-PAR-16: parseAuthRequest of a request to another path than the authorization endpoint', async () => {
  const id = await client(plain);
  for (const path of ['/other', '/authorize/', '/Authorize', '/oauth/token']) {
    const { ours } = await same(plain, `/__parse${path}?${authQuery(id, [MCP])}`, {});
    assert.equal(ours.body.code, 'invalid_request', path);
    assert.equal(ours.body.error, 'Authorization request was sent to an unconfigured endpoint', path);
  }
  await same(plain, `/__parse/authorize?${authQuery(id, [MCP])}`, {}, (r) => assert.equal(r.body.value.resource, MCP));
});

test('R-CA-15 and resource selection in completeAuthorization', async () => {
  const id = await client(plain);
  const request = { responseType: 'code', clientId: id, redirectUri: H.REDIRECT_URI, scope: ['read'], state: 's',
    codeChallenge: H.pkcePair().challenge, codeChallengeMethod: 'S256', issuer: ISSUER };
  const { ours } = await same(plain, '/__complete', post({ request }));
  assert.equal(ours.body.code, 'invalid_target');
  assert.equal(ours.body.error, 'The resource parameter is required when the authorization server has multiple resources');
  for (const resource of [['x'], [MCP, DRIVE], 7, null, [], 'https://example.com/other', 'https://example.com/q?t=1&v=3']) {
    await same(plain, '/__complete', post({ request: { ...request, resource } }), (r) => assert.equal(r.body.code, 'invalid_target'));
  }
  // accepted: a grant is written for the named resource (or the default one)
  for (const [w, cid, resource, bound] of [[plain, id, [DRIVE, DRIVE], DRIVE], [plain, id, 'https://example.com/q?t=1&u=2&x=9', Q12],
    [policy, await client(policy), undefined, DRIVE]]) {
    for (const impl of ['theirs', 'ours']) {
      const r = await on(w, impl, '/__complete', post({ request: { ...request, clientId: cid, resource }, userId: `u-${impl}`, revokeExistingGrants: false }));
      assert.ok(r.body.value?.redirectTo, JSON.stringify(r.body));
      const code = new URL(r.body.value.redirectTo).searchParams.get('code');
      const keys = (await on(w, 'ours', '/__keys')).body;
      const key = keys.find((k) => k === `grant:u-${impl}:${code.split(':')[1]}`);
      assert.ok(key);
    }
  }
});

// A code from impl (parseAuthRequest, then completeAuthorization keeping earlier grants) for the
// resources given (none: the default).
async function authorize(w, impl, id, resources, userId = 'user1') {
  const { verifier, challenge } = H.pkcePair();
  const q = authQuery(id, resources, { code_challenge: challenge, code_challenge_method: 'S256' });
  const parsed = await on(w, impl, `/__parse?${q}`);
  assert.ok(parsed.body.value, JSON.stringify(parsed.body));
  const done = await on(w, impl, '/__complete', post({ request: parsed.body.value, userId, scope: ['read'], revokeExistingGrants: false }));
  assert.ok(done.body.value, JSON.stringify(done.body));
  return { code: new URL(done.body.value.redirectTo).searchParams.get('code'), verifier };
}
const codeParams = (id, a, extra = {}) => ({ grant_type: 'authorization_code', code: a.code, redirect_uri: H.REDIRECT_URI, client_id: id, code_verifier: a.verifier, ...extra });

test('the token endpoint: the grant\'s resource, R-TOKEN-09 against the registry, R-RES-02', async () => {
  const id = await client(plain);
  // code exchange: each extra on a fresh code from each implementation
  const extras = [{}, { resource: DRIVE }, { resource: MCP }, { resource: 'https://example.com/other' }, { resource: `${DRIVE}?x=1` },
    { resource: 'HTTPS://example.com/drive' }, { resource: '' }];
  const tokens = {};
  for (const extra of extras) {
    const answers = {};
    for (const impl of ['theirs', 'ours']) {
      const a = await authorize(plain, impl, id, [DRIVE]);
      answers[impl] = await on(plain, impl, '/oauth/token', tokenPost(codeParams(id, a, extra)));
      if (answers[impl].status === 200) tokens[impl] = answers[impl].body;
    }
    assert.deepEqual(masked(answers.ours), masked(answers.theirs), JSON.stringify(extra));
  }
  assert.equal(tokens.ours.resource, DRIVE);
  // refresh: the grant's resource, or a mismatch (R-RES-02), or one the registry lacks (R-TOKEN-09)
  for (const extra of [{ resource: MCP }, { resource: 'https://example.com/nope' }, {}, { resource: DRIVE }]) {
    const answers = {};
    for (const impl of ['theirs', 'ours']) {
      answers[impl] = await on(plain, impl, '/oauth/token', tokenPost({ grant_type: 'refresh_token', refresh_token: tokens[impl].refresh_token, client_id: id, ...extra }));
      if (answers[impl].status === 200) tokens[impl] = answers[impl].body;
    }
    assert.deepEqual(masked(answers.ours), masked(answers.theirs), JSON.stringify(extra));
  }
  // validateToken: for its own resource only, on tokens either one issued
  for (const impl of ['theirs', 'ours']) {
    const token = tokens[impl].access_token;
    await same(plain, '/__validate', post({ resource: DRIVE, token }), (r) => assert.equal(r.body.value.audience, DRIVE));
    await same(plain, '/__validate', post({ resource: MCP, token }), (r) => assert.equal(r.body.value, null));
    await same(plain, '/__validate', post({ resource: 'HTTPS://EXAMPLE.COM/drive', token }), (r) => assert.equal(r.body.value.audience, DRIVE));
    for (const resource of ['https://example.com/other', `${DRIVE}?x=1`, 7]) {
      await same(plain, '/__validate', post({ resource, token }), (r) => assert.equal(r.body.name, 'TypeError'));
    }
  }
});

test('R-RES-03/04 and legacyGrantResource: grants and tokens stored without a resource', async () => {
  for (const [w, name] of [[plain, 'plain'], [policy, 'policy']]) {
    const id = await client(w);
    for (const extra of [{}, { resource: DRIVE }, { resource: MCP }]) {
      const answers = {};
      const grants = {};
      for (const impl of ['theirs', 'ours']) {
        const a = await authorize(w, impl, id, [MCP]);
        const key = `grant:user1:${a.code.split(':')[1]}`;
        await on(w, 'ours', '/__kv', post({ key, edit: { resource: null } }));
        answers[impl] = await on(w, impl, '/oauth/token', tokenPost(codeParams(id, a, extra)));
        grants[impl] = (await on(w, 'ours', '/__keys')).body.includes(key);
      }
      assert.deepEqual(masked(answers.ours), masked(answers.theirs), `${name} ${JSON.stringify(extra)}`);
      assert.deepEqual(grants.ours, grants.theirs);
      const expected = name === 'plain' ? 'invalid_grant' : extra.resource === DRIVE ? 'invalid_target' : undefined;
      assert.equal(answers.ours.body.error, expected, `${name} ${JSON.stringify(extra)}`);
      if (!expected) assert.equal(answers.ours.body.resource, MCP);
    }
    // an access token record without audience: valid for the legacy resource only
    for (const impl of ['theirs', 'ours']) {
      const a = await authorize(w, impl, id, [MCP]);
      const tok = await on(w, impl, '/oauth/token', tokenPost(codeParams(id, a)));
      assert.equal(tok.status, 200);
      const token = tok.body.access_token;
      const key = (await on(w, 'ours', '/__keys')).body.find((k) => k.startsWith(`token:user1:${token.split(':')[1]}:`));
      await on(w, 'ours', '/__kv', post({ key, edit: { audience: null } }));
      for (const resource of [MCP, DRIVE]) await same(w, '/__validate', post({ resource, token }));
    }
  }
});

test('completeAuthorization revokes earlier grants of the same resource only', async () => {
  const id = await client(plain);
  const live = {};
  for (const impl of ['theirs', 'ours']) {
    const user = `rev-${impl}`;
    const first = await authorize(plain, impl, id, [MCP], user);
    const t1 = await on(plain, impl, '/oauth/token', tokenPost(codeParams(id, first)));
    // later grants through /__complete, which revokes earlier ones by default
    const issue = async (resource) => {
      const { verifier, challenge } = H.pkcePair();
      const r = await on(plain, impl, '/__complete', post({ userId: user, scope: ['read'], request: { responseType: 'code', clientId: id,
        redirectUri: H.REDIRECT_URI, scope: ['read'], state: 's', codeChallenge: challenge, codeChallengeMethod: 'S256', resource, issuer: ISSUER } }));
      const code = new URL(r.body.value.redirectTo).searchParams.get('code');
      return (await on(plain, impl, '/oauth/token', tokenPost(codeParams(id, { code, verifier })))).body.access_token;
    };
    assert.equal(t1.status, 200);
    const mcp = await issue(MCP);
    const drive = await issue(DRIVE);
    const mcp2 = await issue(MCP);
    live[impl] = [];
    for (const [resource, token] of [[MCP, mcp], [DRIVE, drive], [MCP, mcp2]]) {
      const v = await on(plain, 'ours', '/__validate', post({ resource, token }));
      live[impl].push(v.body.value !== null);
    }
  }
  assert.deepEqual(live.ours, live.theirs);
  assert.deepEqual(live.ours, [false, true, true]);
});

test('token exchange keeps the subject token\'s resource', async () => {
  const id = await client(plain, ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange']);
  for (const extra of [{}, { resource: DRIVE }, { resource: MCP }, { resource: 'https://example.com/other' }]) {
    const answers = {};
    for (const impl of ['theirs', 'ours']) {
      const a = await authorize(plain, impl, id, [DRIVE]);
      const subject = (await on(plain, impl, '/oauth/token', tokenPost(codeParams(id, a)))).body.access_token;
      answers[impl] = await on(plain, impl, '/oauth/token', tokenPost({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange', client_id: id,
        subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token', ...extra }));
    }
    assert.deepEqual(masked(answers.ours), masked(answers.theirs), JSON.stringify(extra));
    const refused = extra.resource !== undefined && extra.resource !== DRIVE;
    assert.equal(answers.ours.status, refused ? 400 : 200, JSON.stringify(extra));
    if (!refused) assert.equal(answers.ours.body.resource, DRIVE);
  }
});

test('the exchangeToken helper keeps the subject token\'s resource', async () => {
  const id = await client(plain, ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange']);
  for (const aud of [undefined, DRIVE, [DRIVE, DRIVE], 'HTTPS://EXAMPLE.COM/drive', MCP, [DRIVE, MCP], 'x', 7, null]) {
    const answers = {};
    for (const impl of ['theirs', 'ours']) {
      const a = await authorize(plain, impl, id, [DRIVE]);
      const subjectToken = (await on(plain, impl, '/oauth/token', tokenPost(codeParams(id, a)))).body.access_token;
      answers[impl] = await on(plain, impl, '/__exchange', post({ subjectToken, aud }));
    }
    assert.deepEqual(masked(answers.ours), masked(answers.theirs), JSON.stringify(aud));
    const served = aud === undefined || [DRIVE, 'HTTPS://EXAMPLE.COM/drive'].includes(aud) || (Array.isArray(aud) && aud[1] === DRIVE);
    assert.equal(answers.ours.body.value?.resource, served ? DRIVE : undefined, JSON.stringify(aud));
    if (!served) assert.equal(answers.ours.body.code, 'invalid_target');
  }
});

// R-EMA-02: the ID-JAG jwt-bearer grant binds its token to the request's resource (as the token
// endpoint reads it), else defaultResource, else refuses; the assertion's resource claim never
// chooses, it must name the chosen one (R-EMA-19). Each implementation redeems its own assertion
// (a jti of its own: the replay markers share the KV); answers, props and validateToken per resource compared.
test('R-EMA-02: the resource of an enterprise-managed authorization grant with several resources', async () => {
  let n = 0;
  const cases = [
    [ema, [], undefined, 'The resource parameter is required when the authorization server has multiple resources'],
    [ema, [], DRIVE, 'The resource parameter is required when the authorization server has multiple resources'],
    [ema, [DRIVE], undefined, DRIVE],
    [ema, ['HTTPS://EXAMPLE.COM/drive'], undefined, DRIVE],
    [ema, [DRIVE, DRIVE], DRIVE, DRIVE],
    [ema, [`${MCP}?mode=direct`], MCP, MCP],
    [ema, ['https://example.com/q?t=1&u=2&x=9'], undefined, Q12],
    [ema, [DRIVE], 'HTTPS://EXAMPLE.COM/drive', DRIVE],
    [ema, [DRIVE], MCP, 'Invalid resource'],
    [ema, [DRIVE], 'urn:example:drive', 'Invalid resource'],
    [ema, [MCP, DRIVE], undefined, 'The resource parameter must name exactly one configured protected resource'],
    [ema, ['https://example.com/other'], undefined, 'The resource parameter must name exactly one configured protected resource'],
    [ema, ['https://example.com/q?t=1&v=3'], undefined, 'The resource parameter must name exactly one configured protected resource'],
    [ema, [''], undefined, 'The resource parameter must name exactly one configured protected resource'],
    [emaPolicy, [], undefined, DRIVE],
    [emaPolicy, [], DRIVE, DRIVE],
    [emaPolicy, [MCP], undefined, MCP],
    [emaPolicy, [], MCP, 'Invalid resource'],
  ];
  const clients = new Map();
  for (const [w, resources, claim, expected] of cases) {
    if (!clients.has(w)) {
      const reg = await on(w, 'ours', '/register', post({ redirect_uris: [H.REDIRECT_URI], token_endpoint_auth_method: 'client_secret_basic' }));
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      clients.set(w, reg.body);
    }
    const { client_id: id, client_secret: secret } = clients.get(w);
    const label = `${w === ema ? 'ema' : 'emaPolicy'} ${JSON.stringify(resources)} claim ${claim}`;
    const answers = {};
    const checks = {};
    for (const impl of ['theirs', 'ours']) {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: IDP, sub: 'alice', aud: ISSUER, client_id: id, jti: `mr-${++n}`, exp: now + 120, iat: now, ...(claim ? { resource: claim } : {}) };
      const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion: await sign('RS256', { alg: 'RS256', typ: 'oauth-id-jag+jwt', kid: 'rsa-1' }, claims) });
      for (const r of resources) body.append('resource', r);
      answers[impl] = await on(w, impl, '/oauth/token', { method: 'POST', body: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: H.basicAuth(id, secret) } });
      // the token at validateToken, for each resource, by both implementations
      const token = answers[impl].body.access_token;
      if (token) {
        checks[impl] = [];
        for (const resource of [MCP, DRIVE, Q12]) {
          for (const by of ['theirs', 'ours']) checks[impl].push((await on(w, by, '/__validate', post({ resource, token }))).body.value);
        }
      }
    }
    assert.deepEqual(masked(answers.ours), masked(answers.theirs), label);
    const ok = expected.startsWith('https://');
    assert.equal(answers.ours.status, ok ? 200 : 400, label);
    if (!ok) {
      assert.deepEqual([answers.ours.body.error, answers.ours.body.error_description], ['invalid_target', expected], label);
      continue;
    }
    assert.equal(answers.ours.body.resource, expected, label);
    const strip = (vs) => vs.map((v) => v && { ...v, expiresAt: typeof v.expiresAt });
    assert.deepEqual(strip(checks.ours), strip(checks.theirs), label);
    // bound to the chosen resource only; the mapper was told it
    const valid = checks.ours.filter(Boolean);
    assert.equal(valid.length, 2, label);
    assert.ok(valid.every((v) => v.audience === expected && v.props.resource === expected), `${label}: ${JSON.stringify(valid)}`);
  }
});
