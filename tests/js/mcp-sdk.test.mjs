// The MCP TypeScript SDK's client and its OAuth support against the demo
// Worker (listening on loopback): protected resource and authorization server
// discovery, dynamic client registration (or a client registered beforehand),
// authorization code + PKCE through the consent page, token exchange, then an
// MCP session whose tool answers with the approved props; then the access token
// expires and the SDK refreshes it and calls again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { startWorker } from './harness.mjs';
import { answerConsent } from './consent-form.mjs';

const mf = await startWorker('demo/worker.js', { host: '127.0.0.1', port: 0 });
const base = (await mf.ready).toString().replace(/\/$/, '');
after(() => mf.dispose());

// An OAuthClientProvider for a client registered beforehand, or, without clientInformation,
// one the SDK registers itself (it then saves what /register answered): it "redirects the
// user" by approving on the demo's consent page itself.
class TestAuthProvider {
  constructor(clientInformation) {
    this.info = clientInformation;
    this.registrations = 0;
    this.saved = undefined;
    this.verifier = undefined;
    this.code = undefined;
  }
  get redirectUrl() { return `${base}/demo/callback`; }
  get clientMetadata() { return { redirect_uris: [this.redirectUrl], client_name: 'MCP SDK test', token_endpoint_auth_method: 'none' }; }
  clientInformation() { return this.info; }
  saveClientInformation(info) { this.info = info; this.registrations++; }
  tokens() { return this.saved; }
  saveTokens(t) { this.saved = t; }
  saveCodeVerifier(v) { this.verifier = v; }
  codeVerifier() { return this.verifier; }
  async redirectToAuthorization(url) {
    const { res: approved } = await answerConsent(url);
    assert.equal(approved.status, 302);
    const location = new URL(approved.headers.get('location'));
    assert.equal(location.searchParams.get('iss'), base);
    this.code = location.searchParams.get('code');
  }
}

test('MCP SDK: discovery, consent, token exchange, tools/call', async () => {
  // A public client registered out of band (the demo's own client record).
  await fetch(`${base}/demo/start`, { redirect: 'manual' });
  const kvClient = JSON.parse(await (await mf.getKVNamespace('OAUTH_KV')).get('demo:client'));
  const provider = new TestAuthProvider({ client_id: kvClient.clientId });
  provider.saveClientInformation = undefined; // registered out of band: nothing to register

  const url = new URL(`${base}/mcp`);
  let transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client = new Client({ name: 'oc-test', version: '0.0.0' });
  await assert.rejects(client.connect(transport), UnauthorizedError);
  assert.ok(provider.code, 'the SDK sent the user to the consent page');
  await transport.finishAuth(provider.code);
  assert.equal(provider.saved.token_type, 'bearer');

  transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client2 = new Client({ name: 'oc-test', version: '0.0.0' });
  await client2.connect(transport);
  const tools = await client2.listTools();
  assert.deepEqual(tools.tools.map((t) => t.name), ['whoami']);
  const res = await client2.callTool({ name: 'whoami', arguments: {} });
  const who = JSON.parse(res.content[0].text);
  assert.deepEqual(who.user, { userId: 'demo-user', name: 'Demo User' });
  assert.equal(who.clientId, kvClient.clientId);
  await client2.close();
});

test('MCP SDK: dynamic client registration, consent, token exchange, tools/call', async () => {
  const provider = new TestAuthProvider(undefined);
  const url = new URL(`${base}/mcp`);
  let transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client = new Client({ name: 'oc-test', version: '0.0.0' });
  await assert.rejects(client.connect(transport), UnauthorizedError);
  // The SDK registered at the metadata's registration_endpoint: a public client, no secret.
  assert.equal(provider.registrations, 1);
  assert.match(provider.info.client_id, /^[A-Za-z0-9_-]{16}$/);
  assert.equal(provider.info.client_secret, undefined);
  assert.equal(provider.info.token_endpoint_auth_method, 'none');
  assert.deepEqual(provider.info.redirect_uris, [provider.redirectUrl]);
  const kv = await mf.getKVNamespace('OAUTH_KV');
  const record = JSON.parse(await kv.get(`client:${provider.info.client_id}`));
  assert.equal(record.clientName, 'MCP SDK test');
  assert.equal(record.clientSecret, undefined);
  assert.ok(provider.code, 'the SDK sent the user to the consent page');
  await transport.finishAuth(provider.code);
  assert.equal(provider.saved.token_type, 'bearer');
  assert.equal(provider.registrations, 1, 'registered once');

  transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  const client2 = new Client({ name: 'oc-test', version: '0.0.0' });
  await client2.connect(transport);
  const res = await client2.callTool({ name: 'whoami', arguments: {} });
  const who = JSON.parse(res.content[0].text);
  assert.deepEqual(who.user, { userId: 'demo-user', name: 'Demo User' });
  assert.equal(who.clientId, provider.info.client_id);

  // The access token expires (its record's expiresAt moved into the past): the next call is
  // refused with 401 invalid_token, the SDK refreshes with its refresh token and calls again.
  const first = provider.saved;
  assert.ok(first.refresh_token, 'a refresh token was issued');
  const [userId, grantId] = first.access_token.split(':');
  const { keys } = await kv.list({ prefix: `token:${userId}:${grantId}:` });
  assert.equal(keys.length, 1, 'one access token record for the grant');
  const tokenRecord = JSON.parse(await kv.get(keys[0].name));
  tokenRecord.expiresAt = Math.floor(Date.now() / 1000) - 10;
  await kv.put(keys[0].name, JSON.stringify(tokenRecord));
  const refused = await fetch(`${base}/mcp`, { method: 'POST', headers: { Authorization: `Bearer ${first.access_token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }, body: '{}' });
  assert.equal(refused.status, 401);
  assert.match(refused.headers.get('www-authenticate'), /error="invalid_token"/);
  const again = await client2.callTool({ name: 'whoami', arguments: {} });
  assert.deepEqual(JSON.parse(again.content[0].text).user, { userId: 'demo-user', name: 'Demo User' });
  assert.notEqual(provider.saved.access_token, first.access_token, 'the SDK refreshed');
  assert.notEqual(provider.saved.refresh_token, first.refresh_token, 'the refresh token rotated');
  assert.equal(provider.registrations, 1, 'still registered once');
  await client2.close();
});
