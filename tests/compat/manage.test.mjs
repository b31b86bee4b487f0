// Issue #17, client and grant management helpers, differential: ours and the reference (1.2.3) in one
// workerd on one KV namespace. Each scenario's data is written by one library (the writer), loaded
// into a cleared KV for each side in turn; the same helper calls then give both sides the same
// results (random ids, secrets and hashes replaced by their names) and leave the same KV behind.
// Both writers are run, so each library reads, updates and deletes what the other wrote.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './harness/index.mjs';
import { startDual } from './harness/dual.mjs';

const pair = await startDual(H.CONFIGS.v1);
after(() => pair.dispose());
pair.ours.name = 'ours';
pair.theirs.name = 'theirs';
const WRITERS = [pair.theirs, pair.ours];

// A helper call: {value} or {error: {name, message}} (the thrown error's class and message).
async function call(v, op, body) {
  try {
    return { value: await v.test(op, body) };
  } catch (e) {
    const he = e.body?.helperError;
    assert.ok(he, `${v.name} ${op}: ${e.message}`);
    return { error: { name: he.name, message: he.message } };
  }
}

async function value(v, op, body) {
  const r = await call(v, op, body);
  assert.ok(!r.error, `${v.name} ${op}: ${JSON.stringify(r.error)}`);
  return r.value;
}

// KV as compared: each record's key, value and metadata; an expiration as present or not (a write
// made during the call gets now + TTL, which may tick between the two sides).
// The same for a client's registrationExpiresAt (now + clientRegistrationTTL): checked, then named.
const kvView = (records) => records.map((r) => {
  let value = r.value;
  if (value && typeof value === 'object' && typeof value.registrationExpiresAt === 'number') {
    const left = value.registrationExpiresAt - Date.now() / 1000;
    value = { ...value, registrationExpiresAt: left > 90 * 86400 - 60 && left <= 90 * 86400 ? 'now + 90 days' : left };
  }
  return { key: r.key, value, metadata: r.metadata, expires: r.expiration != null };
});

function normalize(x, vars) {
  const s = JSON.stringify(H.normalize(x, vars)).replace(/\b[0-9a-f]{64}\b/g, '{{hash}}');
  return JSON.parse(s);
}

// setup(writer, vars) writes the data; run(v, vars) makes the calls on each side. Returns the
// reference's normalized {result, kv} per writer, after asserting ours is the same.
async function scenario(setup, run) {
  const seen = [];
  for (const writer of WRITERS) {
    await writer.clearKV();
    const vars = {};
    await setup(writer, vars);
    const records = await writer.dumpKV();
    const out = {};
    for (const v of [pair.theirs, pair.ours]) {
      await v.clearKV();
      await v.test('kv-load', { records });
      const result = await run(v, { ...vars });
      out[v.name] = normalize({ result, kv: kvView(await v.dumpKV()) }, vars);
    }
    assert.deepEqual(out.ours, out.theirs, `data written by ${writer.name}`);
    seen.push(out.theirs);
  }
  return seen;
}

async function client(v, vars, name, extra = {}) {
  const c = await value(v, 'createClient', { redirectUris: [H.REDIRECT_URI], clientName: name, ...extra });
  vars[name] = c.clientId;
  if (c.clientSecret) vars[name + '_secret'] = c.clientSecret;
  return c;
}

// A grant of user to c, its code exchanged: the tokens, named <name>_access / <name>_refresh.
async function grant(v, vars, c, user, name) {
  const { verifier, challenge } = H.pkcePair();
  const { code } = await H.authorize(v, { clientId: c.clientId, challenge, user });
  assert.ok(code, 'authorization code issued');
  vars[name] = code.split(':')[1];
  const params = { grant_type: 'authorization_code', code, redirect_uri: H.REDIRECT_URI, code_verifier: verifier };
  const t = c.clientSecret ? await H.tokenRequest(v, params, { basic: [c.clientId, c.clientSecret] })
    : await H.tokenRequest(v, { ...params, client_id: c.clientId });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  vars[name + '_access'] = t.body.access_token;
  vars[name + '_refresh'] = t.body.refresh_token;
  return t.body;
}

test('listClients: every client, in pages with a cursor, as ClientInfo', async () => {
  const seen = await scenario(async (w, vars) => {
    await client(w, vars, 'alpha');
    await client(w, vars, 'beta', { tokenEndpointAuthMethod: 'none' });
    await client(w, vars, 'gamma', { tokenEndpointAuthMethod: 'client_secret_post', contacts: ['a@example.com'] });
    await w.test('kv-put', { key: 'grant:u:AAAAAAAAAAAAAAAA', value: { id: 'AAAAAAAAAAAAAAAA' } });
  }, async (v) => {
    // The reference lists a page in the order its reads complete: items compared by name.
    const all = await call(v, 'listClients', {});
    all.value?.items.sort((a, b) => a.clientName.localeCompare(b.clientName));
    const first = await value(v, 'listClients', { options: { limit: 2 } });
    const rest = await value(v, 'listClients', { options: { limit: 2, cursor: first.cursor } });
    return { all, first: { n: first.items.length, cursor: typeof first.cursor }, rest };
  });
  for (const s of seen) {
    assert.equal(s.result.all.value.items.length, 3);
    assert.deepEqual(s.result.first, { n: 2, cursor: 'string' });
    assert.equal(s.result.rest.items.length, 1);
    assert.equal(s.result.rest.cursor, undefined);
    assert.ok(s.result.all.value.items.every((c) => c.authMethodExplicit === undefined));
  }
});

test('updateClient: the update laid over the record, secrets hashed, the same refusals', async () => {
  const seen = await scenario(async (w, vars) => {
    await client(w, vars, 'alpha');
    await client(w, vars, 'beta', { tokenEndpointAuthMethod: 'none' });
  }, async (v, vars) => {
    const out = {};
    const up = (id, updates) => call(v, 'updateClient', { clientId: id, updates });
    out.rename = await up(vars.alpha, { clientName: 'Alpha 2', logoUri: 'https://client.example.org/l.png', clientId: 'other' });
    out.secret = await up(vars.alpha, { clientSecret: 'S'.repeat(32), tokenEndpointAuthMethod: 'client_secret_post' });
    out.uris = await up(vars.alpha, { redirectUris: ['http://127.0.0.1:9000/cb', H.REDIRECT_URI] });
    out.toPublic = await up(vars.alpha, { tokenEndpointAuthMethod: 'none' });
    out.toConfidential = await up(vars.beta, { tokenEndpointAuthMethod: 'client_secret_basic', clientSecret: 'T'.repeat(32) });
    out.grants = await up(vars.beta, { grantTypes: ['authorization_code'], responseTypes: ['code'] });
    out.unknown = await up('noSuchClient0000', { clientName: 'x' });
    out.undefinedMember = await call(v, 'updateClient', { clientId: vars.beta, updates: { tosUri: 'https://client.example.org/tos' }, undefined: ['clientName', 'contacts'] });
    for (const [k, updates] of Object.entries({
      emptyUris: { redirectUris: [] },
      dangerous: { redirectUris: ['javascript:alert(1)'] },
      fragment: { redirectUris: ['https://client.example.org/cb#x'] },
      remoteHttp: { redirectUris: ['http://client.example.org/cb'] },
      method: { tokenEndpointAuthMethod: 'private_key_jwt' },
      grant: { grantTypes: ['authorization_code', 'client_credentials'] },
      response: { responseTypes: ['code', 'token'] },
      together: { grantTypes: ['refresh_token'] },
    })) out[k] = await up(vars.alpha, updates);
    return out;
  });
  for (const s of seen) {
    const r = s.result;
    assert.equal(r.rename.value.clientName, 'Alpha 2');
    assert.equal(r.rename.value.clientId, '{{alpha}}');
    assert.equal(r.secret.value.clientSecret, 'S'.repeat(32));
    assert.equal(r.toPublic.value.clientSecret, undefined);
    assert.equal(r.unknown.value, null);
    assert.equal(r.undefinedMember.value.clientName, undefined, 'a member given as undefined is removed');
    assert.deepEqual(r.emptyUris.error, { name: 'Error', message: 'redirectUris must not be empty' });
    assert.deepEqual(r.dangerous.error, { name: 'Error', message: 'Invalid redirect URI' });
    assert.deepEqual(r.remoteHttp.error, { name: 'Error', message: 'Redirect URI must use https, or http on a loopback host' });
    assert.deepEqual(r.method.error, { name: 'Error', message: 'Unsupported token_endpoint_auth_method: private_key_jwt' });
    assert.deepEqual(r.grant.error, { name: 'Error', message: 'Unsupported grant_type: client_credentials' });
    assert.deepEqual(r.response.error, { name: 'Error', message: 'Unsupported response_type: token' });
    assert.deepEqual(r.together.error, { name: 'Error', message: 'grant_types authorization_code and response_types code must be registered together' });
  }
});

test('updateClient: a client updated by either authenticates with its new secret on the other', async () => {
  const seen = await scenario(async (w, vars) => {
    const c = await client(w, vars, 'alpha');
    await value(w, 'updateClient', { clientId: c.clientId, updates: { clientSecret: 'N'.repeat(32) } });
  }, async (v, vars) => {
    const r = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: 'u:AAAAAAAAAAAAAAAA:' + 'B'.repeat(32) }, { basic: [vars.alpha, 'N'.repeat(32)] });
    const old = await H.tokenRequest(v, { grant_type: 'refresh_token', refresh_token: 'u:AAAAAAAAAAAAAAAA:' + 'B'.repeat(32) }, { basic: [vars.alpha, vars.alpha_secret] });
    return { newSecret: [r.status, r.body], oldSecret: [old.status, old.body] };
  });
  for (const s of seen) {
    assert.deepEqual(s.result.newSecret, [400, { error: 'invalid_grant', error_description: 'Grant not found' }], 'authenticated');
    assert.equal(s.result.oldSecret[0], 401);
  }
});

test('deleteClient: the client, then every grant and token of it, for all users; nothing of others', async () => {
  const seen = await scenario(async (w, vars) => {
    const a = await client(w, vars, 'alpha');
    const b = await client(w, vars, 'beta');
    await grant(w, vars, a, 'user1', 'g1');
    await grant(w, vars, a, 'user2', 'g2');
    await grant(w, vars, b, 'user1', 'g3');
    const { challenge } = H.pkcePair();
    await H.authorize(w, { clientId: a.clientId, challenge, user: 'user3' }); // a pending code
  }, async (v, vars) => {
    const del = await call(v, 'deleteClient', { clientId: vars.alpha });
    const again = await call(v, 'deleteClient', { clientId: vars.alpha });
    const api = await H.capture(await v.fetch('/api/x', { headers: { authorization: `Bearer ${vars.g3_access}` } }));
    return { del, again, beta: api.status };
  });
  for (const s of seen) {
    assert.deepEqual(s.result.del, { value: null });
    assert.equal(s.result.beta, 200);
    assert.deepEqual(s.kv.map((r) => r.key).filter((k) => !k.startsWith('client:')).map((k) => k.split(':').slice(0, 3).join(':')),
      ['grant:user1:{{g3}}', 'token:user1:{{g3}}']);
    assert.deepEqual(s.kv.filter((r) => r.key.startsWith('client:')).map((r) => r.key), ['client:{{beta}}']);
  }
});

test('unwrapToken: the summary with decrypted props; null for anything else', async () => {
  const seen = await scenario(async (w, vars) => {
    const a = await client(w, vars, 'alpha');
    await grant(w, vars, a, 'user1', 'g1');
  }, async (v, vars) => {
    const out = {};
    for (const [k, token] of Object.entries({
      access: vars.g1_access,
      refresh: vars.g1_refresh,
      flipped: vars.g1_access.slice(0, -1) + (vars.g1_access.endsWith('A') ? 'B' : 'A'),
      twoParts: vars.g1_access.split(':').slice(1).join(':'),
      fourParts: 'x:' + vars.g1_access,
      garbage: 'garbage',
    })) out[k] = await call(v, 'unwrapToken', { token });
    return out;
  });
  for (const s of seen) {
    assert.deepEqual(s.result.access.value.grant.props, { name: 'alice' });
    assert.equal(s.result.access.value.grant.clientId, '{{alpha}}');
    for (const k of ['refresh', 'flipped', 'twoParts', 'fourParts', 'garbage']) assert.deepEqual(s.result[k], { value: null }, k);
  }
});

test('listUserGrants: pages of one with a cursor', async () => {
  await scenario(async (w, vars) => {
    const a = await client(w, vars, 'alpha');
    await grant(w, vars, a, 'user1', 'g1');
    const b = await client(w, vars, 'beta');
    await grant(w, vars, b, 'user1', 'g2');
  }, async (v) => {
    const first = await value(v, 'listUserGrants', { userId: 'user1', options: { limit: 1 } });
    const second = await value(v, 'listUserGrants', { userId: 'user1', options: { limit: 1, cursor: first.cursor } });
    const third = second.cursor ? await value(v, 'listUserGrants', { userId: 'user1', options: { limit: 1, cursor: second.cursor } }) : null;
    return { items: [...first.items, ...second.items, ...(third?.items ?? [])].map((g) => g.id).sort(), third: third && third.items.length };
  });
});

// The purge scenario's data: live, expired and orphaned grants, an orphaned token.
async function purgeData(w, vars) {
  const a = await client(w, vars, 'alpha');
  const gone = await client(w, vars, 'gone');
  await grant(w, vars, a, 'user1', 'live');
  await grant(w, vars, a, 'user2', 'expired');
  await grant(w, vars, gone, 'user3', 'orphan');
  await grant(w, vars, a, 'user4', 'tokenOrphan');
  await w.test('kv-delete', { key: `client:${gone.clientId}` });
  const rec = (await w.dumpKV()).find((r) => r.key === `grant:user2:${vars.expired}`);
  await w.test('kv-put', { key: rec.key, value: { ...rec.value, expiresAt: Math.floor(Date.now() / 1000) - 10 }, metadata: rec.metadata });
  await w.test('kv-delete', { key: `grant:user4:${vars.tokenOrphan}` });
}

test('purgeExpiredData: one sweep, and in batches resumed by cursor, to the same end', async () => {
  const seen = await scenario(purgeData, async (v) => {
    const calls = [];
    let r = await value(v, 'purgeExpiredData', { options: { batchSize: 2 } });
    calls.push(r);
    while (!r.done && calls.length < 10) {
      r = await value(v, 'purgeExpiredData', { options: { batchSize: 2, cursor: r.cursor } });
      calls.push(r);
    }
    return calls.map(({ cursor, ...rest }) => ({ ...rest, cursor: cursor?.split(':')[0] }));
  });
  for (const s of seen) {
    const sum = (k) => s.result.reduce((n, r) => n + r[k], 0);
    assert.equal(sum('grantsPurged'), 2);
    assert.equal(sum('tokensPurged'), 1);
    assert.ok(s.result.at(-1).done);
    assert.deepEqual(s.kv.filter((r) => r.key.startsWith('grant:')).map((r) => r.key), ['grant:user1:{{live}}']);
  }
  await scenario(purgeData, (v) => call(v, 'purgeExpiredData', {}));
});

test('purgeExpiredData: flags, the cursor of the tokens phase, bad cursors', async () => {
  const seen = await scenario(purgeData, async (v) => ({
    tokensOnly: await call(v, 'purgeExpiredData', { options: { purgeOrphanedGrants: false, purgeExpiredGrants: false } }),
    expiredOnly: await call(v, 'purgeExpiredData', { options: { purgeOrphanedGrants: false, purgeOrphanedTokens: false } }),
    tokensCursor: await call(v, 'purgeExpiredData', { options: { cursor: 'tokens:' } }),
    noColon: await call(v, 'purgeExpiredData', { options: { cursor: 'grants' } }),
    otherPhase: await call(v, 'purgeExpiredData', { options: { cursor: 'clients:x' } }),
  }));
  for (const s of seen) {
    assert.deepEqual(s.result.noColon.error, { name: 'TypeError', message: 'Invalid purgeExpiredData cursor' });
    assert.deepEqual(s.result.otherPhase.error, { name: 'TypeError', message: 'Invalid purgeExpiredData cursor' });
  }
});

test('getOAuthApi(options, env) and OAuthProvider.purgeExpiredData(env) outside a request', async () => {
  await scenario(purgeData, async (v) => ({
    clients: (await value(v, 'api', { method: 'listClients', args: [] })).items.length,
    grants: await value(v, 'api', { method: 'listUserGrants', args: ['user1'] }),
    purge: await value(v, 'providerPurge', { options: { purgeOrphanedTokens: false } }),
  }));
});

test('getOAuthApi checks its options as the constructor does', async () => {
  const cases = {
    noDefaultHandler: { bare: true, options: { resourceMetadata: { resource: 'https://example.com/api' } } },
    shortTTL: { options: { resourceMetadata: { resource: 'https://example.com/api' }, accessTokenTTL: 30 } },
    fine: { options: { resourceMetadata: { resource: 'https://example.com/api' } } },
  };
  const out = {};
  for (const v of [pair.theirs, pair.ours]) {
    out[v.name] = {};
    for (const [k, body] of Object.entries(cases)) out[v.name][k] = await call(v, 'apiWith', body);
  }
  assert.deepEqual(out.ours, out.theirs);
  assert.equal(out.theirs.noDefaultHandler.error.name, 'TypeError');
  assert.deepEqual(out.theirs.fine, { value: { ok: true } });
});

test('updateClient: a registered client (registrationExpiresAt) is written again with the registration TTL', async () => {
  const seen = await scenario(async (w, vars) => {
    const c = await client(w, vars, 'alpha');
    const rec = (await w.dumpKV()).find((r) => r.key === `client:${c.clientId}`);
    await w.test('kv-put', { key: rec.key, value: { ...rec.value, registrationExpiresAt: Math.floor(Date.now() / 1000) + 3600 }, expirationTtl: 3600 });
  }, (v, vars) => call(v, 'updateClient', { clientId: vars.alpha, updates: { clientName: 'again' } }));
  for (const s of seen) {
    const rec = s.kv.find((r) => r.key === 'client:{{alpha}}');
    assert.equal(rec.value.registrationExpiresAt, 'now + 90 days');
    assert.equal(rec.expires, true);
    assert.equal(s.result.value.registrationExpiresAt, undefined);
  }
});

// Deliberate difference (README): an empty string among the grant or response types. The reference
// looks for the first type it does not serve and refuses it only when that type is truthy, so an
// empty one first is stored; ours refuses it as any type it does not serve (RFC 7591 §2).
test('deliberate difference (RFC 7591 §2): createClient and updateClient with an empty grant or response type', async () => {
  const cases = {
    grant: [{ grantTypes: ['', 'authorization_code'] }, 'Unsupported grant_type: '],
    response: [{ responseTypes: ['', 'code'] }, 'Unsupported response_type: '],
  };
  for (const [what, [extra, message]] of Object.entries(cases)) {
    // (one KV namespace for both: each side in turn on a cleared one)
    await pair.theirs.clearKV();
    const theirs = await call(pair.theirs, 'createClient', { redirectUris: [H.REDIRECT_URI], ...extra });
    assert.ok(theirs.value?.clientId, `${what}: the reference stores it`);
    const updated = await call(pair.theirs, 'updateClient', { clientId: theirs.value.clientId, updates: extra });
    assert.ok(updated.value?.clientId, `${what}: the reference updates to it: ${JSON.stringify(updated)}`);
    await pair.ours.clearKV();
    assert.deepEqual(await call(pair.ours, 'createClient', { redirectUris: [H.REDIRECT_URI], ...extra }), { error: { name: 'Error', message } });
    assert.deepEqual(await pair.ours.dumpKV(), [], `${what}: nothing stored`);
    const c = await client(pair.ours, {}, 'target');
    assert.deepEqual(await call(pair.ours, 'updateClient', { clientId: c.clientId, updates: extra }), { error: { name: 'Error', message } });
  }
  await pair.theirs.clearKV();
  await pair.ours.clearKV();
});
