// OAuthResourceServer, ours against 1.2.3's, side by side in one Worker
// (harness/rs-dual-worker.js): the same options, the same validator results
// and throws, the same requests; status, every header (WWW-Authenticate,
// CORS) and body must be equal. docs/observed/rules-1.2.3.md 9.7 (R-RS-*).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';

const O = H.ORIGIN;
const RESOURCE = `${O}/mcp`;
const OPTIONS = {
  resourceMetadata: { resource: RESOURCE, authorization_servers: ['https://auth.example.com'], resource_name: 'Calendar' },
  requiredScopes: ['read', 'offline_access', 'read', 'cal:view'],
};
const w = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: OPTIONS, entry: 'rs-dual-worker.js' });
after(() => w.dispose());

// Both answers to one request; the handler's clock-dependent expiresAt is the validator's own.
async function both(path, init = {}) {
  const out = {};
  for (const impl of ['theirs', 'ours']) {
    const headers = { ...(init.headers ?? {}), 'x-impl': impl };
    out[impl] = await H.capture(await w.fetch(path, { ...init, headers }));
  }
  return out;
}

async function same(path, init, check) {
  const { theirs, ours } = await both(path, init);
  assert.deepEqual(ours, theirs);
  if (check) check(ours);
  return ours;
}

const bearer = (validation, extra = {}) => ({
  headers: { authorization: 'Bearer tok-123', 'x-test-validation': JSON.stringify(validation), ...extra },
});
const good = (more = {}) => ({ return: { props: { user: 'u1' }, audience: RESOURCE, scope: ['read'], userId: 'u1', clientId: 'c1', ...more } });
const ORIGIN_HDR = { origin: 'https://app.example' };

test('R-RS-01…10: construction refusals carry 1.2.3\'s messages', async () => {
  const rm = OPTIONS.resourceMetadata;
  const cases = [
    { notObject: null }, { notObject: 'x' }, { notObject: 0 },
    { handler: 'none', options: { resourceMetadata: rm } },
    { handler: 'object', options: { resourceMetadata: rm } },
    { validateToken: 'none', options: { resourceMetadata: rm } },
    { options: {} },
    { options: { resourceMetadata: { ...rm, resource: 'https://Example.com/mcp' } } },
    { options: { resourceMetadata: { ...rm, resource: 'https://example.com/a/../mcp' } } },
    { options: { resourceMetadata: { ...rm, resource: 'https://user@example.com/mcp' } } },
    { options: { resourceMetadata: { ...rm, resource: 'http://example.com/mcp' } } },
    { options: { resourceMetadata: { ...rm, resource: 'http://localhost:8787/mcp' } } },
    { options: { resourceMetadata: { ...rm, resource: 'https://example.com/mcp#f' } } },
    { options: { resourceMetadata: { ...rm, resource: 'https://example.com/.well-known/oauth-protected-resource/x' } } },
    { options: { resourceMetadata: { ...rm, resource: 'https://example.com/.well-known/oauth-protected-resourcex' } } },
    { options: { resourceMetadata: { resource: RESOURCE } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: [] } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: 'https://a.example' } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: ['https://a.example/?x=1'] } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: ['https://a.example/?'] } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: ['https://A.example'] } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: [7] } } },
    { options: { resourceMetadata: { resource: RESOURCE, authorization_servers: ['http://127.0.0.1:9/x'] } } },
    { options: { resourceMetadata: { ...rm, bearer_methods_supported: ['header'] } } },
    { options: { resourceMetadata: { ...rm, bearer_methods_supported: ['body'] } } },
    { options: { resourceMetadata: { ...rm, bearer_methods_supported: ['header', 'query'] } } },
    { options: { resourceMetadata: { ...rm, bearer_methods_supported: [] } } },
    { options: { resourceMetadata: { ...rm, bearer_methods_supported: null } } },
    { options: { resourceMetadata: { ...rm, scopes_supported: ['a'] }, requiredScopes: ['b'] } },
    { options: { resourceMetadata: { ...rm, scopes_supported: ['a'] }, requiredScopes: null } },
    { options: { resourceMetadata: { ...rm, scopes_supported: ['a b'] } } },
    { options: { resourceMetadata: rm, requiredScopes: ['ok', 'not ok'] } },
    { options: { resourceMetadata: rm, requiredScopes: [1] } },
    { options: { resourceMetadata: rm, requiredScopes: 'abc' } },
    { options: { resourceMetadata: rm, requiredScopes: 'a"c' } },
    { options: { resourceMetadata: rm, requiredScopes: null } },
    { options: { resourceMetadata: rm, requiredScopes: [] } },
    { handler: 'class', options: { resourceMetadata: rm } },
  ];
  let refused = 0;
  for (const spec of cases) {
    const { theirs, ours } = await both('/__construct', { method: 'POST', body: JSON.stringify(spec) });
    assert.deepEqual(ours.body, theirs.body, JSON.stringify(spec));
    if (theirs.body.error) refused++;
  }
  assert.ok(refused >= 25, `refusals exercised: ${refused}`);
});

test('R-RS-11/12: the metadata namespace (document, 404, 405, OPTIONS, HEAD), with CORS', async () => {
  const doc = await same('/.well-known/oauth-protected-resource/mcp', {}, (r) => assert.equal(r.status, 200));
  assert.deepEqual(doc.body, {
    resource: RESOURCE, authorization_servers: ['https://auth.example.com'], scopes_supported: ['read', 'cal:view'],
    bearer_methods_supported: ['header'], resource_name: 'Calendar',
  });
  await same('/.well-known/oauth-protected-resource/mcp', { headers: ORIGIN_HDR });
  await same('/.well-known/oauth-protected-resource/mcp', { method: 'HEAD' });
  await same('/.well-known/oauth-protected-resource/mcp', { method: 'POST', headers: ORIGIN_HDR }, (r) => assert.equal(r.status, 405));
  await same('/.well-known/oauth-protected-resource/mcp', { method: 'OPTIONS', headers: ORIGIN_HDR }, (r) => assert.equal(r.status, 204));
  await same('/.well-known/oauth-protected-resource', { headers: ORIGIN_HDR }, (r) => assert.equal(r.status, 404));
  await same('/.well-known/oauth-protected-resource/other', {}, (r) => assert.equal(r.status, 404));
  await same('/.well-known/oauth-protected-resource/other', { method: 'POST' }, (r) => assert.equal(r.status, 404));
  await same('https://other.example/.well-known/oauth-protected-resource/mcp', {}, (r) => assert.equal(r.status, 404));
});

test('R-RS-13: outside the resource: a bare 404 without CORS', async () => {
  for (const p of ['/', '/mcpx', '/other/mcp', 'https://other.example/mcp', 'http://example.com/mcp']) {
    await same(p, { headers: { ...ORIGIN_HDR, authorization: 'Bearer x' } }, (r) => {
      assert.equal(r.status, 404);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
    });
  }
  await same('/mcp/deeper/still', { method: 'OPTIONS', headers: ORIGIN_HDR }, (r) => assert.equal(r.status, 204));
});

test('R-RS-14: no usable Bearer credential: 401 with the challenge naming the required scopes', async () => {
  for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b', 'bearer\tx y', 'Bearerx']) {
    const headers = authorization === undefined ? { ...ORIGIN_HDR } : { ...ORIGIN_HDR, authorization };
    await same('/mcp', { headers }, (r) => {
      assert.equal(r.status, 401);
      assert.equal(r.headers['www-authenticate'],
        `Bearer realm="OAuth", resource_metadata="${O}/.well-known/oauth-protected-resource/mcp", scope="read cal:view"`);
    });
  }
});

test('valid results: the handler gets ctx.props and ctx.auth (and CORS kept where it set its own)', async () => {
  const r = await same('/mcp/tools', bearer(good({ expiresAt: 4102444800 })), (x) => assert.equal(x.status, 200));
  assert.deepEqual(r.body.auth, { token: 'tok-123', audience: RESOURCE, expiresAt: 4102444800, scope: ['read'], userId: 'u1', clientId: 'c1' });
  assert.deepEqual(r.body.props, { user: 'u1' });
  await same('/mcp', bearer({ return: { props: null, audience: 'HTTPS://EXAMPLE.COM/mcp' } }), (x) => assert.equal(x.status, 200));
  await same('/mcp', bearer({ return: { props: 1, audience: RESOURCE, echo: true } }), (x) => assert.equal(x.body.props.resource, RESOURCE));
  await same('/mcp', bearer(good(), ORIGIN_HDR));
  await same('/mcp', bearer(good(), { ...ORIGIN_HDR, 'x-handler-cors': '1' }), (x) =>
    assert.equal(x.headers['access-control-allow-origin'], 'https://only.example'));
  await same('/mcp', bearer({ return: { props: {}, audience: RESOURCE, scope: [] } }));
  await same('/mcp', bearer({ return: { props: {}, audience: RESOURCE, now: true } }), (x) => assert.equal(x.status, 200));
});

test('R-RS-20: unusable results: 401 with error="invalid_token"', async () => {
  const bad = [
    { return: null }, { returnUndefined: true }, { return: 'yes' }, { return: true }, { return: [] },
    { return: { audience: RESOURCE } },
    { return: { props: {}, audience: `${O}/other` } }, { return: { props: {}, audience: `${O}/mcp/` } },
    { return: { props: {}, audience: [RESOURCE] } }, { return: { props: {} } },
    { return: { props: {}, audience: RESOURCE, expiresAt: 1 } },
    { return: { props: {}, audience: RESOURCE, expiresAt: '4102444800' } },
    { return: { props: {}, audience: RESOURCE, expiresAt: null } },
    { return: { props: {}, audience: RESOURCE, scope: 'read' } },
    { return: { props: {}, audience: RESOURCE, scope: ['a b'] } },
    { return: { props: {}, audience: RESOURCE, scope: [1] } },
    { return: { props: {}, audience: RESOURCE, userId: 5 } },
    { return: { props: {}, audience: RESOURCE, clientId: null } },
  ];
  for (const v of bad) {
    await same('/mcp', bearer(v, ORIGIN_HDR), (r) => {
      assert.equal(r.status, 401, JSON.stringify(v));
      assert.match(r.headers['www-authenticate'], /error="invalid_token"/);
    });
  }
});

test('R-RS-15…19: what validateToken throws', async () => {
  const cases = [
    [{ oauthError: ['invalid_token', { description: 'revoked' }] }, 401],
    [{ oauthError: ['invalid_token', { description: 'mine', headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", x="1"' } }] }, 401],
    [{ oauthError: ['insufficient_scope', { description: 'more' }] }, 403],
    [{ oauthError: ['insufficient_scope', { description: 'more', requiredScopes: ['write', 'write', 'offline_access'] }] }, 403],
    [{ oauthError: ['insufficient_scope', { description: 'more', requiredScopes: [] }] }, 403],
    [{ oauthError: ['insufficient_scope', { description: 'bad', requiredScopes: ['a b'] }] }, 503],
    [{ oauthError: ['insufficient_scope', { description: 'own', requiredScopes: ['a b'], headers: { 'www-authenticate': 'Bearer' } }] }, 403],
    [{ oauthError: ['temporarily_unavailable', { description: 'slow down', statusCode: 429, headers: { 'Retry-After': '60' } }] }, 429],
    [{ oauthError: ['server_error', { description: 'x' }] }, 400],
    [{ throw: 'binding down' }, 503],
    [{ throwEarly: 'no binding' }, 503],
  ];
  for (const [v, status] of cases) {
    await same('/mcp', bearer(v), (r) => assert.equal(r.status, status, JSON.stringify(v)));
    await same('/mcp/x', bearer(v, ORIGIN_HDR), (r) => assert.equal(r.status, status, JSON.stringify(v)));
  }
});

test('a WorkerEntrypoint handler gets ctx.props and ctx.auth as this.ctx', async () => {
  const e = await H.startWorker({ providerImport: './js-shim/entry-workerd.js', options: { ...OPTIONS, entrypoint: true }, entry: 'rs-dual-worker.js' });
  try {
    const out = {};
    for (const impl of ['theirs', 'ours']) {
      const init = bearer(good({ expiresAt: 4102444800 }), { ...ORIGIN_HDR, 'x-impl': impl });
      out[impl] = await H.capture(await e.fetch('/mcp/x', init));
    }
    assert.deepEqual(out.ours, out.theirs);
    assert.equal(out.ours.status, 200);
    assert.equal(out.ours.body.entrypoint, true);
    assert.deepEqual(out.ours.body.props, { user: 'u1' });
    assert.equal(out.ours.body.auth.userId, 'u1');
  } finally {
    await e.dispose();
  }
});
