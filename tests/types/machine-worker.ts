// A Worker using this project's additions (README "Machine identities"):
// the client_credentials grant with its callback, a machine client created
// with allowedScopes, RFC 7662 introspection, and private_key_jwt clients
// with an inline jwks or a jwksUri. It compiles against ours and
// must not compile against the reference, which has none of them.
import OAuthProvider, {
  type ClientCredentialsCallbackOptions,
  type ClientInfo,
  type OAuthProviderOptions,
} from '@cloudflare/workers-oauth-provider';

const options: OAuthProviderOptions<SampleEnv> = {
  apiRoute: '/api/',
  apiHandler: { fetch: async () => new Response('api') },
  defaultHandler: { fetch: async () => new Response('default') },
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  resourceMetadata: { resource: 'https://api.example' },
  allowClientCredentialsGrant: true,
  clientCredentialsCallback: async ({ clientId, scope }: ClientCredentialsCallbackOptions) =>
    ({ props: { bot: clientId, canWrite: scope.includes('write') } }),
  introspectionEndpoint: '/introspect',
  introspectionClients: ['resource-server-id'],
  allowPrivateKeyJwt: true,
};
export default new OAuthProvider<SampleEnv>(options);

export async function makeMachineClient(env: SampleEnv): Promise<string> {
  const c: ClientInfo = await env.OAUTH_PROVIDER.createClient({
    redirectUris: ['https://bot.example/unused'],
    grantTypes: ['client_credentials'],
    responseTypes: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    allowedScopes: ['read', 'write'],
  });
  const scopes: string[] | undefined = c.allowedScopes;
  void scopes;
  return c.clientId;
}

export async function makeKeyedClients(env: SampleEnv, publicJwk: JsonWebKey): Promise<string[]> {
  const inline = await env.OAUTH_PROVIDER.createClient({
    redirectUris: ['https://bot.example/unused'], grantTypes: ['client_credentials'], responseTypes: [],
    tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [publicJwk] },
  });
  const byUri = await env.OAUTH_PROVIDER.createClient({
    redirectUris: ['https://bot.example/unused'], grantTypes: ['client_credentials'], responseTypes: [],
    tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'https://bot.example/jwks.json',
  });
  await env.OAUTH_PROVIDER.updateClient(inline.clientId, { jwks: { keys: [publicJwk] } });
  return [inline.clientId, byUri.clientId];
}
