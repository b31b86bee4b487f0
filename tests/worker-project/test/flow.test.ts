// The Worker's own tests, inside workerd: a client registers, the user approves,
// the code is exchanged for tokens, the API answers with the approved props,
// and the refresh token renews the access.
import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const ORIGIN = 'https://sample.example';
const REDIRECT_URI = 'https://app.example/callback';

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function register(): Promise<{ client_id: string; client_secret: string }> {
  const res = await SELF.fetch(`${ORIGIN}/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ redirect_uris: [REDIRECT_URI], client_name: 'Vitest client', token_endpoint_auth_method: 'client_secret_post' }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

function token(params: Record<string, string>) {
  return SELF.fetch(`${ORIGIN}/token`, { method: 'POST', body: new URLSearchParams(params) });
}

describe('the OAuth flow through the Worker', () => {
  it('registers a client, runs authorization code + PKCE, calls the API, refreshes', async () => {
    const client = await register();
    expect(client.client_id).toMatch(/^[A-Za-z0-9_-]+$/);

    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const authorize = new URL(`${ORIGIN}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT_URI, scope: 'read',
      state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();

    const consent = await SELF.fetch(authorize);
    expect(await consent.text()).toBe('Vitest client asks for: read');
    const approved = await SELF.fetch(authorize, { method: 'POST', redirect: 'manual' });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get('Location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('xyz');
    const code = callback.searchParams.get('code')!;

    const tokenRes = await token({
      grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier,
      client_id: client.client_id, client_secret: client.client_secret,
    });
    expect(tokenRes.status).toBe(200);
    const tokens = await tokenRes.json<{ access_token: string; refresh_token: string; scope: string; token_type: string }>();
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('read');

    const api = await SELF.fetch(`${ORIGIN}/api/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ path: '/api/me', user: 'user-1', name: 'Sample User' });

    // The grant is in the Worker's OAUTH_KV, under the user.
    const grants = await env.OAUTH_KV.list({ prefix: 'grant:user-1:' });
    expect(grants.keys).toHaveLength(1);

    const refreshed = await token({
      grant_type: 'refresh_token', refresh_token: tokens.refresh_token,
      client_id: client.client_id, client_secret: client.client_secret,
    });
    expect(refreshed.status).toBe(200);
    const renewed = await refreshed.json<{ access_token: string }>();
    expect(renewed.access_token).not.toBe(tokens.access_token);
    const again = await SELF.fetch(`${ORIGIN}/api/me`, { headers: { Authorization: `Bearer ${renewed.access_token}` } });
    expect(again.status).toBe(200);
  });

  it('refuses the API without a token or with a forged one', async () => {
    const none = await SELF.fetch(`${ORIGIN}/api/me`);
    expect(none.status).toBe(401);
    // The challenge points a client at the resource metadata (RFC 9728 §5.1).
    const challenge = none.headers.get('WWW-Authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('resource_metadata="https://sample.example/.well-known/oauth-protected-resource"');
    await none.arrayBuffer();

    const bad = await SELF.fetch(`${ORIGIN}/api/me`, { headers: { Authorization: 'Bearer user-1:nogrant:nosecret' } });
    expect(bad.status).toBe(401);
    await bad.arrayBuffer();
  });
});
